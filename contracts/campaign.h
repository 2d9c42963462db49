// The crowdfunding campaign instrument: an issuer raises a currency from investors until a deadline (at most
// 90 days after the creating block), all or nothing. Subscriptions sit in the currency's escrow (OpContext
// escrow_in: no account holds investors' funds); close fixes the outcome (success iff raised >= target);
// settlement pages then mint the securities to the subscribers and release the funds to the issuer, or refund
// every subscriber exactly. A campaign without an asset is a donation campaign: funds are released, nothing
// is minted. docs/instruments.md ("Campaigns") gives the rules with a worked example.
//
// Payloads (tags 0x0120..0x0124; integers little-endian):
//   campaign_create    := u8 version=1, CampaignTerms (contracts/campaign_state.h)
//   campaign_subscribe := u8 version=1, fixed[16] id, bytes currency (<= 12), u64 amount
//                         (the currency says which decimals the JSON amount was read with; it must be the
//                         campaign's: a registry's decimals lookup resolves symbols, not campaign ids)
//   campaign_withdraw  := u8 version=1, fixed[16] id
//   campaign_close     := u8 version=1, fixed[16] id, u32 limit (1..kMaxCampaignPage)
//   campaign_settle    := u8 version=1, fixed[16] id, u32 limit (1..kMaxCampaignPage)
// Amounts (price, target, cap, tickets, subscriptions) are in the currency's smallest unit.
#pragma once

#include <memory>

#include "contracts/campaign_state.h"
#include "contracts/registry.h"

namespace folio::contracts {

enum class CampaignTag : uint16_t {
    create = 0x0120,
    subscribe = 0x0121,
    withdraw = 0x0122,
    close = 0x0123,
    settle = 0x0124,
};

inline constexpr uint64_t kMaxCampaignDurationMs = 90ull * 24 * 3600 * 1000;
// EU Regulation 2020/1503, art. 22(2): a non-sophisticated investor may revoke an offer within four calendar
// days, without giving a reason.
inline constexpr uint64_t kReflectionPeriodMs = 4ull * 24 * 3600 * 1000;
inline constexpr uint32_t kMaxCampaignPage = 10000;
inline constexpr uint32_t kDefaultCampaignPage = 500;
inline constexpr std::string_view kRetailCategory = "retail";

using CampaignCreateOp = CampaignTerms;
struct CampaignSubscribeOp {
    InstrumentId id{};
    std::string currency;
    Amount amount = 0;
};
struct CampaignWithdrawOp {
    InstrumentId id{};
};
// close and settle share a shape.
struct CampaignPageOp {
    InstrumentId id{};
    uint32_t limit = kDefaultCampaignPage;
};

Op encode_campaign_create(const CampaignCreateOp& op);
Op encode_campaign_subscribe(const CampaignSubscribeOp& op);
Op encode_campaign_withdraw(const CampaignWithdrawOp& op);
Op encode_campaign_close(const CampaignPageOp& op);
Op encode_campaign_settle(const CampaignPageOp& op);

std::unique_ptr<Instrument> make_campaign_instrument();

}  // namespace folio::contracts
