// Scenario: the rough edges a new user hits first. An empty or missing data dir without --dev says how to
// make one; a second foliod on a data dir in use names the first one's pid instead of LevelDB's lock message
// (and a lock file left by a crash blocks nothing); a clean stop removes rpc.addr; GET / says JSON-RPC is
// POST / and where to look instead.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/harness.h"

namespace folio::e2e {
namespace {

namespace fs = std::filesystem;

TEST(e2e_first_run, EmptyDatadirWithoutDevSaysHowToMakeOneAndWritesNothing) {
    TempDir tmp;
    const std::string empty = tmp.path() + "/empty";
    fs::create_directories(empty);
    ProcessResult r = run_process(foliod_path(), {"--datadir", empty}, {}, tmp.path());
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_NE(r.err.find("is not a Folio data directory yet"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("foliod --dev --datadir " + empty), std::string::npos) << r.describe();
    // The three ways to make one: a dev chain, a local consortium, a node of a real consortium.
    EXPECT_NE(r.err.find("foliod testnet --validators"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("foliod keygen --datadir " + empty), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("foliod init --genesis FILE --datadir " + empty), std::string::npos) << r.describe();
    EXPECT_TRUE(fs::is_empty(empty));
}

TEST(e2e_first_run, MissingDatadirWithoutDevSaysHowToMakeOne) {
    TempDir tmp;
    const std::string missing = tmp.path() + "/missing";
    ProcessResult r = run_process(foliod_path(), {"--datadir", missing}, {}, tmp.path());
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("--dev"), std::string::npos) << r.describe();
    EXPECT_FALSE(fs::exists(missing));
}

TEST(e2e_first_run, SecondFoliodOnADatadirInUseNamesTheFirstOnesPid) {
    FoliodNode node;
    node.start();
    for (const bool dev : {false, true}) {
        std::vector<std::string> args = {"--datadir", node.datadir(), "--rpc-bind", "127.0.0.1:0"};
        if (dev) args.push_back("--dev");
        ProcessResult r = run_process(foliod_path(), args, {}, node.dir());
        EXPECT_EQ(r.exit_code, 1) << r.describe();
        EXPECT_NE(
            r.err.find("another foliod (pid " + std::to_string(node.pid()) + ") is using " + node.datadir()),
            std::string::npos)
            << r.describe();
        EXPECT_EQ(r.err.find("LOCK"), std::string::npos) << r.describe();
    }
    EXPECT_EQ(node.call("chain_status").contains("height"), true);
}

TEST(e2e_first_run, LockFileLeftBySigkillDoesNotBlockTheRestart) {
    FoliodNode node;
    node.start();
    node.kill9();
    ASSERT_TRUE(fs::exists(node.datadir() + "/foliod.lock"));
    node.start();
    EXPECT_EQ(trim(read_file(node.datadir() + "/foliod.lock")), std::to_string(node.pid()));
}

TEST(e2e_first_run, CleanStopRemovesRpcAddr) {
    FoliodNode node;
    node.start();
    ASSERT_TRUE(fs::exists(node.datadir() + "/rpc.addr"));
    node.stop();
    EXPECT_FALSE(fs::exists(node.datadir() + "/rpc.addr"));
}

TEST(e2e_first_run, GetRootSaysJsonRpcIsPostAndNamesRpcMethods) {
    FoliodNode node;
    node.start();
    auto reply = rpc::http_request("GET", node.url() + "/");
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(reply->status, 405);
    EXPECT_EQ(reply->header("Allow"), "POST");
    const json body = json::parse(reply->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << reply->body;
    EXPECT_EQ(body.at("error").at("data").at("reason"), "METHOD_NOT_ALLOWED") << reply->body;
    const std::string message = body.at("error").at("message");
    EXPECT_NE(message.find("POST /"), std::string::npos) << message;
    EXPECT_NE(message.find("rpc_methods"), std::string::npos) << message;
    EXPECT_NE(message.find("/health"), std::string::npos) << message;
}

}  // namespace
}  // namespace folio::e2e
