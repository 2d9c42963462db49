// Scenario: an operator drives a real foliod from the shell with folio-cli, as with bitcoin-cli: the node is
// found from its data dir (rpc.addr, rpc-admin.token) or from --rpc and --token-file; `help` comes from the
// node's rpc_methods; reads print tables, --json the raw result; a tx is submitted and committed; and the
// exit codes are folio-wallet's: 2 for a bad method or params, 1 for a refused tx, 3 for a node that is gone.
// Also: every binary and chain_status tell the same version and commit.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

ProcessResult cli(const FoliodNode& node, std::vector<std::string> args) {
    args.insert(args.begin(), {"--datadir", node.datadir()});
    return run_process(cli_path(), args, {}, node.dir());
}

std::string key_address(FoliodNode& node, const std::string& name) {
    const json keys = node.call("node_keys");
    for (const json& k : keys.at("keys")) {
        if (k.at("name") == name) return k.at("address");
    }
    throw Failure("no node key " + name);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(e2e_cli, HelpListsTheNodesMethodsAndShowsOneMethodsParams) {
    FoliodNode node;
    node.start();
    const ProcessResult list = cli(node, {"help"});
    ASSERT_EQ(list.exit_code, 0) << list.describe();
    for (const char* method : {"chain_status", "tx_sign_submit", "mempool_list", "asset_holders"}) {
        EXPECT_TRUE(contains(list.out, method)) << method << "\n" << list.describe();
    }
    const ProcessResult one = cli(node, {"help", "mempool_list"});
    ASSERT_EQ(one.exit_code, 0) << one.describe();
    EXPECT_TRUE(contains(one.out, "signer")) << one.out;
    EXPECT_TRUE(contains(one.out, "limit")) << one.out;
    EXPECT_TRUE(contains(one.out, "Example:")) << one.out;
}

TEST(e2e_cli, ChainStatusPrintsATableAndJsonTheRawResult) {
    FoliodNode node;
    node.start();
    const ProcessResult table = cli(node, {"chain_status"});
    ASSERT_EQ(table.exit_code, 0) << table.describe();
    EXPECT_TRUE(contains(table.out, "height:")) << table.out;
    EXPECT_TRUE(contains(table.out, "node version:")) << table.out;
    const ProcessResult raw = cli(node, {"--json", "chain_status"});
    ASSERT_EQ(raw.exit_code, 0) << raw.describe();
    const json doc = raw.doc();
    ASSERT_TRUE(doc.is_object()) << raw.describe();
    EXPECT_TRUE(doc.contains("height")) << raw.out;
    EXPECT_EQ(doc.at("chain_id"), node.call("chain_status").at("chain_id"));
}

TEST(e2e_cli, RpcAndTokenFileReachTheNodeAsTheDataDirDoes) {
    FoliodNode node;
    node.start();
    const ProcessResult r = run_process(
        cli_path(),
        {"--rpc", node.url(), "--token-file", node.datadir() + "/rpc-admin.token", "--json", "node_keys"}, {},
        node.dir());
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.doc().at("keys").size(), node.call("node_keys").at("keys").size());
}

TEST(e2e_cli, SubmitsATxThatCommitsAndReadsItBackInTables) {
    FoliodNode node;
    node.start();
    const json ops = json::array({asset_create_op("CLICOOP", "equity", 0, "1000")});
    const ProcessResult submitted =
        cli(node, {"--json", "tx_sign_submit", json{{"key", "issuer"}, {"ops", ops}}.dump()});
    ASSERT_EQ(submitted.exit_code, 0) << submitted.describe();
    const std::string tx_hash = submitted.doc().at("tx_hash");
    // key=value words are converted by the method's param types: tx_hash stays a string, timeout_ms a number.
    const ProcessResult waited = cli(node, {"--json", "tx_wait", "tx_hash=" + tx_hash, "timeout_ms=20000"});
    ASSERT_EQ(waited.exit_code, 0) << waited.describe();
    EXPECT_EQ(waited.doc().at("status"), "committed") << waited.out;

    const ProcessResult assets = cli(node, {"asset_list", "limit=10"});
    ASSERT_EQ(assets.exit_code, 0) << assets.describe();
    EXPECT_TRUE(contains(assets.out, "symbol")) << assets.out;
    EXPECT_TRUE(contains(assets.out, "CLICOOP")) << assets.out;
    const ProcessResult pending = cli(node, {"mempool_list"});
    ASSERT_EQ(pending.exit_code, 0) << pending.describe();
    EXPECT_TRUE(contains(pending.out, "pending")) << pending.out;
}

TEST(e2e_cli, AnUnknownMethodIsAUsageError) {
    FoliodNode node;
    node.start();
    const ProcessResult r = cli(node, {"chain_statu"});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_TRUE(contains(r.err, "chain_statu")) << r.err;
    EXPECT_TRUE(contains(r.err, "folio-cli help")) << r.err;
}

TEST(e2e_cli, ParamsThatAreNotJsonOrNotTheMethodsAreUsageErrors) {
    FoliodNode node;
    node.start();
    EXPECT_EQ(cli(node, {"asset_get", "{\"asset\":"}).exit_code, 2);
    const ProcessResult unknown = cli(node, {"asset_get", "symbol=ACME"});
    EXPECT_EQ(unknown.exit_code, 2) << unknown.describe();
    EXPECT_TRUE(contains(unknown.err, "asset")) << unknown.err;  // names the params it has
}

TEST(e2e_cli, ARefusedTxExitsOneWithItsReason) {
    FoliodNode node;
    node.start();
    const json kyc_in_the_past = {{"op", "kyc_attest"}, {"account", key_address(node, "registrar")},
                                  {"level", 1},         {"category", "retail"},
                                  {"expires_ms", 1000}, {"doc_hash", std::string(64, 'a')}};
    const ProcessResult r =
        cli(node, {"--json", "tx_sign_submit",
                   json{{"key", "registrar"}, {"ops", json::array({kyc_in_the_past})}}.dump()});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_TRUE(contains(r.err, "KYC_EXPIRY_IN_PAST")) << r.err;
    EXPECT_EQ(r.doc().at("error").at("reason"), "KYC_EXPIRY_IN_PAST") << r.out;
}

TEST(e2e_cli, ANodeThatIsGoneExitsThree) {
    FoliodNode node;
    node.start();
    const std::string url = node.url();
    const std::string token_file = node.dir() + "/admin.token";
    { std::ofstream(token_file) << node.admin_token() << "\n"; }
    node.stop();
    const ProcessResult by_url =
        run_process(cli_path(), {"--rpc", url, "--token-file", token_file, "chain_status"}, {}, node.dir());
    EXPECT_EQ(by_url.exit_code, 3) << by_url.describe();
    const ProcessResult by_dir = cli(node, {"chain_status"});
    EXPECT_EQ(by_dir.exit_code, 3) << by_dir.describe();
}

TEST(e2e_cli, NoNodeGivenIsAUsageError) {
    TempDir scratch;
    const ProcessResult r = run_process(cli_path(), {"chain_status"}, {}, scratch.path());
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_TRUE(contains(r.err, "--datadir")) << r.err;
}

TEST(e2e_versions, EveryBinaryAndChainStatusTellTheSameVersionAndCommit) {
    FoliodNode node;
    node.start();
    const json status = node.call("chain_status");
    const std::string version = status.at("version"), commit = status.at("commit");
    EXPECT_FALSE(version.empty());
    EXPECT_FALSE(commit.empty());
    const std::string suffix = " " + version + " (commit " + commit + ")\n";
    for (const auto& [program, name] :
         {std::pair{foliod_path(), "foliod"}, std::pair{wallet_path(), "folio-wallet"},
          std::pair{cli_path(), "folio-cli"}}) {
        const ProcessResult r = run_process(program, {"--version"}, {}, node.dir());
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, std::string(name) + suffix) << r.describe();
    }
}

}  // namespace
}  // namespace folio::e2e
