// The minibond instrument: a loan in securities whose issuer repays on an amortization table
// (contracts/amortization.h), each instalment paid pro rata to the holders at a record height
// (contracts/payout.h: interest and principal are two totals of one pass), the pages of the last instalment
// redeeming the bonds. docs/instruments.md, "Minibonds", gives the rules with worked examples.
//
//   minibond_terms := u8 version=1, bytes asset, bytes currency, u64 nominal, u32 rate_bps, u8 schedule,
//                     u8 period_months, u16 instalments, u16 deferral, u64 first_due_ms
//   coupon_pay     := u8 version=1, bytes asset, u16 instalment, u64 record_height, u32 limit
//   default_mark   := u8 version=1, bytes asset, u16 instalment, fixed[32] legal_ref
//   coupon_claim   := u8 version=1, bytes asset, u16 instalment
//
// State under kMinibondPrefix:
//   'T' asset(u32 BE)                 -> MinibondTerms := u8 version=1, u32 currency, u64 nominal, u32
//   rate_bps,
//                                        u8 schedule, u8 period_months, u16 instalments, u16 deferral,
//                                        u64 first_due_ms, u64 units (0 until the first coupon fixes them)
//   'C' asset(u32 BE) instalment(u16 BE) -> fixed[16] id of the instalment's payout ('P' id,
//   contracts/payout.h) 'D' asset(u32 BE) instalment(u16 BE) -> fixed[32] legal_ref of a default mark
#pragma once

#include <memory>

#include "contracts/registry.h"

namespace folio::contracts {

inline constexpr uint16_t kMinibondTermsTag = 0x0130;
inline constexpr uint16_t kCouponPayTag = 0x0131;
inline constexpr uint16_t kDefaultMarkTag = 0x0132;
inline constexpr uint16_t kCouponClaimTag = 0x0133;
inline constexpr uint8_t kMinibondPrefix = 0x43;

std::unique_ptr<Instrument> make_minibond_instrument();

}  // namespace folio::contracts
