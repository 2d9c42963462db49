// Scenario: a node stopped cleanly and started again on its data directory is the same chain: same height,
// head and state root, same registers, and it goes on producing blocks from there.
#include <gtest/gtest.h>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

TEST(e2e_restart, RestartKeepsHeightStateRootAndRegistersAndTheNodeKeepsProducing) {
    FoliodNode node;
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");
    const json t = build_transfer(node, p.alice, "ACME", p.bob.address, "25");
    node.call("tx_submit", {{"tx", signed_hex(t, p.alice)}});
    wait_committed(node, t.at("sighash"));

    const json before = node.call("chain_status");
    const json info_before = node.call("chain_info");
    const uint64_t height = before.at("height");
    ASSERT_GE(height, 3u);
    std::vector<json> blocks_before;
    for (uint64_t h = 1; h <= height; ++h) blocks_before.push_back(node.call("block_get", {{"height", h}}).at("hash"));

    node.stop();  // SIGTERM, exit code 0
    node.start();

    const json after = node.call("chain_status");
    EXPECT_EQ(after.at("height"), before.at("height"));
    EXPECT_EQ(after.at("state_root"), before.at("state_root"));
    EXPECT_EQ(after.at("latest_block_hash"), before.at("latest_block_hash"));
    EXPECT_EQ(after.at("mempool_size"), 0);
    EXPECT_EQ(node.call("chain_info").at("chain_id"), info_before.at("chain_id"));
    for (uint64_t h = 1; h <= height; ++h) {
        EXPECT_EQ(node.call("block_get", {{"height", h}}).at("hash"), blocks_before[h - 1]) << "block " << h;
    }
    EXPECT_EQ(holding_of(node, p.alice.address, "ACME"), "75");
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "25");
    const json tx = node.call("tx_get", {{"tx_hash", t.at("sighash")}});
    EXPECT_EQ(tx.at("status"), "committed");
    // The nonce carries on from the committed one.
    const json next = build_transfer(node, p.alice, "ACME", p.bob.address, "5");
    EXPECT_EQ(next.at("nonce"), t.at("nonce").get<uint64_t>() + 1);

    // It keeps producing: the next tx lands in block height + 1, on top of the old head.
    node.call("tx_submit", {{"tx", signed_hex(next, p.alice)}});
    const json committed = wait_committed(node, next.at("sighash"));
    EXPECT_EQ(committed.at("height"), height + 1);
    const json block = node.call("block_get", {{"height", height + 1}});
    EXPECT_EQ(block.at("header").at("prev_hash"), before.at("latest_block_hash"));
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "30");
    EXPECT_NE(node.call("chain_status").at("state_root"), before.at("state_root"));

    // And a second restart keeps that block too.
    const json last = node.call("chain_status");
    node.restart();
    EXPECT_EQ(node.call("chain_status").at("state_root"), last.at("state_root"));
    EXPECT_EQ(node.call("chain_status").at("height"), height + 1);
    node.stop();
}

}  // namespace
}  // namespace folio::e2e
