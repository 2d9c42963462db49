// Demurrage of a melting local currency (contracts/local_currency.h, docs/instruments.md "Local currencies"):
// charged lazily, when a holding is about to change (InstrumentRegistry::before_holding_change, decision 018),
// for each whole period since the holding's last charge:
//     b ← b − ⌊b × demurrage_bps / 10000⌋        on the available units b (locked and frozen units keep)
// the melted units going to the fee account, whose own holding does not melt (it would melt into itself).
// Integer arithmetic only, from the block time: every validator charges the same units.
#pragma once

#include <optional>

#include "contracts/local_currency.h"

namespace folio::contracts {

// `available` after `periods` periods at `bps` per period.
Amount melt(Amount available, uint64_t periods, uint16_t bps);

struct DemurrageDue {
    uint64_t periods = 0;
    Amount melted = 0;
    uint64_t charged_ms = 0;  // the holding's charge record after this charge
    bool write = false;       // the record changes
};

// What is due at `time_ms` on a holding with `available` units whose last charge was at `charged_ms` (none: it
// melts from the terms' demurrage_since_ms). A holding with nothing available starts its periods at `time_ms`.
DemurrageDue demurrage_due(const CurrencyTerms& terms, std::optional<uint64_t> charged_ms, Amount available,
                           uint64_t time_ms);

// The hook: charges what is due on `account`'s holding and records the charge.
Status charge_demurrage(const CurrencyTerms& terms, const Asset& asset, const AccountId& account,
                        HoldingContext& ctx);
// The same as a pure read: `stored` once charged at `time_ms`.
Balance demurrage_as_of(const CurrencyTerms& terms, const StateView& state, const Asset& asset,
                        const AccountId& account, const Balance& stored, uint64_t time_ms);

}  // namespace folio::contracts
