// mempool_list: the txs admitted and not yet in a block.
#include <nlohmann/json.hpp>

#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

constexpr uint64_t kListDefaultLimit = 100;
constexpr uint64_t kListMaxLimit = 1000;

// The ops of a pending tx by name: a summary that stays small whatever the ops hold (an issue to 1000
// recipients is one name). The whole tx is one tx_get away.
json op_names(const Tx& tx, const InstrumentRegistry& registry) {
    json names = json::array();
    for (const Op& op : tx.ops) {
        std::string_view name = is_core_tag(op.tag) ? core_op_name(op.tag) : registry.op_name(op.tag);
        names.push_back(name.empty() ? "tag " + std::to_string(op.tag) : std::string(name));
    }
    return names;
}

RpcOutcome mempool_list(const NodeServices& s, const json& p) {
    std::optional<AccountId> signer;
    if (p.contains("signer")) {
        auto parsed = parse_address(p, "signer");
        if (!parsed) return RpcOutcome::failure(parsed.error());
        signer = *parsed;
    }
    const size_t limit = uint_or(p, "limit", kListDefaultLimit);
    size_t matched = 0;
    const std::vector<PendingTx> pending = s.mempool.list(signer, limit, matched);
    json txs = json::array();
    for (const PendingTx& entry : pending) {
        const Tx& tx = entry.tx->signed_tx.tx;
        txs.push_back({{"tx_hash", to_hex(entry.tx->tx_hash)},
                       {"signer", address(tx.signer)},
                       {"nonce", tx.nonce},
                       {"ops", op_names(tx, s.registry)},
                       {"age_ms", entry.age_ms},
                       {"waiting", entry.waiting},
                       {"valid_until_height", tx.valid_until_height},
                       {"bytes", entry.tx->bytes.size()}});
    }
    return RpcOutcome::success(
        {{"count", matched}, {"txs", std::move(txs)}, {"truncated", matched > pending.size()}});
}

}  // namespace

Status register_mempool_methods(rpc::MethodTable& table, NodeServices& services) {
    const NodeServices* s = &services;
    return table.add({
        .name = "mempool_list",
        .scope = rpc::Scope::Read,
        .summary = "The txs waiting in the mempool, oldest first: hash, signer, nonce, ops and age.",
        .description =
            "In the order blocks take them: admitted txs oldest first, then txs that wait for an "
            "earlier nonce of their signer (`waiting: true`). `ops` names each op (the whole tx: "
            "`tx_get`); `age_ms` counts from admission by the node's clock. `count` is how many "
            "pending txs match (`signer`'s only, when given); at most `limit` are listed, and "
            "`truncated` says some were left out. A snapshot: by the next call, txs may be in a block.",
        .params = {address_param("signer", "Only this signer's txs (an address).", false),
                   limit_param(kListDefaultLimit, kListMaxLimit)},
        .result_description =
            "{count, truncated, txs:[{tx_hash, signer, nonce, ops:[op name], age_ms, waiting, "
            "valid_until_height, bytes}]}",
        .result_schema = R"({"type":"object","required":["count","truncated","txs"],
"properties":{"count":{"type":"integer"},"truncated":{"type":"boolean"},"txs":{"type":"array","items":{
"type":"object","required":["tx_hash","signer","nonce","ops","age_ms","waiting"],
"properties":{"tx_hash":{"type":"string"},"signer":{"type":"string"},"nonce":{"type":"integer"},
"ops":{"type":"array","items":{"type":"string"}},"age_ms":{"type":"integer"},"waiting":{"type":"boolean"},
"valid_until_height":{"type":"integer"},"bytes":{"type":"integer"}}}}}})",
        .errors = {Reason::BAD_ADDRESS},
        .example_params = examples::kMempoolListParams,
        .example_result = examples::kMempoolListResult,
        .handler = rpc::sync_handler(
            [s](const json& p, const rpc::CallContext&) -> RpcOutcome { return mempool_list(*s, p); }),
    });
}

}  // namespace folio::node::rpcm
