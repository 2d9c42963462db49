#include "contracts/minibond_queries.h"

#include <nlohmann/json.hpp>

#include "contracts/minibond_state.h"
#include "contracts/op_support.h"
#include "contracts/payout.h"

namespace folio::contracts {
namespace {

using namespace minibond_state;

Result<nlohmann::json> schedule_json(const QueryContext& ctx, const std::string& symbol) {
    auto asset = load_asset(ctx.state, symbol);
    if (!asset) return asset.error();
    auto terms = read_terms(ctx.state, asset->id);
    if (!terms) return make_error(Reason::UNKNOWN_ID, symbol + " has no minibond terms");
    const uint8_t d = decimals_of(ctx.state, terms->currency);
    const uint64_t units = table_units(*terms, *asset);
    nlohmann::json t{{"asset", asset->symbol},
                     {"currency", symbol_of(ctx.state, terms->currency)},
                     {"nominal", format_amount(terms->nominal, d)},
                     {"rate_bps", terms->schedule.rate_bps},
                     {"schedule", schedule_name(terms->schedule.schedule)},
                     {"period_months", terms->schedule.period_months},
                     {"instalments", terms->schedule.instalments},
                     {"deferral", terms->schedule.deferral},
                     {"first_due_ms", terms->schedule.first_due_ms},
                     {"units", std::to_string(units)},
                     {"units_fixed", terms->units != 0}};
    nlohmann::json out{{"terms", t}, {"instalments", nlohmann::json::array()}};
    if (units == 0) return out;  // nothing issued yet: no table
    auto table = table_of(*terms, units);
    if (!table) return table.error();
    out["terms"]["principal"] =
        format_amount(table->instalments.empty() ? 0 : table->total_payment - table->total_interest, d);
    out["total_interest"] = format_amount(table->total_interest, d);
    std::vector<uint16_t> paid, defaulted;
    for (const Instalment& row : table->instalments) {
        if (coupon_done(ctx.state, asset->id, row.number)) paid.push_back(row.number);
        if (default_marked(ctx.state, asset->id, row.number)) defaulted.push_back(row.number);
    }
    auto statuses = instalment_statuses(*table, paid, defaulted, ctx.time_ms);
    if (!statuses) return statuses.error();
    for (const Instalment& row : table->instalments) {
        nlohmann::json j{{"n", row.number},
                         {"due_ms", row.due_ms},
                         {"payment", format_amount(row.payment, d)},
                         {"interest", format_amount(row.interest, d)},
                         {"principal", format_amount(row.principal, d)},
                         {"outstanding", format_amount(row.outstanding, d)},
                         {"status", instalment_status_name((*statuses)[row.number - 1])}};
        if (auto id = coupon_id(ctx.state, asset->id, row.number)) j["coupon"] = instrument_id_hex(*id);
        out["instalments"].push_back(std::move(j));
    }
    return out;
}

}  // namespace

InstrumentQuery make_asset_schedule_query() {
    InstrumentQuery q;
    q.name = "asset_schedule";
    q.summary = "A minibond's terms and amortization table with each instalment's status.";
    q.params =
        R"([{"name":"asset","required":true,"description":"the minibond asset","schema":{"type":"string"}}])";
    q.result_schema = R"({"type":"object","properties":{"terms":{"type":"object"},)"
                      R"("instalments":{"type":"array","items":{"type":"object"}}}})";
    q.errors = {Reason::UNKNOWN_ASSET, Reason::UNKNOWN_ID};
    q.example_params = R"({"asset":"BOND"})";
    q.example_result =
        R"({"terms":{"asset":"BOND","currency":"EURX","nominal":"100.00","rate_bps":700,"schedule":"annuity",)"
        R"("period_months":1,"instalments":12,"deferral":0,"first_due_ms":1767225600000,"units":"100",)"
        R"("units_fixed":true,"principal":"10000.00"},"total_interest":"383.22",)"
        R"("instalments":[{"n":1,"due_ms":1767225600000,"payment":"865.27",)"
        R"("interest":"58.33","principal":"806.94","outstanding":"9193.06","status":"paid",)"
        R"("coupon":"5f1c0a3e9b7d2c4f6a8e0b1d3c5e7f90"}]})";
    q.handler = [](const QueryContext& ctx, const nlohmann::json& params) {
        return schedule_json(ctx, params.value("asset", std::string()));
    };
    return q;
}

}  // namespace folio::contracts
