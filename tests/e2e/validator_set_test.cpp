// Scenario: a validator_set_update on a real foliod --dev. The set changes from two blocks after the one that
// commits it (validators_at, block headers, chain_info), the chain goes on, and folio-wallet verify-holding
// follows the two changes from the genesis set to the head. The dev validator keeps most of the power in each
// set, since it alone signs.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

json set_update(const json& validators) {
    return {{"op", "validator_set_update"}, {"validators", validators}};
}

uint64_t height_of(FoliodNode& node, const std::string& tx_hash) {
    return wait_committed(node, tx_hash).at("height");
}

void wait_height(FoliodNode& node, uint64_t height) {
    for (int i = 0; i < 600; ++i) {
        if (node.call("chain_status").at("height").get<uint64_t>() >= height) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw Failure("the chain did not reach height " + std::to_string(height));
}

TEST(e2e_validator_set, ChangesSignFromTwoBlocksLaterAndTheWalletFollowsThem) {
    FoliodNode node;
    node.configure({{"block_interval_ms", 50}});
    node.start();
    const json genesis_set = node.call("chain_info").at("validators");
    ASSERT_EQ(genesis_set.size(), 1u);
    json v0 = genesis_set[0];
    const Investor bank = new_investor(), coop = new_investor();
    v0["power"] = 5;
    // 0x22.. is an Ed25519 point; 0x33.. too (the node checks).
    const json first = json::array({v0,
                                    {{"name", "bank"},
                                     {"consensus_pubkey", bank.pubkey},
                                     {"p2p_pubkey", std::string(64, '3')},
                                     {"power", 1}}});
    const uint64_t h1 =
        height_of(node, sign_submit_wait(node, "registrar", json::array({set_update(first)})));
    v0["power"] = 10;
    json second = first;
    second[0] = v0;
    second.push_back({{"name", "coop"},
                      {"consensus_pubkey", coop.pubkey},
                      {"p2p_pubkey", std::string(64, '1')},
                      {"power", 2}});
    const uint64_t h2 =
        height_of(node, sign_submit_wait(node, "registrar", json::array({set_update(second)})));
    // The dev producer makes a block only for txs: these move the chain past h2 + 2.
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const json key = wallet.run_json({"keygen", "--name", "erin", "--scrypt-n", "1024"});
    Investor erin;
    erin.pubkey = key.at("pubkey");
    erin.address = key.at("address");
    register_investors(node, {&erin}, /*kyc=*/true);
    create_asset(node, "GONETTE", "currency", 2, "10000.00");
    issue(node, "GONETTE", {{erin.address, "15.00"}});
    wait_height(node, h2 + 2);

    EXPECT_EQ(node.call("validators_at", {{"height", h1 + 1}}).at("validators").size(), 1u);
    const json at_h1 = node.call("validators_at", {{"height", h1 + 2}});
    EXPECT_EQ(at_h1.at("validators").size(), 2u);
    EXPECT_EQ(at_h1.at("effective_from"), h1 + 2);
    const json at_h2 = node.call("validators_at", {{"height", h2 + 2}});
    EXPECT_EQ(at_h2.at("validators").size(), 3u);
    EXPECT_EQ(node.call("block_get", {{"height", h2 + 2}, {"include_txs", false}})
                  .at("header")
                  .at("validators_hash"),
              at_h2.at("validators_hash"));
    EXPECT_EQ(node.call("chain_info").at("validators_hash"), at_h2.at("validators_hash"));

    // A refused set changes nothing: a P2P key that is no Ed25519 point.
    json bad = second;
    bad[2]["p2p_pubkey"] = std::string(64, '4');
    const json refused =
        node.raw_call("tx_sign_submit", {{"key", "registrar"}, {"ops", json::array({set_update(bad)})}});
    EXPECT_EQ(error_reason(refused), "INVALID_ARGUMENT") << refused.dump();

    const json verified = wallet.run_json({"verify-holding", "--key", "erin", "--asset", "GONETTE"});
    EXPECT_EQ(verified.at("verified"), true) << verified.dump();
    EXPECT_EQ(verified.at("amount"), "15.00");
    EXPECT_EQ(verified.at("validator_set_changes"), 2);
    EXPECT_EQ(verified.at("total_power"), 13);
    EXPECT_EQ(verified.at("signed_power"), 10);
}

}  // namespace
}  // namespace folio::e2e
