// A pro rata payout in a currency to the holders of an asset at a record height, paged across txs: what a
// minibond coupon (interest and principal, two totals of one pass) and a dividend or royalty distribution
// (one total) have in common. The opening op escrows the whole amount from the payer; each page reads the
// next holders from the committed history (OpContext::holders_at), splits every total by contracts/pro_rata.h
// and pays each holder out of the escrow. A share the currency refuses (receiver without KYC, frozen account
// or balance, a policy) is withheld: it stays in escrow, recorded for its holder, who claims it later.
//
// Amounts: per payout, paid + withheld + unpaid + reclaimed = funded (Σ totals) at every moment, where paid
// counts pages and claims, withheld what waits for a claim, reclaimed what went back to the payer after
// expiry, and unpaid what the pages have still to pay. The payout's escrow share is withheld + unpaid.
//
// State, under the prefix of the instrument that owns the payout:
//   prefix 'P' id(16)             -> PayoutRecord
//   prefix 'H' id(16) account(32) -> HolderShare, one per holder paid by a page
//   PayoutRecord := u8 version=1, bytes kind (1..32 of a-z 0-9 _), u32 units_asset, u32 currency,
//                   fixed[32] payer, u64 record_height, u64 all_units (> 0), u64 expires_ms (0: never),
//                   varint parts (1..2), parts * u64 total, u64 paid, u64 withheld, u64 reclaimed,
//                   bytes cursor (contracts/pro_rata.h, ProRataCursor)
//   HolderShare  := u8 version=1, u64 units, u64 amount, u8 status (1 paid, 2 withheld, 3 claimed)
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chain/registry.h"
#include "contracts/pro_rata.h"

namespace folio::contracts {

inline constexpr size_t kMaxPayoutParts = 2;
inline constexpr uint32_t kMaxPayoutPage = 10'000;  // `limit` of one paged op: its weight

struct PayoutRecord {
    std::string kind;  // the event kind of its payments: "coupon", "dividend", "royalty"
    AssetId units_asset = 0;
    AssetId currency = 0;
    AccountId payer{};
    Height record_height = 0;
    uint64_t all_units = 0;
    uint64_t expires_ms = 0;
    std::vector<Amount> totals;
    Amount paid = 0;
    Amount withheld = 0;
    Amount reclaimed = 0;
    ProRataCursor cursor;

    Amount funded() const;  // Σ totals; fits, as the opening op escrowed it
    Amount unpaid() const { return funded() - paid - withheld - reclaimed; }
    bool done() const;  // every unit counted: the pages are over
    Bytes encode() const;
    static bool decode(ByteView data, PayoutRecord& out);
};

enum class ShareStatus : uint8_t { paid = 1, withheld = 2, claimed = 3 };
std::string_view share_status_name(ShareStatus status);

struct HolderShare {
    Amount units = 0;
    Amount amount = 0;  // Σ over the totals
    ShareStatus status = ShareStatus::paid;
    Bytes encode() const;
    static bool decode(ByteView data, HolderShare& out);
};

Bytes payout_key(uint8_t prefix, const InstrumentId& id);
Bytes holder_share_key(uint8_t prefix, const InstrumentId& id, const AccountId& account);
// nullopt when absent; aborts on a record that does not decode (only a bug writes one).
std::optional<PayoutRecord> read_payout(const StateView& view, uint8_t prefix, const InstrumentId& id);
std::optional<HolderShare> read_holder_share(const StateView& view, uint8_t prefix, const InstrumentId& id,
                                             const AccountId& account);

// The units of `asset` held at `height` (supply less escrow): what a pro rata split divides by.
Result<uint64_t> units_at(OpContext& ctx, AssetId asset, Height height);

// Refusals common to opening ops: HEIGHT_NOT_REACHED unless record_height is below the executing block.
Status check_record_height(const OpContext& ctx, Height record_height);

// Escrows the record's funded amount from its payer and stores it as a new payout under `id`.
Status open_payout(OpContext& ctx, uint8_t prefix, const InstrumentId& id, PayoutRecord& record);

// Called for each holder a page reaches, after its share was paid or withheld (a coupon's redemption).
using PageHook = std::function<Status(const ProRataPayment& payment)>;

// Pays the next page of at most `limit` holders and stores the record. DISTRIBUTION_DONE when the pages are
// over.
Status pay_payout_page(OpContext& ctx, uint8_t prefix, const InstrumentId& id, PayoutRecord& record,
                       uint32_t limit, const PageHook& hook = {});

// The signer's withheld share out of escrow to the signer: NOTHING_TO_CLAIM when it has none, when the
// currency still refuses it, or after expires_ms (its rest then belongs to the payer's reclaim).
Status claim_share(OpContext& ctx, uint8_t prefix, const InstrumentId& id);

// The withheld rest back to the payer, after expires_ms: NOT_DUE before it, NOTHING_TO_CLAIM when nothing is
// withheld.
Status reclaim_withheld(OpContext& ctx, uint8_t prefix, const InstrumentId& id);

// The JSON of a payout for a query: {record_height, total, paid, withheld, unpaid, reclaimed, ...} in the
// currency's units, and holders at the record height from `cursor` (an address; none: from the start), at
// most `limit`, each {account, units, amount, status} with status paid | withheld | claimed | unpaid,
// next_cursor when more follow. With `account`, that holder alone.
Result<nlohmann::json> payout_json(const QueryContext& ctx, uint8_t prefix, const InstrumentId& id,
                                   std::optional<AccountId> account, std::optional<AccountId> cursor,
                                   size_t limit);

// The decimals of an asset by id, for formatting (0 for an unknown one: never for a payout's own assets).
uint8_t decimals_of(const StateView& view, AssetId asset);
std::string symbol_of(const StateView& view, AssetId asset);

}  // namespace folio::contracts
