// Scenario: a node stopped cleanly and started again on its data directory is the same chain: same height,
// head and state root, same registers, and it goes on producing blocks from there.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

TEST(e2e_restart, RestartKeepsHeightStateRootAndRegistersAndTheNodeKeepsProducing) {
    FoliodNode node;
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");
    const json t = build_transfer(node, p.alice, "ACME", p.bob.address, "25");
    const std::string t_signed = signed_hex(t, p.alice);
    node.call("tx_submit", {{"tx", t_signed}});
    wait_committed(node, t.at("sighash"));
    const std::string payout = issue(node, "ACME", {{p.bob.address, "5"}}, "payout-1");

    const json before = node.call("chain_status");
    const json info_before = node.call("chain_info");
    const uint64_t height = before.at("height");
    ASSERT_GE(height, 3u);
    std::vector<json> blocks_before;
    for (uint64_t h = 1; h <= height; ++h)
        blocks_before.push_back(node.call("block_get", {{"height", h}}).at("hash"));

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
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "30");
    const json tx = node.call("tx_get", {{"tx_hash", t.at("sighash")}});
    EXPECT_EQ(tx.at("status"), "committed");
    // What guards against replays survived too: a committed tx is known, a used client_ref is refused.
    const json again = node.call("tx_submit", {{"tx", t_signed}});
    EXPECT_EQ(again.at("tx_hash"), t.at("sighash"));
    EXPECT_EQ(again.value("already_known", false), true);
    const json retry =
        node.raw_call("tx_sign_submit", {{"key", "issuer"},
                                         {"ops", json::array({issue_op("ACME", {{p.bob.address, "5"}})})},
                                         {"client_ref", "payout-1"}});
    EXPECT_EQ(error_reason(retry), "DUPLICATE_CLIENT_REF") << retry.dump();
    ASSERT_TRUE(retry.contains("error")) << retry.dump();
    EXPECT_EQ(retry["error"].at("data").value("tx_hash", ""), payout);
    EXPECT_EQ(node.call("chain_status").at("mempool_size"), 0);
    // The nonce carries on from the committed one.
    const json next = build_transfer(node, p.alice, "ACME", p.bob.address, "5");
    EXPECT_EQ(next.at("nonce"), t.at("nonce").get<uint64_t>() + 1);

    // It keeps producing: the next tx lands in block height + 1, on top of the old head.
    node.call("tx_submit", {{"tx", signed_hex(next, p.alice)}});
    const json committed = wait_committed(node, next.at("sighash"));
    EXPECT_EQ(committed.at("height"), height + 1);
    const json block = node.call("block_get", {{"height", height + 1}});
    EXPECT_EQ(block.at("header").at("prev_hash"), before.at("latest_block_hash"));
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "35");
    EXPECT_NE(node.call("chain_status").at("state_root"), before.at("state_root"));

    // And a second restart keeps that block too.
    const json last = node.call("chain_status");
    node.restart();
    EXPECT_EQ(node.call("chain_status").at("state_root"), last.at("state_root"));
    EXPECT_EQ(node.call("chain_status").at("height"), height + 1);
    node.stop();
}

// `foliod --dev` creates its datadir in steps (keystore password, keys, P2P key, config.json, genesis.json)
// and takes an existing genesis.json for a finished creation. Killed before genesis.json is written, it
// leaves the other files (and no chain yet); the next `foliod --dev` must make a chain from them.
TEST(e2e_restart, DevDatadirInterruptedBeforeItsGenesisWasWrittenStillStarts) {
    FoliodNode node;
    node.start();
    node.stop();
    namespace fs = std::filesystem;
    fs::remove(node.datadir() + "/genesis.json");
    fs::remove_all(node.datadir() + "/chain");
    ASSERT_TRUE(fs::exists(node.datadir() + "/config.json"));
    ASSERT_TRUE(fs::exists(node.datadir() + "/keystore.password"));

    try {
        node.start();
    } catch (const Failure& e) {
        FAIL()
            << "foliod --dev cannot start a datadir whose creation was interrupted before genesis.json was "
               "written: "
            << e.what();
    }
    Investor alice = new_investor();
    register_investors(node, {&alice}, /*kyc=*/false);
    EXPECT_EQ(node.call("chain_status").at("height"), 1);
    node.stop();
}

// The same with real kills: `foliod --dev` on a fresh datadir, SIGKILLed at moments spread over its first
// start (key generation, P2P key, config, genesis, creation of the chain, RPC start), starts on the next try.
TEST(e2e_restart, DevNodeKilledAnywhereInItsFirstStartStartsNextTime) {
    using Clock = std::chrono::steady_clock;
    Clock::duration first_start{};
    {
        FoliodNode probe;
        const auto t0 = Clock::now();
        probe.start();
        first_start = Clock::now() - t0;
        probe.stop();
    }
    constexpr int kPoints = 8;
    for (int k = 0; k < kPoints; ++k) {
        const auto delay = first_start * k / kPoints;
        const auto delay_ms = std::chrono::duration_cast<std::chrono::milliseconds>(delay).count();
        SCOPED_TRACE(testing::Message()
                     << "killed " << delay_ms << " ms into a first start of "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(first_start).count() << " ms");
        FoliodNode node;
        node.spawn_only();
        std::this_thread::sleep_for(delay);
        node.kill9();
        try {
            node.start();
        } catch (const Failure& e) {
            ADD_FAILURE() << "foliod --dev does not start after a kill during its first start: " << e.what();
            continue;
        }
        EXPECT_EQ(node.call("chain_status").at("height"), 0);
        Investor alice = new_investor();
        register_investors(node, {&alice}, /*kyc=*/false);
        node.stop();
    }
}

}  // namespace
}  // namespace folio::e2e
