// consensus_status, net_peers, consensus_evidence: where this node is in consensus and whom it talks to.
#include <nlohmann/json.hpp>

#include "node/bft_driver.h"
#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

json consensus_status(const NodeServices& s) {
    if (s.consensus == nullptr) {
        // --dev: the one validator decides each block alone, at once, in round 0.
        const auto& validators = s.ledger.genesis().validators.validators;
        return {{"role", "validator"},
                {"height", s.ledger.height() + 1},
                {"round", 0},
                {"step", "propose"},
                {"proposer", validators.empty() ? std::string() : validators.front().name},
                {"peers", 0},
                {"syncing", false},
                {"single_validator", true}};
    }
    const ConsensusStatus st = s.consensus->status();
    return {{"role", st.role},       {"height", st.height},      {"round", st.round},
            {"step", st.step},       {"proposer", st.proposer},  {"peers", st.peers},
            {"syncing", st.syncing}, {"single_validator", false}};
}

json net_peers(const NodeServices& s) {
    json out = json::array();
    if (s.consensus == nullptr) return out;
    for (const p2p::PeerInfo& p : s.consensus->peers()) {
        out.push_back({{"name", p.name},
                       {"p2p_pubkey", to_hex(p.p2p_pubkey)},
                       {"address", p.address},
                       {"direction", p2p::direction_name(p.direction)},
                       {"since_ms", p.since_ms},
                       {"role", p.role == p2p::NodeRole::validator ? "validator" : "observer"},
                       {"height", p.height}});
    }
    return out;
}

json vote_json(const consensus::Vote& v) {
    return {{"height", v.height},
            {"round", v.round},
            {"type", consensus::vote_type_name(v.type)},
            {"block_hash", to_hex(v.block_hash)},
            {"validator_index", v.validator_index},
            {"signature", to_hex(v.signature)}};
}

json proposal_json(const consensus::Proposal& p) {
    return {{"height", p.height},
            {"round", p.round},
            {"block_hash", to_hex(p.block_hash)},
            {"proposer_index", p.proposer_index},
            {"signature", to_hex(p.signature)}};
}

json consensus_evidence(const NodeServices& s) {
    json out = json::array();
    if (s.consensus == nullptr) return out;
    for (const consensus::Evidence& e : s.consensus->evidence()) {
        json item = {{"validator_index", e.validator_index()},
                     {"height", e.height()},
                     {"round", e.round()},
                     {"raw", to_hex(e.encode())}};
        if (const auto* dv = std::get_if<consensus::DoubleVote>(&e.proof)) {
            item["kind"] = "double_vote";
            item["first"] = vote_json(dv->first);
            item["second"] = vote_json(dv->second);
        } else if (const auto* dp = std::get_if<consensus::DoubleProposal>(&e.proof)) {
            item["kind"] = "double_proposal";
            item["first"] = proposal_json(dp->first);
            item["second"] = proposal_json(dp->second);
        }
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace

Status register_consensus_methods(rpc::MethodTable& table, NodeServices& services) {
    const NodeServices* s = &services;
    if (Status st = table.add({
            .name = "consensus_status",
            .scope = rpc::Scope::Read,
            .summary = "Where this node is in consensus: its role, the height and round being decided, the "
                       "round's proposer, its peers, and whether it is catching up.",
            .description =
                "`height` is the height being decided (the head + 1). `step` is propose, prevote or "
                "precommit. "
                "`proposer` names the validator whose turn it is in this round. `syncing` is true while a "
                "peer "
                "is two or more blocks ahead and this node fetches blocks instead of voting on them. A "
                "one-validator node (`foliod --dev`) has `single_validator: true`: it decides each block at "
                "once.",
            .params = {},
            .result_description = "{role, height, round, step, proposer, peers, syncing, single_validator}",
            .result_schema =
                R"({"type":"object","required":["role","height","round","step","proposer","peers","syncing"],
"properties":{"role":{"enum":["validator","observer"]},"height":{"type":"integer"},"round":{"type":"integer"},
"step":{"enum":["propose","prevote","precommit"]},"proposer":{"type":"string"},"peers":{"type":"integer"},
"syncing":{"type":"boolean"},"single_validator":{"type":"boolean"}}})",
            .errors = {},
            .example_params = examples::kConsensusStatusParams,
            .example_result = examples::kConsensusStatusResult,
            .handler = rpc::sync_handler([s](const json&, const rpc::CallContext&) {
                return RpcOutcome::success(consensus_status(*s));
            }),
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "net_peers",
            .scope = rpc::Scope::Admin,
            .summary = "The P2P peers connected now, each with its pinned key, address and direction.",
            .description =
                "Only peers whose TLS key and hello passed (docs/p2p.md). `since_ms` is when the "
                "connection came up (Unix milliseconds); `height` the one its hello announced. Empty "
                "on a one-validator node.",
            .params = {},
            .result_description = "[{name, p2p_pubkey, address, direction, since_ms, role, height}]",
            .result_schema =
                R"({"type":"array","items":{"type":"object","required":["name","p2p_pubkey","address","direction","since_ms"],
"properties":{"name":{"type":"string"},"p2p_pubkey":{"type":"string"},"address":{"type":"string"},
"direction":{"enum":["inbound","outbound"]},"since_ms":{"type":"integer"},"role":{"enum":["validator","observer"]},
"height":{"type":"integer"}}}})",
            .errors = {},
            .example_params = examples::kNetPeersParams,
            .example_result = examples::kNetPeersResult,
            .handler = rpc::sync_handler(
                [s](const json&, const rpc::CallContext&) { return RpcOutcome::success(net_peers(*s)); }),
        });
        !st) {
        return st;
    }
    return table.add({
        .name = "consensus_evidence",
        .scope = rpc::Scope::Read,
        .summary =
            "Proof of equivocation this node has seen: a validator's two signed votes or proposals for one "
            "height, round and step.",
        .description = "Newest last, the most recent 1,000 kept in memory. `raw` is the evidence's canonical "
                       "encoding; both messages carry their signatures, so anyone can check them against the "
                       "height's validator set (`validators_at`).",
        .params = {},
        .result_description = "[{kind, validator_index, height, round, first, second, raw}]",
        .result_schema =
            R"({"type":"array","items":{"type":"object","required":["kind","validator_index","height","round","first","second","raw"],
"properties":{"kind":{"enum":["double_vote","double_proposal"]},"validator_index":{"type":"integer"},
"height":{"type":"integer"},"round":{"type":"integer"},"first":{"type":"object"},"second":{"type":"object"},
"raw":{"type":"string"}}}})",
        .errors = {},
        .example_params = examples::kConsensusEvidenceParams,
        .example_result = examples::kConsensusEvidenceResult,
        .handler = rpc::sync_handler([s](const json&, const rpc::CallContext&) {
            return RpcOutcome::success(consensus_evidence(*s));
        }),
    });
}

}  // namespace folio::node::rpcm
