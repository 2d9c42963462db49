// folio-audit register: the holders of an asset at a height (audit/export.h).
#include <nlohmann/json.hpp>

#include "audit/export.h"
#include "audit/export_open.h"
#include "audit/export_output.h"
#include "audit/identities.h"
#include "chain/crypto/bech32m.h"

namespace folio::audit {
namespace {

constexpr const char* kCommand = "register";
constexpr size_t kPage = 10'000;

std::vector<Column> register_columns(bool with_identities) {
    std::vector<Column> c = {{"asset", CellKind::text},         {"height", CellKind::integer},
                             {"address", CellKind::text},       {"amount", CellKind::amount},
                             {"locked", CellKind::amount},      {"frozen", CellKind::amount},
                             {"available", CellKind::amount},   {"kyc_level", CellKind::integer},
                             {"kyc_category", CellKind::text},  {"kyc_expires", CellKind::text},
                             {"kyc_doc_hash", CellKind::text}};
    if (with_identities) {
        c.push_back({"holder_ref", CellKind::text});
        c.push_back({"name", CellKind::text});
        c.push_back({"postal_address", CellKind::text});
    }
    return c;
}

struct RegisterTotals {
    Amount amount = 0, locked = 0, frozen = 0, available = 0;
    uint64_t holders = 0;
    uint64_t identified = 0;
};

}  // namespace

int run_register(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    auto usage = [&](const std::string& m) { return usage_failed(err, kCommand, m); };
    std::string why;
    auto start = export_start(args, false, why);
    if (!start) return usage(why);
    const auto& output = start->output;
    const auto height_arg = height_option(args, "--height", why);
    if (!why.empty()) return usage(why);
    if (!args.get("--asset")) return usage("--asset S is required");
    const std::string symbol = *args.get("--asset");

    std::optional<Identities> identities;
    if (auto file = args.get("--identities")) {
        auto read = read_identities(*file);
        if (!read) {
            return command_failed(err, kCommand, read.reason() == Reason::INVALID_ARGUMENT ? kExitUsage : kExitUnreadable,
                                  read.error().message);
        }
        identities = std::move(*read);
    }

    auto opened = open_export_source(args, [&](Height head) -> Result<Height> {
        const Height h = height_arg.value_or(head);
        if (h > head)
            return make_error(Reason::INVALID_ARGUMENT, "--height " + std::to_string(h) + ": the chain has blocks up to " +
                                                            std::to_string(head));
        return h;
    }, err);
    if (opened.error) return open_failed(err, kCommand, *opened.error);
    ExportSource& source = opened.opened->source();
    const Height height = height_arg.value_or(source.head());

    auto asset = source.asset(symbol);
    if (!asset) {
        if (asset.reason() == Reason::NOT_FOUND) return usage("--asset: no asset " + symbol + " on this chain");
        return command_failed(err, kCommand, read_failure_code(asset.error()), asset.error().message);
    }
    auto manifest = manifest_base(source, kCommand, height);
    if (!manifest) return command_failed(err, kCommand, read_failure_code(manifest.error()), manifest.error().message);

    ExportTable table(register_columns(identities.has_value()), output.format);
    RegisterTotals totals;
    const uint8_t d = asset->decimals;
    const std::string height_text = std::to_string(height);
    std::optional<AccountId> after;
    std::vector<std::string> cells;
    for (;;) {
        auto page = source.holders(*asset, height, after, kPage, true);
        if (!page) return command_failed(err, kCommand, read_failure_code(page.error()), page.error().message);
        for (const HolderRow& row : *page) {
            const Balance& b = row.balance;
            if (b.locked > b.amount || b.frozen > b.amount - b.locked) {
                return command_failed(err, kCommand, kExitDiscrepancy,
                                      "the holding of " + crypto::encode_address(row.account) + " at block " +
                                          height_text + " locks or freezes more than its amount");
            }
            if (!checked_add(totals.amount, b.amount, totals.amount) || !checked_add(totals.locked, b.locked, totals.locked) ||
                !checked_add(totals.frozen, b.frozen, totals.frozen) ||
                !checked_add(totals.available, b.available(), totals.available)) {
                return command_failed(err, kCommand, kExitDiscrepancy, "the holdings of " + symbol + " overflow");
            }
            ++totals.holders;
            cells = {asset->symbol,
                     height_text,
                     crypto::encode_address(row.account),
                     format_amount(b.amount, d),
                     format_amount(b.locked, d),
                     format_amount(b.frozen, d),
                     format_amount(b.available(), d),
                     row.kyc ? std::to_string(row.kyc->level) : "",
                     row.kyc ? row.kyc->category : "",
                     row.kyc ? iso8601_utc(row.kyc->expires_ms) : "",
                     row.kyc ? to_hex(row.kyc->doc_hash) : ""};
            if (identities) {
                auto it = identities->by_account.find(row.account);
                if (it != identities->by_account.end()) {
                    ++totals.identified;
                    cells.push_back(it->second.holder_ref);
                    cells.push_back(it->second.name);
                    cells.push_back(it->second.postal_address);
                } else {
                    cells.insert(cells.end(), 3, std::string());
                }
            }
            table.add_row(cells);
        }
        if (page->size() < kPage) break;
        after = page->back().account;
    }

    // The rows against the chain's own record of the asset at that height.
    auto recorded = source.recorded_supply(*asset, height);
    if (!recorded) return command_failed(err, kCommand, read_failure_code(recorded.error()), recorded.error().message);
    nlohmann::json& m = *manifest;
    m["asset"] = asset->symbol;
    m["asset_id"] = asset->id;
    m["decimals"] = d;
    if (*recorded) {
        // Conservation: the holders' amounts plus what instruments hold in escrow make the supply.
        const RecordedSupply& r = **recorded;
        Amount held_and_escrow = 0;
        if (!checked_add(totals.amount, r.escrow, held_and_escrow) || held_and_escrow != r.supply ||
            r.holders != totals.holders) {
            return command_failed(
                err, kCommand, kExitDiscrepancy,
                "the register of " + symbol + " at block " + height_text + " does not add up: the rows hold " +
                    format_amount(totals.amount, d) + " in " + std::to_string(totals.holders) + " holdings, the " +
                    r.source + " says " + format_amount(r.supply, d) + " (" + format_amount(r.escrow, d) +
                    " of it in escrow) in " + std::to_string(r.holders) + "; nothing was written");
        }
        m["supply"] = format_amount(r.supply, d);
        m["escrow"] = format_amount(r.escrow, d);
        m["holders"] = r.holders;
        m["supply_source"] = r.source;
    } else {
        m["supply"] = format_amount(totals.amount, d);
        m["holders"] = totals.holders;
        m["supply_source"] = "sum of the balance history at block " + height_text + " (no asset record there)";
    }
    m["totals"] = {{"amount", format_amount(totals.amount, d)},
                   {"locked", format_amount(totals.locked, d)},
                   {"frozen", format_amount(totals.frozen, d)},
                   {"available", format_amount(totals.available, d)},
                   {"holders", totals.holders}};
    if (identities) {
        m["identities"] = {{"file", *args.get("--identities")},
                           {"sha256", to_hex(identities->sha256)},
                           {"holders_identified", totals.identified},
                           {"holders_unidentified", totals.holders - totals.identified}};
    }
    if (Status s = write_export(output, table, std::move(m)); !s)
        return command_failed(err, kCommand, kExitUnreadable, s.error().message);
    out << "register of " << symbol << " at block " << height << ": " << totals.holders << " holders, "
        << format_amount(totals.amount, d) << " written to " << output.out << "\n";
    return kExitVerified;
}

}  // namespace folio::audit
