// Fault tests with real processes (e2e_testnet_*): a testnet of 4 validators under submission load, each
// perturbation of one table applied and then healed, each with the deadline by which the chain must move
// again. After every case: one block hash per height on every node, and every tx that some node committed is
// committed on all of them. FOLIO_FAULT_MINUTES=M keeps each fault M minutes instead of its short default;
// run the binary itself for that (CTest's timeout is 3 minutes a test):
//   FOLIO_FAULT_MINUTES=10 build/tests/e2e/e2e_tests --gtest_filter='e2e_testnet*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>

#include "chain/bytes.h"
#include "node/privval/valid_block_file.h"
#include "tests/e2e/testnet_harness.h"

namespace folio::e2e {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

std::chrono::seconds fault_duration(std::chrono::seconds short_default) {
    const char* v = std::getenv("FOLIO_FAULT_MINUTES");
    if (!v || !*v) return short_default;
    return std::chrono::seconds(std::strtoull(v, nullptr, 10) * 60);
}

// The highest height every node in `nodes` has reached.
uint64_t common_height(Testnet& net, const std::vector<size_t>& nodes) {
    uint64_t h = UINT64_MAX;
    for (size_t i : nodes) h = std::min(h, net.height(i).value_or(0));
    return h;
}

std::vector<size_t> all(Testnet& net) {
    std::vector<size_t> out;
    for (size_t i = 0; i < net.size(); ++i) out.push_back(i);
    return out;
}

// No fork: every node has the same block at every height up to the lowest head.
void expect_one_chain(Testnet& net) {
    const uint64_t h = common_height(net, all(net));
    for (uint64_t height = 1; height <= h; ++height) {
        const std::string hash = net.block_hash(0, height);
        for (size_t i = 1; i < net.size(); ++i)
            ASSERT_EQ(net.block_hash(i, height), hash) << "node" << i << " differs at height " << height;
    }
}

// Every acknowledged tx that some node committed is committed on every node.
void expect_committed_everywhere(Testnet& net, const std::set<std::string>& acknowledged) {
    size_t committed = 0;
    for (const std::string& hash : acknowledged) {
        auto first = net.node(0).try_call("tx_get", {{"tx_hash", hash}});
        if (!first) continue;  // acknowledged, still pending somewhere or dropped: not promised yet
        ++committed;
        for (size_t i = 1; i < net.size(); ++i) {
            auto r = net.node(i).try_call("tx_get", {{"tx_hash", hash}});
            ASSERT_TRUE(r) << "tx " << hash << " committed on node0 but not on node" << i;
            EXPECT_EQ((*r)["height"], (*first)["height"]) << hash;
        }
    }
    EXPECT_GT(committed, 0u) << "the load committed nothing";
}

// Waits until every node in `nodes` has moved `blocks` past `from`, within `deadline`.
void expect_progress(Testnet& net, const std::vector<size_t>& nodes, uint64_t from, uint64_t blocks,
                     milliseconds deadline) {
    for (size_t i : nodes) net.wait_height(i, from + blocks, deadline);
}

struct Perturbation {
    const char* name;
    // Applies the fault and keeps it for about `duration`, checking what must hold meanwhile.
    std::function<void(Testnet&, std::chrono::seconds duration)> apply;
    // How long after healing every node must have made progress again.
    milliseconds recovery;
};

const std::vector<Perturbation>& perturbations() {
    static const std::vector<Perturbation> table = {
        {"kill9_a_validator_every_10s",
         [](Testnet& net, std::chrono::seconds duration) {
             // (a) one validator at a time is killed and restarted; the others never stop for long.
             const auto end = std::chrono::steady_clock::now() + duration;
             size_t victim = 1;
             while (std::chrono::steady_clock::now() < end) {
                 net.node(victim).kill9();
                 const uint64_t h = common_height(net, {0, 1, 2, 3});
                 std::vector<size_t> others;
                 for (size_t i = 0; i < 4; ++i)
                     if (i != victim) others.push_back(i);
                 expect_progress(net, others, net.height(others[0]).value_or(h), 1, 5s);
                 std::this_thread::sleep_for(3s);
                 net.node(victim).start();
                 std::this_thread::sleep_for(7s);
                 victim = (victim + 1) % 4;
             }
         },
         10s},
        {"kill_two_of_four_then_restart",
         [](Testnet& net, std::chrono::seconds duration) {
             // (b) with half the power down nothing can be decided; restarted, the chain resumes.
             net.node(2).kill9();
             net.node(3).kill9();
             std::this_thread::sleep_for(2s);  // what was in flight lands
             const uint64_t stuck = net.height(0).value();
             std::this_thread::sleep_for(std::min<std::chrono::seconds>(duration, 8s));
             // At most the block whose precommits left before the kill may still land; nothing after it.
             EXPECT_LE(net.height(0).value(), stuck + 1) << "a block without 2/3 of the power";
             EXPECT_LE(net.height(1).value(), stuck + 1);
             net.node(2).start();
             net.node(3).start();
         },
         15s},
        {"sigstop_the_proposer",
         [](Testnet& net, std::chrono::seconds duration) {
             // (c) the proposer named by consensus_status hangs; the others decide in a later round.
             const std::string proposer = net.consensus_status(0)["proposer"];
             size_t victim = std::stoul(proposer.substr(proposer.rfind('-') + 1));
             const uint64_t h = net.height(0).value();
             net.node(victim).pause();
             std::vector<size_t> others;
             for (size_t i = 0; i < 4; ++i)
                 if (i != victim) others.push_back(i);
             expect_progress(net, others, h, 2, 20s);
             std::this_thread::sleep_for(std::min<std::chrono::seconds>(duration, 5s));
             net.node(victim).resume();
         },
         10s},
        {"partition_2_2_then_heal",
         [](Testnet& net, std::chrono::seconds duration) {
             // (f) two halves of two: neither has more than 2/3, so no block while split.
             net.partition({{0, 1}, {2, 3}});
             std::this_thread::sleep_for(2s);
             const uint64_t stuck = common_height(net, {0, 1, 2, 3});
             std::this_thread::sleep_for(std::min<std::chrono::seconds>(duration, 8s));
             for (size_t i = 0; i < 4; ++i)
                 EXPECT_LE(net.height(i).value(), stuck + 1) << "node" << i << " advanced while split";
             net.heal();
         },
         5s},
    };
    return table;
}

class perturbation : public ::testing::TestWithParam<size_t> {};

TEST_P(perturbation, RecoversWithinItsDeadlineWithoutAFork) {
    const Perturbation& p = perturbations().at(GetParam());
    Testnet net(Testnet::Options{4, 0});
    net.start_all();
    LoadGenerator load(net, 40);
    load.start();
    expect_progress(net, all(net), 0, 3, 60s);

    p.apply(net, fault_duration(20s));
    const uint64_t healed_at = common_height(net, {0, 1, 2, 3});
    expect_progress(net, all(net), healed_at, 2, p.recovery);

    load.stop();
    // Let the last acknowledged txs land, then compare the nodes.
    std::this_thread::sleep_for(3s);
    const uint64_t top = net.height(0).value();
    for (size_t i = 1; i < 4; ++i) net.wait_height(i, top, 20s);
    expect_one_chain(net);
    expect_committed_everywhere(net, load.acknowledged());
}

INSTANTIATE_TEST_SUITE_P(e2e_testnet_faults, perturbation, ::testing::Range<size_t>(0, 4),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                             return std::string(perturbations().at(info.param).name);
                         });

TEST(e2e_testnet, NodeWithAKeyOutsideTheConsortiumIsRefusedAndStaysAtHeightZero) {
    // (d) an observer whose P2P key no validator allows.
    Testnet net(Testnet::Options{4, 1});
    // Forget node4's key everywhere: it is now a stranger.
    for (size_t i = 0; i < 4; ++i) {
        const std::string path = net.dir() + "/node" + std::to_string(i) + "/config.json";
        json config = json::parse(read_file(path));
        config["p2p_observer_keys"] = json::array();
        std::ofstream(path, std::ios::trunc) << config.dump(2);
    }
    net.start_all();
    LoadGenerator load(net, 20);
    load.start();
    expect_progress(net, {0, 1, 2, 3}, 0, 3, 60s);
    load.stop();
    EXPECT_EQ(net.height(4).value(), 0u);
    EXPECT_EQ(net.consensus_status(4)["peers"], 0);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(net.node(i).call("net_peers").size(), 3u) << "node" << i;
}

TEST(e2e_testnet, KilledValidatorLeavesItsValidBlockOnDiskForTheRestart) {
    // The block a validator found valid is written beside its safety state, so that after kill -9 it can
    // re-propose it instead of letting the round time out (docs/consensus.md).
    Testnet net(Testnet::Options{4, 0});
    net.start_all();
    LoadGenerator load(net, 40);
    load.start();
    expect_progress(net, all(net), 0, 3, 60s);
    net.node(1).kill9();
    const json genesis_block = net.node(0).call("block_get", {{"height", 1}});
    ChainId chain{};
    ASSERT_TRUE(from_hex_fixed(genesis_block["header"]["chain_id"].get<std::string>(), chain));
    const std::string path = net.node(1).datadir() + "/" + privval::kValidBlockFileName;
    const privval::ValidBlockFile file = privval::ValidBlockFile::open(path, chain);
    ASSERT_TRUE(file.block().has_value()) << path << ": " << file.load_error();
    const Block& block = *file.block();
    const uint64_t head = net.height(0).value();
    ASSERT_GE(block.header.height, 2u);
    ASSERT_LE(block.header.height, head + 1);
    // Whatever round it came from, a valid block of height h extends the chain's block h-1.
    EXPECT_EQ(to_hex(block.header.prev_hash), net.block_hash(0, block.header.height - 1));
    EXPECT_FALSE(block.txs.empty()) << "blocks are made only when there are txs";

    net.node(1).start();
    expect_progress(net, all(net), common_height(net, {0, 2, 3}), 2, 30s);
    load.stop();
    std::this_thread::sleep_for(2s);
    expect_one_chain(net);
}

TEST(e2e_testnet, FreshObserverSyncsTheWholeChainToTheValidatorsStateRoot) {
    // (e) an observer started after the chain grew.
    Testnet net(Testnet::Options{4, 1});
    for (size_t i = 0; i < 4; ++i) net.node(i).start();
    LoadGenerator load(net, 60);
    load.start();
    expect_progress(net, {0, 1, 2, 3}, 0, 20, 120s);
    load.stop();
    std::this_thread::sleep_for(2s);
    const uint64_t top = net.height(0).value();
    net.node(4).start();
    net.wait_height(4, top, 60s);
    const json validator = net.node(0).call("block_get", {{"height", top}});
    const json observer = net.node(4).call("block_get", {{"height", top}});
    EXPECT_EQ(observer["header"]["state_root"], validator["header"]["state_root"]);
    EXPECT_EQ(net.consensus_status(4)["role"], "observer");
}

TEST(e2e_testnet, SetUpdateAddingAFifthValidatorAndRemovingOneSignsFromHPlusTwo) {
    // (g) validator_set_update: validator-0 leaves, the observer node4 joins with a key made by keygen.
    Testnet net(Testnet::Options{4, 1});
    const std::string node4 = net.dir() + "/node4";
    ProcessResult keys = run_process(
        foliod_path(),
        {"keygen", "--datadir", net.dir() + "/node4-keys", "--password-file", node4 + "/keystore.password"},
        {}, net.dir());
    ASSERT_EQ(keys.exit_code, 0) << keys.describe();
    std::filesystem::copy_file(net.dir() + "/node4-keys/keystore/validator.key",
                               node4 + "/keystore/validator.key");
    const json genesis = json::parse(read_file(net.dir() + "/node0/genesis.json"));
    json validators = json::array();
    for (size_t i = 1; i < 4; ++i) validators.push_back(genesis["validators"][i]);
    const json node4_config = json::parse(read_file(net.dir() + "/node0/config.json"));
    validators.push_back({{"name", "validator-4"},
                          {"consensus_pubkey", keys.doc()["consensus_pubkey"]},
                          {"p2p_pubkey", node4_config["p2p_observer_keys"][0]},
                          {"power", 1}});
    net.start_all();
    LoadGenerator load(net, 20);
    load.start();
    expect_progress(net, all(net), 0, 3, 60s);

    const json sent = net.node(0).call(
        "tx_sign_submit",
        {{"key", "registrar"}, {"ops", {{{"op", "validator_set_update"}, {"validators", validators}}}}});
    const json waited = net.node(0).call("tx_wait", {{"tx_hash", sent["tx_hash"]}, {"timeout_ms", 20000}});
    ASSERT_EQ(waited["status"], "committed") << waited.dump();
    const uint64_t h = waited["height"];
    for (size_t i : {1, 2, 3, 4}) net.wait_height(i, h + 5, 30s);
    load.stop();

    const json set = net.node(1).call("validators_at", {{"height", h + 2}});
    EXPECT_EQ(set["effective_from"], h + 2) << set.dump();
    ASSERT_EQ(set["validators"].size(), 4u);
    EXPECT_EQ(set["validators"][3]["name"], "validator-4");
    EXPECT_EQ(net.node(1).call("validators_at", {{"height", h + 1}})["validators"][0]["name"], "validator-0")
        << "block H+1 is still signed by the old set";
    bool node4_signed = false;
    for (uint64_t height = h + 2; height <= h + 5; ++height) {
        const json block = net.node(1).call("block_get", {{"height", height}});
        for (const json& sig : block["commit"]["signatures"]) node4_signed |= sig["validator_index"] == 3;
    }
    EXPECT_TRUE(node4_signed) << "the joining validator signs from H+2";
    EXPECT_EQ(net.consensus_status(4)["role"], "validator");
    // The removed validator's P2P key is no longer let in by the others.
    const std::string removed = genesis["validators"][0]["p2p_pubkey"];
    for (size_t i : {1, 2, 3}) {
        for (const json& peer : net.node(i).call("net_peers"))
            EXPECT_NE(peer["p2p_pubkey"], removed) << "node" << i << " still talks to the removed validator";
    }
}

}  // namespace
}  // namespace folio::e2e
