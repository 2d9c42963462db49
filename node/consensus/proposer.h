// Who proposes in (height, round): a rotation weighted by voting power, computed from the validator set and
// the position k = height + round alone, so every validator (and block sync, and an audit) finds the same
// proposer without any carried state.
//
// It gives what CometBFT's proposer priority gives (turns in proportion to power, spread out rather than
// bunched) but as a closed form instead of priorities carried from block to block. With powers divided by
// their gcd (w_i, total W), validator i owns w_i slots at the points (j + phase_i) / w_i, j = 0..w_i-1, of
// the unit interval, and position k is the (k mod W)-th slot in the order of those points (ties: lower index
// first). Each validator so proposes exactly w_i times in every W consecutive positions, its turns evenly
// spaced; the phase (i * 40503 mod 2^16 + 1/2) / 2^16 (a golden-ratio sequence) keeps validators of equal or
// commensurate power from landing on the same points, which would bunch one's turns together. Equal powers
// give round robin in a fixed order of the set. The order is not CometBFT's own: nothing needs a CometBFT
// chain's proposers.
//
// Cost: O(n log n) per position with exact 128-bit arithmetic (powers <= 2^48, n <= kMaxValidators). The
// schedule is immutable and may be shared between threads.
#pragma once

#include <vector>

#include "chain/block.h"
#include "node/consensus/messages.h"

namespace folio::consensus {

class ProposerSchedule {
  public:
    // The set must be non-empty with positive powers (genesis and validator_set_update guarantee it).
    explicit ProposerSchedule(const ValidatorSet& validators);

    // Index in the set of the proposer of (height, round).
    uint16_t proposer(Height height, Round round) const;
    // Index of the proposer at rotation position k (the k-th turn since height 0, round 0).
    uint16_t at_position(uint64_t k) const;
    // Length of one full rotation (sum of the reduced powers).
    uint64_t period() const { return period_; }

  private:
    std::vector<uint64_t> weights_;  // powers divided by their gcd
    uint64_t period_ = 0;
};

}  // namespace folio::consensus
