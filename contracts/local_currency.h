// Local currencies (docs/instruments.md "Local currencies"): an association issues a complementary currency
// against euros kept in a guarantee fund; members pay merchants; merchants (or every holder) reconvert to euros
// for a fee; a melting currency loses a share of each holding per period (demurrage).
//
// Ops (tags 0x0150..0x0154), each signed by the asset's issuer but redeem (the holder):
//   currency_terms  := u8 version=1, bytes symbol (<= 12), u16 fee_bps (<= 10000), fixed[32] fee_account,
//                      u8 redeem_by (1 merchants, 2 all), u64 max_balance (0: none), u16 demurrage_bps
//                      (<= 10000, 0: none), u64 demurrage_period_ms (0 iff demurrage_bps is 0, else
//                      >= kMinDemurragePeriodMs), u8 fully_backed (0 or 1)
//   merchant_set    := u8 version=1, bytes symbol, fixed[32] account, u8 merchant (0 or 1), u8 has_fee
//                      (0 or 1; 0 when merchant is 0), u16 fee_bps (<= 10000; 0 when has_fee is 0)
//   mint            := u8 version=1, bytes symbol, fixed[32] to, u64 amount (> 0), fixed[32] deposit_ref
//   redeem          := u8 version=1, bytes symbol, u64 amount (> 0), fixed[32] payout_ref
//   reserve_declare := u8 version=1, bytes symbol, u64 reserve, fixed[32] doc_hash
//
// State (prefix 0x45, asset ids u32 BE):
//   't' asset            -> CurrencyTerms (below)
//   'm' asset account    -> u8 version=1, u8 has_fee, u16 fee_bps           (present while a merchant)
//   'd' asset ref        -> u64 height of the mint that used the deposit_ref
//   'r' asset            -> u8 version=1, u64 reserve, fixed[32] doc_hash, u64 declared_height
//   'c' asset account    -> u64 charged_ms: demurrage is charged on the holding up to this block time
//
// Events: "mint" {to, deposit_ref} {amount}; "redeem" {holder, fee_account, payout_ref} {amount, fee, payout};
// "demurrage" {holder, fee_account} {melted, periods}. References ride as 32-byte entries after the accounts.
#pragma once

#include <memory>
#include <optional>

#include "contracts/registry.h"

namespace folio::contracts {

inline constexpr uint16_t kCurrencyTermsTag = 0x0150;
inline constexpr uint16_t kMerchantSetTag = 0x0151;
inline constexpr uint16_t kCurrencyMintTag = 0x0152;
inline constexpr uint16_t kRedeemTag = 0x0153;
inline constexpr uint16_t kReserveDeclareTag = 0x0154;
inline constexpr uint8_t kCurrencyPrefix = 0x45;
inline constexpr uint16_t kMaxBps = 10000;
// A period shorter than a minute would make the lazy charge loop over many periods for little purpose.
inline constexpr uint64_t kMinDemurragePeriodMs = 60'000;

enum class RedeemBy : uint8_t { merchants = 1, all = 2 };

//   CurrencyTerms := u8 version=1, u16 fee_bps, fixed[32] fee_account, u8 redeem_by, u64 max_balance,
//                    u16 demurrage_bps, u64 demurrage_period_ms, u8 fully_backed, u64 demurrage_since_ms
//   demurrage_since_ms: the block time the demurrage was first set, from which holdings that predate it melt.
struct CurrencyTerms {
    uint16_t fee_bps = 0;
    AccountId fee_account{};
    RedeemBy redeem_by = RedeemBy::merchants;
    Amount max_balance = 0;  // 0: no cap
    uint16_t demurrage_bps = 0;
    uint64_t demurrage_period_ms = 0;
    bool fully_backed = true;
    uint64_t demurrage_since_ms = 0;

    bool melts() const { return demurrage_bps != 0; }
    Bytes encode() const;
    static bool decode(ByteView data, CurrencyTerms& out);
};

struct CurrencyTermsOp {
    std::string asset;
    CurrencyTerms terms;  // demurrage_since_ms is set by execution
};
struct MerchantSetOp {
    std::string asset;
    AccountId account{};
    bool merchant = true;
    std::optional<uint16_t> fee_bps;
};
struct CurrencyMintOp {
    std::string asset;
    AccountId to{};
    Amount amount = 0;
    Hash256 deposit_ref{};
};
struct RedeemOp {
    std::string asset;
    Amount amount = 0;
    Hash256 payout_ref{};
};
struct ReserveDeclareOp {
    std::string asset;
    Amount reserve = 0;
    Hash256 doc_hash{};
};

Op encode_currency_terms(const CurrencyTermsOp& op);
Op encode_merchant_set(const MerchantSetOp& op);
Op encode_currency_mint(const CurrencyMintOp& op);
Op encode_redeem(const RedeemOp& op);
Op encode_reserve_declare(const ReserveDeclareOp& op);

// The terms of an asset; nullopt when currency_terms was never applied to it.
std::optional<CurrencyTerms> read_currency_terms(const StateView& state, AssetId asset);

// ⌈amount × fee_bps / 10000⌉: the part of a redemption that goes to the fee account.
Amount redeem_fee(Amount amount, uint16_t fee_bps);

std::unique_ptr<Instrument> make_local_currency_instrument();

}  // namespace folio::contracts
