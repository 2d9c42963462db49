#include "audit/import_loader.h"

#include "chain/crypto/hash.h"
#include "contracts/calendar.h"

namespace folio::audit::import_internal {

void Loader::schedule_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    ScheduleRow s;
    s.line = r.line;
    s.symbol = f[0];
    const AssetRow* bond = asset_field(file, r, 1);
    if (bond == nullptr) return;
    if (bond->asset_class != AssetClass::minibond) {
        problem(file, r.line, 1, f[0] + " is not a minibond");
        return;
    }
    uint64_t n = 0;
    if (!uint_field(file, r, 2, UINT32_MAX, n) || !time_field(file, r, 3, s.due_ms)) return;
    s.instalment = static_cast<uint32_t>(n);
    auto& last = last_instalment_[f[0]];
    if (s.instalment != last.first + 1) {
        problem(file, r.line, 2,
                "instalment " + f[1] + " of " + f[0] + " should be " + std::to_string(last.first + 1));
        return;
    }
    if (last.first > 0 && s.due_ms <= last.second) {
        problem(file, r.line, 3, "due date " + f[2] + " is not after the previous instalment's");
        return;
    }
    last = {s.instalment, s.due_ms};
    const AssetRow* currency = asset_field(file, r, 4);
    if (currency == nullptr) return;
    if (currency->asset_class != AssetClass::currency) {
        problem(file, r.line, 4, f[3] + " is not a currency");
        return;
    }
    s.currency = f[3];
    if (!amount_field(file, r, 5, *currency, s.principal, true) ||
        !amount_field(file, r, 6, *currency, s.interest, true)) {
        return;
    }
    if (f[6] != "paid" && f[6] != "due") {
        problem(file, r.line, 7, "status: paid or due");
        return;
    }
    s.paid = f[6] == "paid";
    if (s.paid) {
        if (unpaid_seen_[f[0]]) {
            problem(file, r.line, 7, "a paid instalment after one still due");
            return;
        }
        if (!time_field(file, r, 8, s.paid_ms)) return;
        if (s.paid_ms > s_.manifest.cutover_ms) {
            problem(file, r.line, 8, "paid after the cut-over");
            return;
        }
    } else {
        unpaid_seen_[f[0]] = true;
        if (!f[7].empty()) {
            problem(file, r.line, 8, "an instalment still due has no paid_date");
            return;
        }
    }
    s_.schedules.push_back(std::move(s));
}

void Loader::campaign_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    CampaignRow c;
    c.line = r.line;
    c.campaign_id = f[0];
    if (!is_valid_id(f[0], kMaxCampaignIdLength))
        return bad(r, 1, "campaign_id: 1 to 32 of A-Z a-z 0-9 . _ - :");
    if (campaign_index_.count(f[0])) return bad(r, 1, "duplicate campaign " + f[0]);
    const AssetRow* asset = asset_field(file, r, 2);
    const AssetRow* currency = asset_field(file, r, 3);
    if (asset == nullptr || currency == nullptr) return (void)t_.unreadable_campaigns.insert(c.campaign_id);
    if (currency->asset_class != AssetClass::currency) return bad(r, 3, f[2] + " is not a currency");
    if (asset->symbol == currency->symbol) return bad(r, 2, "a campaign cannot sell its own currency");
    c.symbol = f[1];
    c.currency = f[2];
    if (!amount_field(file, r, 4, *currency, c.price, false)) return;
    if (!uint_field(file, r, 5, UINT64_MAX, c.target)) return;
    if (!amount_field(file, r, 6, *currency, c.min_ticket, true)) return;
    if (!time_field(file, r, 7, c.opens_ms) || !time_field(file, r, 8, c.closes_ms)) return;
    if (c.opens_ms > s_.manifest.cutover_ms || c.closes_ms <= s_.manifest.cutover_ms) {
        return bad(r, 8, "not running at the cut-over (opens " + f[6] + ", closes " + f[7] + ")");
    }
    if (!amount_field(file, r, 9, *currency, c.collected, true)) return;
    if (!uint_field(file, r, 10, c.target, c.units_sold)) return;
    Amount expected = 0;
    if (__builtin_mul_overflow(c.units_sold, c.price, &expected) || expected != c.collected) {
        return bad(r, 9, "collected " + f[8] + " is not units_sold x price");
    }
    campaign_index_.emplace(c.campaign_id, s_.campaigns.size());
    s_.campaigns.push_back(std::move(c));
}

void Loader::subscription_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    auto c = campaign_index_.find(f[0]);
    if (c == campaign_index_.end()) {
        if (!t_.unreadable_campaigns.count(f[0])) problem(file, r.line, 1, "unknown campaign '" + f[0] + "'");
        return;
    }
    const CampaignRow& campaign = s_.campaigns[c->second];
    if (!holder_field(file, r, 2)) return;
    SubscriptionRow s{r.line, f[0], f[1], 0, 0, 0};
    const AssetRow* currency = &s_.assets[asset_index_.at(campaign.currency)];
    if (!uint_field(file, r, 3, UINT64_MAX, s.units) ||
        !amount_field(file, r, 4, *currency, s.amount, false) || !time_field(file, r, 5, s.date_ms)) {
        return;
    }
    Amount expected = 0;
    if (__builtin_mul_overflow(s.units, campaign.price, &expected) || expected != s.amount) {
        problem(file, r.line, 4, "amount " + f[3] + " is not units x the campaign's price");
        return;
    }
    if (s.date_ms < campaign.opens_ms || s.date_ms > s_.manifest.cutover_ms) {
        problem(file, r.line, 5, "paid outside the campaign's opening and the cut-over");
        return;
    }
    s_.subscriptions.push_back(std::move(s));
}

}  // namespace folio::audit::import_internal
