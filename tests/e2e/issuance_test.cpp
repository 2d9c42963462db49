// Scenario: an issuer creates shares and issues them; holders move them with a tx signed outside the node
// (tx_build, local BIP340 signature, tx_submit {tx, signatures}) and with folio-wallet; the registers follow;
// a transfer to an account without KYC is refused at submit and never enters a block.
#include <gtest/gtest.h>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

TEST(e2e_issuance, IssuedSharesMoveByExternallySignedAndWalletTransfersButNotToAccountsWithoutKyc) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const json dave_key = wallet.run_json({"keygen", "--name", "dave", "--scrypt-n", "1024"});
    const json dave = wallet.run_json({"address", "--key", "dave"});
    ASSERT_EQ(dave.at("pubkey"), dave_key.at("pubkey"));
    const std::string dave_addr = dave.at("address");

    Investor alice = new_investor(), bob = new_investor(), carol = new_investor();
    Investor dave_pub;  // the wallet holds dave's secret; the test only needs the public key to register him
    dave_pub.pubkey = dave.at("pubkey");
    dave_pub.address = dave_addr;
    register_investors(node, {&alice, &bob, &dave_pub}, /*kyc=*/true);
    register_investors(node, {&carol}, /*kyc=*/false);
    // A client that registered a key learns its address from the node.
    EXPECT_EQ(node.call("account_get", {{"pubkey", alice.pubkey}}).at("address"), alice.address);
    EXPECT_EQ(node.call("account_get", {{"pubkey", dave_pub.pubkey}}).at("address"), dave_addr);

    create_asset(node, "ACME", "equity", 0, "1000000");
    issue(node, "ACME", {{alice.address, "100"}, {dave_addr, "50"}});
    EXPECT_EQ(holding_of(node, alice.address, "ACME"), "100");
    EXPECT_EQ(node.call("asset_get", {{"asset", "ACME"}}).at("supply"), "150");

    // 1. Signed by the test: the node never sees alice's secret key.
    const json built = build_transfer(node, alice, "ACME", bob.address, "30");
    const json submitted =
        node.call("tx_submit", {{"tx", built.at("tx")}, {"signatures", signatures_for(built, alice)}});
    EXPECT_EQ(submitted.at("tx_hash"), built.at("sighash")) << "tx_hash is the sighash";
    const json first = wait_committed(node, submitted.at("tx_hash"));

    // 2. Signed and submitted by folio-wallet.
    const json moved = wallet.run_json(
        {"transfer", "--key", "dave", "--asset", "ACME", "--to", bob.address, "--amount", "20", "--yes"});
    EXPECT_EQ(moved.at("status"), "committed") << moved.dump();
    const json second = node.call("tx_get", {{"tx_hash", moved.at("tx_hash")}});
    EXPECT_EQ(second.at("status"), "committed");
    EXPECT_EQ(second.at("tx").at("signer"), dave_addr);
    EXPECT_GT(second.at("height").get<uint64_t>(), first.at("height").get<uint64_t>());

    EXPECT_EQ(holding_of(node, alice.address, "ACME"), "70");
    EXPECT_EQ(holding_of(node, bob.address, "ACME"), "50");
    EXPECT_EQ(holding_of(node, dave_addr, "ACME"), "30");
    const std::map<std::string, std::string> expected = {
        {alice.address, "70"}, {bob.address, "50"}, {dave_addr, "30"}};
    EXPECT_EQ(holders_of(node, "ACME"), expected);
    EXPECT_EQ(node.call("asset_get", {{"asset", "ACME"}}).at("supply"), "150");

    // 3. To carol, registered without KYC: refused at submit with KYC_REQUIRED, by the node and by the
    // wallet.
    const uint64_t height_before = node.call("chain_status").at("height");
    const json to_carol = build_transfer(node, alice, "ACME", carol.address, "1");
    const json refused = node.raw_call("tx_submit", {{"tx", signed_hex(to_carol, alice)}});
    ASSERT_TRUE(refused.contains("error")) << refused.dump();
    EXPECT_EQ(refused["error"].at("code"), -32000) << refused.dump();
    EXPECT_EQ(error_reason(refused), "KYC_REQUIRED") << refused.dump();
    const ProcessResult by_wallet = wallet.run(
        {"transfer", "--key", "dave", "--asset", "ACME", "--to", carol.address, "--amount", "1", "--yes"});
    EXPECT_EQ(by_wallet.exit_code, 1) << by_wallet.describe();
    EXPECT_NE(by_wallet.err.find("KYC_REQUIRED"), std::string::npos) << by_wallet.describe();

    // Nothing of it entered the mempool or a block.
    EXPECT_EQ(error_reason(node.raw_call("tx_get", {{"tx_hash", to_carol.at("sighash")}})), "NOT_FOUND");
    const json status = node.call("chain_status");
    EXPECT_EQ(status.at("mempool_size"), 0);
    EXPECT_EQ(status.at("height"), height_before);
    EXPECT_EQ(holding_of(node, carol.address, "ACME"), "0");
    EXPECT_EQ(holding_of(node, alice.address, "ACME"), "70");
    node.stop();
}

}  // namespace
}  // namespace folio::e2e
