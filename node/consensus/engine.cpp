#include "node/consensus/engine.h"

#include "node/consensus/engine_batch.h"

#include <cassert>

#include "chain/crypto/schnorr.h"

namespace folio::consensus {
namespace {
template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

uint64_t param_or(const std::map<std::string, uint64_t>& params, const char* name, uint64_t fallback) {
    auto it = params.find(name);
    return it == params.end() ? fallback : it->second;
}
}  // namespace

bool PlainVerifier::verify(const Signature& signature, const Hash256& message, const PubKey& key) {
    return crypto::verify(signature, message, key);
}

uint64_t Timeouts::duration_ms(Step step, Round round) const {
    const uint64_t base = step == Step::propose   ? propose_ms
                          : step == Step::prevote ? prevote_ms
                                                  : precommit_ms;
    return base + delta_ms * round;  // round < kMaxRound and delta <= 600000: no overflow
}

Timeouts Timeouts::from_params(const std::map<std::string, uint64_t>& params) {
    Timeouts t;
    t.propose_ms = param_or(params, "consensus_timeout_propose_ms", t.propose_ms);
    t.prevote_ms = param_or(params, "consensus_timeout_prevote_ms", t.prevote_ms);
    t.precommit_ms = param_or(params, "consensus_timeout_precommit_ms", t.precommit_ms);
    t.delta_ms = param_or(params, "consensus_timeout_delta_ms", t.delta_ms);
    return t;
}

const char* refusal_name(Refusal refusal) {
    switch (refusal) {
        case Refusal::bad_signature:
            return "bad_signature";
        case Refusal::not_a_member:
            return "not_a_member";
        case Refusal::wrong_proposer:
            return "wrong_proposer";
        case Refusal::malformed:
            return "malformed";
        case Refusal::stale_height:
            return "stale_height";
        case Refusal::future_height:
            return "future_height";
        case Refusal::round_too_far:
            return "round_too_far";
        case Refusal::duplicate:
            return "duplicate";
        case Refusal::not_started:
            return "not_started";
    }
    return "unknown";
}

Engine::Engine(EngineConfig config, Signer* signer, SignatureVerifier* verifier,
               std::optional<SafetyState> resume)
    : config_(std::move(config)), signer_(signer), verifier_(verifier), resume_(std::move(resume)) {
    assert(verifier_ != nullptr);
    if (resume_) {
        last_signed_ = resume_->last_signed;
        earlier_in_round_ = resume_->earlier_in_round;
        sign_floor_height_ = resume_->height;
    }
}

std::vector<Action> Engine::step(const Event& event) {
    Batch out;
    std::visit(Overloaded{
                   [&](const StartHeight& e) { on_start_height(e, out); },
                   [&](const ProposalReceived& e) { on_proposal(e, out); },
                   [&](const VoteReceived& e) { on_vote(e.vote, out); },
                   [&](const TimeoutFired& e) { on_timeout(e, out); },
                   [&](const BlockBuilt& e) { on_block_built(e, out); },
                   [&](const BlockChecked& e) { on_block_checked(e, out); },
                   [&](const TxsAvailable&) { on_txs_available(out); },
               },
               event);
    return std::move(out.actions);
}

uint16_t Engine::proposer_of(Round r) const {
    assert(started());
    return schedule_->proposer(height_, r);
}

SafetyState Engine::safety_state() const {
    SafetyState s;
    s.height = height_;
    s.round = round_;
    s.step = step_;
    s.locked_round = locked_round_;
    s.locked_block = locked_block_;
    s.valid_round = valid_round_;
    s.valid_block = valid_block_;
    if (valid_round_ != kNoRound) {
        if (const RoundVoteSet* polka = votes_.find(valid_round_, VoteType::prevote)) {
            s.valid_polka = polka->votes_for(valid_block_);
        }
    }
    s.last_signed = last_signed_;
    s.earlier_in_round = earlier_in_round_;
    return s;
}

std::vector<Vote> Engine::votes_for(Round round, VoteType type, const BlockHash& block) const {
    const RoundVoteSet* set = votes_.find(round, type);
    return set ? set->votes_for(block) : std::vector<Vote>{};
}

std::vector<Vote> Engine::votes_in(Round round, VoteType type) const {
    std::vector<Vote> out;
    if (const RoundVoteSet* set = votes_.find(round, type)) {
        for (const auto& [index, vote] : set->votes()) {
            for (const Vote& v : set->votes_of(index)) out.push_back(v);
        }
    }
    return out;
}

void Engine::reset_height() {
    decided_ = false;
    votes_.clear();
    proposals_.clear();
    evidence_reported_.clear();
    verdicts_.clear();
    round_ = 0;
    step_ = Step::propose;
    awaiting_txs_ = false;
    txs_available_ = false;
    prevote_timeout_scheduled_ = false;
    precommit_timeout_scheduled_ = false;
    polka_seen_ = false;
    locked_round_ = kNoRound;
    locked_block_ = BlockHash{};
    valid_round_ = kNoRound;
    valid_block_ = BlockHash{};
}

// ---------------------------------------------------------------------------------------------------------
// Events

void Engine::on_start_height(const StartHeight& e, Batch& out) {
    // The driver's own inputs: a programming error, not outside input, if wrong.
    assert(e.validators && !e.validators->validators.empty());
    assert(!started() || e.height > height_);
    reset_height();
    height_ = e.height;
    validators_ = e.validators;
    schedule_ = std::make_unique<ProposerSchedule>(*validators_);
    total_power_ = validators_->total_power();
    own_index_ = signer_ ? validators_->index_of(signer_->pubkey()) : -1;

    std::optional<SafetyState> resumed;
    if (resume_ && resume_->height == height_) resumed = std::move(resume_);
    resume_.reset();
    if (!resumed) {
        start_round(0, out);
        evaluate(out);
        return;
    }
    // A restart within this height: back to the round, step, lock and valid block persisted, and the last
    // signed message goes out again (it may never have left before the crash).
    round_ = resumed->round;
    step_ = resumed->step;
    locked_round_ = resumed->locked_round;
    locked_block_ = resumed->locked_block;
    valid_round_ = resumed->valid_round;
    valid_block_ = resumed->valid_block;
    for (const Vote& v : resumed->valid_polka) {
        // Checked again: the file is outside input. A vote that fails is dropped, as from a peer.
        if (v.height != height_ || v.validator_index >= validators_->validators.size()) continue;
        const Validator& voter = validators_->validators[v.validator_index];
        if (!verifier_->verify(v.signature, v.sign_hash(config_.chain_id), voter.consensus_key)) continue;
        votes_.add(v, voter.power, nullptr);
    }
    if (valid_round_ != kNoRound) verdicts_[valid_block_] = true;  // it had a polka and was checked then
    // This round's signed messages go out again (they may never have left, or been lost with the peers'
    // copies); the rules then take over from the persisted step, no timeout taken for granted.
    std::vector<SignedMessage> resend = earlier_in_round_;
    resend.push_back(last_signed_);
    for (const SignedMessage& m : resend) {
        if (const auto* p = std::get_if<Proposal>(&m); p && p->height == height_) {
            proposals_.emplace(p->round, *p);
            out.push(BroadcastProposal{*p});
        } else if (const auto* v = std::get_if<Vote>(&m); v && v->height == height_) {
            if (own_index_ >= 0) votes_.add(*v, validators_->validators[own_index_].power, nullptr);
            out.push(BroadcastVote{*v});
        }
    }
    if (step_ == Step::propose) {
        awaiting_txs_ = false;
        enter_propose_step(out);
    }
    evaluate(out);
}

std::optional<MessageRefused> Engine::check_height(Height height, Round round) const {
    if (!started()) return MessageRefused{Refusal::not_started, "no height started yet"};
    if (height < height_ || (height == height_ && decided_)) {
        return MessageRefused{Refusal::stale_height, "height " + std::to_string(height) + " is decided"};
    }
    if (height > height_) {
        return MessageRefused{Refusal::future_height,
                              "height " + std::to_string(height) + " is ahead of " + std::to_string(height_)};
    }
    if (round >= kMaxRound)
        return MessageRefused{Refusal::malformed, "round " + std::to_string(round) + " too large"};
    return std::nullopt;
}

void Engine::on_proposal(const ProposalReceived& e, Batch& out) {
    const Proposal& p = e.proposal;
    if (auto refused = check_height(p.height, p.round)) {
        out.push(std::move(*refused));
        return;
    }
    if (p.pol_round != kNoRound && p.pol_round >= p.round) {
        out.refuse(Refusal::malformed,
                   "pol_round " + std::to_string(p.pol_round) + " is not below the round");
        return;
    }
    if (p.block_hash == BlockHash{}) {
        out.refuse(Refusal::malformed, "a proposal for no block");
        return;
    }
    if (p.round > round_ + kProposalWindow) {
        out.refuse(Refusal::round_too_far, "proposal for round " + std::to_string(p.round) +
                                               " while at round " + std::to_string(round_));
        return;
    }
    const uint16_t expected = proposer_of(p.round);
    if (p.proposer_index != expected) {
        out.refuse(Refusal::wrong_proposer, "proposer of round " + std::to_string(p.round) +
                                                " is validator " + std::to_string(expected) + ", not " +
                                                std::to_string(p.proposer_index));
        return;
    }
    auto existing = proposals_.find(p.round);
    if (existing != proposals_.end() && existing->second.block_hash == p.block_hash &&
        existing->second.pol_round == p.pol_round) {
        out.refuse(Refusal::duplicate, "proposal already known");
        return;
    }
    const Validator& proposer = validators_->validators[p.proposer_index];
    if (!verifier_->verify(p.signature, p.sign_hash(config_.chain_id), proposer.consensus_key)) {
        out.refuse(Refusal::bad_signature, "proposal signature of " + proposer.name + " does not verify");
        return;
    }
    if (existing != proposals_.end()) {
        // A second, different proposal for one round: equivocation. The first stays the round's proposal.
        if (evidence_reported_.insert({p.round, p.proposer_index, Step::propose}).second) {
            out.push(ReportEvidence{Evidence{DoubleProposal{existing->second, p}}});
        }
        return;
    }
    proposals_.emplace(p.round, p);
    if (e.verdict && *e.verdict != BlockVerdict::unavailable) {
        auto [it, inserted] = verdicts_.try_emplace(p.block_hash, std::nullopt);
        if (!it->second) it->second = *e.verdict == BlockVerdict::valid;
    } else if (p.round >= round_) {
        (void)validity_of(p.block_hash,
                          out);  // ask for the check now, so it is ready when the round needs it
    }
    evaluate(out);
}

void Engine::on_vote(const Vote& vote, Batch& out) {
    if (auto refused = check_height(vote.height, vote.round)) {
        out.push(std::move(*refused));
        return;
    }
    if (vote.type != VoteType::prevote && vote.type != VoteType::precommit) {
        out.refuse(Refusal::malformed, "vote type " + std::to_string(static_cast<int>(vote.type)));
        return;
    }
    if (vote.validator_index >= validators_->validators.size()) {
        out.refuse(Refusal::not_a_member, "validator index " + std::to_string(vote.validator_index) +
                                              " of a set of " +
                                              std::to_string(validators_->validators.size()));
        return;
    }
    const RoundVoteSet* set = votes_.find(vote.round, vote.type);
    if (set && set->has_vote_for(vote.validator_index, vote.block_hash)) {
        out.refuse(Refusal::duplicate, "vote already counted");
        return;
    }
    // Rounds far ahead: each validator may fill only a few of them (enough for the round skip).
    const Round catch_up_above = round_ + 1;
    const RoundVoteSet* other =
        votes_.find(vote.round, vote.type == VoteType::prevote ? VoteType::precommit : VoteType::prevote);
    const bool round_held =
        (set && set->has(vote.validator_index)) || (other && other->has(vote.validator_index));
    if (vote.round > catch_up_above && !round_held &&
        votes_.rounds_above(catch_up_above, vote.validator_index) >= kMaxCatchUpRounds) {
        out.refuse(Refusal::round_too_far, "validator " + std::to_string(vote.validator_index) +
                                               " already fills the catch-up rounds");
        return;
    }
    const Validator& voter = validators_->validators[vote.validator_index];
    if (!verifier_->verify(vote.signature, vote.sign_hash(config_.chain_id), voter.consensus_key)) {
        out.refuse(Refusal::bad_signature, std::string(vote_type_name(vote.type)) + " signature of " +
                                               voter.name + " does not verify");
        return;
    }
    const Vote* counted = nullptr;
    const auto added = votes_.add(vote, voter.power, &counted);
    switch (added) {
        case RoundVoteSet::Added::counted:
            evaluate(out);
            return;
        case RoundVoteSet::Added::duplicate:
            out.refuse(Refusal::duplicate, "vote already counted");
            return;
        case RoundVoteSet::Added::conflicting:
        case RoundVoteSet::Added::conflicting_dropped: {
            if (evidence_reported_.insert({vote.round, vote.validator_index, step_of(vote.type)}).second) {
                out.push(ReportEvidence{Evidence{DoubleVote{*counted, vote}}});
            }
            if (added == RoundVoteSet::Added::conflicting) evaluate(out);
            return;
        }
    }
}

void Engine::on_timeout(const TimeoutFired& e, Batch& out) {
    if (!started() || decided_ || e.height != height_ || e.round != round_) return;  // stale: ignored
    switch (e.step) {
        case Step::propose:  // line 57: no acceptable proposal in time
            if (step_ != Step::propose) return;
            step_ = Step::prevote;
            sign_and_send_vote(VoteType::prevote, BlockHash{}, out);
            break;
        case Step::prevote:  // line 61: prevotes split
            if (step_ != Step::prevote) return;
            step_ = Step::precommit;
            sign_and_send_vote(VoteType::precommit, BlockHash{}, out);
            break;
        case Step::precommit:  // line 65: no decision in this round
            if (round_ + 1 >= kMaxRound) return;
            start_round(round_ + 1, out);
            break;
    }
    evaluate(out);
}

void Engine::on_block_built(const BlockBuilt& e, Batch& out) {
    if (!started() || decided_ || e.height != height_ || e.round != round_ || step_ != Step::propose) return;
    if (own_index_ < 0 || proposer_of(round_) != own_index_) return;
    if (e.block_hash == BlockHash{}) return;
    verdicts_[e.block_hash] = true;  // our own block, built from checked txs on the committed parent
    sign_and_send_proposal(e.block_hash, kNoRound, out);
    evaluate(out);
}

void Engine::on_block_checked(const BlockChecked& e, Batch& out) {
    if (!started() || decided_ || e.height != height_) return;
    auto it = verdicts_.find(e.block_hash);
    if (it == verdicts_.end() || it->second) return;  // not asked, or already known: a verdict never changes
    if (e.verdict == BlockVerdict::unavailable) return;  // the driver fetches it and answers again
    it->second = e.verdict == BlockVerdict::valid;
    evaluate(out);
}

void Engine::on_txs_available(Batch& out) {
    txs_available_ = true;
    if (!started() || decided_ || !awaiting_txs_) return;
    awaiting_txs_ = false;
    enter_propose_step(out);
    evaluate(out);
}

}  // namespace folio::consensus
