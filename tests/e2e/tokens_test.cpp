// Scenario: the token lifecycle on a running node. `foliod token create / list / revoke` change
// DATADIR/rpc-tokens.json; the node accepts a created token and refuses a revoked one from its very next
// request, without a restart or a signal. The admin token of the first start stays valid across restarts and
// token commands.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/harness.h"

namespace folio::e2e {
namespace {

namespace fs = std::filesystem;

ProcessResult token_command(const FoliodNode& node, std::vector<std::string> args) {
    args.insert(args.begin(), "token");
    return run_process(foliod_path(), args, {}, node.dir());
}

std::string create(const FoliodNode& node, const std::string& scope, const std::string& name) {
    ProcessResult r =
        token_command(node, {"create", "--datadir", node.datadir(), "--scope", scope, "--name", name});
    if (r.exit_code != 0) throw Failure("foliod token create: " + r.describe());
    return trim(r.out);
}

// The HTTP status of chain_status called with `token`.
int status_with(const FoliodNode& node, const std::string& token) {
    const json body = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "chain_status"}};
    auto reply = rpc::http_request(
        "POST", node.url() + "/",
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}}, body.dump());
    if (!reply) throw Failure("chain_status: " + reply.error().message);
    return reply->status;
}

TEST(e2e_tokens, CreatedTokenIsAcceptedByTheRunningNodeAtItsNextRequest) {
    FoliodNode node;
    node.start();
    const pid_t pid = node.pid();
    const std::string token = create(node, "read", "backend");
    ASSERT_EQ(token.rfind("folio_", 0), 0u) << token;
    EXPECT_EQ(status_with(node, token), 200);
    EXPECT_EQ(node.pid(), pid);
    // Only a salted hash is stored, never the plaintext.
    const std::string file = read_file(node.datadir() + "/rpc-tokens.json");
    EXPECT_EQ(file.find(token.substr(6)), std::string::npos);
    EXPECT_EQ(fs::status(node.datadir() + "/rpc-tokens.json").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
}

TEST(e2e_tokens, RevokedTokenGets401AtTheVeryNextCallWithoutARestart) {
    FoliodNode node;
    node.start();
    const pid_t pid = node.pid();
    const std::string token = create(node, "submit", "platform");
    ASSERT_EQ(status_with(node, token), 200);
    ProcessResult r = token_command(node, {"revoke", "--datadir", node.datadir(), "platform"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(status_with(node, token), 401);
    EXPECT_EQ(node.pid(), pid);
    // The others are untouched.
    EXPECT_EQ(status_with(node, node.admin_token()), 200);
}

TEST(e2e_tokens, RevokedTokenEndsItsOpenWebSocketSessionAtTheNextCall) {
    FoliodNode node;
    node.start();
    const std::string token = create(node, "read", "dashboard");
    rpc::WsClient ws(node.ws_url(), token);
    ASSERT_TRUE(ws.connect());
    ASSERT_TRUE(ws.call("chain_status", json::object())) << "a live token is served over WebSocket";
    rpc::WsClient other(node.ws_url(), node.admin_token());
    ASSERT_TRUE(other.connect());

    ProcessResult r = token_command(node, {"revoke", "--datadir", node.datadir(), "dashboard"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    auto after = ws.call("chain_status", json::object());
    EXPECT_FALSE(after) << "the revoked token's session must not be served: " << after->dump();
    EXPECT_FALSE(ws.is_open());
    EXPECT_TRUE(other.call("chain_status", json::object())) << "another token's session goes on";
    rpc::WsClient again(node.ws_url(), token);
    EXPECT_FALSE(again.connect()) << "a new session with the revoked token is refused at the upgrade";
}

TEST(e2e_tokens, ListShowsNamesScopesAndCreationOfEveryTokenAdminIncluded) {
    FoliodNode node;
    node.start();
    create(node, "read", "explorer");
    create(node, "submit", "platform");
    ProcessResult r = token_command(node, {"list", "--datadir", node.datadir(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const json list = r.doc();
    ASSERT_TRUE(list.is_array()) << r.describe();
    std::map<std::string, std::string> scopes;
    for (const auto& t : list) {
        scopes[t.at("name").get<std::string>()] = t.at("scope").get<std::string>();
        EXPECT_GT(t.at("created_ms").get<uint64_t>(), 0u) << t.dump();
    }
    EXPECT_EQ(scopes, (std::map<std::string, std::string>{
                          {"admin", "admin"}, {"explorer", "read"}, {"platform", "submit"}}));
    ProcessResult table = token_command(node, {"list", "--datadir", node.datadir()});
    ASSERT_EQ(table.exit_code, 0) << table.describe();
    EXPECT_NE(table.out.find("NAME"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("platform"), std::string::npos) << table.out;
    // No plaintext, no hash in a listing.
    EXPECT_EQ(table.out.find("folio_"), std::string::npos) << table.out;
}

TEST(e2e_tokens, FirstStartAdminTokenStaysValidAcrossRestartsAndTokenCreate) {
    FoliodNode node;
    node.start();
    const std::string admin = node.admin_token();
    ASSERT_FALSE(admin.empty());
    create(node, "admin", "second-admin");
    node.restart();
    EXPECT_EQ(trim(read_file(node.datadir() + "/rpc-admin.token")), admin);
    EXPECT_EQ(status_with(node, admin), 200);
    node.restart();
    EXPECT_EQ(status_with(node, admin), 200);
}

TEST(e2e_tokens, RevokingTheAdminTokenDeletesItsFileAndItStaysRevokedAfterARestart) {
    FoliodNode node;
    node.start();
    const std::string admin = node.admin_token();
    const std::string other = create(node, "admin", "ops");
    ProcessResult r = token_command(node, {"revoke", "--datadir", node.datadir(), "admin"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_FALSE(fs::exists(node.datadir() + "/rpc-admin.token"));
    EXPECT_EQ(status_with(node, admin), 401);
    node.set_admin_token(other);
    node.restart();
    EXPECT_FALSE(fs::exists(node.datadir() + "/rpc-admin.token"));
    EXPECT_EQ(status_with(node, admin), 401);
    EXPECT_EQ(status_with(node, other), 200);
}

TEST(e2e_tokens, TokenCommandsNeedADatadirAndRefuseBadInputWritingNothing) {
    FoliodNode node;
    node.start();
    ProcessResult no_dir =
        run_process(foliod_path(), {"token", "create", "--scope", "read", "--name", "x"}, {}, node.dir());
    EXPECT_EQ(no_dir.exit_code, 2) << no_dir.describe();
    EXPECT_NE(no_dir.err.find("--datadir is required"), std::string::npos) << no_dir.describe();
    EXPECT_FALSE(fs::exists("rpc-tokens.json"));
    EXPECT_FALSE(fs::exists("config.json"));

    const std::string before = read_file(node.datadir() + "/rpc-tokens.json");
    ProcessResult bad_scope =
        token_command(node, {"create", "--datadir", node.datadir(), "--scope", "root", "--name", "x"});
    EXPECT_EQ(bad_scope.exit_code, 2) << bad_scope.describe();
    ProcessResult bad_name =
        token_command(node, {"create", "--datadir", node.datadir(), "--scope", "read", "--name", "a b"});
    EXPECT_EQ(bad_name.exit_code, 2) << bad_name.describe();
    ProcessResult taken =
        token_command(node, {"create", "--datadir", node.datadir(), "--scope", "read", "--name", "admin"});
    EXPECT_EQ(taken.exit_code, 2) << taken.describe();
    EXPECT_NE(taken.err.find("exists already"), std::string::npos) << taken.describe();
    ProcessResult unknown = token_command(node, {"revoke", "--datadir", node.datadir(), "nobody"});
    EXPECT_EQ(unknown.exit_code, 1) << unknown.describe();
    EXPECT_EQ(read_file(node.datadir() + "/rpc-tokens.json"), before);
}

TEST(e2e_tokens, TokenHelpListsTheCommands) {
    FoliodNode node;
    ProcessResult r = run_process(foliod_path(), {"token", "--help"}, {}, node.dir());
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    for (const char* word : {"create", "list", "revoke", "--datadir", "--scope", "--name"}) {
        EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
    }
}

}  // namespace
}  // namespace folio::e2e
