// folio-audit verify --backup on a backup file of the seeded chain (tests/chain/crash/seeded_chain.h),
// written by the real backup writer from the real Ledger's store: a good backup verifies against its genesis
// or chain id; a damaged one is refused naming the offset, before anything is replayed; a backup of another
// chain than the anchor is refused; a well-formed backup whose records or header lie is a discrepancy.
// folio-audit runs in process.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/app.h"
#include "tests/audit/audit_run.h"
#include "contracts/registry.h"
#include "node/backup/backup_reader.h"
#include "node/backup/backup_writer.h"
#include "tests/chain/crash/seeded_chain.h"
#include "tests/e2e/harness.h"

namespace folio::audit::test {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSeed = 1616;
constexpr Height kBlocks = 20;

class audit_verify_backup : public ::testing::Test {
  protected:
    void SetUp() override {
        std::printf("audit_verify_backup seed %llu\n", static_cast<unsigned long long>(kSeed));
        auto registry = contracts::make_registry();
        folio::test::SeededChain chain(kSeed);
        genesis_json_ = chain.genesis_json();
        LedgerOptions lo;
        lo.store.path = tmp_.path() + "/chain";
        lo.store.sync = false;
        auto ledger = Ledger::open(lo, genesis_json_);
        ASSERT_TRUE(ledger.ok()) << ledger.error().message;
        for (Height i = 0; i < kBlocks; ++i) {
            Status s = folio::test::commit_next_seeded_block(**ledger, *registry, chain);
            ASSERT_TRUE(s.ok()) << s.error().message;
        }
        chain_id_hex_ = to_hex((*ledger)->chain_id());
        auto written = backup::write_store_backup((*ledger)->store(), backup_path());
        ASSERT_TRUE(written.ok()) << written.error().message;
        std::ofstream(genesis_path()) << genesis_json_;
    }

    std::string backup_path() const { return tmp_.path() + "/node.fbk"; }
    std::string genesis_path() const { return tmp_.path() + "/genesis.json"; }
    AuditRun verify(const std::string& file, std::vector<std::string> extra) {
        std::vector<std::string> args{"verify", "--backup", file};
        args.insert(args.end(), extra.begin(), extra.end());
        return audit(args);
    }

    // A copy of the good backup, written by the real writer (so every digest is right), with `header` and
    // each record passed through `edit`.
    std::string rewritten(const std::string& name, const std::function<void(backup::BackupHeader&)>& header,
                          const std::function<void(const Bytes& key, Bytes& value)>& edit) {
        auto reader = backup::BackupReader::open(backup_path());
        EXPECT_TRUE(reader.ok());
        backup::BackupHeader h = (*reader)->header();
        header(h);
        const std::string path = tmp_.path() + "/" + name;
        auto writer = backup::BackupFileWriter::create(path, h);
        EXPECT_TRUE(writer.ok());
        auto copied = (*reader)->for_each_record([&](ByteView k, ByteView v) {
            const Bytes key(k.begin(), k.end());
            Bytes value(v.begin(), v.end());
            edit(key, value);
            return (*writer)->add(key, value);
        });
        EXPECT_TRUE(copied.ok()) << copied.error().message;
        EXPECT_TRUE((*writer)->finish().ok());
        return path;
    }

    e2e::TempDir tmp_;
    std::string genesis_json_;
    std::string chain_id_hex_;
};

TEST_F(audit_verify_backup, AGoodBackupVerifiesAgainstItsGenesisFile) {
    AuditRun r = verify(backup_path(), {"--genesis", genesis_path(), "--json"});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["verified"], true);
    EXPECT_EQ(j["height"], kBlocks);
    EXPECT_EQ(j["chain_id"], chain_id_hex_);
    EXPECT_GT(j["txs"].get<uint64_t>(), 0u);
    EXPECT_GT(j["records_compared"].get<uint64_t>(), 0u);
    EXPECT_EQ(j["source"], "backup " + backup_path());
}

TEST_F(audit_verify_backup, AGoodBackupVerifiesAgainstItsChainId) {
    AuditRun r = verify(backup_path(), {"--chain-id", chain_id_hex_});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("blocks 0.." + std::to_string(kBlocks)), std::string::npos) << r.out;
}

TEST_F(audit_verify_backup, NothingOfTheBackupIsLeftInTheScratchDirectory) {
    const std::string scratch = tmp_.path() + "/scratch";
    fs::create_directories(scratch);
    const char* old = std::getenv("TMPDIR");
    const std::string saved = old != nullptr ? old : "";
    ::setenv("TMPDIR", scratch.c_str(), 1);
    AuditRun r = verify(backup_path(), {"--chain-id", chain_id_hex_});
    if (old != nullptr)
        ::setenv("TMPDIR", saved.c_str(), 1);
    else
        ::unsetenv("TMPDIR");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::is_empty(scratch));
}

TEST_F(audit_verify_backup, ADamagedChunkIsRefusedNamingItsOffset) {
    const uint64_t size = fs::file_size(backup_path());
    const uint64_t offset = size / 2;
    {
        std::fstream f(backup_path(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(offset));
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x5a);
        f.seekp(static_cast<std::streamoff>(offset));
        f.write(&c, 1);
    }
    AuditRun r = verify(backup_path(), {"--genesis", genesis_path(), "--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["failure"]["check"], "backup");
    const std::string message = j["failure"]["message"];
    EXPECT_NE(message.find("damaged at offset "), std::string::npos) << message;
    EXPECT_FALSE(j.contains("txs")) << "nothing may be replayed from a damaged backup";
}

TEST_F(audit_verify_backup, ATruncatedBackupIsRefused) {
    fs::resize_file(backup_path(), fs::file_size(backup_path()) - 10);
    AuditRun r = verify(backup_path(), {"--genesis", genesis_path()});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
}

TEST_F(audit_verify_backup, ABackupOfAnotherChainThanTheGenesisFileIsRefused) {
    auto other = nlohmann::json::parse(genesis_json_);
    other["chain_name"] = "another-chain";
    const std::string other_path = tmp_.path() + "/other-genesis.json";
    std::ofstream(other_path) << other.dump();
    AuditRun r = verify(backup_path(), {"--genesis", other_path, "--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["failure"]["check"], "genesis");
    EXPECT_NE(j["failure"]["message"].get<std::string>().find("is of chain " + chain_id_hex_),
              std::string::npos);
}

TEST_F(audit_verify_backup, ABackupOfAnotherChainThanTheChainIdIsRefused) {
    AuditRun r = verify(backup_path(), {"--chain-id", std::string(64, 'a')});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("not the pinned"), std::string::npos) << r.err;
}

TEST_F(audit_verify_backup, ABackupNeedsAnAnchor) {
    AuditRun r = verify(backup_path(), {});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("--backup needs --genesis FILE or --chain-id HEX"), std::string::npos) << r.err;
}

TEST_F(audit_verify_backup, AMissingBackupFileExits3) {
    AuditRun r = verify(tmp_.path() + "/none.fbk", {"--chain-id", chain_id_hex_});
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST_F(audit_verify_backup, AWellFormedBackupWithAChangedReceiptIsADiscrepancy) {
    constexpr Height kBlock = 6;
    const Bytes receipts_key = [] {
        Bytes k{'r'};
        for (int i = 7; i >= 0; --i) k.push_back(static_cast<uint8_t>(kBlock >> (8 * i)));
        return k;
    }();
    const std::string path = rewritten(
        "changed-receipt.fbk", [](backup::BackupHeader&) {},
        [&](const Bytes& key, Bytes& value) {
            // receipts := varint n, then per receipt: u8 version, tx_hash[32], u8 status...
            if (key == receipts_key) value[1 + 1 + 32] ^= 1;
        });
    AuditRun r = verify(path, {"--genesis", genesis_path(), "--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["failure"]["check"], "compare");
    EXPECT_EQ(j["failure"]["height"], kBlock);
    EXPECT_EQ(j["failure"]["tx"], 0);
}

TEST_F(audit_verify_backup, AHeaderNamingAnotherBlockIsADiscrepancy) {
    const std::string path = rewritten(
        "lying-header.fbk", [](backup::BackupHeader& h) { h.state_root[0] ^= 1; },
        [](const Bytes&, Bytes&) {});
    AuditRun r = verify(path, {"--genesis", genesis_path(), "--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["failure"]["check"], "backup_header");
    EXPECT_EQ(j["failure"]["height"], kBlocks);
}

}  // namespace
}  // namespace folio::audit::test
