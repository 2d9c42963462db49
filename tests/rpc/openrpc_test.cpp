// rpc_methods answers an OpenRPC 1.2 document built from the table; the Markdown reference comes from it too.
#include <gtest/gtest.h>

#include "rpc/describe.h"
#include "test_table.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;

const json* find_method(const json& doc, std::string_view name) {
    for (const auto& m : doc["methods"]) {
        if (m["name"] == name) return &m;
    }
    return nullptr;
}

TEST(rpc_openrpc, DocumentHasOpenRpcShape) {
    auto table = make_test_table();
    json doc = openrpc_document(*table);
    ASSERT_TRUE(doc["openrpc"].is_string());
    EXPECT_EQ(doc["openrpc"].get<std::string>().substr(0, 2), "1.");
    EXPECT_EQ(doc["info"]["title"], "Test API");
    EXPECT_EQ(doc["info"]["version"], "9.9.9");
    ASSERT_TRUE(doc["methods"].is_array());
    EXPECT_EQ(doc["methods"].size(), table->methods().size());
    for (const auto& m : doc["methods"]) {
        SCOPED_TRACE(m["name"].dump());
        EXPECT_TRUE(m["name"].is_string());
        EXPECT_TRUE(m["summary"].is_string());
        ASSERT_TRUE(m["params"].is_array());
        for (const auto& p : m["params"]) {
            EXPECT_TRUE(p["name"].is_string());
            EXPECT_TRUE(p["required"].is_boolean());
            EXPECT_TRUE(p["schema"].is_object());
            EXPECT_TRUE(p["description"].is_string());
        }
        ASSERT_TRUE(m["result"].is_object());
        EXPECT_TRUE(m["result"]["name"].is_string());
        EXPECT_TRUE(m["result"]["schema"].is_object());
        ASSERT_TRUE(m["errors"].is_array());
        for (const auto& e : m["errors"]) {
            EXPECT_TRUE(e["code"].is_number_integer());
            EXPECT_TRUE(e["message"].is_string());
            EXPECT_TRUE(e["data"]["reason"].is_string());
        }
        ASSERT_TRUE(m["examples"].is_array());
        EXPECT_TRUE(m["x-scope"].is_string());
    }
}

TEST(rpc_openrpc, MethodEntryCarriesParamsBoundsErrorsAndExample) {
    auto table = make_test_table();
    json doc = openrpc_document(*table);
    const json* echo = find_method(doc, "echo");
    ASSERT_NE(echo, nullptr);
    EXPECT_EQ((*echo)["x-scope"], "public");
    EXPECT_EQ((*echo)["params"][0]["name"], "text");
    EXPECT_EQ((*echo)["params"][0]["required"], true);
    EXPECT_EQ((*echo)["params"][0]["schema"]["type"], "string");
    EXPECT_EQ((*echo)["params"][0]["schema"]["maxLength"], 16);
    EXPECT_EQ((*echo)["examples"][0]["params"][0], (json{{"name", "text"}, {"value", "hi"}}));
    EXPECT_EQ((*echo)["examples"][0]["result"]["value"]["text"], "hi");

    const json* transfer = find_method(doc, "transfer");
    ASSERT_NE(transfer, nullptr);
    EXPECT_EQ((*transfer)["x-scope"], "submit");
    bool balance = false;
    bool unauthorized = false;
    for (const auto& e : (*transfer)["errors"]) {
        balance = balance || (e["code"] == -32000 && e["data"]["reason"] == "INSUFFICIENT_BALANCE");
        unauthorized = unauthorized || e["code"] == -32002;
    }
    EXPECT_TRUE(balance);
    EXPECT_TRUE(unauthorized);

    const json* count = find_method(doc, "count_to");
    ASSERT_NE(count, nullptr);
    EXPECT_EQ((*count)["params"][0]["schema"]["type"], "integer");
    EXPECT_EQ((*count)["params"][0]["schema"]["minimum"], 1);
    EXPECT_EQ((*count)["params"][0]["schema"]["maximum"], 1000);
    EXPECT_EQ(find_method(doc, "subscribe_ticks")->value("x-websocket-only", false), true);
}

TEST(rpc_openrpc, RpcMethodsIsPublicAndAnswersTheDocument) {
    auto table = make_test_table();
    Dispatcher dispatcher(table, DispatchLimits{});
    json r = json::parse(dispatch_sync(dispatcher, R"({"jsonrpc":"2.0","id":1,"method":"rpc_methods"})",
                                       context(Scope::Public))
                             .body);
    ASSERT_TRUE(r.contains("result")) << r.dump();
    EXPECT_EQ(r["result"], openrpc_document(*table));
    EXPECT_NE(find_method(r["result"], "rpc_methods"), nullptr);
}

TEST(rpc_openrpc, MarkdownHasOneSectionPerMethod) {
    auto table = make_test_table();
    std::string md = render_markdown(*table);
    for (const MethodSpec* spec : table->methods()) {
        EXPECT_NE(md.find("\n## " + spec->name + "\n"), std::string::npos) << spec->name;
    }
    EXPECT_NE(md.find("| `text` | string | yes | ≤ 16 bytes | Any text. |"), std::string::npos) << md;
    EXPECT_NE(md.find("-32000 INSUFFICIENT_BALANCE"), std::string::npos);
    EXPECT_NE(md.find(R"("method":"echo","params":{"text":"hi"})"), std::string::npos);
}

}  // namespace
}  // namespace folio::rpc::test
