// JSON-RPC batches: bounded, never empty, answered in request order without the notifications.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace folio::rpc::test
