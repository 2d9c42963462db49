// pledge: the holder's half of a pledge tx (docs/instruments.md "Pledges"). Holder and beneficiary both sign a
// pledge, so the command signs with the selected key and writes the tx to a file for the beneficiary, who
// checks and signs it with `sign` and submits it with `submit`.
#include "chain/bytes.h"
#include "contracts/pledges.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {

Expected<Report> cmd_pledge(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    auto symbol = parse_symbol("--asset", *a.get("--asset"));
    if (!symbol) return symbol.failure();
    auto amount_text = parse_amount_text("--amount", *a.get("--amount"));
    if (!amount_text) return amount_text.failure();
    auto beneficiary = parse_address("--beneficiary", *a.get("--beneficiary"));
    if (!beneficiary) return beneficiary.failure();
    Hash256 doc_hash{};
    if (!from_hex_fixed(*a.get("--doc-hash"), doc_hash))
        return input_error(Reason::INVALID_ARGUMENT, "--doc-hash: not 64 hex characters");
    auto out = parse_path_option("--out", *a.get("--out"));
    if (!out) return out.failure();
    auto valid_blocks = valid_blocks_option(ctx);
    if (!valid_blocks) return valid_blocks.failure();
    auto key = ctx.key();
    if (!key) return key.failure();
    if (key->account == *beneficiary)
        return input_error(Reason::INVALID_ARGUMENT, "--beneficiary: a holder cannot pledge to itself");
    auto node = ctx.node();
    if (!node) return node.failure();
    auto asset = (*node)->asset(*symbol);
    if (!asset) return asset.failure();
    auto amount = parse_amount_for("--amount", *amount_text, asset->decimals, *symbol);
    if (!amount) return amount.failure();
    if (*amount == 0) return input_error(Reason::BAD_AMOUNT, "--amount: must be positive");

    TxRequest request;
    request.ops.push_back(contracts::encode_pledge(contracts::PledgeOp{*symbol, *amount, *beneficiary, doc_hash}));
    request.valid_blocks = *valid_blocks;
    request.decimals = decimals_of(*asset);
    request.what = "Pledge";
    request.out_path = *out;
    return sign_and_submit(ctx, *key, std::move(request));
}

}  // namespace folio::wallet
