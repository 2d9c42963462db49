#include "contracts/campaign_queries.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"

namespace folio::contracts {
namespace {

using nlohmann::json;

// campaign_list reads at most this many campaigns per call; next_cursor resumes after them.
constexpr uint64_t kListScan = 1000;

constexpr std::string_view kCampaignSchema = R"({"type":"object","properties":{
"id":{"type":"string"},"status":{"enum":["open","succeeded","failed"]},"settled":{"type":"boolean"},
"issuer":{"type":"string"},"asset":{"type":["string","null"]},"currency":{"type":"string"},
"price":{"type":["string","null"]},"raised":{"type":"string"},"target":{"type":"string"},"cap":{"type":"string"},
"min_ticket":{"type":"string"},"max_ticket":{"type":"string"},"deadline_ms":{"type":"integer"},
"terms_hash":{"type":"string"},"subscribers":{"type":"integer"},"units":{"type":"string"},
"escrow":{"type":"string"},"settled_subscribers":{"type":"integer"},"created_height":{"type":"integer"},
"created_ms":{"type":"integer"},"subscription":{"type":"object"}}})";

Result<InstrumentId> id_param(const json& params) {
    InstrumentId id;
    if (!parse_instrument_id(params.value("id", std::string()), id)) {
        return make_error(Reason::INVALID_ARGUMENT, "id: not 32 lowercase hex");
    }
    return id;
}

InstrumentQuery get_query() {
    InstrumentQuery q;
    q.name = "campaign_get";
    q.summary =
        "A crowdfunding campaign: its terms, status, amount raised and subscribers; with account, that "
        "investor's subscription.";
    q.params =
        R"([{"name":"id","required":true,"description":"Campaign id, 32 hex.","schema":{"type":"string"}},
{"name":"account","required":false,"description":"An investor whose subscription to show.","schema":{"type":"string"}}])";
    q.result_schema = std::string(kCampaignSchema);
    q.errors = {Reason::UNKNOWN_ID, Reason::BAD_ADDRESS};
    q.example_params = R"({"id":"5b0c3e1f9a7d24c68e01f3b2a4d5c6e7"})";
    q.example_result =
        R"({"id":"5b0c3e1f9a7d24c68e01f3b2a4d5c6e7","status":"open","settled":false,"issuer":"folio1...",)"
        R"("asset":"ACME","currency":"EURX","price":"10.00","raised":"1500.00","target":"10000.00",)"
        R"("cap":"20000.00","min_ticket":"100.00","max_ticket":"5000.00","deadline_ms":1767225600000,)"
        R"("terms_hash":"11...11","subscribers":3,"units":"150","escrow":"1500.00","settled_subscribers":0,)"
        R"("created_height":12,"created_ms":1764633600000})";
    q.handler = [](const QueryContext& ctx, const json& params) -> Result<json> {
        auto id = id_param(params);
        if (!id) return id.error();
        auto c = read_campaign(ctx.state, *id);
        if (!c) return make_error(Reason::UNKNOWN_ID, "no campaign " + instrument_id_hex(*id));
        auto out = campaign_json(*id, *c, ctx.decimals);
        if (!out || !params.contains("account")) return out;
        auto account = crypto::decode_address(params["account"].get<std::string>());
        if (!account) return make_error(Reason::BAD_ADDRESS, "account: not a folio address");
        const auto slot = read_investor_slot(ctx.state, *id, *account);
        const auto sub = slot ? read_subscription(ctx.state, *id, *slot) : std::nullopt;
        const uint8_t d = ctx.decimals(c->terms.currency).value_or(0);
        (*out)["subscription"] = sub ? json{{"account", crypto::encode_address(sub->account)},
                                            {"amount", format_amount(sub->amount, d)},
                                            {"subscribed_ms", sub->subscribed_ms},
                                            {"settled", *slot < c->cursor}}
                                     : json(nullptr);
        return out;
    };
    return q;
}

InstrumentQuery list_query() {
    InstrumentQuery q;
    q.name = "campaign_list";
    q.summary = "Crowdfunding campaigns in creation order, optionally of one asset and one status.";
    q.params =
        R"([{"name":"asset","required":false,"description":"Only campaigns of this asset.","schema":{"type":"string"}},
{"name":"status","required":false,"description":"open, succeeded or failed.","schema":{"type":"string","enum":["open","succeeded","failed"]}},
{"name":"cursor","required":false,"description":"next_cursor of the previous page.","schema":{"type":"integer","minimum":0}}])";
    q.result_schema = R"({"type":"object","properties":{"campaigns":{"type":"array","items":)" +
                      std::string(kCampaignSchema) + R"(},"next_cursor":{"type":"integer"}}})";
    q.example_params = R"({"asset":"ACME","status":"open"})";
    q.example_result = R"({"campaigns":[]})";
    q.handler = [](const QueryContext& ctx, const json& params) -> Result<json> {
        std::optional<CampaignStatus> status;
        if (params.contains("status")) {
            CampaignStatus s;
            if (!params["status"].is_string() ||
                !campaign_status_from_name(params["status"].get<std::string>(), s)) {
                return make_error(Reason::INVALID_ARGUMENT, "status: open, succeeded or failed");
            }
            status = s;
        }
        const std::string asset = params.contains("asset") && params["asset"].is_string()
                                      ? params["asset"].get<std::string>()
                                      : std::string();
        const uint64_t start = params.contains("cursor") && params["cursor"].is_number_unsigned()
                                   ? params["cursor"].get<uint64_t>()
                                   : 0;
        const uint64_t count = read_campaign_count(ctx.state);
        json out{{"campaigns", json::array()}};
        uint64_t n = start;
        for (; n < count && n - start < kListScan; ++n) {
            const auto id = read_campaign_at(ctx.state, n);
            if (!id) continue;
            const auto c = read_campaign(ctx.state, *id);
            if (!c || (status && c->status != *status) || (!asset.empty() && c->terms.asset != asset))
                continue;
            auto row = campaign_json(*id, *c, ctx.decimals);
            if (!row) return row.error();
            out["campaigns"].push_back(std::move(*row));
        }
        if (n < count) out["next_cursor"] = n;
        return out;
    };
    return q;
}

}  // namespace

Result<json> campaign_json(const InstrumentId& id, const Campaign& c, const DecimalsLookup& decimals) {
    const auto d = decimals(c.terms.currency);
    if (!d) return make_error(Reason::UNKNOWN_ASSET, "no asset " + c.terms.currency);
    const uint8_t units_decimals = c.terms.asset.empty() ? 0 : decimals(c.terms.asset).value_or(0);
    json out{{"id", instrument_id_hex(id)},
             {"status", campaign_status_name(c.status)},
             {"settled", c.settlement_done()},
             {"issuer", crypto::encode_address(c.issuer)},
             {"currency", c.terms.currency},
             {"raised", format_amount(c.raised, *d)},
             {"target", format_amount(c.terms.target, *d)},
             {"cap", format_amount(c.terms.cap, *d)},
             {"min_ticket", format_amount(c.terms.min_ticket, *d)},
             {"max_ticket", format_amount(c.terms.max_ticket, *d)},
             {"deadline_ms", c.terms.deadline_ms},
             {"terms_hash", to_hex(c.terms.terms_hash)},
             {"subscribers", c.subscribers},
             {"escrow", format_amount(c.escrowed(), *d)},
             {"settled_subscribers", c.cursor},
             {"created_height", c.created_height},
             {"created_ms", c.created_ms}};
    out["asset"] = c.terms.asset.empty() ? json(nullptr) : json(c.terms.asset);
    out["price"] = c.terms.asset.empty() ? json(nullptr) : json(format_amount(c.terms.price, *d));
    out["units"] = format_amount(c.units, units_decimals);
    return out;
}

std::vector<InstrumentQuery> make_campaign_queries() {
    return {get_query(), list_query()};
}

}  // namespace folio::contracts
