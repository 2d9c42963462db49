// dvp: the signer's half of a delivery-versus-payment tx (docs/instruments.md "Delivery versus payment").
// Both parties sign a dvp, so the command signs with the selected key and writes the tx to a file for the
// counterparty, who checks it with `show`, signs it with `sign` and submits it with `submit`.
#include "contracts/dvp.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

struct LegText {
    std::string symbol;
    std::string amount;
};

// "SYMBOL:AMOUNT", e.g. ACME:10 or EURX:250.00.
Expected<LegText> parse_leg(std::string_view option, std::string_view text) {
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos)
        return input_error(Reason::INVALID_ARGUMENT,
                           cat(option, ": expected SYMBOL:AMOUNT, e.g. EURX:250.00"));
    auto symbol = parse_symbol(option, text.substr(0, colon));
    if (!symbol) return symbol.failure();
    auto amount = parse_amount_text(option, text.substr(colon + 1));
    if (!amount) return amount.failure();
    return LegText{*symbol, *amount};
}

// The leg in base units, with the asset's decimals from the node.
Expected<contracts::DvpLeg> resolve_leg(NodeClient& node, std::string_view option, const LegText& leg,
                                        std::vector<AssetInfo>& assets) {
    auto asset = node.asset(leg.symbol);
    if (!asset) return asset.failure();
    auto amount = parse_amount_for(option, leg.amount, asset->decimals, leg.symbol);
    if (!amount) return amount.failure();
    if (*amount == 0) return input_error(Reason::BAD_AMOUNT, cat(option, ": the amount must be positive"));
    assets.push_back(*asset);
    return contracts::DvpLeg{leg.symbol, *amount};
}

}  // namespace

Expected<Report> cmd_dvp(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    auto counterparty = parse_address("--counterparty", *a.get("--counterparty"));
    if (!counterparty) return counterparty.failure();
    auto give = parse_leg("--give", *a.get("--give"));
    if (!give) return give.failure();
    auto get = parse_leg("--get", *a.get("--get"));
    if (!get) return get.failure();
    if (give->symbol == get->symbol)
        return input_error(Reason::INVALID_ARGUMENT, "--get: must name another asset than --give");
    auto out = parse_path_option("--out", *a.get("--out"));
    if (!out) return out.failure();
    auto valid_blocks = valid_blocks_option(ctx);
    if (!valid_blocks) return valid_blocks.failure();
    auto key = ctx.key();
    if (!key) return key.failure();
    if (key->account == *counterparty)
        return input_error(Reason::INVALID_ARGUMENT, "--counterparty: an account cannot swap with itself");
    auto node = ctx.node();
    if (!node) return node.failure();
    std::vector<AssetInfo> assets;
    auto give_leg = resolve_leg(**node, "--give", *give, assets);
    if (!give_leg) return give_leg.failure();
    auto get_leg = resolve_leg(**node, "--get", *get, assets);
    if (!get_leg) return get_leg.failure();

    TxRequest request;
    request.ops.push_back(contracts::encode_dvp(contracts::DvpOp{*counterparty, *give_leg, *get_leg}));
    request.valid_blocks = *valid_blocks;
    request.decimals = [assets](std::string_view symbol) -> std::optional<uint8_t> {
        for (const AssetInfo& asset : assets) {
            if (asset.symbol == symbol) return asset.decimals;
        }
        return std::nullopt;
    };
    request.what = "Delivery versus payment";
    request.out_path = *out;
    return sign_and_submit(ctx, *key, std::move(request));
}

}  // namespace folio::wallet
