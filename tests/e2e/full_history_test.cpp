// Scenario: a node whose database was upgraded from layout 2 holds the asset history from the upgrade's height
// only. A consortium node checks its peers' blocks, whose record heights may lie below that: it refuses to
// start and says how to get a full-history data dir. A one-validator node starts with a warning.
#include <gtest/gtest.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include <chrono>
#include <memory>

#include "chain/bytes.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

// What an upgraded layout-2 database looks like once reopened: its layout says 2 and it has no asset history.
void make_layout2(const std::string& chain_path) {
    leveldb::DB* raw = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), chain_path, &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    Writer w;
    w.u64(2);
    leveldb::WriteBatch batch;
    batch.Put("Mlayout", std::string(w.data().begin(), w.data().end()));
    std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
    for (it->Seek("w"); it->Valid() && it->key().starts_with("w"); it->Next()) batch.Delete(it->key());
    ASSERT_TRUE(it->status().ok());
    ASSERT_TRUE(db->Write(leveldb::WriteOptions(), &batch).ok());
}

TEST(e2e_full_history, AConsortiumNodeRefusesToStartWithoutTheHistoryFromGenesis) {
    FoliodNode node;
    node.start();
    fund_pair(node, "ACME", "100");
    const uint64_t height = node.call("chain_status").at("height");
    ASSERT_GE(height, 2u);
    node.stop();
    ASSERT_NO_FATAL_FAILURE(make_layout2(node.datadir() + "/chain"));
    const std::string starts_late = "asset history of this data dir starts at block " + std::to_string(height);

    // One validator: it builds its own blocks and leaves out what it cannot execute; it warns.
    node.start();
    EXPECT_GE(node.call("chain_status").at("height").get<uint64_t>(), height);
    node.stop();
    EXPECT_NE(read_file(node.log_path()).find(starts_late), std::string::npos) << node.log_tail(20);

    // The same data dir as a consortium node: it refuses to start, naming the block and the remedy.
    node.configure({{"p2p_bind", "127.0.0.1:0"}});
    const ProcessResult r = run_process(foliod_path(), {"--datadir", node.datadir()}, {}, node.dir(),
                                        std::chrono::seconds(30));
    EXPECT_NE(r.exit_code, 0) << r.describe();
    const std::string said = r.out + r.err;
    EXPECT_NE(said.find(starts_late), std::string::npos) << r.describe();
    EXPECT_NE(said.find("start this node on an empty datadir with the same genesis"), std::string::npos)
        << r.describe();
}

}  // namespace
}  // namespace folio::e2e
