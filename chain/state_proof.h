// Proofs against a state root: that a key holds a value (inclusion) or holds nothing (non-inclusion). Verifying
// needs only the root, so a wallet or folio-audit checks a holding without trusting the node that served it. The
// tree the proofs describe is defined in chain/state_tree.h; a proof is the path of key_hash from the root down to
// where the tree ends for that key: an empty slot, or a leaf (the key's own, or another key whose leaf alone
// occupies the subtree the key would be in).
//
// Wire format (the only encoding; decode() refuses anything else):
//
//   state_proof := u8 version = 1
//                  varint count                          0..256
//                  fixed[32] sibling[count]              sibling[d]: hash of the child at depth d + 1 that is
//                                                        not on the key's path; root side first
//                  u8 end                                0 = empty slot, 1 = leaf
//                  [fixed[32] key_hash fixed[32] value_hash]   present iff end = 1
//
// Canonical form: a tree never holds an inner node with an empty child beside an empty slot or a lone leaf
// (both collapse), so when count > 0 the last sibling is never 0^32; and an empty slot cannot sit at depth 256
// (an inner node at depth 255 has two leaves). decode() refuses both, so each (root, key) has one proof.
//
// Thread safety: everything here is a pure function of its arguments; StateProof is a plain value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "chain/bytes.h"

namespace folio {

// A leaf of the state tree: what the tree commits to for one key.
struct StateLeaf {
    Hash256 key_hash;
    Hash256 value_hash;
    friend bool operator==(const StateLeaf&, const StateLeaf&) = default;
};

// Bit `depth` of a key hash, the most significant bit of byte 0 first: 0 goes left, 1 goes right.
inline unsigned state_key_bit(const Hash256& key_hash, unsigned depth) {
    return (key_hash[depth >> 3] >> (7 - (depth & 7))) & 1u;
}

// The two hashes of the tree (see chain/state_tree.h for the whole definition).
Hash256 state_leaf_hash(const StateLeaf& leaf);                        // H("folio/state_leaf", key || value)
Hash256 state_node_hash(const Hash256& left, const Hash256& right);   // H("folio/state_node", left || right)

// Keys are 256 bits, so no path is longer.
inline constexpr size_t kMaxStateProofSiblings = 256;

struct StateProof {
    std::vector<Hash256> siblings;  // root side first; siblings.size() is the depth where the path ends
    std::optional<StateLeaf> leaf;  // what the path ends in: nullopt for an empty slot

    Bytes encode() const;
    // Bounded and canonical (see the grammar above); never throws. On failure, *error (if given) says what
    // was wrong and at which offset.
    static std::optional<StateProof> decode(ByteView data, std::string* error = nullptr);

    friend bool operator==(const StateProof&, const StateProof&) = default;
};

// True iff `proof` shows, against `root`, that key_hash holds value_hash (when given: inclusion) or holds no
// value (when nullopt: non-inclusion). Needs nothing but its arguments. False for any proof that is not in
// canonical form, so a proof that verifies is also one decode() accepts.
bool verify_state_proof(const Hash256& root, const Hash256& key_hash, const std::optional<Hash256>& value_hash,
                        const StateProof& proof);

}  // namespace folio
