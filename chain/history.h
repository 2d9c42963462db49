// Read-only history of committed heights, as execution may read it: the balance history and the asset-record
// history that the store writes in each block's batch (chain/store.h, 'v' and 'w'). Instruments read it through
// OpContext (balance_at, holders_at, asset_at) for heights strictly below the executing block, which every
// validator has committed, so the answers are the same everywhere. Execution itself does no I/O: the store (or a
// test double over recorded states) implements this interface and the caller hands it to BlockExecution.
//
// An implementation answers from intact records or fails (IO_ERROR, CORRUPTION, NOT_FOUND when the height's
// history is not held); execution never turns such a failure into a receipt (chain/execute.h).
#pragma once

#include <optional>
#include <vector>

#include "chain/result.h"
#include "chain/state.h"

namespace folio {

struct HolderEntry {
    AccountId account{};
    Amount amount = 0;
    Amount locked = 0;  // parts of amount
    Amount frozen = 0;
};

class ChainHistory {
public:
    virtual ~ChainHistory() = default;
    // The balance in force at `height` (all zero if the account never held the asset by then).
    virtual Result<Balance> balance_at(AssetId asset, const AccountId& account, Height height) const = 0;
    // Holders with a non-zero amount at `height`, in account order, starting strictly after `after`.
    virtual Result<std::vector<HolderEntry>> holders_at(AssetId asset, Height height, std::optional<AccountId> after,
                                                        size_t limit) const = 0;
    // The asset record in force at `height` (supply, escrow, holders...); nullopt if the asset did not exist.
    virtual Result<std::optional<Asset>> asset_at(AssetId asset, Height height) const = 0;
};

}  // namespace folio
