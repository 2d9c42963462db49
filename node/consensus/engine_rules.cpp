// The rounds and rules of Algorithm 1 (line numbers are the paper's) and the signing of the engine's own
// messages; the events that lead here are in engine.cpp.
#include "node/consensus/engine.h"

#include "node/consensus/engine_batch.h"

namespace folio::consensus {

// ---------------------------------------------------------------------------------------------------------
// Rounds and rules

void Engine::start_round(Round round, Batch& out) {  // StartRound, lines 11-21
    round_ = round;
    step_ = Step::propose;
    prevote_timeout_scheduled_ = false;
    precommit_timeout_scheduled_ = false;
    polka_seen_ = false;
    awaiting_txs_ = !config_.create_empty_blocks && round == 0 && !txs_available_;
    enter_propose_step(out);
}

void Engine::enter_propose_step(Batch& out) {
    if (awaiting_txs_) return;
    if (own_index_ >= 0 && proposer_of(round_) == own_index_ && can_sign({height_, round_, Step::propose})) {
        if (valid_round_ != kNoRound) {
            sign_and_send_proposal(valid_block_, valid_round_, out);  // line 15: re-propose the valid block
        } else {
            out.push(BuildBlock{height_, round_});  // line 18: getValue()
        }
    }
    // The proposer waits too (CometBFT does the same): a driver slow to build must not stall the round.
    schedule(Step::propose, out);
}

void Engine::evaluate(Batch& out) {
    // Each rule that fires changes the step or the round, so the loop ends; rules are tried in the order that
    // lets one event carry a validator as far as the votes allow.
    while (!decided_) {
        if (try_decide(out)) return;
        if (try_round_skip(out)) continue;
        if (try_prevote_on_proposal(out)) continue;
        const RoundVoteSet* prevotes = votes_.find(round_, VoteType::prevote);
        // Line 34: any 2f+1 prevotes start the prevote timeout.
        if (step_ == Step::prevote && !prevote_timeout_scheduled_ && prevotes &&
            more_than_two_thirds(prevotes->power_any(), total_power_)) {
            prevote_timeout_scheduled_ = true;
            schedule(Step::prevote, out);
        }
        if (try_lock_on_polka(out)) continue;
        // Line 44: 2f+1 prevotes for nil.
        if (step_ == Step::prevote && prevotes &&
            more_than_two_thirds(prevotes->power_for(BlockHash{}), total_power_)) {
            step_ = Step::precommit;
            sign_and_send_vote(VoteType::precommit, BlockHash{}, out);
            continue;
        }
        // Line 47: any 2f+1 precommits start the precommit timeout.
        const RoundVoteSet* precommits = votes_.find(round_, VoteType::precommit);
        if (!precommit_timeout_scheduled_ && precommits &&
            more_than_two_thirds(precommits->power_any(), total_power_)) {
            precommit_timeout_scheduled_ = true;
            schedule(Step::precommit, out);
        }
        return;
    }
}

bool Engine::try_decide(Batch& out) {
    // Line 49, in any round: 2f+1 precommits for a block we hold and found valid. The paper also asks for the
    // round's proposal; only the block matters (it may have come with any proposal, or from block sync).
    for (const auto& [round, votes] : votes_.rounds()) {
        for (const BlockHash& block : votes.precommits.blocks_with_quorum(total_power_)) {
            auto valid = validity_of(block, out);
            if (!valid || !*valid) continue;  // an invalid block with 2f+1 precommits: more than f are faulty
            decided_ = true;
            CommitCertificate cert{height_, round, block, votes.precommits.signatures_for(block)};
            out.push(Decide{height_, round, block, std::move(cert)});
            return true;
        }
    }
    return false;
}

bool Engine::try_round_skip(Batch& out) {
    // Line 55: f+1 of the power voting in a later round means a correct validator is there: join the highest.
    const auto& rounds = votes_.rounds();
    for (auto it = rounds.rbegin(); it != rounds.rend() && it->first > round_; ++it) {
        if (more_than_one_third(it->second.voter_power, total_power_)) {
            start_round(it->first, out);
            return true;
        }
    }
    return false;
}

bool Engine::try_prevote_on_proposal(Batch& out) {
    if (step_ != Step::propose) return false;
    auto it = proposals_.find(round_);
    if (it == proposals_.end()) return false;
    const Proposal& p = it->second;
    bool accept = false;
    if (p.pol_round == kNoRound) {  // line 22
        auto valid = validity_of(p.block_hash, out);
        if (!valid) return false;
        accept = *valid && (locked_round_ == kNoRound || locked_block_ == p.block_hash);
    } else {  // line 28: a re-proposal needs the polka of its pol_round
        const RoundVoteSet* polka = votes_.find(p.pol_round, VoteType::prevote);
        if (!polka || !more_than_two_thirds(polka->power_for(p.block_hash), total_power_)) return false;
        auto valid = validity_of(p.block_hash, out);
        if (!valid) return false;
        accept = *valid &&
                 (locked_round_ == kNoRound || locked_round_ <= p.pol_round || locked_block_ == p.block_hash);
    }
    step_ = Step::prevote;
    sign_and_send_vote(VoteType::prevote, accept ? p.block_hash : BlockHash{}, out);
    return true;
}

bool Engine::try_lock_on_polka(Batch& out) {  // line 36
    if (polka_seen_ || step_ == Step::propose) return false;
    auto it = proposals_.find(round_);
    if (it == proposals_.end()) return false;
    const BlockHash block = it->second.block_hash;
    const RoundVoteSet* prevotes = votes_.find(round_, VoteType::prevote);
    if (!prevotes || !more_than_two_thirds(prevotes->power_for(block), total_power_)) return false;
    auto valid = validity_of(block, out);
    if (!valid || !*valid) return false;
    polka_seen_ = true;
    valid_round_ = round_;
    valid_block_ = block;
    if (step_ == Step::prevote) {
        locked_round_ = round_;
        locked_block_ = block;
        step_ = Step::precommit;
        sign_and_send_vote(VoteType::precommit, block, out);  // persists the lock with the precommit
    } else {
        out.push(PersistSafetyState{safety_state()});
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------------
// Signing

bool Engine::can_sign(const SignPosition& position) const {
    if (!signer_ || own_index_ < 0) return false;
    if (position.height < sign_floor_height_) return false;
    SafetyState current;
    current.last_signed = last_signed_;
    auto last = current.last_signed_position();
    return !last || position > *last;
}

void Engine::sign_and_send_proposal(const BlockHash& block, Round pol_round, Batch& out) {
    const SignPosition position{height_, round_, Step::propose};
    if (!can_sign(position)) return;
    Proposal p{height_, round_, pol_round, block, static_cast<uint16_t>(own_index_), {}};
    auto signature = signer_->sign(position, p.sign_hash(config_.chain_id));
    if (!signature) {
        out.push(SigningRefused{position, signature.error()});
        return;
    }
    p.signature = *signature;
    remember_signed(p);
    proposals_.emplace(round_, p);
    out.push(PersistSafetyState{safety_state()});
    out.push(BroadcastProposal{p});
}

void Engine::sign_and_send_vote(VoteType type, const BlockHash& block, Batch& out) {
    const SignPosition position{height_, round_, step_of(type)};
    if (!can_sign(position)) return;
    Vote v{height_, round_, type, block, static_cast<uint16_t>(own_index_), {}};
    auto signature = signer_->sign(position, v.sign_hash(config_.chain_id));
    if (!signature) {
        out.push(SigningRefused{position, signature.error()});
        return;
    }
    v.signature = *signature;
    remember_signed(v);
    votes_.add(v, validators_->validators[own_index_].power, nullptr);
    out.push(PersistSafetyState{safety_state()});
    out.push(BroadcastVote{v});
}

void Engine::remember_signed(const SignedMessage& m) {
    // Keep the round's earlier messages with the last one, so that a restart can send them all again.
    SafetyState last;
    last.last_signed = last_signed_;
    const auto pos = last.last_signed_position();
    if (pos && pos->height == height_ && pos->round == round_) {
        earlier_in_round_.push_back(last_signed_);
    } else {
        earlier_in_round_.clear();
    }
    last_signed_ = m;
}

void Engine::schedule(Step step, Batch& out) {
    out.push(ScheduleTimeout{height_, round_, step, config_.timeouts.duration_ms(step, round_)});
}

std::optional<bool> Engine::validity_of(const BlockHash& block, Batch& out) {
    auto [it, inserted] = verdicts_.try_emplace(block, std::nullopt);
    if (inserted) out.push(CheckBlock{height_, block});
    return it->second;
}

}  // namespace folio::consensus
