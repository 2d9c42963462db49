#include "tests/chain/crash/seeded_chain.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <unordered_map>

#include "chain/crypto/hash.h"

namespace folio::test {

crypto::SecretKey derived_key(std::string_view tag, uint64_t index) {
    Bytes seed(tag.begin(), tag.end());
    for (int b = 0; b < 8; ++b) seed.push_back(static_cast<uint8_t>(index >> (8 * b)));
    // A SHA-256 output is a valid secret key except with probability ~2^-128.
    auto key = crypto::SecretKey::from_bytes(crypto::sha256(seed));
    if (!key) std::abort();
    return std::move(*key);
}

TxPtr sign_reproducibly(Tx tx, const crypto::SecretKey& key) {
    const TxHash hash = tx.hash();
    Bytes aux_input(hash.begin(), hash.end());
    aux_input.push_back('a');
    auto sig = crypto::sign_with_aux(key, hash, crypto::sha256(aux_input));
    if (!sig) std::abort();
    SignedTx stx{std::move(tx), {TxSignature{key.pubkey(), *sig}}};
    return make_envelope(std::move(stx));
}

bool KeyLess::operator()(const Bytes& a, const Bytes& b) const {
    const size_t n = std::min(a.size(), b.size());
    const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c < 0 || (c == 0 && a.size() < b.size());
}

// ===========================================================================================================

ReplayState::ReplayState(std::string_view genesis_json, const InstrumentRegistry& registry)
    : registry_(registry) {
    auto genesis = parse_genesis(genesis_json);
    if (!genesis) std::abort();  // the callers' own genesis: a test bug
    chain_id_ = genesis->chain_id();
    std::vector<StateLeaf> leaves;
    for (const auto& w : genesis_state(*genesis)) {
        leaves.push_back(StateLeaf{Ledger::key_hash(w.key), Ledger::value_hash(*w.value)});
        state_[w.key] = *w.value;
    }
    root_ = tree_.rebuild(0, std::move(leaves));
}

bool ReplayState::get(ByteView key, Bytes& value) const {
    auto it = state_.find(Bytes(key.begin(), key.end()));
    if (it == state_.end()) return false;
    value = it->second;
    return true;
}

Result<ExecutionResult> ReplayState::apply_block(const std::vector<TxPtr>& txs, uint64_t time_ms) {
    std::vector<bool> ok;
    ok.reserve(txs.size());
    for (const auto& tx : txs) ok.push_back(verify_signatures(*tx));
    auto result = execute_block(*this, BlockContext{chain_id_, height_ + 1, time_ms}, txs, ok, registry_);
    if (!result) return result.error();
    std::vector<StateUpdate> updates;
    updates.reserve(result->writes.size());
    for (const auto& w : result->writes) {
        if (w.value) {
            state_[w.key] = *w.value;
            updates.push_back(StateUpdate{Ledger::key_hash(w.key), Ledger::value_hash(*w.value)});
        } else {
            state_.erase(w.key);
            updates.push_back(StateUpdate{Ledger::key_hash(w.key), std::nullopt});
        }
    }
    ++height_;
    root_ = tree_.apply(height_, std::move(updates));
    return result;
}

// ===========================================================================================================

namespace {

constexpr std::string_view kKeyTag = "folio-store-crash-key";
constexpr uint64_t kRegistrarIndex = 0, kValidatorIndex = 1, kFirstHolderIndex = 100;

// splitmix64: spreads (seed, height) over the generator's seed space.
uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string holder_name(size_t i) {
    std::string name = "h";  // appended, not operator+: GCC 12 -Wrestrict false positive
    name += std::to_string(i);
    return name;
}

}  // namespace

SeededChain::SeededChain(uint64_t seed)
    : seed_(seed),
      registrar_(derived_key(kKeyTag, kRegistrarIndex)),
      validator_(derived_key(kKeyTag, kValidatorIndex)) {
    registrar_id_ = account_id_of(registrar_.pubkey());
    for (size_t i = 0; i < kHolders; ++i) {
        holder_keys_.push_back(derived_key(kKeyTag, kFirstHolderIndex + i));
        holders_.push_back(account_id_of(holder_keys_.back().pubkey()));
    }
    nlohmann::json g;
    g["chain_name"] = "folio-store-crash";
    g["genesis_time_ms"] = kGenesisTimeMs;
    g["validators"] = {{{"name", "v0"},
                        {"consensus_pubkey", to_hex(validator_.pubkey())},
                        {"p2p_pubkey", std::string(64, '0')},
                        {"power", 1}}};
    g["accounts"] = nlohmann::json::array();
    g["accounts"].push_back({{"name", "registrar"},
                             {"pubkey", to_hex(registrar_.pubkey())},
                             {"roles", {"registrar", "issuer", "operator"}}});
    nlohmann::json acme = nlohmann::json::array(), bond = nlohmann::json::array();
    for (size_t i = 0; i < kHolders; ++i) {
        g["accounts"].push_back({{"name", holder_name(i)},
                                 {"pubkey", to_hex(holder_keys_[i].pubkey())},
                                 {"kyc",
                                  {{"level", 1},
                                   {"category", "retail"},
                                   {"expires_ms", 4102444800000ULL},
                                   {"doc_hash", std::string(64, '1')}}}});
        if (i < kHolders / 2) {
            acme.push_back({{"account", holder_name(i)}, {"amount", "1000"}});
            bond.push_back({{"account", holder_name(i)}, {"amount", "500.00"}});
        }
    }
    g["assets"] = {{{"symbol", std::string(kSymbols[0])},
                    {"class", "equity"},
                    {"decimals", 0},
                    {"max_supply", "1000000000000"},
                    {"issuer", "registrar"},
                    {"balances", acme}},
                   {{"symbol", std::string(kSymbols[1])},
                    {"class", "minibond"},
                    {"decimals", 2},
                    {"max_supply", "10000000000.00"},
                    {"issuer", "registrar"},
                    {"balances", bond}}};
    genesis_json_ = g.dump();
}

std::vector<TxPtr> SeededChain::block_txs(const StateView& state, const ChainId& chain_id,
                                          Height height) const {
    std::mt19937_64 rng(mix(seed_ ^ mix(height)));
    // Next nonce per signer (index kHolders is the registrar), read once from the state, then counted here.
    std::unordered_map<size_t, uint64_t> nonces;
    auto next_nonce = [&](size_t signer, const AccountId& id) {
        auto it = nonces.find(signer);
        if (it == nonces.end()) {
            Account account;
            it = nonces.emplace(signer, read_account(state, id, account) ? account.nonce : 0).first;
        }
        return it->second++;
    };
    auto balance_of = [&](std::string_view symbol, const AccountId& id) -> Amount {
        AssetId asset;
        Balance b;
        if (!read_asset_id(state, symbol, asset) || !read_balance(state, asset, id, b)) return 0;
        return b.amount;
    };

    const size_t n_txs = 1 + rng() % 6;
    std::vector<TxPtr> txs;
    txs.reserve(n_txs);
    for (size_t t = 0; t < n_txs; ++t) {
        const std::string symbol(kSymbols[rng() % 2]);
        const uint64_t kind = rng() % 10;
        Tx tx;
        tx.chain_id = chain_id;
        if (kind == 0) {
            IssueOp issue{symbol, {}};
            const size_t first = rng() % kHolders, n = 1 + rng() % 3;
            for (size_t r = 0; r < n; ++r)
                issue.to.push_back({holders_[(first + r) % kHolders], 1 + rng() % 500});
            tx.signer = registrar_id_;
            tx.nonce = next_nonce(kHolders, registrar_id_);
            tx.ops.push_back(encode_op(issue));
            txs.push_back(sign_reproducibly(std::move(tx), registrar_));
            continue;
        }
        const size_t from = rng() % kHolders;
        const size_t n_ops = kind == 8 ? 2 : 1;
        for (size_t o = 0; o < n_ops; ++o) {
            const size_t to = (from + 1 + rng() % (kHolders - 1)) % kHolders;
            // A whole balance (read before this block, so it may fail with INSUFFICIENT_BALANCE or, when
            // zero, with BAD_AMOUNT: both included as failed) or a small amount.
            const Amount amount = rng() % 4 == 0 ? balance_of(symbol, holders_[from]) : 1 + rng() % 300;
            tx.ops.push_back(encode_op(TransferOp{symbol, holders_[to], amount}));
        }
        if (kind == 9) {
            std::string ref = "ref-";
            ref += std::to_string(height);
            ref += '-';
            ref += std::to_string(t);
            tx.client_ref = std::move(ref);
        }
        tx.signer = holders_[from];
        tx.nonce = next_nonce(from, holders_[from]);
        txs.push_back(sign_reproducibly(std::move(tx), holder_keys_[from]));
    }
    return txs;
}

Status commit_next_seeded_block(Ledger& ledger, const InstrumentRegistry& registry,
                                const SeededChain& chain) {
    const Height height = ledger.height() + 1;
    const auto txs = chain.block_txs(ledger.state(), ledger.chain_id(), height);
    std::vector<bool> ok;
    ok.reserve(txs.size());
    for (const auto& tx : txs) ok.push_back(verify_signatures(*tx));
    BuiltBlock built =
        build_block(ledger, registry, txs, ok, chain.block_time_ms(height), chain.validator_key().pubkey());
    if (!built.excluded.empty()) {
        return make_error(Reason::INTERNAL, "seeded block " + std::to_string(height) +
                                                " excluded a tx: " + built.excluded[0].error.message);
    }
    auto cert = commit_single_validator(ledger, built, chain.validator_key());
    if (!cert) return cert.error();
    return Status();
}

Status replay_seeded_to(ReplayState& replay, const SeededChain& chain, Height height) {
    while (replay.height() < height) {
        const Height next = replay.height() + 1;
        auto result =
            replay.apply_block(chain.block_txs(replay, replay.chain_id(), next), chain.block_time_ms(next));
        if (!result) return result.error();
    }
    return Status();
}

}  // namespace folio::test
