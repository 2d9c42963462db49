#include "wallet/node_client.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "chain/crypto/bech32m.h"
#include "rpc/client.h"
#include "rpc/json_limits.h"
#include "rpc/outcome.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Each tx_wait call waits at most this long on the node, so that the HTTP timeout below always exceeds it.
constexpr uint64_t kWaitChunkMs = 20'000;
constexpr std::chrono::milliseconds kHttpTimeout{35'000};
constexpr unsigned kMaxAnswerDepth = 64;
constexpr std::chrono::milliseconds kMinPollInterval{200};

std::string node_text(const json& v, size_t max = 300) {
    return v.is_string() ? printable(v.get_ref<const std::string&>(), max) : std::string();
}

}  // namespace

Failure bad_answer(std::string_view method, std::string_view what) {
    return Failure{ExitCode::node,
                   "BAD_RESPONSE",
                   cat("the node's answer to ", method, " is malformed: ", what),
                   "is --rpc pointing at a Folio node of a compatible version?",
                   {}};
}

NodeClient::NodeClient(std::string url, std::string token)
    : url_(url),
      client_(std::make_unique<rpc::Client>(std::move(url), std::move(token),
                                            rpc::ClientOptions{kHttpTimeout})) {}

NodeClient::~NodeClient() = default;

Expected<json> NodeClient::call(std::string_view method, const json& params) {
    const json request = {{"jsonrpc", "2.0"}, {"id", next_id_++}, {"method", method}, {"params", params}};
    auto reply = client_->post(rpc::dump_json(request));
    if (!reply) {
        return Failure{ExitCode::node,
                       std::string(reason_name(reply.reason())),
                       cat("cannot reach the node at ", url_, ": ", reply.error().message),
                       "is foliod running? check --rpc, $FOLIO_RPC_URL or the URL given to init",
                       {}};
    }
    json doc;
    std::string why;
    if (!rpc::parse_json_bounded(reply->body, kMaxAnswerDepth, doc, why)) {
        if (reply->status == 401 || reply->status == 403) {
            return Failure{ExitCode::node,
                           "NOT_AUTHORIZED",
                           cat("the node refused the token (HTTP ", reply->status, ")"),
                           "give a token with --token, --token-file or $FOLIO_RPC_TOKEN",
                           {}};
        }
        return bad_answer(method, cat("HTTP ", reply->status, ", not JSON-RPC (", why, ")"));
    }
    if (!doc.is_object()) return bad_answer(method, "not a JSON object");
    if (auto err = doc.find("error"); err != doc.end() && !err->is_null()) {
        if (!err->is_object()) return bad_answer(method, "error is not an object");
        const int code =
            err->contains("code") && (*err)["code"].is_number_integer() ? (*err)["code"].get<int>() : 0;
        Failure f;
        f.message = cat(method, ": ",
                        err->contains("message") ? node_text((*err)["message"]) : "error without a message");
        f.reason = "RPC_ERROR";
        if (err->contains("data") && (*err)["data"].is_object()) {
            for (const auto& [k, v] : (*err)["data"].items()) {
                if (k == "reason" && v.is_string())
                    f.reason = printable(v.get<std::string>(), 40);
                else if (v.is_string())
                    f.details.emplace_back(printable(k, 40), node_text(v));
                else if (v.is_number_integer())
                    f.details.emplace_back(printable(k, 40), v.dump());
            }
        }
        // The node looked at the request and said no: retrying it as is cannot help.
        if (code == rpc::code::kRefused || code == rpc::code::kNotFound ||
            code == rpc::code::kInvalidParams) {
            f.exit = ExitCode::refused;
        } else {
            f.exit = ExitCode::node;
            if (code == rpc::code::kUnauthorized) {
                f.hint =
                    "the token is missing or lacks the scope: give one with --token, --token-file or "
                    "$FOLIO_RPC_TOKEN";
            }
        }
        return f;
    }
    auto result = doc.find("result");
    if (result == doc.end()) return bad_answer(method, "neither result nor error");
    return std::move(*result);
}

namespace {

// Readers of answer fields: each returns false when the field is missing or of another type.
bool get_string(const json& j, const char* k, std::string& out) {
    auto it = j.find(k);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}
bool get_uint(const json& j, const char* k, uint64_t& out) {
    auto it = j.find(k);
    if (it == j.end() || !it->is_number_unsigned()) return false;
    out = it->get<uint64_t>();
    return true;
}

}  // namespace

Done NodeClient::check_chain(const ChainId& pinned, std::string_view pinned_name) {
    auto info = call("chain_info", json::object());
    if (!info) return info.failure();
    std::string hex, name;
    ChainId theirs{};
    if (!info->is_object() || !get_string(*info, "chain_id", hex) || !from_hex_fixed(hex, theirs)) {
        return bad_answer("chain_info", "chain_id is not 64 hex characters");
    }
    get_string(*info, "name", name);
    if (theirs != pinned) {
        return Failure{
            ExitCode::refused,
            "WRONG_CHAIN",
            cat("the node at ", url_, " serves chain '", printable(name, 64), "' (", to_hex(theirs),
                "), not the pinned chain '", pinned_name, "' (", to_hex(pinned), ")"),
            "point --rpc at a node of the pinned chain, or use another --wallet-dir",
            {}};
    }
    return done();
}

Expected<Height> NodeClient::head_height() {
    auto status = call("chain_status", json::object());
    if (!status) return status.failure();
    uint64_t h = 0;
    if (!status->is_object() || !get_uint(*status, "height", h))
        return bad_answer("chain_status", "no height");
    return h;
}

Expected<AssetInfo> NodeClient::asset(std::string_view symbol) {
    auto a = call("asset_get", {{"asset", symbol}});
    if (!a) return a.failure();
    AssetInfo out;
    uint64_t decimals = 0, id = 0;
    if (!a->is_object() || !get_string(*a, "symbol", out.symbol)) return bad_answer("asset_get", "no symbol");
    if (out.symbol != symbol)
        return bad_answer("asset_get", cat("asked for ", symbol, ", got ", printable(out.symbol, 20)));
    if (!get_uint(*a, "decimals", decimals) || decimals > kMaxDecimals)
        return bad_answer("asset_get", "decimals not in 0..18");
    if (!get_uint(*a, "asset_id", id) || id > UINT32_MAX)
        return bad_answer("asset_get", "asset_id is not a u32");
    out.decimals = static_cast<uint8_t>(decimals);
    out.id = static_cast<AssetId>(id);
    return out;
}

namespace {

Expected<AccountInfo> account_from(const json& a) {
    AccountInfo out;
    std::string address;
    if (!a.is_object() || !get_string(a, "address", address)) return bad_answer("account_get", "no address");
    auto id = crypto::decode_address(address);
    if (!id) return bad_answer("account_get", "address is not a folio address");
    out.id = *id;
    if (!get_uint(a, "nonce", out.nonce)) return bad_answer("account_get", "no nonce");
    auto keys = a.find("pubkeys");
    if (keys != a.end() && keys->is_array()) {
        for (const auto& k : *keys) {
            PubKey pk{};
            if (!k.is_string() || !from_hex_fixed(k.get<std::string>(), pk))
                return bad_answer("account_get", "bad pubkeys");
            out.pubkeys.push_back(pk);
        }
    } else {
        std::string hex;
        PubKey pk{};
        if (!get_string(a, "pubkey", hex) || !from_hex_fixed(hex, pk))
            return bad_answer("account_get", "no pubkey");
        out.pubkeys.push_back(pk);
    }
    return out;
}

}  // namespace

Expected<AccountInfo> NodeClient::account(const AccountId& id) {
    auto a = call("account_get", {{"account", crypto::encode_address(id)}});
    if (!a) return a.failure();
    auto out = account_from(*a);
    if (out && out->id != id) return bad_answer("account_get", "answered for another account");
    return out;
}

Expected<std::optional<AccountId>> NodeClient::account_of_key(const PubKey& pubkey) {
    auto a = call("account_get", {{"pubkey", to_hex(pubkey)}});
    if (!a) {
        const std::string& r = a.failure().reason;
        if (r == "NOT_FOUND" || r == "UNKNOWN_ACCOUNT") return std::optional<AccountId>();
        return a.failure();
    }
    auto out = account_from(*a);
    if (!out) return out.failure();
    return std::optional<AccountId>(out->id);
}

Expected<TxHash> NodeClient::submit(ByteView signed_tx) {
    auto r = call("tx_submit", {{"tx", to_hex(signed_tx)}});
    if (!r) return r.failure();
    std::string hex;
    TxHash h{};
    if (!r->is_object() || !get_string(*r, "tx_hash", hex) || !from_hex_fixed(hex, h)) {
        return bad_answer("tx_submit", "tx_hash is not 64 hex characters");
    }
    return h;
}

Expected<TxWaitResult> NodeClient::wait(const TxHash& tx_hash, uint64_t wait_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        const uint64_t chunk = std::min<uint64_t>(left > 0 ? static_cast<uint64_t>(left) : 0, kWaitChunkMs);
        const auto asked_at = Clock::now();
        auto r = call("tx_wait", {{"tx_hash", to_hex(tx_hash)}, {"timeout_ms", chunk}});
        if (!r) return r.failure();
        TxWaitResult out;
        if (!r->is_object() || !get_string(*r, "status", out.status))
            return bad_answer("tx_wait", "no status");
        static const std::vector<std::string> known = {"committed", "failed", "pending", "expired",
                                                       "unknown"};
        if (std::find(known.begin(), known.end(), out.status) == known.end()) {
            return bad_answer("tx_wait", cat("unknown status '", printable(out.status, 20), "'"));
        }
        uint64_t h = 0;
        if (get_uint(*r, "height", h)) out.height = h;
        std::string reason;
        if (get_string(*r, "reason", reason)) out.reason = printable(reason, 40);
        if (out.status != "pending" || Clock::now() >= deadline) return out;
        // A node that answers "pending" at once, without waiting, is not polled in a tight loop.
        if (Clock::now() - asked_at < kMinPollInterval) std::this_thread::sleep_for(kMinPollInterval);
    }
}

}  // namespace folio::wallet
