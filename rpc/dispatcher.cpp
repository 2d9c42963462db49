#include "rpc/dispatcher.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "rpc/method.h"
#include "rpc/metrics.h"

namespace folio::rpc {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kNoMethod = "(none)";

// nullopt: nothing to send (a notification).
using Finish = std::function<void(std::optional<json>)>;

json make_response(const json& id, RpcOutcome outcome) {
    json r = {{"jsonrpc", "2.0"}, {"id", id}};
    r[outcome.ok() ? "result" : "error"] = std::move(outcome).take_json();
    return r;
}

// The answer of one call, shared by every copy of the Respond given to its handler.
struct CallState {
    json id;
    bool notification = false;
    std::string method;
    Clock::time_point start = Clock::now();
    std::shared_ptr<ServerMetrics> metrics;
    Finish finish;
    std::atomic<bool> answered{false};

    void answer(RpcOutcome outcome) {
        if (answered.exchange(true)) return;  // a second respond() is ignored
        if (metrics) metrics->call_finished(method, outcome.error_code(), Clock::now() - start);
        if (notification) {
            finish(std::nullopt);
        } else {
            finish(make_response(id, std::move(outcome)));
        }
    }

    ~CallState() {
        if (answered.load()) return;
        try {
            answer(RpcOutcome::failure(code::kInternal, Reason::INTERNAL,
                                       "the handler dropped the call unanswered"));
        } catch (...) {
            // Nothing can be reported from a destructor; the session's own timeouts end the connection.
        }
    }
};

bool valid_id(const json& id) {
    return id.is_string() || id.is_number() || id.is_null();
}

void run_call(const MethodTable& table, const std::shared_ptr<ServerMetrics>& metrics, const json& req,
              const CallContext& ctx, Finish finish) {
    auto state = std::make_shared<CallState>();
    state->metrics = metrics;
    state->finish = std::move(finish);
    state->method = std::string(kNoMethod);
    if (metrics) metrics->call_started();

    auto refuse = [&](int c, Reason reason, std::string message) {
        state->answer(RpcOutcome::failure(c, reason, std::move(message)));
    };
    if (!req.is_object()) {
        state->id = nullptr;
        return refuse(code::kInvalidRequest, Reason::INVALID_ARGUMENT, "a call must be a JSON object");
    }
    auto id = req.find("id");
    if (id != req.end()) {
        if (!valid_id(*id)) {
            state->id = nullptr;
            return refuse(code::kInvalidRequest, Reason::INVALID_ARGUMENT,
                          "id must be a string, a number or null");
        }
        state->id = *id;
    }
    auto version = req.find("jsonrpc");
    if (version == req.end() || *version != "2.0") {
        return refuse(code::kInvalidRequest, Reason::INVALID_ARGUMENT, "jsonrpc must be \"2.0\"");
    }
    auto method = req.find("method");
    if (method == req.end() || !method->is_string()) {
        return refuse(code::kInvalidRequest, Reason::INVALID_ARGUMENT, "method must be a string");
    }
    // Only a well-formed request may go unanswered: an invalid one gets an error even without an id.
    state->notification = id == req.end();

    const std::string& name = method->get_ref<const std::string&>();
    const MethodSpec* spec = table.find(name);
    if (spec == nullptr)
        return refuse(code::kMethodNotFound, Reason::NOT_FOUND, "unknown method '" + name + "'");
    state->method = spec->name;
    if (!scope_allows(ctx.scope, spec->scope)) {
        return refuse(code::kUnauthorized, Reason::NOT_AUTHORIZED,
                      "method '" + name + "' needs scope '" + std::string(scope_name(spec->scope)) +
                          "'; the caller has '" + std::string(scope_name(ctx.scope)) + "'");
    }
    if (spec->websocket_only && !ctx.session) {
        return refuse(code::kWebSocketRequired, Reason::UNAVAILABLE,
                      "method '" + name + "' pushes notifications: call it over WebSocket /ws");
    }
    auto params_it = req.find("params");
    RpcOutcome params = validate_params(*spec, params_it == req.end() ? json() : *params_it);
    if (!params.ok()) return state->answer(std::move(params));

    Respond respond = [state](RpcOutcome outcome) { state->answer(std::move(outcome)); };
    try {
        spec->handler(params.json(), ctx, std::move(respond));
    } catch (const std::exception& e) {
        refuse(code::kInternal, Reason::INTERNAL, std::string("handler failed: ") + e.what());
    } catch (...) {
        refuse(code::kInternal, Reason::INTERNAL, "handler failed");
    }
}

// Collects a batch's answers in request order; the last one to arrive sends the array.
class BatchState {
  public:
    BatchState(size_t n, std::function<void(DispatchReply)> done)
        : slots_(n), remaining_(n), done_(std::move(done)) {}

    void set(size_t index, std::optional<json> response) {
        std::unique_lock lock(mu_);
        slots_[index] = std::move(response);
        if (--remaining_ != 0) return;
        json array = json::array();
        for (auto& slot : slots_) {
            if (slot) array.push_back(std::move(*slot));
        }
        lock.unlock();
        done_(DispatchReply{array.empty() ? std::string() : dump_json(array), false});
    }

  private:
    std::mutex mu_;
    std::vector<std::optional<json>> slots_;
    size_t remaining_;
    std::function<void(DispatchReply)> done_;
};

// Gives each method with a batch_prepare hook the params of its calls in the batch, when there are two or more.
// A hook only prepares (see MethodSpec::batch_prepare): whatever it does or throws, each call runs as usual.
void prepare_batch(const MethodTable& table, const json& batch, const CallContext& ctx) {
    std::map<const MethodSpec*, std::vector<const json*>> calls;
    for (const json& req : batch) {
        if (!req.is_object()) continue;
        auto method = req.find("method");
        if (method == req.end() || !method->is_string()) continue;
        const MethodSpec* spec = table.find(method->get_ref<const std::string&>());
        if (spec == nullptr || !spec->batch_prepare || !scope_allows(ctx.scope, spec->scope)) continue;
        auto params = req.find("params");
        calls[spec].push_back(params == req.end() ? nullptr : &*params);
    }
    for (const auto& [spec, params] : calls) {
        if (params.size() < 2) continue;
        try {
            spec->batch_prepare(params, ctx);
        } catch (...) {
            // Preparation is an optimization: the calls themselves report whatever is wrong with them.
        }
    }
}

std::string error_text(int c, Reason reason, std::string message) {
    return dump_json(make_response(nullptr, RpcOutcome::failure(c, reason, std::move(message))));
}

}  // namespace

Dispatcher::Dispatcher(std::shared_ptr<const MethodTable> table, DispatchLimits limits,
                       std::shared_ptr<ServerMetrics> metrics)
    : table_(std::move(table)), limits_(limits), metrics_(std::move(metrics)) {}

void Dispatcher::dispatch(std::string_view text, const CallContext& ctx,
                          std::function<void(DispatchReply)> done) const {
    auto count_refusal = [&](int c) {
        if (!metrics_) return;
        metrics_->call_started();
        metrics_->call_finished(kNoMethod, c, std::chrono::nanoseconds(0));
    };
    json doc;
    std::string why;
    if (!parse_json_bounded(text, limits_.max_depth, doc, why)) {
        count_refusal(code::kParseError);
        bool too_deep = json_depth(text, limits_.max_depth) > limits_.max_depth;
        return done(
            {error_text(code::kParseError, too_deep ? Reason::TOO_LARGE : Reason::DECODE_ERROR, why)});
    }
    if (doc.is_array()) {
        if (doc.empty()) {
            count_refusal(code::kInvalidRequest);
            return done({error_text(code::kInvalidRequest, Reason::INVALID_ARGUMENT, "empty batch")});
        }
        if (doc.size() > limits_.max_batch) {
            count_refusal(code::kInvalidRequest);
            return done({error_text(code::kInvalidRequest, Reason::TOO_LARGE,
                                    "batch of " + std::to_string(doc.size()) + " calls; the limit is " +
                                        std::to_string(limits_.max_batch))});
        }
        prepare_batch(*table_, doc, ctx);
        auto batch = std::make_shared<BatchState>(doc.size(), std::move(done));
        for (size_t i = 0; i < doc.size(); ++i) {
            run_call(*table_, metrics_, doc[i], ctx,
                     [batch, i](std::optional<json> response) { batch->set(i, std::move(response)); });
        }
        return;
    }
    run_call(*table_, metrics_, doc, ctx, [done = std::move(done)](std::optional<json> response) {
        DispatchReply reply;
        if (response) {
            auto error = response->find("error");
            reply.unauthorized = error != response->end() && (*error)["code"] == code::kUnauthorized;
            reply.body = dump_json(*response);
        }
        done(std::move(reply));
    });
}

}  // namespace folio::rpc
