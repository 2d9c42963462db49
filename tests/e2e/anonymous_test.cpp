// Scenario: rpc_anonymous_scope. By default ("none") a caller without a token reaches public methods only;
// with "read" it reads the ledger (every holding included) but still cannot submit.
#include <gtest/gtest.h>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

int anonymous_status(const FoliodNode& node, const std::string& method, const json& params = json::object()) {
    const json body = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    auto reply =
        rpc::http_request("POST", node.url() + "/", {{"Content-Type", "application/json"}}, body.dump());
    if (!reply) throw Failure(method + ": " + reply.error().message);
    return reply->status;
}

TEST(e2e_anonymous, ByDefaultACallerWithoutATokenReadsNothing) {
    FoliodNode node;
    node.start();
    EXPECT_EQ(anonymous_status(node, "chain_status"), 401);
    EXPECT_EQ(anonymous_status(node, "rpc_methods"), 200);
}

TEST(e2e_anonymous, ReadScopeLetsAnonymousCallersReadHoldingsButNotSubmit) {
    FoliodNode node;
    node.configure({{"rpc_anonymous_scope", "read"}});
    node.start();
    const Pair pair = fund_pair(node, "ACME", "7");
    EXPECT_EQ(anonymous_status(node, "chain_status"), 200);
    EXPECT_EQ(anonymous_status(node, "account_holdings", {{"account", pair.alice.address}}), 200);
    EXPECT_EQ(anonymous_status(node, "asset_holders", {{"asset", "ACME"}}), 200);
    const json built = build_transfer(node, pair.alice, "ACME", pair.bob.address, "1");
    EXPECT_EQ(anonymous_status(node, "tx_submit",
                               {{"tx", built.at("tx")}, {"signatures", signatures_for(built, pair.alice)}}),
              401);
    EXPECT_EQ(holding_of(node, pair.alice.address, "ACME"), "7");
}

TEST(e2e_anonymous, UnknownAnonymousScopeIsRefusedNamingTheKey) {
    FoliodNode node;
    node.configure({{"rpc_anonymous_scope", "admin"}});
    ProcessResult r = run_process(foliod_path(), {"--datadir", node.datadir()}, {}, node.dir());
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_NE(r.err.find("rpc_anonymous_scope"), std::string::npos) << r.describe();
}

}  // namespace
}  // namespace folio::e2e
