// holdings, history, verify-holding: reading the ledger for the selected key's account, or (holdings and
// history with --account) for any account, watch-only.
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/history.h"
#include "wallet/text.h"
#include "wallet/verify.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

std::string str_of(const json& j, const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? printable(it->get<std::string>(), 64) : std::string();
}

Expected<std::optional<Height>> at_option(const Context& ctx) {
    auto at = ctx.args().get("--at");
    if (!at) return std::optional<Height>();
    auto h = parse_uint_option("--at", *at, 0, kMaxHeight);
    if (!h) return h.failure();
    return std::optional<Height>(*h);
}

// The account a read is about: --account ADDRESS (watch-only: no key, no keystore), else the selected key's.
struct Subject {
    std::string address;
    std::optional<SelectedKey> key;
};

Expected<Subject> subject_of(Context& ctx) {
    if (auto a = ctx.args().get("--account")) {
        if (ctx.args().has("--key")) return usage_error("give --key or --account, not both");
        auto id = parse_address("--account", *a);
        if (!id) return id.failure();
        return Subject{crypto::encode_address(*id), std::nullopt};
    }
    auto key = ctx.key();
    if (!key) return key.failure();
    return Subject{crypto::encode_address(key->account), std::move(*key)};
}

// A node's "no such account", said for what it means to this wallet.
Failure unknown_account_said_plainly(Failure f, const Subject& subject) {
    if (f.reason != "UNKNOWN_ACCOUNT" && f.reason != "NOT_FOUND") return f;
    if (subject.key) return unregistered_key_failure(*subject.key);
    f.hint =
        "no account has this address on this chain: check the address, and the chain the wallet is pinned to";
    return f;
}

}  // namespace

Expected<Report> cmd_holdings(Context& ctx) {
    auto at = at_option(ctx);
    if (!at) return at.failure();
    auto subject = subject_of(ctx);
    if (!subject) return subject.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    const std::string& address = subject->address;
    json params = {{"account", address}};
    if (*at) params["height"] = **at;
    auto r = (*node)->call("account_holdings", params);
    if (!r) return unknown_account_said_plainly(r.failure(), *subject);
    if (!r->is_object() || !r->contains("holdings") || !(*r)["holdings"].is_array()) {
        return bad_answer("account_holdings", "no holdings array");
    }
    uint64_t height = 0;
    if (r->contains("height") && (*r)["height"].is_number_unsigned()) height = (*r)["height"].get<uint64_t>();
    json doc = {{"account", address}, {"height", height}, {"holdings", json::array()}};
    Table table{{"ASSET", "AMOUNT", "AVAILABLE", "LOCKED", "FROZEN"}, {false, true, true, true, true}, {}};
    for (const auto& h : (*r)["holdings"]) {
        if (!h.is_object()) return bad_answer("account_holdings", "a holding is not an object");
        json entry;
        std::vector<std::string> row;
        for (const char* f : {"asset", "amount", "available", "locked", "frozen"}) {
            const std::string v = str_of(h, f);
            if (v.empty()) return bad_answer("account_holdings", cat("a holding has no ", f));
            entry[f] = v;
            row.push_back(v);
        }
        if (h.contains("decimals") && h["decimals"].is_number_unsigned()) entry["decimals"] = h["decimals"];
        table.rows.push_back(std::move(row));
        doc["holdings"].push_back(std::move(entry));
    }
    std::string human = cat("Holdings of ", address, " at height ", height, "\n");
    human += table.rows.empty() ? "  (none)\n" : table.render();
    return Report{rpc::dump_json(doc), human};
}

Expected<Report> cmd_history(Context& ctx) {
    json params;
    if (auto l = ctx.args().get("--limit")) {
        auto v = parse_uint_option("--limit", *l, 1, kMaxHistoryLimit);
        if (!v) return v.failure();
        params["limit"] = *v;
    }
    if (auto c = ctx.args().get("--cursor")) {
        if (c->empty() || c->size() > kMaxCursorLength || printable(*c, kMaxCursorLength) != *c) {
            return input_error(Reason::INVALID_ARGUMENT,
                               "--cursor: pass the next_cursor a previous page printed, as it is");
        }
        params["cursor"] = *c;
    }
    auto subject = subject_of(ctx);
    if (!subject) return subject.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    const std::string& address = subject->address;
    params["account"] = address;
    auto r = (*node)->call("account_history", params);
    if (!r) return unknown_account_said_plainly(r.failure(), *subject);
    if (!r->is_object() || !r->contains("history") || !(*r)["history"].is_array()) {
        return bad_answer("account_history", "no history array");
    }
    json doc = {{"account", address}, {"history", json::array()}};
    for (const auto& e : (*r)["history"]) {
        if (!e.is_object() || !e.contains("height") || !e["height"].is_number_unsigned()) {
            return bad_answer("account_history", "an entry has no height");
        }
        doc["history"].push_back(entry_for_account(e, address));
    }
    std::string human = cat("History of ", address, " (newest first)\n");
    human += history_text((*r)["history"], address);
    if (r->contains("next_cursor") && (*r)["next_cursor"].is_string()) {
        const std::string next = printable((*r)["next_cursor"].get<std::string>(), kMaxCursorLength);
        doc["next_cursor"] = next;
        human += cat("More: folio-wallet history ", subject->key ? "" : cat("--account ", address, " "),
                     "--cursor ", next, "\n");
    }
    return Report{rpc::dump_json(doc), human};
}

namespace {

// One proof_holding call, verified. The failure says "verification failed" unless it is a verified absence.
Expected<VerifiedHolding> fetch_and_verify(NodeClient& node, const PinnedChain& pinned,
                                           const std::string& symbol, const AccountId& account,
                                           std::optional<Height> at, json& served) {
    json params = {{"account", crypto::encode_address(account)}, {"asset", symbol}};
    if (at) params["height"] = *at;
    auto r = node.call("proof_holding", params);
    if (!r) return r.failure();
    served = std::move(*r);
    auto proof = holding_proof_from_json(served);
    if (!proof) return bad_answer("proof_holding", proof.error().message);
    // From here on only what verifies counts; the account and the symbol are ours, not the node's.
    auto v = verify_holding(*proof, pinned.genesis, pinned.chain_id, symbol, account, at);
    if (!v) {
        Failure f = failure_of(v.error(), ExitCode::refused);
        if (v.reason() != Reason::UNKNOWN_ASSET) f.message = cat("verification failed: ", v.error().message);
        return f;
    }
    return std::move(*v);
}

}  // namespace

Expected<Report> cmd_verify_holding(Context& ctx) {
    auto symbol = parse_symbol("--asset", *ctx.args().get("--asset"));
    if (!symbol) return symbol.failure();
    auto at = at_option(ctx);
    if (!at) return at.failure();
    auto key = ctx.key();
    if (!key) return key.failure();
    auto pinned = ctx.pinned();
    if (!pinned) return pinned.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    const std::string address = crypto::encode_address(key->account);
    json served;
    auto v = fetch_and_verify(**node, **pinned, *symbol, key->account, *at, served);
    if (!v) return v.failure();
    uint8_t d = 0;
    if (v->asset) {
        d = v->asset->decimals;
    } else {
        // No asset record at that height (the node keeps none of the past): the decimals of an asset never
        // change, so they are taken from a proof at the head, verified the same way.
        json served_head;
        auto head = fetch_and_verify(**node, **pinned, *symbol, key->account, std::nullopt, served_head);
        if (!head) return head.failure();
        if (!head->asset || head->asset_id != v->asset_id) {
            return Failure{ExitCode::refused,
                           "PROOF_MISMATCH",
                           cat("verification failed: no verified record of asset ", *symbol,
                               " to read its decimals from"),
                           {},
                           {}};
        }
        d = head->asset->decimals;
    }
    const json* r = &served;
    const std::string amount = format_amount(v->balance.amount, d);
    // The node's own summary must agree with what its proof shows; a node that says otherwise is lying.
    auto disagree = [&](const char* field, const std::string& claimed,
                        const std::string& verified) -> std::optional<Failure> {
        if (claimed == verified) return std::nullopt;
        return Failure{ExitCode::refused,
                       "PROOF_MISMATCH",
                       cat("the node's ", field, " (", printable(claimed, 80),
                           ") disagrees with its own proof (", verified, ")"),
                       "this node is not to be trusted",
                       {}};
    };
    if (r->contains("height") && (*r)["height"].is_number_unsigned()) {
        if (auto f = disagree("height", std::to_string((*r)["height"].get<uint64_t>()),
                              std::to_string(v->header.height)))
            return *f;
    }
    if (r->contains("state_root") && (*r)["state_root"].is_string()) {
        if (auto f =
                disagree("state_root", (*r)["state_root"].get<std::string>(), to_hex(v->header.state_root)))
            return *f;
    }
    if (r->contains("block_hash") && (*r)["block_hash"].is_string()) {
        if (auto f = disagree("block_hash", (*r)["block_hash"].get<std::string>(), to_hex(v->block_hash)))
            return *f;
    }
    if (r->contains("balance") && (*r)["balance"].is_object() && (*r)["balance"].contains("amount") &&
        (*r)["balance"]["amount"].is_string()) {
        if (auto f = disagree("balance", (*r)["balance"]["amount"].get<std::string>(), amount)) return *f;
    }
    const Balance& b = v->balance;
    json doc = {{"verified", true},
                {"account", address},
                {"asset", *symbol},
                {"asset_id", v->asset_id},
                {"decimals", d},
                {"amount", amount},
                {"available", format_amount(b.available(), d)},
                {"locked", format_amount(b.locked, d)},
                {"frozen", format_amount(b.frozen, d)},
                {"height", v->header.height},
                {"block_hash", to_hex(v->block_hash)},
                {"time_ms", v->header.time_ms},
                {"state_root", to_hex(v->header.state_root)},
                {"chain_id", to_hex((*pinned)->chain_id)},
                {"signed_power", v->signed_power},
                {"total_power", v->total_power},
                {"validator_set_changes", v->set_changes}};
    std::string human =
        cat("Verified: ", address, " holds ", amount, " ", *symbol, " at height ", v->header.height, "\n");
    human += cat("  available ", format_amount(b.available(), d), ", locked ", format_amount(b.locked, d),
                 ", frozen ", format_amount(b.frozen, d), "\n");
    human += cat("  block ", to_hex(v->block_hash), ", ", format_time_ms(v->header.time_ms), "\n");
    if (v->header.height == 0) {
        human += "  block 0 recomputed from the pinned genesis\n";
    } else {
        if (v->set_changes == 0) {
            human += cat("  committed by validators with ", v->signed_power, " of ", v->total_power,
                         " voting power (the genesis validator set)\n");
        } else {
            human += cat("  committed by validators with ", v->signed_power, " of ", v->total_power,
                         " voting power (the set of that height, after ", v->set_changes,
                         " verified change(s) from the genesis set)\n");
        }
    }
    return Report{rpc::dump_json(doc), human};
}

}  // namespace folio::wallet
