#include "node/consensus/vote_tally.h"

namespace folio::consensus {

bool more_than_two_thirds(uint64_t power, uint64_t total) {
    return static_cast<unsigned __int128>(power) * 3 > static_cast<unsigned __int128>(total) * 2;
}

bool more_than_one_third(uint64_t power, uint64_t total) {
    return static_cast<unsigned __int128>(power) * 3 > static_cast<unsigned __int128>(total);
}

RoundVoteSet::Added RoundVoteSet::add(const Vote& vote, uint64_t power, const Vote** existing) {
    auto [it, inserted] = votes_.try_emplace(vote.validator_index, vote);
    if (!inserted) {
        if (it->second.block_hash == vote.block_hash) return Added::duplicate;
        if (existing) *existing = &it->second;
        return Added::conflicting;
    }
    power_by_block_[vote.block_hash] += power;
    power_any_ += power;
    return Added::counted;
}

uint64_t RoundVoteSet::power_for(const BlockHash& block) const {
    auto it = power_by_block_.find(block);
    return it == power_by_block_.end() ? 0 : it->second;
}

std::vector<BlockHash> RoundVoteSet::blocks_with_quorum(uint64_t total) const {
    std::vector<BlockHash> out;
    for (const auto& [block, power] : power_by_block_) {
        if (block != BlockHash{} && more_than_two_thirds(power, total)) out.push_back(block);
    }
    return out;
}

std::vector<CommitSignature> RoundVoteSet::signatures_for(const BlockHash& block) const {
    std::vector<CommitSignature> out;
    for (const auto& [index, vote] : votes_) {
        if (vote.block_hash == block) out.push_back(CommitSignature{index, vote.signature});
    }
    return out;
}

const RoundVoteSet* HeightVotes::find(Round round, VoteType type) const {
    auto it = rounds_.find(round);
    if (it == rounds_.end()) return nullptr;
    return type == VoteType::prevote ? &it->second.prevotes : &it->second.precommits;
}

RoundVoteSet::Added HeightVotes::add(const Vote& vote, uint64_t power, const Vote** existing) {
    RoundVotes& round = rounds_[vote.round];
    RoundVoteSet& set = vote.type == VoteType::prevote ? round.prevotes : round.precommits;
    RoundVoteSet& other = vote.type == VoteType::prevote ? round.precommits : round.prevotes;
    const bool voted_before = set.has(vote.validator_index) || other.has(vote.validator_index);
    const auto added = set.add(vote, power, existing);
    if (added == RoundVoteSet::Added::counted && !voted_before) round.voter_power += power;
    return added;
}

uint64_t HeightVotes::voter_power(Round round) const {
    auto it = rounds_.find(round);
    return it == rounds_.end() ? 0 : it->second.voter_power;
}

size_t HeightVotes::rounds_above(Round above, uint16_t validator_index) const {
    size_t n = 0;
    for (auto it = rounds_.upper_bound(above); it != rounds_.end(); ++it) {
        if (it->second.prevotes.has(validator_index) || it->second.precommits.has(validator_index)) ++n;
    }
    return n;
}

}  // namespace folio::consensus
