// HTTP request -> HTTP response, with no sockets: routing, authentication, JSON-RPC over POST /, /health,
// /metrics and the node's GET routes. The server's sessions do the I/O and the limits around it.
//
// Status codes:
//   POST /    200 with the JSON-RPC reply (errors included), 204 when there is nothing to answer
//             (notifications), 401 + WWW-Authenticate when the Authorization header matches no token or when
//             an anonymous single call needs a scope, 403 when a token's scope is too low for a single call.
//             A batch is always 200, each refused call carrying -32002. 401/403 bodies are JSON-RPC errors
//             too.
//   GET /health  200 without a token.   GET /metrics  needs `read` (401 / 403 otherwise).
//   /ws without an upgrade 426; other paths 404; wrong method 405 (on "/": JSON-RPC error -32600, reason
//   METHOD_NOT_ALLOWED, whose message says JSON-RPC is POST /, names rpc_methods and the GET paths served).
//
// A token that matches none is logged (ServerConfig::log_auth_failure) with its source, at most one line per
// source host per 10 s plus the count of those suppressed.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <variant>

#include "rpc/auth.h"
#include "rpc/auth_failure_log.h"
#include "rpc/dispatcher.h"
#include "rpc/server_config.h"

namespace folio::rpc {

class MethodTable;
class ServerMetrics;

struct Caller {
    Scope scope = Scope::Public;
    std::string token_name;
    bool has_token = false;
};

class HttpHandler {
  public:
    HttpHandler(const ServerConfig& config, std::shared_ptr<const MethodTable> table, TokenStore tokens,
                std::shared_ptr<ServerMetrics> metrics);

    // Replaces the token records (a token was created or revoked); calls in progress keep their scope.
    void set_tokens(TokenStore tokens);

    // The caller behind an Authorization header value (empty: anonymous); nullopt if it matches no token.
    std::optional<Caller> authenticate(std::string_view authorization) const;

    // Routes one request. `done` is called exactly once, before returning or later from a handler's thread.
    void handle(const HttpRequest& req, std::function<void(HttpResponse)> done) const;

    // At a WebSocket upgrade of /ws: the caller, or the response to send instead of upgrading.
    std::variant<Caller, HttpResponse> authorize_upgrade(const HttpRequest& req) const;

    const Dispatcher& dispatcher() const { return dispatcher_; }

    // A refusal at HTTP level. On "/" the body is a JSON-RPC error (id null) so JSON-RPC clients can read it;
    // elsewhere {"error": message}.
    static HttpResponse refusal(int status, std::string_view path, std::string_view message);

  private:
    HttpResponse auth_refusal(const std::optional<Caller>& caller, Scope needed, std::string_view path) const;
    // authenticate(), logging a failure with the request's source.
    std::optional<Caller> authenticate_request(const HttpRequest& req) const;
    std::string get_paths_text() const;

    Dispatcher dispatcher_;
    std::shared_ptr<ServerMetrics> metrics_;
    Scope anonymous_scope_;
    std::function<std::string()> health_;
    std::function<std::string()> node_metrics_;
    std::vector<GetRoute> routes_;
    mutable std::mutex tokens_mu_;
    std::shared_ptr<const TokenStore> tokens_;
    std::function<std::shared_ptr<const TokenStore>()> token_source_;
    std::function<void(std::string_view)> log_auth_failure_;
    mutable std::mutex auth_log_mu_;
    mutable AuthFailureLog auth_failures_;
};

// The request path without its query string.
std::string_view target_path(std::string_view target);

}  // namespace folio::rpc
