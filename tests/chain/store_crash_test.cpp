// store_crash: a child process (store_crash_child) killed with SIGKILL at random moments; what it leaves must
// reopen as a whole chain. FOLIO_SEED replays a run, FOLIO_CRASH_ITERATIONS sets how many kills.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "tests/chain/store_fixture.h"
#include "tests/support/child_process.h"

namespace folio {
namespace {

using namespace test;

// ===========================================================================================================
// store_crash: SIGKILL of a writing process at random moments
//
// The child (tests/chain/crash/store_crash_child.cpp) is started with posix_spawn (a fork + exec that runs no
// code of ours in between: this process has LevelDB's threads, so a bare fork() could deadlock) and killed
// with SIGKILL, which it cannot catch. Each run continues from the height the previous one left, so the chain
// grows across iterations.

uint64_t crash_seed() {
    if (auto seed = env_u64("FOLIO_SEED")) return *seed;
    std::random_device rd;
    return (uint64_t{rd()} << 32) ^ rd();
}

uint64_t crash_iterations() {
    return env_u64("FOLIO_CRASH_ITERATIONS").value_or(50);
}

pid_t spawn_child(const std::string& dir, uint64_t seed, std::optional<Height> max_height) {
    std::vector<std::string> args = {FOLIO_STORE_CRASH_CHILD, dir, std::to_string(seed)};
    if (max_height) args.push_back(std::to_string(*max_height));
    std::string error;
    const pid_t pid = spawn_process(std::move(args), error);
    EXPECT_GT(pid, 0) << error;
    return pid;
}

int reap(pid_t pid) {
    return reap_process(pid);
}

// Killed by our SIGKILL, or finished normally: anything else means the child failed (it says why on stderr).
::testing::AssertionResult KilledOrFinished(int status) {
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return ::testing::AssertionSuccess();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ::testing::AssertionSuccess();
    if (WIFEXITED(status)) {
        return ::testing::AssertionFailure()
               << "store_crash_child exited with status " << WEXITSTATUS(status);
    }
    return ::testing::AssertionFailure() << "store_crash_child died of signal " << WTERMSIG(status);
}

// Non-zero amounts of `symbol` in the replay, in account order: what holders_at must give at its height.
Balances replay_holders(const ReplayState& replay, const SeededChain& chain, std::string_view symbol) {
    Balances out;
    const AssetId asset = asset_id(replay, symbol);
    for (const auto& id : chain.holders()) {
        Balance b;
        if (read_balance(replay, asset, id, b) && b.amount > 0) out[id] = b.amount;
    }
    return out;
}

TEST(store_crash, SurvivesSigkillAtRandomMoments) {
    const uint64_t seed = crash_seed();
    const uint64_t iterations = crash_iterations();
    std::printf("store_crash seed %llu, %llu iterations (replay: FOLIO_SEED=%llu)\n",
                (unsigned long long)seed, (unsigned long long)iterations, (unsigned long long)seed);
    std::fflush(stdout);
    SCOPED_TRACE("FOLIO_SEED=" + std::to_string(seed));
    const auto started = std::chrono::steady_clock::now();

    TempDir dir("store-crash");
    const SeededChain chain(seed);
    const auto registry = contracts::make_registry();
    ReplayState replay(chain.genesis_json(), *registry);
    const ValidatorSet validators = parse_genesis(chain.genesis_json())->validators;
    LedgerOptions options;
    options.store.path = dir.path();
    std::mt19937_64 rng(seed);

    bool initialized = false;
    Height last = 0;
    size_t advanced = 0, empty = 0;
    for (uint64_t i = 0; i < iterations; ++i) {
        SCOPED_TRACE("iteration " + std::to_string(i));
        // Mostly anywhere in a run of up to 250 ms; one time in four within the first 20 ms, while the child
        // opens the database and rebuilds its state.
        const uint64_t delay_us = rng() % 4 == 0 ? rng() % 20'000 : rng() % 250'000;
        const pid_t pid = spawn_child(dir.path(), seed, std::nullopt);
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
        ::kill(pid, SIGKILL);
        ASSERT_TRUE(KilledOrFinished(reap(pid)));

        // Opened without a genesis: an empty directory is fine until a genesis commit has once survived.
        auto opened = Ledger::open(options, "");
        if (!opened.ok()) {
            ASSERT_FALSE(initialized)
                << "an initialized directory no longer opens: " << describe(opened.error());
            ASSERT_EQ(reason_name(opened.reason()), reason_name(Reason::NOT_FOUND))
                << "the directory does not open: " << describe(opened.error());
            ++empty;
            continue;
        }
        initialized = true;
        const Ledger& ledger = **opened;
        ASSERT_EQ(ledger.chain_id(), replay.chain_id());
        const Height height = ledger.height();
        ASSERT_GE(height, last) << "the stored height went backwards";
        advanced += height > last;

        // Each block the child added since the last look is the seeded chain's block, whole and certified.
        while (replay.height() < height) {
            const Height h = replay.height() + 1;
            SCOPED_TRACE("height " + std::to_string(h));
            const auto txs = chain.block_txs(replay, replay.chain_id(), h);
            auto body = ledger.store().body(h);
            auto header = ledger.store().header(h);
            auto cert = ledger.store().commit(h);
            auto receipts = ledger.store().receipts(h);
            ASSERT_TRUE(body.ok() && header.ok() && cert.ok() && receipts.ok())
                << "a stored block is incomplete";
            ASSERT_EQ(body->size(), txs.size());
            for (size_t t = 0; t < txs.size(); ++t) {
                ASSERT_TRUE(same_bytes((*body)[t]->bytes, txs[t]->bytes)) << "tx " << t;
                const auto loc = read_ok(ledger.store().find_tx(txs[t]->tx_hash));
                ASSERT_TRUE(loc && loc->height == h && loc->index == t) << "tx index of tx " << t;
            }
            ASSERT_EQ(receipts->size(), txs.size());
            Status certified = verify_commit(*cert, replay.chain_id(), *header, validators);
            ASSERT_TRUE(certified.ok()) << describe(certified.error());
            auto result = replay.apply_block(txs, chain.block_time_ms(h));
            ASSERT_TRUE(result.ok()) << describe(result.error());
            ASSERT_EQ(header->state_root, replay.state_root());
            ASSERT_EQ(read_ok(ledger.store().height_of(header->hash())), std::optional<Height>(h));
        }
        ASSERT_EQ(ledger.head().state_root, replay.state_root());
        // Nothing of a later block: the height and its block are one batch.
        EXPECT_EQ(reason_name(ledger.store().header(height + 1).reason()), reason_name(Reason::NOT_FOUND));
        EXPECT_EQ(reason_name(ledger.store().body(height + 1).reason()), reason_name(Reason::NOT_FOUND));
        EXPECT_EQ(reason_name(ledger.store().commit(height + 1).reason()), reason_name(Reason::NOT_FOUND));
        // Every state leaf, and so every balance, equals the replay's.
        ASSERT_TRUE(StateEquals(ledger, replay.entries()));
        // The balance-history index came with the same batches.
        for (std::string_view symbol : SeededChain::kSymbols) {
            const AssetId asset = asset_id(replay, symbol);
            ASSERT_EQ(holders_map(read_ok(ledger.store().holders_at(asset, height, std::nullopt, 1000))),
                      replay_holders(replay, chain, symbol))
                << symbol;
        }
        last = height;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "store_crash: final height %llu after %llu kills (%zu advanced the chain, %zu left it empty), %.1f "
        "s\n",
        (unsigned long long)last, (unsigned long long)iterations, advanced, empty, seconds);
    // The test proves nothing if the child never got a block through.
    if (iterations >= 10) {
        EXPECT_GT(last, 0u);
        EXPECT_GT(advanced, 1u);
    }
}

TEST(store_crash, SigkillDuringGenesisLeavesAnEmptyOrAWholeGenesis) {
    const uint64_t seed = crash_seed();
    const uint64_t iterations = crash_iterations();
    std::printf("store_crash seed %llu (replay: FOLIO_SEED=%llu)\n", (unsigned long long)seed,
                (unsigned long long)seed);
    std::fflush(stdout);
    SCOPED_TRACE("FOLIO_SEED=" + std::to_string(seed));
    const SeededChain chain(seed);
    const auto registry = contracts::make_registry();
    const ReplayState genesis(chain.genesis_json(), *registry);
    std::mt19937_64 rng(seed);

    // How long a child takes to create a directory, commit genesis and exit: the window to kill it in.
    uint64_t window_us = 0;
    {
        TempDir probe("store-crash-genesis");
        const auto t0 = std::chrono::steady_clock::now();
        const pid_t pid = spawn_child(probe.path(), seed, Height{0});
        ASSERT_GT(pid, 0);
        const int status = reap(pid);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "store_crash_child failed on a new directory";
        window_us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
                .count();
    }

    // The genesis batch is written near the end of that window, in about a millisecond, and when exactly
    // varies from run to run. One kill in four lands anywhere in the window; the others follow a staircase
    // that settles where half the kills leave an empty directory and half a whole genesis: one step later
    // after an empty one, one step earlier after a whole one.
    const uint64_t step_us = std::max<uint64_t>(200, window_us / 16);
    uint64_t target_us = window_us * 3 / 4;
    size_t empty = 0, whole = 0;
    for (uint64_t i = 0; i < iterations; ++i) {
        SCOPED_TRACE("iteration " + std::to_string(i));
        TempDir dir("store-crash-genesis");
        LedgerOptions options;
        options.store.path = dir.path();
        const bool anywhere = i % 4 == 0;
        const uint64_t delay_us = anywhere
                                      ? rng() % (window_us + window_us / 4 + 1)
                                      : target_us - std::min(target_us, step_us) + rng() % (2 * step_us + 1);
        const pid_t pid = spawn_child(dir.path(), seed, Height{0});
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
        ::kill(pid, SIGKILL);
        ASSERT_TRUE(KilledOrFinished(reap(pid)));

        auto opened = Ledger::open(options, "");
        if (opened.ok()) {
            ++whole;
            if (!anywhere) target_us -= std::min(target_us, step_us);
        } else {
            // Empty (the genesis batch never landed): then it must take a genesis as a new directory does.
            ASSERT_EQ(reason_name(opened.reason()), reason_name(Reason::NOT_FOUND))
                << "the directory does not open: " << describe(opened.error());
            ++empty;
            if (!anywhere) target_us += step_us;
            opened = Ledger::open(options, chain.genesis_json());
            ASSERT_TRUE(opened.ok()) << "not initializable after the kill: " << describe(opened.error());
        }
        const Ledger& ledger = **opened;
        EXPECT_EQ(ledger.height(), 0u);
        EXPECT_EQ(ledger.chain_id(), genesis.chain_id());
        EXPECT_EQ(ledger.head().state_root, genesis.state_root());
        EXPECT_TRUE(StateEquals(ledger, genesis.entries()));
    }
    std::printf(
        "store_crash genesis: window %llu us, flips near %llu us; %zu kills left an empty directory, %zu a "
        "whole genesis\n",
        (unsigned long long)window_us, (unsigned long long)target_us, empty, whole);
}

}  // namespace
}  // namespace folio
