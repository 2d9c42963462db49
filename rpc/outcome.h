// What a method call answers: a result, or a JSON-RPC error object {code, message, data: {reason, ...}}.
//
// Error codes (stable; clients branch on them, and on data.reason for the detail):
//   -32700 parse error        the body is not JSON, or nests deeper than the server's limit
//   -32600 invalid request    not a JSON-RPC 2.0 request; empty batch; batch over the limit (reason
//   TOO_LARGE) -32601 method not found -32602 invalid params     reason INVALID_ARGUMENT, data.param names
//   the offending param -32603 internal error     a bug or a storage failure in the node (reason INTERNAL,
//   IO_ERROR, CORRUPTION) -32000 refused            the ledger refused the request; data.reason says why
//   (INSUFFICIENT_BALANCE, ...) -32001 not found          reason NOT_FOUND -32002 unauthorized       the
//   caller's token lacks the method's scope (reason NOT_AUTHORIZED) -32003 timeout            reason TIMEOUT
//   -32004 unavailable        the node cannot serve this now; retrying later may succeed (UNAVAILABLE,
//   MEMPOOL_FULL) -32005 websocket required a subscription method was called over HTTP (reason UNAVAILABLE)
//
// A handler usually builds its failure from a chain Error; the code then follows from the reason
// (code_for_reason).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "chain/result.h"

namespace folio::rpc {

namespace code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternal = -32603;
inline constexpr int kRefused = -32000;
inline constexpr int kNotFound = -32001;
inline constexpr int kUnauthorized = -32002;
inline constexpr int kTimeout = -32003;
inline constexpr int kUnavailable = -32004;
inline constexpr int kWebSocketRequired = -32005;
}  // namespace code

// The JSON-RPC code a failure with this reason is reported under (see the table above).
int code_for_reason(Reason reason);
// Short fixed text for a code ("Invalid params"), used in rpc_methods and docs.
std::string_view code_title(int code);

// A move-only result-or-error. The JSON lives behind a pointer so this header needs only json_fwd.
class RpcOutcome {
  public:
    static RpcOutcome success(nlohmann::json result);
    // Code from the reason; data = {reason: NAME}.
    static RpcOutcome failure(const Error& error);
    // Code from the reason; data = extra_data (an object) plus {reason: NAME}, e.g. the first tx of a
    // DUPLICATE_CLIENT_REF.
    static RpcOutcome failure(const Error& error, nlohmann::json extra_data);
    // An explicit code, for the rare failure whose code does not follow from its reason.
    static RpcOutcome failure(int code, Reason reason, std::string message);
    static RpcOutcome failure(int code, Reason reason, std::string message, nlohmann::json extra_data);

    RpcOutcome(RpcOutcome&&) noexcept;
    RpcOutcome& operator=(RpcOutcome&&) noexcept;
    ~RpcOutcome();

    bool ok() const { return ok_; }
    // The result if ok(), else the error object {code, message, data}.
    const nlohmann::json& json() const { return *value_; }
    int error_code() const;  // 0 if ok()
    // Moves the JSON out (a large result need not be copied); the outcome is then spent.
    nlohmann::json take_json() &&;

  private:
    RpcOutcome(bool ok, std::unique_ptr<nlohmann::json> value);
    bool ok_;
    std::unique_ptr<nlohmann::json> value_;
};

}  // namespace folio::rpc
