// consensus_sim.*: the deterministic simulation (sim/simulation.h) over many seeds. 1,000 scenarios in all in
// the normal suite (250 per family); FOLIO_SIM_SCENARIOS=N runs N in all instead, FOLIO_SIM_SEED=S replays
// the one seed S in every family. A failing scenario prints its seed and how to replay it.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "sim/simulation.h"

namespace folio::consensus::sim {
namespace {

constexpr uint64_t kDefaultScenarios = 1000;
constexpr uint64_t kFamilies = 4;

std::optional<uint64_t> env_number(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    char* end = nullptr;
    const unsigned long long n = std::strtoull(v, &end, 10);
    if (*end != '\0') return std::nullopt;
    return n;
}

void run_family(Family family, const char* test_name) {
    std::vector<uint64_t> seeds;
    if (auto one = env_number("FOLIO_SIM_SEED")) {
        seeds.push_back(*one);
    } else {
        const uint64_t total = env_number("FOLIO_SIM_SCENARIOS").value_or(kDefaultScenarios);
        const uint64_t per_family = (total + kFamilies - 1) / kFamilies;
        for (uint64_t s = 1; s <= per_family; ++s) seeds.push_back(s);
    }
    const auto started = std::chrono::steady_clock::now();
    uint64_t failures = 0, heights = 0, crashes = 0, evidence = 0, max_round = 0;
    for (uint64_t seed : seeds) {
        const Scenario scenario = Scenario::from_seed(seed, family);
        const Outcome out = run(scenario);
        heights += out.heights_decided;
        crashes += out.crashes;
        evidence += out.evidence_reports;
        max_round = std::max(max_round, out.max_round);
        if (!out.ok) {
            ADD_FAILURE() << scenario.describe() << "\n  " << out.failure
                          << "\n  replay: FOLIO_SIM_SEED=" << seed
                          << " build/tests/consensus/consensus_tests --gtest_filter=consensus_sim."
                          << test_name;
            if (++failures == 5) break;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "%s: %zu scenarios in %.2f s, %llu heights decided, highest decision round %llu, %llu crashes, "
        "%llu evidence reports\n",
        family_name(family), seeds.size(), seconds, static_cast<unsigned long long>(heights),
        static_cast<unsigned long long>(max_round), static_cast<unsigned long long>(crashes),
        static_cast<unsigned long long>(evidence));
}

TEST(consensus_sim, FourValidatorsUnderNetworkFaultsAndCrashes) {
    run_family(Family::four_validators, "FourValidatorsUnderNetworkFaultsAndCrashes");
}

TEST(consensus_sim, SevenValidatorsUnderNetworkFaultsAndCrashes) {
    run_family(Family::seven_validators, "SevenValidatorsUnderNetworkFaultsAndCrashes");
}

TEST(consensus_sim, OneOfFourDoubleVotesAndDoubleProposes) {
    run_family(Family::four_with_equivocator, "OneOfFourDoubleVotesAndDoubleProposes");
}

TEST(consensus_sim, TwoOfSevenDoubleVoteAndDoublePropose) {
    run_family(Family::seven_with_equivocators, "TwoOfSevenDoubleVoteAndDoublePropose");
}

TEST(consensus_sim, TheSameSeedGivesTheSameTrace) {
    for (Family f : {Family::four_validators, Family::seven_validators, Family::four_with_equivocator,
                     Family::seven_with_equivocators}) {
        const Scenario s = Scenario::from_seed(42, f);
        const Outcome a = run(s), b = run(s);
        ASSERT_TRUE(a.ok) << s.describe() << ": " << a.failure;
        EXPECT_EQ(a.trace_hash, b.trace_hash) << s.describe();
        EXPECT_EQ(a.messages, b.messages);
        EXPECT_NE(run(Scenario::from_seed(43, f)).trace_hash, a.trace_hash) << "seed 43 ran as seed 42";
    }
}

TEST(consensus_sim, AValidatorThatForgetsItsSafetyStateIsCaught) {
    // The same faults with a driver that restarts validators without their safety state: some seed must make
    // a restarted validator sign twice, and the checks must say so.
    uint64_t caught = 0;
    std::string example;
    for (uint64_t seed = 1; seed <= 60 && caught == 0; ++seed) {
        Scenario s = Scenario::from_seed(seed, Family::four_validators);
        s.crashes = true;
        s.forget_safety_state = true;
        const Outcome out = run(s);
        if (!out.ok && out.failure.find("sent two different") != std::string::npos) {
            ++caught;
            example = s.describe() + ": " + out.failure;
        }
    }
    EXPECT_GT(caught, 0u) << "no seed of 60 caught a validator signing twice after forgetting its state";
    std::printf("caught: %s\n", example.c_str());
}

TEST(consensus_sim, EquivocatorsOnAQuietNetworkAreInEvidence) {
    Scenario s = Scenario::from_seed(7, Family::seven_with_equivocators);
    s.drop_rate = 0;
    s.partitions = false;
    s.crashes = false;
    s.max_delay_ms = 20;
    s.heal_at_ms = 500;
    const Outcome out = run(s);
    ASSERT_TRUE(out.ok) << s.describe() << ": " << out.failure;
    EXPECT_GT(out.evidence_reports, 0u);
    EXPECT_GT(out.heights_decided, 3u);
}

}  // namespace
}  // namespace folio::consensus::sim
