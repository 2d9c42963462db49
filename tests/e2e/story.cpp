#include "tests/e2e/story.h"

#include <chrono>

#include "chain/crypto/bech32m.h"
#include "chain/types.h"

namespace folio::e2e {
namespace {

uint64_t wall_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

Bytes unsigned_bytes(const json& built) {
    auto bytes = from_hex(built.at("tx").get<std::string>());
    if (!bytes) throw Failure("tx_build answered a tx that is not hex: " + built.dump());
    return std::move(*bytes);
}

}  // namespace

Investor new_investor() {
    Investor inv;
    inv.key = crypto::SecretKey::generate();
    const PubKey pub = inv.key.pubkey();
    inv.pubkey = to_hex(pub);
    inv.address = crypto::encode_address(account_id_of(pub));
    return inv;
}

json wait_committed(FoliodNode& node, const std::string& tx_hash, uint64_t timeout_ms) {
    const json status = node.call("tx_wait", {{"tx_hash", tx_hash}, {"timeout_ms", timeout_ms}});
    if (status.value("status", "") != "committed") {
        throw Failure("tx " + tx_hash + " did not commit: " + status.dump());
    }
    return status;
}

std::string sign_submit_wait(FoliodNode& node, const std::string& key, const json& ops,
                             const std::optional<std::string>& client_ref) {
    json params = {{"key", key}, {"ops", ops}};
    if (client_ref) params["client_ref"] = *client_ref;
    const std::string hash = node.call("tx_sign_submit", params).at("tx_hash").get<std::string>();
    wait_committed(node, hash);
    return hash;
}

void register_investors(FoliodNode& node, const std::vector<const Investor*>& investors, bool kyc) {
    // One tx: an account registered by an earlier op of the tx may be attested by a later one.
    json ops = json::array();
    for (const Investor* inv : investors)
        ops.push_back({{"op", "account_register"}, {"pubkey", inv->pubkey}});
    const uint64_t expires = wall_ms() + 365ull * 24 * 3600 * 1000;
    for (size_t i = 0; kyc && i < investors.size(); ++i) {
        ops.push_back({{"op", "kyc_attest"},
                       {"account", investors[i]->address},
                       {"level", 1},
                       {"category", "retail"},
                       {"expires_ms", expires},
                       {"doc_hash", std::string(64, static_cast<char>('a' + i % 6))}});
    }
    sign_submit_wait(node, "operator", ops);
}

json asset_create_op(const std::string& symbol, const std::string& asset_class, int decimals,
                     const std::string& max_supply) {
    return {{"op", "asset_create"},
            {"symbol", symbol},
            {"class", asset_class},
            {"decimals", decimals},
            {"max_supply", max_supply}};
}

json issue_op(const std::string& symbol, const std::vector<std::pair<std::string, std::string>>& to) {
    json recipients = json::array();
    for (const auto& [address, amount] : to) recipients.push_back({{"account", address}, {"amount", amount}});
    return {{"op", "issue"}, {"asset", symbol}, {"to", recipients}};
}

void create_asset(FoliodNode& node, const std::string& symbol, const std::string& asset_class, int decimals,
                  const std::string& max_supply) {
    sign_submit_wait(node, "issuer",
                     json::array({asset_create_op(symbol, asset_class, decimals, max_supply)}));
}

std::string issue(FoliodNode& node, const std::string& symbol,
                  const std::vector<std::pair<std::string, std::string>>& to,
                  const std::optional<std::string>& client_ref) {
    return sign_submit_wait(node, "issuer", json::array({issue_op(symbol, to)}), client_ref);
}

json build_transfer(FoliodNode& node, const Investor& from, const std::string& asset, const std::string& to,
                    const std::string& amount, std::optional<uint64_t> nonce,
                    const std::optional<std::string>& client_ref) {
    json params = {
        {"signer", from.address},
        {"ops", json::array({{{"op", "transfer"}, {"asset", asset}, {"to", to}, {"amount", amount}}})}};
    if (nonce) params["nonce"] = *nonce;
    if (client_ref) params["client_ref"] = *client_ref;
    return node.call("tx_build", params);
}

Tx decode_built(const json& built) {
    auto tx = decode_tx(unsigned_bytes(built));
    if (!tx) throw Failure("tx_build answered a tx that does not decode: " + tx.error().message);
    if (to_hex(tx->hash()) != built.at("sighash").get<std::string>()) {
        throw Failure("tx_build's sighash is not the hash of its tx: " + built.dump());
    }
    return std::move(tx).value();
}

json signatures_for(const json& built, const Investor& signer) {
    const Tx tx = decode_built(built);
    const Signature sig = crypto::sign(signer.key, tx.hash());
    return json::array({{{"pubkey", signer.pubkey}, {"signature", to_hex(sig)}}});
}

std::string signed_hex(const Tx& tx, const Investor& signer) {
    SignedTx stx{tx, {}};
    sign_tx(stx, signer.key);
    return to_hex(stx.encode());
}

std::string signed_hex(const json& built, const Investor& signer) {
    return signed_hex(decode_built(built), signer);
}

std::string holding_of(FoliodNode& node, const std::string& address, const std::string& asset) {
    const json h = node.call("account_holdings", {{"account", address}});
    for (const auto& entry : h.at("holdings")) {
        if (entry.at("asset") == asset) return entry.at("amount").get<std::string>();
    }
    return "0";
}

Pair fund_pair(FoliodNode& node, const std::string& symbol, const std::string& amount) {
    Pair p{new_investor(), new_investor()};
    register_investors(node, {&p.alice, &p.bob}, /*kyc=*/true);
    sign_submit_wait(node, "issuer",
                     json::array({asset_create_op(symbol, "equity", 0, "1000000000"),
                                  issue_op(symbol, {{p.alice.address, amount}})}));
    return p;
}

std::map<std::string, std::string> holders_of(FoliodNode& node, const std::string& asset) {
    const json page = node.call("asset_holders", {{"asset", asset}, {"limit", 1000}});
    std::map<std::string, std::string> out;
    for (const auto& h : page.at("holders"))
        out[h.at("account").get<std::string>()] = h.at("amount").get<std::string>();
    return out;
}

std::string error_reason(const json& answer) {
    if (!answer.contains("error")) return "";
    const json& e = answer["error"];
    if (!e.contains("data") || !e["data"].is_object()) return "(no data.reason)";
    return e["data"].value("reason", "(no data.reason)");
}

}  // namespace folio::e2e
