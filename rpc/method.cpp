#include "rpc/method.h"

#include <cassert>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "chain/crypto/schnorr.h"
#include "rpc/describe.h"

namespace folio::rpc {

using nlohmann::json;

std::string make_subscription_id() {
    uint8_t raw[8];
    crypto::random_bytes(raw, sizeof(raw));
    return to_hex(ByteView(raw, sizeof(raw)));
}

Handler sync_handler(SyncHandler handler) {
    return [handler = std::move(handler)](const json& params, const CallContext& ctx, Respond respond) {
        respond(handler(params, ctx));
    };
}

std::string_view param_type_name(ParamType type) {
    switch (type) {
        case ParamType::String:
            return "string";
        case ParamType::Integer:
        case ParamType::Unsigned:
            return "integer";
        case ParamType::Number:
            return "number";
        case ParamType::Boolean:
            return "boolean";
        case ParamType::Object:
            return "object";
        case ParamType::Array:
            return "array";
        case ParamType::Any:
            return "any";
    }
    return "any";
}

namespace {

RpcOutcome invalid_param(const std::string& param, std::string message) {
    json data = json::object();
    if (!param.empty()) data["param"] = param;
    return RpcOutcome::failure(code::kInvalidParams, Reason::INVALID_ARGUMENT, std::move(message),
                               std::move(data));
}

bool type_matches(ParamType type, const json& v) {
    switch (type) {
        case ParamType::String:
            return v.is_string();
        case ParamType::Integer:
            return v.is_number_integer() && (v.is_number_unsigned() ? v.get<uint64_t>() <= INT64_MAX : true);
        case ParamType::Unsigned:
            return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
        case ParamType::Number:
            return v.is_number();
        case ParamType::Boolean:
            return v.is_boolean();
        case ParamType::Object:
            return v.is_object();
        case ParamType::Array:
            return v.is_array();
        case ParamType::Any:
            return true;
    }
    return false;
}

// Empty if the value is within the param's bounds, else why not.
std::string bound_problem(const ParamSpec& p, const json& v) {
    if (p.max_length != 0) {
        size_t size = v.is_string()                     ? v.get_ref<const std::string&>().size()
                      : (v.is_array() || v.is_object()) ? v.size()
                                                        : 0;
        if (size > p.max_length) {
            return "param '" + p.name + "' is longer than " + std::to_string(p.max_length) +
                   (v.is_string() ? " bytes" : " items");
        }
    }
    if (v.is_number_integer()) {
        bool negative = !v.is_number_unsigned() && v.get<int64_t>() < 0;
        if (p.minimum) {
            bool below = negative ? v.get<int64_t>() < *p.minimum
                                  : (*p.minimum > 0 && v.get<uint64_t>() < static_cast<uint64_t>(*p.minimum));
            if (below) return "param '" + p.name + "' is below " + std::to_string(*p.minimum);
        }
        if (p.maximum && !negative && v.get<uint64_t>() > *p.maximum) {
            return "param '" + p.name + "' is above " + std::to_string(*p.maximum);
        }
    }
    if (!p.allowed_values.empty() && v.is_string()) {
        bool found = false;
        for (const auto& a : p.allowed_values) found = found || a == v.get_ref<const std::string&>();
        if (!found) return "param '" + p.name + "' is not one of the allowed values";
    }
    return {};
}

bool parses(const std::string& text) {
    return json::accept(text);
}

}  // namespace

RpcOutcome validate_params(const MethodSpec& spec, const json& raw) {
    json params = json::object();
    if (raw.is_array()) {
        if (raw.size() > spec.params.size()) {
            return invalid_param("", "too many positional params: " + spec.name + " takes at most " +
                                         std::to_string(spec.params.size()));
        }
        for (size_t i = 0; i < raw.size(); ++i) params[spec.params[i].name] = raw[i];
    } else if (raw.is_object()) {
        params = raw;
    } else if (!raw.is_null()) {
        return invalid_param("", "params must be an object or an array");
    }

    for (auto it = params.begin(); it != params.end(); ++it) {
        bool known = false;
        for (const auto& p : spec.params) known = known || p.name == it.key();
        if (!known) return invalid_param(it.key(), "unknown param '" + it.key() + "'");
    }
    for (const auto& p : spec.params) {
        auto it = params.find(p.name);
        // A null optional param means "not given": clients in some languages cannot leave a field out.
        if (it != params.end() && it->is_null() && !p.required) {
            params.erase(it);
            it = params.end();
        }
        if (it == params.end()) {
            if (p.required) return invalid_param(p.name, "missing required param '" + p.name + "'");
            continue;
        }
        if (!type_matches(p.type, *it)) {
            return invalid_param(p.name, "param '" + p.name + "' must be " +
                                             (p.type == ParamType::Unsigned
                                                  ? std::string("a non-negative integer")
                                                  : "of type " + std::string(param_type_name(p.type))));
        }
        if (p.too_long != Reason::INVALID_ARGUMENT && p.max_length != 0 && it->is_string() &&
            it->get_ref<const std::string&>().size() > p.max_length) {
            return RpcOutcome::failure(
                code_for_reason(p.too_long), p.too_long,
                "param '" + p.name + "' is longer than " + std::to_string(p.max_length) + " bytes",
                json{{"param", p.name}});
        }
        std::string problem = bound_problem(p, *it);
        if (!problem.empty()) return invalid_param(p.name, std::move(problem));
    }
    return RpcOutcome::success(std::move(params));
}

MethodTable::MethodTable(ApiInfo info) : info_(std::move(info)) {
    MethodSpec spec{
        .name = "rpc_methods",
        .scope = Scope::Public,
        .summary = "Describes every method of this node as an OpenRPC 1.2 document.",
        .description =
            "The document lists each method's params, result, errors, required scope (`x-scope`) and "
            "an example. docs/rpc.md is generated from the same table.",
        .params = {},
        .result_name = "openrpc_document",
        .result_description = "An OpenRPC 1.2 document.",
        .result_schema = R"({"type":"object","required":["openrpc","info","methods"]})",
        .errors = {},
        .example_params = "{}",
        .example_result =
            R"({"openrpc":"1.2.6","info":{"title":"Folio JSON-RPC","version":"0.1.0"},"methods":[]})",
        .websocket_only = false,
        .handler = sync_handler(
            [this](const json&, const CallContext&) { return RpcOutcome::success(openrpc_document(*this)); }),
    };
    [[maybe_unused]] Status added = add(std::move(spec));
    assert(added.ok());  // the entry above is well formed and the table is empty
}

MethodTable::~MethodTable() = default;

Status MethodTable::add(MethodSpec spec) {
    auto refuse = [&](const std::string& why) {
        return Status(make_error(Reason::INVALID_ARGUMENT, "method '" + spec.name + "': " + why));
    };
    if (spec.name.empty()) return refuse("empty name");
    for (char c : spec.name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return refuse("name must be [a-z0-9_]");
    }
    if (methods_.count(spec.name) != 0) return refuse("registered twice");
    if (!spec.handler) return refuse("no handler");
    if (spec.summary.empty()) return refuse("no summary");
    std::set<std::string> names;
    for (const auto& p : spec.params) {
        if (p.name.empty() || !names.insert(p.name).second) return refuse("empty or duplicate param name");
        if (!p.items_schema.empty() && (p.type != ParamType::Array || !parses(p.items_schema)))
            return refuse("items_schema of " + p.name + " is not JSON or not on an array");
    }
    if (!parses(spec.result_schema)) return refuse("result_schema is not JSON");
    if (!parses(spec.example_params)) return refuse("example_params is not JSON");
    if (!spec.example_result.empty() && !parses(spec.example_result))
        return refuse("example_result is not JSON");
    RpcOutcome example = validate_params(spec, json::parse(spec.example_params));
    if (!example.ok()) {
        return refuse("example_params fail validation: " + example.json()["message"].get<std::string>());
    }
    std::string name = spec.name;
    methods_.emplace(std::move(name), std::make_unique<MethodSpec>(std::move(spec)));
    return Status::success();
}

const MethodSpec* MethodTable::find(std::string_view name) const {
    auto it = methods_.find(name);
    return it == methods_.end() ? nullptr : it->second.get();
}

std::vector<const MethodSpec*> MethodTable::methods() const {
    std::vector<const MethodSpec*> out;
    out.reserve(methods_.size());
    for (const auto& [name, spec] : methods_) out.push_back(spec.get());
    return out;
}

}  // namespace folio::rpc
