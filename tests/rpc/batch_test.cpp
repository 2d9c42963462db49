// JSON-RPC batches: bounded, never empty, answered in request order without the notifications.
#include <gtest/gtest.h>

#include <stdexcept>

#include "test_table.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;

class rpc_batch : public ::testing::Test {
  protected:
    std::shared_ptr<MethodTable> table = make_test_table();
    Dispatcher dispatcher{table, DispatchLimits{.max_batch = 5}};

    DispatchReply run(const json& batch, Scope scope = Scope::Read) {
        return dispatch_sync(dispatcher, batch.dump(), context(scope));
    }
};

json add_call(int id, int a, int b) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", "add"}, {"params", {{"a", a}, {"b", b}}}};
}

TEST_F(rpc_batch, AnswersEachCallInRequestOrder) {
    json batch = json::array({add_call(1, 1, 1), add_call(2, 2, 2), add_call(3, 3, 3)});
    json r = json::parse(run(batch).body);
    ASSERT_TRUE(r.is_array());
    ASSERT_EQ(r.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(r[i]["id"], i + 1);
        EXPECT_EQ(r[i]["result"], 2 * (i + 1));
    }
}

TEST_F(rpc_batch, AtTheLimitIsAccepted) {
    json batch = json::array();
    for (int i = 0; i < 5; ++i) batch.push_back(add_call(i, i, 0));
    json r = json::parse(run(batch).body);
    ASSERT_TRUE(r.is_array());
    EXPECT_EQ(r.size(), 5u);
}

TEST_F(rpc_batch, OverTheLimitIsOneInvalidRequest) {
    json batch = json::array();
    for (int i = 0; i < 6; ++i) batch.push_back(add_call(i, i, 0));
    json r = json::parse(run(batch).body);
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r["error"]["code"], -32600);
    EXPECT_EQ(r["error"]["data"]["reason"], "TOO_LARGE");
    EXPECT_TRUE(r["id"].is_null());
}

TEST_F(rpc_batch, EmptyBatchIsInvalidRequest) {
    json r = json::parse(run(json::array()).body);
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r["error"]["code"], -32600);
}

TEST_F(rpc_batch, NotificationsAreLeftOutOfTheAnswer) {
    json note = {{"jsonrpc", "2.0"}, {"method", "add"}, {"params", {{"a", 1}, {"b", 1}}}};
    json batch = json::array({note, add_call(9, 4, 5), note});
    json r = json::parse(run(batch).body);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0]["id"], 9);
    EXPECT_EQ(r[0]["result"], 9);
}

TEST_F(rpc_batch, OnlyNotificationsGetNoAnswer) {
    json note = {{"jsonrpc", "2.0"}, {"method", "add"}, {"params", {{"a", 1}, {"b", 1}}}};
    EXPECT_TRUE(run(json::array({note, note})).body.empty());
}

TEST_F(rpc_batch, InvalidMembersGetTheirOwnErrors) {
    json batch = json::array({1, add_call(2, 1, 1), {{"jsonrpc", "2.0"}, {"id", 3}, {"method", "nope"}}});
    json r = json::parse(run(batch).body);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0]["error"]["code"], -32600);
    EXPECT_TRUE(r[0]["id"].is_null());
    EXPECT_EQ(r[1]["result"], 2);
    EXPECT_EQ(r[2]["error"]["code"], -32601);
}

TEST_F(rpc_batch, LateAnswersKeepRequestOrder) {
    json slow = {{"jsonrpc", "2.0"}, {"id", "slow"}, {"method", "later"}, {"params", {{"delay_ms", 50}}}};
    json fast = {{"jsonrpc", "2.0"}, {"id", "fast"}, {"method", "later"}, {"params", {{"delay_ms", 1}}}};
    json r = json::parse(run(json::array({slow, fast, add_call(3, 1, 2)})).body);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0]["id"], "slow");
    EXPECT_EQ(r[1]["id"], "fast");
    EXPECT_EQ(r[2]["result"], 3);
}

TEST_F(rpc_batch, UnauthorizedCallsInABatchAreErrorsNotAnHttpRefusal) {
    json transfer = {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "transfer"}, {"params", {{"amount", "1"}}}};
    DispatchReply reply = run(json::array({add_call(1, 1, 1), transfer}), Scope::Read);
    EXPECT_FALSE(reply.unauthorized);
    json r = json::parse(reply.body);
    EXPECT_EQ(r[0]["result"], 2);
    EXPECT_EQ(r[1]["error"]["code"], -32002);
}


// batch_prepare: a method's hook sees the params of its calls in a batch once, before they run, and changes no
// answer.
class rpc_batch_prepare : public ::testing::Test {
  protected:
    rpc_batch_prepare() {
        auto hook = [this](const std::vector<const json*>& params, const CallContext&) {
            ++hook_runs;
            for (const json* p : params) seen.push_back(p == nullptr ? json() : *p);
            if (throw_in_hook) throw std::runtime_error("hook failed");
        };
        Status st = table->add(MethodSpec{
            .name = "prepared",
            .scope = Scope::Submit,
            .summary = "Answers its n; prepared in batches.",
            .params = {{.name = "n", .type = ParamType::Integer, .required = true, .description = "Echoed."}},
            .result_description = "n.",
            .result_schema = R"({"type":"integer"})",
            .example_params = R"({"n":1})",
            .example_result = "1",
            .handler = sync_handler([this](const json& p, const CallContext&) {
                ran_after_hook.push_back(hook_runs);
                return RpcOutcome::success(p["n"]);
            }),
            .batch_prepare = hook,
        });
        EXPECT_TRUE(st.ok());
    }

    static json call(int id, const json& params) {
        return {{"jsonrpc", "2.0"}, {"id", id}, {"method", "prepared"}, {"params", params}};
    }
    DispatchReply run(const json& batch, Scope scope = Scope::Submit) {
        return dispatch_sync(dispatcher, batch.dump(), context(scope));
    }

    std::shared_ptr<MethodTable> table = make_test_table();
    Dispatcher dispatcher{table, DispatchLimits{.max_batch = 10}};
    int hook_runs = 0;
    bool throw_in_hook = false;
    std::vector<json> seen;
    std::vector<int> ran_after_hook;
};

TEST_F(rpc_batch_prepare, HookSeesEveryCallOfItsMethodOnceBeforeAnyRuns) {
    json batch = json::array({call(1, {{"n", 1}}), add_call(2, 1, 1), call(3, {{"n", "not an integer"}})});
    json r = json::parse(run(batch).body);
    EXPECT_EQ(hook_runs, 1);
    ASSERT_EQ(seen.size(), 2u);  // raw params, the invalid one too
    EXPECT_EQ(seen[0], json({{"n", 1}}));
    EXPECT_EQ(seen[1], json({{"n", "not an integer"}}));
    EXPECT_EQ(ran_after_hook, std::vector<int>{1});
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0]["result"], 1);
    EXPECT_EQ(r[2]["error"]["code"], -32602);
}

TEST_F(rpc_batch_prepare, NotCalledForASingleCallOfTheMethod) {
    run(json::array({call(1, {{"n", 1}}), add_call(2, 1, 1)}));
    run(call(3, {{"n", 3}}));
    EXPECT_EQ(hook_runs, 0);
}

TEST_F(rpc_batch_prepare, NotCalledForACallerWithoutTheMethodsScope) {
    json r = json::parse(run(json::array({call(1, {{"n", 1}}), call(2, {{"n", 2}})}), Scope::Read).body);
    EXPECT_EQ(hook_runs, 0);
    EXPECT_EQ(r[0]["error"]["code"], -32002);
}

TEST_F(rpc_batch_prepare, AHookThatThrowsChangesNoAnswer) {
    throw_in_hook = true;
    json r = json::parse(run(json::array({call(1, {{"n", 1}}), call(2, {{"n", 2}})})).body);
    EXPECT_EQ(hook_runs, 1);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0]["result"], 1);
    EXPECT_EQ(r[1]["result"], 2);
}

}  // namespace
}  // namespace folio::rpc::test
