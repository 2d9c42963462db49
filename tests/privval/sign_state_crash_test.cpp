// consensus_sign_state_crash: a signer (crash/sign_state_crash_child.cpp) killed with SIGKILL at random
// points, restarted each time from the safety state it left, must never have let two different signatures
// out for one (height, round, step). FOLIO_SEED replays a run, FOLIO_CRASH_ITERATIONS sets how many kills.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "tests/privval/crash/sent_log.h"
#include "tests/privval/privval_fixture.h"
#include "tests/support/child_process.h"

namespace folio::privval::test {
namespace {

pid_t spawn_child(const std::string& dir, uint64_t seed, uint64_t run) {
    std::string error;
    const pid_t pid = folio::test::spawn_process(
        {FOLIO_SIGN_STATE_CRASH_CHILD, dir, std::to_string(seed), std::to_string(run)}, error);
    EXPECT_GT(pid, 0) << error;
    return pid;
}

// Size of the child's sent.log (0 before the first run writes it).
uintmax_t sent_bytes(const std::string& path) {
    std::error_code ec;
    const uintmax_t n = std::filesystem::file_size(path, ec);
    return ec ? 0 : n;
}

TEST(consensus_sign_state_crash, NeverTwoConflictingSignaturesAcrossSigkills) {
    const uint64_t seed = folio::test::env_u64("FOLIO_SEED").value_or(std::random_device{}());
    const uint64_t iterations = folio::test::env_u64("FOLIO_CRASH_ITERATIONS").value_or(200);
    std::printf("consensus_sign_state_crash seed %llu, %llu kills (replay: FOLIO_SEED=%llu)\n",
                (unsigned long long)seed, (unsigned long long)iterations, (unsigned long long)seed);
    std::fflush(stdout);
    SCOPED_TRACE("FOLIO_SEED=" + std::to_string(seed));

    ScratchDir dir;
    const std::string path = dir.file("");
    std::mt19937_64 rng(seed);
    for (uint64_t run = 0; run < iterations; ++run) {
        // One time in four within 3 ms of the start, while the child opens its file; otherwise anywhere in
        // the 40 ms after it sent its first message of this run, so that a loaded machine (a slow start)
        // still kills children in the middle of signing rather than before they begin.
        const bool early = rng() % 4 == 0;
        const uint64_t delay_us = early ? rng() % 3'000 : rng() % 40'000;
        const auto sent_before = sent_bytes(dir.file(kSentLogName));
        const pid_t pid = spawn_child(path, seed, run);
        ASSERT_GT(pid, 0);
        if (!early) {
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (sent_bytes(dir.file(kSentLogName)) == sent_before &&
                   std::chrono::steady_clock::now() < give_up)
                std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
        ::kill(pid, SIGKILL);
        const int status = folio::test::reap_process(pid);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "run " << run << ": the child failed before it was killed (exit status "
            << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ")";
    }

    const PubKey pubkey = crypto::SecretKey::from_bytes(crash_key_bytes())->pubkey();
    std::ifstream in(dir.file(kSentLogName));
    std::map<consensus::SignPosition, consensus::SignedRecord> first_at;
    std::optional<consensus::SignPosition> previous;
    size_t lines = 0, resent = 0, torn = 0;
    for (std::string line; std::getline(in, line);) {
        ++lines;
        auto sent = parse_sent(line);
        if (!sent && is_torn_line(line)) {
            ++torn;
            continue;
        }
        ASSERT_TRUE(sent) << "malformed line " << lines << ": " << line;
        ASSERT_TRUE(crypto::verify(sent->signature, sent->sign_hash, pubkey)) << "line " << lines;
        if (previous) {
            ASSERT_GE(sent->position, *previous) << "line " << lines << " went back";
        }
        previous = sent->position;
        auto [it, inserted] = first_at.emplace(sent->position, *sent);
        if (inserted) continue;
        ++resent;
        ASSERT_EQ(it->second.sign_hash, sent->sign_hash)
            << "two different messages signed at height " << sent->position.height << " round "
            << sent->position.round << " " << consensus::step_name(sent->position.step) << " (line " << lines
            << ")";
        ASSERT_EQ(it->second.signature, sent->signature) << "line " << lines;
    }
    std::printf("%zu messages sent at %zu positions, %zu sent again after a restart or a retry, %zu torn by "
                "the kill\n",
                lines - torn, first_at.size(), resent, torn);
    EXPECT_LE(torn, iterations) << "more torn lines than kills";
    EXPECT_GT(first_at.size(), iterations / 4) << "the children hardly signed anything";
    EXPECT_GT(resent, 0u) << "no position was asked twice: the refusal path was never exercised";
}

}  // namespace
}  // namespace folio::privval::test
