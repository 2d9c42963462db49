#include "audit/import_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "chain/crypto/bech32m.h"
#include "keys/file_io.h"

namespace folio::audit {
namespace {

using nlohmann::json;

constexpr size_t kCallsPerBatch = 100;
const std::string kNone = "none";

std::string status_name(CheckStatus s) {
    switch (s) {
        case CheckStatus::equal:
            return "equal";
        case CheckStatus::differs:
            return "differs";
        case CheckStatus::not_submitted:
            return "not_submitted";
    }
    return "differs";
}

std::string text_of(const json& j) {
    if (j.is_null()) return kNone;
    if (j.is_string()) return j.get<std::string>();
    return j.dump();
}

class Comparer {
  public:
    explicit Comparer(ImportReport& r) : r_(r) {}
    void check(const std::string& kind, const std::string& subject, const std::string& field,
               std::string source, std::string ledger) {
        const CheckStatus s = source == ledger ? CheckStatus::equal : CheckStatus::differs;
        r_.checks.push_back({kind, subject, field, std::move(source), std::move(ledger), s});
    }
    void not_submitted(const std::string& kind, const std::string& subject, const std::string& field,
                       std::string source, std::string why) {
        r_.checks.push_back(
            {kind, subject, field, std::move(source), std::move(why), CheckStatus::not_submitted});
    }

  private:
    ImportReport& r_;
};

// Calls in batches of kCallsPerBatch; each answer a result or an Error, in order.
Result<std::vector<Result<json>>> batched(rpc::Client& client,
                                          const std::vector<std::pair<std::string, json>>& calls) {
    std::vector<Result<json>> out;
    for (size_t i = 0; i < calls.size(); i += kCallsPerBatch) {
        std::vector<std::pair<std::string, json>> part(
            calls.begin() + static_cast<std::ptrdiff_t>(i),
            calls.begin() + static_cast<std::ptrdiff_t>(std::min(calls.size(), i + kCallsPerBatch)));
        auto answers = client.batch(part);
        if (!answers) return answers.error();
        for (auto& a : *answers) out.push_back(std::move(a));
    }
    return out;
}

Status compare_assets(rpc::Client& client, const ImportSource& s,
                      const std::map<std::string, std::string>& committed, Comparer& c) {
    std::vector<std::pair<std::string, json>> calls;
    for (const auto& a : s.assets) calls.emplace_back("asset_get", json{{"asset", a.symbol}});
    for (const auto& a : s.assets) {
        auto hash = committed.find("imp:" + s.manifest.import_id + ":assets:" + std::to_string(a.line));
        calls.emplace_back("tx_get",
                           json{{"tx_hash", hash == committed.end() ? std::string(64, '0') : hash->second}});
    }
    auto answers = batched(client, calls);
    if (!answers) return answers.error();
    std::map<std::string, std::pair<Amount, size_t>> held;  // symbol -> (sum, holders)
    for (const auto& h : s.holdings) {
        auto& [sum, n] = held[h.symbol];
        if (!checked_add(sum, h.amount, sum)) sum = UINT64_MAX;
        ++n;
    }
    for (size_t i = 0; i < s.assets.size(); ++i) {
        const AssetRow& a = s.assets[i];
        const Result<json>& got = (*answers)[i];
        if (!got) {
            if (got.reason() != Reason::NOT_FOUND && got.reason() != Reason::UNKNOWN_ASSET)
                return got.error();
            c.check("asset", a.symbol, "exists", "yes", "no");
            continue;
        }
        const json& l = *got;
        const json policy = l.value("policy", json::object());
        c.check("asset", a.symbol, "class", std::string(asset_class_name(a.asset_class)),
                text_of(l.value("class", json())));
        c.check("asset", a.symbol, "decimals", std::to_string(a.decimals),
                text_of(l.value("decimals", json())));
        c.check("asset", a.symbol, "max_supply", format_amount(a.max_supply, a.decimals),
                text_of(l.value("max_supply", json())));
        c.check("asset", a.symbol, "metadata_hash", to_hex(a.metadata_hash.value_or(Hash256{})),
                text_of(l.value("metadata_hash", json())));
        if (a.kyc_min_level) {
            c.check("asset", a.symbol, "kyc_min_level", std::to_string(*a.kyc_min_level),
                    text_of(policy.value("kyc_min_level", json())));
        }
        if (a.max_holders) {
            c.check("asset", a.symbol, "max_holders", std::to_string(*a.max_holders),
                    text_of(policy.value("max_holders", json())));
        }
        if (a.transferable) {
            c.check("asset", a.symbol, "transferable", *a.transferable ? "true" : "false",
                    text_of(policy.value("transferable", json())));
        }
        c.check("asset", a.symbol, "supply", format_amount(held[a.symbol].first, a.decimals),
                text_of(l.value("supply", json())));
        c.check("asset", a.symbol, "holders", std::to_string(held[a.symbol].second),
                text_of(l.value("holders", json())));
        auto m = s.movements.find(a.symbol);
        const Result<json>& tx = (*answers)[s.assets.size() + i];
        const std::string memo =
            tx && tx->contains("tx") ? text_of((*tx)["tx"].value("memo", json())) : kNone;
        c.check("asset", a.symbol, "movements_memo",
                movements_memo(s.manifest.import_id, a.symbol,
                               m == s.movements.end() ? MovementSummary{} : m->second),
                memo);
    }
    return Status();
}

Status compare_holders(rpc::Client& client, const ImportSource& s, Comparer& c) {
    std::map<std::string, std::vector<const HoldingRow*>> by_holder;
    for (const auto& h : s.holdings) by_holder[h.holder_id].push_back(&h);
    constexpr size_t kHoldersPerRound = 2000;
    for (size_t start = 0; start < s.holders.size(); start += kHoldersPerRound) {
        const size_t end = std::min(s.holders.size(), start + kHoldersPerRound);
        std::vector<std::pair<std::string, json>> calls;
        for (size_t i = start; i < end; ++i) {
            const std::string address = crypto::encode_address(s.holders[i].account);
            calls.emplace_back("account_get", json{{"account", address}});
            calls.emplace_back("account_holdings", json{{"account", address}});
        }
        auto answers = batched(client, calls);
        if (!answers) return answers.error();
        for (size_t i = start; i < end; ++i) {
            const HolderRow& h = s.holders[i];
            const Result<json>& account = (*answers)[2 * (i - start)];
            const Result<json>& holdings = (*answers)[2 * (i - start) + 1];
            const std::string address = crypto::encode_address(h.account);
            if (!account) {
                if (account.reason() != Reason::NOT_FOUND && account.reason() != Reason::UNKNOWN_ACCOUNT)
                    return account.error();
                c.check("holder", h.holder_id, "address", address, kNone);
                continue;
            }
            c.check("holder", h.holder_id, "address", address, text_of(account->value("address", json())));
            c.check("holder", h.holder_id, "pubkey", to_hex(h.pubkey),
                    text_of(account->value("pubkey", json())));
            const json kyc = account->value("kyc", json());
            const bool on_ledger = kyc.is_object() && !kyc.empty();
            c.check("holder", h.holder_id, "kyc_level", h.kyc_carried ? std::to_string(h.kyc_level) : kNone,
                    on_ledger ? text_of(kyc.value("level", json())) : kNone);
            c.check("holder", h.holder_id, "kyc_category", h.kyc_carried ? h.kyc_category : kNone,
                    on_ledger ? text_of(kyc.value("category", json())) : kNone);
            c.check("holder", h.holder_id, "kyc_expires",
                    h.kyc_carried ? format_import_time(h.kyc_expires_ms) : kNone,
                    on_ledger && kyc.contains("expires_ms") && kyc["expires_ms"].is_number_unsigned()
                        ? format_import_time(kyc["expires_ms"].get<uint64_t>())
                        : kNone);
            c.check("holder", h.holder_id, "kyc_doc_hash", h.kyc_carried ? to_hex(h.kyc_doc_hash) : kNone,
                    on_ledger ? text_of(kyc.value("doc_hash", json())) : kNone);
            if (!holdings) return holdings.error();
            std::map<std::string, json> ledger;
            for (const auto& row : holdings->value("holdings", json::array()))
                ledger[row.value("asset", "")] = row;
            std::set<std::string> listed;
            for (const HoldingRow* row : by_holder[h.holder_id]) {
                listed.insert(row->symbol);
                const uint8_t decimals = s.asset(row->symbol)->decimals;
                auto l = ledger.find(row->symbol);
                const json got = l == ledger.end() ? json::object() : l->second;
                c.check("holder", h.holder_id, row->symbol + ".amount", format_amount(row->amount, decimals),
                        text_of(got.value("amount", json())));
                c.check("holder", h.holder_id, row->symbol + ".frozen", format_amount(row->frozen, decimals),
                        text_of(got.value("frozen", json())));
            }
            for (const auto& [symbol, row] : ledger) {
                if (listed.count(symbol) || s.asset(symbol) == nullptr) continue;
                c.check("holder", h.holder_id, symbol + ".amount",
                        format_amount(0, s.asset(symbol)->decimals), text_of(row.value("amount", json())));
            }
        }
    }
    return Status();
}

// The phases not submitted yet: their source figures, so that the report says what still has to come.
void list_not_submitted(const ImportSource& s, Comparer& c) {
    std::map<std::string, std::pair<uint64_t, Amount>>
        remaining;  // symbol -> (instalments due, principal due)
    std::map<std::string, std::string> currency_of;
    for (const auto& row : s.schedules) {
        auto& [n, principal] = remaining[row.symbol];
        currency_of[row.symbol] = row.currency;
        if (row.paid) continue;
        ++n;
        if (!checked_add(principal, row.principal, principal)) principal = UINT64_MAX;
    }
    const std::string why_schedule(import_phases()[4].not_submitted);
    for (const auto& [symbol, due] : remaining) {
        const uint8_t decimals = s.asset(currency_of[symbol])->decimals;
        c.not_submitted("schedule", symbol, "remaining_instalments", std::to_string(due.first), why_schedule);
        c.not_submitted("schedule", symbol, "remaining_principal",
                        format_amount(due.second, decimals) + " " + currency_of[symbol], why_schedule);
    }
    const std::string why_campaign(import_phases()[5].not_submitted);
    for (const auto& camp : s.campaigns) {
        const uint8_t decimals = s.asset(camp.currency)->decimals;
        c.not_submitted("campaign", camp.campaign_id, "escrow",
                        format_amount(camp.collected, decimals) + " " + camp.currency, why_campaign);
        c.not_submitted("campaign", camp.campaign_id, "units_sold", std::to_string(camp.units_sold),
                        why_campaign);
    }
}

std::string csv_field(const std::string& f) {
    if (f.find_first_of(",\"\r\n") == std::string::npos) return f;
    std::string out = "\"";
    for (char ch : f) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

}  // namespace

size_t ImportReport::count(CheckStatus s) const {
    return static_cast<size_t>(
        std::count_if(checks.begin(), checks.end(), [s](const ReportCheck& c) { return c.status == s; }));
}

Result<ImportReport> build_import_report(rpc::Client& client, const ImportSource& source,
                                         const std::map<std::string, std::string>& committed) {
    ImportReport report;
    report.import_id = source.manifest.import_id;
    auto info = client.call("chain_info", json::object());
    if (!info) return info.error();
    report.chain_id = info->value("chain_id", "");
    auto status = client.call("chain_status", json::object());
    if (!status) return status.error();
    report.height = status->value("height", uint64_t{0});
    Comparer c(report);
    if (Status st = compare_assets(client, source, committed, c); !st) return st.error();
    if (Status st = compare_holders(client, source, c); !st) return st.error();
    list_not_submitted(source, c);
    return report;
}

Status write_import_report(const ImportReport& report, const std::string& dir) {
    json checks = json::array();
    std::string csv = "kind,subject,field,source,ledger,status\r\n";
    for (const auto& c : report.checks) {
        checks.push_back({{"kind", c.kind},
                          {"subject", c.subject},
                          {"field", c.field},
                          {"source", c.source},
                          {"ledger", c.ledger},
                          {"status", status_name(c.status)}});
        csv += csv_field(c.kind) + "," + csv_field(c.subject) + "," + csv_field(c.field) + "," +
               csv_field(c.source) + "," + csv_field(c.ledger) + "," + status_name(c.status) + "\r\n";
    }
    const json doc = {{"import_id", report.import_id},
                      {"chain_id", report.chain_id},
                      {"height", report.height},
                      {"result", report.equal() ? "equal" : "differs"},
                      {"counts",
                       {{"checks", report.checks.size()},
                        {"equal", report.count(CheckStatus::equal)},
                        {"differs", report.count(CheckStatus::differs)},
                        {"not_submitted", report.count(CheckStatus::not_submitted)}}},
                      {"checks", std::move(checks)}};
    if (Status s = keys::write_file_atomic(dir + "/import-report.json", doc.dump(1) + "\n", 0644); !s)
        return s;
    return keys::write_file_atomic(dir + "/import-report.csv", csv, 0644);
}

}  // namespace folio::audit
