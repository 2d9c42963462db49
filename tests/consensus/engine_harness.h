// One engine under test among n test validators: the test plays the network and the other validators, signing
// their proposals and votes with their keys, and reads the engine's actions.
#pragma once

#include <gtest/gtest.h>

#include "testkit.h"

namespace folio::consensus::test {

template <class A>
std::vector<A> actions_of(const std::vector<Action>& actions) {
    std::vector<A> out;
    for (const auto& a : actions) {
        if (const auto* x = std::get_if<A>(&a)) out.push_back(*x);
    }
    return out;
}

// The proposer of (height, round) among equal-power validators.
inline uint16_t proposer_among(size_t n, Height height, Round round) {
    return ProposerSchedule(*make_validator_set(std::vector<uint64_t>(n, 1))).proposer(height, round);
}

inline BlockHash block_named(const char* name) {
    return crypto::sha256(as_bytes(name));
}

class EngineHarness {
  public:
    explicit EngineHarness(std::vector<uint64_t> powers = {1, 1, 1, 1}, uint16_t self = 0,
                           EngineConfig config = default_config(),
                           std::optional<SafetyState> resume = std::nullopt)
        : set_(make_validator_set(powers)),
          self_(self),
          signer_(self),
          engine_(config, &signer_, &verifier_, std::move(resume)) {}

    static EngineConfig default_config() {
        EngineConfig c;
        c.chain_id = test_chain_id();
        c.timeouts = Timeouts{3000, 1000, 1000, 500};
        return c;
    }

    Engine& engine() { return engine_; }
    const ValidatorSet& set() const { return *set_; }
    uint16_t self() const { return self_; }

    std::vector<Action> start(Height height) { return step(StartHeight{height, set_}); }
    std::vector<Action> step(const Event& e) {
        auto actions = engine_.step(e);
        log_.insert(log_.end(), actions.begin(), actions.end());
        return actions;
    }

    Vote vote(uint16_t who, Round round, VoteType type, const BlockHash& block, Height height = 0) {
        Vote v{height ? height : engine_.height(), round, type, block, who, {}};
        v.signature = sign_as(who, v.sign_hash(test_chain_id()));
        return v;
    }
    Proposal proposal(Round round, const BlockHash& block, Round pol_round = kNoRound, int who = -1) {
        const uint16_t proposer = who >= 0 ? static_cast<uint16_t>(who) : engine_.proposer_of(round);
        Proposal p{engine_.height(), round, pol_round, block, proposer, {}};
        p.signature = sign_as(proposer, p.sign_hash(test_chain_id()));
        return p;
    }

    std::vector<Action> deliver(const Vote& v) { return step(VoteReceived{v}); }
    std::vector<Action> deliver(const Proposal& p,
                                std::optional<BlockVerdict> verdict = BlockVerdict::valid) {
        return step(ProposalReceived{p, verdict});
    }
    // Votes of the given validators (not self) for the block.
    std::vector<Action> votes_from(const std::vector<uint16_t>& who, Round round, VoteType type,
                                   const BlockHash& block) {
        std::vector<Action> all;
        for (uint16_t w : who) {
            auto a = deliver(vote(w, round, type, block));
            all.insert(all.end(), a.begin(), a.end());
        }
        return all;
    }
    std::vector<Action> timeout(Round round, Step step) {
        return this->step(TimeoutFired{engine_.height(), round, step});
    }

    // The votes the engine under test broadcast, over the whole test.
    std::vector<Vote> own_votes(VoteType type, Round round) const {
        std::vector<Vote> out;
        for (const auto& v : actions_of<BroadcastVote>(log_)) {
            if (v.vote.type == type && v.vote.round == round) out.push_back(v.vote);
        }
        return out;
    }
    const std::vector<Action>& log() const { return log_; }
    // Every validator but the one under test.
    std::vector<uint16_t> others() const {
        std::vector<uint16_t> out;
        for (uint16_t i = 0; i < set_->validators.size(); ++i) {
            if (i != self_) out.push_back(i);
        }
        return out;
    }

  private:
    std::shared_ptr<const ValidatorSet> set_;
    uint16_t self_;
    KeySigner signer_;
    PlainVerifier verifier_;
    Engine engine_;
    std::vector<Action> log_;
};

}  // namespace folio::consensus::test
