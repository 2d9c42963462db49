// Durable storage of the chain in one LevelDB database: blocks, state leaves, indexes. Each block is committed
// as ONE synced WriteBatch that also carries the new height, so a crash leaves the database at a whole block.
//
// Keys (one prefix byte, then big-endian integers so that iteration follows height order):
//   'M' name                                   -> meta: "height" (u64 LE), "genesis" (JSON text), "chain_id"
//   'h' height                                 -> header
//   'b' height                                 -> body (all txs, one value)
//   'c' height                                 -> commit certificate
//   'r' height                                 -> receipts: varint n, n * (result leaf, varint n_accounts, ids)
//   'B' block_hash                             -> height
//   't' tx_hash                                -> u64 height, u32 index
//   's' state key                              -> state record (the leaves of the state tree)
//   'a' account_id height index(u32)           -> empty (per-account history, newest last)
//   'v' asset_id(u32) account_id ~height       -> Balance record in force from that height (all zero: none)
//                                                 ~height = UINT64_MAX - height, so the first key at or after
//                                                 (asset, account, ~H) is the balance in force at H.
//
// Thread safety: a Store may be used from several threads at once (LevelDB is), but commit_block calls must be
// serialized by the caller.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/block.h"
#include "chain/execute.h"
#include "chain/result.h"

namespace leveldb {
class DB;
class FilterPolicy;
class Cache;
}  // namespace leveldb

namespace folio {

struct StoreOptions {
    std::string path;
    bool create_if_missing = true;
    size_t write_buffer_bytes = 64u << 20;
    size_t block_cache_bytes = 64u << 20;
    bool sync = true;            // fsync each block's batch; false only in tests that measure nothing durable
    bool verify_checksums = false;  // audits read every record with checksums verified
};

struct TxLocation {
    Height height = 0;
    uint32_t index = 0;
};

struct HistoryEntry {
    Height height = 0;
    uint32_t index = 0;
};

struct HolderEntry {
    AccountId account{};
    Amount amount = 0;
};

class Store {
public:
    static Result<std::unique_ptr<Store>> open(const StoreOptions& options);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // False for a new, empty database.
    bool initialized() const { return height_.has_value(); }
    // The last committed height; only valid when initialized().
    Height height() const { return *height_; }

    // Writes block 0: the genesis JSON, its state and header, in one synced batch.
    Status commit_genesis(const std::string& genesis_json, const BlockHeader& header, const StateWrites& state);
    // Writes a block, its certificate, receipts, state writes and indexes in one synced batch.
    Status commit_block(const Block& block, const CommitCertificate& commit, const ExecutionResult& result);

    Result<std::string> genesis_json() const;
    Result<BlockHeader> header(Height height) const;
    Result<std::vector<TxPtr>> body(Height height) const;
    Result<CommitCertificate> commit(Height height) const;
    Result<std::vector<Receipt>> receipts(Height height) const;
    std::optional<Height> height_of(const BlockHash& hash) const;
    std::optional<TxLocation> find_tx(const TxHash& hash) const;

    // Every state leaf, for rebuilding the in-memory state on open; stops with an error on a bad record.
    Status for_each_state(const std::function<void(Bytes key, Bytes value)>& fn) const;

    // Newest first, starting strictly before `before` (nullopt: from the newest).
    std::vector<HistoryEntry> history(const AccountId& account, std::optional<HistoryEntry> before, size_t limit) const;
    // The balance in force at `height` (all zero if none).
    Balance balance_at(AssetId asset, const AccountId& account, Height height) const;
    // Holders with a non-zero amount at `height`, in account order, starting strictly after `after`.
    std::vector<HolderEntry> holders_at(AssetId asset, Height height, std::optional<AccountId> after, size_t limit) const;

private:
    explicit Store(const StoreOptions& options);
    Result<Bytes> get(const Bytes& key, const char* what) const;

    StoreOptions options_;
    // Declared before db_ so that they outlive it: the database uses both until it is closed.
    std::unique_ptr<const leveldb::FilterPolicy> filter_;
    std::unique_ptr<leveldb::Cache> cache_;
    std::unique_ptr<leveldb::DB> db_;
    std::optional<Height> height_;
};

}  // namespace folio
