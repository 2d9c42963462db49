#include "rpc_fixture.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "chain/crypto/bech32m.h"
#include "chain/genesis.h"
#include "contracts/registry.h"
#include "node/rpc_methods.h"
#include "node/validator_set_archive.h"

namespace folio::node::test {

bool FakeSession::notify(std::string_view subscription_id, const json& result) {
    if (!open_) return false;
    std::lock_guard lock(mu_);
    notes_.push_back(Note{std::string(subscription_id), result});
    return true;
}

void FakeSession::on_close(std::function<void()> callback) {
    {
        std::lock_guard lock(mu_);
        if (open_) {
            on_close_.push_back(std::move(callback));
            return;
        }
    }
    callback();
}

void FakeSession::close() {
    std::vector<std::function<void()>> callbacks;
    {
        std::lock_guard lock(mu_);
        open_ = false;
        callbacks.swap(on_close_);
    }
    for (auto& cb : callbacks) cb();
}

std::vector<FakeSession::Note> FakeSession::notes() const {
    std::lock_guard lock(mu_);
    return notes_;
}

std::vector<FakeSession::Note> FakeSession::notes_for(const std::string& subscription) const {
    std::vector<Note> out;
    for (auto& n : notes()) {
        if (n.subscription == subscription) out.push_back(n);
    }
    return out;
}

namespace {

uint64_t wall_ms() {
    using namespace std::chrono;
    return static_cast<uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

Party make_party(std::string name) {
    Party p;
    p.name = std::move(name);
    p.key = std::make_shared<crypto::SecretKey>(crypto::SecretKey::generate());
    p.pubkey = p.key->pubkey();
    p.id = account_id_of(p.pubkey);
    p.address = crypto::encode_address(p.id);
    return p;
}

Kyc kyc_level_1() {
    Kyc k;
    k.level = 1;
    k.category = "retail";
    k.expires_ms = NodeRpc::kKycExpiresMs;
    k.doc_hash.fill(0x11);
    return k;
}

}  // namespace

NodeRpc::NodeRpc(size_t proof_versions_kept, leveldb::Env* store_env)
    : operator_(make_party("operator")), registrar(make_party("registrar")), issuer(make_party("issuer")),
      alice(make_party("alice")), bob(make_party("bob")), carol(make_party("carol")),
      validator(crypto::SecretKey::generate()) {
    static std::atomic<int> counter{0};
    std::string name = "folio-node-rpc-";
    name += std::to_string(::getpid());
    name += '-';
    name += std::to_string(counter++);
    dir_ = (std::filesystem::temp_directory_path() / name).string();
    std::filesystem::remove_all(dir_);

    Genesis g;
    g.chain_name = "folio-test";
    g.genesis_time_ms = wall_ms() - 3600 * 1000;
    Hash256 p2p{};
    p2p.fill(0x22);
    g.validators.validators.push_back(Validator{"validator-0", validator.pubkey(), p2p, 1});
    g.accounts.push_back(GenesisAccount{"operator", operator_.pubkey, role_bit(Role::operator_), std::nullopt});
    g.accounts.push_back(GenesisAccount{"registrar", registrar.pubkey, role_bit(Role::registrar), std::nullopt});
    g.accounts.push_back(GenesisAccount{"issuer", issuer.pubkey, role_bit(Role::issuer), std::nullopt});
    g.accounts.push_back(GenesisAccount{"alice", alice.pubkey, 0, kyc_level_1()});
    g.accounts.push_back(GenesisAccount{"bob", bob.pubkey, 0, kyc_level_1()});
    GenesisAsset eurx;
    eurx.symbol = "EURX";
    eurx.asset_class = AssetClass::currency;
    eurx.decimals = 2;
    eurx.max_supply = 100000000;
    eurx.issuer = issuer.pubkey;
    eurx.balances = {{alice.pubkey, 10000}, {bob.pubkey, 5000}};
    g.assets.push_back(eurx);
    g.params = default_params();

    registry_ = contracts::make_registry();
    ledger_options_.store.path = dir_;
    ledger_options_.store.sync = false;
    ledger_options_.proof_versions_kept = proof_versions_kept;
    if (store_env != nullptr) {
        ledger_options_.store.env = store_env;
        ledger_options_.store.block_cache_bytes = 0;  // every read reaches the Env
    }
    for (const Party* p : {&operator_, &registrar, &issuer}) {
        NodeKey k;
        k.name = p->name;
        k.secret = crypto::SecretKey(p->key->bytes());
        k.pubkey = p->pubkey;
        keys_.emplace(p->name, std::move(k));
    }
    config_.datadir = dir_;
    start(g.to_json());
}

void NodeRpc::start(const std::string& genesis_json) {
    auto opened = Ledger::open(ledger_options_, genesis_json);
    if (!opened) throw std::runtime_error("cannot open the test ledger: " + opened.error().message);
    ledger_ = std::move(*opened);
    verifier_ = std::make_unique<VerifyPool>(1);
    signature_cache_ = std::make_unique<SignatureCache>();
    signatures_ = std::make_unique<CachedVerifier>(*signature_cache_, *verifier_);
    mempool_ = std::make_unique<Mempool>(*ledger_, *registry_, *signatures_, MempoolLimits{},
                                         [this] { return clock_ms(); });
    hub_ = std::make_unique<CommitHub>();
    // As foliod does (node/node.cpp): the chain of validator sets is archived after every commit.
    Ledger* ledger = ledger_.get();
    hub_->set_commit_listener([ledger](const Block&) {
        const Status s = archive_validator_set_proofs(*ledger);
        EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    });
    services_.reset(new NodeServices{config_, *ledger_, *registry_, *mempool_, *hub_, metrics_, keys_, sign_mutex_,
                                     [this] { ++wakes_; }});
    backup_ = std::make_unique<BackupService>(ledger_->store(), dir_ + ".backups");
    services_->backup = backup_.get();
    table_ = std::make_shared<rpc::MethodTable>();
    Status registered = register_node_methods(*table_, *services_);
    if (!registered) throw std::runtime_error("register_node_methods: " + registered.error().message);
    dispatcher_ = std::make_unique<rpc::Dispatcher>(table_, rpc::DispatchLimits{});
}

uint64_t NodeRpc::clock_ms() const {
    const uint64_t fixed = clock_ms_.load();
    return fixed != 0 ? fixed : wall_ms();
}

void NodeRpc::stop() {
    hub_.reset();  // answers waits still open before anything they reach goes away
    dispatcher_.reset();
    table_.reset();
    services_.reset();
    backup_.reset();
    mempool_.reset();
    signatures_.reset();
    signature_cache_.reset();
    verifier_.reset();
    ledger_.reset();
}

void NodeRpc::restart() {
    stop();
    start("");
}

NodeRpc::~NodeRpc() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    std::filesystem::remove_all(dir_ + ".backups", ec);
}

std::future<json> NodeRpc::call_async(const std::string& method, const json& params, rpc::Scope scope,
                                      std::shared_ptr<rpc::SessionChannel> session) {
    const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    rpc::CallContext ctx;
    ctx.scope = scope;
    ctx.transport = session ? rpc::Transport::WebSocket : rpc::Transport::InProcess;
    ctx.session = std::move(session);
    auto promise = std::make_shared<std::promise<json>>();
    std::future<json> answer = promise->get_future();
    dispatcher_->dispatch(request.dump(), ctx, [promise](rpc::DispatchReply reply) {
        promise->set_value(reply.body.empty() ? json() : json::parse(reply.body));
    });
    return answer;
}

json NodeRpc::call(const std::string& method, const json& params, rpc::Scope scope,
                   std::shared_ptr<rpc::SessionChannel> session) {
    std::future<json> answer = call_async(method, params, scope, std::move(session));
    if (answer.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        ADD_FAILURE() << method << " did not answer within 10 s";
        return json();
    }
    return answer.get();
}

json NodeRpc::ok(const std::string& method, const json& params, std::shared_ptr<rpc::SessionChannel> session) {
    json r = call(method, params, rpc::Scope::Admin, std::move(session));
    if (!r.contains("result")) {
        ADD_FAILURE() << method << " " << params.dump() << " failed: " << r.dump();
        return json();
    }
    return r["result"];
}

json NodeRpc::err(const std::string& method, const json& params, rpc::Scope scope,
                  std::shared_ptr<rpc::SessionChannel> session) {
    json r = call(method, params, scope, std::move(session));
    if (!r.contains("error")) {
        ADD_FAILURE() << method << " " << params.dump() << " should have failed: " << r.dump();
        return json{{"code", 0}, {"message", ""}, {"data", json::object()}};
    }
    return r["error"];
}

Block NodeRpc::produce(const std::vector<TxPtr>& front) {
    std::vector<TxPtr> txs = front;
    for (auto& tx : mempool_->reap(64u << 20, 10000)) txs.push_back(tx);
    const std::vector<bool> signatures_ok(txs.size(), true);
    next_block_time_ms_ = std::max(next_block_time_ms_ + 1, clock_ms());
    BuiltBlock built = build_block(*ledger_, *registry_, txs, signatures_ok, next_block_time_ms_, validator.pubkey());
    auto cert = commit_single_validator(*ledger_, built, validator);
    EXPECT_TRUE(cert.ok()) << (cert.ok() ? "" : cert.error().message);
    std::vector<TxPtr> not_included;
    for (const ExcludedTx& e : built.excluded) not_included.push_back(e.tx);
    std::vector<DroppedTx> dropped = mempool_->update(built.block, built.result, not_included);
    hub_->on_commit(built.block, built.result.receipts);
    if (!dropped.empty()) hub_->on_dropped(dropped);
    return built.block;
}

json NodeRpc::build_sign_submit(const Party& signer, const json& ops, const json& extra) {
    json params = extra;
    params["signer"] = signer.address;
    params["ops"] = ops;
    json built = ok("tx_build", params);
    if (built.is_null()) return json();
    Hash256 sighash{};
    EXPECT_TRUE(from_hex_fixed(built["sighash"].get<std::string>(), sighash));
    const Signature sig = crypto::sign(*signer.key, sighash);
    return call("tx_submit", {{"tx", built["tx"]},
                              {"signatures", {{{"pubkey", to_hex(signer.pubkey)}, {"signature", to_hex(sig)}}}}});
}

TxPtr NodeRpc::make_tx(const Party& signer, std::vector<Op> ops, uint64_t nonce) {
    SignedTx stx;
    stx.tx.chain_id = ledger_->chain_id();
    stx.tx.signer = signer.id;
    stx.tx.nonce = nonce;
    stx.tx.valid_until_height = ledger_->height() + 100;
    stx.tx.ops = std::move(ops);
    sign_tx(stx, *signer.key);
    return make_envelope(std::move(stx));
}

std::string reason_of(const json& error) {
    if (!error.contains("data") || !error["data"].contains("reason")) return "";
    return error["data"]["reason"].get<std::string>();
}

}  // namespace folio::node::test
