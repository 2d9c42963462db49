// Gossip of the consensus driver (node/bft_driver.h): what it sends again so that messages between correct
// validators are eventually delivered, as the engine assumes (docs/consensus.md, "What the driver relays").
#include "chain/encoding.h"
#include "node/bft_driver.h"

namespace folio::node {
namespace {

// Bytes of txs per gossip frame, well under any sensible p2p_max_message_bytes.
constexpr size_t kMaxTxGossipBytes = 1u << 20;
constexpr size_t kMaxTxGossipCount = 2000;
constexpr std::chrono::milliseconds kProposalResendInterval{1000};

}  // namespace

void ConsensusProducer::gossip_tick() {
    if (engine_->started()) {
        const consensus::Round round = engine_->round();
        // This height's own messages of the current and the previous round: one of them may have been lost.
        // A proposal carries its block (up to megabytes that every peer decodes again), so it goes again at
        // most once a second, the votes at every tick.
        const auto now = SteadyClock::now();
        if (now >= last_proposal_sent_ + kProposalResendInterval) {
            for (const consensus::Proposal& p : own_proposals_) {
                if (p.round + 1 < round) continue;
                auto it = held_.find(p.block_hash);
                if (it == held_.end()) continue;
                (void)transport_->broadcast(p2p::ProposalMessage{p, it->second.block});
                last_proposal_sent_ = now;
            }
        }
        for (const consensus::Vote& v : own_votes_) {
            if (v.round + 1 >= round) (void)transport_->broadcast(p2p::VoteMessage{v});
        }
        // The polka behind the valid block: a re-proposal with that pol_round is refused where it is missing.
        if (engine_->valid_round() != consensus::kNoRound) {
            for (const consensus::Vote& v :
                 engine_->votes_for(engine_->valid_round(), VoteType::prevote, engine_->valid_block()))
                (void)transport_->broadcast(p2p::VoteMessage{v});
        }
        // The votes of this round held from others, for peers that missed some (a stalled round).
        for (VoteType type : {VoteType::prevote, VoteType::precommit}) {
            for (const consensus::Vote& v : engine_->votes_in(round, type))
                (void)transport_->broadcast(p2p::VoteMessage{v});
        }
    }
    publish_status();
    request_blocks_if_behind();
}

void ConsensusProducer::flush_tx_gossip() {
    size_t i = 0;
    while (i < tx_outbox_.size()) {
        p2p::TxsMessage batch;
        size_t bytes = 0;
        while (i < tx_outbox_.size() && batch.txs.size() < kMaxTxGossipCount &&
               bytes + tx_outbox_[i]->bytes.size() <= kMaxTxGossipBytes) {
            bytes += tx_outbox_[i]->bytes.size();
            batch.txs.push_back(tx_outbox_[i++]);
        }
        if (batch.txs.empty()) batch.txs.push_back(tx_outbox_[i++]);  // one tx above the bound still goes
        (void)transport_->broadcast(batch);
    }
    tx_outbox_.clear();
}

void ConsensusProducer::publish_status() {
    Writer round_info(16);
    round_info.u64(engine_->started() ? engine_->height() : 0);
    round_info.u32(engine_->started() ? engine_->round() : 0);
    round_info.u8(static_cast<uint8_t>(engine_->current_step()));
    transport_->set_status(p2p::StatusMessage{ledger_.height(), ledger_.head().hash(), round_info.take()});
}

}  // namespace folio::node
