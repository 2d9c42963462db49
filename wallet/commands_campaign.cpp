// subscribe, withdraw: an investor's side of a crowdfunding campaign (contracts/campaign.h). The wallet reads
// the campaign from the node (campaign_get) to learn its currency and that currency's decimals, then encodes
// the op itself, shows it and signs it as transfer does.
#include <nlohmann/json.hpp>

#include "contracts/campaign.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

struct CampaignView {
    InstrumentId id{};
    std::string currency;
    uint8_t decimals = 0;
    json doc;
};

Expected<CampaignView> read_campaign_arg(Context& ctx) {
    const std::string text = *ctx.args().get("--campaign");
    CampaignView v;
    if (!parse_instrument_id(text, v.id))
        return usage_error(
            "--campaign: a campaign id is 32 lowercase hex characters, as campaign_create gave it");
    auto node = ctx.node();
    if (!node) return node.failure();
    auto got = (*node)->call("campaign_get", json{{"id", text}});
    if (!got) return got.failure();
    if (!got->is_object() || !(*got)["currency"].is_string())
        return bad_answer("campaign_get", "no currency");
    v.currency = (*got)["currency"].get<std::string>();
    auto currency = (*node)->asset(v.currency);
    if (!currency) return currency.failure();
    v.decimals = currency->decimals;
    v.doc = std::move(*got);
    return v;
}

DecimalsLookup decimals_of(const CampaignView& v) {
    return [symbol = v.currency, d = v.decimals](std::string_view s) -> std::optional<uint8_t> {
        if (s == symbol) return d;
        return std::nullopt;
    };
}

std::string summary(const CampaignView& v) {
    auto field = [&](const char* name) {
        const json& f = v.doc[name];
        return f.is_string() ? f.get<std::string>() : f.is_null() ? std::string("-") : f.dump();
    };
    return cat("Campaign ", instrument_id_hex(v.id), " (", field("status"), "): asset ", field("asset"),
               ", raised ", field("raised"), " of target ", field("target"), " ", v.currency, ", cap ",
               field("cap"), ", tickets ", field("min_ticket"), "..", field("max_ticket"), "\n");
}

}  // namespace

Expected<Report> cmd_subscribe(Context& ctx) {
    auto amount_text = parse_amount_text("--amount", *ctx.args().get("--amount"));
    if (!amount_text) return amount_text.failure();
    auto campaign = read_campaign_arg(ctx);
    if (!campaign) return campaign.failure();
    auto amount = parse_amount_for("--amount", *amount_text, campaign->decimals, campaign->currency);
    if (!amount) return amount.failure();
    if (!ctx.options().json) ctx.note(summary(*campaign));
    const Op op = contracts::encode_campaign_subscribe({campaign->id, campaign->currency, *amount});
    return submit_ops(ctx, {op}, decimals_of(*campaign), "subscription");
}

Expected<Report> cmd_withdraw(Context& ctx) {
    auto campaign = read_campaign_arg(ctx);
    if (!campaign) return campaign.failure();
    if (!ctx.options().json) ctx.note(summary(*campaign));
    const Op op = contracts::encode_campaign_withdraw({campaign->id});
    return submit_ops(ctx, {op}, decimals_of(*campaign), "withdrawal");
}

}  // namespace folio::wallet
