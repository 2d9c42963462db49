// Scenario: what an operator reads in the log and what signals do. At info: the start-up config summary, one
// line per committed block, the stop. At warn: authentication failures with their source, rate-limited. At
// debug: refusals with their reason. SIGHUP rereads the log level, reopens the log file (logrotate renames it
// first) and never stops the node; SIGTERM still stops it cleanly.
#include <gtest/gtest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

namespace fs = std::filesystem;

size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

// Waits until `path` exists and contains `needle`; false after `timeout`.
bool wait_for_text(const std::string& path, const std::string& needle,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::error_code ec;
        if (fs::exists(path, ec) && read_file(path).find(needle) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void set_config_key(FoliodNode& node, const std::string& key, const json& value) {
    const std::string path = node.datadir() + "/config.json";
    json config = json::parse(read_file(path));
    config[key] = value;
    std::ofstream(path) << config.dump(2);
}

int status_of_bad_token_call(const FoliodNode& node) {
    auto reply = rpc::http_request("POST", node.url() + "/",
                                   {{"Authorization", "Bearer folio_" + std::string(64, 'a')}},
                                   R"({"jsonrpc":"2.0","id":1,"method":"chain_status"})");
    if (!reply) throw Failure(reply.error().message);
    return reply->status;
}

TEST(e2e_logs, InfoShowsTheConfigSummaryEachCommittedBlockAndTheStop) {
    FoliodNode node;
    node.start();
    const std::string hash = sign_submit_wait(
        node, "operator", json::array({{{"op", "account_register"}, {"pubkey", new_investor().pubkey}}}));
    const json committed = node.call("tx_get", {{"tx_hash", hash}});
    node.stop();
    const std::string log = read_file(node.log_path());
    EXPECT_NE(log.find("config: datadir " + node.datadir()), std::string::npos) << log;
    EXPECT_NE(log.find("rpc_bind 127.0.0.1:0"), std::string::npos) << log;
    const std::string block_line =
        "block " + std::to_string(committed.at("height").get<uint64_t>()) + " committed: 1 txs";
    EXPECT_NE(log.find(block_line), std::string::npos) << log;
    EXPECT_NE(log.find(" ms"), std::string::npos);
    EXPECT_NE(log.find("stopped at height"), std::string::npos) << log;
}

TEST(e2e_logs, AuthenticationFailuresAreWarnedWithTheSourceAtMostOncePerWindow) {
    FoliodNode node;
    node.start();
    for (int i = 0; i < 20; ++i) ASSERT_EQ(status_of_bad_token_call(node), 401);
    ASSERT_TRUE(wait_for_text(node.log_path(), "authentication failed from 127.0.0.1"));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string log = read_file(node.log_path());
    EXPECT_EQ(count_of(log, "authentication failed from 127.0.0.1"), 1u) << log;
    EXPECT_NE(log.find("WARN [rpc] authentication failed from 127.0.0.1 on /"), std::string::npos) << log;
}

TEST(e2e_logs, SighupKeepsServingAndReopensTheRenamedLogFile) {
    FoliodNode node;
    node.configure({{"log_file", "foliod-file.log"}});
    node.start();
    const pid_t pid = node.pid();
    const std::string file = node.datadir() + "/foliod-file.log";
    ASSERT_TRUE(wait_for_text(file, "JSON-RPC listening"));
    fs::rename(file, file + ".1");  // what logrotate does before it signals
    ASSERT_EQ(::kill(pid, SIGHUP), 0);
    ASSERT_TRUE(wait_for_text(file, "reloaded")) << node.log_tail();
    EXPECT_EQ(read_file(file).find("JSON-RPC listening"), std::string::npos) << "a new file, not the old one";
    EXPECT_EQ(node.call("chain_status").contains("height"), true);
    EXPECT_EQ(node.pid(), pid);
    // A second SIGHUP, and the node still serves.
    ASSERT_EQ(::kill(pid, SIGHUP), 0);
    EXPECT_EQ(node.call("chain_status").contains("height"), true);
    node.stop();  // SIGTERM: exit code 0
}

TEST(e2e_logs, SighupRereadsTheLogLevelAndDebugShowsRefusalsWithTheirReason) {
    FoliodNode node;
    node.start();
    EXPECT_EQ(read_file(node.log_path()).find("DEBUG"), std::string::npos);

    set_config_key(node, "log_level", "debug");
    ASSERT_EQ(::kill(node.pid(), SIGHUP), 0);
    ASSERT_TRUE(wait_for_text(node.log_path(), "reloaded: log level debug"));
    // A refused submission: a transfer of an asset nobody holds, signed by a registered investor.
    const Pair pair = fund_pair(node, "ACME", "1");
    const json built = build_transfer(node, pair.bob, "ACME", pair.alice.address, "5");
    const json answer =
        node.raw_call("tx_submit", {{"tx", built.at("tx")}, {"signatures", signatures_for(built, pair.bob)}});
    ASSERT_EQ(error_reason(answer), "INSUFFICIENT_BALANCE") << answer.dump();
    EXPECT_TRUE(
        wait_for_text(node.log_path(), "DEBUG [rpc] refused tx " + built.at("sighash").get<std::string>()))
        << node.log_tail();
    EXPECT_NE(read_file(node.log_path()).find("INSUFFICIENT_BALANCE"), std::string::npos);
}

}  // namespace
}  // namespace folio::e2e
