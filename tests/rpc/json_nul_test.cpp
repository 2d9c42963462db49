// A NUL byte in a request body: nlohmann-json stops parsing there, so the bounded parser refuses it rather
// than serve the text before it. Found by tests/fuzz/rpc_request (its regressions/ keep the input).
#include <gtest/gtest.h>

#include "rpc/json_limits.h"
#include "test_table.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;

TEST(rpc_limits, NulByteIsRefusedNotTakenForTheEnd) {
    const std::string text("{\"a\":1}\0[[[garbage", 18);
    json out;
    std::string error;
    EXPECT_FALSE(parse_json_bounded(text, kDefaultMaxJsonDepth, out, error));
    EXPECT_NE(error.find("NUL"), std::string::npos) << error;
}

TEST(rpc_limits, CallFollowedByNulAndMoreIsParseError) {
    auto table = make_test_table();
    Dispatcher dispatcher(table, DispatchLimits{});
    const std::string call = R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"text":"hi"}})";
    const std::string text = call + std::string(1, '\0') + R"({"jsonrpc":"2.0","id":2,"method":"echo"})";
    json r = json::parse(dispatch_sync(dispatcher, text, context(Scope::Read)).body);
    EXPECT_EQ(r["error"]["code"], -32700);
}

}  // namespace
}  // namespace folio::rpc::test
