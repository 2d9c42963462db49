// What a node decides about its RPC server: where it listens, its limits, and the hooks through which the
// node fills GET /health, GET /metrics and any other GET path (/explorer). Every limit protects the node's
// other clients: a client over a limit is refused or cut off, never allowed to slow the rest.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chain/result.h"
#include "rpc/json_limits.h"
#include "rpc/scope.h"

namespace folio::rpc {

class TokenStore;

// An HTTP request as the pure handler sees it: no sockets, so it can be unit-tested.
struct HttpRequest {
    std::string method;         // "GET", "POST", ...
    std::string target;         // "/", "/metrics?x=1", ...
    std::string authorization;  // the Authorization header value, empty if absent
    std::string body;
    std::string remote;  // "ip:port"
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. WWW-Authenticate
};

// A GET path the node serves (e.g. "/explorer"). A path ending in '/' also serves everything below it. A
// caller needs `scope` (public: no token); the handler runs on a server I/O thread and must not block.
struct GetRoute {
    std::string path;
    Scope scope = Scope::Public;
    std::function<HttpResponse(const HttpRequest&)> handler;
};

struct ServerConfig {
    std::string bind_address = "127.0.0.1";
    uint16_t port = 0;  // 0: the OS picks a free port; Server::start() reports it
    unsigned io_threads = 2;

    size_t max_connections = 256;        // beyond: answered 503 and closed; counts WebSocket sessions too
    size_t max_body_bytes = 1 << 20;     // beyond: 413 and close
    size_t max_header_bytes = 16 << 10;  // beyond: 431 and close
    unsigned max_json_depth = kDefaultMaxJsonDepth;
    size_t max_batch = 100;
    // Connections from one source address (IPv4 address, IPv6 /64), WebSocket sessions included. Beyond:
    // closed at accept, nothing read or written. Well below max_connections, so that one source cannot take
    // every slot.
    size_t max_connections_per_ip = 32;

    // A request's header and body must arrive within read_timeout, and so must the first request of a
    // connection; between keep-alive requests a connection may idle for idle_timeout. A response that cannot
    // be written within write_timeout closes the connection.
    // A new connection's first request header must also arrive within first_request_timeout of the accept
    // (whichever of the two is shorter), so that connections which send nothing are released quickly.
    std::chrono::milliseconds read_timeout{10'000};
    std::chrono::milliseconds first_request_timeout{2'000};
    std::chrono::milliseconds idle_timeout{60'000};
    std::chrono::milliseconds write_timeout{10'000};

    // WebSocket: largest message accepted; outgoing queue bound (a slower reader is disconnected); calls of
    // one session answered concurrently before the server stops reading from it. A session with no traffic
    // for idle_timeout is pinged, and closed if the ping goes unanswered.
    size_t max_ws_message_bytes = 1 << 20;
    size_t max_ws_queue_messages = 1024;
    size_t max_ws_queue_bytes = 16 << 20;
    size_t max_ws_in_flight = 64;

    // The scope of a caller without a token (config rpc_anonymous_scope: public for "none", or read).
    Scope anonymous_scope = Scope::Public;

    std::function<std::string()> health;  // JSON body of GET /health; default {"status":"ok"}
    std::function<std::string()>
        node_metrics;  // Prometheus text appended to the server's own in GET /metrics
    std::vector<GetRoute> get_routes;
    std::function<void(std::string_view)> log;  // server-side problems worth a line (default: none)
    // Authentication failures (a token that matches none), rate-limited per source host (rpc/auth_failure_log.h).
    // Default: `log`.
    std::function<void(std::string_view)> log_auth_failure;

    // Asked at every authentication of a request with a token: lets the node change its tokens without a
    // restart (node/token_watch.h). Empty: the TokenStore given to the Server (and Server::set_tokens).
    std::function<std::shared_ptr<const TokenStore>()> token_source;
};

// INVALID_ARGUMENT naming the field if a limit is zero (a zero limit would refuse every connection or
// request). Server::start() checks it.
Status check_limits(const ServerConfig& config);

// "127.0.0.1:8545" -> ("127.0.0.1", 8545); "[::1]:0" -> ("::1", 0). INVALID_ARGUMENT otherwise.
Result<std::pair<std::string, uint16_t>> parse_host_port(std::string_view text);

}  // namespace folio::rpc
