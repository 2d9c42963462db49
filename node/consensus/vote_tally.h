// The votes of one height, counted by round and type. Each validator counts once per (round, type) in the
// power of "any vote" (the timeouts' and the round skip's thresholds) and once toward any one block. A
// validator that signs two different votes for one (round, type) is reported (evidence), and its second vote
// also counts toward the block it names, as the paper's predicates count every signed message received:
// otherwise correct validators that saw the two halves of an equivocation in different orders can disagree on
// a polka for ever, and one equivocator of four halts the chain (the simulation found exactly that). Safety
// does not rest on it: two conflicting quorums still need f + 1 double signers. Memory stays bounded: past
// the first vote, at most kMaxConflictingVotes more are kept per validator and (round, type). Not
// thread-safe; owned by one Engine.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "node/consensus/messages.h"

namespace folio::consensus {

// Quorum arithmetic without division or overflow: "more than 2/3" is 3 * power > 2 * total.
bool more_than_two_thirds(uint64_t power, uint64_t total);
bool more_than_one_third(uint64_t power, uint64_t total);

class RoundVoteSet {
  public:
    static constexpr size_t kMaxConflictingVotes = 1;
    // counted: the validator's first vote. conflicting: a different vote of a validator already counted, kept
    // and counted toward its block (evidence); conflicting_dropped: the same past the bound, not kept.
    enum class Added { counted, duplicate, conflicting, conflicting_dropped };
    // Counts the vote with the validator's power. On a conflict, *existing points at the first vote.
    Added add(const Vote& vote, uint64_t power, const Vote** existing);

    bool has(uint16_t validator_index) const { return votes_.count(validator_index) != 0; }
    // True if this validator's vote for this block is already kept.
    bool has_vote_for(uint16_t validator_index, const BlockHash& block) const;
    // Power of the votes for this block (zero hash: nil).
    uint64_t power_for(const BlockHash& block) const;
    // Power of all counted votes, whatever they are for.
    uint64_t power_any() const { return power_any_; }
    // Blocks (not nil) whose counted power is more than 2/3 of total.
    std::vector<BlockHash> blocks_with_quorum(uint64_t total) const;
    // The signatures of the votes for the block, one per validator, by increasing validator index (a
    // CommitCertificate's order).
    std::vector<CommitSignature> signatures_for(const BlockHash& block) const;
    // Every vote kept of one validator: its first, then its conflicting ones.
    std::vector<Vote> votes_of(uint16_t validator_index) const;
    // The votes for the block, one per validator, by increasing validator index.
    std::vector<Vote> votes_for(const BlockHash& block) const;
    const std::map<uint16_t, Vote>& votes() const { return votes_; }

  private:
    std::map<uint16_t, Vote> votes_;                     // the first vote of each validator
    std::map<uint16_t, std::vector<Vote>> conflicting_;  // its later, different ones (bounded)
    std::map<BlockHash, uint64_t> power_by_block_;
    uint64_t power_any_ = 0;
};

class HeightVotes {
  public:
    struct RoundVotes {
        RoundVoteSet prevotes;
        RoundVoteSet precommits;
        uint64_t voter_power = 0;  // power of the validators with any vote in the round (round-skip rule)
    };

    // The round's votes of the type, or null if none was counted.
    const RoundVoteSet* find(Round round, VoteType type) const;
    RoundVoteSet::Added add(const Vote& vote, uint64_t power, const Vote** existing);
    // Power of the validators that voted in the round.
    uint64_t voter_power(Round round) const;
    // How many rounds above `above` hold a vote of this validator (the bound on catch-up rounds).
    size_t rounds_above(Round above, uint16_t validator_index) const;
    const std::map<Round, RoundVotes>& rounds() const { return rounds_; }
    void clear() { rounds_.clear(); }

  private:
    std::map<Round, RoundVotes> rounds_;
};

}  // namespace folio::consensus
