// Scenario: bearer tokens with nested scopes (admin > submit > read > public) gate every method and the HTTP
// endpoints of a node whose tokens were made by `foliod token create`.
#include <gtest/gtest.h>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"
#include "tests/rpc/prometheus_check.h"

namespace folio::e2e {
namespace {

struct Tokens {
    std::string read, submit, admin;
};

// A node with one token of each scope made by `foliod token create`.
Tokens start_with_tokens(FoliodNode& node) {
    Tokens t;
    t.read = node.create_token("read");
    t.submit = node.create_token("submit");
    t.admin = node.create_token("admin");
    node.start();
    node.set_admin_token(t.admin);
    return t;
}

// One JSON-RPC call as a plain HTTP POST; `token` empty: no Authorization header.
rpc::HttpReply post(const FoliodNode& node, const std::string& token, const std::string& method,
                    const json& params = json::object()) {
    rpc::Headers headers = {{"Content-Type", "application/json"}};
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    const json body = {{"jsonrpc", "2.0"}, {"id", 7}, {"method", method}, {"params", params}};
    auto reply = rpc::http_request("POST", node.url() + "/", headers, body.dump());
    if (!reply) throw Failure("POST " + method + ": " + reply.error().message);
    return std::move(reply).value();
}

json body_of(const rpc::HttpReply& r) {
    return json::parse(r.body, nullptr, false);
}

// The error code of a JSON-RPC answer body, 0 if it is a result.
int rpc_code(const rpc::HttpReply& r) {
    const json doc = body_of(r);
    if (!doc.is_object() || !doc.contains("error")) return 0;
    return doc["error"].value("code", 0);
}

TEST(e2e_auth, MissingOrUnknownTokenIs401ButHealthNeedsNone) {
    FoliodNode node;
    const Tokens t = start_with_tokens(node);
    ASSERT_FALSE(t.read.empty());

    // The default anonymous scope is public: a read method needs a token.
    const rpc::HttpReply anonymous = post(node, "", "chain_status");
    EXPECT_EQ(anonymous.status, 401) << anonymous.body;
    EXPECT_NE(anonymous.header("WWW-Authenticate").find("Bearer"), std::string::npos);
    EXPECT_EQ(rpc_code(anonymous), -32002) << anonymous.body;

    const std::string unknown = "folio_" + std::string(64, '0');
    const rpc::HttpReply bad = post(node, unknown, "chain_status");
    EXPECT_EQ(bad.status, 401) << bad.body;
    EXPECT_NE(bad.header("WWW-Authenticate").find("invalid_token"), std::string::npos);
    const rpc::HttpReply garbage = post(node, "not-a-token", "chain_status");
    EXPECT_EQ(garbage.status, 401) << garbage.body;
    // The token of another node is unknown here too.
    FoliodNode other;
    other.start();
    EXPECT_EQ(post(node, other.admin_token(), "chain_status").status, 401);

    auto health = rpc::http_request("GET", node.url() + "/health");
    ASSERT_TRUE(health) << health.error().message;
    EXPECT_EQ(health->status, 200);
    const json h = json::parse(health->body, nullptr, false);
    EXPECT_EQ(h.value("status", ""), "ok") << health->body;

    // A known token is served.
    const rpc::HttpReply ok = post(node, t.read, "chain_status");
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_TRUE(body_of(ok).at("result").contains("height")) << ok.body;
    other.stop();
    node.stop();
}

TEST(e2e_auth, EachScopeReachesItsMethodsAndNoneAbove) {
    FoliodNode node;
    const Tokens t = start_with_tokens(node);
    Investor alice = new_investor();
    register_investors(node, {&alice}, /*kyc=*/false);
    // A tx alice may sign alone: a rotation to a new key of hers.
    const Investor next = new_investor();
    const json built =
        node.call("tx_build", {{"signer", alice.address},
                               {"ops", json::array({{{"op", "key_rotate"}, {"new_pubkey", next.pubkey}}})}});
    const json submit_params = {{"tx", signed_hex(built, alice)}};
    const json sign_params = {
        {"key", "operator"},
        {"ops", json::array({{{"op", "account_register"}, {"pubkey", new_investor().pubkey}}})}};

    // read: reads, but neither submits nor signs.
    EXPECT_EQ(post(node, t.read, "chain_status").status, 200);
    const rpc::HttpReply read_submit = post(node, t.read, "tx_submit", submit_params);
    EXPECT_EQ(read_submit.status, 403) << read_submit.body;
    EXPECT_EQ(rpc_code(read_submit), -32002) << read_submit.body;
    const rpc::HttpReply read_sign = post(node, t.read, "tx_sign_submit", sign_params);
    EXPECT_EQ(read_sign.status, 403) << read_sign.body;
    EXPECT_EQ(post(node, t.read, "node_keys").status, 403);

    // submit: submits a signed tx, but never signs with the node's keys nor lists them.
    const rpc::HttpReply submit_sign = post(node, t.submit, "tx_sign_submit", sign_params);
    EXPECT_EQ(submit_sign.status, 403) << submit_sign.body;
    EXPECT_EQ(rpc_code(submit_sign), -32002);
    const rpc::HttpReply submit_keys = post(node, t.submit, "node_keys");
    EXPECT_EQ(submit_keys.status, 403) << submit_keys.body;
    EXPECT_EQ(post(node, t.submit, "chain_status").status, 200) << "submit includes read";
    const rpc::HttpReply submitted = post(node, t.submit, "tx_submit", submit_params);
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    ASSERT_EQ(rpc_code(submitted), 0) << submitted.body;
    EXPECT_EQ(body_of(submitted)["result"].at("tx_hash"), built.at("sighash"));
    wait_committed(node, built.at("sighash"));
    EXPECT_EQ(node.call("account_get", {{"account", alice.address}}).at("pubkey"), next.pubkey);

    // admin: everything, the node's own keys included.
    const rpc::HttpReply keys = post(node, t.admin, "node_keys");
    ASSERT_EQ(keys.status, 200) << keys.body;
    std::set<std::string> names;
    const json keys_doc = body_of(keys);
    for (const auto& k : keys_doc["result"].at("keys")) names.insert(k.at("name").get<std::string>());
    EXPECT_EQ(names, (std::set<std::string>{"operator", "registrar", "issuer"}));
    const rpc::HttpReply signed_by_node = post(node, t.admin, "tx_sign_submit", sign_params);
    ASSERT_EQ(signed_by_node.status, 200) << signed_by_node.body;
    ASSERT_EQ(rpc_code(signed_by_node), 0) << signed_by_node.body;
    wait_committed(node, body_of(signed_by_node)["result"].at("tx_hash"));
    node.stop();
}

TEST(e2e_auth, MetricsNeedReadAndArePrometheusTextWithTheHeight) {
    FoliodNode node;
    const Tokens t = start_with_tokens(node);
    Investor alice = new_investor();
    register_investors(node, {&alice}, /*kyc=*/false);  // height 1
    const uint64_t height = node.call("chain_status").at("height");
    ASSERT_GE(height, 1u);

    auto anonymous = rpc::http_request("GET", node.url() + "/metrics");
    ASSERT_TRUE(anonymous) << anonymous.error().message;
    EXPECT_EQ(anonymous->status, 401);
    auto bad = rpc::http_request("GET", node.url() + "/metrics",
                                 {{"Authorization", "Bearer folio_" + std::string(64, 'f')}});
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 401);

    auto metrics = rpc::http_request("GET", node.url() + "/metrics", {{"Authorization", "Bearer " + t.read}});
    ASSERT_TRUE(metrics) << metrics.error().message;
    ASSERT_EQ(metrics->status, 200) << metrics->body;
    EXPECT_NE(metrics->header("Content-Type").find("text/plain"), std::string::npos)
        << metrics->header("Content-Type");
    EXPECT_EQ(rpc::test::check_exposition(metrics->body), std::vector<std::string>{}) << metrics->body;
    EXPECT_NE(metrics->body.find("# TYPE folio_height gauge"), std::string::npos) << metrics->body;
    EXPECT_EQ(rpc::test::sample_value(metrics->body, "folio_height"), static_cast<double>(height))
        << metrics->body;
    node.stop();
}

// GET /explorer serves the register page without a token (its data then comes from the read RPC, with a
// token the user pastes), under a Content-Security-Policy that runs no inline script.
TEST(e2e_auth, ExplorerPageIsServedWithoutAToken) {
    FoliodNode node;
    start_with_tokens(node);
    auto page = rpc::http_request("GET", node.url() + "/explorer");
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->status, 200) << page->body;
    EXPECT_NE(page->header("Content-Type").find("text/html"), std::string::npos)
        << page->header("Content-Type");
    EXPECT_EQ(page->header("Content-Security-Policy").rfind("default-src 'self'", 0), 0u)
        << page->header("Content-Security-Policy");
    auto script = rpc::http_request("GET", node.url() + "/explorer/app.js");
    ASSERT_TRUE(script) << script.error().message;
    EXPECT_EQ(script->status, 200);
    EXPECT_NE(script->header("Content-Type").find("javascript"), std::string::npos);
    node.stop();
}

}  // namespace
}  // namespace folio::e2e
