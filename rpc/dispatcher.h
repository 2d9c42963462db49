// JSON-RPC 2.0 processing without sockets: request text in, response text out. The HTTP and WebSocket
// sessions call this; unit tests call it directly.
//
// Order of checks for one call: request shape (-32600) -> method exists (-32601) -> caller's scope (-32002)
// -> transport (-32005) -> params against the table (-32602) -> handler. Notifications (no "id") are run and
// never answered, even with an error. A batch is answered with an array in request order, leaving out
// notifications; a batch of only notifications, or a single notification, is answered with nothing.
//
// Thread safety: dispatch() may be called from any number of threads at once.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "rpc/context.h"
#include "rpc/json_limits.h"

namespace folio::rpc {

class MethodTable;
class ServerMetrics;

struct DispatchLimits {
    size_t max_batch = 100;                     // calls per batch; more is -32600 reason TOO_LARGE
    unsigned max_depth = kDefaultMaxJsonDepth;  // deeper is -32700
};

struct DispatchReply {
    std::string body;  // JSON text; empty when there is nothing to answer
    // The request was a single call refused for scope (-32002): HTTP answers 401/403 instead of 200.
    bool unauthorized = false;
};

class Dispatcher {
  public:
    Dispatcher(std::shared_ptr<const MethodTable> table, DispatchLimits limits,
               std::shared_ptr<ServerMetrics> metrics = nullptr);

    // Runs the call or batch in `text` and calls `done` exactly once with the reply: before returning if
    // every handler answered at once, else on the thread of the last handler to answer.
    void dispatch(std::string_view text, const CallContext& ctx,
                  std::function<void(DispatchReply)> done) const;

    const MethodTable& table() const { return *table_; }

  private:
    std::shared_ptr<const MethodTable> table_;
    DispatchLimits limits_;
    std::shared_ptr<ServerMetrics> metrics_;
};

}  // namespace folio::rpc
