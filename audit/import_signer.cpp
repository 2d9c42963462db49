#include "audit/import_signer.h"

#include <algorithm>

#include "chain/crypto/bech32m.h"
#include "chain/op_json.h"
#include "chain/tx.h"
#include "contracts/registry.h"
#include "keys/keystore.h"

namespace folio::audit {
namespace {

using nlohmann::json;

// How long a locally signed tx may wait, as the chain's default tx_max_wait_blocks.
constexpr uint64_t kValidForBlocks = 10000;

Result<std::vector<std::string>> roles_of(rpc::Client& client, const std::string& address) {
    auto account = client.call("account_get", json{{"account", address}});
    if (!account) return account.error();
    std::vector<std::string> roles;
    for (const auto& r : account->value("roles", json::array())) roles.push_back(r.get<std::string>());
    return roles;
}

class NodeKeySigner final : public TxSigner {
  public:
    explicit NodeKeySigner(std::string name) : name_(std::move(name)) {}
    Result<std::pair<std::string, json>> submit_call(const PlannedTx& tx) override {
        json p = {{"key", name_}, {"ops", tx.ops}, {"client_ref", tx.client_ref}};
        if (!tx.memo.empty()) p["memo"] = tx.memo;
        return std::make_pair(std::string("tx_sign_submit"), std::move(p));
    }
    void outcome(bool) override {}
    bool numbers_txs() const override { return false; }

  private:
    std::string name_;
};

class LocalKeySigner final : public TxSigner {
  public:
    LocalKeySigner(const SigningKey& key, const ImportSource& source, ChainId chain_id, AccountId signer,
                   uint64_t nonce, Height valid_until)
        : key_(key),
          source_(source),
          chain_id_(chain_id),
          signer_(signer),
          nonce_(nonce),
          valid_until_(valid_until),
          registry_(contracts::make_registry()) {}

    Result<std::pair<std::string, json>> submit_call(const PlannedTx& planned) override {
        const DecimalsLookup decimals = [this](std::string_view symbol) -> std::optional<uint8_t> {
            const AssetRow* a = source_.asset(std::string(symbol));
            if (a == nullptr) return std::nullopt;
            return a->decimals;
        };
        SignedTx stx;
        stx.tx.chain_id = chain_id_;
        stx.tx.signer = signer_;
        stx.tx.nonce = nonce_ + in_batch_++;
        stx.tx.valid_until_height = valid_until_;
        stx.tx.memo = planned.memo;
        stx.tx.client_ref = planned.client_ref;
        for (const auto& op : planned.ops) {
            auto encoded = op_from_json(op, decimals, *registry_);
            if (!encoded) return encoded.error();
            stx.tx.ops.push_back(std::move(*encoded));
        }
        sign_tx(stx, *key_.secret);
        const Bytes bytes = stx.encode();
        // Through the decoder, so that what is submitted obeys every bound the node holds it to.
        if (auto check = decode_signed_tx(bytes); !check) return check.error();
        return std::make_pair(std::string("tx_submit"), json{{"tx", to_hex(bytes)}});
    }
    // The calls of a batch are numbered from nonce_; once answered, the next batch counts from the admitted.
    void outcome(bool admitted) override {
        if (admitted) ++nonce_;
        in_batch_ = 0;
    }
    bool numbers_txs() const override { return true; }

  private:
    SigningKey key_;
    const ImportSource& source_;
    ChainId chain_id_;
    AccountId signer_;
    uint64_t nonce_;
    uint64_t in_batch_ = 0;
    Height valid_until_;
    std::unique_ptr<InstrumentRegistry> registry_;
};

}  // namespace

Result<std::vector<SigningKey>> node_signing_keys(rpc::Client& client,
                                                  const std::vector<std::string>& names) {
    auto listed = client.call("node_keys", json::object());
    if (!listed) return listed.error();
    const json keys = listed->value("keys", json::array());
    std::vector<SigningKey> out;
    for (const auto& name : names) {
        SigningKey key;
        key.name = name;
        for (const auto& k : keys) {
            if (k.value("name", "") == name && k.value("registered", false))
                key.address = k.value("address", "");
        }
        if (key.address.empty()) {
            return make_error(Reason::NOT_FOUND,
                              "--key " + name + ": the node keystore holds no registered key of that name");
        }
        auto roles = roles_of(client, key.address);
        if (!roles) return roles.error();
        key.roles = std::move(*roles);
        out.push_back(std::move(key));
    }
    return out;
}

Result<std::vector<SigningKey>> keystore_signing_keys(rpc::Client& client, const std::string& dir,
                                                      const std::string& password) {
    auto keystore = keys::Keystore::open(dir, false);
    if (!keystore) return keystore.error();
    auto listed = keystore->list();
    if (!listed) return listed.error();
    std::vector<SigningKey> out;
    for (const auto& info : *listed) {
        auto account = client.call("account_get", json{{"pubkey", to_hex(info.pubkey)}});
        if (!account) {
            if (account.reason() == Reason::NOT_FOUND || account.reason() == Reason::UNKNOWN_ACCOUNT)
                continue;
            return account.error();
        }
        auto secret = keystore->unlock(info.name, password);
        if (!secret) return secret.error();
        SigningKey key;
        key.name = info.name;
        key.address = account->value("address", "");
        for (const auto& r : account->value("roles", json::array()))
            key.roles.push_back(r.get<std::string>());
        key.secret = std::make_shared<const crypto::SecretKey>(std::move(*secret));
        out.push_back(std::move(key));
    }
    return out;
}

Result<SigningKey> key_for(const std::vector<SigningKey>& keys, SignerRole role) {
    const std::string wanted(signer_role_name(role));
    for (const auto& k : keys) {
        if (std::find(k.roles.begin(), k.roles.end(), wanted) != k.roles.end()) return k;
    }
    return make_error(Reason::NOT_AUTHORIZED,
                      "no signing key has the " + wanted + " role, which this import needs");
}

Result<std::unique_ptr<TxSigner>> TxSigner::make(rpc::Client& client, const SigningKey& key,
                                                 const ImportSource& source) {
    if (!key.secret) return std::unique_ptr<TxSigner>(new NodeKeySigner(key.name));
    auto info = client.call("chain_info", json::object());
    if (!info) return info.error();
    ChainId chain_id{};
    if (!from_hex_fixed(info->value("chain_id", ""), chain_id)) {
        return make_error(Reason::DECODE_ERROR, "chain_info has no chain_id");
    }
    auto status = client.call("chain_status", json::object());
    if (!status) return status.error();
    auto account = client.call("account_get", json{{"account", key.address}});
    if (!account) return account.error();
    const auto signer = crypto::decode_address(key.address);
    if (!signer) return make_error(Reason::BAD_ADDRESS, "account_get answered a bad address");
    return std::unique_ptr<TxSigner>(
        new LocalKeySigner(key, source, chain_id, *signer, account->value("nonce", uint64_t{0}),
                           status->value("height", uint64_t{0}) + kValidForBlocks));
}

}  // namespace folio::audit
