// claim, schedule: the investor's side of distributions and minibonds (contracts/distribution.h,
// contracts/minibond.h). claim sends the contract op distribution_claim (--distribution) or coupon_claim
// (--coupon), encoded by the wallet's own registry; schedule reads the node's asset_schedule query.
#include <nlohmann/json.hpp>

#include "chain/instrument.h"
#include "contracts/calendar.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

// "2026-01-31" for a due date (UTC).
std::string utc_date(uint64_t ms) {
    const contracts::CivilDate d = contracts::civil_from_days(ms / contracts::kMsPerDay);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", d.year % 10000, d.month % 100, d.day % 100);
    return buf;
}

std::string text_of(const json& j, const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? printable(it->get<std::string>(), 64) : std::string();
}

std::string number_of(const json& j, const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_number_unsigned() ? std::to_string(it->get<uint64_t>()) : std::string();
}

}  // namespace

namespace {

// --coupon ASSET:INSTALMENT, as coupon_claim names a minibond's withheld share.
Expected<json> coupon_claim_op(const std::string& text) {
    const size_t colon = text.find(':');
    auto fail = [] {
        return input_error(Reason::INVALID_ARGUMENT, "--coupon: not ASSET:INSTALMENT",
                           "pass the minibond's symbol and the instalment's number, e.g. BOND:3");
    };
    if (colon == std::string::npos) return fail();
    auto symbol = parse_symbol("--coupon", text.substr(0, colon));
    if (!symbol) return symbol.failure();
    const std::string n = text.substr(colon + 1);
    if (n.empty() || n.size() > 5 || n.find_first_not_of("0123456789") != std::string::npos || n[0] == '0')
        return fail();
    const uint64_t instalment = std::stoull(n);
    if (instalment > UINT16_MAX) return fail();
    return json{{"op", "coupon_claim"}, {"asset", *symbol}, {"instalment", instalment}};
}

}  // namespace

Expected<Report> cmd_claim(Context& ctx) {
    const auto distribution = ctx.args().get("--distribution");
    const auto coupon = ctx.args().get("--coupon");
    if (distribution.has_value() == coupon.has_value())
        return usage_error("claim: give --distribution ID or --coupon ASSET:INSTALMENT, one of them");
    json claim;
    if (distribution) {
        InstrumentId id{};
        if (!parse_instrument_id(*distribution, id)) {
            return input_error(Reason::INVALID_ARGUMENT, "--distribution: not a distribution id",
                               "pass the 32 lowercase hex characters of the id the platform announced");
        }
        claim = json{{"op", "distribution_claim"}, {"id", instrument_id_hex(id)}};
    } else {
        auto op = coupon_claim_op(*coupon);
        if (!op) return op.failure();
        claim = std::move(*op);
    }
    auto wait_ms = wait_ms_option(ctx);
    if (!wait_ms) return wait_ms.failure();
    auto key = ctx.key();
    if (!key) return key.failure();
    if (auto pinned = ctx.pinned(); !pinned) return pinned.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    const DecimalsLookup no_decimals = [](std::string_view) -> std::optional<uint8_t> {
        return std::nullopt;
    };
    auto op = registry().op_from_json(claim, no_decimals);
    if (!op) return failure_of(op.error(), ExitCode::internal);
    TxRequest request;
    request.ops = {std::move(op).value()};
    request.wait_ms = *wait_ms;
    request.decimals = no_decimals;
    request.what = distribution ? "Claim of your withheld share" : "Claim of your withheld coupon share";
    return sign_and_submit(ctx, *key, std::move(request));
}

Expected<Report> cmd_schedule(Context& ctx) {
    auto symbol = parse_symbol("--asset", *ctx.args().get("--asset"));
    if (!symbol) return symbol.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    auto r = (*node)->call("asset_schedule", json{{"asset", *symbol}});
    if (!r) return r.failure();
    if (!r->is_object() || !r->contains("terms") || !(*r)["terms"].is_object() ||
        !r->contains("instalments") || !(*r)["instalments"].is_array()) {
        return bad_answer("asset_schedule", "no terms object or instalments array");
    }
    const json& terms = (*r)["terms"];
    const std::string currency = text_of(terms, "currency");
    std::string human =
        cat("Schedule of ", *symbol, ": ", text_of(terms, "schedule"), ", ", number_of(terms, "rate_bps"),
            " bps a year, ", number_of(terms, "instalments"), " instalments every ",
            number_of(terms, "period_months"), " month(s), ", number_of(terms, "deferral"), " deferred; ",
            text_of(terms, "units"), " bonds of ", text_of(terms, "nominal"), " ", currency, "\n");
    Table table{{"N", "DUE (UTC)", "PAYMENT", "INTEREST", "PRINCIPAL", "OUTSTANDING", "STATUS"},
                {true, false, true, true, true, true, false},
                {}};
    for (const json& row : (*r)["instalments"]) {
        if (!row.is_object() || !row.contains("due_ms") || !row["due_ms"].is_number_unsigned()) {
            return bad_answer("asset_schedule", "an instalment has no due_ms");
        }
        std::vector<std::string> cells{number_of(row, "n"), utc_date(row["due_ms"].get<uint64_t>())};
        for (const char* f : {"payment", "interest", "principal", "outstanding", "status"}) {
            const std::string v = text_of(row, f);
            if (v.empty()) return bad_answer("asset_schedule", cat("an instalment has no ", f));
            cells.push_back(v);
        }
        table.rows.push_back(std::move(cells));
    }
    human += table.rows.empty() ? "  (no table yet: no bonds issued)\n" : table.render();
    if (r->contains("total_interest"))
        human += cat("Total interest: ", text_of(*r, "total_interest"), " ", currency, "\n");
    return Report{rpc::dump_json(*r), human};
}

}  // namespace folio::wallet
