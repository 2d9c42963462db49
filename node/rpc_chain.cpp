// chain_info, validators_at, chain_status, block_get, block_latest.
#include <nlohmann/json.hpp>

#include "chain/validator_set_state.h"
#include "chain/version.h"
#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

json validators_to_json(const ValidatorSet& set) {
    json validators = json::array();
    for (const auto& v : set.validators) {
        validators.push_back({{"name", v.name},
                              {"consensus_pubkey", to_hex(v.consensus_key)},
                              {"p2p_pubkey", to_hex(v.p2p_key)},
                              {"power", v.power}});
    }
    return validators;
}

// Heights after the head whose set is already fixed: a change committed in the next block signs from the one
// after it, so the state after the head decides up to head + kValidatorSetDelay.
RpcOutcome validators_at(const Ledger& ledger, const json& p) {
    const Ledger::Snapshot snap = ledger.snapshot();
    const Height height = p["height"].get<uint64_t>();
    if (height > snap.height() + kValidatorSetDelay) {
        std::string m = "height: ";
        m += std::to_string(height);
        m += " is past head + 2 (";
        m += std::to_string(snap.height() + kValidatorSetDelay);
        m += "): a later set may still change";
        return RpcOutcome::failure(make_error(Reason::INVALID_ARGUMENT, std::move(m)));
    }
    const ValidatorSetChange c = validator_set_at(snap.state(), height, ledger.genesis().validators);
    return RpcOutcome::success({{"height", height},
                                {"effective_from", c.effective_from},
                                {"committed_height", c.committed_height},
                                {"validators", validators_to_json(c.set)},
                                {"validators_hash", to_hex(c.set.hash())}});
}

json chain_info(const Ledger& ledger) {
    const Genesis& g = ledger.genesis();
    // Current values: param_update may have changed what genesis set.
    json params = json::object();
    const Ledger::Snapshot snap = ledger.snapshot();
    // The set that signed the head (validator_set_update changes it from two blocks after its own).
    const ValidatorSet head_set = validator_set_at(snap.state(), snap.height(), g.validators).set;
    std::map<std::string, uint64_t> names = default_params();
    for (const auto& [name, value] : g.params) names[name] = value;
    for (const auto& [name, genesis_value] : names) {
        uint64_t value = genesis_value;
        (void)read_param(snap.state(), name, value);
        params[name] = value;
    }
    json genesis = json::parse(g.to_json(), nullptr, false);
    return {{"chain_id", to_hex(ledger.chain_id())},
            {"name", g.chain_name},
            {"genesis_time_ms", g.genesis_time_ms},
            {"validators", validators_to_json(head_set)},
            {"validators_hash", to_hex(head_set.hash())},
            {"params", std::move(params)},
            {"genesis", genesis.is_discarded() ? json(nullptr) : std::move(genesis)}};
}

json chain_status(const NodeServices& s) {
    const BlockHeader head = s.ledger.snapshot().head();
    return {{"chain_id", to_hex(head.chain_id)},
            {"height", head.height},
            {"latest_block_hash", to_hex(head.hash())},
            {"latest_block_time_ms", head.time_ms},
            {"state_root", to_hex(head.state_root)},
            {"mempool_size", s.mempool.size()},
            {"mempool_bytes", s.mempool.bytes()},
            {"oldest_provable_height", s.ledger.oldest_provable_height()},
            {"version", std::string(version())},
            {"commit", std::string(git_commit())}};
}

// The block at `height` as block_get answers it; NOT_FOUND when the store has no such block.
RpcOutcome block_at(const NodeServices& s, Height height, bool include_txs) {
    const Store& store = s.ledger.store();
    auto header = store.header(height);
    if (!header) {
        if (header.reason() != Reason::NOT_FOUND) return RpcOutcome::failure(header.error());
        std::string m = "no block at height ";
        m += std::to_string(height);
        return not_found(std::move(m));
    }
    json out = {{"hash", to_hex(header->hash())},
                {"height", height},
                {"header", header_to_json(*header)},
                {"header_hex", to_hex(header->encode())}};
    // Block 0 (genesis) has no certificate and no receipts: it is the chain's definition, not a decision.
    auto commit = store.commit(height);
    if (commit) {
        out["commit"] = commit_to_json(*commit);
        out["commit_hex"] = to_hex(commit->encode());
    } else if (commit.reason() == Reason::NOT_FOUND && height == 0) {
        out["commit"] = nullptr;
        out["commit_hex"] = nullptr;
    } else {
        return RpcOutcome::failure(commit.error());
    }
    auto body = store.body(height);
    if (!body) return RpcOutcome::failure(body.error());
    out["tx_count"] = body->size();
    out["txs"] = json::array();
    if (!include_txs) return RpcOutcome::success(std::move(out));
    std::vector<Receipt> receipts;
    if (!body->empty()) {
        auto r = store.receipts(height);
        if (!r) return RpcOutcome::failure(r.error());
        receipts = std::move(*r);
    }
    if (receipts.size() != body->size()) {
        return RpcOutcome::failure(make_error(Reason::CORRUPTION, "receipts do not match the block's txs"));
    }
    const DecimalsLookup decimals = decimals_lookup(s.ledger.state());
    json txs = json::array();
    for (size_t i = 0; i < body->size(); ++i) {
        const TxEnvelope& tx = *(*body)[i];
        json t = receipt_fields(receipts[i]);
        t["tx_hash"] = to_hex(tx.tx_hash);
        t["index"] = i;
        t["tx"] = tx_to_json(tx.signed_tx.tx, decimals, s.registry);
        t["raw"] = to_hex(tx.bytes);
        txs.push_back(std::move(t));
    }
    out["txs"] = std::move(txs);
    return RpcOutcome::success(std::move(out));
}

constexpr const char* kBlockSchema = R"({"type":"object","required":["hash","height","header","header_hex","txs","commit","commit_hex"],
"properties":{"hash":{"type":"string"},"height":{"type":"integer"},
"header":{"type":"object","required":["chain_id","height","time_ms","prev_hash","txs_root","results_root","state_root","validators_hash","proposer"]},
"header_hex":{"type":"string"},"tx_count":{"type":"integer"},
"txs":{"type":"array","items":{"type":"object","required":["tx_hash","index","status","tx","raw"],
 "properties":{"tx_hash":{"type":"string"},"index":{"type":"integer"},"status":{"enum":["committed","failed"]},
 "reason":{"type":"string"},"op_index":{"type":"integer"},"tx":{"type":"object"},"raw":{"type":"string"},
 "events":{"type":"array","items":{"type":"object","required":["kind","hex"],"properties":{"kind":{"type":"string"},"hex":{"type":"string"}}}}}}},
"commit":{"type":["object","null"],"required":["height","round","block_hash","signatures"]},
"commit_hex":{"type":["string","null"]}}})";

}  // namespace

Status register_chain_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    if (Status st = table.add({
            .name = "chain_info",
            .scope = rpc::Scope::Read,
            .summary = "The chain's identity: chain id, name, validator set, current parameters and the genesis.",
            .description = "`validators` is the set that signed the head block (genesis' set as changed by "
                           "`validator_set_update`; `validators_at` gives the set of any height). "
                           "`params` holds the current value of every chain parameter (genesis values as changed "
                           "by `param_update`). `genesis` is the parsed genesis document; `chain_id` is the tagged "
                           "hash of its canonical encoding, which a wallet keeps to refuse txs for another chain.",
            .params = {},
            .result_description = "{chain_id, name, genesis_time_ms, validators, validators_hash, params, genesis}",
            .result_schema = R"({"type":"object","required":["chain_id","name","genesis_time_ms","validators","params","genesis"],
"properties":{"chain_id":{"type":"string"},"name":{"type":"string"},"genesis_time_ms":{"type":"integer"},
"validators":{"type":"array","items":{"type":"object","required":["name","consensus_pubkey","p2p_pubkey","power"]}},
"validators_hash":{"type":"string"},"params":{"type":"object","additionalProperties":{"type":"integer"}},"genesis":{"type":"object"}}})",
            .errors = {},
            .example_params = examples::kChainInfoParams,
            .example_result = examples::kChainInfoResult,
            .handler = rpc::sync_handler([s](const json&, const rpc::CallContext&) {
                return RpcOutcome::success(chain_info(s->ledger));
            }),
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "validators_at",
            .scope = rpc::Scope::Read,
            .summary = "The validator set that signs the block of a height, and since when.",
            .description = "A `validator_set_update` committed in block H takes effect at H+2 (block H+1 is still "
                           "signed by the set before it). `effective_from` is the first height of the answered "
                           "set, `committed_height` the block that wrote it (0: genesis), `validators_hash` what "
                           "the header of `height` carries. Any past height is answered; at most the head + 2, "
                           "the last height the chain has already decided.",
            .params = {{.name = "height", .type = rpc::ParamType::Unsigned, .required = true,
                        .description = "The block height."}},
            .result_description = "{height, effective_from, committed_height, validators:[{name, consensus_pubkey, "
                                  "p2p_pubkey, power}], validators_hash}",
            .result_schema = R"({"type":"object","required":["height","effective_from","committed_height","validators","validators_hash"],
"properties":{"height":{"type":"integer"},"effective_from":{"type":"integer"},"committed_height":{"type":"integer"},
"validators":{"type":"array","items":{"type":"object","required":["name","consensus_pubkey","p2p_pubkey","power"]}},
"validators_hash":{"type":"string"}}})",
            .errors = {Reason::INVALID_ARGUMENT},
            .example_params = examples::kValidatorsAtParams,
            .example_result = examples::kValidatorsAtResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) {
                return validators_at(s->ledger, p);
            }),
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "chain_status",
            .scope = rpc::Scope::Read,
            .summary = "The head of the chain and the mempool's size.",
            .description = "`oldest_provable_height` is the lowest height `proof_holding` can serve. `version` is "
                           "the node software's version and `commit` the git commit it was built from (`unknown` "
                           "for a build outside a git checkout), as `foliod --version` prints them.",
            .params = {},
            .result_description = "{chain_id, height, latest_block_hash, latest_block_time_ms, state_root, "
                                  "mempool_size, mempool_bytes, oldest_provable_height, version, commit}",
            .result_schema = R"({"type":"object","required":["height","latest_block_hash","latest_block_time_ms","state_root","mempool_size","mempool_bytes"],
"properties":{"chain_id":{"type":"string"},"height":{"type":"integer"},"latest_block_hash":{"type":"string"},
"latest_block_time_ms":{"type":"integer"},"state_root":{"type":"string"},"mempool_size":{"type":"integer"},
"mempool_bytes":{"type":"integer"},"oldest_provable_height":{"type":"integer"},"version":{"type":"string"},
"commit":{"type":"string"}}})",
            .errors = {},
            .example_params = examples::kChainStatusParams,
            .example_result = examples::kChainStatusResult,
            .handler = rpc::sync_handler([s](const json&, const rpc::CallContext&) {
                return RpcOutcome::success(chain_status(*s));
            }),
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "block_get",
            .scope = rpc::Scope::Read,
            .summary = "A block by height or by hash: header, txs with their results, and commit certificate.",
            .description = "Give exactly one of `height` and `hash`. Each tx comes with its result (`status` "
                           "`committed` or `failed`, with `reason` and `op_index` when failed), its JSON form, "
                           "`raw`, the signed encoding that `txs_root` commits to, and `events` when its instrument "
                           "ops emitted any (each `kind` and `hex`, the event's encoding that `results_root` "
                           "commits to). `header_hex` and `commit_hex` "
                           "are the canonical encodings a verifier checks. Block 0 (genesis) has no certificate: "
                           "`commit` and `commit_hex` are null.",
            .params = {height_param("Height of the block."),
                       hash_param("hash", "Block hash, 64 hex characters.", false),
                       {.name = "include_txs", .type = rpc::ParamType::Boolean,
                        .description = "false: header and certificate only (`txs` is empty). Default true."}},
            .result_description = "{hash, height, header, header_hex, tx_count, txs:[{tx_hash, index, status, "
                                  "reason?, op_index?, tx, raw, events?:[{kind, hex}]}], commit, commit_hex}",
            .result_schema = kBlockSchema,
            .errors = {Reason::NOT_FOUND},
            .example_params = examples::kBlockGetParams,
            .example_result = examples::kBlockGetResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) -> RpcOutcome {
                const bool by_height = p.contains("height"), by_hash = p.contains("hash");
                if (by_height == by_hash) {
                    return RpcOutcome::failure(make_error(Reason::INVALID_ARGUMENT, "give exactly one of height and hash"));
                }
                const bool include_txs = !p.contains("include_txs") || p["include_txs"].get<bool>();
                if (by_height) return block_at(*s, p["height"].get<uint64_t>(), include_txs);
                auto hash = parse_hash(p, "hash");
                if (!hash) return RpcOutcome::failure(hash.error());
                auto height = s->ledger.store().height_of(*hash);
                if (!height) return RpcOutcome::failure(height.error());
                if (!*height) {
                    std::string m = "no block with hash ";
                    m += p["hash"].get<std::string>();
                    return not_found(std::move(m));
                }
                return block_at(*s, **height, include_txs);
            }),
        });
        !st) {
        return st;
    }
    return table.add({
        .name = "block_latest",
        .scope = rpc::Scope::Read,
        .summary = "The head block, as block_get gives it.",
        .params = {{.name = "include_txs", .type = rpc::ParamType::Boolean,
                    .description = "false: header and certificate only. Default true."}},
        .result_description = "As block_get.",
        .result_schema = kBlockSchema,
        .errors = {},
        .example_params = examples::kBlockLatestParams,
        .example_result = examples::kBlockLatestResult,
        .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) {
            const bool include_txs = !p.contains("include_txs") || p["include_txs"].get<bool>();
            return block_at(*s, s->ledger.head().height, include_txs);
        }),
    });
}

}  // namespace folio::node::rpcm
