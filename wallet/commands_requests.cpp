// pending, cancel and the transfer_request that transfer sends for an approval asset: the holder's side of
// equity transfer approval (contracts/equity.h). The node's policy_get tells whether an asset needs approval;
// pending reads its pending_list query; the ops are encoded by the wallet's own registry.
#include <chrono>
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "chain/instrument.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

constexpr uint64_t kDayMs = 24ull * 3600 * 1000;

const DecimalsLookup kNoDecimals = [](std::string_view) -> std::optional<uint8_t> { return std::nullopt; };

std::string text_field(const json& j, const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? printable(it->get<std::string>(), 90) : std::string();
}

uint64_t now_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

}  // namespace

Expected<bool> needs_approval(NodeClient& node, const std::string& symbol) {
    auto r = node.call("policy_get", json{{"asset", symbol}});
    if (!r) return r.failure();
    if (!r->is_object() || !r->contains("approval") || !(*r)["approval"].is_boolean())
        return bad_answer("policy_get", "no approval flag");
    return (*r)["approval"].get<bool>();
}

Expected<Report> send_transfer_request(Context& ctx, TxRequest request, const AssetInfo& asset,
                                       const AccountId& to, Amount amount) {
    uint64_t expires_ms = now_ms() + kDefaultRequestExpiryDays * kDayMs;
    if (auto e = ctx.args().get("--expires")) {
        auto v = parse_uint_option("--expires", *e, 1, UINT64_MAX);
        if (!v) return v.failure();
        expires_ms = *v;
    }
    json op{{"op", "transfer_request"},
            {"asset", asset.symbol},
            {"to", crypto::encode_address(to)},
            {"amount", format_amount(amount, asset.decimals)},
            {"expires_ms", expires_ms}};
    auto encoded = registry().op_from_json(op, decimals_of(asset));
    if (!encoded) return failure_of(encoded.error(), ExitCode::internal);
    const std::string notice =
        cat(asset.symbol, " moves only with its issuer's approval: sending a transfer_request",
            " (the amount stays locked on your holding until the issuer decides; the", " request lapses at ",
            format_time_ms(expires_ms), ")\n");
    if (!ctx.options().json) ctx.note(notice);
    request.ops = {std::move(encoded).value()};
    request.decimals = decimals_of(asset);
    request.what = "Transfer request";
    auto key = ctx.key();
    if (!key) return key.failure();
    auto report = sign_and_submit(ctx, *key, std::move(request));
    if (!report) return report;
    json doc = json::parse(report->json, nullptr, false);
    TxHash hash{};
    if (!doc.is_object() || !doc["tx_hash"].is_string() ||
        !from_hex_fixed(doc["tx_hash"].get<std::string>(), hash))
        return report;
    const std::string id = instrument_id_hex(instrument_id(hash, 0));
    doc["sent_as"] = "transfer_request";
    doc["request_id"] = id;
    doc["expires_ms"] = expires_ms;
    return Report{rpc::dump_json(doc),
                  cat(notice, report->human, "  request ", id,
                      " (folio-wallet pending shows it; folio-wallet cancel --id ", id, " withdraws it)\n")};
}

Expected<Report> cmd_pending(Context& ctx) {
    json params = json::object();
    if (auto a = ctx.args().get("--asset")) {
        auto symbol = parse_symbol("--asset", *a);
        if (!symbol) return symbol.failure();
        params["asset"] = *symbol;
    }
    AccountId account{};
    if (auto a = ctx.args().get("--account")) {
        auto id = parse_address("--account", *a);
        if (!id) return id.failure();
        account = *id;
    } else {
        auto key = ctx.key();
        if (!key) return key.failure();
        account = key->account;
    }
    params["account"] = crypto::encode_address(account);
    auto node = ctx.node();
    if (!node) return node.failure();
    // pending_list answers page by page: follow next_cursor and show the pages as one answer.
    json answer;
    json requests = json::array();
    for (;;) {
        auto page = (*node)->call("pending_list", params);
        if (!page) return page.failure();
        if (!page->is_object() || !page->contains("requests") || !(*page)["requests"].is_array())
            return bad_answer("pending_list", "no requests array");
        for (json& row : (*page)["requests"]) requests.push_back(std::move(row));
        answer = std::move(*page);
        if (!answer.contains("next_cursor")) break;
        if (!answer["next_cursor"].is_string() ||
            (params.contains("cursor") && params["cursor"] == answer["next_cursor"]))
            return bad_answer("pending_list", "a next_cursor that does not move on");
        params["cursor"] = answer["next_cursor"];
        answer.erase("next_cursor");
    }
    answer["requests"] = std::move(requests);
    Table table{{"ID", "ASSET", "DIRECTION", "OTHER SIDE", "AMOUNT", "EXPIRES", "STATE"},
                {false, false, false, false, true, false, false},
                {}};
    const std::string me = crypto::encode_address(account);
    for (const json& row : answer["requests"]) {
        if (!row.is_object() || !row.contains("expires_ms") || !row["expires_ms"].is_number_unsigned() ||
            !row.contains("expired") || !row["expired"].is_boolean()) {
            return bad_answer("pending_list", "a request has no expires_ms or expired");
        }
        const bool out = text_field(row, "from") == me;
        table.rows.push_back({text_field(row, "id"), text_field(row, "asset"), out ? "out" : "in",
                              text_field(row, out ? "to" : "from"), text_field(row, "amount"),
                              format_time_ms(row["expires_ms"].get<uint64_t>()),
                              row["expired"].get<bool>() ? "expired" : "pending"});
    }
    std::string human = cat("Pending transfer requests of ", me, "\n");
    human += table.rows.empty() ? "  (none)\n" : table.render();
    return Report{rpc::dump_json(answer), human};
}

Expected<Report> cmd_cancel(Context& ctx) {
    const std::string text = *ctx.args().get("--id");
    InstrumentId id{};
    if (!parse_instrument_id(text, id)) {
        return input_error(Reason::INVALID_ARGUMENT, "--id: not a transfer request id",
                           "pass the 32 lowercase hex characters folio-wallet pending shows");
    }
    auto op =
        registry().op_from_json(json{{"op", "transfer_cancel"}, {"id", instrument_id_hex(id)}}, kNoDecimals);
    if (!op) return failure_of(op.error(), ExitCode::internal);
    return submit_ops(ctx, {std::move(op).value()}, kNoDecimals, "cancel of a transfer request");
}

}  // namespace folio::wallet
