// The restore drill (docs/operations.md, "Backups and restores"): a backup of a dev node taken with
// `foliod backup` while clients keep submitting, restored with `foliod restore` into a new data directory,
// where the node opens at the backup's block and state root and goes on committing. A damaged backup is
// refused by offset before anything is written; a stopped node is backed up directly.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

namespace fs = std::filesystem;

// Submits issues of 1 ACME to `to` through tx_sign_submit as fast as the node takes them, on its own
// connection, until stopped.
class SubmissionLoad {
  public:
    SubmissionLoad(const FoliodNode& node, std::string to) : node_(node), to_(std::move(to)) {
        thread_ = std::thread([this] { run(); });
    }
    ~SubmissionLoad() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    uint64_t accepted() const { return accepted_.load(); }

  private:
    void run() {
        auto client = node_.client();
        const json params = {{"key", "issuer"}, {"ops", json::array({issue_op("ACME", {{to_, "1"}})})}};
        while (!stop_) {
            if (client->call("tx_sign_submit", params)) ++accepted_;
        }
    }
    const FoliodNode& node_;
    const std::string to_;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> accepted_{0};
    std::thread thread_;
};

uint64_t height_of(FoliodNode& node) {
    return node.call("chain_status").at("height").get<uint64_t>();
}

void wait_for_height(FoliodNode& node, uint64_t height) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (height_of(node) < height) {
        if (std::chrono::steady_clock::now() > deadline)
            throw Failure("the node did not reach block " + std::to_string(height));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// What the operator keeps apart from backups and brings to a restored directory: config, keystore, password,
// P2P key (docs/operations.md, "What to keep off-site").
void copy_node_files(const std::string& from, const std::string& to) {
    for (const char* name : {"config.json", "keystore.password", "p2p_key.pem"}) {
        fs::copy_file(fs::path(from) / name, fs::path(to) / name);
    }
    fs::copy(fs::path(from) / "keystore", fs::path(to) / "keystore", fs::copy_options::recursive);
}

ProcessResult foliod(const FoliodNode& node, const std::vector<std::string>& args) {
    return run_process(foliod_path(), args, {}, node.dir());
}

TEST(e2e_restore_drill, ABackupUnderLoadRestoresToTheSameStateRootAndTheNodeContinues) {
    FoliodNode node;
    node.start();
    const Pair pair = fund_pair(node, "ACME", "1000");
    SubmissionLoad load(node, pair.bob.address);
    wait_for_height(node, height_of(node) + 3);

    const std::string file = node.dir() + "/drill.fbk";
    const ProcessResult backup = foliod(node, {"backup", "--datadir", node.datadir(), "--out", file});
    ASSERT_EQ(backup.exit_code, 0) << backup.describe();
    const json made = backup.doc();
    EXPECT_EQ(made.at("node"), "running");
    const uint64_t height = made.at("height").get<uint64_t>();
    // The node kept committing while and after the backup was written, and the block in the backup is the
    // chain's.
    wait_for_height(node, height + 2);
    const json block = node.call("block_get", {{"height", height}});
    EXPECT_EQ(block.at("header").at("state_root"), made.at("state_root")) << block.dump();
    EXPECT_EQ(block.at("hash"), made.at("block_hash")) << block.dump();
    load.stop();
    EXPECT_GT(load.accepted(), 0u);
    // Nothing of the node's own is left in its backups directory, nor anything but the file beside it.
    EXPECT_TRUE(fs::is_empty(node.datadir() + "/backups"));
    node.stop();

    const std::string restored_dir = node.dir() + "/restored";
    const ProcessResult restore = foliod(node, {"restore", "--from", file, "--datadir", restored_dir});
    ASSERT_EQ(restore.exit_code, 0) << restore.describe();
    EXPECT_EQ(restore.doc().at("state_root"), made.at("state_root"));
    copy_node_files(node.datadir(), restored_dir);

    FoliodNode restored(restored_dir);
    restored.start();
    const json status = restored.call("chain_status");
    EXPECT_EQ(status.at("height"), height);
    EXPECT_EQ(status.at("state_root"), made.at("state_root"));
    EXPECT_EQ(status.at("latest_block_hash"), made.at("block_hash"));
    // It goes on: a new tx commits on top of the restored block.
    sign_submit_wait(restored, "issuer", json::array({issue_op("ACME", {{pair.alice.address, "5"}})}));
    EXPECT_GT(height_of(restored), height);
    restored.stop();
}

TEST(e2e_restore_drill, ADamagedBackupIsRefusedByOffsetAndNothingIsWritten) {
    FoliodNode node;
    node.start();
    fund_pair(node, "ACME", "1000");
    node.stop();
    const std::string file = node.dir() + "/stopped.fbk";
    const ProcessResult backup = foliod(node, {"backup", "--datadir", node.datadir(), "--out", file});
    ASSERT_EQ(backup.exit_code, 0) << backup.describe();
    EXPECT_EQ(backup.doc().at("node"), "stopped");
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(200);  // in the first chunk, which starts at offset 145
        const char c = static_cast<char>(f.peek());
        f.seekp(200);
        f.put(static_cast<char>(c ^ 0x10));
    }
    const std::string restored_dir = node.dir() + "/restored";
    const ProcessResult restore = foliod(node, {"restore", "--from", file, "--datadir", restored_dir});
    EXPECT_EQ(restore.exit_code, 1) << restore.describe();
    EXPECT_NE(restore.err.find("damaged at offset 145: chunk 1"), std::string::npos) << restore.describe();
    EXPECT_FALSE(fs::exists(restored_dir));
    // And a backup never replaces a file.
    const ProcessResult again = foliod(node, {"backup", "--datadir", node.datadir(), "--out", file});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.describe();
}

TEST(e2e_restore_drill, ARestoreRefusesADataDirectoryInUse) {
    FoliodNode node;
    node.start();
    node.stop();
    const std::string file = node.dir() + "/b.fbk";
    ASSERT_EQ(foliod(node, {"backup", "--datadir", node.datadir(), "--out", file}).exit_code, 0);
    const ProcessResult restore = foliod(node, {"restore", "--from", file, "--datadir", node.datadir()});
    EXPECT_EQ(restore.exit_code, 1) << restore.describe();
    EXPECT_NE(restore.err.find("is not empty"), std::string::npos) << restore.describe();
}

}  // namespace
}  // namespace folio::e2e
