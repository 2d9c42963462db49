// The socket-free HTTP layer: routing, /health, /metrics, node routes and status codes.
#include <gtest/gtest.h>

#include "prometheus_check.h"
#include "rpc/http_handler.h"
#include "rpc/metrics.h"
#include "test_table.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;

class rpc_http : public ::testing::Test {
  protected:
    rpc_http() {
        config.health = [] { return std::string(R"({"status":"ok","height":7})"); };
        config.node_metrics = [] {
            return std::string(
                "# HELP folio_chain_height Height of the last committed block.\n"
                "# TYPE folio_chain_height gauge\nfolio_chain_height 7\n");
        };
        config.get_routes.push_back(
            {"/explorer", Scope::Public, [](const HttpRequest&) {
                 return HttpResponse{200, "text/html; charset=utf-8", "<h1>register</h1>", {}};
             }});
        config.get_routes.push_back({"/static/", Scope::Public, [](const HttpRequest& r) {
                                         return HttpResponse{200, "text/plain", r.target, {}};
                                     }});
        config.get_routes.push_back({"/private", Scope::Admin, [](const HttpRequest&) {
                                         return HttpResponse{200, "text/plain", "secret", {}};
                                     }});
        handler =
            std::make_unique<HttpHandler>(config, table, TokenStore({read.record, pub.record}), metrics);
    }

    HttpResponse get(const std::string& target, const std::string& token = "",
                     const std::string& method = "GET") {
        HttpRequest req{method, target, token.empty() ? "" : "Bearer " + token, "", ""};
        HttpResponse out;
        out.status = -1;
        handler->handle(req, [&](HttpResponse r) { out = std::move(r); });
        return out;
    }

    NewToken read = make_token(Scope::Read);
    NewToken pub = make_token(Scope::Public);
    std::shared_ptr<MethodTable> table = make_test_table();
    std::shared_ptr<ServerMetrics> metrics = std::make_shared<ServerMetrics>(*table);
    ServerConfig config;
    std::unique_ptr<HttpHandler> handler;
};

TEST_F(rpc_http, HealthAnswers200WithoutToken) {
    HttpResponse r = get("/health");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["height"], 7);
    EXPECT_EQ(r.content_type, "application/json");
}

TEST_F(rpc_http, HealthIgnoresAnInvalidToken) {
    EXPECT_EQ(get("/health", "bogus").status, 200);
}

TEST_F(rpc_http, MetricsNeedReadScope) {
    HttpResponse none = get("/metrics");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(get("/metrics", "bogus").status, 401);
    EXPECT_EQ(get("/metrics", pub.plaintext).status, 403);
    HttpResponse ok = get("/metrics", read.plaintext);
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.content_type, "text/plain; version=0.0.4; charset=utf-8");
}

TEST_F(rpc_http, MetricsAreValidExpositionWithNodeMetricsAppended) {
    HttpResponse rpc_call;
    handler->handle(HttpRequest{"POST", "/", "Bearer " + read.plaintext,
                                R"({"jsonrpc":"2.0","id":1,"method":"add","params":{"a":1,"b":2}})", ""},
                    [&](HttpResponse r) { rpc_call = std::move(r); });
    ASSERT_EQ(rpc_call.status, 200);
    std::string text = get("/metrics", read.plaintext).body;
    auto problems = check_exposition(text);
    EXPECT_TRUE(problems.empty()) << problems.front() << "\n" << text;
    EXPECT_EQ(sample_value(text, "folio_chain_height"), 7);
    EXPECT_EQ(sample_value(text, R"(folio_rpc_requests_total{method="add"})"), 1);
    EXPECT_EQ(sample_value(text, R"(folio_rpc_request_duration_seconds_count{method="add"})"), 1);
}

TEST_F(rpc_http, NotificationOnlyPostIs204) {
    HttpResponse r;
    handler->handle(
        HttpRequest{"POST", "/", "", R"({"jsonrpc":"2.0","method":"echo","params":{"text":"a"}})", ""},
        [&](HttpResponse x) { r = std::move(x); });
    EXPECT_EQ(r.status, 204);
    EXPECT_TRUE(r.body.empty());
}

TEST_F(rpc_http, ParseErrorIs200WithJsonRpcError) {
    HttpResponse r;
    handler->handle(HttpRequest{"POST", "/", "", "{not json", ""}, [&](HttpResponse x) { r = std::move(x); });
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["error"]["code"], -32700);
}

TEST_F(rpc_http, WrongMethodIs405AndUnknownPathIs404) {
    EXPECT_EQ(get("/", "", "GET").status, 405);
    EXPECT_EQ(get("/health", "", "POST").status, 405);
    EXPECT_EQ(get("/nope").status, 404);
    EXPECT_EQ(get("/ws").status, 426);
}

TEST_F(rpc_http, GetOfTheRootSaysJsonRpcIsPostWithItsOwnReason) {
    HttpResponse r = get("/", "", "GET");
    EXPECT_EQ(r.status, 405);
    json body = json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], -32600);
    EXPECT_EQ(body["error"]["data"]["reason"], "METHOD_NOT_ALLOWED");
    const std::string message = body["error"]["message"];
    EXPECT_NE(message.find("POST /"), std::string::npos) << message;
    EXPECT_NE(message.find("rpc_methods"), std::string::npos) << message;
    bool allow_post = false;
    for (const auto& [k, v] : r.headers) allow_post = allow_post || (k == "Allow" && v == "POST");
    EXPECT_TRUE(allow_post);
}

TEST_F(rpc_http, GetOfTheRootPointsToThePublicGetPaths) {
    const std::string message = json::parse(get("/", "", "GET").body)["error"]["message"];
    EXPECT_NE(message.find("/explorer"), std::string::npos) << message;
    EXPECT_NE(message.find("/health"), std::string::npos) << message;
    EXPECT_EQ(message.find("/private"), std::string::npos) << message;
}

TEST(rpc_http_tokens, TokenSourceIsAskedAtEachAuthenticationSoARevocationHoldsAtOnce) {
    NewToken token = make_token(Scope::Read, "backend");
    auto current = std::make_shared<const TokenStore>(std::vector<TokenRecord>{token.record});
    ServerConfig config;
    config.token_source = [&current] { return current; };
    auto table = make_test_table();
    HttpHandler handler(config, table, TokenStore(), std::make_shared<ServerMetrics>(*table));
    auto caller = handler.authenticate("Bearer " + token.plaintext);
    ASSERT_TRUE(caller.has_value());
    EXPECT_EQ(caller->token_name, "backend");
    current = std::make_shared<const TokenStore>();
    EXPECT_FALSE(handler.authenticate("Bearer " + token.plaintext).has_value());
}

TEST(rpc_http_tokens, UnknownTokensAreLoggedWithTheirSourceOncePerWindow) {
    std::vector<std::string> lines;
    ServerConfig config;
    config.log_auth_failure = [&lines](std::string_view line) { lines.emplace_back(line); };
    auto table = make_test_table();
    HttpHandler handler(config, table, TokenStore(), std::make_shared<ServerMetrics>(*table));
    const std::string bad = "Bearer folio_" + std::string(64, 'b');
    for (int i = 0; i < 5; ++i) {
        handler.handle(HttpRequest{"POST", "/", bad, "{}", "10.0.0.7:4000"}, [](HttpResponse) {});
    }
    handler.handle(HttpRequest{"GET", "/metrics", bad, "", "10.0.0.8:4000"}, [](HttpResponse) {});
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("from 10.0.0.7 on /"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("from 10.0.0.8 on /metrics"), std::string::npos) << lines[1];
}

TEST_F(rpc_http, NodeRoutesAreServed) {
    HttpResponse r = get("/explorer");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(get("/explorer?asset=ACME").status, 200);
    EXPECT_EQ(get("/static/app.js").body, "/static/app.js");
    EXPECT_EQ(get("/explorerx").status, 404);
    EXPECT_EQ(get("/private").status, 401);
    EXPECT_EQ(get("/private", read.plaintext).status, 403);
}

TEST_F(rpc_http, HttpRefusalOnRootIsAJsonRpcError) {
    HttpResponse r = HttpHandler::refusal(413, "/", "too big");
    json body = json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], -32600);
    EXPECT_EQ(body["error"]["data"]["reason"], "TOO_LARGE");
    EXPECT_TRUE(body["id"].is_null());
}

TEST(rpc_metrics, EmptyServerMetricsAreValidExposition) {
    auto table = make_test_table();
    ServerMetrics metrics(*table);
    std::string text = metrics.render();
    auto problems = check_exposition(text);
    EXPECT_TRUE(problems.empty()) << problems.front();
}

TEST(rpc_metrics, LatencyLandsInTheRightBucket) {
    auto table = make_test_table();
    ServerMetrics metrics(*table);
    metrics.call_started();
    metrics.call_finished("add", 0, std::chrono::milliseconds(3));
    metrics.call_started();
    metrics.call_finished("add", -32000, std::chrono::seconds(20));
    std::string text = metrics.render();
    EXPECT_TRUE(check_exposition(text).empty());
    EXPECT_EQ(sample_value(text, R"(folio_rpc_request_duration_seconds_bucket{method="add",le="0.0025"})"),
              0);
    EXPECT_EQ(sample_value(text, R"(folio_rpc_request_duration_seconds_bucket{method="add",le="0.005"})"), 1);
    EXPECT_EQ(sample_value(text, R"(folio_rpc_request_duration_seconds_bucket{method="add",le="10"})"), 1);
    EXPECT_EQ(sample_value(text, R"(folio_rpc_request_duration_seconds_bucket{method="add",le="+Inf"})"), 2);
    EXPECT_NEAR(sample_value(text, R"(folio_rpc_request_duration_seconds_sum{method="add"})"), 20.003, 1e-6);
    EXPECT_EQ(sample_value(text, R"(folio_rpc_errors_total{method="add",code="-32000"})"), 1);
    EXPECT_EQ(sample_value(text, "folio_rpc_requests_in_flight"), 0);
}

TEST(rpc_metrics, CheckerCatchesBrokenExposition) {
    EXPECT_FALSE(check_exposition("x_total 1\n").empty());  // no TYPE
    EXPECT_FALSE(check_exposition("# HELP x_total h\n# TYPE x_total counter\nx_total{a=b} 1\n").empty());
    EXPECT_FALSE(
        check_exposition("# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                         "h_sum 1\nh_count 1\n")
            .empty());
    EXPECT_TRUE(
        check_exposition("# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
                         "h_sum 1\nh_count 2\n")
            .empty());
}

}  // namespace
}  // namespace folio::rpc::test
