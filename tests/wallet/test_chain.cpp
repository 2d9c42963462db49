#include "test_chain.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "chain/crypto/ed25519.h"
#include "chain/crypto/hash.h"
#include "contracts/registry.h"

namespace folio::wallet::test {

namespace {
// A distinct Ed25519 point per validator (genesis refuses a P2P key twice): about half of all y values are.
std::string p2p_key_hex(uint8_t n) {
    Hash256 k{};
    for (uint8_t salt = 0;; ++salt) {
        k.fill(n);
        k[1] = salt;
        if (crypto::is_valid_ed25519_pubkey(k)) return to_hex(k);
    }
}
}  // namespace

namespace fs = std::filesystem;
using nlohmann::json;

bool BytesLess::operator()(const Bytes& a, const Bytes& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

crypto::SecretKey key_from_seed(std::string_view seed) {
    std::string tagged = "folio wallet test key: ";
    tagged += seed;
    auto key = crypto::SecretKey::from_bytes(crypto::sha256(as_bytes(tagged)));
    if (!key) throw std::runtime_error("seed gives an invalid key");
    return std::move(*key);
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "folio-wallet-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string make_genesis_json(size_t n_validators, const std::string& chain_name) {
    json g;
    g["chain_name"] = chain_name;
    g["genesis_time_ms"] = 1764000000000ULL;
    g["validators"] = json::array();
    for (size_t i = 0; i < n_validators; ++i) {
        std::string name = "v";
        name += std::to_string(i);
        g["validators"].push_back({{"name", name},
                                   {"consensus_pubkey", to_hex(key_from_seed(name).pubkey())},
                                   {"p2p_pubkey", p2p_key_hex(static_cast<uint8_t>(i))},
                                   {"power", 1}});
    }
    g["accounts"] = {{{"name", "registrar"},
                      {"pubkey", to_hex(key_from_seed("registrar").pubkey())},
                      {"roles", {"registrar", "operator", "issuer"}}},
                     {{"name", "alice"}, {"pubkey", to_hex(key_from_seed("alice").pubkey())}},
                     {{"name", "bob"}, {"pubkey", to_hex(key_from_seed("bob").pubkey())}}};
    g["assets"] = {{{"symbol", "ACME"},
                    {"class", "other"},
                    {"decimals", 2},
                    {"max_supply", "1000000.00"},
                    {"issuer", "registrar"},
                    {"balances", {{{"account", "alice"}, {"amount", "100.00"}}}}}};
    return g.dump(2);
}

TestChain::TestChain(size_t n_validators, const std::string& chain_name)
    : genesis_json(make_genesis_json(n_validators, chain_name)),
      registrar(key_from_seed("registrar")),
      alice(key_from_seed("alice")),
      bob(key_from_seed("bob")) {
    auto g = parse_genesis(genesis_json);
    if (!g) throw std::runtime_error("genesis: " + g.error().message);
    genesis = std::move(*g);
    chain_id = genesis.chain_id();
    for (size_t i = 0; i < n_validators; ++i) {
        std::string name = "v";
        name += std::to_string(i);
        validators.push_back(key_from_seed(name));
    }
    registrar_id = account_id_of(registrar.pubkey());
    alice_id = account_id_of(alice.pubkey());
    bob_id = account_id_of(bob.pubkey());
    LedgerOptions lo;
    lo.store.path = dir_.file("chain");
    lo.store.sync = false;  // nothing durable is tested here
    auto opened = Ledger::open(lo, genesis_json);
    if (!opened) throw std::runtime_error("ledger: " + opened.error().message);
    ledger_ = std::move(*opened);
    registry_ = contracts::make_registry();
    time_ms_ = ledger_->head().time_ms;
    snapshot(0);
}

TestChain::~TestChain() = default;

TestChain::Committed TestChain::run_block(const std::vector<TxPtr>& txs, bool commit,
                                          std::vector<size_t> signers) {
    std::vector<bool> ok;
    for (const auto& tx : txs) ok.push_back(verify_signatures(*tx));
    time_ms_ += 1000;
    BuiltBlock built = build_block(*ledger_, *registry_, txs, ok, time_ms_, validators.at(0).pubkey());
    Committed c{built.block.header, {}, built.result.receipts, built.excluded, built.block.txs};
    if (!commit) return c;
    if (signers.empty()) {
        for (size_t i = 0; i < validators.size(); ++i) signers.push_back(i);
    }
    c.cert.height = c.header.height;
    c.cert.block_hash = c.header.hash();
    for (size_t i : signers)
        add_commit_signature(c.cert, chain_id, static_cast<uint16_t>(i), validators.at(i));
    if (Status s = ledger_->commit(built.block, c.cert, built.result); !s) {
        throw std::runtime_error("commit: " + s.error().message);
    }
    blocks_[c.header.height] = c;
    snapshot(c.header.height);
    return c;
}

uint64_t TestChain::nonce_of(const AccountId& id) const {
    Account a;
    return read_account(ledger_->state(), id, a) ? a.nonce : 0;
}

TxPtr TestChain::make_tx(const crypto::SecretKey& from, Op op, std::string memo) {
    Tx tx;
    tx.chain_id = chain_id;
    tx.signer = account_id_of(from.pubkey());
    // Keys rotated in keep their account: ask the pubkey index.
    Bytes owner;
    if (ledger_->state().get(state_key::pubkey(from.pubkey()), owner) && owner.size() == 32) {
        std::copy(owner.begin(), owner.end(), tx.signer.begin());
    }
    tx.nonce = nonce_of(tx.signer);
    tx.ops.push_back(std::move(op));
    tx.memo = std::move(memo);
    SignedTx stx{tx, {}};
    sign_tx(stx, from);
    return make_envelope(std::move(stx));
}

void TestChain::snapshot(Height h) {
    std::set<AccountId> accounts = {registrar_id, alice_id, bob_id};
    for (const auto& [height, block] : blocks_) {
        for (const auto& r : block.receipts) accounts.insert(r.accounts.begin(), r.accounts.end());
    }
    auto& snap = snapshots_[h];
    auto remember = [&](Bytes key) {
        Bytes v;
        snap[key] = ledger_->state().get(key, v) ? std::optional<Bytes>(v) : std::nullopt;
    };
    for (const char* sym : {"ACME", "BETA", "NOPE"}) remember(state_key::symbol(sym));
    for (AssetId id = 0; id < 4; ++id) {
        remember(state_key::asset(id));
        for (const auto& a : accounts) remember(state_key::balance(id, a));
    }
}

std::optional<Bytes> TestChain::value_at(Height h, const Bytes& key) const {
    const auto& snap = snapshots_.at(h);
    auto it = snap.find(key);
    if (it == snap.end()) throw std::runtime_error("key not snapshotted");
    return it->second;
}

json TestChain::proof_holding(const AccountId& account, std::string_view symbol,
                              std::optional<Height> height) const {
    const Height h = height.value_or(ledger_->height());
    const BlockHeader header = h == ledger_->height() ? ledger_->head()
                               : h == 0               ? ledger_->store().header(0).value()
                                                      : blocks_.at(h).header;
    auto entry = [&](const Bytes& key) {
        auto proof = ledger_->prove(h, key);
        if (!proof) throw std::runtime_error("height not provable");
        auto value = value_at(h, key);
        return json{{"key", to_hex(key)},
                    {"value", value ? json(to_hex(*value)) : json(nullptr)},
                    {"proof", to_hex(proof->encode())}};
    };
    json out = {{"height", h},
                {"chain_id", to_hex(chain_id)},
                {"header_hex", to_hex(header.encode())},
                {"commit_hex", h == 0 ? json(nullptr) : json(to_hex(blocks_.at(h).cert.encode()))},
                {"state_root", to_hex(header.state_root)}};
    const Bytes sym_key = state_key::symbol(symbol);
    auto sym_value = value_at(h, sym_key);
    AssetId id = 0;
    if (sym_value && sym_value->size() == 4) {
        id = static_cast<AssetId>((*sym_value)[0] | (*sym_value)[1] << 8 | (*sym_value)[2] << 16 |
                                  (*sym_value)[3] << 24);
    }
    out["entries"] = {{"symbol", entry(sym_key)},
                      {"asset", entry(state_key::asset(id))},
                      {"balance", entry(state_key::balance(id, account))}};
    Balance b;
    Asset a;
    auto bal = value_at(h, state_key::balance(id, account));
    auto asset = value_at(h, state_key::asset(id));
    if (bal) Balance::decode(*bal, b);
    if (asset) Asset::decode(*asset, a);
    out["balance"] = {{"amount", format_amount(b.amount, a.decimals)},
                      {"locked", format_amount(b.locked, a.decimals)},
                      {"frozen", format_amount(b.frozen, a.decimals)}};
    return out;
}

}  // namespace folio::wallet::test
