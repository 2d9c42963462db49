// tx_wait and tx_get: what became of a submitted tx.
#include <chrono>
#include <nlohmann/json.hpp>

#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

constexpr uint64_t kDefaultWaitMs = 10000;
constexpr uint64_t kMaxWaitMs = 60000;

json tx_result(const NodeServices& s, const StoredTx& stored) {
    json out = receipt_fields(stored.receipt);
    out["tx_hash"] = to_hex(stored.tx->tx_hash);
    out["height"] = stored.height;
    out["index"] = stored.index;
    out["tx"] = tx_to_json(stored.tx->signed_tx.tx, decimals_lookup(s.ledger.state()), s.registry);
    json sigs = json::array();
    for (const auto& sig : stored.tx->signed_tx.signatures) {
        sigs.push_back({{"pubkey", to_hex(sig.pubkey)}, {"signature", to_hex(sig.signature)}});
    }
    out["signatures"] = std::move(sigs);
    out["raw"] = to_hex(stored.tx->bytes);
    return out;
}

RpcOutcome tx_get(const NodeServices& s, const TxHash& hash) {
    auto stored = load_committed_tx(s.ledger.store(), hash);
    if (!stored) return RpcOutcome::failure(stored.error());
    if (*stored) return RpcOutcome::success(tx_result(s, **stored));
    if (s.mempool.contains(hash)) {
        // The mempool does not hand out its txs yet: a pending tx is reported without its body.
        return RpcOutcome::success({{"tx_hash", to_hex(hash)}, {"status", "pending"}});
    }
    // It may have been committed (and so left the mempool) between the two looks.
    stored = load_committed_tx(s.ledger.store(), hash);
    if (!stored) return RpcOutcome::failure(stored.error());
    if (*stored) return RpcOutcome::success(tx_result(s, **stored));
    std::string m = "no tx ";
    m += to_hex(hash);
    m += " (neither committed nor pending)";
    return not_found(std::move(m));
}

void tx_wait(NodeServices& s, const TxHash& hash, uint64_t timeout_ms, rpc::Respond respond) {
    const auto deadline = CommitHub::Clock::now() + std::chrono::milliseconds(timeout_ms);
    // Register first, look second: a commit between the two cannot be missed, and whichever answers first wins
    // (resolve() of a wait already answered does nothing). The wait gets its deadline only once the look found
    // the tx pending: armed earlier, the timer could answer "pending" (at once, for timeout_ms = 0) for a tx
    // that the look finds committed or never seen.
    const uint64_t handle = s.hub.wait_tx(hash, CommitHub::Clock::time_point::max(), [respond](const json& result) {
        respond(RpcOutcome::success(result));
    });
    // The mempool before the store: the producer writes the block before it removes its txs from the mempool,
    // so a tx absent from the mempool here is in the store already if it was committed at all.
    if (s.mempool.contains(hash)) return s.hub.set_deadline(handle, deadline);
    auto stored = load_committed_tx(s.ledger.store(), hash);
    if (!stored) {
        // The store failed: that is an error, not a status of the tx (a commit that answered first stands).
        if (s.hub.cancel(handle)) respond(RpcOutcome::failure(stored.error()));
        return;
    }
    if (*stored) {
        s.hub.resolve(handle, CommitHub::committed_result((*stored)->height, (*stored)->index, (*stored)->receipt));
        return;
    }
    if (s.mempool.contains(hash)) return s.hub.set_deadline(handle, deadline);  // submitted meanwhile
    s.hub.resolve(handle, json{{"status", "unknown"}});
}

}  // namespace

Status register_tx_query_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    if (Status st = table.add({
            .name = "tx_wait",
            .scope = rpc::Scope::Read,
            .summary = "Waits until a tx is committed, dropped or the timeout passes, and tells its status.",
            .description = "`committed`: included and every op succeeded. `failed`: included, but an op failed "
                           "when the block executed (nonce and client_ref consumed, ops rolled back; `reason` and "
                           "`op_index` say why). `pending`: still in the mempool at the timeout. `expired`: "
                           "dropped from the mempool after its valid_until_height. `unknown`: the node has never "
                           "seen it, or dropped it (`reason` then says why). A store that cannot be read answers "
                           "an error (IO_ERROR, CORRUPTION), never a status. For many txs, prefer "
                           "`subscribe_tx` or `subscribe_blocks` over one tx_wait each.",
            .params = {hash_param("tx_hash", "The tx hash (= sighash), 64 hex characters."),
                       {.name = "timeout_ms", .type = rpc::ParamType::Unsigned,
                        .description = "How long to wait, 0 to 60000 ms (default 10000).",
                        .maximum = kMaxWaitMs}},
            .result_description = "{status: committed|failed|pending|expired|unknown, height?, index?, reason?, "
                                  "op_index?}",
            .result_schema = R"({"type":"object","required":["status"],
"properties":{"status":{"enum":["committed","failed","pending","expired","unknown"]},"height":{"type":"integer"},
"index":{"type":"integer"},"reason":{"type":"string"},"op_index":{"type":"integer"},"message":{"type":"string"}}})",
            .errors = {Reason::IO_ERROR, Reason::CORRUPTION},
            .example_params = examples::kTxWaitParams,
            .example_result = examples::kTxWaitResult,
            .handler = [s](const json& p, const rpc::CallContext&, rpc::Respond respond) {
                auto hash = parse_hash(p, "tx_hash");
                if (!hash) return respond(RpcOutcome::failure(hash.error()));
                tx_wait(*s, *hash, uint_or(p, "timeout_ms", kDefaultWaitMs), std::move(respond));
            },
        });
        !st) {
        return st;
    }
    return table.add({
        .name = "tx_get",
        .scope = rpc::Scope::Read,
        .summary = "A tx by hash: its status, its place in the chain, its content and its signed encoding.",
        .description = "A committed tx comes with `height`, `index`, `status` (`committed` or `failed` with "
                       "`reason` and `op_index`), `tx` (its JSON form), `signatures` and `raw` (the signed "
                       "encoding). A tx still in the mempool answers `{tx_hash, status: \"pending\"}`. Any other "
                       "hash is NOT_FOUND. A store that cannot be read answers IO_ERROR or CORRUPTION.",
        .params = {hash_param("tx_hash", "The tx hash (= sighash), 64 hex characters.")},
        .result_description = "{tx_hash, status, height?, index?, reason?, op_index?, tx?, signatures?, raw?}",
        .result_schema = R"({"type":"object","required":["tx_hash","status"],
"properties":{"tx_hash":{"type":"string"},"status":{"enum":["committed","failed","pending"]},"height":{"type":"integer"},
"index":{"type":"integer"},"reason":{"type":"string"},"op_index":{"type":"integer"},
"tx":{"type":"object","required":["signer","nonce","ops","memo"]},
"signatures":{"type":"array","items":{"type":"object","required":["pubkey","signature"]}},"raw":{"type":"string"}}})",
        .errors = {Reason::NOT_FOUND, Reason::IO_ERROR, Reason::CORRUPTION},
        .example_params = examples::kTxGetParams,
        .example_result = examples::kTxGetResult,
        .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) -> RpcOutcome {
            auto hash = parse_hash(p, "tx_hash");
            if (!hash) return RpcOutcome::failure(hash.error());
            return tx_get(*s, *hash);
        }),
    });
}

}  // namespace folio::node::rpcm
