// The server on real sockets (127.0.0.1, port 0): calls, keep-alive, limits, timeouts, auth, /health,
// /metrics.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "prometheus_check.h"
#include "rpc/client.h"
#include "test_server.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

std::string add_request() {
    return R"({"jsonrpc":"2.0","id":1,"method":"add","params":{"a":1,"b":2}})";
}

TEST(rpc_server, BindsAFreeLoopbackPortAndReportsIt) {
    TestServer s;
    EXPECT_NE(s.port, 0);
    EXPECT_EQ(s.address, "127.0.0.1:" + std::to_string(s.port));
    EXPECT_EQ(s.server->address(), s.address);
}

TEST(rpc_server, RefusesABadBindAddress) {
    auto table = make_test_table();
    ServerConfig config;
    config.bind_address = "not an address";
    Server server(config, table, TokenStore());
    EXPECT_EQ(server.start().reason(), Reason::INVALID_ARGUMENT);
}

TEST(rpc_server, RefusesAPortInUse) {
    TestServer s;
    auto table = make_test_table();
    ServerConfig config;
    config.port = s.port;
    Server second(config, table, TokenStore());
    EXPECT_EQ(second.start().reason(), Reason::UNAVAILABLE);
}

TEST(rpc_server, HttpCallReturnsTheResult) {
    TestServer s;
    Client client(s.url(), s.read.plaintext);
    auto r = client.call("add", {{"a", 20}, {"b", 22}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, 42);
}

TEST(rpc_server, ErrorsBecomeErrorsWithReasonAndMessage) {
    TestServer s;
    Client client(s.url(), s.submit.plaintext);
    auto r = client.call("transfer", {{"amount", "999"}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(r.error().message, "balance 5 is below 999");
    EXPECT_EQ(client.call("add", {{"a", 1}}).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(client.call("nope", json::object()).reason(), Reason::NOT_FOUND);
}

TEST(rpc_server, KeepAliveReusesOneConnection) {
    TestServer s;
    Client client(s.url(), s.read.plaintext);
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.call("add", {{"a", i}, {"b", 1}}).ok());
    EXPECT_EQ(client.connections_opened(), 1u);
    EXPECT_EQ(sample_value(s.server->metrics_text(), "folio_rpc_connections_accepted_total"), 1);
}

TEST(rpc_server, ClientReconnectsAfterTheServerClosedAnIdleConnection) {
    TestServer s([](ServerConfig& c) { c.idle_timeout = 150ms; });
    Client client(s.url(), s.read.plaintext);
    ASSERT_TRUE(client.call("add", {{"a", 1}, {"b", 1}}).ok());
    std::this_thread::sleep_for(500ms);
    auto r = client.call("add", {{"a", 1}, {"b", 1}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(rpc_server, BatchOverHttp) {
    TestServer s;
    Client client(s.url(), s.read.plaintext);
    auto r = client.batch(
        {{"add", {{"a", 1}, {"b", 2}}}, {"transfer", {{"amount", "1"}}}, {"echo", {{"text", "x"}}}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->size(), 3u);
    EXPECT_EQ((*r)[0].value(), 3);
    EXPECT_EQ((*r)[1].reason(), Reason::NOT_AUTHORIZED);
    EXPECT_EQ((*r)[2].value()["text"], "x");
}

TEST(rpc_server, BatchOverTheLimitIsRefusedWhole) {
    TestServer s([](ServerConfig& c) { c.max_batch = 3; });
    Client client(s.url(), s.read.plaintext);
    std::vector<std::pair<std::string, json>> calls(4, {"add", {{"a", 1}, {"b", 1}}});
    auto r = client.batch(calls);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::TOO_LARGE);
}

TEST(rpc_server, BodyOverTheLimitIs413AndOthersAreStillServed) {
    TestServer s([](ServerConfig& c) { c.max_body_bytes = 1024; });
    std::string big =
        R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"text":")" + std::string(64 << 10, 'x') + "\"}}";
    auto r = http_request("POST", s.url() + "/", bearer(s.read.plaintext), big);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(json::parse(r->body)["error"]["data"]["reason"], "TOO_LARGE");
    auto ok = http_request("POST", s.url() + "/", bearer(s.read.plaintext), add_request());
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->status, 200);
}

TEST(rpc_server, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
    TestServer s;
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    std::string body = add_request();
    ASSERT_TRUE(raw_send(
        fd, "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.read.plaintext +
                "\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
    std::string received;
    // Clients wait about a second before sending anyway; the answer must come well before.
    ASSERT_TRUE(raw_read_until(fd, "\r\n\r\n", 500ms, received));
    EXPECT_EQ(received.substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
    ASSERT_TRUE(raw_send(fd, body));
    EXPECT_TRUE(raw_read_until(fd, "\"result\":3", 2s, received)) << received;
    raw_close(fd);
}

TEST(rpc_server, ExpectContinueOverTheLimitIs413WithoutTheBody) {
    TestServer s([](ServerConfig& c) { c.max_body_bytes = 1024; });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(
        raw_send(fd, "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4096\r\n\r\n"));
    std::string received;
    EXPECT_TRUE(raw_wait_closed(fd, 3s, &received));
    EXPECT_EQ(received.substr(0, 12), "HTTP/1.1 413") << received;
    raw_close(fd);
}

TEST(rpc_server, OverMaxConnectionsIs503WhileOthersAreServed) {
    TestServer s([](ServerConfig& c) { c.max_connections = 2; });
    Client first(s.url(), s.read.plaintext);
    auto second = std::make_unique<Client>(s.url(), s.read.plaintext);
    ASSERT_TRUE(first.call("add", {{"a", 1}, {"b", 1}}).ok());
    ASSERT_TRUE(second->call("add", {{"a", 1}, {"b", 1}}).ok());

    auto refused = http_request("POST", s.url() + "/", bearer(s.read.plaintext), add_request());
    ASSERT_TRUE(refused.ok()) << refused.error().message;
    EXPECT_EQ(refused->status, 503);
    EXPECT_EQ(refused->header("Connection"), "close");
    EXPECT_EQ(json::parse(refused->body)["error"]["data"]["reason"], "UNAVAILABLE");

    // The connected clients are untouched, and a slot freed is a slot available again.
    EXPECT_EQ(*first.call("add", {{"a", 2}, {"b", 2}}), 4);
    EXPECT_GE(sample_value(s.server->metrics_text(),
                           R"(folio_rpc_connections_refused_total{reason="global_limit"})"),
              1);
    second.reset();
    EXPECT_TRUE(eventually([&] {
        auto r = http_request("POST", s.url() + "/", bearer(s.read.plaintext), add_request());
        return r.ok() && r->status == 200;
    }));
}

TEST(rpc_server, SilentConnectionIsCutOffAfterTheReadTimeout) {
    TestServer s([](ServerConfig& c) { c.read_timeout = 200ms; });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(raw_wait_closed(fd, 3s));
    raw_close(fd);
}

TEST(rpc_server, SlowHeaderIsCutOffAfterTheReadTimeout) {
    TestServer s([](ServerConfig& c) {
        c.read_timeout = 300ms;
        c.idle_timeout = 10s;
    });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(raw_send(fd, "POST / HTTP/1.1\r\nHost: x\r\n"));
    auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(raw_wait_closed(fd, 3s));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    raw_close(fd);
}

TEST(rpc_server, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
    TestServer s([](ServerConfig& c) {
        c.read_timeout = 10s;
        c.idle_timeout = 300ms;
    });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    std::string body = add_request();
    ASSERT_TRUE(raw_send(fd, "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.read.plaintext +
                                 "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
    std::string received;
    EXPECT_TRUE(raw_wait_closed(fd, 3s, &received));
    EXPECT_NE(received.find("HTTP/1.1 200"), std::string::npos);
    EXPECT_NE(received.find("\"result\":3"), std::string::npos);
    raw_close(fd);
}

TEST(rpc_server, KeepAliveConnectionStaysOpenWithinTheIdleTimeout) {
    TestServer s([](ServerConfig& c) { c.idle_timeout = 10s; });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    std::string body = add_request();
    ASSERT_TRUE(raw_send(fd, "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.read.plaintext +
                                 "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
    EXPECT_FALSE(raw_wait_closed(fd, 500ms));
    raw_close(fd);
}

TEST(rpc_server, HealthNeedsNoToken) {
    TestServer s;
    auto r = http_request("GET", s.url() + "/health");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(json::parse(r->body), (json{{"status", "ok"}, {"height", 7}}));
}

TEST(rpc_server, MetricsNeedAReadTokenAndAreValidExposition) {
    TestServer s;
    Client client(s.url(), s.read.plaintext);
    ASSERT_TRUE(client.call("add", {{"a", 1}, {"b", 1}}).ok());
    ASSERT_FALSE(client.call("add", {{"a", 1}}).ok());

    auto anonymous = http_request("GET", s.url() + "/metrics");
    ASSERT_TRUE(anonymous.ok());
    EXPECT_EQ(anonymous->status, 401);
    EXPECT_NE(anonymous->header("WWW-Authenticate").find("Bearer"), std::string::npos);
    auto too_low = http_request("GET", s.url() + "/metrics", bearer(s.pub.plaintext));
    ASSERT_TRUE(too_low.ok());
    EXPECT_EQ(too_low->status, 403);

    auto r = http_request("GET", s.url() + "/metrics", bearer(s.read.plaintext));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    auto problems = check_exposition(r->body);
    EXPECT_TRUE(problems.empty()) << problems.front() << "\n" << r->body;
    EXPECT_EQ(sample_value(r->body, R"(folio_rpc_requests_total{method="add"})"), 2);
    EXPECT_EQ(sample_value(r->body, R"(folio_rpc_errors_total{method="add",code="-32602"})"), 1);
    EXPECT_EQ(sample_value(r->body, R"(folio_rpc_request_duration_seconds_count{method="add"})"), 2);
    EXPECT_EQ(sample_value(r->body, "folio_chain_height"), 7);
    EXPECT_GE(sample_value(r->body, R"(folio_rpc_http_responses_total{status="401"})"), 1);
}

TEST(rpc_server, SingleCallAuthAnswers401And403OverHttp) {
    TestServer s;
    std::string transfer = R"({"jsonrpc":"2.0","id":1,"method":"transfer","params":{"amount":"1"}})";
    auto anonymous = http_request("POST", s.url() + "/", {}, transfer);
    ASSERT_TRUE(anonymous.ok());
    EXPECT_EQ(anonymous->status, 401);
    EXPECT_FALSE(anonymous->header("WWW-Authenticate").empty());
    auto too_low = http_request("POST", s.url() + "/", bearer(s.read.plaintext), transfer);
    ASSERT_TRUE(too_low.ok());
    EXPECT_EQ(too_low->status, 403);
    EXPECT_EQ(json::parse(too_low->body)["error"]["code"], -32002);
    auto unknown = http_request("POST", s.url() + "/", bearer(make_token(Scope::Admin).plaintext), transfer);
    ASSERT_TRUE(unknown.ok());
    EXPECT_EQ(unknown->status, 401);
    auto ok = http_request("POST", s.url() + "/", bearer(s.submit.plaintext), transfer);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->status, 200);

    Client low(s.url(), s.read.plaintext);
    EXPECT_EQ(low.call("transfer", {{"amount", "1"}}).reason(), Reason::NOT_AUTHORIZED);
}

TEST(rpc_server, NodeGetRoutesAndUnknownPaths) {
    TestServer s;
    auto explorer = http_request("GET", s.url() + "/explorer");
    ASSERT_TRUE(explorer.ok());
    EXPECT_EQ(explorer->status, 200);
    EXPECT_EQ(explorer->body, "<h1>register</h1>");
    EXPECT_EQ(explorer->header("Content-Type"), "text/html; charset=utf-8");
    auto missing = http_request("GET", s.url() + "/nope");
    ASSERT_TRUE(missing.ok());
    EXPECT_EQ(missing->status, 404);
    auto head = http_request("HEAD", s.url() + "/health");
    ASSERT_TRUE(head.ok()) << head.error().message;
    EXPECT_EQ(head->status, 200);
    EXPECT_TRUE(head->body.empty());
}

TEST(rpc_server, GarbageRequestIs400) {
    TestServer s;
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(raw_send(fd, "THIS IS NOT HTTP\r\n\r\n"));
    std::string received;
    EXPECT_TRUE(raw_wait_closed(fd, 3s, &received));
    EXPECT_EQ(received.substr(0, 12), "HTTP/1.1 400");
    raw_close(fd);
}

TEST(rpc_server, LateAnswerIsDeliveredOverHttp) {
    TestServer s;
    Client client(s.url(), s.read.plaintext);
    auto r = client.call("later", {{"delay_ms", 100}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ((*r)["done"], true);
}

TEST(rpc_server, ClientTimesOutOnAnAnswerThatNeverComes) {
    TestServer s;
    Client client(s.url(), s.read.plaintext, ClientOptions{300ms});
    auto r = client.call("hold", json::object());
    EXPECT_EQ(r.reason(), Reason::TIMEOUT);
    take_held_respond()(RpcOutcome::success(1));  // answering into a closed connection is harmless
    EXPECT_TRUE(client.call("add", {{"a", 1}, {"b", 1}}).ok());
}

TEST(rpc_server, StopEndsConnectionsAndRespondAfterStopIsANoOp) {
    Respond kept;
    {
        TestServer s;
        auto pending = std::async(std::launch::async, [url = s.url(), token = s.read.plaintext] {
            Client client(url, token, ClientOptions{5s});
            return client.call("hold", json::object()).reason();
        });
        ASSERT_TRUE(eventually([&] {
            kept = take_held_respond();
            return static_cast<bool>(kept);
        }));
        s.server->stop();
        EXPECT_NE(pending.get(), Reason::OK);
        auto after = http_request("GET", s.url() + "/health", {}, {}, 500ms);
        EXPECT_FALSE(after.ok());
    }
    kept(RpcOutcome::success(1));  // the node answering after the server is gone must not crash
}

}  // namespace
}  // namespace folio::rpc::test
