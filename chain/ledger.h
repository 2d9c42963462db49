// The ledger: the stored chain (chain/store.h) plus the latest state in memory and the state tree over it.
// Opening rebuilds the state and its tree from the stored leaves and refuses to go on if the root differs from
// the last block's state_root. Execution reads state(); a block becomes durable through commit().
//
// Candidates: a block of height head + 1 is prepared (its state_root computed on the head's tree) before it is
// committed. Several candidates of one height may be prepared side by side (consensus rounds, a proposal and a
// synced block), keyed by block hash; each shares the head's untouched tree nodes and none of another's, so
// committing any of them publishes its tree as the next proof version without a rebuild, and discards the rest.
//
// Thread safety: one thread (the block producer or consensus driver) calls state_root_after(),
// prepare_candidate(), discard_candidate() and commit();
// any thread may read snapshot(), state(), prove(), head() and the store at any time. A reader that needs the
// state and the height it belongs to (every RPC read) takes a snapshot(): while it lives, state() is exactly
// the state after head(). state() and head() read alone may each be one block apart. Reads are never blocked
// across the fsync: a commit holds readers off only while it applies its writes in memory.
#pragma once

#include <pthread.h>

#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "chain/genesis.h"
#include "chain/state_tree.h"
#include "chain/store.h"

namespace folio {

struct LedgerOptions {
    StoreOptions store;
    size_t proof_versions_kept = 256;  // heights back from the head for which proofs can be served
};

// A reader-writer lock that lets a waiting writer in before new readers (glibc's default prefers readers, so a
// steady stream of RPC reads could hold a commit off indefinitely). Not recursive: a thread holding it shared
// must not take it again.
class WriterPreferringMutex {
public:
    WriterPreferringMutex();
    ~WriterPreferringMutex();
    WriterPreferringMutex(const WriterPreferringMutex&) = delete;
    WriterPreferringMutex& operator=(const WriterPreferringMutex&) = delete;
    void lock();
    void unlock();
    void lock_shared();
    void unlock_shared();

private:
    pthread_rwlock_t lock_;
};

class Ledger {
public:
    // The last committed block and the state after it, held still while the snapshot lives. Keep it for the
    // duration of one read (an RPC call), never across a wait: a commit waits for it to end.
    class Snapshot {
    public:
        const BlockHeader& head() const { return head_; }
        Height height() const { return head_.height; }
        const StateView& state() const { return state_; }

    private:
        friend class Ledger;
        Snapshot(std::shared_lock<WriterPreferringMutex> lock, const BlockHeader& head, const StateView& state)
            : lock_(std::move(lock)), head_(head), state_(state) {}
        std::shared_lock<WriterPreferringMutex> lock_;
        BlockHeader head_;
        const StateView& state_;
    };

    // Opens the chain at options.store.path. A new database is initialized from `genesis_json` (required
    // then); an existing one must hold the same chain if `genesis_json` is given.
    static Result<std::unique_ptr<Ledger>> open(const LedgerOptions& options, const std::string& genesis_json);
    ~Ledger();

    const ChainId& chain_id() const { return chain_id_; }
    const Genesis& genesis() const { return genesis_; }
    Height height() const;
    BlockHeader head() const;
    const StateView& state() const { return state_view_; }
    Snapshot snapshot() const;
    Store& store() { return *store_; }
    const Store& store() const { return *store_; }

    // The state_root after applying `writes` on top of the head, for a block being built (whose hash is not
    // known yet: its header carries this root). `height` must be head + 1. Kept until commit(): a later call
    // replaces it; candidates prepared by hash are not affected.
    Hash256 state_root_after(Height height, const StateWrites& writes);
    // The same for the block `block_hash` of height head + 1 (a proposal or a synced block whose header is
    // known), kept as a candidate until commit() or discard_candidate(). Preparing a hash again returns the
    // root computed the first time. INVALID_ARGUMENT if `height` is not head + 1.
    Result<Hash256> prepare_candidate(const BlockHash& block_hash, Height height, const StateWrites& writes);
    // Frees a candidate (a block that failed its check or lost its round); an unknown hash is a no-op.
    void discard_candidate(const BlockHash& block_hash);
    bool has_candidate(const BlockHash& block_hash) const { return candidates_.count(block_hash) != 0; }
    size_t candidate_count() const { return candidates_.size() + (built_ ? 1 : 0); }
    // Makes a block durable (one synced batch) and then visible. The block must be a candidate prepared by
    // hash, or carry the root that the last state_root_after() returned for these writes. The other candidates
    // of its height are discarded.
    Status commit(const Block& block, const CommitCertificate& commit, const ExecutionResult& result);

    // A proof for a state key at a retained height (at most proof_versions_kept back, and not before the height
    // the node was opened at). nullopt if the height is not retained.
    std::optional<StateProof> prove(Height height, ByteView state_key) const;
    Height oldest_provable_height() const;

    static Hash256 key_hash(ByteView state_key);
    static Hash256 value_hash(ByteView value);

private:
    class MemoryState final : public StateView {
    public:
        bool get(ByteView key, Bytes& value) const override;
        void apply(const StateWrites& writes);
        void put(Bytes key, Bytes value) { map_.insert_or_assign(std::move(key), std::move(value)); }
        size_t size() const { return map_.size(); }
        std::vector<StateLeaf> leaves() const;

    private:
        mutable std::shared_mutex mutex_;
        std::unordered_map<Bytes, Bytes, BytesKeyHash, BytesKeyEqual> map_;
    };

    Ledger() = default;
    Status load(const LedgerOptions& options, const std::string& genesis_json);

    std::unique_ptr<Store> store_;
    Genesis genesis_;
    ChainId chain_id_{};
    MemoryState state_view_;
    // Held exclusively while a commit applies its writes to state_view_ and moves head_; shared by snapshots.
    mutable WriterPreferringMutex publish_mutex_;
    std::unique_ptr<StateTree> tree_;
    mutable std::mutex head_mutex_;
    BlockHeader head_;
    Height opened_at_ = 0;

    // A prepared state of height head + 1: a draft of the tree (chain/state_tree.h), by block hash.
    struct Candidate {
        uint64_t draft_id = 0;
        Height height = 0;
        Hash256 state_root{};
    };
    std::unordered_map<BlockHash, Candidate, FixedBytesHasher> candidates_;
    std::optional<Candidate> built_;  // state_root_after()'s
    static std::vector<StateUpdate> updates_of(const StateWrites& writes);
};

}  // namespace folio
