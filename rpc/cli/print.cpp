#include "rpc/cli/print.h"

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "wallet/text.h"

namespace folio::cli {
namespace {

using nlohmann::json;
using wallet::cat;
using wallet::printable;
using wallet::Table;

std::string dump(const json& j, int indent = -1) {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

// A member as one line of text: strings made printable, numbers and booleans spelled, anything else JSON.
std::string text(const json& j, const char* key, size_t max = 100) {
    if (!j.is_object()) return "";
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return "";
    if (it->is_string()) return printable(it->get_ref<const std::string&>(), max);
    if (it->is_boolean()) return it->get<bool>() ? "yes" : "no";
    if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
    return printable(dump(*it), max);
}

const json& array_at(const json& j, const char* key) {
    static const json empty = json::array();
    if (!j.is_object()) return empty;
    auto it = j.find(key);
    return it != j.end() && it->is_array() ? *it : empty;
}

std::string time_text(const json& j, const char* key) {
    if (j.is_object() && j.contains(key) && j[key].is_number_unsigned()) {
        return wallet::format_time_ms(j[key].get<uint64_t>());
    }
    return text(j, key);
}

// "label: value" lines, labels padded to one column.
std::string pairs(const std::vector<std::pair<std::string, std::string>>& rows) {
    size_t width = 0;
    for (const auto& [label, value] : rows) width = std::max(width, label.size());
    std::string out;
    for (const auto& [label, value] : rows) {
        out += label;
        out += ':';
        out.append(width - label.size() + 1, ' ');
        out += value;
        out += '\n';
    }
    return out;
}

std::string next_page(const json& r) {
    const std::string cursor = text(r, "next_cursor");
    return cursor.empty() ? "" : cat("more: cursor=", cursor, "\n");
}

std::string chain_status(const json& r) {
    return pairs({{"chain", text(r, "chain_id")},
                  {"height", text(r, "height")},
                  {"latest block", text(r, "latest_block_hash")},
                  {"latest block time", time_text(r, "latest_block_time_ms")},
                  {"state root", text(r, "state_root")},
                  {"mempool", cat(text(r, "mempool_size"), " txs, ", text(r, "mempool_bytes"), " bytes")},
                  {"oldest provable height", text(r, "oldest_provable_height")},
                  {"node version", cat(text(r, "version"), " (commit ", text(r, "commit"), ")")}});
}

std::string account_get(const json& r) {
    std::string roles;
    for (const json& role : array_at(r, "roles")) {
        roles += roles.empty() ? "" : ", ";
        roles += role.is_string() ? printable(role.get<std::string>(), 20) : "?";
    }
    std::string kyc = "none";
    if (r.is_object() && r.contains("kyc") && r["kyc"].is_object()) {
        const json& k = r["kyc"];
        kyc = cat("level ", text(k, "level"), " (", text(k, "category"), "), expires ",
                  time_text(k, "expires_ms"));
    }
    return pairs({{"address", text(r, "address")},
                  {"account id", text(r, "account_id")},
                  {"public key", text(r, "pubkey")},
                  {"next nonce", text(r, "nonce")},
                  {"roles", roles.empty() ? "none" : roles},
                  {"frozen", text(r, "frozen")},
                  {"kyc", kyc}});
}

std::string account_holdings(const json& r) {
    Table t{{"asset", "amount", "available", "frozen", "locked"}, {false, true, true, true, true}, {}};
    for (const json& h : array_at(r, "holdings")) {
        t.rows.push_back({text(h, "asset"), text(h, "amount"), text(h, "available"), text(h, "frozen"),
                          text(h, "locked")});
    }
    std::string out = cat("account ", text(r, "account"), " at height ", text(r, "height"), "\n");
    return out + (t.rows.empty() ? std::string("no holdings\n") : t.render());
}

std::string asset_list(const json& r) {
    Table t{{"symbol", "class", "decimals", "supply", "max supply", "holders", "frozen", "issuer"},
            {false, false, true, true, true, true, false, false},
            {}};
    for (const json& a : array_at(r, "assets")) {
        t.rows.push_back({text(a, "symbol"), text(a, "class"), text(a, "decimals"), text(a, "supply"),
                          text(a, "max_supply"), text(a, "holders"), text(a, "frozen"), text(a, "issuer")});
    }
    return (t.rows.empty() ? std::string("no assets\n") : t.render()) + next_page(r);
}

std::string asset_holders(const json& r) {
    Table t{{"account", "amount"}, {false, true}, {}};
    for (const json& h : array_at(r, "holders")) t.rows.push_back({text(h, "account"), text(h, "amount")});
    std::string out = cat("holders of ", text(r, "asset"), " at height ", text(r, "height"), "\n");
    return out + (t.rows.empty() ? std::string("no holders\n") : t.render()) + next_page(r);
}

std::string age_text(const json& tx) {
    if (!tx.is_object() || !tx.contains("age_ms") || !tx["age_ms"].is_number_unsigned())
        return text(tx, "age_ms");
    const uint64_t ms = tx["age_ms"].get<uint64_t>();
    if (ms < 10'000) return cat(ms, " ms");
    return cat(ms / 1000, " s");
}

std::string mempool_list(const json& r) {
    Table t{
        {"tx_hash", "signer", "nonce", "ops", "age", "state"}, {false, false, true, false, true, false}, {}};
    for (const json& tx : array_at(r, "txs")) {
        std::string ops;
        for (const json& op : array_at(tx, "ops")) {
            ops += ops.empty() ? "" : ",";
            ops += op.is_string() ? printable(op.get<std::string>(), 24) : "?";
        }
        const bool waiting = tx.is_object() && tx.contains("waiting") && tx["waiting"] == true;
        t.rows.push_back({text(tx, "tx_hash"), text(tx, "signer"), text(tx, "nonce"), printable(ops, 60),
                          age_text(tx), waiting ? "waits for an earlier nonce" : "ready"});
    }
    const size_t shown = t.rows.size();
    std::string out = cat(text(r, "count"), " pending");
    if (text(r, "truncated") == "yes") out += cat(", showing the oldest ", shown);
    out += '\n';
    return out + (t.rows.empty() ? std::string() : t.render());
}

}  // namespace

std::string render_result(const std::string& method, const json& result) {
    using Renderer = std::string (*)(const json&);
    static const std::map<std::string, Renderer> renderers = {
        {"chain_status", chain_status},         {"account_get", account_get},
        {"account_holdings", account_holdings}, {"asset_list", asset_list},
        {"asset_holders", asset_holders},       {"mempool_list", mempool_list},
    };
    auto it = renderers.find(method);
    if (it != renderers.end() && result.is_object()) return it->second(result);
    return dump(result, 2) + "\n";
}

const json* find_method(const json& openrpc, const std::string& name) {
    for (const json& m : array_at(openrpc, "methods")) {
        if (m.is_object() && m.contains("name") && m["name"] == name) return &m;
    }
    return nullptr;
}

std::string render_method_list(const json& openrpc) {
    Table t{{"method", "scope", "summary"}, {}, {}};
    for (const json& m : array_at(openrpc, "methods")) {
        t.rows.push_back({text(m, "name", 64), text(m, "x-scope", 16), text(m, "summary", 120)});
    }
    return t.render() + "\n`folio-cli help METHOD` shows a method's params, result and an example.\n";
}

std::string render_method_help(const json& m) {
    std::string out =
        cat(text(m, "name", 64), " (scope ", text(m, "x-scope", 16), ")\n\n", text(m, "summary", 400), "\n");
    const std::string description = text(m, "description", 4000);
    if (!description.empty()) out += cat("\n", description, "\n");
    const json& params = array_at(m, "params");
    if (params.empty()) {
        out += "\nParams: none.\n";
    } else {
        Table t{{"param", "type", "required", "description"}, {}, {}};
        for (const json& p : params) {
            const json schema = p.is_object() && p.contains("schema") ? p["schema"] : json();
            t.rows.push_back({text(p, "name", 40), text(schema, "type", 20), text(p, "required"),
                              text(p, "description", 300)});
        }
        out += "\nParams:\n" + t.render();
    }
    if (m.is_object() && m.contains("result"))
        out += cat("\nResult: ", text(m["result"], "description", 600), "\n");
    std::string errors;
    for (const json& e : array_at(m, "errors")) {
        const json data = e.is_object() && e.contains("data") ? e["data"] : json();
        errors += cat(" ", text(data, "reason", 40));
    }
    if (!errors.empty()) out += cat("\nErrors:", errors, "\n");
    const json& examples = array_at(m, "examples");
    if (!examples.empty() && examples[0].is_object()) {
        json params_object = json::object();
        for (const json& p : array_at(examples[0], "params")) {
            if (p.is_object() && p.contains("name") && p["name"].is_string() && p.contains("value"))
                params_object[p["name"].get<std::string>()] = p["value"];
        }
        out += cat("\nExample:\n  folio-cli --datadir DIR ", text(m, "name", 64), " '", dump(params_object),
                   "'\n");
    }
    return out;
}

}  // namespace folio::cli
