#include "contracts/equity_queries.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "contracts/asset_lookup.h"
#include "contracts/equity_state.h"
#include "contracts/json_fields.h"

namespace folio::contracts {

using nlohmann::json;
using namespace equity_state;

namespace {

constexpr int64_t kDefaultPendingPage = 100;
constexpr int64_t kMaxPendingPage = 1000;
// Pending entries and assets one page may read, so that a page over many assets without a match stays bounded
// too: it then ends early, with fewer rows and a next_cursor.
constexpr uint64_t kPendingScanBudget = 16384;

// Where a page starts: the asset, and the first request id not yet listed of it (requests are listed in id
// order within an asset). Written "ASSET_ID-ID": the asset's number in decimal, the id in 32 hex.
struct PendingCursor {
    AssetId asset = 1;
    InstrumentId from{};
};

std::string cursor_text(const PendingCursor& c) {
    return std::to_string(c.asset) + "-" + instrument_id_hex(c.from);
}

Result<PendingCursor> parse_cursor(const json& params) {
    PendingCursor c;
    if (!params.contains("cursor")) return c;
    const json& v = params.at("cursor");
    const std::string text = v.is_string() ? v.get<std::string>() : std::string();
    const size_t dash = text.find('-');
    const auto bad = [] { return make_error(Reason::INVALID_ARGUMENT, "cursor: the next_cursor of a page"); };
    if (dash == std::string::npos || dash == 0 || dash > 10) return bad();
    uint64_t asset = 0;
    for (size_t i = 0; i < dash; ++i) {
        if (text[i] < '0' || text[i] > '9') return bad();
        asset = asset * 10 + static_cast<uint64_t>(text[i] - '0');
    }
    if (asset == 0 || asset > UINT32_MAX || !from_hex_fixed(text.substr(dash + 1), c.from)) return bad();
    c.asset = static_cast<AssetId>(asset);
    return c;
}

}  // namespace

InstrumentQuery make_pending_list_query() {
    InstrumentQuery q;
    q.name = "pending_list";
    q.summary = "Pending transfer requests of approval assets, by asset and/or account, paged.";
    q.params =
        R"([{"name":"asset","required":false,"description":"Only this asset's requests.","schema":{"type":"string","maxLength":12}},
{"name":"account","required":false,"description":"Only requests this account sends or receives (folio1...).","schema":{"type":"string","maxLength":90}},
{"name":"cursor","required":false,"description":"next_cursor of the previous page","schema":{"type":"string","maxLength":43}},
{"name":"limit","required":false,"description":"requests per page, at most 1000, default 100","schema":{"type":"integer","minimum":1,"maximum":1000}}])";
    q.result_schema =
        R"({"type":"object","required":["height","requests"],"properties":{"height":{"type":"integer"},
"requests":{"type":"array","items":{"type":"object","required":["id","asset","from","to","amount","expires_ms","expired"],
"properties":{"id":{"type":"string"},"asset":{"type":"string"},"from":{"type":"string"},"to":{"type":"string"},
"amount":{"type":"string"},"expires_ms":{"type":"integer"},"expired":{"type":"boolean"}}}},
"next_cursor":{"type":"string"}}})";
    q.errors = {Reason::UNKNOWN_ASSET, Reason::BAD_ADDRESS, Reason::INVALID_ARGUMENT};
    q.example_params = R"({"asset":"ACME","limit":100})";
    q.example_result = R"({"height":12,"requests":[]})";
    q.handler = [](const QueryContext& ctx, const json& params) -> Result<json> {
        std::optional<AccountId> account;
        if (params.contains("account")) {
            auto a = address_field(params, "account");
            if (!a) return a.error();
            account = *a;
        }
        if (params.contains("limit") && !params["limit"].is_number_integer())
            return make_error(Reason::INVALID_ARGUMENT, "limit: an integer 1..1000");
        const int64_t limit = params.value("limit", kDefaultPendingPage);
        if (limit < 1 || limit > kMaxPendingPage) return make_error(Reason::INVALID_ARGUMENT, "limit: 1..1000");
        auto cursor = parse_cursor(params);
        if (!cursor) return cursor.error();
        AssetId first = cursor->asset, end = first;
        if (params.contains("asset")) {
            Asset asset;
            if (Status s = find_asset(ctx.state, params.at("asset").get<std::string>(), asset); !s)
                return s.error();
            if (params.contains("cursor") && cursor->asset != asset.id)
                return make_error(Reason::INVALID_ARGUMENT, "cursor: a page of another asset");
            first = asset.id;
            end = asset.id + 1;
        } else {
            Bytes counter;
            uint32_t next = 1;
            if (ctx.state.get(state_key::meta("next_asset_id"), counter)) {
                Reader r(counter);
                if (!r.u32("next_asset_id", next)) return make_error(Reason::CORRUPTION, "asset counter");
            }
            end = std::max(first, static_cast<AssetId>(next));
        }
        json rows = json::array();
        uint64_t scanned = 0;
        for (AssetId a = first; a < end; ++a) {
            InstrumentId from = a == cursor->asset ? cursor->from : InstrumentId{};
            // A page stops at the first request it cannot list: that request starts the next page.
            if (scanned >= kPendingScanBudget) return json{{"height", ctx.height}, {"requests", std::move(rows)},
                                                           {"next_cursor", cursor_text({a, from})}};
            ++scanned;
            Asset asset;
            if (!read_asset(ctx.state, a, asset)) continue;
            std::vector<InstrumentId> ids = read_pending(ctx.state, a);
            std::sort(ids.begin(), ids.end());
            for (auto it = std::lower_bound(ids.begin(), ids.end(), from); it != ids.end(); ++it) {
                if (rows.size() == static_cast<size_t>(limit) || scanned >= kPendingScanBudget) {
                    return json{{"height", ctx.height},
                                {"requests", std::move(rows)},
                                {"next_cursor", cursor_text({a, *it})}};
                }
                ++scanned;
                Request r;
                if (!read_request(ctx.state, *it, r)) continue;
                if (account && r.from != *account && r.to != *account) continue;
                rows.push_back({{"id", instrument_id_hex(*it)},
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
