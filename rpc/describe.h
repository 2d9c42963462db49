// The method table described for people and tools: the OpenRPC 1.2 document that `rpc_methods` answers, and
// the Markdown reference that docs/rpc.md is generated from. Both come from the table alone.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "rpc/method.h"

namespace folio::rpc {

// {"openrpc":"1.2.6","info":{title,version,description},"methods":[{name, summary, description, params:
// [{name, required, schema, description}], result: {name, schema, description}, errors: [{code, message,
// data: {reason}}], examples: [{name, params: [{name, value}], result: {name, value}}], "x-scope": "read"}]}.
nlohmann::json openrpc_document(const MethodTable& table);

// A Markdown reference: the conventions (auth, errors), then one section per method with its scope, params
// table, result, errors and example request/response.
std::string render_markdown(const MethodTable& table);

// The JSON Schema of one param, from its type and bounds.
nlohmann::json param_schema(const ParamSpec& param);

}  // namespace folio::rpc
