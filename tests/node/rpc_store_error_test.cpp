// What the RPC methods answer when the ledger's store cannot read its files (chain/store.h, "Reads never turn
// damage into data"): a JSON-RPC error with reason IO_ERROR, never a status, an empty page or a zero balance.
// The read errors come from FailingReadEnv (tests/chain/failing_env.h) under the node's LevelDB; the node is
// restarted first so that what it committed is in table files, where the Env sees every read.
#include "rpc_fixture.h"
#include "tests/chain/failing_env.h"

namespace folio::node::test {
namespace {

constexpr int kInternalError = -32603;

class rpc_store_error : public ::testing::Test {
  protected:
    // Alice sends bob 1.00 in block 1; the node restarts; then every file read fails.
    void SetUp() override {
        json r = node.build_sign_submit(
            node.alice,
            json::array(
                {{{"op", "transfer"}, {"asset", "EURX"}, {"to", node.bob.address}, {"amount", "1.00"}}}));
        ASSERT_TRUE(r.contains("result")) << r.dump();
        tx_hash = r["result"]["tx_hash"].get<std::string>();
        node.produce();
        ASSERT_EQ(node.ok("tx_get", {{"tx_hash", tx_hash}})["status"], "committed");
        node.restart();
        env.arm();
    }

    // The error answered, checked to be a storage failure.
    void expect_io_error(const std::string& method, const json& params) {
        json e = node.err(method, params);
        EXPECT_EQ(reason_of(e), "IO_ERROR") << method << ": " << e.dump();
        EXPECT_EQ(e["code"], kInternalError) << method << ": " << e.dump();
        EXPECT_GT(env.failed_reads(), 0) << method << " did not read the store";
    }

    folio::test::FailingReadEnv env;  // declared before the node, which reads through it until it closes
    NodeRpc node{256, &env};
    std::string tx_hash;
};

TEST_F(rpc_store_error, TxGetAnswersAnErrorNotNotFound) {
    expect_io_error("tx_get", {{"tx_hash", tx_hash}});
}

TEST_F(rpc_store_error, TxWaitAnswersAnErrorNotStatusUnknown) {
    expect_io_error("tx_wait", {{"tx_hash", tx_hash}, {"timeout_ms", 60000}});
    EXPECT_EQ(node.hub().waiters(), 0u);  // the wait was ended, not left to time out
}

TEST_F(rpc_store_error, AccountHistoryAnswersAnErrorNotAnEmptyPage) {
    expect_io_error("account_history", {{"account", node.alice.address}});
}

TEST_F(rpc_store_error, AssetHoldersAnswersAnErrorNotAnEmptyRegister) {
    expect_io_error("asset_holders", {{"asset", "EURX"}, {"height", 0}});
}

TEST_F(rpc_store_error, AccountHoldingsAtAPastHeightAnswersAnErrorNotZero) {
    expect_io_error("account_holdings", {{"account", node.alice.address}, {"height", 0}});
}

TEST_F(rpc_store_error, TheSameCallsAnswerAgainOnceTheDiskDoes) {
    ASSERT_FALSE(node.call("tx_get", {{"tx_hash", tx_hash}}).contains("result"));
    env.disarm();
    EXPECT_EQ(node.ok("tx_get", {{"tx_hash", tx_hash}})["status"], "committed");
    EXPECT_EQ(node.ok("tx_wait", {{"tx_hash", tx_hash}, {"timeout_ms", 0}})["status"], "committed");
    EXPECT_EQ(node.ok("asset_holders", {{"asset", "EURX"}, {"height", 0}})["holders"].size(), 2u);
}

}  // namespace
}  // namespace folio::node::test
