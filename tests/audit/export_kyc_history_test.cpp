// The store's KYC history ('k', chain/store.h) on the export chain: the attestation in force at every
// height, the upgrade of a layout-2 database (each current attestation becomes its first version), and
// folio-audit verify reading and comparing the new records (a changed one is named by key).
#include <leveldb/db.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/cli.h"
#include "chain/ledger.h"
#include "tests/audit/audit_run.h"
#include "tests/audit/export_chain.h"
#include "tests/e2e/harness.h"

namespace folio::audit::test {
namespace {

namespace fs = std::filesystem;

class export_kyc_history : public ::testing::Test {
  protected:
    void SetUp() override { chain_ = std::make_unique<ExportChain>(tmp_.path() + "/node"); }

    std::unique_ptr<Ledger> open() {
        LedgerOptions lo;
        lo.store.path = chain_->chain_path();
        lo.store.sync = false;
        auto ledger = Ledger::open(lo, chain_->genesis_json());
        EXPECT_TRUE(ledger.ok()) << ledger.error().message;
        return ledger.ok() ? std::move(*ledger) : nullptr;
    }
    void edit(const std::function<void(leveldb::DB&)>& fn) {
        leveldb::DB* db = nullptr;
        ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), chain_->chain_path(), &db).ok());
        fn(*db);
        delete db;
    }
    std::vector<std::string> kyc_keys() {
        std::vector<std::string> out;
        edit([&](leveldb::DB& db) {
            std::unique_ptr<leveldb::Iterator> it(db.NewIterator(leveldb::ReadOptions()));
            for (it->Seek("k"); it->Valid() && it->key()[0] == 'k'; it->Next()) out.push_back(it->key().ToString());
        });
        return out;
    }

    e2e::TempDir tmp_;
    std::unique_ptr<ExportChain> chain_;
};

TEST_F(export_kyc_history, TheAttestationInForceAtEveryHeight) {
    auto ledger = open();
    ASSERT_TRUE(ledger);
    const Store& store = ledger->store();
    const AccountId h1 = chain_->accounts()[1], h3 = chain_->accounts()[3];
    for (Height h = 0; h <= ExportChain::kBlocks; ++h) {
        auto kyc = store.kyc_at(h1, h);
        ASSERT_TRUE(kyc.ok()) << kyc.error().message;
        ASSERT_TRUE(kyc->has_value()) << "block " << h;
        EXPECT_EQ((*kyc)->level, h < 3 ? 1 : 2) << "block " << h;
        EXPECT_EQ((*kyc)->attested_height, h < 3 ? 0u : 3u) << "block " << h;
        auto none = store.kyc_at(h3, h);
        ASSERT_TRUE(none.ok());
        EXPECT_FALSE(none->has_value()) << "h3 has no attestation at block " << h;
    }
    // Genesis attestations (h0, h1, h2, the registrar) and the one of block 3.
    ledger.reset();
    EXPECT_EQ(kyc_keys().size(), 5u);
}

TEST_F(export_kyc_history, ALayout2DatabaseGetsItsCurrentAttestationsAsFirstVersions) {
    edit([&](leveldb::DB& db) {
        std::unique_ptr<leveldb::Iterator> it(db.NewIterator(leveldb::ReadOptions()));
        for (it->Seek("k"); it->Valid() && it->key()[0] == 'k'; it->Next()) ASSERT_TRUE(db.Delete({}, it->key()).ok());
        Writer w;
        w.u64(2);
        ASSERT_TRUE(db.Put({}, "Mlayout", std::string(w.data().begin(), w.data().end())).ok());
    });
    auto ledger = open();
    ASSERT_TRUE(ledger);
    auto now = ledger->store().kyc_at(chain_->accounts()[1], ExportChain::kBlocks);
    ASSERT_TRUE(now.ok() && now->has_value());
    EXPECT_EQ((*now)->level, 2);
    // What it replaced (level 1 from genesis) was not kept by layout 2: before block 3 there is none.
    auto before = ledger->store().kyc_at(chain_->accounts()[1], 2);
    ASSERT_TRUE(before.ok());
    EXPECT_FALSE(before->has_value());
    auto genesis = ledger->store().kyc_at(chain_->accounts()[0], 0);
    ASSERT_TRUE(genesis.ok() && genesis->has_value());
    ledger.reset();
    EXPECT_EQ(kyc_keys().size(), 4u);
}

TEST_F(export_kyc_history, VerifyComparesTheKycHistoryWithTheReplays) {
    AuditRun good = audit({"verify", "--datadir", chain_->dir()});
    EXPECT_EQ(good.code, 0) << good.err;
    const std::string key = kyc_keys().back();
    edit([&](leveldb::DB& db) {
        std::string v;
        ASSERT_TRUE(db.Get({}, key, &v).ok());
        v[2] ^= 1;  // the level
        ASSERT_TRUE(db.Put({}, key, v).ok());
    });
    AuditRun bad = audit({"verify", "--datadir", chain_->dir()});
    EXPECT_EQ(bad.code, kExitDiscrepancy) << bad.err;
    EXPECT_NE(bad.err.find("KYC history record"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace folio::audit::test
