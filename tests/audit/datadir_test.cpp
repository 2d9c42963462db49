// folio-audit verify --datadir on a stopped node's data directory: a good chain verifies, and each kind of
// damage (bytes changed in a table or log file, a missing table file, a changed state leaf, index, receipt or
// block body) exits 1 naming the file or the key and the height; a held database exits 3.
//
// The data directory is the seeded chain of the store tests (tests/chain/crash/seeded_chain.h), committed by
// the real Ledger, with its genesis.json beside it as `foliod` lays it out. folio-audit runs in process.
#include <fcntl.h>
#include <leveldb/db.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/app.h"
#include "tests/audit/audit_run.h"
#include "contracts/registry.h"
#include "tests/chain/crash/seeded_chain.h"
#include "tests/e2e/harness.h"

namespace folio::audit::test {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSeed = 16;
constexpr Height kBlocks = 30;       // in table files
constexpr Height kLoggedBlocks = 5;  // committed after the last reopen: only in the log file

Bytes height_key(char prefix, Height h) {
    Bytes k{static_cast<uint8_t>(prefix)};
    for (int i = 7; i >= 0; --i) k.push_back(static_cast<uint8_t>(h >> (8 * i)));
    return k;
}

std::string str(const Bytes& b) {
    return std::string(b.begin(), b.end());
}

class audit_verify_datadir : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = tmp_.path() + "/node";
        fs::create_directories(dir_);
        std::printf("audit_verify_datadir seed %llu\n", static_cast<unsigned long long>(kSeed));
        auto registry = contracts::make_registry();
        folio::test::SeededChain chain(kSeed);
        LedgerOptions lo;
        lo.store.path = chain_path();
        lo.store.sync = false;
        auto commit = [&](Height n) {
            auto ledger = Ledger::open(lo, chain.genesis_json());
            ASSERT_TRUE(ledger.ok()) << ledger.error().message;
            for (Height i = 0; i < n; ++i) {
                Status s = folio::test::commit_next_seeded_block(**ledger, *registry, chain);
                ASSERT_TRUE(s.ok()) << s.error().message;
            }
        };
        // Reopening writes what the log holds into a table file: the first blocks end up in tables, the
        // last ones in the log only.
        commit(kBlocks);
        commit(0);
        commit(kLoggedBlocks);
        std::ofstream(dir_ + "/genesis.json") << chain.genesis_json();
    }

    std::string chain_path() const { return dir_ + "/chain"; }
    AuditRun verify(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"verify", "--datadir", dir_};
        args.insert(args.end(), extra.begin(), extra.end());
        return audit(args);
    }

    // Changes the database's records directly, as damage or tampering would.
    void edit(const std::function<void(leveldb::DB&)>& fn) {
        leveldb::DB* db = nullptr;
        ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), chain_path(), &db).ok());
        fn(*db);
        delete db;
    }
    std::string get(leveldb::DB& db, const Bytes& key) {
        std::string v;
        EXPECT_TRUE(db.Get(leveldb::ReadOptions(), str(key), &v).ok()) << to_hex(key);
        return v;
    }
    // The first key with this prefix.
    Bytes first_key(leveldb::DB& db, Bytes prefix) {
        std::unique_ptr<leveldb::Iterator> it(db.NewIterator(leveldb::ReadOptions()));
        it->Seek(str(prefix));
        EXPECT_TRUE(it->Valid() && it->key().starts_with(str(prefix)));
        return Bytes(it->key().data(), it->key().data() + it->key().size());
    }
    std::vector<fs::path> files(const std::string& ext) const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(chain_path())) {
            if (e.path().extension() == ext) out.push_back(e.path());
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    static void flip_byte(const fs::path& file, uint64_t offset) {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(offset));
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x5a);
        f.seekp(static_cast<std::streamoff>(offset));
        f.write(&c, 1);
    }

    e2e::TempDir tmp_;
    std::string dir_;
};

TEST_F(audit_verify_datadir, AGoodChainVerifies) {
    AuditRun r = verify();
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("verified"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("blocks 0.." + std::to_string(kBlocks + kLoggedBlocks)), std::string::npos) << r.out;
}

TEST_F(audit_verify_datadir, JsonOutcomeNamesTheHeadAndTheRecordsRead) {
    AuditRun r = verify({"--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["verified"], true);
    EXPECT_EQ(j["height"], kBlocks + kLoggedBlocks);
    EXPECT_GT(j["records"].get<uint64_t>(), 0u);
    EXPECT_GT(j["txs"].get<uint64_t>(), 0u);
}

TEST_F(audit_verify_datadir, AnEarlierHeightVerifiesWithTo) {
    AuditRun r = verify({"--to", "12", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["height"], 12);
}

TEST_F(audit_verify_datadir, ChangedBytesInATableFileAreNamed) {
    auto tables = files(".ldb");
    ASSERT_FALSE(tables.empty());
    flip_byte(tables.front(), 100);
    AuditRun r = verify();
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("checksum"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("key"), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, ChangedBytesInTheLogFileAreNamed) {
    auto logs = files(".log");
    ASSERT_FALSE(logs.empty());
    ASSERT_GT(fs::file_size(logs.back()), 200u);
    flip_byte(logs.back(), fs::file_size(logs.back()) / 2);
    AuditRun r = verify();
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("orrupt"), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, AMissingTableFileIsNamed) {
    auto tables = files(".ldb");
    ASSERT_FALSE(tables.empty());
    fs::remove(tables.front());
    AuditRun r = verify();
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find(tables.front().filename().string()), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, AChangedStateLeafIsNamedByKey) {
    Bytes key;
    edit([&](leveldb::DB& db) {
        key = first_key(db, {'s', 0x08});  // a chain parameter
        std::string v = get(db, key);
        v.back() = static_cast<char>(v.back() ^ 1);
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), str(key), v).ok());
    });
    AuditRun r = verify();
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("state record"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(to_hex(key)), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, AChangedTxIndexNamesItsHeightAndTx) {
    edit([&](leveldb::DB& db) {
        const Bytes key = first_key(db, {'t'});
        std::string v = get(db, key);
        v[8] = static_cast<char>(v[8] ^ 1);  // the tx's index in its block
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), str(key), v).ok());
    });
    AuditRun r = verify({"--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["failure"]["check"], "compare");
    EXPECT_TRUE(j["failure"].contains("height"));
    EXPECT_TRUE(j["failure"].contains("tx"));
    EXPECT_NE(j["failure"]["message"].get<std::string>().find("tx index entry"), std::string::npos);
}

TEST_F(audit_verify_datadir, AMissingHistoryEntryIsADiscrepancy) {
    edit([&](leveldb::DB& db) {
        ASSERT_TRUE(db.Delete(leveldb::WriteOptions(), str(first_key(db, {'a'}))).ok());
    });
    AuditRun r = verify();
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("missing from the store"), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, AChangedReceiptNamesTheBlockAndTheTx) {
    constexpr Height kBlock = 7;
    edit([&](leveldb::DB& db) {
        const Bytes key = height_key('r', kBlock);
        std::string v = get(db, key);
        // receipts := varint n, then per receipt: u8 version, tx_hash[32], u8 status...
        v[1 + 1 + 32] = static_cast<char>(v[1 + 1 + 32] ^ 1);
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), str(key), v).ok());
    });
    AuditRun r = verify({"--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["failure"]["height"], kBlock);
    EXPECT_EQ(j["failure"]["tx"], 0);
    EXPECT_NE(j["failure"]["message"].get<std::string>().find("receipts of block 7"), std::string::npos);
    EXPECT_NE(j["failure"]["stored"], j["failure"]["replayed"]);
}

TEST_F(audit_verify_datadir, AChangedBlockBodyFailsItsTxsRootAtThatHeight) {
    constexpr Height kBlock = 9;
    edit([&](leveldb::DB& db) {
        // Another block's txs: a body that decodes, but is not the one the header commits to.
        const std::string other = get(db, height_key('b', kBlock + 1));
        ASSERT_TRUE(db.Put(leveldb::WriteOptions(), str(height_key('b', kBlock)), other).ok());
    });
    AuditRun r = verify({"--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["failure"]["height"], kBlock);
    EXPECT_EQ(j["failure"]["check"], "wrong_txs_root");
}

TEST_F(audit_verify_datadir, ADatabaseOpenElsewhereExits3) {
    leveldb::DB* db = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), chain_path(), &db).ok());
    AuditRun r = verify();
    delete db;
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("node running: stop it, audit a copy, or use --rpc"), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, ANodeHoldingItsDatadirLockExits3) {
    const int fd = ::open((dir_ + "/foliod.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    AuditRun r = verify();
    ::close(fd);
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("node running"), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, AGenesisFileOfAnotherChainIsRefused) {
    auto other = nlohmann::json::parse(folio::test::SeededChain(kSeed).genesis_json());
    other["chain_name"] = "another-chain";
    std::ofstream(dir_ + "/genesis.json") << other.dump();
    AuditRun r = verify();
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("genesis"), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, APinnedChainIdThatDiffersIsRefused) {
    AuditRun r = verify({"--chain-id", std::string(64, 'a')});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("not the pinned"), std::string::npos) << r.err;
}

TEST_F(audit_verify_datadir, NothingIsCreatedInAMissingDirectory) {
    AuditRun r = audit({"verify", "--datadir", tmp_.path() + "/none"});
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_FALSE(fs::exists(tmp_.path() + "/none"));
}

TEST(audit_verify_cli, UsageErrorsExit2) {
    EXPECT_EQ(audit({"verify"}).code, 2);
    EXPECT_EQ(audit({"verify", "--datadir", "a", "--rpc", "http://x"}).code, 2);
    EXPECT_EQ(audit({"verify", "--rpc", "http://127.0.0.1:1"}).code, 2);  // no anchor
    EXPECT_EQ(audit({"verify", "--datadir", "a", "--to", "x"}).code, 2);
    EXPECT_EQ(audit({"verify", "--datadir", "a", "--bogus"}).code, 2);
    EXPECT_EQ(audit({"frobnicate"}).code, 2);
    AuditRun backup = audit({"verify", "--backup", "f"});
    EXPECT_EQ(backup.code, 2);
    EXPECT_NE(backup.err.find("--backup"), std::string::npos);
}

TEST(audit_verify_cli, VersionAndHelpExit0) {
    AuditRun v = audit({"--version"});
    EXPECT_EQ(v.code, 0);
    EXPECT_EQ(v.out.rfind("folio-audit ", 0), 0u) << v.out;
    AuditRun h = audit({"verify", "--help"});
    EXPECT_EQ(h.code, 0);
    EXPECT_NE(h.out.find("--witness URL"), std::string::npos) << h.out;
}

}  // namespace
}  // namespace folio::audit::test
