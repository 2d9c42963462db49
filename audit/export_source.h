// Where the legal exports (audit/export.h) read the register from: one interface, three implementations.
//
//   store_export_source  a store and its head state: a stopped node's data directory (nothing is created;
//                        the state is checked against the head's state_root first, audit/head_state.h),
//                        or the database a replay (--verify) has just written, block by block checked;
//   rpc_export_source    a node's read RPC (asset_holders with locked, frozen and KYC at a height,
//                        account_holdings, account_history, block_get). The node is trusted: --verify
//                        replays its raw blocks instead and exports from the replay's store.
//
// Every read names what failed: a store read names the key and the height (chain/store.h), an RPC read the
// method and the URL. A read never shortens a list: an unreadable page is an error, not fewer holders.
//
// Thread safety: none; one thread uses a source.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/execute.h"
#include "chain/ledger.h"

namespace folio::audit {

// What the exports need of an asset: its record's fixed fields.
struct AssetFacts {
    AssetId id = 0;
    std::string symbol;
    uint8_t decimals = 0;
};

// The supply and holder count of an asset at a height, as a record of the chain says them (not as a sum of
// holdings): what the exported rows are checked against.
struct RecordedSupply {
    Amount supply = 0;
    uint64_t holders = 0;
    std::string source;  // "asset record at block H"
    Amount escrow = 0;   // the part of the supply instruments hold (campaign escrow): in no holder's row
};

// One row of the register: the holding at the height and the holder's KYC attestation then.
struct HolderRow {
    AccountId account{};
    Balance balance;
    std::optional<Kyc> kyc;
};

// A committed block with the receipt of each tx (receipts[i] is txs[i]'s).
struct ExportBlock {
    BlockHeader header;
    std::vector<TxPtr> txs;
    std::vector<Receipt> receipts;
};

class ExportSource {
  public:
    virtual ~ExportSource() = default;
    // "datadir DIR", "rpc URL", "replay of ...": for the manifest.
    virtual const std::string& description() const = 0;
    // True when the source is a replay that checked every block up to head() (--verify).
    virtual bool verified() const = 0;
    virtual const ChainId& chain_id() const = 0;
    // The last block the export may read; fixed when the source was opened.
    virtual Height head() const = 0;
    virtual Result<BlockHeader> header(Height height) = 0;
    // NOT_FOUND "no asset S" for an unknown symbol.
    virtual Result<AssetFacts> asset(const std::string& symbol) = 0;
    // Every asset of the chain at the head, in id order.
    virtual Result<std::vector<AssetFacts>> assets() = 0;
    // The asset's recorded supply and holder count at `height`, when a record gives them there: the head
    // state's record, or below the head the store's asset history (Store::asset_at; asset_get {height} over
    // RPC). nullopt below the history an upgraded database holds; supply 0 before the asset was created.
    virtual Result<std::optional<RecordedSupply>> recorded_supply(const AssetFacts& asset, Height height) = 0;
    // Holders with a non-zero amount at `height`, in account order, strictly after `after`, at most
    // `limit`; with their KYC at `height` when `with_kyc`.
    virtual Result<std::vector<HolderRow>> holders(const AssetFacts& asset, Height height,
                                                   std::optional<AccountId> after, size_t limit,
                                                   bool with_kyc) = 0;
    virtual Result<Balance> balance_at(const AssetFacts& asset, const AccountId& account, Height height) = 0;
    // False for an account never registered (by the head).
    virtual Result<bool> has_account(const AccountId& account) = 0;
    virtual Result<ExportBlock> block(Height height) = 0;
    // The txs concerning `account` (the per-account history index) in blocks from..to, oldest first.
    virtual Result<std::vector<HistoryEntry>> account_txs(const AccountId& account, Height from, Height to) = 0;
};

// A state record at the store's head by state key (nullopt: absent), or the error that kept it from being read.
using StateReader = std::function<Result<std::optional<Bytes>>(ByteView state_key)>;

// Over a store and a reader of the state after its last block (the store's own records once
// verify_head_state passed, or a replay's Ledger state), both kept by the caller for the source's life;
// head() is the store's height when made.
std::unique_ptr<ExportSource> store_export_source(const Store& store, StateReader state, const ChainId& chain_id,
                                                  std::string description, bool verified);

// Over a node's RPC; reads chain_info and chain_status once (the head is pinned then).
Result<std::unique_ptr<ExportSource>> rpc_export_source(const std::string& url, const std::string& token);

}  // namespace folio::audit
