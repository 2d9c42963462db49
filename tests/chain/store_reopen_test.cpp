// What opening a stored chain checks and upgrades (chain/ledger.cpp, chain/store.cpp): reopen, refusals of a
// changed, removed or added leaf or another genesis, the key layout version and the layout-1 upgrade.
#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include "tests/chain/store_fixture.h"

namespace folio {
namespace {

using namespace test;

class ledger_open : public StoreTest {};
class store_layout : public StoreTest {};

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

std::string as_string(ByteView b) {
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

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
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), balance_version_key(asset, holders_[29], 3),
                           as_string(b.encode()))
                        .ok());
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
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
        out.push_back(it->key().ToString());
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
        w.u64(4);
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), "Mlayout", as_string(w.data())).ok());
    });
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(reason_name(opened.reason()), reason_name(Reason::CORRUPTION)) << describe(opened.error());
    EXPECT_NE(opened.error().message.find("layout 4"), std::string::npos) << opened.error().message;
}

// Layout 2 kept no asset history ('w'): the upgrade starts it at the stored height, and asset_at below that
// height says it is not held rather than answering from a later record.
TEST_F(store_layout, UpgradesLayout2WithAssetHistoryFromTheStoredHeight) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(2));
    const Height stored = ledger_->height();
    const AssetId asset = acme();
    Asset now;
    ASSERT_TRUE(read_asset(ledger_->state(), asset, now));
    close();
    auto opened = reopen_after_editing(options_, genesis_json_, [](leveldb::DB& db) {
        Writer w;
        w.u64(2);
        leveldb::WriteBatch batch;
        batch.Put("Mlayout", as_string(w.data()));
        std::unique_ptr<leveldb::Iterator> it(db.NewIterator(leveldb::ReadOptions()));
        for (it->Seek("w"); it->Valid() && it->key().starts_with("w"); it->Next()) batch.Delete(it->key());
        ASSERT_TRUE(db.Write(leveldb::WriteOptions(), &batch).ok());
    });
    ASSERT_TRUE(opened.ok()) << describe(opened.error());
    const Store& store = (*opened)->store();
    auto at_head = store.asset_at(asset, stored);
    ASSERT_TRUE(at_head.ok()) << describe(at_head.error());
    ASSERT_TRUE(at_head->has_value());
    EXPECT_EQ(**at_head, now);
    auto before = store.asset_at(asset, stored - 1);
    ASSERT_FALSE(before.ok());
    EXPECT_EQ(before.reason(), Reason::NOT_FOUND);
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

}  // namespace
}  // namespace folio
