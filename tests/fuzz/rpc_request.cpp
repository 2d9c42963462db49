// JSON-RPC requests and batches as the HTTP and WebSocket sessions hand them over (rpc/dispatcher.h,
// rpc/http_handler.h), driven without sockets. The same body goes to the dispatcher as a public and as an
// admin caller, and through the HTTP handler as POST /. Every request is answered exactly once, at once
// (these methods answer synchronously), with a well-formed JSON-RPC reply or nothing (notifications); text
// the bounded parser accepts nests no deeper than its bound.
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "fuzz.h"
#include "rpc/http_handler.h"
#include "rpc/json_limits.h"
#include "rpc/method.h"
#include "rpc/outcome.h"

namespace {

using folio::rpc::ParamType;
using folio::rpc::RpcOutcome;
using folio::rpc::Scope;
using nlohmann::json;

constexpr size_t kMaxBatch = 8;
constexpr unsigned kMaxDepth = folio::rpc::kDefaultMaxJsonDepth;

void must(folio::Status s) {
    if (!s) {
        std::fprintf(stderr, "fuzz method table: %s\n", s.error().message.c_str());
        std::abort();
    }
}

folio::rpc::Handler answer_params() {
    return folio::rpc::sync_handler(
        [](const json& p, const folio::rpc::CallContext&) { return RpcOutcome::success(p); });
}

// Methods whose params cover every ParamType and bound, every scope, and each way a handler may answer.
std::shared_ptr<folio::rpc::MethodTable> make_table() {
    auto table = std::make_shared<folio::rpc::MethodTable>();
    must(table->add({.name = "echo",
                     .scope = Scope::Public,
                     .summary = "Answers its params.",
                     .params = {{.name = "text", .type = ParamType::String, .max_length = 16}},
                     .handler = answer_params()}));
    must(table->add(
        {.name = "typed",
         .scope = Scope::Read,
         .summary = "Takes one param of each type.",
         .params =
             {{.name = "i", .type = ParamType::Integer, .required = true, .minimum = -10, .maximum = 10},
              {.name = "u", .type = ParamType::Unsigned, .maximum = 1000},
              {.name = "x", .type = ParamType::Number},
              {.name = "b", .type = ParamType::Boolean},
              {.name = "o", .type = ParamType::Object, .max_length = 3},
              {.name = "a", .type = ParamType::Array, .max_length = 3},
              {.name = "any", .type = ParamType::Any},
              {.name = "mode", .type = ParamType::String, .allowed_values = {"alpha", "beta"}}},
         .example_params = R"({"i":1})",
         .handler = answer_params()}));
    must(table->add({.name = "submit_only",
                     .scope = Scope::Submit,
                     .summary = "Needs submit.",
                     .handler = answer_params()}));
    must(table->add({.name = "admin_only",
                     .scope = Scope::Admin,
                     .summary = "Needs admin.",
                     .handler = answer_params()}));
    must(table->add({.name = "ws_only",
                     .scope = Scope::Read,
                     .summary = "WebSocket only.",
                     .websocket_only = true,
                     .handler = answer_params()}));
    must(table->add({.name = "fails",
                     .scope = Scope::Public,
                     .summary = "Answers an error.",
                     .handler = folio::rpc::sync_handler([](const json&, const folio::rpc::CallContext&) {
                         return RpcOutcome::failure(
                             folio::make_error(folio::Reason::NOT_FOUND, "no such thing"));
                     })}));
    must(table->add({.name = "throws",
                     .scope = Scope::Public,
                     .summary = "Throws.",
                     .handler = [](const json&, const folio::rpc::CallContext&, folio::rpc::Respond) {
                         throw std::runtime_error("thrown by the handler");
                     }}));
    must(table->add({.name = "drops",
                     .scope = Scope::Public,
                     .summary = "Drops the call unanswered.",
                     .handler = [](const json&, const folio::rpc::CallContext&, folio::rpc::Respond) {}}));
    must(table->add(
        {.name = "twice",
         .scope = Scope::Public,
         .summary = "Answers twice.",
         .handler = [](const json& p, const folio::rpc::CallContext&, folio::rpc::Respond respond) {
             respond(RpcOutcome::success(p));
             respond(RpcOutcome::success(json("second")));
         }}));
    return table;
}

const std::shared_ptr<folio::rpc::MethodTable>& table() {
    static const auto instance = make_table();
    return instance;
}

void check_response(const json& r) {
    FUZZ_CHECK(r.is_object());
    FUZZ_CHECK(r.value("jsonrpc", "") == "2.0");
    FUZZ_CHECK(r.contains("id"));
    FUZZ_CHECK(r.contains("result") != r.contains("error"));
    if (r.contains("error")) {
        const json& e = r.at("error");
        FUZZ_CHECK(e.is_object() && e.contains("code") && e.at("code").is_number_integer());
        FUZZ_CHECK(e.contains("message") && e.at("message").is_string());
    }
}

// The reply's body: empty (nothing to answer) or one response, or a non-empty array of at most kMaxBatch.
void check_reply(const std::string& body) {
    if (body.empty()) return;
    const json reply = json::parse(body, nullptr, false);
    FUZZ_CHECK(!reply.is_discarded());
    if (reply.is_array()) {
        FUZZ_CHECK(!reply.empty() && reply.size() <= kMaxBatch);
        for (const json& r : reply) check_response(r);
    } else {
        check_response(reply);
    }
}

unsigned depth_of(const json& j) {
    unsigned deepest = 0;
    if (j.is_array() || j.is_object()) {
        for (const auto& child : j) deepest = std::max(deepest, depth_of(child));
        return deepest + 1;
    }
    return 0;
}

void dispatch_as(const folio::rpc::Dispatcher& dispatcher, std::string_view text, Scope scope) {
    folio::rpc::CallContext ctx;
    ctx.scope = scope;
    ctx.transport = folio::rpc::Transport::Http;
    int calls = 0;
    std::string body;
    dispatcher.dispatch(text, ctx, [&](folio::rpc::DispatchReply reply) {
        ++calls;
        body = std::move(reply.body);
    });
    FUZZ_CHECK(calls == 1);
    check_reply(body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = folio::fuzz::input_text(data, size);

    json parsed;
    std::string why;
    if (folio::rpc::parse_json_bounded(text, kMaxDepth, parsed, why)) {
        FUZZ_CHECK(depth_of(parsed) <= kMaxDepth);
        FUZZ_CHECK(folio::rpc::json_depth(text, kMaxDepth) == depth_of(parsed));
    } else {
        FUZZ_CHECK(!why.empty());
    }

    static const folio::rpc::Dispatcher dispatcher(table(), folio::rpc::DispatchLimits{kMaxBatch, kMaxDepth});
    dispatch_as(dispatcher, text, Scope::Public);
    dispatch_as(dispatcher, text, Scope::Admin);

    static const folio::rpc::HttpHandler http = [] {
        folio::rpc::ServerConfig config;
        config.max_batch = kMaxBatch;
        config.anonymous_scope = Scope::Read;
        return folio::rpc::HttpHandler(config, table(), folio::rpc::TokenStore(), nullptr);
    }();
    folio::rpc::HttpRequest req{"POST", "/", "", std::string(text), "127.0.0.1:1"};
    int calls = 0;
    folio::rpc::HttpResponse res;
    http.handle(req, [&](folio::rpc::HttpResponse r) {
        ++calls;
        res = std::move(r);
    });
    FUZZ_CHECK(calls == 1);
    FUZZ_CHECK(res.status == 200 || res.status == 204 || res.status == 401 || res.status == 403);
    FUZZ_CHECK((res.status == 204) == res.body.empty());
    check_reply(res.body);
    return 0;
}
