// The JSON-RPC server: HTTP/1.1 POST / with keep-alive, WebSocket /ws, GET /health, GET /metrics and the
// node's GET routes, on Boost.Beast. This header is plain C++: Beast stays inside rpc/server.cpp and
// rpc/ws_session.cpp.
//
//   auto table = std::make_shared<MethodTable>();
//   table->add({...});                                 // every method, before start()
//   Server server(config, table, std::move(tokens));
//   Result<std::string> bound = server.start();        // "127.0.0.1:43117": write it to DATADIR/rpc.addr
//   ...
//   server.stop();                                     // or let the destructor do it
//
// Lifetime: stop() closes the listener and every connection, then waits for the I/O threads. After it,
// respond() and SessionChannel::notify() calls that the node still makes are harmless no-ops, and every
// session's on_close callbacks have run. stop() must not be called from a handler (it joins the threads
// handlers run on).
//
// Thread safety: set_tokens(), metrics_text() and the accessors may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "chain/result.h"
#include "rpc/auth.h"
#include "rpc/server_config.h"

namespace folio::rpc {

class MethodTable;

class Server {
  public:
    Server(ServerConfig config, std::shared_ptr<const MethodTable> table, TokenStore tokens);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds, listens and starts the I/O threads. Returns the bound "host:port" (the real port when
    // config.port is 0). INVALID_ARGUMENT for a bad address, UNAVAILABLE if it cannot bind (in use, no
    // permission), or if called twice.
    Result<std::string> start();
    // Idempotent.
    void stop();

    std::string address() const;  // "127.0.0.1:PORT" once started, else empty
    uint16_t port() const;        // 0 before start()

    // Replaces the accepted tokens (a token was created or revoked) without a restart.
    void set_tokens(TokenStore tokens);
    // The server's own metrics in Prometheus text format (what GET /metrics starts with).
    std::string metrics_text() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace folio::rpc
