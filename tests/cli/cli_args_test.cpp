// folio-cli's command line and params: what is refused before anything reaches a node, and how key=value
// words become the params a method declares.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rpc/cli/args.h"
#include "rpc/cli/print.h"

namespace folio::cli {
namespace {

using nlohmann::json;

// An OpenRPC method entry as rpc_methods gives it, reduced to what build_params reads.
const json kHoldersSpec = json::parse(R"({"name":"asset_holders","params":[
  {"name":"asset","schema":{"type":"string"}},{"name":"limit","schema":{"type":"integer","minimum":1}},
  {"name":"include_zero","schema":{"type":"boolean"}},{"name":"filter","schema":{"type":"object"}}]})");

TEST(cli_args, DataDirAndMethodWithParamsParse) {
    auto a = parse_cli_args({"--datadir", "/tmp/node", "--json", "asset_get", "asset=ACME"});
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(*a->datadir, "/tmp/node");
    EXPECT_TRUE(a->json);
    EXPECT_EQ(a->method, "asset_get");
    EXPECT_EQ(a->params, std::vector<std::string>{"asset=ACME"});
}

TEST(cli_args, HelpWithAndWithoutAMethod) {
    auto all = parse_cli_args({"--datadir=/d", "help"});
    ASSERT_TRUE(all.ok());
    EXPECT_TRUE(all->help);
    EXPECT_TRUE(all->method.empty());
    auto one = parse_cli_args({"--datadir=/d", "help", "tx_wait"});
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->method, "tx_wait");
}

TEST(cli_args, DataDirAndRpcTogetherAreRefused) {
    auto a = parse_cli_args({"--datadir", "/d", "--rpc", "http://127.0.0.1:8545", "chain_status"});
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.failure().exit, wallet::ExitCode::usage);
}

TEST(cli_args, NeitherDataDirNorRpcIsRefused) {
    auto a = parse_cli_args({"chain_status"});
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.failure().exit, wallet::ExitCode::usage);
}

TEST(cli_args, AnHttpsUrlIsRefusedAsTheWalletRefusesIt) {
    EXPECT_FALSE(parse_cli_args({"--rpc", "https://node.example:8545", "chain_status"}).ok());
}

TEST(cli_args, AMethodNameWithOtherCharactersIsRefused) {
    auto a = parse_cli_args({"--datadir", "/d", "chain_status;rm"});
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.failure().exit, wallet::ExitCode::usage);
}

TEST(cli_args, UnknownOptionIsRefused) {
    EXPECT_FALSE(parse_cli_args({"--datadir", "/d", "--verbose", "chain_status"}).ok());
}

TEST(cli_params, KeyValueWordsFollowTheDeclaredTypes) {
    auto p = build_params(kHoldersSpec, {"asset=0012", "limit=5", "include_zero=true", "filter={\"a\":1}"});
    ASSERT_TRUE(p.ok()) << p.failure().message;
    EXPECT_EQ((*p)["asset"], "0012");  // a string param stays text, even when it looks like a number
    EXPECT_EQ((*p)["limit"], 5);
    EXPECT_EQ((*p)["include_zero"], true);
    EXPECT_EQ((*p)["filter"]["a"], 1);
}

TEST(cli_params, OneJsonWordIsSentAsItIs) {
    auto p = build_params(kHoldersSpec, {R"({"asset":"ACME","limit":2})"});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, json::parse(R"({"asset":"ACME","limit":2})"));
    auto positional = build_params(kHoldersSpec, {R"(["ACME"])"});
    ASSERT_TRUE(positional.ok());
    EXPECT_TRUE(positional->is_array());
}

TEST(cli_params, NoWordsAreAnEmptyObject) {
    auto p = build_params(kHoldersSpec, {});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, json::object());
}

TEST(cli_params, AKeyTheMethodDoesNotHaveIsRefusedListingItsParams) {
    auto p = build_params(kHoldersSpec, {"symbol=ACME"});
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.failure().exit, wallet::ExitCode::usage);
    EXPECT_NE(p.failure().hint.find("asset, limit"), std::string::npos) << p.failure().hint;
}

TEST(cli_params, AnIntegerParamThatIsNotAnIntegerIsRefused) {
    EXPECT_FALSE(build_params(kHoldersSpec, {"limit=five"}).ok());
    EXPECT_FALSE(build_params(kHoldersSpec, {"limit=1.5"}).ok());
}

TEST(cli_params, ABrokenJsonWordIsRefused) {
    EXPECT_FALSE(build_params(kHoldersSpec, {"{\"asset\":"}).ok());
}

TEST(cli_params, ARepeatedKeyIsRefused) {
    EXPECT_FALSE(build_params(kHoldersSpec, {"asset=A", "asset=B"}).ok());
}

TEST(cli_print, HoldingsAreATableWithTheAmounts) {
    const json r = json::parse(R"({"account":"folio1x","height":7,"holdings":[
      {"asset":"ACME","amount":"10","available":"8","frozen":"2","locked":"0","decimals":0}]})");
    const std::string text = render_result("account_holdings", r);
    EXPECT_NE(text.find("at height 7"), std::string::npos) << text;
    EXPECT_NE(text.find("ACME"), std::string::npos) << text;
    EXPECT_NE(text.find("available"), std::string::npos) << text;
}

TEST(cli_print, AMalformedAnswerPrintsWithoutThrowing) {
    const json odd = json::parse(R"({"holdings":"not an array","account":5,"height":null})");
    EXPECT_NO_THROW(render_result("account_holdings", odd));
    EXPECT_NO_THROW(render_result("mempool_list", json::parse(R"({"txs":[1,{"ops":7}],"count":"x"})")));
    EXPECT_NO_THROW(render_method_help(json::parse(R"({"name":1,"params":[{"schema":5}],"examples":[3]})")));
}

TEST(cli_print, OtherMethodsPrintPrettyJson) {
    EXPECT_EQ(render_result("tx_wait", json{{"status", "committed"}}), "{\n  \"status\": \"committed\"\n}\n");
}

}  // namespace
}  // namespace folio::cli
