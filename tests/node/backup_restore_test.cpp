// Backups of a live store and restores from them (node/backup/): the restored database is the same chain,
// record for record, at the same state root; a backup sees one snapshot however many blocks commit meanwhile;
// a restore never writes over anything nor from a damaged file; node_backup over the method table.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "chain/ledger.h"
#include "keys/file_io.h"
#include "node/backup/backup_reader.h"
#include "node/backup/backup_writer.h"
#include "node/backup/restore.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

namespace fs = std::filesystem;

class BackupRestore : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("folio-backup-restore-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A few blocks: ACME created and issued to alice, then transfers to bob.
    void make_blocks(NodeRpc& node, int transfers) {
        const json create = {{"op", "asset_create"},
                             {"symbol", "ACME"},
                             {"class", "equity"},
                             {"decimals", 0},
                             {"max_supply", "1000000"}};
        const json issue = {{"op", "issue"},
                            {"asset", "ACME"},
                            {"to", {{{"account", node.alice.address}, {"amount", "1000"}}}}};
        node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", {create, issue}}});
        node.produce();
        more_blocks(node, transfers);
    }
    void more_blocks(NodeRpc& node, int transfers) {
        for (int i = 0; i < transfers; ++i) {
            const json transfer = {
                {"op", "transfer"}, {"asset", "ACME"}, {"to", node.bob.address}, {"amount", "1"}};
            node.build_sign_submit(node.alice, json::array({transfer}));
            node.produce();
        }
    }

    // As strings: g++ 12 at -O3 warns falsely (-Wstringop-overread) on std::map<Bytes, ...>.
    static std::map<std::string, std::string> all_records(const Store& store) {
        std::map<std::string, std::string> out;
        const Status s = store.record_snapshot()->for_each([&](ByteView k, ByteView v) {
            out[std::string(k.begin(), k.end())] = std::string(v.begin(), v.end());
            return Status();
        });
        EXPECT_TRUE(s.ok());
        return out;
    }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    fs::path dir_;
};

TEST_F(BackupRestore, ARestoredDatabaseIsTheSameChainRecordForRecordAtTheSameStateRoot) {
    NodeRpc node;
    make_blocks(node, 4);
    auto written = backup::write_store_backup(node.ledger().store(), path("b.fbk"));
    ASSERT_TRUE(written.ok()) << written.error().message;
    const BlockHeader head = node.ledger().head();
    EXPECT_EQ(written->header.height, head.height);
    EXPECT_EQ(written->header.block_hash, head.hash());
    EXPECT_EQ(written->header.state_root, head.state_root);
    EXPECT_EQ(written->header.chain_id, node.ledger().chain_id());

    auto restored = backup::restore_backup(path("b.fbk"), path("restored"));
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    LedgerOptions lo;
    lo.store.path = path("restored/chain");
    lo.store.create_if_missing = false;
    auto genesis = keys::read_file_bounded(path("restored/genesis.json"), 1 << 20);
    ASSERT_TRUE(genesis.ok());
    auto ledger = Ledger::open(lo, *genesis);  // the genesis file written is the chain's own
    ASSERT_TRUE(ledger.ok()) << ledger.error().message;
    EXPECT_EQ((*ledger)->head(), head);
    EXPECT_EQ(all_records((*ledger)->store()), all_records(node.ledger().store()));
    EXPECT_EQ(fs::status(path("restored")).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST_F(BackupRestore, ASnapshotKeepsItsBlockWhileLaterBlocksCommit) {
    NodeRpc node;
    make_blocks(node, 1);
    const BlockHeader before = node.ledger().head();
    const auto snapshot = node.ledger().store().record_snapshot();
    more_blocks(node, 3);
    auto head = snapshot->head();
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(*head, before);
    EXPECT_GT(node.ledger().height(), before.height);
}

TEST_F(BackupRestore, ARestoreRefusesANonEmptyDirectoryAndWritesNothing) {
    NodeRpc node;
    make_blocks(node, 1);
    ASSERT_TRUE(backup::write_store_backup(node.ledger().store(), path("b.fbk")).ok());
    fs::create_directories(path("taken"));
    std::ofstream(path("taken/config.json")) << "{}";
    auto restored = backup::restore_backup(path("b.fbk"), path("taken"));
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_NE(restored.error().message.find("is not empty"), std::string::npos);
    EXPECT_EQ(std::distance(fs::directory_iterator(path("taken")), fs::directory_iterator()), 1);
}

TEST_F(BackupRestore, ARestoreIntoAnEmptyDirectorySucceeds) {
    NodeRpc node;
    make_blocks(node, 1);
    ASSERT_TRUE(backup::write_store_backup(node.ledger().store(), path("b.fbk")).ok());
    fs::create_directories(path("empty"));
    auto restored = backup::restore_backup(path("b.fbk"), path("empty"));
    ASSERT_TRUE(restored.ok()) << restored.error().message;
    EXPECT_TRUE(fs::is_directory(path("empty/chain")));
}

TEST_F(BackupRestore, ADamagedBackupIsRefusedByOffsetBeforeAnythingIsWritten) {
    NodeRpc node;
    make_blocks(node, 2);
    ASSERT_TRUE(backup::write_store_backup(node.ledger().store(), path("b.fbk")).ok());
    {
        std::fstream f(path("b.fbk"), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(backup::kHeaderBytes + 40));
        f.put('\x7f');
    }
    auto restored = backup::restore_backup(path("b.fbk"), path("restored"));
    ASSERT_FALSE(restored.ok());
    EXPECT_EQ(restored.reason(), Reason::CORRUPTION);
    EXPECT_NE(
        restored.error().message.find("at offset " + std::to_string(backup::kHeaderBytes) + ": chunk 1"),
        std::string::npos)
        << restored.error().message;
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"b.fbk"});
}

TEST_F(BackupRestore, NodeBackupWritesAWholeFileOfTheHeadIntoTheBackupDirectory) {
    NodeRpc node;
    make_blocks(node, 2);
    const json r = node.ok("node_backup", {{"name", "nightly.fbk"}});
    const BlockHeader head = node.ledger().head();
    EXPECT_EQ(r["height"], head.height);
    EXPECT_EQ(r["state_root"], to_hex(head.state_root));
    const std::string file = r["path"].get<std::string>();
    EXPECT_EQ(fs::path(file).filename(), "nightly.fbk");
    auto reader = backup::BackupReader::open(file);
    ASSERT_TRUE(reader.ok());
    auto checked = (*reader)->verify();
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(to_hex(checked->digest), r["digest"]);
    EXPECT_EQ(checked->records, r["records"]);
}

TEST_F(BackupRestore, NodeBackupRefusesANameThatExistsOrIsAPath) {
    NodeRpc node;
    make_blocks(node, 1);
    node.ok("node_backup", {{"name", "a.fbk"}});
    for (const char* name : {"a.fbk", "../a.fbk", "/tmp/a.fbk", ".hidden", ""}) {
        const json e = node.err("node_backup", {{"name", name}});
        EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT") << name << ": " << e.dump();
    }
}

TEST_F(BackupRestore, NodeBackupNeedsAnAdminToken) {
    NodeRpc node;
    const json e = node.err("node_backup", {{"name", "a.fbk"}}, rpc::Scope::Submit);
    EXPECT_EQ(e["code"], -32002) << e.dump();
}

}  // namespace
}  // namespace folio::node::test
