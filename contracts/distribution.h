// The distribution instrument: dividends (a declared total) and royalties (a share of declared revenue,
// X = floor(revenue * share_bps / 10000)) paid pro rata in a currency to the holders of an asset at a record
// height, page by page (contracts/payout.h). A share the currency refuses is withheld until its holder claims
// it; after expires_ms the issuer reclaims what nobody claimed. docs/instruments.md, "Distributions".
//
//   distribute           := u8 version=1, bytes asset, bytes currency, u8 kind (0 dividend, 1 royalty),
//                           u64 total, u64 revenue, u32 share_bps, u64 record_height, u64 expires_ms, u32
//                           limit (dividend: total > 0, revenue = share_bps = 0; royalty: total = 0, revenue
//                           > 0, share_bps 1..10000)
//   distribution_pay     := u8 version=1, fixed[16] id, u32 limit
//   distribution_claim   := u8 version=1, fixed[16] id
//   distribution_reclaim := u8 version=1, fixed[16] id
//
// State under kDistributionPrefix: the payouts of contracts/payout.h ('P' id, 'H' id account), the id being
// the distribute op's instrument id.
#pragma once

#include <memory>

#include "contracts/registry.h"

namespace folio::contracts {

inline constexpr uint16_t kDistributeTag = 0x0140;
inline constexpr uint16_t kDistributionPayTag = 0x0141;
inline constexpr uint16_t kDistributionClaimTag = 0x0142;
inline constexpr uint16_t kDistributionReclaimTag = 0x0143;
inline constexpr uint8_t kDistributionPrefix = 0x44;

std::unique_ptr<Instrument> make_distribution_instrument();

}  // namespace folio::contracts
