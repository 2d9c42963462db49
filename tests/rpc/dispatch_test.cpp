// Dispatch and param validation from the method table, without sockets.
#include <gtest/gtest.h>

#include "rpc/metrics.h"
#include "test_table.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;

class rpc_dispatch : public ::testing::Test {
  protected:
    std::shared_ptr<MethodTable> table = make_test_table();
    Dispatcher dispatcher{table, DispatchLimits{}};

    json call(const json& request, Scope scope = Scope::Admin) {
        DispatchReply reply = dispatch_sync(dispatcher, request.dump(), context(scope));
        return reply.body.empty() ? json() : json::parse(reply.body);
    }
    json call(std::string_view method, const json& params, Scope scope = Scope::Admin) {
        return call(json{{"jsonrpc", "2.0"}, {"id", 7}, {"method", method}, {"params", params}}, scope);
    }
};

int error_code(const json& response) {
    return response.at("error").at("code").get<int>();
}
std::string error_reason(const json& response) {
    return response.at("error").at("data").at("reason");
}

TEST_F(rpc_dispatch, CallsHandlerWithValidatedParams) {
    json r = call("add", {{"a", 2}, {"b", 40}});
    EXPECT_EQ(r["jsonrpc"], "2.0");
    EXPECT_EQ(r["id"], 7);
    EXPECT_EQ(r["result"], 42);
    EXPECT_FALSE(r.contains("error"));
}

TEST_F(rpc_dispatch, EchoesStringAndNullIds) {
    EXPECT_EQ(
        call(json{{"jsonrpc", "2.0"}, {"id", "abc"}, {"method", "echo"}, {"params", {{"text", "x"}}}})["id"],
        "abc");
    json r = call(json{{"jsonrpc", "2.0"}, {"id", nullptr}, {"method", "echo"}, {"params", {{"text", "x"}}}});
    EXPECT_TRUE(r["id"].is_null());
    EXPECT_EQ(r["result"]["text"], "x");
}

TEST_F(rpc_dispatch, PositionalParamsMapInDeclaredOrder) {
    EXPECT_EQ(call("add", json::array({1, 2}))["result"], 3);
    json r = call("add", json::array({1, 2, "up", 4}));
    EXPECT_EQ(error_code(r), -32602);
}

TEST_F(rpc_dispatch, UnknownMethodIsMethodNotFound) {
    json r = call("no_such_method", json::object());
    EXPECT_EQ(error_code(r), -32601);
    EXPECT_EQ(error_reason(r), "NOT_FOUND");
    EXPECT_EQ(r["id"], 7);
}

TEST_F(rpc_dispatch, MissingRequiredParamIsInvalidParamsNamingIt) {
    json r = call("add", {{"a", 1}});
    EXPECT_EQ(error_code(r), -32602);
    EXPECT_EQ(error_reason(r), "INVALID_ARGUMENT");
    EXPECT_EQ(r["error"]["data"]["param"], "b");
}

TEST_F(rpc_dispatch, WrongTypeIsInvalidParams) {
    json r = call("add", {{"a", 1}, {"b", "2"}});
    EXPECT_EQ(error_code(r), -32602);
    EXPECT_EQ(r["error"]["data"]["param"], "b");
    EXPECT_EQ(error_code(call("add", {{"a", 1.5}, {"b", 2}})), -32602);
}

TEST_F(rpc_dispatch, UnknownParamIsRefused) {
    json r = call("add", {{"a", 1}, {"b", 2}, {"c", 3}});
    EXPECT_EQ(error_code(r), -32602);
    EXPECT_EQ(r["error"]["data"]["param"], "c");
}

TEST_F(rpc_dispatch, NonStructuredParamsAreRefused) {
    EXPECT_EQ(error_code(call("add", "1,2")), -32602);
}

TEST_F(rpc_dispatch, StringLongerThanBoundIsRefused) {
    EXPECT_EQ(call("echo", {{"text", std::string(16, 'x')}})["result"]["text"], std::string(16, 'x'));
    json r = call("echo", {{"text", std::string(17, 'x')}});
    EXPECT_EQ(error_code(r), -32602);
    EXPECT_EQ(r["error"]["data"]["param"], "text");
}

TEST_F(rpc_dispatch, ArrayLongerThanBoundIsRefused) {
    EXPECT_EQ(call("count_to", {{"tags", {1, 2, 3}}})["result"], 1);
    EXPECT_EQ(error_code(call("count_to", {{"tags", {1, 2, 3, 4}}})), -32602);
}

TEST_F(rpc_dispatch, IntegerBoundsAndSignAreChecked) {
    EXPECT_EQ(call("count_to", {{"height", 1000}})["result"], 1000);
    EXPECT_EQ(error_code(call("count_to", {{"height", 1001}})), -32602);
    EXPECT_EQ(error_code(call("count_to", {{"height", 0}})), -32602);
    EXPECT_EQ(error_code(call("count_to", {{"height", -5}})), -32602);
}

TEST_F(rpc_dispatch, AllowedValuesAreEnforced) {
    EXPECT_EQ(call("add", {{"a", 1}, {"b", 2}, {"mode", "up"}})["result"], 3);
    EXPECT_EQ(error_code(call("add", {{"a", 1}, {"b", 2}, {"mode", "sideways"}})), -32602);
}

TEST_F(rpc_dispatch, NullOptionalParamCountsAsAbsent) {
    EXPECT_EQ(call("count_to", {{"height", nullptr}})["result"], 1);
    EXPECT_EQ(error_code(call("add", {{"a", 1}, {"b", nullptr}})), -32602);
}

TEST_F(rpc_dispatch, AbsentParamsMeanNone) {
    json r = call(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "count_to"}});
    EXPECT_EQ(r["result"], 1);
}

TEST_F(rpc_dispatch, HandlerRefusalCarriesReasonAndExtraData) {
    json r = call("transfer", {{"amount", "999"}});
    EXPECT_EQ(error_code(r), -32000);
    EXPECT_EQ(error_reason(r), "INSUFFICIENT_BALANCE");
    EXPECT_EQ(r["error"]["data"]["available"], "5");
    EXPECT_EQ(r["error"]["message"], "balance 5 is below 999");
    EXPECT_EQ(error_code(call("transfer", {{"amount", "404"}})), -32001);
}

TEST_F(rpc_dispatch, ScopeBelowMethodsIsUnauthorized) {
    json r = call("transfer", {{"amount", "1"}}, Scope::Read);
    EXPECT_EQ(error_code(r), -32002);
    EXPECT_EQ(error_reason(r), "NOT_AUTHORIZED");
    EXPECT_EQ(call("transfer", {{"amount", "1"}}, Scope::Submit)["result"]["ok"], true);
    EXPECT_EQ(call("transfer", {{"amount", "1"}}, Scope::Admin)["result"]["ok"], true);
    EXPECT_EQ(error_code(call("admin_only", json::object(), Scope::Submit)), -32002);
    EXPECT_EQ(call("echo", {{"text", "a"}}, Scope::Public)["result"]["text"], "a");
}

TEST_F(rpc_dispatch, ScopeIsCheckedBeforeParams) {
    json r = call("transfer", {{"bogus", 1}}, Scope::Read);
    EXPECT_EQ(error_code(r), -32002);
}

TEST_F(rpc_dispatch, SingleUnauthorizedCallIsFlaggedForHttp) {
    DispatchReply reply =
        dispatch_sync(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"transfer","params":{"amount":"1"}})",
                      context(Scope::Read));
    EXPECT_TRUE(reply.unauthorized);
    reply = dispatch_sync(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"text":"a"}})",
                          context(Scope::Read));
    EXPECT_FALSE(reply.unauthorized);
}

TEST_F(rpc_dispatch, SubscriptionMethodOverHttpIsRefused) {
    json r = call("subscribe_ticks", json::object());
    EXPECT_EQ(error_code(r), -32005);
    EXPECT_EQ(error_reason(r), "UNAVAILABLE");
}

TEST_F(rpc_dispatch, NotificationIsRunButNotAnswered) {
    DispatchReply reply = dispatch_sync(
        dispatcher, R"({"jsonrpc":"2.0","method":"add","params":{"a":1,"b":2}})", context(Scope::Read));
    EXPECT_TRUE(reply.body.empty());
    reply = dispatch_sync(dispatcher, R"({"jsonrpc":"2.0","method":"no_such"})", context(Scope::Read));
    EXPECT_TRUE(reply.body.empty());
}

TEST_F(rpc_dispatch, MalformedRequestsAreInvalidRequest) {
    for (const char* text : {R"({"id":1,"method":"echo"})", R"({"jsonrpc":"1.0","id":1,"method":"echo"})",
                             R"({"jsonrpc":"2.0","id":1,"method":5})",
                             R"({"jsonrpc":"2.0","id":{},"method":"echo"})", R"(42)", R"("text")"}) {
        DispatchReply reply = dispatch_sync(dispatcher, text, context(Scope::Admin));
        json r = json::parse(reply.body);
        EXPECT_EQ(error_code(r), -32600) << text;
    }
    json r = json::parse(
        dispatch_sync(dispatcher, R"({"jsonrpc":"2.0","id":{},"method":"echo"})", context(Scope::Admin))
            .body);
    EXPECT_TRUE(r["id"].is_null());
}

TEST_F(rpc_dispatch, ParseErrorIsMinus32700WithNullId) {
    DispatchReply reply =
        dispatch_sync(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":)", context(Scope::Admin));
    json r = json::parse(reply.body);
    EXPECT_EQ(error_code(r), -32700);
    EXPECT_EQ(error_reason(r), "DECODE_ERROR");
    EXPECT_TRUE(r["id"].is_null());
}

TEST_F(rpc_dispatch, HandlerAnsweringFromAnotherThreadIsDelivered) {
    json r = call("later", {{"delay_ms", 20}});
    EXPECT_EQ(r["result"]["done"], true);  // the second respond() is ignored
}

TEST_F(rpc_dispatch, DroppedRespondBecomesInternalError) {
    json r = call("drop", json::object());
    EXPECT_EQ(error_code(r), -32603);
    EXPECT_EQ(r["id"], 7);
}

TEST_F(rpc_dispatch, ThrowingHandlerBecomesInternalError) {
    json r = call("boom", json::object());
    EXPECT_EQ(error_code(r), -32603);
    EXPECT_EQ(error_reason(r), "INTERNAL");
}

TEST_F(rpc_dispatch, RefusesMalformedTableEntries) {
    MethodTable t;
    auto handler = sync_handler([](const json&, const CallContext&) { return RpcOutcome::success(1); });
    EXPECT_FALSE(t.add({.name = "rpc_methods", .summary = "dup", .handler = handler}).ok());
    EXPECT_FALSE(t.add({.name = "Bad-Name", .summary = "x", .handler = handler}).ok());
    EXPECT_FALSE(t.add({.name = "no_handler", .summary = "x"}).ok());
    EXPECT_FALSE(
        t.add({.name = "bad_example", .summary = "x", .example_params = "{", .handler = handler}).ok());
    EXPECT_FALSE(t.add({.name = "example_fails_own_params",
                        .summary = "x",
                        .params = {{.name = "n", .type = ParamType::Integer, .required = true}},
                        .example_params = R"({"n":"not a number"})",
                        .handler = handler})
                     .ok());
    EXPECT_FALSE(t.add({.name = "dup_params",
                        .summary = "x",
                        .params = {{.name = "n"}, {.name = "n"}},
                        .handler = handler})
                     .ok());
    EXPECT_TRUE(t.add({.name = "fine", .summary = "x", .handler = handler}).ok());
}

TEST_F(rpc_dispatch, MetricsCountCallsAndErrorsByMethod) {
    auto metrics = std::make_shared<ServerMetrics>(*table);
    Dispatcher counted(table, DispatchLimits{}, metrics);
    dispatch_sync(counted, R"({"jsonrpc":"2.0","id":1,"method":"add","params":{"a":1,"b":2}})",
                  context(Scope::Read));
    dispatch_sync(counted, R"({"jsonrpc":"2.0","id":1,"method":"add","params":{"a":1}})",
                  context(Scope::Read));
    dispatch_sync(counted, R"({"jsonrpc":"2.0","id":1,"method":"nope"})", context(Scope::Read));
    std::string text = metrics->render();
    EXPECT_NE(text.find("folio_rpc_requests_total{method=\"add\"} 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("folio_rpc_errors_total{method=\"add\",code=\"-32602\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("folio_rpc_errors_total{method=\"(none)\",code=\"-32601\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("folio_rpc_request_duration_seconds_count{method=\"add\"} 2\n"), std::string::npos);
    EXPECT_EQ(metrics->in_flight(), 0);
}

}  // namespace
}  // namespace folio::rpc::test
