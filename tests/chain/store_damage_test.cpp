// What the store answers when its records are damaged or its disk fails (chain/store.h, "Reads never turn
// damage into data"): an error naming the key, never a zero balance, a skipped holder, a short history or
// "absent".
//
// Suites: store_damage (one record of each kind overwritten with garbage, or removed, through a raw LevelDB
// handle on the closed database, then read through a Store) and store_read_error (reads that fail in the
// file system, injected with FailingReadEnv while the Store is open).
//
// Keys are built here from the layout documented at the top of chain/store.h, not with the store's code, so a
// change to the layout fails these tests.
#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <random>

#include "contracts/registry.h"
#include "tests/chain/crash/seeded_chain.h"
#include "tests/chain/failing_env.h"

namespace folio {
namespace {

using test::FailingReadEnv;
using test::SeededChain;

constexpr uint64_t kSeed = 77;  // any chain will do: the tests need blocks with txs, history and holders
constexpr Height kBlocks = 4;   // blocks after genesis
constexpr Height kDamaged = 2;  // the block whose records are damaged

// ===========================================================================================================
// Keys, as chain/store.h documents them

// Reserving first sidesteps a GCC 12 -Warray-bounds false positive on inserts into a 1-byte vector.
Bytes prefix_key(char prefix) {
    Bytes k;
    k.reserve(64);
    k.push_back(static_cast<uint8_t>(prefix));
    return k;
}
void put_be(Bytes& k, uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) k.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
Bytes block_key(char prefix, Height h) {
    Bytes k = prefix_key(prefix);
    put_be(k, h, 8);
    return k;
}
Bytes hash_key(char prefix, const Hash256& hash) {
    Bytes k = prefix_key(prefix);
    k.insert(k.end(), hash.begin(), hash.end());
    return k;
}
Bytes history_key(const AccountId& account, Height h, uint32_t index) {
    Bytes k = hash_key('a', account);
    put_be(k, h, 8);
    put_be(k, index, 4);
    return k;
}
Bytes balance_history_key(AssetId asset, const AccountId& account, Height h) {
    Bytes k = prefix_key('v');
    put_be(k, asset, 4);
    k.insert(k.end(), account.begin(), account.end());
    put_be(k, UINT64_MAX - h, 8);
    return k;
}

leveldb::Slice slice(const Bytes& b) {
    return leveldb::Slice(reinterpret_cast<const char*>(b.data()), b.size());
}

std::string describe(const Error& e) {
    std::string s(reason_name(e.reason));
    s += ": ";
    s += e.message;
    return s;
}

// The read failed with `reason` and its message holds each of `parts` (the record's name, the key's hex).
template <typename R>
::testing::AssertionResult FailsWith(const R& read, Reason reason, std::initializer_list<std::string> parts) {
    if (read.ok()) return ::testing::AssertionFailure() << "the read succeeded";
    if (read.reason() != reason) {
        return ::testing::AssertionFailure()
               << "expected " << reason_name(reason) << ", got " << describe(read.error());
    }
    for (const std::string& part : parts) {
        if (read.error().message.find(part) == std::string::npos) {
            return ::testing::AssertionFailure()
                   << "the message does not name \"" << part << "\": " << describe(read.error());
        }
    }
    return ::testing::AssertionSuccess();
}

// ===========================================================================================================
// The fixture: the seeded chain to block kBlocks in a temp dir, closed; what the tests damage is noted first.

class StoreDamageTest : public ::testing::Test {
  protected:
    StoreDamageTest() : chain_(kSeed), registry_(contracts::make_registry()) {
        dir_ = (std::filesystem::temp_directory_path() / ("folio-store-damage-" + std::to_string(::getpid()) +
                                                          "-" + std::to_string(std::random_device{}())))
                   .string();
        std::filesystem::remove_all(dir_);
    }
    ~StoreDamageTest() override {
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    void SetUp() override {
        LedgerOptions options;
        options.store.path = dir_;
        options.store.sync = false;
        auto opened = Ledger::open(options, chain_.genesis_json());
        ASSERT_TRUE(opened.ok()) << describe(opened.error());
        Ledger& ledger = **opened;
        for (Height h = 1; h <= kBlocks; ++h) {
            Status s = test::commit_next_seeded_block(ledger, *registry_, chain_);
            ASSERT_TRUE(s.ok()) << describe(s.error());
        }
        auto header = ledger.store().header(kDamaged);
        auto body = ledger.store().body(kDamaged);
        auto receipts = ledger.store().receipts(kDamaged);
        ASSERT_TRUE(header.ok() && body.ok() && receipts.ok());
        ASSERT_FALSE(body->empty());
        ASSERT_FALSE((*receipts)[0].accounts.empty());
        block_hash_ = header->hash();
        tx_hash_ = (*body)[0]->tx_hash;
        tx_account_ = (*receipts)[0].accounts[0];
        ASSERT_TRUE(read_asset_id(ledger.state(), SeededChain::kSymbols[0], asset_));
        holder_ = chain_.holders()[0];  // holds both assets at genesis
        auto holders = ledger.store().holders_at(asset_, 0, std::nullopt, 1000);
        ASSERT_TRUE(holders.ok());
        genesis_holders_ = holders->size();
        ASSERT_GT(genesis_holders_, 1u);
    }

    // Edits the closed database through a raw handle.
    void edit(const std::function<void(leveldb::DB&)>& fn) {
        store_.reset();
        leveldb::DB* raw = nullptr;
        leveldb::Options opts;
        ASSERT_TRUE(leveldb::DB::Open(opts, dir_, &raw).ok());
        std::unique_ptr<leveldb::DB> db(raw);
        fn(*db);
    }
    void put_garbage(const Bytes& key) {
        edit([&](leveldb::DB& db) {
            ASSERT_TRUE(db.Put(leveldb::WriteOptions(), slice(key), "garbage").ok());
        });
    }
    void remove(const Bytes& key) {
        edit([&](leveldb::DB& db) { ASSERT_TRUE(db.Delete(leveldb::WriteOptions(), slice(key)).ok()); });
    }

    // Opens the directory as a Store (not a Ledger: these tests read past what opening a ledger checks).
    const Store& open_store(leveldb::Env* env = nullptr) {
        store_.reset();
        StoreOptions options;
        options.path = dir_;
        options.create_if_missing = false;
        options.sync = false;
        options.env = env;
        options.block_cache_bytes = 0;  // every read reaches a file (FailingReadEnv)
        auto opened = Store::open(options);
        if (!opened.ok()) throw std::runtime_error("cannot open the store: " + describe(opened.error()));
        store_ = std::move(*opened);
        return *store_;
    }

    SeededChain chain_;
    std::unique_ptr<InstrumentRegistry> registry_;
    std::string dir_;
    FailingReadEnv env_;  // declared before store_, which reads through it until it is closed
    std::unique_ptr<Store> store_;
    BlockHash block_hash_{};  // of block kDamaged
    TxHash tx_hash_{};        // tx 0 of block kDamaged
    AccountId tx_account_{};  // an account tx 0 of block kDamaged concerns
    AssetId asset_ = 0;       // ACME
    AccountId holder_{};      // a holder of ACME at genesis
    size_t genesis_holders_ = 0;
};

class store_damage : public StoreDamageTest {};
class store_read_error : public StoreDamageTest {};

// ===========================================================================================================
// store_damage: a record that does not decode, or is missing where the chain needs it

TEST_F(store_damage, GarbledHeaderIsCorruptionNamingTheKey) {
    const Bytes key = block_key('h', kDamaged);
    put_garbage(key);
    EXPECT_TRUE(
        FailsWith(open_store().header(kDamaged), Reason::CORRUPTION, {"header of block 2", to_hex(key)}));
}

TEST_F(store_damage, GarbledBodyIsCorruptionNamingTheKey) {
    const Bytes key = block_key('b', kDamaged);
    put_garbage(key);
    EXPECT_TRUE(FailsWith(open_store().body(kDamaged), Reason::CORRUPTION, {"body of block 2", to_hex(key)}));
}

TEST_F(store_damage, GarbledCommitCertificateIsCorruptionNamingTheKey) {
    const Bytes key = block_key('c', kDamaged);
    put_garbage(key);
    EXPECT_TRUE(FailsWith(open_store().commit(kDamaged), Reason::CORRUPTION,
                          {"commit certificate of block 2", to_hex(key)}));
}

TEST_F(store_damage, GarbledReceiptsAreCorruptionNamingTheKey) {
    const Bytes key = block_key('r', kDamaged);
    put_garbage(key);
    EXPECT_TRUE(
        FailsWith(open_store().receipts(kDamaged), Reason::CORRUPTION, {"receipts of block 2", to_hex(key)}));
}

TEST_F(store_damage, GarbledTxIndexEntryIsCorruptionNotAnUnknownTx) {
    const Bytes key = hash_key('t', tx_hash_);
    put_garbage(key);
    EXPECT_TRUE(
        FailsWith(open_store().find_tx(tx_hash_), Reason::CORRUPTION, {"tx index entry", to_hex(key)}));
}

TEST_F(store_damage, GarbledBlockHashIndexEntryIsCorruptionNotAnUnknownBlock) {
    const Bytes key = hash_key('B', block_hash_);
    put_garbage(key);
    EXPECT_TRUE(FailsWith(open_store().height_of(block_hash_), Reason::CORRUPTION,
                          {"block-hash index entry", to_hex(key)}));
}

TEST_F(store_damage, HistoryEntryWithAValueIsCorruptionNotASkippedEntry) {
    const Bytes key = history_key(tx_account_, kDamaged, 0);
    put_garbage(key);
    EXPECT_TRUE(
        FailsWith(open_store().history(tx_account_, std::nullopt, 1000), Reason::CORRUPTION,
                  {"history entry of account " + to_hex(tx_account_) + " at block 2 index 0", to_hex(key)}));
}

TEST_F(store_damage, HistoryKeyOfTheWrongLengthIsCorruptionNotASkippedEntry) {
    Bytes key = hash_key('a', tx_account_);
    put_be(key, kDamaged, 8);  // no index
    edit([&](leveldb::DB& db) { ASSERT_TRUE(db.Put(leveldb::WriteOptions(), slice(key), "").ok()); });
    EXPECT_TRUE(FailsWith(open_store().history(tx_account_, std::nullopt, 1000), Reason::CORRUPTION,
                          {"history entry", to_hex(key)}));
}

TEST_F(store_damage, GarbledBalanceRecordIsCorruptionNotAZeroBalance) {
    const Bytes key = balance_history_key(asset_, holder_, 0);
    put_garbage(key);
    EXPECT_TRUE(FailsWith(open_store().balance_at(asset_, holder_, 0), Reason::CORRUPTION,
                          {"balance history record of asset " + std::to_string(asset_) + " account " +
                               to_hex(holder_) + " from block 0",
                           to_hex(key)}));
}

TEST_F(store_damage, GarbledBalanceRecordIsCorruptionNotASkippedHolder) {
    const Bytes key = balance_history_key(asset_, holder_, 0);
    put_garbage(key);
    EXPECT_TRUE(FailsWith(open_store().holders_at(asset_, 0, std::nullopt, 1000), Reason::CORRUPTION,
                          {"balance history record", to_hex(key)}));
}

TEST_F(store_damage, HeaderStoredUnderAnotherHeightIsCorruption) {
    edit([&](leveldb::DB& db) {
        std::string other;
        ASSERT_TRUE(db.Get(leveldb::ReadOptions(), slice(block_key('h', kDamaged + 1)), &other).ok());
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), slice(block_key('h', kDamaged)), other).ok());
    });
    EXPECT_TRUE(
        FailsWith(open_store().header(kDamaged), Reason::CORRUPTION, {"header of block 2", "block 3"}));
}

TEST_F(store_damage, MissingRecordsOfAStoredBlockAreCorruptionNotNotFound) {
    edit([&](leveldb::DB& db) {
        for (char prefix : {'h', 'b', 'c', 'r'}) {
            ASSERT_TRUE(db.Delete(leveldb::WriteOptions(), slice(block_key(prefix, kDamaged))).ok());
        }
    });
    const Store& store = open_store();
    EXPECT_TRUE(FailsWith(store.header(kDamaged), Reason::CORRUPTION, {"header of block 2", "missing"}));
    EXPECT_TRUE(FailsWith(store.body(kDamaged), Reason::CORRUPTION, {"body of block 2", "missing"}));
    EXPECT_TRUE(
        FailsWith(store.commit(kDamaged), Reason::CORRUPTION, {"commit certificate of block 2", "missing"}));
    EXPECT_TRUE(FailsWith(store.receipts(kDamaged), Reason::CORRUPTION, {"receipts of block 2", "missing"}));
}

TEST_F(store_damage, RecordsNeverWrittenAreStillNotFound) {
    const Store& store = open_store();
    EXPECT_EQ(reason_name(store.header(kBlocks + 1).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(store.body(kBlocks + 1).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(store.commit(0).reason()), reason_name(Reason::NOT_FOUND));  // genesis has none
    EXPECT_EQ(reason_name(store.receipts(0).reason()), reason_name(Reason::NOT_FOUND));
    Hash256 unknown{};
    unknown.fill(0xab);
    auto tx = store.find_tx(unknown);
    auto block = store.height_of(unknown);
    ASSERT_TRUE(tx.ok() && block.ok());
    EXPECT_FALSE(tx->has_value());
    EXPECT_FALSE(block->has_value());
}

TEST_F(store_damage, MissingGenesisOfAStoredChainIsCorruption) {
    remove(Bytes{'M', 'g', 'e', 'n', 'e', 's', 'i', 's'});
    EXPECT_TRUE(FailsWith(open_store().genesis_json(), Reason::CORRUPTION, {"meta \"genesis\"", "missing"}));
}

// ===========================================================================================================
// store_read_error: LevelDB cannot read its files. Each read that needed them fails with IO_ERROR; none
// comes back with what the readable part of the database happens to hold.

TEST_F(store_read_error, HistoryFailsInsteadOfComingBackShort) {
    const Store& store = open_store(&env_);
    env_.arm();
    EXPECT_TRUE(FailsWith(store.history(tx_account_, std::nullopt, 1000), Reason::IO_ERROR,
                          {"history of account " + to_hex(tx_account_), "injected"}));
    EXPECT_GT(env_.failed_reads(), 0);
}

TEST_F(store_read_error, HoldersAtFailsInsteadOfSkippingHolders) {
    const Store& store = open_store(&env_);
    env_.arm();
    EXPECT_TRUE(FailsWith(store.holders_at(asset_, 0, std::nullopt, 1000), Reason::IO_ERROR,
                          {"holders of asset " + std::to_string(asset_) + " at block 0", "injected"}));
}

TEST_F(store_read_error, BalanceAtFailsInsteadOfAnsweringZero) {
    const Store& store = open_store(&env_);
    env_.arm();
    EXPECT_TRUE(FailsWith(
        store.balance_at(asset_, holder_, 0), Reason::IO_ERROR,
        {"balance history of asset " + std::to_string(asset_) + " account " + to_hex(holder_), "injected"}));
}

TEST_F(store_read_error, FindTxFailsInsteadOfAnsweringAbsent) {
    const Store& store = open_store(&env_);
    env_.arm();
    EXPECT_TRUE(FailsWith(store.find_tx(tx_hash_), Reason::IO_ERROR,
                          {"tx index entry (key " + to_hex(hash_key('t', tx_hash_)) + ")", "injected"}));
}

TEST_F(store_read_error, HeightOfFailsInsteadOfAnsweringAbsent) {
    const Store& store = open_store(&env_);
    env_.arm();
    EXPECT_TRUE(
        FailsWith(store.height_of(block_hash_), Reason::IO_ERROR,
                  {"block-hash index entry (key " + to_hex(hash_key('B', block_hash_)) + ")", "injected"}));
}

TEST_F(store_read_error, BlockRecordsFailWithIoError) {
    const Store& store = open_store(&env_);
    env_.arm();
    EXPECT_TRUE(FailsWith(store.header(kDamaged), Reason::IO_ERROR, {"header of block 2", "injected"}));
    EXPECT_TRUE(FailsWith(store.body(kDamaged), Reason::IO_ERROR, {"body of block 2", "injected"}));
    EXPECT_TRUE(FailsWith(store.receipts(kDamaged), Reason::IO_ERROR, {"receipts of block 2", "injected"}));
}

TEST_F(store_read_error, ForEachStateFails) {
    const Store& store = open_store(&env_);
    env_.arm();
    size_t leaves = 0;
    Status s = store.for_each_state([&](Bytes, Bytes) { ++leaves; });
    EXPECT_TRUE(FailsWith(s, Reason::IO_ERROR, {"state records", "injected"})) << leaves << " leaves read";
}

TEST_F(store_read_error, ReadsAnswerAgainOnceTheDiskDoes) {
    const Store& store = open_store(&env_);
    env_.arm();
    ASSERT_FALSE(store.holders_at(asset_, 0, std::nullopt, 1000).ok());
    env_.disarm();
    auto holders = store.holders_at(asset_, 0, std::nullopt, 1000);
    ASSERT_TRUE(holders.ok()) << describe(holders.error());
    EXPECT_EQ(holders->size(), genesis_holders_);
    auto loc = store.find_tx(tx_hash_);
    ASSERT_TRUE(loc.ok()) << describe(loc.error());
    ASSERT_TRUE(loc->has_value());
    EXPECT_EQ((*loc)->height, kDamaged);
}

}  // namespace
}  // namespace folio
