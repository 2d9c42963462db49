// The consensus driver's lines of /metrics (Prometheus text format).
#include <string>

#include "node/bft_driver.h"

namespace folio::node {
namespace {

void header(std::string& out, const char* name, const char* type, const char* help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void metric(std::string& out, const char* name, const char* type, const char* help, uint64_t value) {
    header(out, name, type, help);
    out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

std::string consensus_prometheus_text(const ConsensusProducer& consensus) {
    const ConsensusStatus st = consensus.status();
    const ConsensusCounters c = consensus.counters();
    const p2p::Counters t = consensus.transport_counters();
    std::string out;
    metric(out, "folio_consensus_height", "gauge", "Height being decided.", st.height);
    metric(out, "folio_consensus_round", "gauge", "Round of the height being decided.", st.round);
    metric(out, "folio_consensus_syncing", "gauge", "1 while a peer is two or more blocks ahead.",
           st.syncing ? 1 : 0);
    metric(out, "folio_p2p_peers", "gauge", "P2P peers connected.", consensus.peers().size());
    metric(out, "folio_consensus_heights_decided_total", "counter", "Heights committed by this node.",
           c.heights_decided);
    metric(out, "folio_consensus_blocks_synced_total", "counter", "Blocks applied by block sync.",
           c.blocks_synced);
    metric(out, "folio_consensus_synced_blocks_refused_total", "counter",
           "Synced blocks discarded for a bad certificate or a failed block check.", c.synced_blocks_refused);
    metric(out, "folio_consensus_evidence_total", "counter",
           "Equivocations seen (double votes or proposals).", c.evidence);
    metric(out, "folio_consensus_messages_refused_total", "counter", "Consensus messages the engine refused.",
           c.messages_refused);
    metric(
        out, "folio_consensus_misbehaviour_total", "counter",
        "Refused messages only a faulty peer sends (bad signature, non-member, wrong proposer, malformed).",
        c.misbehaviour);
    metric(out, "folio_consensus_signing_refused_total", "counter", "Signatures the signer refused.",
           c.signing_refused);
    metric(out, "folio_p2p_gossip_batches_dropped_total", "counter",
           "Gossiped tx batches dropped because the admission queue was full.", c.gossip_batches_dropped);
    header(out, "folio_p2p_peers_dropped_total", "counter", "P2P connections ended, by reason.");
    for (size_t r = 0; r < p2p::kDropReasonCount; ++r) {
        out.append("folio_p2p_peers_dropped_total{reason=\"")
            .append(p2p::drop_reason_name(static_cast<p2p::DropReason>(r)))
            .append("\"} ")
            .append(std::to_string(t.peers_dropped[r]))
            .append("\n");
    }
    header(out, "folio_p2p_messages_dropped_total", "counter",
           "P2P messages dropped without dropping a peer.");
    for (size_t r = 0; r < p2p::kMessageDropCount; ++r) {
        out.append("folio_p2p_messages_dropped_total{reason=\"")
            .append(p2p::message_drop_name(static_cast<p2p::MessageDrop>(r)))
            .append("\"} ")
            .append(std::to_string(t.messages_dropped[r]))
            .append("\n");
    }
    metric(out, "folio_p2p_messages_received_total", "counter", "P2P frames received.", t.messages_received);
    return out;
}

}  // namespace folio::node
