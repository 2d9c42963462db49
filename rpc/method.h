// The method table: one entry per JSON-RPC method, from which dispatch, param validation, the OpenRPC
// document returned by `rpc_methods` and the Markdown reference (docs/rpc.md) all come. No method is
// described twice.
//
// Registering a method (the node does this at start-up, before Server::start):
//
//   table.add({.name = "tx_wait", .scope = Scope::Read,
//              .summary = "Waits until a tx is committed or expires.",
//              .params = {{.name = "tx_hash", .type = ParamType::String, .required = true,
//                          .description = "Hash of the tx, hex.", .max_length = 64},
//                         {.name = "timeout_ms", .type = ParamType::Unsigned, .description = "...",
//                          .maximum = 60000}},
//              .result_description = "Status of the tx.",
//              .result_schema = R"({"type":"object","properties":{"status":{"type":"string"}}})",
//              .errors = {Reason::TIMEOUT},
//              .example_params = R"({"tx_hash":"ab12..."})",
//              .example_result = R"({"status":"committed"})",
//              .handler = [](const json& p, const CallContext& ctx, Respond respond) {
//                  waiters.add(p["tx_hash"], std::move(respond));  // answered when a block commits
//              }});
//
// Handlers receive params already checked against the entry: an object holding only known params, every
// required one present, each of its declared type and within its bounds (an absent optional param is absent,
// never null). A handler runs on a server I/O thread and must not block; it answers by calling `respond`
// exactly once, now or later and from any thread (tx_wait answers when a commit happens). Later calls are
// ignored; if every copy of `respond` is dropped without a call, the caller gets an internal error (-32603).
//
// Thread safety: add() before the server starts; afterwards the table is read-only and shared by all threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/result.h"
#include "rpc/context.h"
#include "rpc/outcome.h"
#include "rpc/scope.h"

namespace folio::rpc {

using Respond = std::function<void(RpcOutcome)>;
using Handler = std::function<void(const nlohmann::json& params, const CallContext& ctx, Respond respond)>;
using SyncHandler = std::function<RpcOutcome(const nlohmann::json& params, const CallContext& ctx)>;
using BatchPrepare = std::function<void(const std::vector<const nlohmann::json*>& params, const CallContext& ctx)>;

// Wraps a handler that answers before it returns.
Handler sync_handler(SyncHandler handler);

enum class ParamType {
    String,
    Integer,   // any JSON integer (signed 64-bit range)
    Unsigned,  // a JSON integer >= 0 (up to 2^64-1): heights, nonces
    Number,    // any JSON number
    Boolean,
    Object,
    Array,
    Any,
};
std::string_view param_type_name(ParamType type);  // the JSON Schema "type" ("string", "integer", ...)

struct ParamSpec {
    std::string name;
    ParamType type = ParamType::String;
    bool required = false;
    std::string description;
    size_t max_length = 0;  // String: bytes; Array: items; Object: members. 0 = no bound
    // The reason a string over max_length is refused with, when a specific one is documented (MEMO_TOO_LONG
    // for a memo); its JSON-RPC code follows from it. Every other bound is INVALID_ARGUMENT (-32602).
    Reason too_long = Reason::INVALID_ARGUMENT;
    std::optional<int64_t> minimum;           // Integer, Unsigned
    std::optional<uint64_t> maximum;          // Integer (when >= 0), Unsigned
    std::vector<std::string> allowed_values;  // String: the only accepted values, if any
    // Array: the JSON Schema of each item, as JSON text, shown in rpc_methods; empty = any. Documentation
    // only: the handler checks the items (the ops of tx_build are checked against chain/op_fields.h).
    std::string items_schema;
};

struct MethodSpec {
    std::string name;               // lowercase family_verb, e.g. "chain_status"
    Scope scope = Scope::Read;      // the least scope a caller needs
    std::string summary;            // one line
    std::string description;        // optional, Markdown
    std::vector<ParamSpec> params;  // by name; positional arrays map onto this order
    std::string result_name = "result";
    std::string result_description;
    std::string result_schema = "{}";   // JSON Schema of the result, as JSON text
    std::vector<Reason> errors;         // reasons the method may answer with, beyond the generic ones
    std::string example_params = "{}";  // JSON text: must pass this entry's own param validation
    std::string example_result;         // JSON text
    bool websocket_only = false;        // subscriptions: refused over HTTP with -32005
    Handler handler;
    // Optional. Called once per JSON-RPC batch that holds at least two calls of this method, before any of the
    // batch's calls runs, with their raw params (not validated yet: anything may be there; nullptr for a call
    // without params) and only for a caller whose scope allows the method. For work cheaper done together,
    // such as checking the signatures of a batch's tx_submit calls on all cores at once. It only prepares:
    // every call is still validated, run and answered on its own, so a hook that does nothing changes no answer.
    BatchPrepare batch_prepare;
};

struct ApiInfo {
    std::string title = "Folio JSON-RPC";
    std::string version = "0.1.0";
    std::string description =
        "JSON-RPC 2.0 interface of a Folio ledger node. The ops that tx_build and tx_sign_submit take (fields, "
        "units, who signs, reasons, examples) are described in docs/ops.md.";
};

class MethodTable {
  public:
    // Registers `rpc_methods` (public), which answers the table's OpenRPC document.
    explicit MethodTable(ApiInfo info = {});
    ~MethodTable();
    MethodTable(const MethodTable&) = delete;  // rpc_methods refers to this table
    MethodTable& operator=(const MethodTable&) = delete;

    // INVALID_ARGUMENT when the entry is malformed: duplicate or empty name, no handler, duplicate param
    // names, example or schema that is not JSON, example params that fail the entry's own validation.
    Status add(MethodSpec spec);

    const MethodSpec* find(std::string_view name) const;  // nullptr if unknown
    std::vector<const MethodSpec*> methods() const;       // sorted by name
    const ApiInfo& info() const { return info_; }

  private:
    ApiInfo info_;
    std::map<std::string, std::unique_ptr<MethodSpec>, std::less<>> methods_;
};

// Checks raw params (absent/null, an object by name, or an array by position) against the entry. On success
// the outcome's json() is the normalized params object; otherwise an invalid-params error (-32602, reason
// INVALID_ARGUMENT, data.param = the param at fault when there is one).
RpcOutcome validate_params(const MethodSpec& spec, const nlohmann::json& raw);

}  // namespace folio::rpc
