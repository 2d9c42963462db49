#include "chain/state_tree.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <span>
#include <unordered_map>

namespace folio {
namespace {

// A node reference: 0 is the empty subtree, the top bit marks a leaf, the rest is a slot in that kind's arena.
// 32-bit slots instead of pointers keep an inner node at 40 bytes; the arenas never move, so a Ref stays valid
// for as long as a retained version reaches its node.
using Ref = uint32_t;
constexpr Ref kEmpty = 0;
constexpr Ref kLeafBit = 0x80000000u;
constexpr Hash256 kZero{};

bool is_leaf(Ref r) { return (r & kLeafBit) != 0; }
uint32_t slot_of(Ref r) { return r & ~kLeafBit; }

// Children first: a descent reads only them, and at a multiple of 8 bytes they never straddle a cache line.
struct InnerNode {
    Ref child[2];
    Hash256 hash;
};

struct LeafNode {
    StateLeaf leaf;
    Hash256 hash;  // kept (32 bytes a leaf) because every rehash of a parent needs it
};

// Slots in 8 MiB chunks that are never moved, with freed slots kept in a list for reuse. Only the writer
// allocates and frees; readers read nodes of published versions, which were written before the version was
// published under the tree's mutex, and are never freed while a retained version reaches them.
template <typename Node>
class Arena {
public:
    static constexpr size_t kHugePage = size_t{2} << 20;
    static constexpr size_t kChunkBytes = 4 * kHugePage;
    static constexpr uint32_t kPerChunk = kChunkBytes / sizeof(Node);
    static constexpr uint32_t kMaxSlots = 1u << 31;  // the top bit of a Ref is the leaf mark
    static constexpr uint32_t kMaxChunks = (kMaxSlots + kPerChunk - 1) / kPerChunk;

    // first_slot > 0 keeps slot 0 unused, for the arena whose Ref 0 would collide with kEmpty.
    explicit Arena(uint32_t first_slot) : chunks_(std::make_unique<Node*[]>(kMaxChunks)), next_(first_slot) {}
    ~Arena() {
        for (size_t i = 0; i < chunk_count_; ++i) std::free(chunks_[i]);
    }
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    Node& at(uint32_t slot) { return chunks_[slot / kPerChunk][slot % kPerChunk]; }
    const Node& at(uint32_t slot) const { return chunks_[slot / kPerChunk][slot % kPerChunk]; }

    uint32_t alloc() {
        ++live_;
        if (!free_.empty()) {
            const uint32_t slot = free_.back();
            free_.pop_back();
            return slot;
        }
        if (next_ == kMaxSlots) {
            std::fprintf(stderr, "state tree: more than 2^31 nodes of one kind\n");
            std::abort();
        }
        if (next_ / kPerChunk == chunk_count_) add_chunk();
        return next_++;
    }

    void free(uint32_t slot) {
        free_.push_back(slot);
        --live_;
    }

    size_t live() const { return live_; }
    size_t bytes() const { return chunk_count_ * kChunkBytes + kMaxChunks * sizeof(Node*); }

private:
    void add_chunk() {
        // Huge pages: a path through a 1M-leaf tree reads ~20 random nodes, which with 4 KiB pages also miss the
        // TLB (~12% of apply's non-hash time, measured). A hint only; without it the tree is slower, not different.
        void* p = std::aligned_alloc(kHugePage, kChunkBytes);
        if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        madvise(p, kChunkBytes, MADV_HUGEPAGE);
#endif
        chunks_[chunk_count_++] = static_cast<Node*>(p);
    }

    std::unique_ptr<Node*[]> chunks_;
    uint32_t next_;
    size_t chunk_count_ = 0;
    size_t live_ = 0;
    std::vector<uint32_t> free_;
};

const Hash256& key_of(const StateUpdate& u) { return u.key_hash; }
const Hash256& key_of(const StateLeaf& l) { return l.key_hash; }
bool is_delete(const StateUpdate& u) { return !u.value_hash; }
bool is_delete(const StateLeaf&) { return false; }
StateLeaf leaf_of(const StateUpdate& u) { return StateLeaf{u.key_hash, *u.value_hash}; }
const StateLeaf& leaf_of(const StateLeaf& l) { return l; }

uint64_t load_be64(const uint8_t* p) {
    uint64_t x;
    std::memcpy(&x, p, sizeof(x));
    if constexpr (std::endian::native == std::endian::little) x = __builtin_bswap64(x);
    return x;
}

// Byte order of the keys, which is also the tree's left-to-right order. Inline words, not memcmp: it is called
// ~20 times per key in sorts and searches.
bool key_less(const Hash256& a, const Hash256& b) {
    for (size_t i = 0; i < a.size(); i += 8) {
        const uint64_t x = load_be64(a.data() + i), y = load_be64(b.data() + i);
        if (x != y) return x < y;
    }
    return false;
}

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

// The nodes of all retained versions, and the algorithms that make new versions out of them.
class NodeStore {
public:
    Hash256 hash_of(Ref r) const {
        if (r == kEmpty) return kZero;
        return is_leaf(r) ? leaves_.at(slot_of(r)).hash : inner_.at(r).hash;
    }
    const InnerNode& inner(Ref r) const { return inner_.at(r); }
    const LeafNode& leaf(Ref r) const { return leaves_.at(slot_of(r)); }

    // Starts a new version: leaves are counted from zero, nodes it replaces are appended to *replaced and, if
    // `created` is given, the nodes it makes to *created (to free them if the version is never published).
    void begin(std::vector<Ref>* replaced, std::vector<Ref>* created = nullptr) {
        leaf_delta_ = 0;
        replaced_ = replaced;
        created_ = created;
    }
    int64_t leaf_delta() const { return leaf_delta_; }

    void free(Ref r) {
        if (is_leaf(r)) {
            leaves_.free(slot_of(r));
        } else {
            inner_.free(r);
        }
    }
    size_t live_leaves() const { return leaves_.live(); }
    size_t live_inner() const { return inner_.live(); }
    size_t bytes() const { return leaves_.bytes() + inner_.bytes(); }

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
        if (extra != kEmpty) extra_side[state_key_bit(leaf(extra).leaf.key_hash, depth)] = extra;
        const Ref left = build(depth + 1, entries.first(split), extra_side[0]);
        const Ref right = build(depth + 1, entries.subspan(split), extra_side[1]);
        return new_inner(left, right);
    }

    // node(S', depth) where S' is the set under `node` changed by `updates` (non-empty, sorted, distinct keys,
    // all under node's prefix). Untouched subtrees are shared, not copied; each new node is hashed once.
    Ref update(Ref node, unsigned depth, std::span<const StateUpdate> updates, bool prefetched = false) {
        if (node == kEmpty) return build(depth, updates, kEmpty);
        if (is_leaf(node)) return update_leaf(node, depth, updates);
        if (!prefetched && updates.size() <= kPrefetchBatch) {
            prefetch_paths(node, depth, updates);
            prefetched = true;
        }
        const Ref old_left = inner_.at(node).child[0];
        const Ref old_right = inner_.at(node).child[1];
        // Both children's hashes are read on the way back up: fetch them while the recursion below works.
        prefetch(old_left);
        prefetch(old_right);
        const size_t split = split_at_bit(updates, depth);
        const Ref left = split == 0 ? old_left : update(old_left, depth + 1, updates.first(split), prefetched);
        const Ref right =
            split == updates.size() ? old_right : update(old_right, depth + 1, updates.subspan(split), prefetched);
        if (left == old_left && right == old_right) return node;
        // An inner node never moves, so once changed it is out of the new version.
        replaced_->push_back(node);
        // What the definition calls a subtree of one leaf: the leaf itself, lifted to this depth.
        if (left == kEmpty && (right == kEmpty || is_leaf(right))) return right;
        if (right == kEmpty && is_leaf(left)) return left;
        return new_inner(left, right);
    }

private:
    // Below the levels a batch shares, each key has a path of its own, ~10 nodes at 1M leaves, and a depth-first
    // descent waits for each node before it can ask for the next: ~10 cache misses in a row per key. So for
    // each subtree that at most kPrefetchBatch of the writes reach, its paths are first walked breadth-first,
    // prefetching both children of every node on them: the misses of a whole level are then in flight together.
    // The batch bound keeps what is prefetched (~128 keys x 21 levels x 2 nodes) within L2 until update()
    // reads it. Reads only: it cannot change a result.
    static constexpr size_t kPrefetchBatch = 128;

    void prefetch_paths(Ref node, unsigned depth, std::span<const StateUpdate> updates) {
        level_.clear();
        level_.push_back({node, updates});
        for (; !level_.empty(); ++depth) {
            next_level_.clear();
            for (const Pending& p : level_) {
                const InnerNode& n = inner_.at(p.node);
                prefetch(n.child[0]);
                prefetch(n.child[1]);
                const size_t split = split_at_bit(p.updates, depth);
                if (split > 0 && n.child[0] != kEmpty && !is_leaf(n.child[0])) {
                    next_level_.push_back({n.child[0], p.updates.first(split)});
                }
                if (split < p.updates.size() && n.child[1] != kEmpty && !is_leaf(n.child[1])) {
                    next_level_.push_back({n.child[1], p.updates.subspan(split)});
                }
            }
            std::swap(level_, next_level_);
        }
    }

    Ref update_leaf(Ref node, unsigned depth, std::span<const StateUpdate> updates) {
        const StateLeaf& old = leaf(node).leaf;
        const auto it = std::lower_bound(updates.begin(), updates.end(), old.key_hash,
                                         [](const StateUpdate& u, const Hash256& k) { return key_less(u.key_hash, k); });
        // Untouched, the old leaf moves down into the new subtree as it is (its hash does not depend on depth).
        if (it == updates.end() || it->key_hash != old.key_hash) return build(depth, updates, node);
        if (updates.size() == 1 && it->value_hash == old.value_hash) return node;
        // Rewritten or deleted: the old leaf goes, and a rewrite is not a new key.
        replaced_->push_back(node);
        --leaf_delta_;
        return build(depth, updates, kEmpty);
    }

    Ref new_leaf(const StateLeaf& leaf) {
        const uint32_t slot = leaves_.alloc();
        LeafNode& n = leaves_.at(slot);
        n.leaf = leaf;
        n.hash = state_leaf_hash(leaf);
        ++leaf_delta_;
        if (created_ != nullptr) created_->push_back(kLeafBit | slot);
        return kLeafBit | slot;
    }

    Ref new_inner(Ref left, Ref right) {
        const uint32_t slot = inner_.alloc();
        InnerNode& n = inner_.at(slot);
        n.child[0] = left;
        n.child[1] = right;
        n.hash = state_node_hash(hash_of(left), hash_of(right));
        if (created_ != nullptr) created_->push_back(slot);
        return slot;
    }

    // The whole node: a leaf's key is read by update_leaf, and any node's hash by its parent's rehash.
    void prefetch(Ref r) const {
        if (r == kEmpty) return;
        const uint8_t* p;
        size_t size;
        if (is_leaf(r)) {
            p = reinterpret_cast<const uint8_t*>(&leaves_.at(slot_of(r)));
            size = sizeof(LeafNode);
        } else {
            p = reinterpret_cast<const uint8_t*>(&inner_.at(r));
            size = sizeof(InnerNode);
        }
        for (size_t off = 0; off < size; off += 64) __builtin_prefetch(p + off);
        __builtin_prefetch(p + size - 1);
    }

    struct Pending {
        Ref node;
        std::span<const StateUpdate> updates;
    };
    std::vector<Pending> level_, next_level_;

    Arena<InnerNode> inner_{1};
    Arena<LeafNode> leaves_{0};
    int64_t leaf_delta_ = 0;
    std::vector<Ref>* replaced_ = nullptr;
    std::vector<Ref>* created_ = nullptr;
};

struct VersionRoot {
    uint64_t version;
    Ref root;
    Hash256 hash;
    size_t leaf_count;
};

// Nodes that making version `since` replaced: only versions before `since` reach them.
struct ReplacedNodes {
    uint64_t since;
    std::vector<Ref> nodes;
};

// A version made on the latest one and not published: nothing but the writer can reach its new nodes.
struct Draft {
    Ref root;
    Hash256 hash;
    size_t leaf_count;
    std::vector<Ref> replaced;  // nodes of the latest version it no longer reaches
    std::vector<Ref> created;   // its own nodes, freed if it is discarded
};

}  // namespace

struct StateTree::Impl {
    explicit Impl(size_t kept) : versions_kept(std::max<size_t>(kept, 1)) {
        versions.push_back(VersionRoot{0, kEmpty, kZero, 0});
    }

    // Readers use `store` and `versions` under the shared lock; the writer changes them under the exclusive
    // lock and, being their only writer, reads them without it. The node slots it fills while building a
    // version are unreachable from any published version until that version is published.
    mutable std::shared_mutex mutex;
    std::unique_ptr<NodeStore> store = std::make_unique<NodeStore>();
    std::deque<VersionRoot> versions;
    const size_t versions_kept;

    // Writer-only: nodes waiting for the versions that reach them to be dropped (oldest first), and emptied
    // lists kept for their capacity, so that a block allocates nothing per node.
    std::deque<ReplacedNodes> replaced;
    std::vector<std::vector<Ref>> spare_lists;
    // Writer-only: the drafts on the latest version, by id.
    std::unordered_map<uint64_t, Draft> drafts;
    uint64_t next_draft_id = 0;

    std::atomic<size_t> stat_leaf_nodes{0}, stat_inner_nodes{0}, stat_bytes{0};

    const VersionRoot* find(uint64_t version) const {
        const auto it = std::lower_bound(versions.begin(), versions.end(), version,
                                         [](const VersionRoot& v, uint64_t x) { return v.version < x; });
        return it != versions.end() && it->version == version ? &*it : nullptr;
    }

    std::vector<Ref> take_spare_list() {
        if (spare_lists.empty()) return {};
        std::vector<Ref> list = std::move(spare_lists.back());
        spare_lists.pop_back();
        return list;
    }

    void give_back(std::vector<Ref> list) {
        list.clear();
        spare_lists.push_back(std::move(list));
    }

    // Frees a draft's own nodes: no published version reaches them, so no reader can be inside one.
    void discard(Draft& d) {
        for (Ref r : d.created) store->free(r);
        give_back(std::move(d.created));
        give_back(std::move(d.replaced));
    }

    void discard_all_drafts() {
        for (auto& [id, d] : drafts) discard(d);
        drafts.clear();
        update_stats();
    }

    // Publishes `made`, drops the versions beyond the retention and frees the nodes only they reached.
    void publish(const VersionRoot& made) {
        {
            std::unique_lock lock(mutex);
            versions.push_back(made);
            while (versions.size() > versions_kept) versions.pop_front();
        }
        // Safe without the lock: readers hold it for their whole walk, so none is still inside a dropped version.
        const uint64_t oldest = versions.front().version;
        while (!replaced.empty() && replaced.front().since <= oldest) {
            for (Ref r : replaced.front().nodes) store->free(r);
            replaced.front().nodes.clear();
            spare_lists.push_back(std::move(replaced.front().nodes));
            replaced.pop_front();
        }
        update_stats();
    }

    void update_stats() {
        stat_leaf_nodes.store(store->live_leaves(), std::memory_order_relaxed);
        stat_inner_nodes.store(store->live_inner(), std::memory_order_relaxed);
        stat_bytes.store(store->bytes(), std::memory_order_relaxed);
    }
};

StateTree::StateTree(size_t versions_kept) : impl_(std::make_unique<Impl>(versions_kept)) {}
StateTree::~StateTree() = default;

Hash256 StateTree::apply(uint64_t version, std::vector<StateUpdate> updates) {
    return publish_draft(version, draft(std::move(updates)).id);
}

StateTree::DraftRoot StateTree::draft(std::vector<StateUpdate> updates) {
    Impl& t = *impl_;
    const VersionRoot& latest = t.versions.back();
    sort_last_wins(updates);
    Draft d{kEmpty, kZero, 0, t.take_spare_list(), t.take_spare_list()};
    t.store->begin(&d.replaced, &d.created);
    d.root = updates.empty() ? latest.root : t.store->update(latest.root, 0, std::span<const StateUpdate>(updates));
    d.hash = t.store->hash_of(d.root);
    d.leaf_count = static_cast<size_t>(static_cast<int64_t>(latest.leaf_count) + t.store->leaf_delta());
    t.store->begin(nullptr);  // the lists move into the map below: no pointer to them may stay behind
    const uint64_t id = ++t.next_draft_id;
    const DraftRoot out{id, d.hash};
    t.drafts.emplace(id, std::move(d));
    t.update_stats();
    return out;
}

Hash256 StateTree::publish_draft(uint64_t version, uint64_t draft_id) {
    Impl& t = *impl_;
    const VersionRoot latest = t.versions.back();
    auto it = t.drafts.find(draft_id);
    if (it == t.drafts.end() || version <= latest.version) {
        std::fprintf(stderr, "state tree: publish of draft %llu as version %llu after version %llu\n",
                     static_cast<unsigned long long>(draft_id), static_cast<unsigned long long>(version),
                     static_cast<unsigned long long>(latest.version));
        std::abort();
    }
    Draft chosen = std::move(it->second);
    t.drafts.erase(it);
    // The others were made on the version this one replaces: they can never be published now.
    t.discard_all_drafts();
    const VersionRoot made{version, chosen.root, chosen.hash, chosen.leaf_count};
    t.give_back(std::move(chosen.created));
    if (chosen.replaced.empty()) {
        t.give_back(std::move(chosen.replaced));
    } else {
        t.replaced.push_back(ReplacedNodes{version, std::move(chosen.replaced)});
    }
    t.publish(made);
    return made.hash;
}

void StateTree::discard_draft(uint64_t draft_id) {
    Impl& t = *impl_;
    auto it = t.drafts.find(draft_id);
    if (it == t.drafts.end()) return;
    t.discard(it->second);
    t.drafts.erase(it);
    t.update_stats();
}

size_t StateTree::draft_count() const { return impl_->drafts.size(); }

Hash256 StateTree::rebuild(uint64_t version, std::vector<StateLeaf> leaves) {
    Impl& t = *impl_;
    sort_last_wins(leaves);
    // A fresh store: the new tree shares nothing with the old versions, which all go at once with their store.
    t.discard_all_drafts();
    auto fresh = std::make_unique<NodeStore>();
    std::vector<Ref> replaced;
    fresh->begin(&replaced);
    const Ref root = fresh->build(0, std::span<const StateLeaf>(leaves), kEmpty);
    const VersionRoot made{version, root, fresh->hash_of(root), static_cast<size_t>(fresh->leaf_delta())};
    {
        std::unique_lock lock(t.mutex);
        std::swap(t.store, fresh);
        t.versions.clear();
        t.versions.push_back(made);
    }
    t.replaced.clear();
    fresh.reset();  // the old store, freed outside the lock
    t.update_stats();
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
            proof.leaf = t.store->leaf(node).leaf;
            break;
        }
        const InnerNode& n = t.store->inner(node);
        const unsigned bit = state_key_bit(key_hash, depth);
        proof.siblings.push_back(t.store->hash_of(n.child[bit ^ 1]));
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
