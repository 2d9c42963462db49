// Scenario: an investor's folio-wallet, pinned to the chain's genesis, shows its holding and verifies it from
// a proof served by the real node (header, commit certificate, state proofs), now and at a past height; a
// wallet pinned to another chain refuses the node; a transfer retried with the same --client-ref moves
// nothing twice.
#include <gtest/gtest.h>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

TEST(e2e_wallet, VerifyHoldingAgainstTheNodeSucceedsAndHoldingsShowTheAmount) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const json key = wallet.run_json({"keygen", "--name", "erin", "--scrypt-n", "1024"});
    Investor erin;  // the secret stays in the wallet
    erin.pubkey = key.at("pubkey");
    erin.address = key.at("address");
    register_investors(node, {&erin}, /*kyc=*/true);

    create_asset(node, "GONETTE", "currency", 2, "10000000.00");
    const uint64_t before_issue = node.call("chain_status").at("height");
    issue(node, "GONETTE", {{erin.address, "150.00"}});
    const json status = node.call("chain_status");
    const uint64_t height = status.at("height");

    const json holdings = wallet.run_json({"holdings", "--key", "erin"});
    EXPECT_EQ(holdings.at("account"), erin.address);
    ASSERT_EQ(holdings.at("holdings").size(), 1u) << holdings.dump();
    const json& h = holdings.at("holdings")[0];
    EXPECT_EQ(h.at("asset"), "GONETTE");
    EXPECT_EQ(h.at("amount"), "150.00");
    EXPECT_EQ(h.at("available"), "150.00");

    const json verified = wallet.run_json({"verify-holding", "--key", "erin", "--asset", "GONETTE"});
    EXPECT_EQ(verified.at("verified"), true) << verified.dump();
    EXPECT_EQ(verified.at("account"), erin.address);
    EXPECT_EQ(verified.at("asset"), "GONETTE");
    EXPECT_EQ(verified.at("decimals"), 2);
    EXPECT_EQ(verified.at("amount"), "150.00");
    EXPECT_EQ(verified.at("height"), height);
    EXPECT_EQ(verified.at("chain_id"), node.call("chain_info").at("chain_id"));
    const json block = node.call("block_get", {{"height", height}});
    EXPECT_EQ(verified.at("block_hash"), block.at("hash"));
    EXPECT_EQ(verified.at("state_root"), block.at("header").at("state_root"));
    EXPECT_EQ(verified.at("signed_power"), verified.at("total_power"));

    // At the height before the issue the asset existed and erin held none of it: a verified zero.
    const json past = wallet.run_json(
        {"verify-holding", "--key", "erin", "--asset", "GONETTE", "--at", std::to_string(before_issue)});
    EXPECT_EQ(past.at("verified"), true) << past.dump();
    EXPECT_EQ(past.at("height"), before_issue);
    EXPECT_EQ(past.at("amount"), "0.00");

    // Text output for people says the same.
    const ProcessResult text = wallet.run({"verify-holding", "--key", "erin", "--asset", "GONETTE"});
    EXPECT_EQ(text.exit_code, 0) << text.describe();
    EXPECT_NE(text.out.find("150.00"), std::string::npos) << text.describe();

    // A wallet pinned to another chain's genesis refuses this node before trusting anything it says.
    FoliodNode other;
    other.start();
    Wallet stranger(other, "stranger-wallet");
    stranger.run_json({"init", "--genesis", other.datadir() + "/genesis.json"});
    stranger.run_json({"keygen", "--name", "erin", "--scrypt-n", "1024"});
    stranger.use_node(node);
    const ProcessResult refused =
        stranger.run({"verify-holding", "--key", "erin", "--asset", "GONETTE", "--json"});
    EXPECT_EQ(refused.exit_code, 1) << refused.describe();
    EXPECT_NE(refused.out.find("WRONG_CHAIN"), std::string::npos) << refused.describe();
    other.stop();
    node.stop();
}

TEST(e2e_wallet, RetriedTransferWithTheSameClientRefMovesNothingAndNamesTheFirstTx) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const json key = wallet.run_json({"keygen", "--name", "erin", "--scrypt-n", "1024"});
    Investor erin;
    erin.pubkey = key.at("pubkey");
    erin.address = key.at("address");
    Investor frank = new_investor();
    register_investors(node, {&erin, &frank}, /*kyc=*/true);
    sign_submit_wait(node, "issuer",
                     json::array({asset_create_op("GONETTE", "currency", 2, "10000000.00"),
                                  issue_op("GONETTE", {{erin.address, "150.00"}})}));

    // A payment, then its retry with the same --client-ref moves nothing twice and names the first tx.
    const json paid =
        wallet.run_json({"transfer", "--key", "erin", "--asset", "GONETTE", "--to", frank.address, "--amount",
                         "12.50", "--client-ref", "invoice-17", "--yes"});
    EXPECT_EQ(paid.at("status"), "committed") << paid.dump();
    const ProcessResult retried =
        wallet.run({"transfer", "--key", "erin", "--asset", "GONETTE", "--to", frank.address, "--amount",
                    "12.50", "--client-ref", "invoice-17", "--yes", "--json"});
    EXPECT_EQ(retried.exit_code, 1) << retried.describe();
    const json retry_doc = retried.doc();
    ASSERT_TRUE(retry_doc.is_object() && retry_doc.contains("error")) << retried.describe();
    EXPECT_EQ(retry_doc["error"].value("reason", ""), "DUPLICATE_CLIENT_REF") << retried.describe();
    EXPECT_NE(retried.out.find(paid.at("tx_hash").get<std::string>()), std::string::npos)
        << "the refusal does not name the first tx: " << retried.describe();
    EXPECT_EQ(holding_of(node, frank.address, "GONETTE"), "12.50");
    EXPECT_EQ(holding_of(node, erin.address, "GONETTE"), "137.50");

    node.stop();
}

}  // namespace
}  // namespace folio::e2e
