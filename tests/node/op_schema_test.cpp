// The OpenRPC document (rpc_methods) describes the items of `ops` as JSON Schemas, one per op, generated from
// the op table: every op is there, with its required fields, and no object takes a member it does not list.
// The examples of real ops (node/op_examples.h) must validate against exactly one of them.
#include <algorithm>
#include <regex>
#include <set>

#include "chain/op_fields.h"
#include "node/op_examples.h"
#include "contracts/registry.h"
#include "node/op_reference.h"
#include "rpc/describe.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

json ops_param_schema(const json& document, const std::string& method) {
    for (const json& m : document["methods"]) {
        if (m["name"] != method) continue;
        for (const json& p : m["params"]) {
            if (p["name"] == "ops") return p["schema"];
        }
    }
    return json();
}

// Every object schema below `schema` closes its members and requires only members it lists.
void expect_closed(const json& schema, const std::string& where) {
    if (!schema.is_object()) return;
    if (schema.value("type", "") == "object") {
        EXPECT_EQ(schema.value("additionalProperties", true), false) << where;
        ASSERT_TRUE(schema.contains("properties")) << where;
        for (const json& r : schema.value("required", json::array())) {
            EXPECT_TRUE(schema["properties"].contains(r.get<std::string>())) << where << " requires " << r;
        }
        for (const auto& [name, sub] : schema["properties"].items()) expect_closed(sub, where + "." + name);
    }
    if (schema.contains("items")) expect_closed(schema["items"], where + "[]");
}

// A validator for the keywords the op schemas use (type, const, enum, pattern, bounds, properties, required,
// additionalProperties, items): enough to check real ops against them.
bool valid(const json& v, const json& s) {
    if (s.contains("const") && v != s["const"]) return false;
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
        return false;
    const std::string type = s.value("type", "");
    if (type == "string") {
        if (!v.is_string()) return false;
        const auto& text = v.get_ref<const std::string&>();
        if (s.contains("maxLength") && text.size() > s["maxLength"].get<size_t>()) return false;
        if (s.contains("pattern") && !std::regex_search(text, std::regex(s["pattern"].get<std::string>())))
            return false;
    } else if (type == "integer") {
        if (!v.is_number_integer()) return false;
        if (s.contains("minimum") && v.get<int64_t>() < s["minimum"].get<int64_t>()) return false;
        if (s.contains("maximum") && v.get<uint64_t>() > s["maximum"].get<uint64_t>()) return false;
    } else if (type == "boolean") {
        if (!v.is_boolean()) return false;
    } else if (type == "array") {
        if (!v.is_array()) return false;
        if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>()) return false;
        if (s.contains("maxItems") && v.size() > s["maxItems"].get<size_t>()) return false;
        for (const json& item : v) {
            if (!valid(item, s["items"])) return false;
        }
    } else if (type == "object") {
        if (!v.is_object()) return false;
        for (const json& r : s["required"]) {
            if (!v.contains(r.get<std::string>())) return false;
        }
        for (const auto& [k, item] : v.items()) {
            if (!s["properties"].contains(k)) return false;
            if (!valid(item, s["properties"][k])) return false;
        }
    }
    return true;
}

TEST(op_schema, TxBuildAndTxSignSubmitDescribeEachOpItem) {
    NodeRpc node;
    const json document = rpc::openrpc_document(node.table());
    for (const char* method : {"tx_build", "tx_sign_submit"}) {
        const json schema = ops_param_schema(document, method);
        ASSERT_TRUE(schema.contains("items")) << method;
        EXPECT_EQ(schema["items"], ops_item_schema(*contracts::make_registry())) << method;
    }
}

TEST(op_schema, OneSchemaPerCoreOpSelectedByItsConstOp) {
    const auto registry = contracts::make_registry();
    const json one_of = ops_item_schema(*registry)["oneOf"];
    const std::vector<const OpShape*> shapes = all_op_shapes(*registry);
    ASSERT_EQ(one_of.size(), core_op_shapes().size() + registry->ops().size()) << "core ops, then instrument ops";
    ASSERT_EQ(one_of.size(), shapes.size());
    std::set<std::string> names;
    for (size_t i = 0; i < one_of.size(); ++i) {
        const OpShape& shape = *shapes[i];
        EXPECT_EQ(one_of[i]["properties"]["op"]["const"], std::string(shape.op));
        names.insert(one_of[i]["properties"]["op"]["const"].get<std::string>());
    }
    EXPECT_EQ(names.size(), one_of.size()) << "two schemas select the same op";
}

TEST(op_schema, RequiredFieldsAreThoseOfTheTable) {
    for (const OpShape& shape : core_op_shapes()) {
        std::set<std::string> expected = {"op"};
        for (const OpField& f : shape.fields) {
            if (f.required) expected.insert(std::string(f.name));
        }
        const json schema = op_schema(shape);
        std::set<std::string> required;
        for (const json& r : schema["required"]) required.insert(r.get<std::string>());
        EXPECT_EQ(required, expected) << shape.op;
        EXPECT_EQ(schema["properties"].size(), shape.fields.size() + 1) << shape.op;
    }
}

TEST(op_schema, NoObjectTakesMembersItDoesNotList) {
    for (const OpShape& shape : core_op_shapes()) expect_closed(op_schema(shape), std::string(shape.op));
}

TEST(op_schema, EveryRealOpMatchesExactlyOneSchema) {
    const json one_of = ops_item_schema(*contracts::make_registry())["oneOf"];
    for (const OpExample& e : op_examples::kOpExamples) {
        for (const json& op : {json::parse(e.sent), json::parse(e.shown)}) {
            size_t matches = 0;
            for (const json& s : one_of) matches += valid(op, s);
            EXPECT_EQ(matches, 1u) << e.op << ": " << op.dump();
        }
    }
}

TEST(op_schema, AMisspelledFieldMatchesNoSchema) {
    json op = json::parse(op_examples::kOpExamples[0].sent);
    op["pubkeys"] = op["pubkey"];
    const json one_of = ops_item_schema(*contracts::make_registry())["oneOf"];
    for (const json& s : one_of) EXPECT_FALSE(valid(op, s)) << s["title"];
}

// The structure OpenRPC 1.2.6 requires of a document: openrpc, info {title, version}, methods with a name,
// params (each a name and a schema), a result with a name and a schema, and unique method names.
TEST(op_schema, RpcMethodsIsAnOpenRpcDocument) {
    NodeRpc node;
    const json d = rpc::openrpc_document(node.table());
    EXPECT_EQ(d["openrpc"], "1.2.6");
    EXPECT_TRUE(d["info"]["title"].is_string());
    EXPECT_TRUE(d["info"]["version"].is_string());
    EXPECT_NE(d["info"]["description"].get<std::string>().find("docs/ops.md"), std::string::npos);
    std::set<std::string> names;
    for (const json& m : d["methods"]) {
        ASSERT_TRUE(m["name"].is_string());
        EXPECT_TRUE(names.insert(m["name"].get<std::string>()).second) << m["name"];
        ASSERT_TRUE(m["params"].is_array()) << m["name"];
        for (const json& p : m["params"]) {
            EXPECT_TRUE(p["name"].is_string()) << m["name"];
            EXPECT_TRUE(p["schema"].is_object()) << m["name"];
        }
        EXPECT_TRUE(m["result"]["name"].is_string()) << m["name"];
        EXPECT_TRUE(m["result"]["schema"].is_object()) << m["name"];
    }
}

}  // namespace
}  // namespace folio::node::test
