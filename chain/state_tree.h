// The state tree: a sparse Merkle tree over 256-bit key hashes that commits to every state entry in one
// state_root. The caller hashes its storage key with tags::state_key() and its value with whatever it likes; the
// tree maps key_hash -> value_hash and never sees the values themselves.
//
// Definition (consensus: changing any line changes every state_root):
//
//   S                  := set of leaf(key_hash, value_hash), key_hashes distinct     (fixed[32] each)
//   bit(k, d)          := (k[d / 8] >> (7 - d % 8)) & 1          d = 0 is the most significant bit of k[0]
//   S|d,b              := { leaf(k, v) in S : bit(k, d) = b }
//   node(S, d)         := empty                                      if |S| = 0
//                       | leaf(k, v)                                 if S = { leaf(k, v) }
//                       | inner(node(S|d,0, d + 1), node(S|d,1, d + 1))   if |S| >= 2
//   hash(empty)        := 0^32
//   hash(leaf(k, v))   := H("folio/state_leaf", k || v)           tags::state_leaf()
//   hash(inner(l, r))  := H("folio/state_node", hash(l) || hash(r))   tags::state_node()
//   state_root(S)      := hash(node(S, 0))
//
// So a subtree holding one leaf is that leaf, at the shallowest depth where its key prefix is unique, and an
// inner node has two non-empty children or one inner child. The root is a function of S alone: independent of
// write order, of how writes were split into blocks, and of deleted history. Proofs: chain/state_proof.h.
//
// Versions: each apply() makes a new version (one per block) that shares every untouched node with the previous
// one. The latest `versions_kept` versions stay readable (root_at, prove); older ones are dropped and their nodes
// reused. Nothing is persisted here: the store keeps the leaves and rebuild()s the tree on open.
//
// Thread safety: one writer thread at a time calls apply(), the draft methods and rebuild() (the caller
// serializes them). Any number
// of other threads may call the const methods at any time, also during apply(): they see each version either
// wholly or not at all, and a proof of a version that is retained when prove() starts is consistent with that
// version's root. Readers block the writer only for the few microseconds a proof walk takes, and the writer blocks
// readers only while it publishes a finished version, never while it hashes.
//
// Deterministic: no I/O, clock or randomness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "chain/bytes.h"
#include "chain/state_proof.h"

namespace folio {

// One write of a block: set key_hash to value_hash, or delete it (nullopt). Deleting an absent key is a no-op.
struct StateUpdate {
    Hash256 key_hash;
    std::optional<Hash256> value_hash;
};

// Sizes of the in-memory tree, for benchmarks and metrics.
struct StateTreeStats {
    size_t leaf_nodes = 0;   // live leaf nodes, over all retained versions
    size_t inner_nodes = 0;  // live inner nodes, over all retained versions
    size_t bytes = 0;        // memory reserved for nodes (whole chunks, used or not)
};

class StateTree {
public:
    // Keeps the latest `versions_kept` versions readable (at least 1). Starts at version 0, the empty tree.
    explicit StateTree(size_t versions_kept = 128);
    ~StateTree();
    StateTree(const StateTree&) = delete;
    StateTree& operator=(const StateTree&) = delete;

    // Applies one block's writes on top of the latest version and makes the result version `version`. When a
    // batch writes a key more than once, the last write wins. Returns the new root. Costs O(K log N) hashes for K
    // writes over N leaves: each node on a changed path is hashed once.
    // Precondition (a caller bug otherwise, which aborts): version > latest_version().
    Hash256 apply(uint64_t version, std::vector<StateUpdate> updates);

    // Drafts: versions made on top of the latest one but not published (root_at and prove do not see them), so
    // that several candidates for the next version can be computed side by side, each sharing every untouched
    // node with the latest version and none with each other. publish_draft() makes one of them version
    // `version` at the cost of publishing (no rehash) and discards the others; apply() is draft + publish.
    // A rebuild() discards every draft. Writer thread only, like apply().
    struct DraftRoot {
        uint64_t id = 0;
        Hash256 root{};
    };
    DraftRoot draft(std::vector<StateUpdate> updates);
    // Precondition (a caller bug otherwise, which aborts): the draft exists and version > latest_version().
    Hash256 publish_draft(uint64_t version, uint64_t draft_id);
    // Frees a draft's nodes; an unknown id is a no-op.
    void discard_draft(uint64_t draft_id);
    size_t draft_count() const;

    // Replaces the whole tree by one holding exactly `leaves`, as version `version` (any number: every other
    // version is dropped). Duplicate keys: the last one wins. Used on open, to rebuild from the stored leaves
    // and compare the result with the stored root, which it returns. ~1 s for 1M leaves.
    Hash256 rebuild(uint64_t version, std::vector<StateLeaf> leaves);

    Hash256 root() const;  // of the latest version
    uint64_t latest_version() const;
    uint64_t oldest_version() const;  // the oldest still retained
    // nullopt if `version` was never made or is no longer retained.
    std::optional<Hash256> root_at(uint64_t version) const;
    size_t leaf_count() const;  // in the latest version

    // The proof that key_hash holds its value at `version` (an inclusion proof, whose leaf is the key's own), or
    // that it holds nothing (a non-inclusion proof). nullopt if `version` is not retained.
    std::optional<StateProof> prove(uint64_t version, const Hash256& key_hash) const;

    StateTreeStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace folio
