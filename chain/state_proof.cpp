#include "chain/state_proof.h"

#include "chain/crypto/hash.h"
#include "chain/encoding.h"

namespace folio {
namespace {

constexpr uint8_t kProofVersion = 1;
constexpr uint8_t kEndEmpty = 0;
constexpr uint8_t kEndLeaf = 1;
constexpr Hash256 kZero{};

// Number of leading bits a and b share (256 when equal).
unsigned common_prefix_bits(const Hash256& a, const Hash256& b) {
    for (unsigned i = 0; i < a.size(); ++i) {
        const unsigned diff = a[i] ^ b[i];
        if (diff != 0) return i * 8 + static_cast<unsigned>(__builtin_clz(diff)) - 24;
    }
    return 256;
}

}  // namespace

Hash256 state_leaf_hash(const StateLeaf& leaf) {
    return crypto::tags::state_leaf()(leaf.key_hash, leaf.value_hash);
}

Hash256 state_node_hash(const Hash256& left, const Hash256& right) {
    return crypto::tags::state_node()(left, right);
}

Bytes StateProof::encode() const {
    Writer w(1 + 2 + siblings.size() * 32 + 1 + 64);
    w.u8(kProofVersion);
    w.varint(siblings.size());
    for (const Hash256& s : siblings) w.fixed_bytes(s);
    w.u8(leaf ? kEndLeaf : kEndEmpty);
    if (leaf) {
        w.fixed_bytes(leaf->key_hash);
        w.fixed_bytes(leaf->value_hash);
    }
    return w.take();
}

std::optional<StateProof> StateProof::decode(ByteView data, std::string* error) {
    Reader r(data);
    StateProof proof;
    uint64_t count = 0;
    uint8_t end = 0;
    if (r.version("state_proof.version", kProofVersion) &&
        r.varint_max("state_proof.count", kMaxStateProofSiblings, count)) {
        proof.siblings.resize(count);
        for (Hash256& s : proof.siblings) {
            if (!r.fixed_bytes("state_proof.sibling", s)) break;
        }
        if (r.ok() && count > 0 && proof.siblings.back() == kZero) {
            r.fail("state_proof.sibling", "last sibling is empty (non-canonical: the node would collapse)");
        }
        if (r.u8("state_proof.end", end)) {
            if (end == kEndLeaf) {
                StateLeaf leaf;
                if (r.fixed_bytes("state_proof.key_hash", leaf.key_hash) &&
                    r.fixed_bytes("state_proof.value_hash", leaf.value_hash)) {
                    proof.leaf = leaf;
                }
            } else if (end != kEndEmpty) {
                r.fail("state_proof.end", "must be 0 (empty) or 1 (leaf)");
            } else if (count == kMaxStateProofSiblings) {
                r.fail("state_proof.end", "an empty slot cannot sit at depth 256");
            }
        }
    }
    if (!r.finish()) {
        if (error != nullptr) *error = r.error();
        return std::nullopt;
    }
    return proof;
}

bool verify_state_proof(const Hash256& root, const Hash256& key_hash, const std::optional<Hash256>& value_hash,
                        const StateProof& proof) {
    const size_t depth = proof.siblings.size();
    if (depth > kMaxStateProofSiblings) return false;
    // Refused even though no honest root could match it: a verified proof must be the one canonical proof.
    if (depth > 0 && proof.siblings.back() == kZero) return false;

    Hash256 h = kZero;
    if (!proof.leaf) {
        if (value_hash) return false;
        if (depth == kMaxStateProofSiblings) return false;
    } else {
        const StateLeaf& leaf = *proof.leaf;
        if (value_hash) {
            if (leaf.key_hash != key_hash || leaf.value_hash != *value_hash) return false;
        } else {
            // Another key's leaf proves absence only if it sits where key_hash would be: a lone leaf there means
            // the whole subtree holds that one key.
            if (leaf.key_hash == key_hash) return false;
            if (common_prefix_bits(leaf.key_hash, key_hash) < depth) return false;
        }
        h = state_leaf_hash(leaf);
    }
    for (size_t d = depth; d-- > 0;) {
        h = state_key_bit(key_hash, static_cast<unsigned>(d)) ? state_node_hash(proof.siblings[d], h)
                                                               : state_node_hash(h, proof.siblings[d]);
    }
    return h == root;
}

}  // namespace folio
