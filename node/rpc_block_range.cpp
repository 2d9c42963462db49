// block_range: consecutive blocks as raw bytes, for a verifier that replays the chain (folio-audit verify
// --rpc) and trusts nothing of the node but the bytes it checks.
#include <nlohmann/json.hpp>

#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

constexpr uint64_t kMaxBlocksPerCall = 100;
// The answer stops before this many bytes of hex (the first block always goes out whole, however large):
// a page of small blocks is one round trip, a page of full blocks is not hundreds of megabytes.
constexpr size_t kMaxAnswerHexBytes = 16u << 20;

RpcOutcome block_range(const Ledger& ledger, const json& p) {
    const Height head = ledger.snapshot().height();
    const Height from = p["from"].get<uint64_t>();
    const uint64_t count = p.contains("count") ? p["count"].get<uint64_t>() : kMaxBlocksPerCall;
    const Store& store = ledger.store();
    json blocks = json::array();
    size_t hex_bytes = 0;
    Height h = from;
    for (; h <= head && h - from < count; ++h) {
        auto header = store.header(h);
        if (!header) return RpcOutcome::failure(header.error());
        auto body = store.body(h);
        if (!body) return RpcOutcome::failure(body.error());
        json commit_hex = nullptr;  // block 0 (genesis) has no certificate
        size_t size = 0;
        if (h > 0) {
            auto commit = store.commit(h);
            if (!commit) return RpcOutcome::failure(commit.error());
            commit_hex = to_hex(commit->encode());
            size += commit_hex.get_ref<const std::string&>().size();
        }
        json txs = json::array();
        for (const TxPtr& tx : *body) {
            txs.push_back(to_hex(tx->bytes));
            size += tx->bytes.size() * 2;
        }
        std::string header_hex = to_hex(header->encode());
        size += header_hex.size();
        if (!blocks.empty() && hex_bytes + size > kMaxAnswerHexBytes) break;
        hex_bytes += size;
        blocks.push_back({{"height", h},
                          {"header_hex", std::move(header_hex)},
                          {"commit_hex", std::move(commit_hex)},
                          {"txs", std::move(txs)}});
    }
    json out = {{"blocks", std::move(blocks)}};
    if (h <= head && h > from) out["next"] = h;
    return RpcOutcome::success(std::move(out));
}

}  // namespace

Status register_block_range_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    return table.add({
        .name = "block_range",
        .scope = rpc::Scope::Read,
        .summary = "Consecutive blocks as raw bytes: header, commit certificate and signed txs of each.",
        .description = "For verifiers that replay the chain: every field is a canonical encoding in hex "
                       "(`header_hex` a BlockHeader, `commit_hex` its CommitCertificate, null for block 0, "
                       "`txs` the signed txs that `txs_root` commits to), so that nothing of the node's JSON "
                       "or receipts is needed. At most `count` blocks from `from` on, fewer when the answer "
                       "would pass 16 MiB of hex (always at least one block); `next` is the first height not "
                       "returned while the chain has more. A `from` past the head gives no blocks.",
        .params = {{.name = "from",
                    .type = rpc::ParamType::Unsigned,
                    .required = true,
                    .description = "The first height."},
                   {.name = "count",
                    .type = rpc::ParamType::Unsigned,
                    .description = "How many blocks at most (1 to 100; default 100).",
                    .minimum = 1,
                    .maximum = kMaxBlocksPerCall}},
        .result_description = "{blocks:[{height, header_hex, commit_hex, txs:[raw hex]}], next?}",
        .result_schema = R"({"type":"object","required":["blocks"],
"properties":{"blocks":{"type":"array","items":{"type":"object","required":["height","header_hex","commit_hex","txs"],
"properties":{"height":{"type":"integer"},"header_hex":{"type":"string"},"commit_hex":{"type":["string","null"]},
"txs":{"type":"array","items":{"type":"string"}}}}},"next":{"type":"integer"}}})",
        .errors = {},
        .example_params = examples::kBlockRangeParams,
        .example_result = examples::kBlockRangeResult,
        .handler = rpc::sync_handler(
            [s](const json& p, const rpc::CallContext&) { return block_range(s->ledger, p); }),
    });
}

}  // namespace folio::node::rpcm
