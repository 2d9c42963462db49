// redeem: a merchant (or, where the currency allows it, any holder) reconverts local currency to euros
// (docs/instruments.md "Local currencies"): the fee goes to the currency's fee account, the rest is burned and
// owed in euros against the payout reference.
#include "chain/bytes.h"
#include "chain/crypto/schnorr.h"
#include "contracts/local_currency.h"
#include "wallet/commands.h"

namespace folio::wallet {

Expected<Report> cmd_redeem(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    auto symbol = parse_symbol("--asset", *a.get("--asset"));
    if (!symbol) return symbol.failure();
    auto amount_text = parse_amount_text("--amount", *a.get("--amount"));
    if (!amount_text) return amount_text.failure();
    // Without --payout-ref, a fresh random reference: the association's bank order quotes whatever the
    // receipt's event carries, and two redemptions never share one.
    Hash256 payout_ref{};
    if (auto ref = a.get("--payout-ref")) {
        if (!from_hex_fixed(*ref, payout_ref))
            return input_error(Reason::INVALID_ARGUMENT, "--payout-ref: not 64 hex characters");
    } else {
        crypto::random_bytes(payout_ref.data(), payout_ref.size());
    }
    auto wait_ms = wait_ms_option(ctx);
    if (!wait_ms) return wait_ms.failure();
    auto key = ctx.key();
    if (!key) return key.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    auto asset = (*node)->asset(*symbol);
    if (!asset) return asset.failure();
    auto amount = parse_amount_for("--amount", *amount_text, asset->decimals, *symbol);
    if (!amount) return amount.failure();
    if (*amount == 0) return input_error(Reason::BAD_AMOUNT, "--amount: must be positive");

    TxRequest request;
    request.ops.push_back(contracts::encode_redeem(contracts::RedeemOp{*symbol, *amount, payout_ref}));
    request.wait_ms = *wait_ms;
    request.decimals = decimals_of(*asset);
    request.what = "Redemption";
    return sign_and_submit(ctx, *key, std::move(request));
}

}  // namespace folio::wallet
