#include "node/consensus/vote_tally.h"

namespace folio::consensus {

bool more_than_two_thirds(uint64_t power, uint64_t total) {
    return static_cast<unsigned __int128>(power) * 3 > static_cast<unsigned __int128>(total) * 2;
}

bool more_than_one_third(uint64_t power, uint64_t total) {
    return static_cast<unsigned __int128>(power) * 3 > static_cast<unsigned __int128>(total);
}

bool RoundVoteSet::has_vote_for(uint16_t validator_index, const BlockHash& block) const {
    auto it = votes_.find(validator_index);
    if (it == votes_.end()) return false;
    if (it->second.block_hash == block) return true;
    auto c = conflicting_.find(validator_index);
    if (c == conflicting_.end()) return false;
    for (const Vote& v : c->second) {
        if (v.block_hash == block) return true;
    }
    return false;
}

RoundVoteSet::Added RoundVoteSet::add(const Vote& vote, uint64_t power, const Vote** existing) {
    auto [it, inserted] = votes_.try_emplace(vote.validator_index, vote);
    if (inserted) {
        power_by_block_[vote.block_hash] += power;
        power_any_ += power;
        return Added::counted;
    }
    if (has_vote_for(vote.validator_index, vote.block_hash)) return Added::duplicate;
    if (existing) *existing = &it->second;
    auto& others = conflicting_[vote.validator_index];
    if (others.size() >= kMaxConflictingVotes) return Added::conflicting_dropped;
    others.push_back(vote);
    power_by_block_[vote.block_hash] += power;  // toward its block only: power_any_ counts the validator once
    return Added::conflicting;
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

std::vector<Vote> RoundVoteSet::votes_of(uint16_t validator_index) const {
    std::vector<Vote> out;
    auto it = votes_.find(validator_index);
    if (it == votes_.end()) return out;
    out.push_back(it->second);
    auto c = conflicting_.find(validator_index);
    if (c != conflicting_.end()) out.insert(out.end(), c->second.begin(), c->second.end());
    return out;
}

std::vector<Vote> RoundVoteSet::votes_for(const BlockHash& block) const {
    std::vector<Vote> out;
    for (const auto& [index, vote] : votes_) {
        if (vote.block_hash == block) {
            out.push_back(vote);
            continue;
        }
        auto c = conflicting_.find(index);
        if (c == conflicting_.end()) continue;
        for (const Vote& v : c->second) {
            if (v.block_hash == block) out.push_back(v);
        }
    }
    return out;
}

std::vector<CommitSignature> RoundVoteSet::signatures_for(const BlockHash& block) const {
    std::vector<CommitSignature> out;
    for (const Vote& v : votes_for(block)) out.push_back(CommitSignature{v.validator_index, v.signature});
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
