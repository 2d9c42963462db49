// mempool_list: what is pending, for operators (folio-cli mempool_list) and for a backend that wants to know
// whether its tx is still waiting.
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

json transfer(const std::string& to, const std::string& amount) {
    return json::array({{{"op", "transfer"}, {"asset", "EURX"}, {"to", to}, {"amount", amount}}});
}

TEST(mempool_list, ShowsAPendingTxWithItsSignerNonceOpsAndAge) {
    NodeRpc node;
    node.set_clock_ms(1'900'000'000'000);
    json submitted = node.build_sign_submit(node.alice, transfer(node.bob.address, "1.00"));
    ASSERT_TRUE(submitted.contains("result")) << submitted.dump();
    node.set_clock_ms(1'900'000'001'500);
    json list = node.ok("mempool_list", json::object());
    EXPECT_EQ(list["count"], 1);
    EXPECT_EQ(list["truncated"], false);
    ASSERT_EQ(list["txs"].size(), 1u);
    const json& tx = list["txs"][0];
    EXPECT_EQ(tx["tx_hash"], submitted["result"]["tx_hash"]);
    EXPECT_EQ(tx["signer"], node.alice.address);
    EXPECT_EQ(tx["nonce"], 0);
    EXPECT_EQ(tx["ops"], json::array({"transfer"}));
    EXPECT_EQ(tx["age_ms"], 1500);
    EXPECT_EQ(tx["waiting"], false);
}

TEST(mempool_list, ListsOnlyTheSignerAsked) {
    NodeRpc node;
    ASSERT_TRUE(node.build_sign_submit(node.alice, transfer(node.bob.address, "1.00")).contains("result"));
    json bobs = node.build_sign_submit(node.bob, transfer(node.alice.address, "2.00"));
    ASSERT_TRUE(bobs.contains("result"));
    json list = node.ok("mempool_list", {{"signer", node.bob.address}});
    EXPECT_EQ(list["count"], 1);
    ASSERT_EQ(list["txs"].size(), 1u);
    EXPECT_EQ(list["txs"][0]["tx_hash"], bobs["result"]["tx_hash"]);
}

TEST(mempool_list, ListsAtMostLimitAndCountsTheRest) {
    NodeRpc node;
    for (const char* amount : {"1.00", "2.00", "3.00"}) {
        ASSERT_TRUE(
            node.build_sign_submit(node.alice, transfer(node.bob.address, amount)).contains("result"));
    }
    json list = node.ok("mempool_list", {{"limit", 2}});
    EXPECT_EQ(list["count"], 3);
    EXPECT_EQ(list["truncated"], true);
    ASSERT_EQ(list["txs"].size(), 2u);
    EXPECT_EQ(list["txs"][0]["nonce"], 0);  // oldest first
    EXPECT_EQ(list["txs"][1]["nonce"], 1);
}

TEST(mempool_list, RefusesALimitAboveItsBound) {
    NodeRpc node;
    json e = node.err("mempool_list", {{"limit", 1001}});
    EXPECT_EQ(e["code"], -32602);
    EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT");
}

TEST(mempool_list, RefusesASignerThatIsNotAnAddress) {
    NodeRpc node;
    json e = node.err("mempool_list", {{"signer", "folio1notanaddress"}});
    EXPECT_EQ(reason_of(e), "BAD_ADDRESS");
}

TEST(mempool_list, MarksATxThatWaitsForAnEarlierNonce) {
    NodeRpc node;
    json ahead = node.build_sign_submit(node.alice, transfer(node.bob.address, "1.00"), {{"nonce", 1}});
    ASSERT_TRUE(ahead.contains("result")) << ahead.dump();
    json list = node.ok("mempool_list", json::object());
    ASSERT_EQ(list["txs"].size(), 1u);
    EXPECT_EQ(list["txs"][0]["nonce"], 1);
    EXPECT_EQ(list["txs"][0]["waiting"], true);
}

TEST(mempool_list, IsEmptyOnceTheTxIsInABlock) {
    NodeRpc node;
    ASSERT_TRUE(node.build_sign_submit(node.alice, transfer(node.bob.address, "1.00")).contains("result"));
    node.produce();
    json list = node.ok("mempool_list", json::object());
    EXPECT_EQ(list["count"], 0);
    EXPECT_TRUE(list["txs"].empty());
}

}  // namespace
}  // namespace folio::node::test
