// Bounds on untrusted JSON: nesting depth (nlohmann has none) and invalid UTF-8.
#include <gtest/gtest.h>

#include "rpc/json_limits.h"
#include "test_table.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;

std::string nested_arrays(unsigned depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

// A call whose params hold a value nested so that the whole request is `depth` levels deep.
std::string call_with_depth(unsigned depth) {
    // The request object is level 1 and params level 2; the value adds depth - 2 levels.
    return R"({"jsonrpc":"2.0","id":1,"method":"count_to","params":{"tags":)" +
           nested_arrays(depth - 2).substr(0) + "}}";
}

TEST(rpc_limits, DepthCountsArraysAndObjects) {
    EXPECT_EQ(json_depth("1", 32), 0u);
    EXPECT_EQ(json_depth("[1]", 32), 1u);
    EXPECT_EQ(json_depth(R"([{"a":[]}])", 32), 3u);
    EXPECT_EQ(json_depth(R"(["[[[[", "\"[[["])", 32), 1u);  // brackets inside strings do not count
    EXPECT_EQ(json_depth(nested_arrays(100000), 32), 33u);  // stops early, does not recurse
}

TEST(rpc_limits, Depth32IsAcceptedAnd33Refused) {
    json out;
    std::string why;
    EXPECT_TRUE(parse_json_bounded(nested_arrays(32), 32, out, why)) << why;
    EXPECT_FALSE(parse_json_bounded(nested_arrays(33), 32, out, why));
    EXPECT_NE(why.find("deeper"), std::string::npos);
}

TEST(rpc_limits, RequestNested32DeepIsServedAnd33IsParseError) {
    auto table = make_test_table();
    Dispatcher dispatcher(table, DispatchLimits{});
    ASSERT_EQ(json_depth(call_with_depth(32), 100), 32u);
    // tags is limited to 3 items, so the 32-deep request reaches the handler's validation and passes it.
    json ok = json::parse(dispatch_sync(dispatcher, call_with_depth(32), context(Scope::Read)).body);
    EXPECT_EQ(ok["result"], 1) << ok.dump();
    json refused = json::parse(dispatch_sync(dispatcher, call_with_depth(33), context(Scope::Read)).body);
    EXPECT_EQ(refused["error"]["code"], -32700);
    EXPECT_EQ(refused["error"]["data"]["reason"], "TOO_LARGE");
}

TEST(rpc_limits, HugeDepthIsRefusedWithoutRecursion) {
    auto table = make_test_table();
    Dispatcher dispatcher(table, DispatchLimits{});
    json r = json::parse(dispatch_sync(dispatcher, nested_arrays(500000), context(Scope::Read)).body);
    EXPECT_EQ(r["error"]["code"], -32700);
}

TEST(rpc_limits, InvalidUtf8IsParseError) {
    auto table = make_test_table();
    Dispatcher dispatcher(table, DispatchLimits{});
    std::string text =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"text\":\"\xff\xfe\"}}";
    json r = json::parse(dispatch_sync(dispatcher, text, context(Scope::Read)).body);
    EXPECT_EQ(r["error"]["code"], -32700);
}

TEST(rpc_limits, DumpReplacesInvalidUtf8InsteadOfThrowing) {
    json value = std::string("memo \xff end");
    std::string text;
    EXPECT_NO_THROW(text = dump_json(value));
    EXPECT_NE(text.find("memo"), std::string::npos);
}

}  // namespace
}  // namespace folio::rpc::test
