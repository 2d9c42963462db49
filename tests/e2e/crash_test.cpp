// Scenario: foliod is killed with SIGKILL while a client submits transfers and waits for each. Every tx the
// node reported committed (tx_wait) before it died is still there after the restart, at the same height: a
// commit is reported only once it is durable. The chain is a clean prefix of what was submitted.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

using namespace std::chrono_literals;

constexpr size_t kTxs = 3000;                // pre-signed transfers, consecutive nonces
constexpr size_t kWindow = 400;              // submitted but not yet reported committed, at most
constexpr size_t kKillAfterCommitted = 300;  // reported commits before the kill
constexpr uint64_t kIssued = 1000000;

struct Load {
    std::vector<std::string> signed_txs;  // hex
    std::vector<std::string> hashes;

    std::mutex mutex;
    std::condition_variable cv;
    std::deque<size_t> to_wait;  // submitted, not yet waited for
    bool submitter_done = false;
    std::vector<std::pair<size_t, uint64_t>> committed;  // (tx index, height) reported by tx_wait
    std::string anomaly;                                 // an answer no healthy node gives before the kill

    std::atomic<size_t> submitted{0};
    std::atomic<size_t> committed_count{0};
    std::atomic<bool> killed{false};
};

void submit_all(Load& load, const std::string& url, const std::string& token) {
    rpc::Client c(url, token, {.timeout = 10s});
    for (size_t i = 0; i < load.signed_txs.size() && !load.killed; ++i) {
        {
            // A client with a bounded number of txs in flight, as a backend has: the load is still going on
            // whenever the node is killed, however fast or slow this machine is.
            std::unique_lock lock(load.mutex);
            load.cv.wait(lock,
                         [&] { return load.killed || load.submitted - load.committed_count < kWindow; });
            if (load.killed) break;
        }
        auto r = c.call("tx_submit", {{"tx", load.signed_txs[i]}});
        if (!r) {
            std::lock_guard lock(load.mutex);
            if (!load.killed && load.anomaly.empty()) {
                load.anomaly = "tx_submit #" + std::to_string(i) + ": " +
                               std::string(reason_name(r.reason())) + ": " + r.error().message;
            }
            break;
        }
        load.submitted++;
        {
            std::lock_guard lock(load.mutex);
            load.to_wait.push_back(i);
        }
        load.cv.notify_all();
    }
    {
        std::lock_guard lock(load.mutex);
        load.submitter_done = true;
    }
    load.cv.notify_all();
}

void wait_all(Load& load, const std::string& url, const std::string& token) {
    rpc::Client c(url, token, {.timeout = 20s});
    for (;;) {
        size_t i = 0;
        {
            std::unique_lock lock(load.mutex);
            load.cv.wait(lock, [&] { return !load.to_wait.empty() || load.submitter_done || load.killed; });
            if (load.to_wait.empty() || load.killed) return;
            i = load.to_wait.front();
        }
        auto r = c.call("tx_wait", {{"tx_hash", load.hashes[i]}, {"timeout_ms", 10000}});
        if (!r) return;  // the node is gone
        const std::string status = r->value("status", "");
        if (status == "pending") continue;  // wait again for the same tx
        std::lock_guard lock(load.mutex);
        if (status == "committed") {
            load.committed.emplace_back(i, r->at("height").get<uint64_t>());
            load.committed_count++;
            load.to_wait.pop_front();
            load.cv.notify_all();
        } else {
            if (load.anomaly.empty()) load.anomaly = "tx_wait #" + std::to_string(i) + ": " + r->dump();
            return;
        }
    }
}

enum class Ending { kill9, sigterm };

// Starts a node, funds alice, runs the load, ends the node as `ending` says once enough commits were
// reported, restarts it and checks that every reported commit is there, at its height, and that the chain is
// a clean prefix of the submitted txs.
void commits_survive(Ending ending) {
    FoliodNode node;
    node.configure({{"block_interval_ms", 20}});
    node.start();
    const Pair p = fund_pair(node, "ACME", std::to_string(kIssued));

    // Pre-signed transfers of 1 share, nonces n0, n0 + 1, ...: built once by the node, re-signed locally.
    const Tx base = decode_built(build_transfer(node, p.alice, "ACME", p.bob.address, "1"));
    Load load;
    for (size_t i = 0; i < kTxs; ++i) {
        Tx tx = base;
        tx.nonce = base.nonce + i;
        load.signed_txs.push_back(signed_hex(tx, p.alice));
        load.hashes.push_back(to_hex(tx.hash()));
    }

    std::thread submitter(submit_all, std::ref(load), node.url(), node.admin_token());
    std::thread waiter(wait_all, std::ref(load), node.url(), node.admin_token());
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (load.committed_count < kKillAfterCommitted && std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard lock(load.mutex);
            if (!load.anomaly.empty() || (load.submitter_done && load.to_wait.empty())) break;
        }
        std::this_thread::sleep_for(1ms);
    }
    const size_t submitted_at_kill = load.submitted;
    load.killed = true;
    if (ending == Ending::kill9) {
        node.kill9();
    } else {
        node.stop();  // throws unless foliod exits with code 0 within 30 s, clients still connected
    }
    load.cv.notify_all();
    submitter.join();
    waiter.join();

    ASSERT_EQ(load.anomaly, "") << "the node misbehaved before it was stopped";
    ASSERT_GE(load.committed.size(), kKillAfterCommitted) << "too few commits reported before the deadline";
    EXPECT_LT(submitted_at_kill, kTxs) << "the load had ended before the node was stopped: raise kTxs";
    uint64_t highest = 0;
    for (const auto& [i, h] : load.committed) highest = std::max(highest, h);

    node.start();
    const json status = node.call("chain_status");
    EXPECT_GE(status.at("height").get<uint64_t>(), highest);

    // Every tx reported committed is committed, at the height reported.
    auto c = node.client();
    for (size_t from = 0; from < load.committed.size(); from += 100) {
        std::vector<std::pair<std::string, json>> calls;
        const size_t to = std::min(load.committed.size(), from + 100);
        for (size_t k = from; k < to; ++k)
            calls.emplace_back("tx_get", json{{"tx_hash", load.hashes[load.committed[k].first]}});
        auto answers = c->batch(calls);
        ASSERT_TRUE(answers) << answers.error().message;
        for (size_t k = from; k < to; ++k) {
            const auto& [i, h] = load.committed[k];
            const Result<json>& a = (*answers)[k - from];
            ASSERT_TRUE(a) << "tx #" << i << " " << load.hashes[i] << " was reported committed at height "
                           << h << " and is gone after the restart: " << a.error().message;
            EXPECT_EQ(a->at("status"), "committed") << "tx #" << i;
            EXPECT_EQ(a->at("height"), h) << "tx #" << i;
        }
    }

    // The chain holds a prefix of the submitted txs (nonce order), each a transfer of 1: bob holds their
    // number.
    const uint64_t moved = std::stoull(holding_of(node, p.bob.address, "ACME"));
    std::cout << "[e2e] stopped with " << submitted_at_kill << " of " << kTxs << " txs submitted, "
              << load.committed.size() << " reported committed (up to height " << highest
              << "); after the restart " << moved << " are committed, height " << status.at("height") << "\n";
    EXPECT_GE(moved, load.committed.size());
    EXPECT_LE(moved, submitted_at_kill + 1);  // the tx in flight at the kill may have been admitted
    EXPECT_EQ(std::stoull(holding_of(node, p.alice.address, "ACME")), kIssued - moved)
        << "supply not conserved";
    if (moved > 0) {
        EXPECT_EQ(node.call("tx_get", {{"tx_hash", load.hashes[moved - 1]}}).at("status"), "committed");
    }
    if (moved < kTxs) {
        EXPECT_EQ(error_reason(node.raw_call("tx_get", {{"tx_hash", load.hashes[moved]}})), "NOT_FOUND");
    }
    EXPECT_EQ(node.call("account_get", {{"account", p.alice.address}}).at("committed_nonce"),
              base.nonce + moved);

    // And it goes on: the next tx of the sequence commits.
    if (moved < kTxs) {
        node.call("tx_submit", {{"tx", load.signed_txs[moved]}});
        wait_committed(node, load.hashes[moved]);
    }
    node.stop();
}

TEST(e2e_crash, TxsReportedCommittedSurviveKill9UnderSubmissionLoad) {
    commits_survive(Ending::kill9);
}

// SIGTERM while clients submit and wait: foliod finishes the block in progress and exits 0.
TEST(e2e_crash, SigtermUnderSubmissionLoadExitsZeroAndKeepsEveryReportedCommit) {
    commits_survive(Ending::sigterm);
}

}  // namespace
}  // namespace folio::e2e
