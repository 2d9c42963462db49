// The ledger: the stored chain (chain/store.h) plus the latest state in memory and the state tree over it.
// Opening rebuilds the state and its tree from the stored leaves and refuses to go on if the root differs from
// the last block's state_root. Execution reads state(); a block becomes durable through commit().
//
// Thread safety: one thread (the block producer or consensus driver) calls state_root_after() and commit();
// any thread may read state(), prove(), head() and the store at any time. Reads see the state before or after
// a commit, never half of one, and are never blocked across the fsync.
#pragma once

#include <memory>
#include <mutex>
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

class Ledger {
public:
    // Opens the chain at options.store.path. A new database is initialized from `genesis_json` (required
    // then); an existing one must hold the same chain if `genesis_json` is given.
    static Result<std::unique_ptr<Ledger>> open(const LedgerOptions& options, const std::string& genesis_json);
    ~Ledger();

    const ChainId& chain_id() const { return chain_id_; }
    const Genesis& genesis() const { return genesis_; }
    Height height() const;
    BlockHeader head() const;
    const StateView& state() const { return state_view_; }
    Store& store() { return *store_; }
    const Store& store() const { return *store_; }

    // The state_root after applying `writes` on top of the head, as the root of version `height` (which must be
    // head + 1). Speculative until commit(): a later call for the same height replaces it.
    Hash256 state_root_after(Height height, const StateWrites& writes);
    // Makes a block durable (one synced batch) and then visible. The block's header must carry the root that
    // state_root_after() returned for these writes.
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
    std::unique_ptr<StateTree> tree_;
    mutable std::mutex head_mutex_;
    BlockHeader head_;
    Height opened_at_ = 0;
    Height speculative_height_ = 0;
};

}  // namespace folio
