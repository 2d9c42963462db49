// consensus_engine.Rotation*: who proposes, weighted by power, from the set and (height, round) alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "node/consensus/proposer.h"
#include "testkit.h"

namespace folio::consensus::test {
namespace {

// The slot order written out naively: validator i's slots at (j + phase_i) / w_i, phase_i =
// (i * 40503 mod 2^16 + 1/2) / 2^16, sorted by point then index.
std::vector<uint16_t> brute_force_rotation(const std::vector<uint64_t>& weights) {
    struct Slot {
        unsigned __int128 num, den;
        uint16_t index;
    };
    std::vector<Slot> slots;
    for (uint16_t i = 0; i < weights.size(); ++i) {
        const uint64_t phase2 = 2 * ((i * 40503u) & 0xFFFFu) + 1;  // 2^17 * phase
        for (uint64_t j = 0; j < weights[i]; ++j) {
            slots.push_back(Slot{(static_cast<unsigned __int128>(j) << 17) + phase2,
                                 static_cast<unsigned __int128>(weights[i]) << 17, i});
        }
    }
    std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
        const auto l = a.num * b.den, r = b.num * a.den;
        return l != r ? l < r : a.index < b.index;
    });
    std::vector<uint16_t> order;
    for (const auto& s : slots) order.push_back(s.index);
    return order;
}

TEST(consensus_engine, RotationIsRoundRobinForEqualPowers) {
    ProposerSchedule schedule(*make_validator_set({7, 7, 7, 7}));
    EXPECT_EQ(schedule.period(), 4u);
    for (uint64_t k = 0; k < 4; ++k) {
        std::set<uint16_t> seen;
        for (uint64_t i = k; i < k + 4; ++i) seen.insert(schedule.at_position(i));
        EXPECT_EQ(seen.size(), 4u) << "window at " << k;
        EXPECT_EQ(schedule.at_position(k), schedule.at_position(k + 4));
    }
}

TEST(consensus_engine, RotationAdvancesWithHeightAndRound) {
    ProposerSchedule schedule(*make_validator_set({1, 1, 1, 1}));
    EXPECT_EQ(schedule.proposer(1, 0), schedule.at_position(1));
    EXPECT_EQ(schedule.proposer(1, 1), schedule.at_position(2));  // a failed round hands over to the next one
    EXPECT_EQ(schedule.proposer(2, 0), schedule.at_position(2));
    EXPECT_NE(schedule.proposer(1, 0), schedule.proposer(1, 1));
}

TEST(consensus_engine, RotationGivesTurnsInProportionToPower) {
    const std::vector<uint64_t> powers = {3, 1, 2, 6};  // gcd 1, period 12
    ProposerSchedule schedule(*make_validator_set(powers));
    ASSERT_EQ(schedule.period(), 12u);
    std::map<uint16_t, int> turns;
    for (uint64_t k = 1000; k < 1000 + 12; ++k) ++turns[schedule.at_position(k)];
    for (uint16_t i = 0; i < powers.size(); ++i)
        EXPECT_EQ(turns[i], static_cast<int>(powers[i])) << "validator " << i;
}

TEST(consensus_engine, RotationSpreadsTheTurnsOfAHeavyValidator) {
    // Half the power: every other turn, never two in a row, across period boundaries too.
    ProposerSchedule schedule(*make_validator_set({3, 1, 1, 1}));
    for (uint64_t k = 0; k < 12; ++k) {
        const bool heavy_now = schedule.at_position(k) == 0, heavy_next = schedule.at_position(k + 1) == 0;
        EXPECT_NE(heavy_now, heavy_next) << "position " << k;
    }
}

TEST(consensus_engine, RotationIsTheSlotOrderForManySets) {
    uint64_t x = 12345;
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<uint64_t> powers;
        const int n = 1 + static_cast<int>(x % 9);
        for (int i = 0; i < n; ++i) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            powers.push_back(1 + (x >> 33) % 12);
        }
        ProposerSchedule schedule(*make_validator_set(powers));
        uint64_t g = 0;
        for (auto p : powers) g = std::gcd(g, p);
        std::vector<uint64_t> reduced;
        for (auto p : powers) reduced.push_back(p / g);
        const auto expected = brute_force_rotation(reduced);
        ASSERT_EQ(schedule.period(), expected.size());
        for (uint64_t k = 0; k < expected.size(); ++k) {
            ASSERT_EQ(schedule.at_position(k), expected[k]) << "trial " << trial << " position " << k;
        }
    }
}

TEST(consensus_engine, RotationHandlesTheLargestPowers) {
    const uint64_t big = uint64_t{1} << 48;
    ProposerSchedule schedule(*make_validator_set({big, big - 1, 1}));
    EXPECT_EQ(schedule.period(), 2 * big);
    std::map<uint16_t, int> turns;
    for (uint64_t k = 0; k < 1000; ++k) ++turns[schedule.at_position(k + (uint64_t{1} << 40))];
    EXPECT_EQ(turns[0], 500);
    EXPECT_EQ(turns[1], 500);
    // Height near 2^64 does not overflow the position.
    EXPECT_LT(schedule.proposer(UINT64_MAX, kMaxRound - 1), 3);
}

}  // namespace
}  // namespace folio::consensus::test
