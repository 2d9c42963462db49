// Durable storage of the chain in one LevelDB database: blocks, state leaves, indexes. Each block is committed
// as ONE synced WriteBatch that also carries the new height, so a crash leaves the database at a whole block.
//
// Keys (one prefix byte, then big-endian integers so that iteration follows height order):
//   'M' name                                   -> meta: "height" (u64 LE), "genesis" (JSON text), "chain_id",
//                                                 "layout" (u64 LE; 3 is this layout)
//   'h' height                                 -> header
//   'b' height                                 -> body (all txs, one value)
//   'c' height                                 -> commit certificate
//   'r' height                                 -> receipts: varint n, n * (result leaf, varint n_accounts, ids)
//   'B' block_hash                             -> height
//   't' tx_hash                                -> u64 height, u32 index
//   's' state key                              -> state record: the leaves of the state tree, except balances
//                                                 (state key prefix 0x05), which live in the balance history
//   'a' account_id height index(u32)           -> empty (per-account history, newest last)
//   'v' asset_id(u32) account_id ~height       -> Balance record in force from that height (all zero: none)
//                                                 ~height = UINT64_MAX - height, so the first key at or after
//                                                 (asset, account, ~H) is the balance in force at H.
//                                                 The newest version of a holding is its state leaf (none if
//                                                 all zero): one key per balance write instead of two.
//                                                 Opening a layout-1 database drops its 's' balance records.
//   'k' account_id ~height                      -> KYC version in force from that height: u8 version=1,
//                                                 u8 has_kyc, [Kyc (chain/state.h)]; written in the block's
//                                                 batch when the block changed the account's attestation
//                                                 (kyc_attest stamps it with the block's height), so kyc_at
//                                                 answers at any height without a replay. Opening a layout-1
//                                                 or -2 database writes each current attestation as the
//                                                 first version, at its attested_height.
//   'w' asset_id(u32) ~height                  -> Asset record in force from that height (chain/state.h; empty: the
//                                                 asset did not exist), one version per block that changed it,
//                                                 written beside its 's' leaf in the block's batch: supply,
//                                                 escrow and holders at any height (Store::asset_at).
//                                                 A database of layout 2 gets the asset records of its stored
//                                                 height on upgrade and meta "asset_history_from" = that height:
//                                                 asset_at below it is NOT_FOUND (a replay from genesis
//                                                 rebuilds the whole history).
//   'P' index(u32)                             -> encoded StateProof of validator set change `index` (state key
//                                                 chain/validator_set_state.h) at the height that committed it:
//                                                 an archive the node writes after that commit, while the height
//                                                 is still provable, so that proof_holding can serve the chain of
//                                                 sets at any later height. Not consensus: derived, rewritable.
//
// Reads never turn damage into data. Each read answers from intact records or fails with a reason and a
// message naming the key (what it holds, e.g. "header of block 5", then the key in hex):
//   IO_ERROR    LevelDB could not read (the file system or the Env failed);
//   CORRUPTION  a checksum failed, or a stored record does not decode or is missing where the chain needs it
//               (a header or body at or below the stored height, a certificate or receipts of 1..height);
//   NOT_FOUND   only for what was never written: a block above the stored height, block 0's certificate and
//               receipts. Lookups where absence is a normal answer (height_of, find_tx) return nullopt.
// A range read (history, holders_at, balance_at, kyc_at, for_each_state) checks the iterator's status after every
// seek and at its end: a block LevelDB failed to read is an error, never a shorter history or a missing
// holder.
//
// Thread safety: a Store may be used from several threads at once (LevelDB is), but commit_block calls must be
// serialized by the caller.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/block.h"
#include "chain/execute.h"
#include "chain/history.h"
#include "chain/result.h"

namespace leveldb {
class DB;
class Env;
class FilterPolicy;
struct ReadOptions;
class Snapshot;
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
    // For tests and tools only: the file system LevelDB reads and writes through (nullptr: the store's own,
    // chain/store_env.h). Tests pass a wrapper that fails reads on demand; it must outlive the Store.
    leveldb::Env* env = nullptr;
};

struct TxLocation {
    Height height = 0;
    uint32_t index = 0;
};

struct HistoryEntry {
    Height height = 0;
    uint32_t index = 0;
};

class Store final : public ChainHistory {
public:
    static Result<std::unique_ptr<Store>> open(const StoreOptions& options);
    ~Store() override;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // False for a new, empty database.
    bool initialized() const { return stored_height_.load() != kNoChain; }
    // The last committed height; only valid when initialized().
    Height height() const { return stored_height_.load(); }

    // Writes block 0: the genesis JSON, its state and header, in one synced batch.
    Status commit_genesis(const std::string& genesis_json, const BlockHeader& header, const StateWrites& state);
    // Writes a block, its certificate, receipts, state writes and indexes in one synced batch.
    Status commit_block(const Block& block, const CommitCertificate& commit, const ExecutionResult& result);

    // Reads: see the contract at the top of this file.
    Result<std::string> genesis_json() const;
    Result<BlockHeader> header(Height height) const;
    Result<std::vector<TxPtr>> body(Height height) const;
    Result<CommitCertificate> commit(Height height) const;
    Result<std::vector<Receipt>> receipts(Height height) const;
    // nullopt: no block (tx) with this hash was committed.
    Result<std::optional<Height>> height_of(const BlockHash& hash) const;
    Result<std::optional<TxLocation>> find_tx(const TxHash& hash) const;

    // One state leaf as stored (nullopt: absent). A balance key (prefix 0x05) is answered from the newest
    // version of the holding in the balance history, as for_each_state gives it.
    Result<std::optional<Bytes>> state_record(ByteView state_key) const;

    // Every state leaf in key order, for rebuilding the in-memory state on open (checksums verified); stops
    // with an error on a record LevelDB cannot read.
    Status for_each_state(const std::function<void(Bytes key, Bytes value)>& fn) const;

    // Newest first, starting strictly before `before` (nullopt: from the newest).
    Result<std::vector<HistoryEntry>> history(const AccountId& account, std::optional<HistoryEntry> before,
                                              size_t limit) const;
    // ChainHistory (chain/history.h), read by execution for heights below the executing block and by RPC.
    // The balance in force at `height` (all zero if the account never held the asset by then).
    Result<Balance> balance_at(AssetId asset, const AccountId& account, Height height) const override;
    // The account's KYC attestation in force at `height` (nullopt: none by then), from the KYC history ('k').
    Result<std::optional<Kyc>> kyc_at(const AccountId& account, Height height) const;
    // The same for many accounts, in the order given, with one iterator (a register reads one per holder).
    Result<std::vector<std::optional<Kyc>>> kyc_at(const std::vector<AccountId>& accounts, Height height) const;
    // Holders with a non-zero amount at `height`, in account order, starting strictly after `after`, with
    // the locked and frozen parts of that amount.
    Result<std::vector<HolderEntry>> holders_at(AssetId asset, Height height, std::optional<AccountId> after,
                                                size_t limit) const override;
    // The asset record in force at `height`: supply, escrow, holder count, policy, as the state held them
    // after block `height` ('w' above). nullopt if the asset did not exist then; NOT_FOUND for a height below
    // the history this database holds (meta "asset_history_from"), NOT_FOUND above the stored height.
    Result<std::optional<Asset>> asset_at(AssetId asset, Height height) const override;
    // The first height asset_at answers: 0 for a database that holds the history from genesis, the height of
    // the upgrade for one upgraded from layout 2 (meta "asset_history_from").
    Result<Height> asset_history_from() const;

    // The archived proof of validator set change `index` (see 'P' above); nullopt when none was archived.
    Result<std::optional<Bytes>> validator_set_proof(uint32_t index) const;
    // Archives it (synced like a block: an archive lost in a crash is one the node may no longer be able to make).
    Status put_validator_set_proof(uint32_t index, const Bytes& proof);

    // --- Backups and restores (node/backup/) ---
    class RecordSnapshot;
    // A consistent view of every record at one moment (a LevelDB snapshot), taken while commits go on: a
    // block committed after it is wholly absent from it. LevelDB keeps what a snapshot still sees until it is
    // released, so drop it when done; it must not outlive the Store.
    std::unique_ptr<RecordSnapshot> record_snapshot() const;
    // Writes records as they are, for a restore into a new database: INVALID_ARGUMENT once this store holds a
    // chain. Unsynced; sync_records() makes everything written so far durable. Reads of this Store do not see
    // the restored chain: reopen it.
    Status put_records(const std::vector<std::pair<Bytes, Bytes>>& records);
    Status sync_records();

    // What the database holds in memory and on disk, for the node's metrics (not consensus).
    struct Footprint {
        uint64_t memory_bytes = 0;  // memtables and block cache (LevelDB's approximate-memory-usage)
        uint64_t table_files = 0;   // table files on all levels; each open one keeps its index and filter
    };
    Footprint footprint() const;

private:
    static constexpr Height kNoChain = UINT64_MAX;

    explicit Store(const StoreOptions& options);
    leveldb::ReadOptions read_options() const;
    // The value at `key`; nullopt if absent.
    Result<std::optional<Bytes>> lookup(const Bytes& key) const;
    // The balance leaves, from the newest version of each holding in the balance history, in key order.
    Status for_each_balance_leaf(const std::function<void(Bytes key, Bytes value)>& fn) const;
    // Checks the stored layout version and upgrades a layout-1 database (one synced batch).
    Status upgrade_layout();
    // The value of a record of block `height`; absent is CORRUPTION when `needed_from` <= height <= the
    // stored height (the chain has that record), NOT_FOUND otherwise.
    Result<Bytes> block_record(const Bytes& key, Height height, Height needed_from) const;

    StoreOptions options_;
    // Declared before db_ so that they outlive it: the database uses both until it is closed.
    std::unique_ptr<const leveldb::FilterPolicy> filter_;
    std::unique_ptr<leveldb::Cache> cache_;
    std::unique_ptr<leveldb::DB> db_;
    // kNoChain before genesis. Atomic: readers on other threads decide by it whether a missing block record
    // is damage (at or below it) or simply not written yet.
    std::atomic<Height> stored_height_{kNoChain};
};

class Store::RecordSnapshot {
public:
    ~RecordSnapshot();
    RecordSnapshot(const RecordSnapshot&) = delete;
    RecordSnapshot& operator=(const RecordSnapshot&) = delete;

    // The header of the last block committed when the snapshot was taken; NOT_FOUND for a database without
    // a chain, CORRUPTION (naming the key) for a damaged height or header.
    Result<BlockHeader> head() const;
    // Every record in key order, read with checksums verified. Stops at fn's first error, or with
    // CORRUPTION or IO_ERROR at a record LevelDB cannot read (naming the last key read before it).
    Status for_each(const std::function<Status(ByteView key, ByteView value)>& fn) const;

private:
    friend class Store;
    RecordSnapshot(leveldb::DB& db, const leveldb::Snapshot* snapshot) : db_(db), snapshot_(snapshot) {}
    leveldb::DB& db_;
    const leveldb::Snapshot* snapshot_;
};

}  // namespace folio
