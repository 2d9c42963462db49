#include "chain/state_tree.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <span>

namespace folio {
namespace {

// A node reference: 0 is the empty subtree, the top bit marks a leaf, the rest is a slot in that kind's arena.
// 32-bit slots instead of pointers keep an inner node at 44 bytes; the arenas never move, so a Ref stays valid
// for as long as its node is referenced.
using Ref = uint32_t;
constexpr Ref kEmpty = 0;
constexpr Ref kLeafBit = 0x80000000u;
constexpr uint32_t kNoSlot = 0xffffffffu;
constexpr Hash256 kZero{};

bool is_leaf(Ref r) { return (r & kLeafBit) != 0; }
uint32_t slot_of(Ref r) { return r & ~kLeafBit; }

// `refs` counts the parents and version roots that point at a node, so a node lives exactly as long as some
// retained version reaches it. While a slot is free, `refs` holds the next free slot instead.
struct InnerNode {
    Hash256 hash;
    Ref child[2];
    uint32_t refs;
};

struct LeafNode {
    StateLeaf leaf;
    Hash256 hash;  // kept (32 bytes a leaf) because every rehash of a parent needs it
    uint32_t refs;
};

// Slots in chunks of 64Ki nodes that are never moved or freed, with a free list through freed slots. Only the
// writer allocates and frees; readers only read nodes of published versions, which were written before the
// version was published under the tree's mutex, and touch no slot the writer is changing.
template <typename Node>
class Arena {
public:
    static constexpr unsigned kChunkBits = 16;
    static constexpr uint32_t kChunkSize = 1u << kChunkBits;
    static constexpr uint32_t kMaxSlots = 1u << 31;  // the top bit of a Ref is the leaf mark
    static constexpr uint32_t kMaxChunks = kMaxSlots >> kChunkBits;

    // first_slot > 0 keeps slot 0 unused, for the arena whose Ref 0 would collide with kEmpty.
    explicit Arena(uint32_t first_slot)
        : chunks_(std::make_unique<std::unique_ptr<Node[]>[]>(kMaxChunks)), next_(first_slot) {}

    Node& at(uint32_t slot) { return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)]; }
    const Node& at(uint32_t slot) const { return chunks_[slot >> kChunkBits][slot & (kChunkSize - 1)]; }

    uint32_t alloc() {
        ++live_;
        if (free_head_ != kNoSlot) {
            const uint32_t slot = free_head_;
            free_head_ = at(slot).refs;
            return slot;
        }
        if (next_ == kMaxSlots) {
            std::fprintf(stderr, "state tree: more than 2^31 nodes of one kind\n");
            std::abort();
        }
        if ((next_ >> kChunkBits) == chunk_count_) {
            // Uninitialized: a slot is written in full when it is handed out.
            chunks_[chunk_count_++] = std::make_unique_for_overwrite<Node[]>(kChunkSize);
        }
        return next_++;
    }

    void free(uint32_t slot) {
        at(slot).refs = free_head_;
        free_head_ = slot;
        --live_;
    }

    size_t live() const { return live_; }
    size_t bytes() const { return chunk_count_ * size_t{kChunkSize} * sizeof(Node) + kMaxChunks * sizeof(void*); }

private:
    std::unique_ptr<std::unique_ptr<Node[]>[]> chunks_;
    uint32_t next_;
    uint32_t free_head_ = kNoSlot;
    size_t chunk_count_ = 0;
    size_t live_ = 0;
};

struct VersionRoot {
    uint64_t version;
    Ref root;
    Hash256 hash;
    size_t leaf_count;
};

const Hash256& key_of(const StateUpdate& u) { return u.key_hash; }
const Hash256& key_of(const StateLeaf& l) { return l.key_hash; }
bool is_delete(const StateUpdate& u) { return !u.value_hash; }
bool is_delete(const StateLeaf&) { return false; }
StateLeaf leaf_of(const StateUpdate& u) { return StateLeaf{u.key_hash, *u.value_hash}; }
const StateLeaf& leaf_of(const StateLeaf& l) { return l; }

bool key_less(const Hash256& a, const Hash256& b) { return std::memcmp(a.data(), b.data(), a.size()) < 0; }

// Sorts by key and keeps only the last write of each key (stable sort: "last" is the caller's order).
template <typename Entry>
void sort_last_wins(std::vector<Entry>& entries) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return key_less(key_of(a), key_of(b)); });
    size_t out = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i + 1 < entries.size() && key_of(entries[i]) == key_of(entries[i + 1])) continue;
        if (out != i) entries[out] = entries[i];
        ++out;
    }
    entries.resize(out);
}

// First entry whose key has bit `depth` set; entries share their first `depth` bits and are sorted, so the
// zeros come first.
template <typename Entry>
size_t split_at_bit(std::span<const Entry> entries, unsigned depth) {
    const auto it = std::partition_point(entries.begin(), entries.end(), [depth](const Entry& e) {
        return state_key_bit(key_of(e), depth) == 0;
    });
    return static_cast<size_t>(it - entries.begin());
}

}  // namespace

struct StateTree::Impl {
    explicit Impl(size_t kept) : versions_kept(std::max<size_t>(kept, 1)) {
        versions.push_back(VersionRoot{0, kEmpty, kZero, 0});
    }

    // Writer-only state: the arenas' allocation side and scratch space reused across blocks.
    Arena<InnerNode> inner{1};
    Arena<LeafNode> leaves{0};
    int64_t leaf_delta = 0;  // leaves added minus leaves removed by the apply in progress
    std::vector<Ref> release_stack;
    std::vector<Ref> dropped_roots;

    // Versions are appended and dropped under the exclusive lock; readers look them up under the shared one.
    // The writer, the only one that changes them, reads them without the lock.
    mutable std::shared_mutex mutex;
    std::deque<VersionRoot> versions;
    const size_t versions_kept;

    std::atomic<size_t> stat_leaf_nodes{0}, stat_inner_nodes{0}, stat_bytes{0};

    Hash256 hash_of(Ref r) const {
        if (r == kEmpty) return kZero;
        return is_leaf(r) ? leaves.at(slot_of(r)).hash : inner.at(r).hash;
    }

    void retain(Ref r) {
        if (r == kEmpty) return;
        if (is_leaf(r)) {
            ++leaves.at(slot_of(r)).refs;
        } else {
            ++inner.at(r).refs;
        }
    }

    // Drops one reference and frees whatever becomes unreachable; iterative, as a dropped version can free a
    // whole subtree (after rebuild) and the stack depth would follow the tree's.
    void release(Ref root) {
        release_stack.push_back(root);
        while (!release_stack.empty()) {
            const Ref r = release_stack.back();
            release_stack.pop_back();
            if (r == kEmpty) continue;
            if (is_leaf(r)) {
                if (--leaves.at(slot_of(r)).refs == 0) leaves.free(slot_of(r));
                continue;
            }
            InnerNode& n = inner.at(r);
            if (--n.refs != 0) continue;
            release_stack.push_back(n.child[0]);
            release_stack.push_back(n.child[1]);
            inner.free(r);
        }
    }

    Ref new_leaf(const StateLeaf& leaf) {
        const uint32_t slot = leaves.alloc();
        LeafNode& n = leaves.at(slot);
        n.leaf = leaf;
        n.hash = state_leaf_hash(leaf);
        n.refs = 0;
        ++leaf_delta;
        return kLeafBit | slot;
    }

    Ref new_inner(Ref left, Ref right) {
        const uint32_t slot = inner.alloc();
        InnerNode& n = inner.at(slot);
        n.child[0] = left;
        n.child[1] = right;
        n.hash = state_node_hash(hash_of(left), hash_of(right));
        n.refs = 0;
        retain(left);
        retain(right);
        return slot;
    }

    // node(S, depth) for S = the writes of `entries` (sorted, distinct keys) plus the existing leaf `extra` (or
    // kEmpty), whose key is not among them. This is where the region held nothing but `extra` before.
    template <typename Entry>
    Ref build(unsigned depth, std::span<const Entry> entries, Ref extra) {
        // A delete that reaches a region without its key deletes nothing. Trimming deletes at both ends is enough
        // to make "two entries left" mean "two leaves": the ends are then writes of distinct keys.
        while (!entries.empty() && is_delete(entries.front())) entries = entries.subspan(1);
        while (!entries.empty() && is_delete(entries.back())) entries = entries.first(entries.size() - 1);
        if (entries.empty()) return extra;
        if (extra == kEmpty && entries.size() == 1) return new_leaf(leaf_of(entries.front()));
        assert(depth < 256);  // two distinct keys differ in some bit before 256
        const size_t split = split_at_bit(entries, depth);
        Ref extra_side[2] = {kEmpty, kEmpty};
        if (extra != kEmpty) extra_side[state_key_bit(leaves.at(slot_of(extra)).leaf.key_hash, depth)] = extra;
        const Ref left = build(depth + 1, entries.first(split), extra_side[0]);
        const Ref right = build(depth + 1, entries.subspan(split), extra_side[1]);
        return new_inner(left, right);
    }

    // node(S', depth) where S' is the set under `node` changed by `updates` (non-empty, sorted, distinct keys,
    // all under node's prefix). Untouched subtrees are shared, not copied; each new node is hashed once.
    Ref update(Ref node, unsigned depth, std::span<const StateUpdate> updates) {
        if (node == kEmpty) return build(depth, updates, kEmpty);
        if (is_leaf(node)) return update_leaf(node, depth, updates);
        const Ref old_left = inner.at(node).child[0];
        const Ref old_right = inner.at(node).child[1];
        const size_t split = split_at_bit(updates, depth);
        const Ref left = split == 0 ? old_left : update(old_left, depth + 1, updates.first(split));
        const Ref right = split == updates.size() ? old_right : update(old_right, depth + 1, updates.subspan(split));
        if (left == old_left && right == old_right) return node;
        // What the definition calls a subtree of one leaf: the leaf itself, lifted to this depth.
        if (left == kEmpty && (right == kEmpty || is_leaf(right))) return right;
        if (right == kEmpty && is_leaf(left)) return left;
        return new_inner(left, right);
    }

    Ref update_leaf(Ref node, unsigned depth, std::span<const StateUpdate> updates) {
        const StateLeaf& old = leaves.at(slot_of(node)).leaf;
        const auto it = std::lower_bound(updates.begin(), updates.end(), old.key_hash,
                                         [](const StateUpdate& u, const Hash256& k) { return key_less(u.key_hash, k); });
        if (it == updates.end() || it->key_hash != old.key_hash) return build(depth, updates, node);
        if (updates.size() == 1 && it->value_hash == old.value_hash) return node;
        // The key is rewritten or deleted: either way its old leaf goes, and a rewrite is not a new key.
        --leaf_delta;
        return build(depth, updates, kEmpty);
    }

    const VersionRoot* find(uint64_t version) const {
        const auto it = std::lower_bound(versions.begin(), versions.end(), version,
                                         [](const VersionRoot& v, uint64_t x) { return v.version < x; });
        return it != versions.end() && it->version == version ? &*it : nullptr;
    }

    void publish(const VersionRoot& made, bool replace_all) {
        retain(made.root);
        dropped_roots.clear();
        {
            std::unique_lock lock(mutex);
            if (replace_all) {
                for (const VersionRoot& v : versions) dropped_roots.push_back(v.root);
                versions.clear();
            }
            versions.push_back(made);
            while (versions.size() > versions_kept) {
                dropped_roots.push_back(versions.front().root);
                versions.pop_front();
            }
        }
        // Safe without the lock: readers hold it for their whole walk, so none is still inside these versions.
        for (Ref r : dropped_roots) release(r);
        stat_leaf_nodes.store(leaves.live(), std::memory_order_relaxed);
        stat_inner_nodes.store(inner.live(), std::memory_order_relaxed);
        stat_bytes.store(leaves.bytes() + inner.bytes(), std::memory_order_relaxed);
    }
};

StateTree::StateTree(size_t versions_kept) : impl_(std::make_unique<Impl>(versions_kept)) {}
StateTree::~StateTree() = default;

Hash256 StateTree::apply(uint64_t version, std::vector<StateUpdate> updates) {
    Impl& t = *impl_;
    const VersionRoot latest = t.versions.back();
    if (version <= latest.version) {
        std::fprintf(stderr, "state tree: apply of version %llu after version %llu\n",
                     static_cast<unsigned long long>(version), static_cast<unsigned long long>(latest.version));
        std::abort();
    }
    sort_last_wins(updates);
    t.leaf_delta = 0;
    const Ref root = updates.empty() ? latest.root : t.update(latest.root, 0, std::span<const StateUpdate>(updates));
    const VersionRoot made{version, root, t.hash_of(root),
                           static_cast<size_t>(static_cast<int64_t>(latest.leaf_count) + t.leaf_delta)};
    t.publish(made, false);
    return made.hash;
}

Hash256 StateTree::rebuild(uint64_t version, std::vector<StateLeaf> leaves) {
    Impl& t = *impl_;
    sort_last_wins(leaves);
    t.leaf_delta = 0;
    const Ref root = t.build(0, std::span<const StateLeaf>(leaves), kEmpty);
    const VersionRoot made{version, root, t.hash_of(root), static_cast<size_t>(t.leaf_delta)};
    t.publish(made, true);
    return made.hash;
}

Hash256 StateTree::root() const {
    std::shared_lock lock(impl_->mutex);
    return impl_->versions.back().hash;
}

uint64_t StateTree::latest_version() const {
    std::shared_lock lock(impl_->mutex);
    return impl_->versions.back().version;
}

uint64_t StateTree::oldest_version() const {
    std::shared_lock lock(impl_->mutex);
    return impl_->versions.front().version;
}

std::optional<Hash256> StateTree::root_at(uint64_t version) const {
    std::shared_lock lock(impl_->mutex);
    const VersionRoot* v = impl_->find(version);
    if (v == nullptr) return std::nullopt;
    return v->hash;
}

size_t StateTree::leaf_count() const {
    std::shared_lock lock(impl_->mutex);
    return impl_->versions.back().leaf_count;
}

std::optional<StateProof> StateTree::prove(uint64_t version, const Hash256& key_hash) const {
    const Impl& t = *impl_;
    StateProof proof;
    proof.siblings.reserve(48);  // allocated before taking the lock; random keys over 1M leaves end near depth 21
    std::shared_lock lock(t.mutex);
    const VersionRoot* v = t.find(version);
    if (v == nullptr) return std::nullopt;
    Ref node = v->root;
    for (unsigned depth = 0; node != kEmpty; ++depth) {
        if (is_leaf(node)) {
            proof.leaf = t.leaves.at(slot_of(node)).leaf;
            break;
        }
        const InnerNode& n = t.inner.at(node);
        const unsigned bit = state_key_bit(key_hash, depth);
        proof.siblings.push_back(t.hash_of(n.child[bit ^ 1]));
        node = n.child[bit];
    }
    return proof;
}

StateTreeStats StateTree::stats() const {
    return StateTreeStats{impl_->stat_leaf_nodes.load(std::memory_order_relaxed),
                          impl_->stat_inner_nodes.load(std::memory_order_relaxed),
                          impl_->stat_bytes.load(std::memory_order_relaxed)};
}

}  // namespace folio
