#include "audit/import_checks.h"

#include <algorithm>

namespace folio::audit {
namespace {

// Sums of amounts that each fit in 64 bits may not together: they saturate, and a saturated sum then differs
// from what it is compared with, which is reported (an honest register never comes near 2^64 units).
void add_saturating(Amount& to, Amount v) {
    if (!checked_add(to, v, to)) to = UINT64_MAX;
}

void problem(ImportSource& s, const std::string& file, uint64_t line, uint64_t column, std::string reason) {
    s.problems.push_back(ImportProblem{file, line, column, std::move(reason)});
}

// The KYC level a receiver of the asset needs: the policy's, and at least 1 for every class but `other` (the
// chain's default transfer policy, checked by issue as by transfer).
uint8_t kyc_needed(const AssetRow& a) {
    const uint8_t by_class = a.asset_class == AssetClass::other ? 0 : 1;
    return std::max<uint8_t>(by_class, a.kyc_min_level.value_or(0));
}

// Each holding's movements sum to its amount; a movement of a holding the file does not list counts as a
// holding of zero.
void check_movement_sums(ImportSource& s, const ImportTallies& t) {
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& h : s.holdings) {
        const auto key = std::make_pair(h.symbol, h.holder_id);
        seen.insert(key);
        if (t.unreadable_holdings.count(key) || t.unreadable_assets.count(h.symbol)) continue;
        auto it = t.by_holding.find(key);
        const Flow flow = it == t.by_holding.end() ? Flow{} : it->second;
        const uint8_t decimals = s.asset(h.symbol)->decimals;
        if (flow.out > flow.in || flow.in - flow.out != h.amount) {
            const std::string net = flow.out > flow.in
                                        ? std::string("-") + format_amount(flow.out - flow.in, decimals)
                                        : format_amount(flow.in - flow.out, decimals);
            problem(s, "holdings.csv", h.line, 3,
                    "amount " + format_amount(h.amount, decimals) + " of " + h.symbol + " held by " +
                        h.holder_id + ", but movements.csv sums to " + net);
        }
    }
    for (const auto& [key, flow] : t.by_holding) {
        if (seen.count(key) || t.unreadable_assets.count(key.first) ||
            t.unreadable_holders.count(key.second) || flow.in == flow.out) {
            continue;
        }
        if (!s.asset(key.first)) continue;
        problem(s, "movements.csv", 1, 1,
                "the movements of " + key.first + " leave " + key.second + " holding " +
                    format_amount(flow.in - std::min(flow.in, flow.out), s.asset(key.first)->decimals) +
                    ", but holdings.csv has no such holding");
    }
}

// Supply: declared = issued - redeemed (movements) = held + in escrow (holdings, campaigns); and it fits
// under max_supply with the units the running campaigns still offer.
void check_supply(ImportSource& s, const ImportTallies& t) {
    std::map<std::string, Amount> held;
    std::map<std::string, size_t> holders;
    for (const auto& h : s.holdings) {
        add_saturating(held[h.symbol], h.amount);
        ++holders[h.symbol];
    }
    std::map<std::string, Amount> escrow;
    std::map<std::string, uint64_t> offered;
    for (const auto& c : s.campaigns) {
        add_saturating(escrow[c.currency], c.collected);
        offered[c.symbol] = std::max(offered[c.symbol], c.target);
    }
    for (const auto& a : s.assets) {
        if (t.unreadable_assets.count(a.symbol)) continue;
        auto issued = t.issued.find(a.symbol);
        const Flow flow = issued == t.issued.end() ? Flow{} : issued->second;
        if (flow.out > flow.in || flow.in - flow.out != a.declared_supply) {
            problem(s, "manifest.json", 1, 1,
                    "supply." + a.symbol + " is " + format_amount(a.declared_supply, a.decimals) +
                        ", movements.csv issues " + format_amount(flow.in, a.decimals) + " and redeems " +
                        format_amount(flow.out, a.decimals));
        }
        Amount total = 0;
        if (!checked_add(held[a.symbol], escrow[a.symbol], total) || total != a.declared_supply) {
            problem(s, "assets.csv", a.line, 1,
                    "holdings.csv holds " + format_amount(held[a.symbol], a.decimals) + " of " + a.symbol +
                        (escrow[a.symbol] ? " and campaigns.csv " +
                                                format_amount(escrow[a.symbol], a.decimals) + " in escrow"
                                          : std::string()) +
                        ", manifest.json declares " + format_amount(a.declared_supply, a.decimals));
        }
        Amount needed = 0;
        if (!checked_add(std::max(a.declared_supply, total), offered[a.symbol], needed) ||
            needed > a.max_supply) {
            problem(s, "assets.csv", a.line, 4,
                    "over max supply: max_supply " + format_amount(a.max_supply, a.decimals) + " of " +
                        a.symbol + " is below its supply " +
                        format_amount(std::max(a.declared_supply, total), a.decimals) +
                        (offered[a.symbol]
                             ? " plus the " + std::to_string(offered[a.symbol]) + " units its campaign offers"
                             : std::string()));
        }
        if (a.max_holders && *a.max_holders != 0 && holders[a.symbol] > *a.max_holders) {
            problem(s, "assets.csv", a.line, 6,
                    std::to_string(holders[a.symbol]) + " holders of " + a.symbol + ", max_holders is " +
                        std::to_string(*a.max_holders));
        }
    }
}

// A holder of (or subscriber to) an asset whose class needs KYC has a running attestation of the level it
// needs. One problem per holder: the first asset that needs more than it has.
void check_kyc(ImportSource& s, const ImportTallies& t, uint64_t now_ms) {
    std::map<std::string, std::vector<const AssetRow*>> needs;  // holder -> assets in file order
    for (const auto& h : s.holdings) needs[h.holder_id].push_back(s.asset(h.symbol));
    for (const auto& sub : s.subscriptions) {
        for (const auto& c : s.campaigns) {
            if (c.campaign_id == sub.campaign_id) needs[sub.holder_id].push_back(s.asset(c.symbol));
        }
    }
    const uint64_t limit = std::max(s.manifest.cutover_ms, now_ms);
    for (const auto& h : s.holders) {
        if (t.unreadable_holders.count(h.holder_id)) continue;
        auto it = needs.find(h.holder_id);
        if (it == needs.end()) continue;
        for (const AssetRow* a : it->second) {
            const uint8_t level = kyc_needed(*a);
            if (level == 0) continue;
            const std::string what = a->symbol + " (" + std::string(asset_class_name(a->asset_class)) +
                                     ") needs KYC level " + std::to_string(level);
            if (!h.has_kyc) {
                problem(s, "accounts.csv", h.line, 3, h.holder_id + " has no KYC, but " + what);
            } else if (h.kyc_level < level) {
                problem(s, "accounts.csv", h.line, 3,
                        h.holder_id + " has KYC level " + std::to_string(h.kyc_level) + ", but " + what);
            } else if (h.kyc_expires_ms <= limit) {
                problem(s, "accounts.csv", h.line, 5,
                        "expired KYC: " + h.holder_id + "'s ended " + format_import_time(h.kyc_expires_ms) +
                            " (it must run past the cut-over and now), but " + what);
            } else {
                continue;
            }
            break;
        }
    }
}

// Each campaign's subscriptions add up to what it says it sold and collected, and movements.csv put that
// much into its escrow.
void check_campaigns(ImportSource& s, const ImportTallies& t) {
    for (const auto& c : s.campaigns) {
        if (t.unreadable_campaigns.count(c.campaign_id)) continue;
        uint64_t units = 0;
        Amount paid = 0;
        for (const auto& sub : s.subscriptions) {
            if (sub.campaign_id != c.campaign_id) continue;
            add_saturating(units, sub.units);
            add_saturating(paid, sub.amount);
        }
        const uint8_t decimals = s.asset(c.currency)->decimals;
        if (units != c.units_sold || paid != c.collected) {
            problem(s, "campaigns.csv", c.line, 9,
                    "subscriptions.csv gives " + std::to_string(units) + " units for " +
                        format_amount(paid, decimals) + ", the campaign says " +
                        std::to_string(c.units_sold) + " for " + format_amount(c.collected, decimals));
        }
        if (t.unreadable_assets.count(c.currency)) continue;
        auto e = t.escrow.find(c.campaign_id);
        const Flow flow = e == t.escrow.end() ? Flow{} : e->second;
        if (flow.out > flow.in || flow.in - flow.out != c.collected) {
            problem(s, "campaigns.csv", c.line, 9,
                    "movements.csv puts " + format_amount(flow.in - std::min(flow.in, flow.out), decimals) +
                        " into the escrow of " + c.campaign_id + ", the campaign says it collected " +
                        format_amount(c.collected, decimals));
        }
    }
}

}  // namespace

void check_across_files(ImportSource& source, const ImportTallies& tallies, uint64_t now_ms) {
    check_movement_sums(source, tallies);
    check_supply(source, tallies);
    check_kyc(source, tallies, now_ms);
    check_campaigns(source, tallies);
    std::stable_sort(source.problems.begin(), source.problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) {
                         return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
                     });
}

}  // namespace folio::audit
