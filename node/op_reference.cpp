#include "node/op_reference.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "node/op_examples.h"

namespace folio::node {
namespace {

using nlohmann::json;
using K = OpFieldKind;

// bech32m: "folio1", 52 data characters for the 32-byte account id, 6 of checksum; one case throughout.
constexpr const char* kAddressPattern = "^(folio1[02-9ac-hj-np-z]{58}|FOLIO1[02-9AC-HJ-NP-Z]{58})$";
constexpr const char* kHex32Pattern = "^[0-9a-fA-F]{64}$";
constexpr const char* kSymbolPattern = "^[A-Z0-9.-]{1,12}$";
constexpr const char* kAmountPattern = "^[0-9]+(\\.[0-9]{1,18})?$";
constexpr uint64_t kAmountMaxLength = 64;  // chain/op_json.cpp reads at most 64 bytes of an amount

std::string field_description(const OpField& f) {
    std::string d(f.description);
    if (!f.unit.empty()) {
        d += " (";
        d += f.unit;
        d += ')';
    }
    return d;
}

// The kind as chain/op_fields.h names it.
const char* op_field_kind_name(OpFieldKind kind) {
    switch (kind) {
        case K::text: return "text";
        case K::unsigned_integer: return "unsigned_integer";
        case K::boolean: return "boolean";
        case K::address: return "address";
        case K::symbol: return "symbol";
        case K::amount: return "amount";
        case K::hex32: return "hex32";
        case K::instrument_id: return "instrument_id";
        case K::name: return "name";
        case K::object: return "object";
        case K::array: return "array";
    }
    return "unknown";
}

json field_schema(const OpField& f);

json object_schema(std::span<const OpField> fields, const json& op_name) {
    json properties = json::object();
    json required = json::array();
    if (!op_name.is_null()) {
        properties["op"] = {{"const", op_name}};
        required.push_back("op");
    }
    for (const OpField& f : fields) {
        properties[std::string(f.name)] = field_schema(f);
        if (f.required) required.push_back(std::string(f.name));
    }
    return {{"type", "object"},
            {"properties", std::move(properties)},
            {"required", std::move(required)},
            {"additionalProperties", false}};
}

json field_schema(const OpField& f) {
    json s;
    switch (f.kind) {
        case K::text:
            s = {{"type", "string"}};
            if (f.max != 0) s["maxLength"] = f.max;
            break;
        case K::unsigned_integer:
            s = {{"type", "integer"}, {"minimum", 0}};
            if (f.max != 0) s["maximum"] = f.max;
            break;
        case K::boolean:
            s = {{"type", "boolean"}};
            break;
        case K::address:
            s = {{"type", "string"}, {"pattern", kAddressPattern}};
            break;
        case K::symbol:
            s = {{"type", "string"}, {"pattern", kSymbolPattern}};
            break;
        case K::amount:
            s = {{"type", "string"}, {"pattern", kAmountPattern}, {"maxLength", kAmountMaxLength}};
            break;
        case K::hex32:
            s = {{"type", "string"}, {"pattern", kHex32Pattern}};
            break;
        case K::instrument_id:
            s = {{"type", "string"}, {"pattern", "^[0-9a-f]{32}$"}};
            break;
        case K::name: {
            json names = json::array();
            for (std::string_view n : f.names) names.push_back(std::string(n));
            s = {{"type", "string"}, {"enum", std::move(names)}};
            break;
        }
        case K::object:
            s = object_schema(f.members, json());
            break;
        case K::array:
            s = {{"type", "array"}, {"minItems", 1}, {"items", object_schema(f.members, json())}};
            if (f.max != 0) s["maxItems"] = f.max;
            break;
    }
    s["description"] = field_description(f);
    // The table's own kind, for tools that mirror the table (the TypeScript client's test): JSON Schema
    // ignores keywords it does not know.
    s["x-folio-kind"] = op_field_kind_name(f.kind);
    return s;
}

const OpExample* example_of(std::string_view op) {
    for (const OpExample& e : op_examples::kOpExamples) {
        if (e.op == op) return &e;
    }
    return nullptr;
}

// "moves units" -> "Moves units.": a table's summary as a sentence.
std::string sentence(std::string_view summary) {
    std::string s(summary);
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    s += '.';
    return s;
}

// An op as one line of JSON with its name first, as people write it (nlohmann's json sorts its keys).
std::string op_text(const json& op) {
    nlohmann::ordered_json ordered;
    if (op.contains("op")) ordered["op"] = op["op"];
    for (const auto& [k, v] : op.items()) {
        if (k != "op") ordered[k] = v;
    }
    return ordered.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n')
            out += ' ';
        else
            out += c;
    }
    return out;
}

// The JSON type and what the value must look like, for the fields table.
std::string type_text(const OpField& f) {
    switch (f.kind) {
        case K::text:
            return f.max != 0 ? "string, ≤ " + std::to_string(f.max) + " bytes of UTF-8" : "string (UTF-8)";
        case K::unsigned_integer:
            return f.max != 0 ? "integer, 0 to " + std::to_string(f.max) : "integer ≥ 0 (up to 2^64-1)";
        case K::boolean:
            return "boolean";
        case K::address:
            return "address (string `folio1…`)";
        case K::symbol:
            return "symbol (string, 1-12 of `A-Z 0-9 . -`)";
        case K::amount:
            return "amount (decimal string, at most the asset's decimals)";
        case K::hex32:
            return "64 hex characters (string)";
        case K::instrument_id:
            return "id: 32 lowercase hex characters (string)";
        case K::name: {
            std::string s = "string, one of ";
            for (size_t i = 0; i < f.names.size(); ++i) {
                s += i == 0 ? "`" : ", `";
                s += f.names[i];
                s += '`';
            }
            return s;
        }
        case K::object:
            return "object (fields below)";
        case K::array:
            return "array of 1 to " + std::to_string(f.max) + " objects (fields below)";
    }
    return "";
}

void field_rows(std::ostringstream& md, std::span<const OpField> fields, const std::string& prefix) {
    for (const OpField& f : fields) {
        const std::string path = prefix + std::string(f.name);
        md << "| `" << path << "` | " << cell(type_text(f)) << " | " << (f.required ? "yes" : "no") << " | "
           << cell(f.unit.empty() ? "" : f.unit) << " | " << cell(f.description) << " |\n";
        if (f.kind == K::object) field_rows(md, f.members, path + ".");
        if (f.kind == K::array) field_rows(md, f.members, path + "[].");
    }
}

}  // namespace

json op_schema(const OpShape& shape) {
    json s = object_schema(shape.fields, std::string(shape.op));
    s["title"] = std::string(shape.op);
    s["description"] = std::string(shape.summary) + ". Signed by " + std::string(shape.signer) + ".";
    return s;
}

std::vector<const OpShape*> all_op_shapes(const InstrumentRegistry& registry) {
    std::vector<const OpShape*> out;
    for (const OpShape& shape : core_op_shapes()) out.push_back(&shape);
    for (const InstrumentOpInfo& op : registry.ops()) out.push_back(op.shape);
    return out;
}

json ops_item_schema(const InstrumentRegistry& registry) {
    json one_of = json::array();
    for (const OpShape* shape : all_op_shapes(registry)) one_of.push_back(op_schema(*shape));
    return {{"oneOf", std::move(one_of)}};
}

std::string render_ops_schema_json(const InstrumentRegistry& registry) {
    return ops_item_schema(registry).dump(2) + "\n";
}

std::string render_ops_markdown(const InstrumentRegistry& registry) {
    const std::vector<const OpShape*> shapes = all_op_shapes(registry);
    std::ostringstream md;
    md << "# Folio ops\n\n"
       << "<!-- Generated from the op table (chain/op_fields.cpp) and node/op_examples.h by "
          "node::render_ops_markdown; do not edit by hand. -->\n\n"
       << "A tx carries 1 to 64 ops, executed in order and all or nothing: if one fails, the tx is still "
          "included (its nonce and client_ref are used) but every op is rolled back and the receipt names "
          "the "
          "failing op (`op_index`) and its reason. `tx_build` and `tx_sign_submit` take ops as JSON objects "
          "`{\"op\": NAME, ...fields}`; `tx_get`, `block_get` and `account_history` show them in the same "
          "form. "
          "The OpenRPC document (`rpc_methods`) gives the same shapes as JSON Schemas (`oneOf` on `op`), "
          "and docs/ops-schema.json holds them as a file for code generators, each field with its kind "
          "(`x-folio-kind`).\n\n"
       << "Conventions:\n\n"
       << "- An op is accepted whole or refused: a field that is not listed (a typo, another op's field), a "
          "missing required field or a field of the wrong type is `INVALID_ARGUMENT` naming it "
          "(`ops[0].assets: unknown field of op freeze`), and nothing is submitted.\n"
       << "- Amounts are decimal strings in the asset's units (`\"12.50\"` for 12.50 EURX), with at most the "
          "asset's `decimals`; never JSON numbers. The node shows them with exactly that many decimals.\n"
       << "- Times are integers in milliseconds since the Unix epoch, UTC (`expires_ms`).\n"
       << "- Addresses are bech32m `folio1…`; keys and hashes are 64 hex characters; symbols are 1-12 of "
          "`A-Z 0-9 . -`.\n"
       << "- Who signs: the tx's signer must be allowed the op when its block executes; otherwise the op "
          "fails with `NOT_AUTHORIZED` (and the tx is refused at submit, since the node checks each tx "
          "against the latest state).\n"
       << "- Reasons listed per op are those the op itself gives; every tx can also be refused for its "
          "signature, nonce, expiry or size (see `tx_submit` in docs/rpc.md), and the codes are explained in "
          "docs/reason-codes.md.\n"
       << "- The examples were taken from a real run (tests/node/op_examples_test.cpp): each op was sent to "
          "`tx_sign_submit` or `tx_build`, committed, and read back with `tx_get`.\n\n"
       << "| op | summary | signed by |\n|---|---|---|\n";
    for (const OpShape* row : shapes) {
        const OpShape& shape = *row;
        md << "| [`" << shape.op << "`](#" << shape.op << ") | " << cell(shape.summary) << " | "
           << cell(shape.signer) << " |\n";
    }
    for (const OpShape* row : shapes) {
        const OpShape& shape = *row;
        md << "\n## " << shape.op << "\n\n"
           << sentence(shape.summary) << "\n\n"
           << "Signed by: " << shape.signer << ".\n\n"
           << "| field | type | required | unit | description |\n|---|---|---|---|---|\n"
           << "| `op` | `\"" << shape.op << "\"` | yes |  | the op's name |\n";
        field_rows(md, shape.fields, "");
        md << "\nReasons:";
        for (Reason r : shape.reasons) md << " `" << reason_name(r) << "`";
        md << "\n";
        if (const OpExample* e = example_of(shape.op)) {
            md << "\nExample (signed by the " << e->signer << " account, committed at height " << e->height
               << "):\n\n```json\n"
               << op_text(json::parse(e->sent)) << "\n```\n";
            const json shown = json::parse(e->shown);
            if (shown != json::parse(e->sent)) {
                md << "\nAs `tx_get` shows it:\n\n```json\n" << op_text(shown) << "\n```\n";
            }
        }
    }
    return md.str();
}

}  // namespace folio::node
