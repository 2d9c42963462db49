// The movements of the register (registre des mouvements de titres): each change of a holding's amount, as
// the ops of committed txs make it, and the running balances they lead to.
//
// movements_of() is the one place rows come from. Today they are the core ops that move amounts (issue,
// transfer, forced_transfer, burn); freeze and unfreeze change no amount and are not movements. Instrument
// ops (distribution, redemption, pledge and its release) will add their rows here from the events their
// receipts carry; until then a successful instrument op that moves an amount shows as a balance the rows do
// not account for (BalanceTrail::check_block), never as silence.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit/export_source.h"

namespace folio::audit {

struct Movement {
    std::string asset;  // the symbol the op names
    std::string type;   // "issue", "transfer", "forced_transfer", "burn"
    std::optional<AccountId> from, to;
    Amount amount = 0;
    std::optional<Hash256> legal_ref;
    uint16_t op_index = 0;
    std::optional<uint32_t> part;  // the recipient's index when one op gives several rows (an issue to many)
};

// The movements of one tx, in op order (whether it succeeded or not: the caller decides). CORRUPTION for a
// core op that does not decode (a committed tx's ops always do).
Result<std::vector<Movement>> movements_of(const TxEnvelope& tx);

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
