// The movements of the register (registre des mouvements de titres): each change of a holding's amount, as
// the ops of committed txs make it, and the running balances they lead to.
//
// movements_of() is the one place rows come from: the core ops that move amounts (issue, transfer,
// forced_transfer, burn; freeze and unfreeze change no amount and are not movements), then the events the
// tx's receipt carries for its instrument ops (chain/instrument.h), one row each, typed by the event's kind:
//   minted        campaign_mint                       to the subscriber (supply grows)
//   burned        redemption                          from the holder (supply shrinks)
//   into escrow   escrow_in, campaign_subscribe        from the payer, to no holder
//   out of escrow dividend, royalty, coupon, claim, reclaim, campaign_withdraw, campaign_refund,
//                 campaign_release                    to the holder, from no holder
//   moved         transfer_approved, pledge_enforce   from -> to (a locked amount changes hands)
//   locks         pledge, pledge_release, transfer_request, transfer_rejected, transfer_cancelled
//                 rows that change no amount (moves = false): the register of pledges and pending transfers
// Other kinds (policy_set, votes, terms, campaign_create/close, withheld shares) change no holding and give
// no row. An instrument that moves an amount without an event shows as a balance the rows do not account for
// (BalanceTrail::check_block), never as silence.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit/export_source.h"

namespace folio::audit {

enum class SupplyEffect { none, issued, burned };

struct Movement {
    std::string asset;  // the symbol the op names (empty for an event's row: see asset_id)
    std::string type;   // "issue", "transfer", "forced_transfer", "burn", or an event's kind
    std::optional<AccountId> from, to;
    Amount amount = 0;
    std::optional<Hash256> legal_ref;
    uint16_t op_index = 0;
    std::optional<uint32_t> part;  // the recipient's index when one op gives several rows (an issue to many)
    AssetId asset_id = 0;          // an event's asset (0 for a core op's row, named by symbol)
    std::optional<InstrumentId> instrument;  // an event's instrument id
    bool moves = true;             // false: a lock row (pledge, pending transfer) that changes no amount
    SupplyEffect supply = SupplyEffect::none;

    bool of(const AssetFacts& a) const { return asset_id != 0 ? asset_id == a.id : asset == a.symbol; }
};

// The movements of one tx, in op order, then those of its receipt's events (a failed tx has none). Whether
// a failed tx's rows are shown is the caller's choice. An event's row takes the op index of the tx's first
// instrument op and `part` = its index among the receipt's events, so that its seq is unique. CORRUPTION for
// a core op that does not decode (a committed tx's ops always do).
Result<std::vector<Movement>> movements_of(const TxEnvelope& tx, const Receipt& receipt);

// "HEIGHT.TX.OP", or "HEIGHT.TX.OP.PART" for the rows of an op that gives several.
std::string movement_seq(Height height, uint32_t tx, const Movement& m);

// The amounts of holdings as movements change them, from those in force at the end of block `opening`
// (none before genesis when `opening` is nullopt), checked against the source's balance history at the end
// of each block.
class BalanceTrail {
  public:
    BalanceTrail(ExportSource& source, std::optional<Height> opening) : source_(source), opening_(opening) {}
    // The running amount (read from the source at the opening height the first time).
    Result<Amount> amount(const AssetFacts& asset, const AccountId& account);
    // Applies a successful movement of `asset`: from loses, to gains (CORRUPTION when from holds less).
    Status apply(const AssetFacts& asset, const Movement& m);
    // Every holding that a movement of block `height` changed must hold, in the source's balance history at
    // `height`, what the movements say: CORRUPTION naming the account, the asset, the height and both values.
    Status check_block(Height height);

  private:
    using Key = std::pair<AssetId, AccountId>;
    ExportSource& source_;
    std::optional<Height> opening_;
    std::map<Key, Amount> amounts_;
    std::map<Key, AssetFacts> touched_;
};

}  // namespace folio::audit
