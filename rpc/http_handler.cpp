#include "rpc/http_handler.h"

#include <nlohmann/json.hpp>

#include "rpc/method.h"
#include "rpc/metrics.h"
#include "rpc/outcome.h"

namespace folio::rpc {

using nlohmann::json;

namespace {

constexpr std::string_view kPrometheusType = "text/plain; version=0.0.4; charset=utf-8";

int jsonrpc_code_for_status(int status) {
    switch (status) {
        case 401:
        case 403:
            return code::kUnauthorized;
        case 413:
        case 431:
        case 400:
        case 405:
            return code::kInvalidRequest;
        case 503:
            return code::kUnavailable;
        default:
            return code::kInternal;
    }
}

Reason reason_for_status(int status) {
    switch (status) {
        case 401:
        case 403:
            return Reason::NOT_AUTHORIZED;
        case 413:
        case 431:
            return Reason::TOO_LARGE;
        case 400:
            return Reason::DECODE_ERROR;
        case 405:
            return Reason::METHOD_NOT_ALLOWED;
        case 503:
            return Reason::UNAVAILABLE;
        default:
            return Reason::INTERNAL;
    }
}

void add_challenge(HttpResponse& r, bool invalid_token) {
    r.headers.emplace_back("WWW-Authenticate", invalid_token
                                                   ? R"(Bearer realm="folio", error="invalid_token")"
                                                   : R"(Bearer realm="folio")");
}

const GetRoute* find_route(const std::vector<GetRoute>& routes, std::string_view path) {
    const GetRoute* best = nullptr;
    for (const auto& r : routes) {
        if (r.path == path) return &r;
        bool prefix = !r.path.empty() && r.path.back() == '/' && path.substr(0, r.path.size()) == r.path;
        if (prefix && (best == nullptr || r.path.size() > best->path.size())) best = &r;
    }
    return best;
}

}  // namespace

std::string_view target_path(std::string_view target) {
    size_t q = target.find('?');
    return q == std::string_view::npos ? target : target.substr(0, q);
}

HttpHandler::HttpHandler(const ServerConfig& config, std::shared_ptr<const MethodTable> table,
                         TokenStore tokens, std::shared_ptr<ServerMetrics> metrics)
    : dispatcher_(std::move(table), DispatchLimits{config.max_batch, config.max_json_depth}, metrics),
      metrics_(std::move(metrics)),
      anonymous_scope_(config.anonymous_scope),
      health_(config.health),
      node_metrics_(config.node_metrics),
      routes_(config.get_routes),
      tokens_(std::make_shared<const TokenStore>(std::move(tokens))),
      token_source_(config.token_source),
      log_auth_failure_(config.log_auth_failure ? config.log_auth_failure : config.log) {}

void HttpHandler::set_tokens(TokenStore tokens) {
    auto fresh = std::make_shared<const TokenStore>(std::move(tokens));
    std::lock_guard lock(tokens_mu_);
    tokens_ = std::move(fresh);
}

std::optional<Caller> HttpHandler::authenticate(std::string_view authorization) const {
    if (authorization.empty()) return Caller{anonymous_scope_, {}, false};
    std::shared_ptr<const TokenStore> tokens;
    if (token_source_) {
        tokens = token_source_();
    } else {
        std::lock_guard lock(tokens_mu_);
        tokens = tokens_;
    }
    auto identity = tokens->identify(authorization);
    if (!identity) return std::nullopt;
    // A token never grants less than an anonymous caller has.
    Scope scope = scope_allows(identity->scope, anonymous_scope_) ? identity->scope : anonymous_scope_;
    return Caller{scope, identity->name, true};
}

std::optional<Caller> HttpHandler::authenticate_request(const HttpRequest& req) const {
    std::optional<Caller> caller = authenticate(req.authorization);
    if (!caller && log_auth_failure_) {
        std::optional<std::string> line;
        {
            std::lock_guard lock(auth_log_mu_);
            line = auth_failures_.note(req.remote, target_path(req.target), AuthFailureLog::Clock::now());
        }
        if (line) log_auth_failure_(*line);
    }
    return caller;
}

std::string HttpHandler::get_paths_text() const {
    std::string text = "GET serves /health, /metrics";
    for (const auto& r : routes_) {
        if (r.scope != Scope::Public) continue;  // not advertised to whoever knocks
        text += ", ";
        text += r.path;
    }
    return text;
}

HttpResponse HttpHandler::refusal(int status, std::string_view path, std::string_view message) {
    HttpResponse r;
    r.status = status;
    if (path == "/") {
        RpcOutcome error = RpcOutcome::failure(jsonrpc_code_for_status(status), reason_for_status(status),
                                               std::string(message));
        r.body =
            dump_json(json{{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", std::move(error).take_json()}});
    } else {
        r.body = dump_json(json{{"error", message}});
    }
    return r;
}

HttpResponse HttpHandler::auth_refusal(const std::optional<Caller>& caller, Scope needed,
                                       std::string_view path) const {
    if (!caller) {
        HttpResponse r = refusal(401, path, "the bearer token matches no token of this node");
        add_challenge(r, true);
        return r;
    }
    std::string message = "needs a token of scope '" + std::string(scope_name(needed)) + "'";
    if (!caller->has_token) {
        HttpResponse r = refusal(401, path, message);
        add_challenge(r, false);
        return r;
    }
    return refusal(403, path, message + "; this token has '" + std::string(scope_name(caller->scope)) + "'");
}

void HttpHandler::handle(const HttpRequest& req, std::function<void(HttpResponse)> done) const {
    std::string_view path = target_path(req.target);
    bool get = req.method == "GET" || req.method == "HEAD";
    auto method_not_allowed = [&](std::string_view allow) {
        HttpResponse r = refusal(405, path, "method not allowed");
        r.headers.emplace_back("Allow", std::string(allow));
        done(std::move(r));
    };

    if (path == "/") {
        if (req.method != "POST") {
            // A browser or a curl without -d lands here: say how to reach the API instead of a bare 405.
            HttpResponse r = refusal(405, path,
                                     "JSON-RPC 2.0 is POST / with a JSON body, e.g. "
                                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc_methods\"}, which lists "
                                     "every method with its params; " +
                                         get_paths_text());
            r.headers.emplace_back("Allow", "POST");
            return done(std::move(r));
        }
        std::optional<Caller> caller = authenticate_request(req);
        if (!caller) return done(auth_refusal(caller, Scope::Read, path));
        CallContext ctx{caller->scope, caller->token_name, req.remote, Transport::Http, nullptr};
        bool has_token = caller->has_token;
        dispatcher_.dispatch(req.body, ctx, [done = std::move(done), has_token](DispatchReply reply) {
            HttpResponse r;
            if (reply.body.empty()) {
                r.status = 204;
                r.content_type.clear();
            } else if (reply.unauthorized) {
                r.status = has_token ? 403 : 401;
                if (!has_token) add_challenge(r, false);
            }
            r.body = std::move(reply.body);
            done(std::move(r));
        });
        return;
    }
    if (path == "/health") {
        if (!get) return method_not_allowed("GET, HEAD");
        HttpResponse r;
        r.body = health_ ? health_() : std::string(R"({"status":"ok"})");
        return done(std::move(r));
    }
    if (path == "/metrics") {
        if (!get) return method_not_allowed("GET, HEAD");
        std::optional<Caller> caller = authenticate_request(req);
        if (!caller || !scope_allows(caller->scope, Scope::Read))
            return done(auth_refusal(caller, Scope::Read, path));
        HttpResponse r;
        r.content_type = std::string(kPrometheusType);
        if (metrics_) r.body = metrics_->render();
        if (node_metrics_) r.body += node_metrics_();
        return done(std::move(r));
    }
    if (path == "/ws") {
        HttpResponse r = refusal(426, path, "WebSocket upgrade required");
        r.headers.emplace_back("Upgrade", "websocket");
        return done(std::move(r));
    }
    if (const GetRoute* route = find_route(routes_, path)) {
        if (!get) return method_not_allowed("GET, HEAD");
        if (route->scope != Scope::Public) {
            std::optional<Caller> caller = authenticate_request(req);
            if (!caller || !scope_allows(caller->scope, route->scope)) {
                return done(auth_refusal(caller, route->scope, path));
            }
        }
        try {
            return done(route->handler(req));
        } catch (const std::exception& e) {
            return done(refusal(500, path, std::string("route failed: ") + e.what()));
        }
    }
    done(refusal(404, path, "not found"));
}

std::variant<Caller, HttpResponse> HttpHandler::authorize_upgrade(const HttpRequest& req) const {
    std::optional<Caller> caller = authenticate_request(req);
    if (!caller) return auth_refusal(caller, Scope::Read, target_path(req.target));
    return *caller;
}

}  // namespace folio::rpc
