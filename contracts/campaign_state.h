// The records of the campaign instrument (contracts/campaign.h) under its state prefix 0x42. Consensus data:
// one encoding each, bounded decoders that refuse trailing bytes and unknown versions.
//
// Keys (after the prefix byte 0x42):
//   'c' fixed[16] id                     -> Campaign
//   's' fixed[16] id, u32 BE slot        -> Subscription   (slots 0..subscribers-1, dense: a withdrawal moves
//                                                           the last slot into the freed one)
//   'a' fixed[16] id, fixed[32] account  -> u32 LE slot    (the investor's subscription)
//   'n'                                  -> u64 LE count of campaigns ever created
//   'l' u64 BE sequence                  -> fixed[16] id    (creation order, for campaign_list)
//
// Records:
//   Campaign     := u8 version=1, fixed[32] issuer, CampaignTerms (below), u64 created_ms, u64
//   created_height, u8 status (0 open, 1 succeeded,
//                   2 failed), u64 raised, u64 units, u32 subscribers, u32 new_holders, u32 cursor,
//                   u64 settled
//   Subscription := u8 version=1, fixed[32] account, u64 amount, u64 subscribed_ms, u8 new_holder (0|1)
//
// raised is the sum of the subscriptions' amounts, units the securities they buy (raised / price), settled
// the part of raised already released or refunded by settlement pages (slots below cursor): the campaign's
// share of the currency's escrow is raised - settled.
#pragma once

#include <optional>
#include <string>

#include "chain/encoding.h"
#include "chain/instrument.h"
#include "chain/state.h"

namespace folio::contracts {

inline constexpr uint8_t kCampaignPrefix = 0x42;

enum class CampaignStatus : uint8_t { open = 0, succeeded = 1, failed = 2 };
std::string_view campaign_status_name(CampaignStatus status);
bool campaign_status_from_name(std::string_view name, CampaignStatus& out);

// What campaign_create fixes: its payload (contracts/campaign.h) and the head of the campaign record.
//   CampaignTerms := bytes asset (<= 12, empty: donation), bytes currency (<= 12), u64 price, u64 target, u64
//   cap,
//                    u64 min_ticket, u64 max_ticket, u64 deadline_ms, fixed[32] terms_hash
struct CampaignTerms {
    std::string asset;  // empty: a donation campaign
    std::string currency;
    Amount price = 0;  // currency units per smallest unit of the asset; 0 for a donation campaign
    Amount target = 0;
    Amount cap = 0;
    Amount min_ticket = 0;
    Amount max_ticket = 0;
    uint64_t deadline_ms = 0;
    Hash256 terms_hash{};

    void encode(Writer& w) const;
    bool decode(Reader& r);  // symbols checked: empty or valid asset, valid currency
    bool operator==(const CampaignTerms&) const = default;
};

struct Campaign {
    AccountId issuer{};
    CampaignTerms terms;
    uint64_t created_ms = 0;
    Height created_height = 0;
    CampaignStatus status = CampaignStatus::open;
    Amount raised = 0;
    Amount units = 0;
    uint32_t subscribers = 0;
    uint32_t new_holders = 0;
    uint32_t cursor = 0;
    Amount settled = 0;

    bool settlement_done() const { return status != CampaignStatus::open && cursor == subscribers; }
    Amount escrowed() const { return raised - settled; }
    Bytes encode() const;
    static bool decode(ByteView data, Campaign& out);
    bool operator==(const Campaign&) const = default;
};

struct Subscription {
    AccountId account{};
    Amount amount = 0;
    uint64_t subscribed_ms = 0;
    bool new_holder = false;  // the investor held none of the asset when it subscribed (holder limit)

    Bytes encode() const;
    static bool decode(ByteView data, Subscription& out);
    bool operator==(const Subscription&) const = default;
};

namespace campaign_key {
Bytes campaign(const InstrumentId& id);
Bytes slot(const InstrumentId& id, uint32_t slot);
Bytes investor(const InstrumentId& id, const AccountId& account);
Bytes count();
Bytes sequence(uint64_t n);
}  // namespace campaign_key

// Typed reads; nullopt when absent. A stored record that does not decode aborts (only a bug writes one).
std::optional<Campaign> read_campaign(const StateView& view, const InstrumentId& id);
std::optional<Subscription> read_subscription(const StateView& view, const InstrumentId& id, uint32_t slot);
std::optional<uint32_t> read_investor_slot(const StateView& view, const InstrumentId& id,
                                           const AccountId& account);
uint64_t read_campaign_count(const StateView& view);
std::optional<InstrumentId> read_campaign_at(const StateView& view, uint64_t sequence);

}  // namespace folio::contracts
