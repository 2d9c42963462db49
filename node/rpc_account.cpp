// account_get, account_holdings, account_history, node_keys.
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

constexpr uint64_t kHistoryDefaultLimit = 50;
constexpr uint64_t kHistoryMaxLimit = 200;

json account_json(const NodeServices& s, const AccountId& id, const Account& a) {
    json keys = json::array(), weights = json::array();
    for (size_t i = 0; i < a.keys.size(); ++i) {
        keys.push_back(to_hex(a.keys[i]));
        weights.push_back(a.weight_of(i));
    }
    const std::optional<uint64_t> pending_nonce = s.mempool.next_nonce(id);
    return {{"address", address(id)},
            {"account_id", to_hex(id)},
            {"pubkey", a.keys.empty() ? json(nullptr) : json(to_hex(a.keys.front()))},
            {"pubkeys", std::move(keys)},
            {"weights", std::move(weights)},
            {"threshold", a.threshold},
            {"nonce", pending_nonce.value_or(a.nonce)},
            {"committed_nonce", a.nonce},
            {"roles", role_names(a.roles)},
            {"frozen", a.frozen},
            {"kyc", kyc_to_json(a.kyc)}};
}

RpcOutcome account_get(const NodeServices& s, const json& p) {
    const bool by_account = p.contains("account"), by_pubkey = p.contains("pubkey");
    if (by_account == by_pubkey) {
        return RpcOutcome::failure(make_error(Reason::INVALID_ARGUMENT, "give exactly one of account and pubkey"));
    }
    AccountId id{};
    const Ledger::Snapshot snap = s.ledger.snapshot();
    if (by_pubkey) {
        auto key = parse_hash(p, "pubkey");
        if (!key) return RpcOutcome::failure(key.error());
        auto owner = account_of_pubkey(snap.state(), *key);
        if (!owner) {
            std::string m = "no account has the current key ";
            m += to_hex(*key);
            return not_found(std::move(m));
        }
        id = *owner;
    } else {
        auto parsed = parse_address(p, "account");
        if (!parsed) return RpcOutcome::failure(parsed.error());
        id = *parsed;
    }
    auto account = find_account(snap.state(), id);
    if (!account) return RpcOutcome::failure(account.error());
    return RpcOutcome::success(account_json(s, id, *account));
}

// `locks` lists what makes up `locked` (chain/instrument.h): the kind of instrument record and its id. At an
// older height the lock records are not kept, so only the head shows them (an empty list elsewhere).
json holding_json(const Asset& asset, const Balance& b, const LockSet& locks) {
    json lock_rows = json::array();
    for (const LockEntry& e : locks.entries) {
        lock_rows.push_back(
            {{"kind", e.kind}, {"id", instrument_id_hex(e.id)}, {"amount", format_amount(e.amount, asset.decimals)}});
    }
    return {{"asset", asset.symbol},
            {"asset_id", asset.id},
            {"decimals", asset.decimals},
            {"amount", format_amount(b.amount, asset.decimals)},
            {"locked", format_amount(b.locked, asset.decimals)},
            {"frozen", format_amount(b.frozen, asset.decimals)},
            {"available", format_amount(b.available(), asset.decimals)},
            {"locks", std::move(lock_rows)}};
}

RpcOutcome account_holdings(const NodeServices& s, const json& p) {
    auto id = parse_address(p, "account");
    if (!id) return RpcOutcome::failure(id.error());
    // One committed block answers: the state read at the head and the height reported belong together.
    const Ledger::Snapshot snap = s.ledger.snapshot();
    const StateView& state = snap.state();
    if (auto account = find_account(state, *id); !account) return RpcOutcome::failure(account.error());
    const Height head = snap.height();
    auto height = parse_height(p, head);
    if (!height) return RpcOutcome::failure(height.error());
    // At the head, the in-memory state answers; at an older height, the balance history. The parts of an asset
    // record read here (symbol, decimals, creation height) never change, so the latest record serves any height.
    const bool at_head = !p.contains("height") || *height == head;
    json holdings = json::array();
    const AssetId end = next_asset_id(state);
    for (AssetId asset_id = 1; asset_id < end; ++asset_id) {
        Asset asset;
        if (!read_asset(state, asset_id, asset) || asset.created_height > *height) continue;
        Balance b;
        if (at_head) {
            if (!read_balance(state, asset_id, *id, b)) continue;
            // A melting currency's holding as of the head's block time: the demurrage due since its last charge,
            // which the next change to the holding will charge (contracts/demurrage.h).
            b = s.registry.holding_as_of(state, asset, *id, b, snap.head().time_ms);
        } else {
            auto stored = s.ledger.store().balance_at(asset_id, *id, *height);
            if (!stored) return RpcOutcome::failure(stored.error());
            b = *stored;
        }
        if (b.empty()) continue;
        holdings.push_back(holding_json(asset, b, at_head ? read_locks(state, asset_id, *id) : LockSet{}));
    }
    return RpcOutcome::success({{"height", *height}, {"account", address(*id)}, {"holdings", std::move(holdings)}});
}

// "HEIGHT:INDEX" of the last entry of the previous page.
std::optional<HistoryEntry> parse_cursor(const std::string& text) {
    const size_t colon = text.find(':');
    if (colon == std::string::npos) return std::nullopt;
    HistoryEntry e;
    const char* end = text.data() + text.size();
    auto h = std::from_chars(text.data(), text.data() + colon, e.height);
    auto i = std::from_chars(text.data() + colon + 1, end, e.index);
    if (h.ec != std::errc() || h.ptr != text.data() + colon || colon == 0 || i.ec != std::errc() || i.ptr != end ||
        colon + 1 == text.size()) {
        return std::nullopt;
    }
    return e;
}

std::string make_cursor(const HistoryEntry& e) {
    std::string c = std::to_string(e.height);
    c += ':';
    c += std::to_string(e.index);
    return c;
}

struct BlockData {
    uint64_t time_ms = 0;
    std::vector<TxPtr> txs;
    std::vector<Receipt> receipts;
};

RpcOutcome account_history(const NodeServices& s, const json& p) {
    auto id = parse_address(p, "account");
    if (!id) return RpcOutcome::failure(id.error());
    const Ledger::Snapshot snap = s.ledger.snapshot();
    if (auto account = find_account(snap.state(), *id); !account) return RpcOutcome::failure(account.error());
    // The store may already hold the next block before the head moves to it: a first page starts at the head.
    std::optional<HistoryEntry> before = HistoryEntry{snap.height() + 1, 0};
    if (p.contains("cursor")) {
        before = parse_cursor(p["cursor"].get<std::string>());
        if (!before) {
            return RpcOutcome::failure(
                make_error(Reason::INVALID_ARGUMENT, "cursor: not a next_cursor that account_history returned"));
        }
    }
    const size_t limit = uint_or(p, "limit", kHistoryDefaultLimit);
    const Store& store = s.ledger.store();
    auto read = store.history(*id, before, limit + 1);
    if (!read) return RpcOutcome::failure(read.error());
    std::vector<HistoryEntry>& entries = *read;
    const bool more = entries.size() > limit;
    if (more) entries.resize(limit);

    std::map<Height, BlockData> blocks;  // a page often holds several txs of one block
    const DecimalsLookup decimals = decimals_lookup(snap.state());
    json history = json::array();
    for (const HistoryEntry& e : entries) {
        auto it = blocks.find(e.height);
        if (it == blocks.end()) {
            auto header = store.header(e.height);
            if (!header) return RpcOutcome::failure(header.error());
            auto body = store.body(e.height);
            if (!body) return RpcOutcome::failure(body.error());
            auto receipts = store.receipts(e.height);
            if (!receipts) return RpcOutcome::failure(receipts.error());
            it = blocks.emplace(e.height, BlockData{header->time_ms, std::move(*body), std::move(*receipts)}).first;
        }
        const BlockData& b = it->second;
        if (e.index >= b.txs.size() || e.index >= b.receipts.size()) {
            std::string m = "the history entry of account " + to_hex(*id) + " at block " + std::to_string(e.height) +
                            " index " + std::to_string(e.index) + " names a tx the block lacks";
            return RpcOutcome::failure(make_error(Reason::CORRUPTION, std::move(m)));
        }
        const TxEnvelope& tx = *b.txs[e.index];
        json entry = receipt_fields(b.receipts[e.index]);
        json tx_json = tx_to_json(tx.signed_tx.tx, decimals, s.registry);
        entry["height"] = e.height;
        entry["index"] = e.index;
        entry["tx_hash"] = to_hex(tx.tx_hash);
        entry["time_ms"] = b.time_ms;
        entry["signer"] = tx_json["signer"];
        entry["nonce"] = tx_json["nonce"];
        entry["memo"] = tx_json["memo"];
        if (tx_json.contains("client_ref")) entry["client_ref"] = tx_json["client_ref"];
        entry["ops"] = std::move(tx_json["ops"]);
        history.push_back(std::move(entry));
    }
    json out = {{"account", address(*id)}, {"history", std::move(history)}};
    if (more) out["next_cursor"] = make_cursor(entries.back());
    return RpcOutcome::success(std::move(out));
}

json node_keys(const NodeServices& s) {
    json keys = json::array();
    for (const auto& [name, key] : s.keys) {
        const std::optional<AccountId> owner = account_of_pubkey(s.ledger.state(), key.pubkey);
        // A key not (or no longer) registered still has the address its account would get if registered now.
        keys.push_back({{"name", name},
                        {"address", address(owner ? *owner : account_id_of(key.pubkey))},
                        {"pubkey", to_hex(key.pubkey)},
                        {"registered", owner.has_value()}});
    }
    return {{"keys", std::move(keys)}};
}

}  // namespace

Status register_account_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    if (Status st = table.add({
            .name = "account_get",
            .scope = rpc::Scope::Read,
            .summary = "An account by address, or by one of its current public keys.",
            .description = "Give exactly one of `account` and `pubkey`. `nonce` is the next nonce to use, counting "
                           "the account's txs still in the mempool; `committed_nonce` counts committed txs only. "
                           "A client that registered a key learns its address with `{pubkey}`. `weights[i]` is "
                           "what a signature by `pubkeys[i]` counts toward `threshold` (key_set_update); a tx "
                           "needs distinct keys whose weights reach it.",
            .params = {address_param("account", "Address (folio1...).", false),
                       hash_param("pubkey", "A current key of the account: x-only, 64 hex characters.", false)},
            .result_description = "{address, account_id, pubkey, pubkeys, weights, threshold, nonce, committed_nonce, roles, "
                                  "frozen, kyc: {level, category, expires_ms, doc_hash, attested_by, "
                                  "attested_height} or null}",
            .result_schema = R"({"type":"object","required":["address","account_id","pubkey","pubkeys","threshold","nonce","committed_nonce","roles","frozen","kyc"],
"properties":{"address":{"type":"string"},"account_id":{"type":"string"},"pubkey":{"type":"string"},
"pubkeys":{"type":"array","items":{"type":"string"}},"weights":{"type":"array","items":{"type":"integer"}},
"threshold":{"type":"integer"},"nonce":{"type":"integer"},
"committed_nonce":{"type":"integer"},"roles":{"type":"array","items":{"enum":["operator","registrar","issuer"]}},
"frozen":{"type":"boolean"},"kyc":{"type":["object","null"],"required":["level","category","expires_ms","doc_hash","attested_by"]}}})",
            .errors = {Reason::BAD_ADDRESS, Reason::UNKNOWN_ACCOUNT, Reason::NOT_FOUND},
            .example_params = examples::kAccountGetParams,
            .example_result = examples::kAccountGetResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) { return account_get(*s, p); }),
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "account_holdings",
            .scope = rpc::Scope::Read,
            .summary = "What an account holds of each asset, now or at a past height.",
            .description = "`amount` is all the account owns; `available` what it may transfer now (amount - "
                           "locked - frozen). Amounts are decimal strings with the asset's decimals. Assets the "
                           "account holds nothing of are left out.",
            .params = {address_param("account", "Address (folio1...)."),
                       height_param("Height to read at (default: the head); at most the head.")},
            .result_description = "{height, account, holdings:[{asset, asset_id, decimals, amount, locked, frozen, "
                                  "available, locks:[{kind, id, amount}]}]}; locks: the instrument records "
                                  "behind `locked` (at the head; empty at an older height)",
            .result_schema = R"({"type":"object","required":["height","account","holdings"],
"properties":{"height":{"type":"integer"},"account":{"type":"string"},
"holdings":{"type":"array","items":{"type":"object","required":["asset","amount","locked","frozen","available","decimals"],
"properties":{"asset":{"type":"string"},"asset_id":{"type":"integer"},"decimals":{"type":"integer"},"amount":{"type":"string"},
"locked":{"type":"string"},"frozen":{"type":"string"},"available":{"type":"string"},
"locks":{"type":"array","items":{"type":"object","required":["kind","id","amount"],"properties":{"kind":{"type":"string"},
"id":{"type":"string"},"amount":{"type":"string"}}}}}}}}})",
            .errors = {Reason::BAD_ADDRESS, Reason::UNKNOWN_ACCOUNT},
            .example_params = examples::kAccountHoldingsParams,
            .example_result = examples::kAccountHoldingsResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) { return account_holdings(*s, p); }),
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "account_history",
            .scope = rpc::Scope::Read,
            .summary = "The txs that concern an account, newest first, by pages.",
            .description = "A tx concerns an account when the account signed it or an op names it (receiver, "
                           "holder frozen, account registered...). Pass `next_cursor` back as `cursor` for the "
                           "next page; it is absent on the last page. Cursors are opaque strings.",
            .params = {address_param("account", "Address (folio1...)."),
                       cursor_param("From a previous page's next_cursor."),
                       limit_param(kHistoryDefaultLimit, kHistoryMaxLimit)},
            .result_description = "{account, history:[{height, index, tx_hash, time_ms, status, reason?, op_index?, "
                                  "signer, nonce, memo, client_ref?, ops}], next_cursor?}",
            .result_schema = R"({"type":"object","required":["account","history"],
"properties":{"account":{"type":"string"},"next_cursor":{"type":"string"},
"history":{"type":"array","items":{"type":"object","required":["height","index","tx_hash","time_ms","status","ops"],
"properties":{"height":{"type":"integer"},"index":{"type":"integer"},"tx_hash":{"type":"string"},"time_ms":{"type":"integer"},
"status":{"enum":["committed","failed"]},"reason":{"type":"string"},"op_index":{"type":"integer"},"signer":{"type":"string"},
"nonce":{"type":"integer"},"memo":{"type":"string"},"client_ref":{"type":"string"},"ops":{"type":"array"}}}}}})",
            .errors = {Reason::BAD_ADDRESS, Reason::UNKNOWN_ACCOUNT},
            .example_params = examples::kAccountHistoryParams,
            .example_result = examples::kAccountHistoryResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) { return account_history(*s, p); }),
        });
        !st) {
        return st;
    }
    return table.add({
        .name = "node_keys",
        .scope = rpc::Scope::Admin,
        .summary = "The keys of this node's keystore that tx_sign_submit can sign with.",
        .description = "`address` is the account whose current key it is (`registered: true`), or else the address "
                       "an account registered with this key would get. The validator's consensus key is not listed.",
        .params = {},
        .result_description = "{keys:[{name, address, pubkey, registered}]}",
        .result_schema = R"({"type":"object","required":["keys"],
"properties":{"keys":{"type":"array","items":{"type":"object","required":["name","address","pubkey"],
"properties":{"name":{"type":"string"},"address":{"type":"string"},"pubkey":{"type":"string"},"registered":{"type":"boolean"}}}}}})",
        .errors = {},
        .example_params = examples::kNodeKeysParams,
        .example_result = examples::kNodeKeysResult,
        .handler = rpc::sync_handler([s](const json&, const rpc::CallContext&) {
            return RpcOutcome::success(node_keys(*s));
        }),
    });
}

}  // namespace folio::node::rpcm
