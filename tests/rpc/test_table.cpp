#include "test_table.h"

#include <future>
#include <stdexcept>
#include <thread>

namespace folio::rpc::test {

using nlohmann::json;

std::string TickHub::subscribe(std::shared_ptr<SessionChannel> session) {
    std::string id = make_subscription_id();
    session->on_close([this, id] {
        closes.fetch_add(1);
        unsubscribe(id);
    });
    std::lock_guard lock(mu_);
    subs_[id] = std::move(session);
    return id;
}

bool TickHub::unsubscribe(const std::string& id) {
    std::lock_guard lock(mu_);
    return subs_.erase(id) != 0;
}

size_t TickHub::publish(const json& tick) {
    std::map<std::string, std::shared_ptr<SessionChannel>> subs;
    {
        std::lock_guard lock(mu_);
        subs = subs_;
    }
    size_t delivered = 0;
    for (auto& [id, session] : subs) delivered += session->notify(id, tick) ? 1 : 0;
    return delivered;
}

size_t TickHub::size() {
    std::lock_guard lock(mu_);
    return subs_.size();
}

namespace {
std::mutex held_mu;
Respond held;

void must(Status s) {
    if (!s) throw std::logic_error(s.error().message);
}
}  // namespace

Respond take_held_respond() {
    std::lock_guard lock(held_mu);
    return std::move(held);
}

std::shared_ptr<MethodTable> make_test_table(std::shared_ptr<TickHub> hub) {
    auto table =
        std::make_shared<MethodTable>(ApiInfo{"Test API", "9.9.9", "Toy methods for the rpc tests."});
    must(table->add({
        .name = "echo",
        .scope = Scope::Public,
        .summary = "Answers its text.",
        .params = {{.name = "text",
                    .type = ParamType::String,
                    .required = true,
                    .description = "Any text.",
                    .max_length = 16}},
        .result_description = "The same text.",
        .result_schema = R"({"type":"object","properties":{"text":{"type":"string"}}})",
        .example_params = R"({"text":"hi"})",
        .example_result = R"({"text":"hi"})",
        .handler = sync_handler([](const json& p, const CallContext&) {
            return RpcOutcome::success({{"text", p["text"]}});
        }),
    }));
    must(table->add({
        .name = "add",
        .scope = Scope::Read,
        .summary = "Adds two integers.",
        .params = {{.name = "a", .type = ParamType::Integer, .required = true, .description = "First."},
                   {.name = "b", .type = ParamType::Integer, .required = true, .description = "Second."},
                   {.name = "mode",
                    .type = ParamType::String,
                    .description = "Rounding, unused.",
                    .allowed_values = {"up", "down"}}},
        .result_description = "a + b.",
        .result_schema = R"({"type":"integer"})",
        .example_params = R"({"a":1,"b":2})",
        .example_result = "3",
        .handler = sync_handler([](const json& p, const CallContext&) {
            return RpcOutcome::success(p["a"].get<int64_t>() + p["b"].get<int64_t>());
        }),
    }));
    must(table->add({
        .name = "count_to",
        .scope = Scope::Read,
        .summary = "Counts up to a height.",
        .params = {{.name = "height",
                    .type = ParamType::Unsigned,
                    .required = false,
                    .description = "A height.",
                    .minimum = 1,
                    .maximum = 1000},
                   {.name = "tags", .type = ParamType::Array, .description = "Labels.", .max_length = 3}},
        .result_description = "The height, or 1.",
        .example_params = R"({"height":5})",
        .example_result = "5",
        .handler = sync_handler([](const json& p, const CallContext&) {
            return RpcOutcome::success(p.value("height", uint64_t{1}));
        }),
    }));
    must(table->add({
        .name = "transfer",
        .scope = Scope::Submit,
        .summary = "Pretends to move an amount.",
        .params = {{.name = "amount",
                    .type = ParamType::String,
                    .required = true,
                    .description = "Decimal string."}},
        .result_description = "{ok: true}",
        .errors = {Reason::INSUFFICIENT_BALANCE, Reason::NOT_FOUND},
        .example_params = R"({"amount":"1"})",
        .example_result = R"({"ok":true})",
        .handler = sync_handler([](const json& p, const CallContext&) {
            if (p["amount"] == "999") {
                return RpcOutcome::failure(make_error(Reason::INSUFFICIENT_BALANCE, "balance 5 is below 999"),
                                           json{{"available", "5"}});
            }
            if (p["amount"] == "404")
                return RpcOutcome::failure(make_error(Reason::NOT_FOUND, "no such asset"));
            return RpcOutcome::success({{"ok", true}});
        }),
    }));
    must(table->add({
        .name = "admin_only",
        .scope = Scope::Admin,
        .summary = "Needs admin.",
        .result_description = "true",
        .example_result = "true",
        .handler = sync_handler([](const json&, const CallContext&) { return RpcOutcome::success(true); }),
    }));
    must(table->add({
        .name = "later",
        .scope = Scope::Read,
        .summary = "Answers from another thread after a delay.",
        .params =
            {{.name = "delay_ms", .type = ParamType::Unsigned, .description = "Delay.", .maximum = 2000}},
        .result_description = "{done: true}",
        .handler =
            [](const json& p, const CallContext&, Respond respond) {
                auto delay = std::chrono::milliseconds(p.value("delay_ms", 10));
                std::thread([respond = std::move(respond), delay] {
                    std::this_thread::sleep_for(delay);
                    respond(RpcOutcome::success({{"done", true}}));
                    respond(RpcOutcome::success({{"done", "twice"}}));  // ignored
                }).detach();
            },
    }));
    must(table->add({
        .name = "drop",
        .scope = Scope::Read,
        .summary = "Never answers (a buggy handler).",
        .result_description = "nothing",
        .handler = [](const json&, const CallContext&, Respond) {},
    }));
    must(table->add({
        .name = "boom",
        .scope = Scope::Read,
        .summary = "Throws (a buggy handler).",
        .result_description = "nothing",
        .handler = [](const json&, const CallContext&, Respond) -> void {
            throw std::runtime_error("kaboom");
        },
    }));
    must(table->add({
        .name = "hold",
        .scope = Scope::Read,
        .summary = "Keeps its Respond for the test to call.",
        .result_description = "whatever the test answers",
        .handler =
            [](const json&, const CallContext&, Respond respond) {
                std::lock_guard lock(held_mu);
                held = std::move(respond);
            },
    }));
    must(table->add({
        .name = "subscribe_ticks",
        .scope = Scope::Read,
        .summary = "Subscribes to ticks.",
        .result_description = "{subscription: ID}",
        .example_result = R"({"subscription":"0011223344556677"})",
        .websocket_only = true,
        .handler = sync_handler([hub](const json&, const CallContext& ctx) {
            return RpcOutcome::success({{"subscription", hub->subscribe(ctx.session)}});
        }),
    }));
    must(table->add({
        .name = "unsubscribe",
        .scope = Scope::Read,
        .summary = "Ends a subscription.",
        .params = {{.name = "subscription",
                    .type = ParamType::String,
                    .required = true,
                    .description = "Its id.",
                    .max_length = 64}},
        .result_description = "true if it existed",
        .example_params = R"({"subscription":"0011223344556677"})",
        .example_result = "true",
        .handler = sync_handler([hub](const json& p, const CallContext&) {
            return RpcOutcome::success(hub->unsubscribe(p["subscription"].get<std::string>()));
        }),
    }));
    return table;
}

DispatchReply dispatch_sync(const Dispatcher& dispatcher, std::string_view text, const CallContext& ctx) {
    auto promise = std::make_shared<std::promise<DispatchReply>>();
    auto future = promise->get_future();
    dispatcher.dispatch(text, ctx, [promise](DispatchReply reply) { promise->set_value(std::move(reply)); });
    if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
        throw std::runtime_error("dispatch did not answer within 5 s");
    }
    return future.get();
}

}  // namespace folio::rpc::test
