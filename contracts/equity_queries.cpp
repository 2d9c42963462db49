#include "contracts/equity_queries.h"

#include <nlohmann/json.hpp>

#include "contracts/asset_lookup.h"
#include "contracts/equity_state.h"
#include "contracts/json_fields.h"

namespace folio::contracts {

using nlohmann::json;
using namespace equity_state;

InstrumentQuery make_pending_list_query() {
    InstrumentQuery q;
    q.name = "pending_list";
    q.summary = "Pending transfer requests of approval assets, by asset and/or account.";
    q.params =
        R"([{"name":"asset","required":false,"description":"Only this asset's requests.","schema":{"type":"string","maxLength":12}},
{"name":"account","required":false,"description":"Only requests this account sends or receives (folio1...).","schema":{"type":"string","maxLength":90}}])";
    q.result_schema =
        R"({"type":"object","required":["height","requests"],"properties":{"height":{"type":"integer"},
"requests":{"type":"array","items":{"type":"object","required":["id","asset","from","to","amount","expires_ms","expired"],
"properties":{"id":{"type":"string"},"asset":{"type":"string"},"from":{"type":"string"},"to":{"type":"string"},
"amount":{"type":"string"},"expires_ms":{"type":"integer"},"expired":{"type":"boolean"}}}}}})";
    q.errors = {Reason::UNKNOWN_ASSET, Reason::BAD_ADDRESS};
    q.example_params = R"({"asset":"ACME"})";
    q.example_result = R"({"height":12,"requests":[]})";
    q.handler = [](const QueryContext& ctx, const json& params) -> Result<json> {
        std::optional<AccountId> account;
        if (params.contains("account")) {
            auto a = address_field(params, "account");
            if (!a) return a.error();
            account = *a;
        }
        std::vector<AssetId> assets;
        if (params.contains("asset")) {
            Asset asset;
            if (Status s = find_asset(ctx.state, params.at("asset").get<std::string>(), asset); !s)
                return s.error();
            assets.push_back(asset.id);
        } else {
            Bytes counter;
            uint32_t next = 1;
            if (ctx.state.get(state_key::meta("next_asset_id"), counter)) {
                Reader r(counter);
                if (!r.u32("next_asset_id", next)) return make_error(Reason::CORRUPTION, "asset counter");
            }
            for (AssetId a = 1; a < next; ++a) assets.push_back(a);
        }
        json rows = json::array();
        for (AssetId a : assets) {
            Asset asset;
            if (!read_asset(ctx.state, a, asset)) continue;
            for (const InstrumentId& id : read_pending(ctx.state, a)) {
                Request r;
                if (!read_request(ctx.state, id, r)) continue;
                if (account && r.from != *account && r.to != *account) continue;
                rows.push_back({{"id", instrument_id_hex(id)},
                                {"asset", asset.symbol},
                                {"from", address_text(r.from)},
                                {"to", address_text(r.to)},
                                {"amount", format_amount(r.amount, asset.decimals)},
                                {"expires_ms", r.expires_ms},
                                {"expired", r.expires_ms <= ctx.time_ms}});
            }
        }
        return json{{"height", ctx.height}, {"requests", std::move(rows)}};
    };
    return q;
}

InstrumentQuery make_policy_get_query() {
    InstrumentQuery q;
    q.name = "policy_get";
    q.summary = "An asset's equity policy as policy_set left it (all defaults when none was set).";
    q.params =
        R"([{"name":"asset","required":true,"description":"The asset.","schema":{"type":"string","maxLength":12}}])";
    q.result_schema = R"({"type":"object","required":["asset","approval","lockup_until_ms","lockup_until_height",)"
                      R"("max_holders","kyc_min_level"],"properties":{"asset":{"type":"string"},)"
                      R"("approval":{"type":"boolean"},"lockup_until_ms":{"type":"integer"},)"
                      R"("lockup_until_height":{"type":"integer"},"max_holders":{"type":"integer"},)"
                      R"("kyc_min_level":{"type":"integer"}}})";
    q.errors = {Reason::UNKNOWN_ASSET};
    q.example_params = R"({"asset":"ACME"})";
    q.example_result = R"({"asset":"ACME","approval":true,"lockup_until_ms":0,"lockup_until_height":0,)"
                       R"("max_holders":150,"kyc_min_level":1})";
    q.handler = [](const QueryContext& ctx, const json& params) -> Result<json> {
        Asset asset;
        if (Status s = find_asset(ctx.state, params.value("asset", std::string()), asset); !s) return s.error();
        const EquityPolicy p = read_equity_policy(ctx.state, asset.id);
        return json{{"asset", asset.symbol},
                    {"approval", p.approval},
                    {"lockup_until_ms", p.lockup_until_ms},
                    {"lockup_until_height", p.lockup_until_height},
                    {"max_holders", p.max_holders},
                    {"kyc_min_level", p.kyc_min_level}};
    };
    return q;
}

}  // namespace folio::contracts
