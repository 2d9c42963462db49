#include "rpc/describe.h"

#include <sstream>

#include <nlohmann/json.hpp>

namespace folio::rpc {

using nlohmann::json;

namespace {

// The codes every method may answer besides its own reasons: checked by the server before the handler runs.
struct GenericError {
    int code;
    Reason reason;
};
constexpr GenericError kGenericErrors[] = {
    {code::kInvalidParams, Reason::INVALID_ARGUMENT},
    {code::kUnauthorized, Reason::NOT_AUTHORIZED},
    {code::kInternal, Reason::INTERNAL},
};

json error_object(int c, Reason reason) {
    return json{
        {"code", c}, {"message", std::string(code_title(c))}, {"data", {{"reason", reason_name(reason)}}}};
}

json method_errors(const MethodSpec& spec) {
    json errors = json::array();
    for (Reason r : spec.errors) errors.push_back(error_object(code_for_reason(r), r));
    for (const auto& g : kGenericErrors) {
        if (g.code == code::kUnauthorized && spec.scope == Scope::Public) continue;
        errors.push_back(error_object(g.code, g.reason));
    }
    if (spec.websocket_only) errors.push_back(error_object(code::kWebSocketRequired, Reason::UNAVAILABLE));
    return errors;
}

json method_example(const MethodSpec& spec) {
    json example = {{"name", spec.name + " example"}, {"params", json::array()}};
    json params = json::parse(spec.example_params);
    if (params.is_object()) {
        // In declaration order, as OpenRPC example pairings list them.
        for (const auto& p : spec.params) {
            if (params.contains(p.name))
                example["params"].push_back({{"name", p.name}, {"value", params[p.name]}});
        }
    }
    if (!spec.example_result.empty()) {
        example["result"] = {{"name", spec.result_name}, {"value", json::parse(spec.example_result)}};
    }
    return example;
}

json example_request(const MethodSpec& spec) {
    return json{
        {"jsonrpc", "2.0"}, {"id", 1}, {"method", spec.name}, {"params", json::parse(spec.example_params)}};
}

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Pipes and newlines would break a Markdown table row.
std::string cell(std::string text) {
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

std::string bounds_text(const ParamSpec& p) {
    std::string out;
    auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
    if (p.max_length != 0)
        add(p.type == ParamType::String ? "≤ " + std::to_string(p.max_length) + " bytes"
                                        : "≤ " + std::to_string(p.max_length) + " items");
    if (p.minimum) add("≥ " + std::to_string(*p.minimum));
    if (p.maximum) add("≤ " + std::to_string(*p.maximum));
    if (!p.allowed_values.empty()) {
        std::string values;
        for (const auto& v : p.allowed_values) values += (values.empty() ? "`" : ", `") + v + "`";
        add("one of " + values);
    }
    return out;
}

}  // namespace

json param_schema(const ParamSpec& p) {
    json schema = json::object();
    if (p.type != ParamType::Any) schema["type"] = std::string(param_type_name(p.type));
    if (p.type == ParamType::Unsigned) schema["minimum"] = 0;
    if (p.max_length != 0) {
        if (p.type == ParamType::String) schema["maxLength"] = p.max_length;
        if (p.type == ParamType::Array) schema["maxItems"] = p.max_length;
        if (p.type == ParamType::Object) schema["maxProperties"] = p.max_length;
    }
    if (p.minimum) schema["minimum"] = *p.minimum;
    if (p.maximum) schema["maximum"] = *p.maximum;
    if (!p.allowed_values.empty()) schema["enum"] = p.allowed_values;
    if (!p.items_schema.empty()) schema["items"] = json::parse(p.items_schema);
    return schema;
}

json openrpc_document(const MethodTable& table) {
    json methods = json::array();
    for (const MethodSpec* spec : table.methods()) {
        json params = json::array();
        for (const auto& p : spec->params) {
            params.push_back({{"name", p.name},
                              {"required", p.required},
                              {"schema", param_schema(p)},
                              {"description", p.description}});
        }
        json method = {
            {"name", spec->name},
            {"summary", spec->summary},
            {"paramStructure", "either"},
            {"params", std::move(params)},
            {"result",
             {{"name", spec->result_name},
              {"description", spec->result_description},
              {"schema", json::parse(spec->result_schema)}}},
            {"errors", method_errors(*spec)},
            {"examples", json::array({method_example(*spec)})},
            {"x-scope", std::string(scope_name(spec->scope))},
        };
        if (!spec->description.empty()) method["description"] = spec->description;
        if (spec->websocket_only) method["x-websocket-only"] = true;
        methods.push_back(std::move(method));
    }
    return json{{"openrpc", "1.2.6"},
                {"info",
                 {{"title", table.info().title},
                  {"version", table.info().version},
                  {"description", table.info().description}}},
                {"methods", std::move(methods)}};
}

std::string render_markdown(const MethodTable& table) {
    std::ostringstream md;
    md << "# " << table.info().title << " " << table.info().version << "\n\n"
       << "<!-- Generated from the method table (rpc::render_markdown); do not edit by hand. -->\n\n"
       << table.info().description << "\n\n"
       << "Calls are JSON-RPC 2.0 over HTTP `POST /` or WebSocket `/ws`, with params by name (or by "
          "position, "
          "in the order listed). A method needs a bearer token of at least its scope "
          "(`admin` ⊃ `submit` ⊃ `read` ⊃ `public`): `Authorization: Bearer <token>`. "
          "Errors are `{code, message, data: {reason, ...}}`; see docs/rpc-server.md for the codes.\n\n"
       << "| method | scope | summary |\n|---|---|---|\n";
    for (const MethodSpec* spec : table.methods()) {
        md << "| [`" << spec->name << "`](#" << spec->name << ") | " << scope_name(spec->scope) << " | "
           << cell(spec->summary) << " |\n";
    }
    for (const MethodSpec* spec : table.methods()) {
        md << "\n## " << spec->name << "\n\n" << spec->summary << "\n\n";
        if (!spec->description.empty()) md << spec->description << "\n\n";
        md << "Scope: `" << scope_name(spec->scope) << "`"
           << (spec->websocket_only ? ". WebSocket only (`/ws`)." : ".") << "\n\n";
        if (spec->params.empty()) {
            md << "Params: none.\n\n";
        } else {
            md << "| param | type | required | bounds | description |\n|---|---|---|---|---|\n";
            for (const auto& p : spec->params) {
                md << "| `" << p.name << "` | "
                   << (p.type == ParamType::Unsigned ? "unsigned integer"
                                                     : std::string(param_type_name(p.type)))
                   << " | " << (p.required ? "yes" : "no") << " | " << cell(bounds_text(p)) << " | "
                   << cell(p.description) << " |\n";
            }
            md << "\n";
        }
        md << "Result (`" << spec->result_name << "`): " << spec->result_description << "\n\n";
        json schema = json::parse(spec->result_schema);
        if (!schema.empty()) md << "Schema: `" << cell(dump(schema)) << "`\n\n";
        md << "Errors:";
        for (const auto& e : method_errors(*spec)) {
            md << " `" << e["code"].get<int>() << " " << e["data"]["reason"].get<std::string>() << "`";
        }
        md << "\n\nExample:\n\n```json\n" << dump(example_request(*spec)) << "\n";
        if (!spec->example_result.empty()) {
            md << dump(json{{"jsonrpc", "2.0"}, {"id", 1}, {"result", json::parse(spec->example_result)}})
               << "\n";
        }
        md << "```\n";
    }
    return md.str();
}

}  // namespace folio::rpc
