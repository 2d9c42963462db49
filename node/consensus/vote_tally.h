// The votes of one height, counted by round and type. Each validator counts once per (round, type): the first
// vote is counted, a later different one is returned to the caller as a conflict (evidence), an identical one
// is a duplicate. Not thread-safe; owned by one Engine.
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
    enum class Added { counted, duplicate, conflicting };
    // Counts the vote with the validator's power. On conflicting, *existing points at the counted vote.
    Added add(const Vote& vote, uint64_t power, const Vote** existing);

    bool has(uint16_t validator_index) const { return votes_.count(validator_index) != 0; }
    // Power of the votes for this block (zero hash: nil).
    uint64_t power_for(const BlockHash& block) const;
    // Power of all counted votes, whatever they are for.
    uint64_t power_any() const { return power_any_; }
    // Blocks (not nil) whose counted power is more than 2/3 of total.
    std::vector<BlockHash> blocks_with_quorum(uint64_t total) const;
    // The signatures of the votes for the block, by increasing validator index (a CommitCertificate's order).
    std::vector<CommitSignature> signatures_for(const BlockHash& block) const;
    const std::map<uint16_t, Vote>& votes() const { return votes_; }

  private:
    std::map<uint16_t, Vote> votes_;
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
