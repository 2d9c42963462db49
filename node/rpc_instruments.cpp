// The read queries of the instrument registry (chain/registry.h, InstrumentRegistry::queries), added to the
// method table as they are declared in contracts/: a new query touches contracts/ only. Each answers from one
// committed snapshot (state and height together) and the store's history.
#include <nlohmann/json.hpp>

#include "node/rpc_common.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

rpc::ParamType param_type_of(const json& schema) {
    const std::string type = schema.value("type", std::string());
    if (type == "string") return rpc::ParamType::String;
    if (type == "integer") return schema.value("minimum", int64_t{-1}) >= 0 ? rpc::ParamType::Unsigned : rpc::ParamType::Integer;
    if (type == "number") return rpc::ParamType::Number;
    if (type == "boolean") return rpc::ParamType::Boolean;
    if (type == "object") return rpc::ParamType::Object;
    if (type == "array") return rpc::ParamType::Array;
    return rpc::ParamType::Any;
}

// The query's content descriptors as the table's params; INVALID_ARGUMENT (a bug of the instrument, found when
// the node starts) for a list that does not parse.
Result<std::vector<rpc::ParamSpec>> params_of(const InstrumentQuery& q) {
    const json list = json::parse(q.params, nullptr, false);
    if (!list.is_array()) return make_error(Reason::INVALID_ARGUMENT, q.name + ": params is not a JSON array");
    std::vector<rpc::ParamSpec> out;
    for (const json& d : list) {
        if (!d.is_object() || !d.contains("name") || !d["name"].is_string())
            return make_error(Reason::INVALID_ARGUMENT, q.name + ": a param without a name");
        const json schema = d.value("schema", json::object());
        rpc::ParamSpec p;
        p.name = d["name"].get<std::string>();
        p.type = param_type_of(schema);
        p.required = d.value("required", false);
        p.description = d.value("description", std::string());
        p.max_length = schema.value("maxLength", schema.value("maxItems", size_t{0}));
        if (schema.contains("maximum") && schema["maximum"].is_number_unsigned())
            p.maximum = schema["maximum"].get<uint64_t>();
        if (schema.contains("minimum") && schema["minimum"].is_number_integer())
            p.minimum = schema["minimum"].get<int64_t>();
        if (schema.contains("enum")) {
            for (const json& v : schema["enum"]) p.allowed_values.push_back(v.get<std::string>());
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace

Status register_instrument_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    for (const InstrumentQuery* q : services.registry.queries()) {
        auto params = params_of(*q);
        if (!params) return params.error();
        if (Status st = table.add({
                .name = q->name,
                .scope = rpc::Scope::Read,
                .summary = q->summary,
                .params = std::move(params).value(),
                .result_schema = q->result_schema,
                .errors = q->errors,
                .example_params = q->example_params,
                .example_result = q->example_result,
                .handler = rpc::sync_handler([s, q](const json& p, const rpc::CallContext&) -> RpcOutcome {
                    const Ledger::Snapshot snap = s->ledger.snapshot();
                    const DecimalsLookup decimals = decimals_lookup(snap.state());
                    const QueryContext ctx{snap.state(), snap.height(), snap.head().time_ms, s->ledger.store(), decimals};
                    auto answer = q->handler(ctx, p);
                    if (!answer) return RpcOutcome::failure(answer.error());
                    return RpcOutcome::success(std::move(answer).value());
                }),
            });
            !st) {
            return st;
        }
    }
    return Status::success();
}

}  // namespace folio::node::rpcm
