// What folio-cli prints: results for people (tables for the common reads, pretty JSON for the rest) and the
// help pages made from the node's rpc_methods document. Pure functions; a node's answer is never trusted to
// be well-formed: a missing or odd field prints as empty or as JSON, never throws.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace folio::cli {

// The result of `method` for people. chain_status, account_get, account_holdings, asset_list, asset_holders
// and mempool_list get tables; every other method pretty JSON.
std::string render_result(const std::string& method, const nlohmann::json& result);

// `folio-cli help`: every method of the document with its scope and summary.
std::string render_method_list(const nlohmann::json& openrpc);
// `folio-cli help METHOD`: summary, description, params, result, errors, an example call.
std::string render_method_help(const nlohmann::json& method);

// The entry of `name` in an OpenRPC document, or null.
const nlohmann::json* find_method(const nlohmann::json& openrpc, const std::string& name);

}  // namespace folio::cli
