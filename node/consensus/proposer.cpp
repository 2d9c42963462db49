#include "node/consensus/proposer.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <queue>

namespace folio::consensus {
namespace {
using u128 = unsigned __int128;

// Points are (kScale * j + 2 * phase_i + 1) / (kScale * w_i), with phase_i in [0, 2^16): exact in 128 bits.
constexpr uint64_t kScale = uint64_t{1} << 17;

uint64_t phase_of(size_t index) {
    return (index * 40503u) & 0xFFFFu;
}

// A slot: validator index's j-th turn.
struct Slot {
    uint64_t j = 0;
    uint16_t index = 0;
};

// Strict total order of slots: by point, then by validator index.
struct SlotLess {
    const std::vector<uint64_t>* weights;
    bool operator()(const Slot& a, const Slot& b) const {
        const u128 lhs = (static_cast<u128>(kScale) * a.j + 2 * phase_of(a.index) + 1) * (*weights)[b.index];
        const u128 rhs = (static_cast<u128>(kScale) * b.j + 2 * phase_of(b.index) + 1) * (*weights)[a.index];
        if (lhs != rhs) return lhs < rhs;
        return a.index < b.index;
    }
};
}  // namespace

ProposerSchedule::ProposerSchedule(const ValidatorSet& validators) {
    assert(!validators.validators.empty());
    uint64_t g = 0;
    for (const auto& v : validators.validators) g = std::gcd(g, v.power);
    assert(g > 0);
    weights_.reserve(validators.validators.size());
    for (const auto& v : validators.validators) {
        weights_.push_back(v.power / g);
        period_ += v.power / g;
    }
}

uint16_t ProposerSchedule::proposer(Height height, Round round) const {
    // Height and round both advance the rotation, as CometBFT's priorities do (once per block, once per
    // round).
    return at_position(static_cast<uint64_t>((static_cast<u128>(height) + round) % period_));
}

uint16_t ProposerSchedule::at_position(uint64_t k) const {
    k %= period_;
    const SlotLess less{&weights_};
    // Slots at or before the point t = (2k + 1) / (2W): validator i has c_i of them, the j with
    // (kScale j + 2 phase_i + 1) / (kScale w_i) <= t. They form a prefix of the slot order whose size is
    // within n + 1 of k + 1, so a few heap steps from there reach the answer. Magnitudes: (2k + 1) < 2^59,
    // kScale = 2^17, w_i <= 2^48: below 2^124.
    const size_t n = weights_.size();
    std::vector<uint64_t> taken(n);
    uint64_t prefix = 0;
    for (size_t i = 0; i < n; ++i) {
        const u128 reach = static_cast<u128>(2 * k + 1) * kScale * weights_[i];
        const u128 offset = static_cast<u128>(2) * period_ * (2 * phase_of(i) + 1);
        if (reach >= offset) {
            const u128 count = (reach - offset) / (static_cast<u128>(2) * period_ * kScale) + 1;
            taken[i] = count >= weights_[i] ? weights_[i] : static_cast<uint64_t>(count);
        }
        prefix += taken[i];
    }
    const uint64_t want = k + 1;  // the answer is the want-th slot in order
    if (prefix >= want) {
        // Drop the largest slots of the prefix until it has want slots: its last one is the answer.
        auto greater = [&](const Slot& a, const Slot& b) { return less(a, b); };  // max-heap by slot order
        std::priority_queue<Slot, std::vector<Slot>, decltype(greater)> heap(greater);
        for (size_t i = 0; i < n; ++i) {
            if (taken[i] > 0) heap.push(Slot{taken[i] - 1, static_cast<uint16_t>(i)});
        }
        for (; prefix > want; --prefix) {
            const Slot top = heap.top();
            heap.pop();
            if (top.j > 0) heap.push(Slot{top.j - 1, top.index});
        }
        return heap.top().index;
    }
    // Take the smallest slots after the prefix until it has want slots: the last one taken is the answer.
    auto after = [&](const Slot& a, const Slot& b) { return less(b, a); };  // min-heap by slot order
    std::priority_queue<Slot, std::vector<Slot>, decltype(after)> heap(after);
    for (size_t i = 0; i < n; ++i) {
        if (taken[i] < weights_[i]) heap.push(Slot{taken[i], static_cast<uint16_t>(i)});
    }
    Slot last{};
    for (; prefix < want; ++prefix) {
        last = heap.top();
        heap.pop();
        if (last.j + 1 < weights_[last.index]) heap.push(Slot{last.j + 1, last.index});
    }
    return last.index;
}

}  // namespace folio::consensus
