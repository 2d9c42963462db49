// What a handler learns about its caller, and the push channel of a WebSocket session.
//
// Thread safety: a CallContext is a value; copy it (cheap) to keep it past the handler's return. A
// SessionChannel may be used from any thread, for as long as the node holds it (after the session has ended,
// notify() returns false and does nothing).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "rpc/scope.h"

namespace folio::rpc {

// The server side of one WebSocket session, as the node sees it: the way to push subscription notifications
// and to learn when the session ends (so that its subscriptions can be dropped).
class SessionChannel {
  public:
    virtual ~SessionChannel() = default;

    // Queues {"jsonrpc":"2.0","method":"subscription","params":{"subscription":ID,"result":RESULT}} for this
    // session. Returns false when the session has ended, or when this message would overflow its outgoing
    // queue: a subscriber too slow to read is disconnected rather than allowed to grow the node's memory.
    virtual bool notify(std::string_view subscription_id, const nlohmann::json& result) = 0;

    // Runs `callback` once when the session ends, on a server thread; at once, on this thread, if it already
    // has. Callbacks must not block. The server runs them at stop() at the latest, on the thread calling
    // stop(): do not hold a lock the callbacks take while calling on_close() or Server::stop().
    virtual void on_close(std::function<void()> callback) = 0;

    virtual bool is_open() const = 0;
    // Unique per server run; handy as a key for the node's per-session subscription lists.
    virtual uint64_t id() const = 0;
};

enum class Transport { Http, WebSocket, InProcess };

struct CallContext {
    Scope scope = Scope::Public;  // what the caller's token grants (the anonymous scope without a token)
    std::string token_name;       // the token record's name, empty without a token
    std::string remote;           // "ip:port" of the peer, empty in process
    Transport transport = Transport::InProcess;
    std::shared_ptr<SessionChannel> session;  // WebSocket only; null over HTTP
};

// A fresh subscription id: 16 random lowercase hex characters, unguessable so that one session cannot
// address another's subscriptions by luck.
std::string make_subscription_id();

}  // namespace folio::rpc
