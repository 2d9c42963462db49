// A toy method table and helpers shared by the rpc tests: enough methods to exercise every path of dispatch,
// validation, scopes, late answers and subscriptions, without any chain logic.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "rpc/dispatcher.h"
#include "rpc/method.h"

namespace folio::rpc::test {

// The node-side registry of tick subscriptions, as a real node would keep for blocks.
class TickHub {
  public:
    std::string subscribe(std::shared_ptr<SessionChannel> session);
    bool unsubscribe(const std::string& id);
    // Notifies every subscriber; returns how many accepted the notification.
    size_t publish(const nlohmann::json& tick);
    size_t size();
    std::atomic<int> closes{0};  // on_close callbacks run

  private:
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<SessionChannel>> subs_;
};

// Methods: echo (public), add, count_to, later, drop, boom, hold (read), transfer (submit), admin_only
// (admin), subscribe_ticks (read, WebSocket only), unsubscribe (read).
std::shared_ptr<MethodTable> make_test_table(std::shared_ptr<TickHub> hub = std::make_shared<TickHub>());

// The Respond of the last `hold` call, for tests that answer after the server stopped.
Respond take_held_respond();

// Runs one dispatch and waits (up to 5 s) for its reply.
DispatchReply dispatch_sync(const Dispatcher& dispatcher, std::string_view text, const CallContext& ctx);

inline CallContext context(Scope scope) {
    CallContext ctx;
    ctx.scope = scope;
    return ctx;
}

}  // namespace folio::rpc::test
