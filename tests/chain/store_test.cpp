// The stored chain (chain/store.h, chain/ledger.h) as a specification: what a committed block leaves in
// LevelDB, what opening a directory checks, the history indexes, proofs at past heights, and what a SIGKILL
// at any moment leaves behind.
//
// Suites: store (genesis, blocks, certificates read back), ledger_open (reopen, refusals), store_layout
// (a balance kept only as balance history, the layout version and the layout-1 upgrade), holders_at
// (balance history), account_history, store_proofs, and store_crash (a child process, store_crash_child,
// killed with SIGKILL at random moments; FOLIO_SEED replays a run, FOLIO_CRASH_ITERATIONS sets how many
// kills).
//
// The fixture's chain is driven by explicit transfers whose effect the test tracks itself (acme_at_,
// history_), so the indexes are checked against a model that shares no code with the store.
#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "chain/block_builder.h"
#include "contracts/registry.h"
#include "tests/chain/crash/seeded_chain.h"

extern char** environ;

namespace folio {
namespace {

using test::derived_key;
using test::ReplayState;
using test::SeededChain;
using test::sign_reproducibly;

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

bool same_bytes(ByteView a, ByteView b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

std::string hex_prefix(ByteView b) {
    return to_hex(b.subspan(0, std::min<size_t>(b.size(), 12)));
}

// Every state leaf the store holds, in key order.
std::vector<std::pair<Bytes, Bytes>> stored_leaves(const Store& store) {
    std::vector<std::pair<Bytes, Bytes>> out;
    Status s = store.for_each_state([&](Bytes k, Bytes v) { out.emplace_back(std::move(k), std::move(v)); });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return out;
}

// The stored leaves and the ledger's in-memory state both equal `expected`, key for key.
::testing::AssertionResult StateEquals(const Ledger& ledger, const test::StateMap& expected) {
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

AssetId asset_id(const StateView& state, std::string_view symbol) {
    AssetId id = 0;
    EXPECT_TRUE(read_asset_id(state, symbol, id)) << symbol;
    return id;
}

Balances holders_map(const std::vector<HolderEntry>& entries) {
    Balances out;
    for (const auto& e : entries) out[e.account] = e.amount;
    return out;
}

std::string describe(const Error& e) {
    std::string s(reason_name(e.reason));
    s += ": ";
    s += e.message;
    return s;
}

// The value of a store read that must succeed here; a test failure (and a default value) if it did not.
template <typename T>
T read_ok(Result<T> r) {
    if (!r.ok()) {
        ADD_FAILURE() << "store read failed: " << describe(r.error());
        return T{};
    }
    return std::move(r).value();
}

// Every holder of `asset` at `height`, read in pages of `limit`. Fails the test if a page repeats an account.
std::vector<HolderEntry> all_holders_paged(const Store& store, AssetId asset, Height height, size_t limit) {
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

class store : public StoreTest {};
class ledger_open : public StoreTest {};
class holders_at : public StoreTest {};
class account_history : public StoreTest {};
class store_proofs : public StoreTest {};
class store_layout : public StoreTest {};

// ===========================================================================================================
// store: genesis, blocks, certificates

TEST_F(store, GenesisIsCommittedAndReopensWithTheSameChainHeightAndRoot) {
    ASSERT_NO_FATAL_FAILURE(open());
    const ChainId chain_id = ledger_->chain_id();
    const BlockHeader genesis_head = ledger_->head();
    EXPECT_EQ(chain_id, parse_genesis(genesis_json_)->chain_id());
    EXPECT_EQ(ledger_->height(), 0u);
    EXPECT_TRUE(ledger_->store().initialized());
    // The root is the one a replay of genesis alone computes.
    EXPECT_EQ(genesis_head.state_root, ReplayState(genesis_json_, *registry_).state_root());

    close();
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(ledger_->chain_id(), chain_id);
    EXPECT_EQ(ledger_->height(), 0u);
    EXPECT_EQ(ledger_->head(), genesis_head);
    EXPECT_EQ(ledger_->store().genesis_json().value(), genesis_json_);
    auto header0 = ledger_->store().header(0);
    ASSERT_TRUE(header0.ok());
    EXPECT_EQ(*header0, genesis_head);
    EXPECT_EQ(read_ok(ledger_->store().height_of(genesis_head.hash())), std::optional<Height>(0));
    EXPECT_TRUE(StateEquals(*ledger_, ReplayState(genesis_json_, *registry_).entries()));

    // Without a genesis, an initialized directory opens as the chain it holds.
    close();
    auto again = try_open("");
    ASSERT_TRUE(again.ok()) << describe(again.error());
    EXPECT_EQ((*again)->chain_id(), chain_id);
    EXPECT_EQ((*again)->head(), genesis_head);
}

TEST_F(store, CommittedBlocksReadBackAfterReopen) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(6));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    const Store& s = ledger_->store();
    ASSERT_EQ(s.height(), 6u);
    for (Height h = 1; h <= 6; ++h) {
        SCOPED_TRACE("height " + std::to_string(h));
        const BuiltBlock& built = blocks_[h - 1];
        auto header = s.header(h);
        ASSERT_TRUE(header.ok()) << describe(header.error());
        EXPECT_EQ(*header, built.block.header);

        auto body = s.body(h);
        ASSERT_TRUE(body.ok()) << describe(body.error());
        ASSERT_EQ(body->size(), built.block.txs.size());
        for (size_t i = 0; i < body->size(); ++i) {
            EXPECT_TRUE(same_bytes((*body)[i]->bytes, built.block.txs[i]->bytes)) << "tx " << i;
            EXPECT_EQ((*body)[i]->tx_hash, built.block.txs[i]->tx_hash);
        }

        auto commit = s.commit(h);
        ASSERT_TRUE(commit.ok()) << describe(commit.error());
        EXPECT_EQ(*commit, certs_[h - 1]);

        auto receipts = s.receipts(h);
        ASSERT_TRUE(receipts.ok()) << describe(receipts.error());
        ASSERT_EQ(receipts->size(), built.result.receipts.size());
        for (size_t i = 0; i < receipts->size(); ++i) {
            const Receipt &got = (*receipts)[i], &want = built.result.receipts[i];
            EXPECT_EQ(got.tx_hash, want.tx_hash);
            EXPECT_EQ(got.status, want.status);
            EXPECT_EQ(got.reason, want.reason);
            EXPECT_EQ(got.op_index, want.op_index);
            EXPECT_EQ(got.accounts, want.accounts);
        }

        for (uint32_t i = 0; i < built.block.txs.size(); ++i) {
            auto loc = read_ok(s.find_tx(built.block.txs[i]->tx_hash));
            ASSERT_TRUE(loc.has_value()) << "tx " << i;
            EXPECT_EQ(loc->height, h);
            EXPECT_EQ(loc->index, i);
        }
        EXPECT_EQ(read_ok(s.height_of(built.block.header.hash())), std::optional<Height>(h));
    }
}

TEST_F(store, UnknownHashesAndHeightsAreNotFound) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(2));
    const Store& s = ledger_->store();
    Hash256 unknown;
    unknown.fill(0x5a);
    EXPECT_FALSE(read_ok(s.find_tx(unknown)).has_value());
    EXPECT_FALSE(read_ok(s.height_of(unknown)).has_value());
    EXPECT_EQ(reason_name(s.header(3).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(s.body(3).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(s.commit(3).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(s.receipts(3).reason()), reason_name(Reason::NOT_FOUND));
    // A tx hash is not a block hash, nor the other way round.
    EXPECT_FALSE(read_ok(s.height_of(blocks_[0].block.txs[0]->tx_hash)).has_value());
    EXPECT_FALSE(read_ok(s.find_tx(blocks_[0].block.header.hash())).has_value());
}

TEST_F(store, StoredCommitCertificatesVerifyAgainstTheGenesisValidators) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(4));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    const Store& s = ledger_->store();
    const ValidatorSet validators = parse_genesis(genesis_json_)->validators;
    for (Height h = 1; h <= 4; ++h) {
        SCOPED_TRACE("height " + std::to_string(h));
        auto cert = s.commit(h);
        auto header = s.header(h);
        ASSERT_TRUE(cert.ok() && header.ok());
        Status ok = verify_commit(*cert, ledger_->chain_id(), *header, validators);
        EXPECT_TRUE(ok.ok()) << describe(ok.error());
        // The certificate names this block only.
        EXPECT_FALSE(verify_commit(*cert, ledger_->chain_id(), s.header(h - 1).value(), validators).ok());
        // And its signature is checked.
        CommitCertificate forged = *cert;
        forged.signatures.at(0).signature[5] ^= 1;
        EXPECT_FALSE(verify_commit(forged, ledger_->chain_id(), *header, validators).ok());
    }
}

// ===========================================================================================================
// ledger_open: reopen and refusals

TEST_F(ledger_open, EmptyDirectoryWithoutGenesisIsRefused) {
    auto opened = try_open("");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(reason_name(opened.reason()), reason_name(Reason::NOT_FOUND)) << describe(opened.error());
}

TEST_F(ledger_open, ReopenAfterBlocksRestoresHeightHeadAndStateRoot) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(8));
    const BlockHeader head = ledger_->head();
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(ledger_->height(), 8u);
    EXPECT_EQ(ledger_->head(), head);
    EXPECT_EQ(ledger_->head().state_root, blocks_.back().block.header.state_root);
    for (size_t i = 0; i < kHolders; ++i) {
        Balance b;
        const Amount amount = read_balance(ledger_->state(), acme(), holders_[i], b) ? b.amount : 0;
        EXPECT_EQ(amount, expected_acme(8, i)) << "holder " << i;
    }
}

TEST_F(ledger_open, StateAfterReopenEqualsAFreshReplayOfTheStoredBlocks) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(8));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    ReplayState replay(genesis_json_, *registry_);
    for (Height h = 1; h <= ledger_->height(); ++h) {
        auto header = ledger_->store().header(h);
        auto body = ledger_->store().body(h);
        ASSERT_TRUE(header.ok() && body.ok());
        auto result = replay.apply_block(*body, header->time_ms);
        ASSERT_TRUE(result.ok()) << describe(result.error());
        EXPECT_EQ(replay.state_root(), header->state_root) << "height " << h;
    }
    EXPECT_EQ(replay.state_root(), ledger_->head().state_root);
    EXPECT_TRUE(StateEquals(*ledger_, replay.entries()));
}

TEST_F(ledger_open, ContinuesTheChainAfterReopen) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(3));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(commit_block({{12, 29, 5}}));
    EXPECT_EQ(ledger_->height(), 4u);
    EXPECT_EQ(ledger_->head().prev_hash, blocks_[2].block.header.hash());
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(ledger_->height(), 4u);
    EXPECT_EQ(ledger_->head(), blocks_[3].block.header);
}

TEST_F(ledger_open, RefusesADifferentGenesisWithWrongChain) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(2));
    close();
    auto opened = try_open(make_genesis("folio-another-chain"));
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(reason_name(opened.reason()), reason_name(Reason::WRONG_CHAIN)) << describe(opened.error());
    // The refusal changed nothing.
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(ledger_->height(), 2u);
}

// Closes the ledger, applies `edit` to the LevelDB directory directly, and returns what reopening gives.
template <typename Edit>
Result<std::unique_ptr<Ledger>> reopen_after_editing(const LedgerOptions& options, const std::string& genesis,
                                                     Edit edit) {
    {
        leveldb::DB* raw = nullptr;
        leveldb::Options o;
        leveldb::Status s = leveldb::DB::Open(o, options.store.path, &raw);
        if (!s.ok()) return make_error(Reason::IO_ERROR, s.ToString());
        std::unique_ptr<leveldb::DB> db(raw);
        edit(*db);
    }
    return Ledger::open(options, genesis);
}

// The newest version of the first holding in the balance history: that holding's state leaf (a balance has no
// 's' record, see chain/store.h).
std::pair<std::string, std::string> first_balance_leaf(leveldb::DB& db) {
    std::unique_ptr<leveldb::Iterator> it(db.NewIterator(leveldb::ReadOptions()));
    it->Seek("v");
    EXPECT_TRUE(it->Valid() && it->key().starts_with("v")) << "no balance version stored";
    if (!it->Valid() || !it->key().starts_with("v")) return {};
    return {it->key().ToString(), it->value().ToString()};
}

// The balance-history key of a holding at a height, as chain/store.h lays it out.
std::string balance_version_key(AssetId asset, const AccountId& account, Height h) {
    std::string k = "v";
    for (int i = 3; i >= 0; --i) k.push_back(static_cast<char>(asset >> (8 * i)));
    k.append(reinterpret_cast<const char*>(account.data()), account.size());
    for (int i = 7; i >= 0; --i) k.push_back(static_cast<char>((UINT64_MAX - h) >> (8 * i)));
    return k;
}

std::string as_string(ByteView b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }

void expect_root_mismatch(const Result<std::unique_ptr<Ledger>>& opened, Height height) {
    ASSERT_FALSE(opened.ok()) << "a damaged state opened";
    EXPECT_EQ(reason_name(opened.reason()), reason_name(Reason::CORRUPTION)) << describe(opened.error());
    const std::string& m = opened.error().message;
    EXPECT_NE(m.find("state root"), std::string::npos) << m;
    EXPECT_NE(m.find("does not match"), std::string::npos) << m;
    std::string block = "block ";
    block += std::to_string(height);
    EXPECT_NE(m.find(block), std::string::npos) << m;
}

TEST_F(ledger_open, RefusesAChangedStateLeafWithCorruptionNamingTheRootMismatch) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(3));
    close();
    auto opened = reopen_after_editing(options_, genesis_json_, [](leveldb::DB& db) {
        auto [key, value] = first_balance_leaf(db);
        Balance b;
        ASSERT_TRUE(Balance::decode(as_bytes(value), b));
        b.amount += 1;  // a well-formed record: only the root can tell
        const Bytes changed = b.encode();
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), key,
                           std::string(reinterpret_cast<const char*>(changed.data()), changed.size()))
                        .ok());
    });
    expect_root_mismatch(opened, 3);
}

TEST_F(ledger_open, RefusesARemovedStateLeafWithCorruption) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(3));
    close();
    auto opened = reopen_after_editing(options_, genesis_json_, [](leveldb::DB& db) {
        const auto leaf = first_balance_leaf(db);
        ASSERT_TRUE(db.Delete(leveldb::WriteOptions(), leaf.first).ok());
    });
    expect_root_mismatch(opened, 3);
}

TEST_F(ledger_open, RefusesAnAddedStateLeafWithCorruption) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(3));
    const AssetId asset = acme();
    close();
    auto opened = reopen_after_editing(options_, genesis_json_, [&](leveldb::DB& db) {
        Balance b;
        b.amount = 7;  // holder 29 never held ACME: a version of its holding is a leaf the root does not have
        ASSERT_TRUE(
            db.Put(leveldb::WriteOptions(), balance_version_key(asset, holders_[29], 3), as_string(b.encode())).ok());
    });
    expect_root_mismatch(opened, 3);
}

// Bug (chain/ledger.cpp, Ledger::load): the chain id is taken from re-parsing the stored genesis JSON and
// never compared with the stored headers' chain_id (nor with the 'M' "chain_id" record that commit_genesis
// writes), so a stored genesis that no longer yields the chain's id opens as another chain. This also happens
// without any damage when a release changes what parse_genesis produces (a new entry in default_params() is
// merged into every parsed genesis and so changes chain_id). Enable when Ledger::load checks head.chain_id ==
// chain_id.
TEST_F(ledger_open, RefusesAStoredGenesisThatIsNotTheChainsGenesis) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(2));
    const ChainId chain_id = ledger_->chain_id();
    close();
    const std::string other = make_genesis("folio-another-chain");
    auto opened = reopen_after_editing(options_, "", [&](leveldb::DB& db) {
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), "Mgenesis", other).ok());
    });
    if (opened.ok()) {
        ADD_FAILURE() << "opened as chain " << to_hex((*opened)->chain_id())
                      << " although every stored header is of chain " << to_hex(chain_id);
        return;
    }
    EXPECT_EQ(reason_name(opened.reason()), reason_name(Reason::CORRUPTION)) << describe(opened.error());
}

// ===========================================================================================================
// store_layout: a balance's leaf is its newest balance-history version (no 's' record), the layout version

// The 's' record key of a state key (appended, not operator+: GCC 12 -Wrestrict false positive).
std::string state_record_key(ByteView state_key) {
    std::string k = "s";
    k += as_string(state_key);
    return k;
}

// Every key of the database under `prefix`.
std::vector<std::string> keys_under(const std::string& path, const std::string& prefix) {
    leveldb::DB* raw = nullptr;
    leveldb::Options o;
    EXPECT_TRUE(leveldb::DB::Open(o, path, &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    std::vector<std::string> out;
    if (!db) return out;
    std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) out.push_back(it->key().ToString());
    return out;
}

const std::string kBalanceRecordPrefix = {'s', static_cast<char>(KeyPrefix::balance)};

TEST_F(store_layout, BalancesAreKeptOnlyAsBalanceHistory) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(3));
    close();
    EXPECT_TRUE(keys_under(dir_.path(), kBalanceRecordPrefix).empty());
    EXPECT_FALSE(keys_under(dir_.path(), "v").empty());
    EXPECT_EQ(keys_under(dir_.path(), "Mlayout").size(), 1u);
}

TEST_F(store_layout, ReopenAfterManyVersionsOfEachBalanceGivesTheSameState) {
    ASSERT_NO_FATAL_FAILURE(open());
    // Holders 0, 1, 2 get a version in every block (far more than for_each_state steps over before it seeks);
    // holder 3 is emptied into 25 and refilled from it every few blocks.
    const size_t kBlocks = 40;
    for (size_t b = 1; b <= kBlocks; ++b) {
        std::vector<Move> moves = {{0, 1, 2}, {1, 2, 1}, {2, 0, 1}};
        if (b % 6 == 1) moves.push_back({3, 25, 0});
        if (b % 6 == 4) moves.push_back({25, 3, 0});
        ASSERT_NO_FATAL_FAILURE(commit_block(moves));
    }
    const BlockHeader head = ledger_->head();
    close();
    ASSERT_NO_FATAL_FAILURE(open());  // the root check passed: the rebuilt leaves are the committed state
    EXPECT_EQ(ledger_->head(), head);
    for (size_t i = 0; i < kHolders; ++i) {
        Balance b;
        const Amount amount = read_balance(ledger_->state(), acme(), holders_[i], b) ? b.amount : 0;
        EXPECT_EQ(amount, expected_acme(kBlocks, i)) << "holder " << i;
    }
    ReplayState replay(genesis_json_, *registry_);
    for (Height h = 1; h <= kBlocks; ++h) {
        auto header = ledger_->store().header(h);
        auto body = ledger_->store().body(h);
        ASSERT_TRUE(header.ok() && body.ok());
        ASSERT_TRUE(replay.apply_block(*body, header->time_ms).ok());
    }
    EXPECT_TRUE(StateEquals(*ledger_, replay.entries()));
}

TEST_F(store_layout, OpensALayout1DatabaseByDroppingItsBalanceRecords) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(5));
    const BlockHeader head = ledger_->head();
    const auto leaves = stored_leaves(ledger_->store());
    close();
    // What layout 1 held: every balance also as an 's' record, and no layout mark.
    auto opened = reopen_after_editing(options_, genesis_json_, [&](leveldb::DB& db) {
        ASSERT_TRUE(db.Delete(leveldb::WriteOptions(), "Mlayout").ok());
        for (const auto& [key, value] : leaves) {
            if (key[0] != static_cast<uint8_t>(KeyPrefix::balance)) continue;
            ASSERT_TRUE(db.Put(leveldb::WriteOptions(), state_record_key(key), as_string(value)).ok());
        }
    });
    ASSERT_TRUE(opened.ok()) << describe(opened.error());
    EXPECT_EQ((*opened)->head(), head);
    EXPECT_EQ(stored_leaves((*opened)->store()), leaves);
    opened->reset();
    EXPECT_TRUE(keys_under(dir_.path(), kBalanceRecordPrefix).empty());
    EXPECT_EQ(keys_under(dir_.path(), "Mlayout").size(), 1u);
}

TEST_F(store_layout, RefusesAnUnknownLayoutWithCorruption) {
    ASSERT_NO_FATAL_FAILURE(open());
    close();
    auto opened = reopen_after_editing(options_, genesis_json_, [](leveldb::DB& db) {
        Writer w;
        w.u64(3);
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), "Mlayout", as_string(w.data())).ok());
    });
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(reason_name(opened.reason()), reason_name(Reason::CORRUPTION)) << describe(opened.error());
    EXPECT_NE(opened.error().message.find("layout 3"), std::string::npos) << opened.error().message;
}

TEST_F(store_layout, RefusesABalanceKeptAsAStateRecordWithCorruption) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(2));
    const Bytes key = state_key::balance(acme(), holders_[0]);
    close();
    auto opened = reopen_after_editing(options_, genesis_json_, [&](leveldb::DB& db) {
        Balance b;
        b.amount = 1;
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), state_record_key(key), as_string(b.encode())).ok());
    });
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(reason_name(opened.reason()), reason_name(Reason::CORRUPTION)) << describe(opened.error());
}

TEST_F(store_layout, AnEmptyBalanceWrittenInsteadOfErasedIsRefusedBeforeWriting) {
    TempDir dir("store-layout");
    StoreOptions so;
    so.path = dir.path();
    so.sync = false;
    auto store = Store::open(so);
    ASSERT_TRUE(store.ok());
    StateWrites writes = {StateWrite{state_key::balance(1, holders_[0]), Balance{}.encode()}};
    Status s = (*store)->commit_genesis(genesis_json_, BlockHeader{}, writes);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(reason_name(s.reason()), reason_name(Reason::INTERNAL));
    EXPECT_FALSE((*store)->initialized());
}

// ===========================================================================================================
// holders_at and balance_at: the balance history

TEST_F(holders_at, MatchesTheHoldersAtEveryPastHeight) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    for (Height h = 0; h <= 10; ++h) {
        const auto got = read_ok(ledger_->store().holders_at(acme(), h, std::nullopt, 1000));
        // In account order, each once, with the amount then.
        EXPECT_EQ(got.size(), acme_at_[h].size()) << "height " << h;
        EXPECT_EQ(holders_map(got), acme_at_[h]) << "height " << h;
        for (size_t i = 1; i < got.size(); ++i) {
            EXPECT_TRUE(IdLess()(got[i - 1].account, got[i].account)) << "height " << h << ", entry " << i;
        }
    }
}

TEST_F(holders_at, BalanceAtMatchesEveryAccountAtEveryPastHeight) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    for (Height h = 0; h <= 10; ++h) {
        for (size_t i = 0; i < kHolders; ++i) {
            const Balance b = read_ok(ledger_->store().balance_at(acme(), holders_[i], h));
            EXPECT_EQ(b.amount, expected_acme(h, i)) << "height " << h << ", holder " << i;
            EXPECT_EQ(b.locked, 0u);
            EXPECT_EQ(b.frozen, 0u);
        }
    }
    // An emptied holding reads as zero from the block that emptied it (holder 0, emptied in block 1).
    EXPECT_EQ(read_ok(ledger_->store().balance_at(acme(), holders_[0], 0)).amount, 100u);
    EXPECT_EQ(read_ok(ledger_->store().balance_at(acme(), holders_[0], 1)).amount, expected_acme(1, 0));
    EXPECT_EQ(expected_acme(1, 0), 0u);
}

TEST_F(holders_at, PagingCoversEveryHolderExactlyOnce) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    for (Height h : {Height{0}, Height{1}, Height{4}, Height{7}, Height{10}}) {
        for (size_t limit : {size_t{1}, size_t{3}, size_t{7}, size_t{100}}) {
            SCOPED_TRACE("height " + std::to_string(h) + ", limit " + std::to_string(limit));
            const auto paged = all_holders_paged(ledger_->store(), acme(), h, limit);
            EXPECT_EQ(paged.size(), acme_at_[h].size()) << "a holder was repeated or skipped";
            EXPECT_EQ(holders_map(paged), acme_at_[h]);
        }
    }
}

TEST_F(holders_at, PagingAfterAnAccountThatHeldNothingThenStartsAtTheNextHolder) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    const Balances& now = acme_at_[10];
    // For every account (holder or not, with history or not), the page after it starts at the first holder
    // whose id is greater.
    for (size_t i = 0; i < kHolders; ++i) {
        auto page = read_ok(ledger_->store().holders_at(acme(), 10, holders_[i], 1));
        auto next = now.upper_bound(holders_[i]);
        if (next == now.end()) {
            EXPECT_TRUE(page.empty()) << "after holder " << i;
        } else {
            ASSERT_EQ(page.size(), 1u) << "after holder " << i;
            EXPECT_EQ(page[0].account, next->first) << "after holder " << i;
        }
    }
}

TEST_F(holders_at, AssetsAreKeptApart) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(5));
    Balances bond_holders;
    for (size_t i = 0; i < 5; ++i) bond_holders[holders_[i]] = 10;
    for (Height h = 0; h <= 5; ++h) {
        EXPECT_EQ(holders_map(read_ok(ledger_->store().holders_at(bond(), h, std::nullopt, 1000))),
                  bond_holders);
    }
    EXPECT_TRUE(read_ok(ledger_->store().holders_at(bond() + 1, 5, std::nullopt, 1000)).empty());
}

// ===========================================================================================================
// account_history

TEST_F(account_history, IsNewestFirst) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_FALSE(history_.empty());
    for (const auto& [account, entries] : history_) {
        const auto got = read_ok(ledger_->store().history(account, std::nullopt, 1000));
        ASSERT_EQ(got.size(), entries.size());
        for (size_t i = 0; i < got.size(); ++i) {
            const HistoryEntry& want = entries[entries.size() - 1 - i];
            EXPECT_EQ(got[i].height, want.height) << "entry " << i;
            EXPECT_EQ(got[i].index, want.index) << "entry " << i;
        }
    }
    // An account that never had a tx has no history.
    EXPECT_TRUE(read_ok(ledger_->store().history(holders_[29], std::nullopt, 1000)).empty());
}

TEST_F(account_history, PagingCoversEveryEntryExactlyOnce) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    for (const auto& [account, entries] : history_) {
        for (size_t limit : {size_t{1}, size_t{2}, size_t{5}}) {
            std::vector<HistoryEntry> all;
            std::optional<HistoryEntry> before;
            for (int pages = 0; pages < 1000; ++pages) {
                auto page = read_ok(ledger_->store().history(account, before, limit));
                ASSERT_LE(page.size(), limit);
                if (page.empty()) break;
                all.insert(all.end(), page.begin(), page.end());
                before = page.back();
            }
            ASSERT_EQ(all.size(), entries.size()) << "limit " << limit;
            for (size_t i = 0; i < all.size(); ++i) {
                EXPECT_EQ(all[i].height, entries[entries.size() - 1 - i].height);
                EXPECT_EQ(all[i].index, entries[entries.size() - 1 - i].index);
            }
        }
    }
}

TEST_F(account_history, OfOneAccountDoesNotRunIntoTheNextAccount) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    // Paging past an account's oldest entry gives nothing, whatever account follows it in key order.
    for (const auto& [account, entries] : history_) {
        auto rest = read_ok(ledger_->store().history(account, entries.front(), 1000));
        EXPECT_TRUE(rest.empty());
    }
}

// ===========================================================================================================
// store_proofs: holdings at recent heights

TEST_F(store_proofs, BalanceProofsVerifyAgainstTheStateRootsOfRecentHeaders) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    size_t inclusions = 0, non_inclusions = 0;
    for (Height h = 6; h <= 10; ++h) {
        const Hash256 root = ledger_->store().header(h).value().state_root;
        for (size_t i = 0; i < kHolders; ++i) {
            SCOPED_TRACE("height " + std::to_string(h) + ", holder " + std::to_string(i));
            const Bytes key = state_key::balance(acme(), holders_[i]);
            const auto proof = ledger_->prove(h, key);
            ASSERT_TRUE(proof.has_value());
            const Amount amount = expected_acme(h, i);
            Balance b;
            b.amount = amount == 0 ? 1 : amount;
            const Hash256 value_hash = Ledger::value_hash(b.encode());
            if (amount > 0) {
                ++inclusions;
                EXPECT_TRUE(verify_state_proof(root, Ledger::key_hash(key), value_hash, *proof));
                EXPECT_FALSE(verify_state_proof(root, Ledger::key_hash(key), std::nullopt, *proof));
                b.amount += 1;
                EXPECT_FALSE(
                    verify_state_proof(root, Ledger::key_hash(key), Ledger::value_hash(b.encode()), *proof));
            } else {
                ++non_inclusions;
                EXPECT_TRUE(verify_state_proof(root, Ledger::key_hash(key), std::nullopt, *proof));
                EXPECT_FALSE(verify_state_proof(root, Ledger::key_hash(key), value_hash, *proof));
            }
            // The proof decodes from its wire form to the same proof.
            EXPECT_EQ(StateProof::decode(proof->encode()), proof);
        }
    }
    EXPECT_GT(inclusions, 0u);
    EXPECT_GT(non_inclusions, 0u);
}

TEST_F(store_proofs, AProofOfAChangedBalanceDoesNotVerifyAgainstAnotherHeightsRoot) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    // Holder 9 is emptied in block 10: held at 9, not at 10.
    ASSERT_GT(expected_acme(9, 9), 0u);
    ASSERT_EQ(expected_acme(10, 9), 0u);
    const Bytes key = state_key::balance(acme(), holders_[9]);
    Balance b;
    b.amount = expected_acme(9, 9);
    const auto at9 = ledger_->prove(9, key);
    const auto at10 = ledger_->prove(10, key);
    ASSERT_TRUE(at9 && at10);
    const Hash256 root9 = ledger_->store().header(9).value().state_root;
    const Hash256 root10 = ledger_->store().header(10).value().state_root;
    EXPECT_TRUE(verify_state_proof(root9, Ledger::key_hash(key), Ledger::value_hash(b.encode()), *at9));
    EXPECT_FALSE(verify_state_proof(root10, Ledger::key_hash(key), Ledger::value_hash(b.encode()), *at9));
    EXPECT_TRUE(verify_state_proof(root10, Ledger::key_hash(key), std::nullopt, *at10));
    EXPECT_FALSE(verify_state_proof(root9, Ledger::key_hash(key), std::nullopt, *at10));
}

TEST_F(store_proofs, ServedFromTheOpenHeightOnAfterReopen) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(4));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(ledger_->oldest_provable_height(), 4u);
    const Bytes key = state_key::balance(acme(), holders_[12]);
    EXPECT_FALSE(ledger_->prove(3, key).has_value());
    EXPECT_FALSE(ledger_->prove(5, key).has_value());  // not yet made
    ASSERT_NO_FATAL_FAILURE(commit_block({{12, 29, 5}}));
    for (Height h = 4; h <= 5; ++h) {
        auto proof = ledger_->prove(h, key);
        ASSERT_TRUE(proof.has_value()) << "height " << h;
        Balance b;
        b.amount = expected_acme(h, 12);
        EXPECT_TRUE(verify_state_proof(ledger_->store().header(h).value().state_root, Ledger::key_hash(key),
                                       Ledger::value_hash(b.encode()), *proof))
            << "height " << h;
    }
}

// ===========================================================================================================
// store_crash: SIGKILL of a writing process at random moments
//
// The child (tests/chain/crash/store_crash_child.cpp) is started with posix_spawn (a fork + exec that runs no
// code of ours in between: this process has LevelDB's threads, so a bare fork() could deadlock) and killed
// with SIGKILL, which it cannot catch. Each run continues from the height the previous one left, so the chain
// grows across iterations.

std::optional<uint64_t> env_u64(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    char* end = nullptr;
    const uint64_t n = std::strtoull(v, &end, 10);
    if (!end || *end != '\0') return std::nullopt;
    return n;
}

uint64_t crash_seed() {
    if (auto seed = env_u64("FOLIO_SEED")) return *seed;
    std::random_device rd;
    return (uint64_t{rd()} << 32) ^ rd();
}

uint64_t crash_iterations() {
    return env_u64("FOLIO_CRASH_ITERATIONS").value_or(50);
}

pid_t spawn_child(const std::string& dir, uint64_t seed, std::optional<Height> max_height) {
    std::vector<std::string> args = {FOLIO_STORE_CRASH_CHILD, dir, std::to_string(seed)};
    if (max_height) args.push_back(std::to_string(*max_height));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
    EXPECT_EQ(rc, 0) << "posix_spawn " << argv[0] << ": " << std::strerror(rc);
    return rc == 0 ? pid : -1;
}

int reap(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

// Killed by our SIGKILL, or finished normally: anything else means the child failed (it says why on stderr).
::testing::AssertionResult KilledOrFinished(int status) {
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return ::testing::AssertionSuccess();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ::testing::AssertionSuccess();
    if (WIFEXITED(status)) {
        return ::testing::AssertionFailure()
               << "store_crash_child exited with status " << WEXITSTATUS(status);
    }
    return ::testing::AssertionFailure() << "store_crash_child died of signal " << WTERMSIG(status);
}

// Non-zero amounts of `symbol` in the replay, in account order: what holders_at must give at its height.
Balances replay_holders(const ReplayState& replay, const SeededChain& chain, std::string_view symbol) {
    Balances out;
    const AssetId asset = asset_id(replay, symbol);
    for (const auto& id : chain.holders()) {
        Balance b;
        if (read_balance(replay, asset, id, b) && b.amount > 0) out[id] = b.amount;
    }
    return out;
}

TEST(store_crash, SurvivesSigkillAtRandomMoments) {
    const uint64_t seed = crash_seed();
    const uint64_t iterations = crash_iterations();
    std::printf("store_crash seed %llu, %llu iterations (replay: FOLIO_SEED=%llu)\n",
                (unsigned long long)seed, (unsigned long long)iterations, (unsigned long long)seed);
    std::fflush(stdout);
    SCOPED_TRACE("FOLIO_SEED=" + std::to_string(seed));
    const auto started = std::chrono::steady_clock::now();

    TempDir dir("store-crash");
    const SeededChain chain(seed);
    const auto registry = contracts::make_registry();
    ReplayState replay(chain.genesis_json(), *registry);
    const ValidatorSet validators = parse_genesis(chain.genesis_json())->validators;
    LedgerOptions options;
    options.store.path = dir.path();
    std::mt19937_64 rng(seed);

    bool initialized = false;
    Height last = 0;
    size_t advanced = 0, empty = 0;
    for (uint64_t i = 0; i < iterations; ++i) {
        SCOPED_TRACE("iteration " + std::to_string(i));
        // Mostly anywhere in a run of up to 250 ms; one time in four within the first 20 ms, while the child
        // opens the database and rebuilds its state.
        const uint64_t delay_us = rng() % 4 == 0 ? rng() % 20'000 : rng() % 250'000;
        const pid_t pid = spawn_child(dir.path(), seed, std::nullopt);
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
        ::kill(pid, SIGKILL);
        ASSERT_TRUE(KilledOrFinished(reap(pid)));

        // Opened without a genesis: an empty directory is fine until a genesis commit has once survived.
        auto opened = Ledger::open(options, "");
        if (!opened.ok()) {
            ASSERT_FALSE(initialized)
                << "an initialized directory no longer opens: " << describe(opened.error());
            ASSERT_EQ(reason_name(opened.reason()), reason_name(Reason::NOT_FOUND))
                << "the directory does not open: " << describe(opened.error());
            ++empty;
            continue;
        }
        initialized = true;
        const Ledger& ledger = **opened;
        ASSERT_EQ(ledger.chain_id(), replay.chain_id());
        const Height height = ledger.height();
        ASSERT_GE(height, last) << "the stored height went backwards";
        advanced += height > last;

        // Each block the child added since the last look is the seeded chain's block, whole and certified.
        while (replay.height() < height) {
            const Height h = replay.height() + 1;
            SCOPED_TRACE("height " + std::to_string(h));
            const auto txs = chain.block_txs(replay, replay.chain_id(), h);
            auto body = ledger.store().body(h);
            auto header = ledger.store().header(h);
            auto cert = ledger.store().commit(h);
            auto receipts = ledger.store().receipts(h);
            ASSERT_TRUE(body.ok() && header.ok() && cert.ok() && receipts.ok())
                << "a stored block is incomplete";
            ASSERT_EQ(body->size(), txs.size());
            for (size_t t = 0; t < txs.size(); ++t) {
                ASSERT_TRUE(same_bytes((*body)[t]->bytes, txs[t]->bytes)) << "tx " << t;
                const auto loc = read_ok(ledger.store().find_tx(txs[t]->tx_hash));
                ASSERT_TRUE(loc && loc->height == h && loc->index == t) << "tx index of tx " << t;
            }
            ASSERT_EQ(receipts->size(), txs.size());
            Status certified = verify_commit(*cert, replay.chain_id(), *header, validators);
            ASSERT_TRUE(certified.ok()) << describe(certified.error());
            auto result = replay.apply_block(txs, chain.block_time_ms(h));
            ASSERT_TRUE(result.ok()) << describe(result.error());
            ASSERT_EQ(header->state_root, replay.state_root());
            ASSERT_EQ(read_ok(ledger.store().height_of(header->hash())), std::optional<Height>(h));
        }
        ASSERT_EQ(ledger.head().state_root, replay.state_root());
        // Nothing of a later block: the height and its block are one batch.
        EXPECT_EQ(reason_name(ledger.store().header(height + 1).reason()), reason_name(Reason::NOT_FOUND));
        EXPECT_EQ(reason_name(ledger.store().body(height + 1).reason()), reason_name(Reason::NOT_FOUND));
        EXPECT_EQ(reason_name(ledger.store().commit(height + 1).reason()), reason_name(Reason::NOT_FOUND));
        // Every state leaf, and so every balance, equals the replay's.
        ASSERT_TRUE(StateEquals(ledger, replay.entries()));
        // The balance-history index came with the same batches.
        for (std::string_view symbol : SeededChain::kSymbols) {
            const AssetId asset = asset_id(replay, symbol);
            ASSERT_EQ(holders_map(read_ok(ledger.store().holders_at(asset, height, std::nullopt, 1000))),
                      replay_holders(replay, chain, symbol))
                << symbol;
        }
        last = height;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "store_crash: final height %llu after %llu kills (%zu advanced the chain, %zu left it empty), %.1f "
        "s\n",
        (unsigned long long)last, (unsigned long long)iterations, advanced, empty, seconds);
    // The test proves nothing if the child never got a block through.
    if (iterations >= 10) {
        EXPECT_GT(last, 0u);
        EXPECT_GT(advanced, 1u);
    }
}

TEST(store_crash, SigkillDuringGenesisLeavesAnEmptyOrAWholeGenesis) {
    const uint64_t seed = crash_seed();
    const uint64_t iterations = crash_iterations();
    std::printf("store_crash seed %llu (replay: FOLIO_SEED=%llu)\n", (unsigned long long)seed,
                (unsigned long long)seed);
    std::fflush(stdout);
    SCOPED_TRACE("FOLIO_SEED=" + std::to_string(seed));
    const SeededChain chain(seed);
    const auto registry = contracts::make_registry();
    const ReplayState genesis(chain.genesis_json(), *registry);
    std::mt19937_64 rng(seed);

    // How long a child takes to create a directory, commit genesis and exit: the window to kill it in.
    uint64_t window_us = 0;
    {
        TempDir probe("store-crash-genesis");
        const auto t0 = std::chrono::steady_clock::now();
        const pid_t pid = spawn_child(probe.path(), seed, Height{0});
        ASSERT_GT(pid, 0);
        const int status = reap(pid);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "store_crash_child failed on a new directory";
        window_us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
                .count();
    }

    // The genesis batch is written near the end of that window, in about a millisecond, and when exactly
    // varies from run to run. One kill in four lands anywhere in the window; the others follow a staircase
    // that settles where half the kills leave an empty directory and half a whole genesis: one step later
    // after an empty one, one step earlier after a whole one.
    const uint64_t step_us = std::max<uint64_t>(200, window_us / 16);
    uint64_t target_us = window_us * 3 / 4;
    size_t empty = 0, whole = 0;
    for (uint64_t i = 0; i < iterations; ++i) {
        SCOPED_TRACE("iteration " + std::to_string(i));
        TempDir dir("store-crash-genesis");
        LedgerOptions options;
        options.store.path = dir.path();
        const bool anywhere = i % 4 == 0;
        const uint64_t delay_us = anywhere
                                      ? rng() % (window_us + window_us / 4 + 1)
                                      : target_us - std::min(target_us, step_us) + rng() % (2 * step_us + 1);
        const pid_t pid = spawn_child(dir.path(), seed, Height{0});
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
        ::kill(pid, SIGKILL);
        ASSERT_TRUE(KilledOrFinished(reap(pid)));

        auto opened = Ledger::open(options, "");
        if (opened.ok()) {
            ++whole;
            if (!anywhere) target_us -= std::min(target_us, step_us);
        } else {
            // Empty (the genesis batch never landed): then it must take a genesis as a new directory does.
            ASSERT_EQ(reason_name(opened.reason()), reason_name(Reason::NOT_FOUND))
                << "the directory does not open: " << describe(opened.error());
            ++empty;
            if (!anywhere) target_us += step_us;
            opened = Ledger::open(options, chain.genesis_json());
            ASSERT_TRUE(opened.ok()) << "not initializable after the kill: " << describe(opened.error());
        }
        const Ledger& ledger = **opened;
        EXPECT_EQ(ledger.height(), 0u);
        EXPECT_EQ(ledger.chain_id(), genesis.chain_id());
        EXPECT_EQ(ledger.head().state_root, genesis.state_root());
        EXPECT_TRUE(StateEquals(ledger, genesis.entries()));
    }
    std::printf(
        "store_crash genesis: window %llu us, flips near %llu us; %zu kills left an empty directory, %zu a "
        "whole genesis\n",
        (unsigned long long)window_us, (unsigned long long)target_us, empty, whole);
}

}  // namespace
}  // namespace folio
