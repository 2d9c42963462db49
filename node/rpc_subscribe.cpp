// subscribe_blocks, subscribe_tx, subscribe_account, unsubscribe: WebSocket push of commits through the hub.
#include <nlohmann/json.hpp>

#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

constexpr const char* kSubscriptionSchema =
    R"({"type":"object","required":["subscription"],"properties":{"subscription":{"type":"string"}}})";
// The dispatcher refuses these methods without a session (websocket_only); checked again so that a handler
// called some other way fails cleanly instead of dereferencing null.
bool no_session(const rpc::CallContext& ctx, const rpc::Respond& respond) {
    if (ctx.session) return false;
    respond(RpcOutcome::failure(rpc::code::kWebSocketRequired, Reason::UNAVAILABLE,
                                "subscriptions need a WebSocket session: connect to /ws"));
    return true;
}

// A tx subscription fires once, when the hub learns of the commit (or the drop). A tx committed before the
// subscription existed would never fire: look it up after answering, and notify at once if it is there, unless
// the hub fired first (unsubscribe() then fails, so the notification is sent exactly once).
void subscribe_tx(NodeServices& s, const TxHash& hash, const rpc::CallContext& ctx, const rpc::Respond& respond) {
    const std::shared_ptr<rpc::SessionChannel> session = ctx.session;
    const std::string id = s.hub.subscribe_tx(session, hash);
    respond(RpcOutcome::success({{"subscription", id}}));
    auto stored = load_committed_tx(s.ledger.store(), hash);
    if (!stored || !*stored) return;  // pending or not yet submitted: the hub tells when it commits
    if (s.hub.unsubscribe(session->id(), id)) {
        session->notify(id, CommitHub::committed_result((*stored)->height, (*stored)->index, (*stored)->receipt));
    }
}

}  // namespace

Status register_subscribe_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    if (Status st = table.add({
            .name = "subscribe_blocks",
            .scope = rpc::Scope::Read,
            .summary = "Pushes a notification for every committed block (WebSocket only).",
            .description = "Notifications: `{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":"
                           "{\"subscription\":ID,\"result\":{height, hash, time_ms, tx_count}}}`. A subscriber too "
                           "slow to read its notifications is disconnected.",
            .params = {},
            .result_description = "{subscription: ID}; then notifications {height, hash, time_ms, tx_count}.",
            .result_schema = kSubscriptionSchema,
            .errors = {},
            .example_params = examples::kSubscribeBlocksParams,
            .example_result = examples::kSubscribeBlocksResult,
            .websocket_only = true,
            .handler = [s](const json&, const rpc::CallContext& ctx, rpc::Respond respond) {
                if (no_session(ctx, respond)) return;
                respond(RpcOutcome::success({{"subscription", s->hub.subscribe_blocks(ctx.session)}}));
            },
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "subscribe_tx",
            .scope = rpc::Scope::Read,
            .summary = "Pushes one notification when a tx is committed or dropped (WebSocket only).",
            .description = "The notification is the `tx_wait` result (`committed`, `failed` with reason, "
                           "`expired`...), sent once; the subscription then ends. A tx already committed is "
                           "notified right after the answer. A hash the node has not seen yet is watched all the "
                           "same, so a client may subscribe before it submits.",
            .params = {hash_param("tx_hash", "The tx hash (= sighash), 64 hex characters.")},
            .result_description = "{subscription: ID}; then one notification {status, height?, index?, reason?}.",
            .result_schema = kSubscriptionSchema,
            .errors = {},
            .example_params = examples::kSubscribeTxParams,
            .example_result = examples::kSubscribeTxResult,
            .websocket_only = true,
            .handler = [s](const json& p, const rpc::CallContext& ctx, rpc::Respond respond) {
                if (no_session(ctx, respond)) return;
                auto hash = parse_hash(p, "tx_hash");
                if (!hash) return respond(RpcOutcome::failure(hash.error()));
                subscribe_tx(*s, *hash, ctx, respond);
            },
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "subscribe_account",
            .scope = rpc::Scope::Read,
            .summary = "Pushes a notification for every committed tx that concerns an account (WebSocket only).",
            .description = "A tx concerns an account when the account signed it or an op names it. Notifications: "
                           "{height, index, tx_hash, account, status, reason?}. The account need not exist yet.",
            .params = {address_param("account", "Address (folio1...).")},
            .result_description = "{subscription: ID}; then notifications {height, index, tx_hash, account, status, "
                                  "reason?}.",
            .result_schema = kSubscriptionSchema,
            .errors = {Reason::BAD_ADDRESS},
            .example_params = examples::kSubscribeAccountParams,
            .example_result = examples::kSubscribeAccountResult,
            .websocket_only = true,
            .handler = [s](const json& p, const rpc::CallContext& ctx, rpc::Respond respond) {
                if (no_session(ctx, respond)) return;
                auto account = parse_address(p, "account");
                if (!account) return respond(RpcOutcome::failure(account.error()));
                respond(RpcOutcome::success({{"subscription", s->hub.subscribe_account(ctx.session, *account)}}));
            },
        });
        !st) {
        return st;
    }
    return table.add({
        .name = "unsubscribe",
        .scope = rpc::Scope::Read,
        .summary = "Ends a subscription of this WebSocket session.",
        .description = "Only the session that made a subscription can end it; all of a session's subscriptions end "
                       "with it. An id unknown to this session (or already ended) is NOT_FOUND.",
        .params = {{.name = "subscription", .type = rpc::ParamType::String, .required = true,
                    .description = "The id a subscribe_* call answered.", .max_length = 64}},
        .result_description = "{unsubscribed: true}",
        .result_schema = R"({"type":"object","required":["unsubscribed"],"properties":{"unsubscribed":{"const":true}}})",
        .errors = {Reason::NOT_FOUND},
        .example_params = examples::kUnsubscribeParams,
        .example_result = examples::kUnsubscribeResult,
        .websocket_only = true,
        .handler = [s](const json& p, const rpc::CallContext& ctx, rpc::Respond respond) {
            if (no_session(ctx, respond)) return;
            const std::string& id = p["subscription"].get_ref<const std::string&>();
            if (!s->hub.unsubscribe(ctx.session->id(), id)) {
                std::string m = "no subscription ";
                m += id;
                m += " in this session";
                return respond(not_found(std::move(m)));
            }
            respond(RpcOutcome::success({{"unsubscribed", true}}));
        },
    });
}

}  // namespace folio::node::rpcm
