// vote, votes: casting the selected key's ballot in a holder vote, and listing an asset's votes with their
// tallies (docs/instruments.md "Holder votes").
#include <nlohmann/json.hpp>

#include "chain/instrument.h"
#include "contracts/votes.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

// A tally field the node must send, as text for the table.
Expected<std::string> tally_field(const json& vote, const char* field) {
    auto it = vote.find(field);
    if (it == vote.end()) return bad_answer("vote_list", cat("a vote has no ", field));
    if (it->is_string()) return printable(it->get<std::string>(), 64);
    if (it->is_boolean()) return std::string(it->get<bool>() ? "yes" : "no");
    if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
    return bad_answer("vote_list", cat("a vote's ", field, " has the wrong type"));
}

}  // namespace

Expected<Report> cmd_vote(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    InstrumentId id{};
    if (!parse_instrument_id(*a.get("--id"), id))
        return input_error(Reason::INVALID_ARGUMENT, "--id: not a vote id (32 lowercase hex characters)");
    auto option = parse_uint_option("--option", *a.get("--option"), 1, contracts::kMaxVoteOptions);
    if (!option) return option.failure();
    auto wait_ms = wait_ms_option(ctx);
    if (!wait_ms) return wait_ms.failure();
    auto key = ctx.key();
    if (!key) return key.failure();

    TxRequest request;
    request.ops.push_back(contracts::encode_vote_cast(contracts::VoteCastOp{id, static_cast<uint8_t>(*option)}));
    request.wait_ms = *wait_ms;
    request.decimals = [](std::string_view) { return std::optional<uint8_t>(); };
    request.what = "Vote";
    return sign_and_submit(ctx, *key, std::move(request));
}

Expected<Report> cmd_votes(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    auto symbol = parse_symbol("--asset", *a.get("--asset"));
    if (!symbol) return symbol.failure();
    json params = {{"asset", *symbol}};
    if (auto s = a.get("--start")) {
        auto v = parse_uint_option("--start", *s, 0, UINT64_MAX);
        if (!v) return v.failure();
        params["start"] = *v;
    }
    auto node = ctx.node();
    if (!node) return node.failure();
    auto r = (*node)->call("vote_list", params);
    if (!r) return r.failure();
    if (!r->is_object() || !r->contains("votes") || !(*r)["votes"].is_array())
        return bad_answer("vote_list", "no votes array");

    Table table{{"ID", "WEIGHTS", "VOTERS", "QUORUM", "PASSED", "CLOSES", "CLOSED"},
                {false, false, true, false, false, true, false},
                {}};
    json doc = {{"asset", *symbol}, {"votes", json::array()}};
    for (const json& vote : (*r)["votes"]) {
        if (!vote.is_object() || !vote.contains("options") || !vote["options"].is_array())
            return bad_answer("vote_list", "a vote has no options array");
        std::string weights;
        for (const json& w : vote["options"]) {
            if (!w.is_string()) return bad_answer("vote_list", "an option weight is not a string");
            weights += cat(weights.empty() ? "" : " / ", printable(w.get<std::string>(), 32));
        }
        std::vector<std::string> row{"", weights};
        for (const char* f : {"id", "voters", "quorum_reached", "passed", "close_height", "closed"}) {
            auto v = tally_field(vote, f);
            if (!v) return v.failure();
            if (std::string_view(f) == "id") row[0] = *v;
            else row.push_back(*v);
        }
        table.rows.push_back(std::move(row));
        doc["votes"].push_back(vote);
    }
    doc["total"] = r->value("total", uint64_t{0});
    doc["next"] = r->contains("next") ? (*r)["next"] : json(nullptr);
    std::string human = cat("Votes on ", *symbol, " (", doc["total"].get<uint64_t>(), ")\n");
    human += table.rows.empty() ? "  (none)\n" : table.render();
    if (doc["next"].is_number_unsigned())
        human += cat("more: folio-wallet votes --asset ", *symbol, " --start ", doc["next"].get<uint64_t>(), "\n");
    return Report{rpc::dump_json(doc), human};
}

}  // namespace folio::wallet
