// The fixture of the stored-chain tests (store_*_test.cpp): a ledger in a temp dir driven by explicit
// transfers whose effect the test tracks itself (acme_at_, history_), so the indexes are checked against a
// model that shares no code with the store; and the helpers those tests share.
#pragma once

#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "chain/block_builder.h"
#include "contracts/registry.h"
#include "tests/chain/crash/seeded_chain.h"

namespace folio::test {

// ===========================================================================================================
// Helpers

// A directory under the system temp dir, unique to this process and call, removed when destroyed.
class TempDir {
  public:
    explicit TempDir(std::string_view tag) {
        static uint64_t counter = 0;
        std::string name = "folio-";
        name += tag;
        name += '-';
        name += std::to_string(::getpid());
        name += '-';
        name += std::to_string(++counter);
        name += '-';
        name += std::to_string(std::random_device{}());
        path_ = (std::filesystem::temp_directory_path() / name).string();
        std::filesystem::remove_all(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

struct IdLess {
    bool operator()(const AccountId& a, const AccountId& b) const {
        return std::memcmp(a.data(), b.data(), a.size()) < 0;
    }
};
using Balances = std::map<AccountId, Amount, IdLess>;  // non-zero amounts only, in account (= key) order

inline bool same_bytes(ByteView a, ByteView b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

inline std::string hex_prefix(ByteView b) {
    return to_hex(b.subspan(0, std::min<size_t>(b.size(), 12)));
}

// Every state leaf the store holds, in key order.
inline std::vector<std::pair<Bytes, Bytes>> stored_leaves(const Store& store) {
    std::vector<std::pair<Bytes, Bytes>> out;
    Status s = store.for_each_state([&](Bytes k, Bytes v) { out.emplace_back(std::move(k), std::move(v)); });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return out;
}

// The stored leaves and the ledger's in-memory state both equal `expected`, key for key.
inline ::testing::AssertionResult StateEquals(const Ledger& ledger, const test::StateMap& expected) {
    const auto leaves = stored_leaves(ledger.store());
    if (leaves.size() != expected.size()) {
        return ::testing::AssertionFailure()
               << "the store holds " << leaves.size() << " state leaves, the replay " << expected.size();
    }
    size_t i = 0;
    for (const auto& [key, value] : expected) {
        if (!same_bytes(leaves[i].first, key) || !same_bytes(leaves[i].second, value)) {
            return ::testing::AssertionFailure()
                   << "stored leaf " << i << " (key " << hex_prefix(leaves[i].first)
                   << "...) differs from the replay's (key " << hex_prefix(key) << "...)";
        }
        Bytes in_memory;
        if (!ledger.state().get(key, in_memory) || !same_bytes(in_memory, value)) {
            return ::testing::AssertionFailure()
                   << "the ledger's in-memory state differs at key " << hex_prefix(key) << "...";
        }
        ++i;
    }
    return ::testing::AssertionSuccess();
}

inline AssetId asset_id(const StateView& state, std::string_view symbol) {
    AssetId id = 0;
    EXPECT_TRUE(read_asset_id(state, symbol, id)) << symbol;
    return id;
}

inline Balances holders_map(const std::vector<HolderEntry>& entries) {
    Balances out;
    for (const auto& e : entries) out[e.account] = e.amount;
    return out;
}

inline std::string describe(const Error& e) {
    std::string s(reason_name(e.reason));
    s += ": ";
    s += e.message;
    return s;
}

// The value of a store read that must succeed here; a test failure (and a default value) if it did not.
template <typename T>
inline T read_ok(Result<T> r) {
    if (!r.ok()) {
        ADD_FAILURE() << "store read failed: " << describe(r.error());
        return T{};
    }
    return std::move(r).value();
}

// Every holder of `asset` at `height`, read in pages of `limit`. Fails the test if a page repeats an account.
inline std::vector<HolderEntry> all_holders_paged(const Store& store, AssetId asset, Height height,
                                                  size_t limit) {
    std::vector<HolderEntry> out;
    std::optional<AccountId> after;
    for (size_t pages = 0; pages < 10000; ++pages) {
        auto page = read_ok(store.holders_at(asset, height, after, limit));
        EXPECT_LE(page.size(), limit);
        if (page.empty()) break;
        out.insert(out.end(), page.begin(), page.end());
        after = page.back().account;
    }
    return out;
}

// ===========================================================================================================
// The fixture: a ledger in a temp dir with a registrar (also issuer and operator), one validator and
// kHolders KYC'd holders. Genesis: ACME (equity) held by holders 0..19 (100 + i each), BOND (other) held by
// holders 0..4 (10 each). Holder 29 never holds anything.

constexpr std::string_view kKeyTag = "folio-store-test-key";
constexpr size_t kHolders = 30;
constexpr uint64_t kGenesisTimeMs = 1'764'000'000'000;

class StoreTest : public ::testing::Test {
  protected:
    StoreTest()
        : dir_("store-test"),
          registry_(contracts::make_registry()),
          registrar_(derived_key(kKeyTag, 0)),
          validator_(derived_key(kKeyTag, 1)) {
        for (size_t i = 0; i < kHolders; ++i) {
            holder_keys_.push_back(derived_key(kKeyTag, 100 + i));
            holders_.push_back(account_id_of(holder_keys_.back().pubkey()));
        }
        genesis_json_ = make_genesis("folio-store-test");
        options_.store.path = dir_.path();
        options_.store.sync = false;  // nothing here is about durability across a crash (store_crash is)
        Balances acme;
        for (size_t i = 0; i < 20; ++i) acme[holders_[i]] = 100 + i;
        acme_at_.push_back(acme);
    }

    std::string make_genesis(const std::string& chain_name) const {
        nlohmann::json g;
        g["chain_name"] = chain_name;
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
            g["accounts"].push_back({{"name", name(i)},
                                     {"pubkey", to_hex(holder_keys_[i].pubkey())},
                                     {"kyc",
                                      {{"level", 1},
                                       {"category", "retail"},
                                       {"expires_ms", 4102444800000ULL},
                                       {"doc_hash", std::string(64, '1')}}}});
            if (i < 20) acme.push_back({{"account", name(i)}, {"amount", std::to_string(100 + i)}});
            if (i < 5) bond.push_back({{"account", name(i)}, {"amount", "10"}});
        }
        g["assets"] = {{{"symbol", "ACME"},
                        {"class", "equity"},
                        {"decimals", 0},
                        {"max_supply", "1000000"},
                        {"issuer", "registrar"},
                        {"balances", acme}},
                       {{"symbol", "BOND"},
                        {"class", "other"},
                        {"decimals", 0},
                        {"max_supply", "1000000"},
                        {"issuer", "registrar"},
                        {"balances", bond}}};
        return g.dump();
    }

    static std::string name(size_t i) {
        std::string n = "h";
        n += std::to_string(i);
        return n;
    }

    Result<std::unique_ptr<Ledger>> try_open(const std::string& genesis_json) {
        return Ledger::open(options_, genesis_json);
    }
    void open() {
        ledger_.reset();
        auto opened = try_open(genesis_json_);
        ASSERT_TRUE(opened.ok()) << describe(opened.error());
        ledger_ = std::move(opened).value();
    }
    void close() { ledger_.reset(); }

    AssetId acme() const { return asset_id(ledger_->state(), "ACME"); }
    AssetId bond() const { return asset_id(ledger_->state(), "BOND"); }

    // amount 0: the sender's whole balance.
    struct Move {
        size_t from;
        size_t to;
        Amount amount;
    };

    // Commits one block of ACME transfers (in order) and registrar issues of ACME, and records what the model
    // expects: balances after the block and each account's history entries. Every tx must succeed.
    void commit_block(const std::vector<Move>& moves,
                      const std::vector<std::pair<size_t, Amount>>& issues = {}) {
        const Height h = ledger_->height() + 1;
        Balances bal = acme_at_.back();
        std::map<size_t, uint64_t> nonces;  // index kHolders: the registrar
        auto next_nonce = [&](size_t who, const AccountId& id) {
            if (!nonces.count(who)) {
                Account a;
                nonces[who] = read_account(ledger_->state(), id, a) ? a.nonce : 0;
            }
            return nonces[who]++;
        };
        std::vector<TxPtr> txs;
        for (const Move& m : moves) {
            ASSERT_NE(m.from, m.to);
            const Amount have = bal.count(holders_[m.from]) ? bal[holders_[m.from]] : 0;
            const Amount amount = m.amount ? m.amount : have;
            ASSERT_GT(amount, 0u) << "test bug: holder " << m.from << " has nothing to move in block " << h;
            ASSERT_GE(have, amount) << "test bug: holder " << m.from << " cannot move " << amount;
            if ((bal[holders_[m.from]] -= amount) == 0) bal.erase(holders_[m.from]);
            bal[holders_[m.to]] += amount;
            Tx tx;
            tx.chain_id = ledger_->chain_id();
            tx.signer = holders_[m.from];
            tx.nonce = next_nonce(m.from, holders_[m.from]);
            tx.ops.push_back(encode_op(TransferOp{"ACME", holders_[m.to], amount}));
            history_[holders_[m.from]].push_back(HistoryEntry{h, static_cast<uint32_t>(txs.size())});
            history_[holders_[m.to]].push_back(HistoryEntry{h, static_cast<uint32_t>(txs.size())});
            txs.push_back(sign_reproducibly(std::move(tx), holder_keys_[m.from]));
        }
        const AccountId registrar_id = account_id_of(registrar_.pubkey());
        for (const auto& [to, amount] : issues) {
            bal[holders_[to]] += amount;
            Tx tx;
            tx.chain_id = ledger_->chain_id();
            tx.signer = registrar_id;
            tx.nonce = next_nonce(kHolders, registrar_id);
            tx.ops.push_back(encode_op(IssueOp{"ACME", {{holders_[to], amount}}}));
            history_[registrar_id].push_back(HistoryEntry{h, static_cast<uint32_t>(txs.size())});
            history_[holders_[to]].push_back(HistoryEntry{h, static_cast<uint32_t>(txs.size())});
            txs.push_back(sign_reproducibly(std::move(tx), registrar_));
        }
        std::vector<bool> ok;
        for (const auto& tx : txs) ok.push_back(verify_signatures(*tx));
        BuiltBlock built =
            build_block(*ledger_, *registry_, txs, ok, kGenesisTimeMs + h * 1000, validator_.pubkey());
        ASSERT_TRUE(built.excluded.empty()) << built.excluded[0].error.message;
        for (const auto& r : built.result.receipts) {
            ASSERT_EQ(r.status, TxStatus::success) << "block " << h << ": " << reason_name(r.reason);
        }
        auto cert = commit_single_validator(*ledger_, built, validator_);
        ASSERT_TRUE(cert.ok()) << describe(cert.error());
        ASSERT_EQ(ledger_->height(), h);
        acme_at_.push_back(std::move(bal));
        blocks_.push_back(std::move(built));
        certs_.push_back(*cert);
    }

    // `blocks` blocks (at most 10) in which holders 0.. are emptied one per block into holders 20..27 (who
    // start with nothing), some of them come back, holder 28 receives issues, and holder 29 never holds ACME.
    void run_scenario(size_t blocks) {
        ASSERT_LE(blocks, 10u);
        for (size_t b = 1; b <= blocks; ++b) {
            std::vector<Move> moves = {{b - 1, 20 + (b - 1) % 8, 0}, {10 + b % 10, (b + 4) % 20, 3 + b}};
            if (b % 3 == 0) moves.push_back({20 + (b - 1) % 8, b % 5, 1});
            std::vector<std::pair<size_t, Amount>> issues;
            if (b % 4 == 0) issues.emplace_back(28, 50);
            ASSERT_NO_FATAL_FAILURE(commit_block(moves, issues));
        }
    }

    Amount expected_acme(Height h, size_t holder) const {
        auto it = acme_at_.at(h).find(holders_[holder]);
        return it == acme_at_.at(h).end() ? 0 : it->second;
    }

    TempDir dir_;
    std::unique_ptr<InstrumentRegistry> registry_;
    crypto::SecretKey registrar_;
    crypto::SecretKey validator_;
    std::vector<crypto::SecretKey> holder_keys_;
    std::vector<AccountId> holders_;
    std::string genesis_json_;
    LedgerOptions options_;
    std::unique_ptr<Ledger> ledger_;

    std::vector<Balances> acme_at_;                                   // [h]: ACME holders after block h
    std::map<AccountId, std::vector<HistoryEntry>, IdLess> history_;  // oldest first
    std::vector<BuiltBlock> blocks_;                                  // [h - 1]
    std::vector<CommitCertificate> certs_;                            // [h - 1]
};

}  // namespace folio::test
