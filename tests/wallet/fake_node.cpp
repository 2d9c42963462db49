#include "fake_node.h"

#include <stdexcept>

#include "chain/crypto/bech32m.h"
#include "chain/op_json.h"
#include "rpc/method.h"

namespace folio::wallet::test {

using nlohmann::json;
using rpc::ParamType;
using rpc::RpcOutcome;

namespace {

RpcOutcome refuse(Reason reason, std::string message) {
    return RpcOutcome::failure(make_error(reason, std::move(message)));
}

std::optional<AccountId> account_param(const json& p) {
    if (!p.contains("account")) return std::nullopt;
    return crypto::decode_address(p["account"].get<std::string>());
}

json asset_json(const Asset& a) {
    return {{"symbol", a.symbol},
            {"asset_id", a.id},
            {"class", std::string(asset_class_name(a.asset_class))},
            {"decimals", a.decimals},
            {"max_supply", format_amount(a.max_supply, a.decimals)},
            {"supply", format_amount(a.supply, a.decimals)},
            {"holders", a.holders},
            {"issuer", crypto::encode_address(a.issuer)},
            {"frozen", a.frozen},
            {"created_height", a.created_height}};
}

}  // namespace

FakeNode::FakeNode(size_t n_validators) : chain_(n_validators), table_(std::make_shared<rpc::MethodTable>()) {
    add_methods();
    rpc::ServerConfig config;
    config.io_threads = 1;
    server_ = std::make_unique<rpc::Server>(config, table_, rpc::TokenStore({submit_token_.record}));
    auto bound = server_->start();
    if (!bound) throw std::runtime_error("fake node: " + bound.error().message);
    address_ = *bound;
}

FakeNode::~FakeNode() {
    server_->stop();
}

void FakeNode::add_methods() {
    auto add = [this](std::string name, rpc::Scope scope, std::vector<rpc::ParamSpec> params,
                      std::function<RpcOutcome(const json&)> fn, std::string example_params = "{}") {
        rpc::MethodSpec spec;
        spec.name = name;
        spec.example_params = std::move(example_params);
        spec.scope = scope;
        spec.summary = "wallet test stand-in";
        spec.params = std::move(params);
        spec.handler = rpc::sync_handler([this, fn](const json& p, const rpc::CallContext&) {
            std::lock_guard lock(mutex_);
            return fn(p);
        });
        if (Status s = table_->add(std::move(spec)); !s)
            throw std::runtime_error("fake node method: " + s.error().message);
    };
    const rpc::ParamSpec account{.name = "account"}, asset{.name = "asset"}, pubkey{.name = "pubkey"},
        height{.name = "height", .type = ParamType::Unsigned}, tx{.name = "tx"}, tx_hash{.name = "tx_hash"},
        timeout{.name = "timeout_ms", .type = ParamType::Unsigned},
        limit{.name = "limit", .type = ParamType::Unsigned}, cursor{.name = "cursor"};

    add("chain_info", rpc::Scope::Read, {}, [this](const json&) {
        return RpcOutcome::success(
            {{"chain_id", chain_id_shown_.empty() ? to_hex(chain_.chain_id) : chain_id_shown_},
             {"name", chain_.genesis.chain_name},
             {"genesis", json::parse(chain_.genesis_json)}});
    });
    add("chain_status", rpc::Scope::Read, {}, [this](const json&) {
        const BlockHeader h = chain_.ledger().head();
        return RpcOutcome::success({{"height", h.height},
                                    {"latest_block_hash", to_hex(h.hash())},
                                    {"state_root", to_hex(h.state_root)},
                                    {"mempool_size", 0},
                                    {"mempool_bytes", 0}});
    });
    add("asset_get", rpc::Scope::Read, {asset}, [this](const json& p) {
        AssetId id = 0;
        Asset a;
        const std::string sym = p.value("asset", "");
        if (!read_asset_id(chain_.ledger().state(), sym, id) || !read_asset(chain_.ledger().state(), id, a)) {
            return refuse(Reason::UNKNOWN_ASSET, "no asset " + sym);
        }
        return RpcOutcome::success(asset_json(a));
    });
    add("account_get", rpc::Scope::Read, {account, pubkey}, [this](const json& p) {
        std::optional<AccountId> id = account_param(p);
        if (p.contains("pubkey")) {
            PubKey k{};
            Bytes owner;
            if (from_hex_fixed(p["pubkey"].get<std::string>(), k) &&
                chain_.ledger().state().get(state_key::pubkey(k), owner) && owner.size() == 32) {
                id.emplace();
                std::copy(owner.begin(), owner.end(), id->begin());
            }
        }
        Account a;
        if (!id || !read_account(chain_.ledger().state(), *id, a))
            return refuse(Reason::NOT_FOUND, "no such account");
        json keys = json::array();
        for (const auto& k : a.keys) keys.push_back(to_hex(k));
        return RpcOutcome::success({{"address", crypto::encode_address(*id)},
                                    {"account_id", to_hex(*id)},
                                    {"pubkey", to_hex(a.keys.at(0))},
                                    {"pubkeys", keys},
                                    {"threshold", a.threshold},
                                    {"nonce", a.nonce},
                                    {"committed_nonce", a.nonce},
                                    {"roles", json::array()},
                                    {"frozen", a.frozen},
                                    {"kyc", nullptr}});
    });
    add("account_holdings", rpc::Scope::Read, {account, height}, [this](const json& p) {
        auto id = account_param(p);
        if (!id) return refuse(Reason::INVALID_ARGUMENT, "account");
        if (Account a; !read_account(chain_.ledger().state(), *id, a))
            return refuse(Reason::UNKNOWN_ACCOUNT, "no account " + p["account"].get<std::string>());
        json holdings = json::array();
        for (AssetId a = 0; a < 4; ++a) {
            Asset asset;
            Balance b;
            if (!read_asset(chain_.ledger().state(), a, asset) ||
                !read_balance(chain_.ledger().state(), a, *id, b))
                continue;
            const uint8_t d = asset.decimals;
            holdings.push_back({{"asset", asset.symbol},
                                {"amount", format_amount(b.amount, d)},
                                {"locked", format_amount(b.locked, d)},
                                {"frozen", format_amount(b.frozen, d)},
                                {"available", format_amount(b.available(), d)},
                                {"decimals", d}});
        }
        return RpcOutcome::success(
            {{"height", chain_.ledger().height()}, {"account", p["account"]}, {"holdings", holdings}});
    });
    add("account_history", rpc::Scope::Read, {account, limit, cursor}, [this](const json& p) {
        auto id = account_param(p);
        if (!id) return refuse(Reason::INVALID_ARGUMENT, "account");
        if (Account a; !read_account(chain_.ledger().state(), *id, a))
            return refuse(Reason::UNKNOWN_ACCOUNT, "no account " + p["account"].get<std::string>());
        const DecimalsLookup decimals = [this](std::string_view sym) -> std::optional<uint8_t> {
            AssetId aid = 0;
            Asset a;
            if (!read_asset_id(chain_.ledger().state(), sym, aid) ||
                !read_asset(chain_.ledger().state(), aid, a))
                return std::nullopt;
            return a.decimals;
        };
        json history = json::array();
        for (auto it = chain_.blocks().rbegin(); it != chain_.blocks().rend(); ++it) {
            const auto& block = it->second;
            for (size_t i = 0; i < block.receipts.size(); ++i) {
                const Receipt& r = block.receipts[i];
                if (std::find(r.accounts.begin(), r.accounts.end(), *id) == r.accounts.end()) continue;
                const Tx& tx = block.txs[i]->signed_tx.tx;
                json ops = json::array();
                for (const Op& op : tx.ops) ops.push_back(*op_to_json(op, decimals, chain_.registry()));
                json e = {{"height", block.header.height},
                          {"index", i},
                          {"tx_hash", to_hex(r.tx_hash)},
                          {"time_ms", block.header.time_ms},
                          {"status", r.status == TxStatus::success ? "committed" : "failed"},
                          {"signer", crypto::encode_address(tx.signer)},
                          {"nonce", tx.nonce},
                          {"memo", tx.memo},
                          {"ops", ops}};
                if (r.status != TxStatus::success) e["reason"] = std::string(reason_name(r.reason));
                history.push_back(std::move(e));
            }
        }
        return RpcOutcome::success({{"history", history}});
    });
    add("tx_submit", rpc::Scope::Submit, {tx}, [this](const json& p) {
        ++submits_;
        auto bytes = from_hex(p.value("tx", ""));
        if (!bytes) return refuse(Reason::DECODE_ERROR, "tx is not hex");
        auto env = decode_signed_tx(*bytes);
        if (!env) return RpcOutcome::failure(env.error());
        const TxHash h = (*env)->tx_hash;
        if (committed_.count(h)) return RpcOutcome::success({{"tx_hash", to_hex(h)}});
        // The mempool's check: run it against the latest state, and refuse what would not succeed.
        auto dry = chain_.run_block({*env}, false);
        if (!dry.excluded.empty()) {
            const ExcludedTx& x = dry.excluded[0];
            if (x.error.reason == Reason::DUPLICATE_CLIENT_REF) {
                return RpcOutcome::failure(x.error, json{{"tx_hash", to_hex(x.conflicting_tx)}});
            }
            return RpcOutcome::failure(x.error);
        }
        if (dry.receipts.at(0).status != TxStatus::success) {
            return refuse(dry.receipts[0].reason,
                          "the tx would fail: " + std::string(reason_name(dry.receipts[0].reason)));
        }
        auto done = chain_.run_block({*env});
        committed_[h] = done.header.height;
        return RpcOutcome::success({{"tx_hash", to_hex(h)}});
    });
    add("tx_wait", rpc::Scope::Read, {tx_hash, timeout}, [this](const json& p) {
        TxHash h{};
        if (!from_hex_fixed(p.value("tx_hash", ""), h)) return refuse(Reason::INVALID_ARGUMENT, "tx_hash");
        auto it = committed_.find(h);
        if (it == committed_.end()) return RpcOutcome::success({{"status", "unknown"}});
        return RpcOutcome::success({{"status", "committed"}, {"height", it->second}, {"index", 0}});
    });
    add("tx_get", rpc::Scope::Read, {tx_hash}, [this](const json& p) {
        TxHash h{};
        if (!from_hex_fixed(p.value("tx_hash", ""), h)) return refuse(Reason::INVALID_ARGUMENT, "tx_hash");
        auto it = committed_.find(h);
        if (it == committed_.end()) return refuse(Reason::NOT_FOUND, "no tx " + to_hex(h));
        const auto& block = chain_.blocks().at(it->second);
        const Tx& tx = block.txs.at(0)->signed_tx.tx;
        json ops = json::array();
        for (const Op& op : tx.ops) ops.push_back(*op_to_json(op, {}, chain_.registry()));
        return RpcOutcome::success({{"tx_hash", to_hex(h)},
                                    {"status", "committed"},
                                    {"height", it->second},
                                    {"index", 0},
                                    {"tx",
                                     {{"signer", crypto::encode_address(tx.signer)},
                                      {"nonce", tx.nonce},
                                      {"memo", tx.memo},
                                      {"ops", ops}}}});
    });
    add("proof_holding", rpc::Scope::Read, {account, asset, height}, [this](const json& p) {
        auto id = account_param(p);
        if (!id) return refuse(Reason::INVALID_ARGUMENT, "account");
        std::optional<Height> h;
        if (p.contains("height")) h = p["height"].get<uint64_t>();
        json proof = chain_.proof_holding(*id, p.value("asset", ""), h);
        if (!balance_claim_.empty()) proof["balance"]["amount"] = balance_claim_;
        if (omit_past_asset_ && h) proof["entries"].erase("asset");
        if (forged_balance_)
            proof["entries"]["balance"]["value"] = to_hex(Balance{*forged_balance_, 0, 0}.encode());
        return RpcOutcome::success(proof);
    });
    // The instruments' read queries (campaign_get, asset_schedule, vote_tally...), over the chain's committed
    // state and store as foliod serves them.
    for (const InstrumentQuery* q : chain_.registry().queries()) {
        std::vector<rpc::ParamSpec> specs;
        for (const json& d : json::parse(q->params)) {
            rpc::ParamSpec spec{.name = d.value("name", std::string()), .required = d.value("required", false)};
            if (d.contains("schema") && d["schema"].value("type", std::string()) == "integer")
                spec.type = ParamType::Unsigned;
            specs.push_back(std::move(spec));
        }
        add(q->name, rpc::Scope::Read, std::move(specs), [this, q](const json& p) {
            const DecimalsLookup decimals = [this](std::string_view sym) -> std::optional<uint8_t> {
                AssetId aid = 0;
                Asset a;
                if (!read_asset_id(chain_.ledger().state(), sym, aid) || !read_asset(chain_.ledger().state(), aid, a))
                    return std::nullopt;
                return a.decimals;
            };
            const Ledger& ledger = chain_.ledger();
            QueryContext ctx{ledger.state(), ledger.height(), ledger.store(), decimals, ledger.head().time_ms};
            auto r = q->handler(ctx, p);
            if (!r) return RpcOutcome::failure(r.error());
            return RpcOutcome::success(std::move(r).value());
        }, q->example_params);
    }
}

}  // namespace folio::wallet::test
