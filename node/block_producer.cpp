#include "node/block_producer.h"

#include <chrono>
#include <cstdio>
#include <deque>

#include "node/log.h"

namespace folio::node {

uint64_t now_ms() {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

SingleValidatorProducer::SingleValidatorProducer(Ledger& ledger, const InstrumentRegistry& registry, Mempool& mempool,
                                                 CommitHub& hub, NodeMetrics& metrics, crypto::SecretKey validator_key,
                                                 ProducerOptions options)
    : ledger_(ledger), registry_(registry), mempool_(mempool), hub_(hub), metrics_(metrics),
      validator_key_(std::move(validator_key)), options_(options) {}

SingleValidatorProducer::~SingleValidatorProducer() { stop(); }

void SingleValidatorProducer::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    thread_ = std::thread([this] { run(); });
}

void SingleValidatorProducer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SingleValidatorProducer::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    cv_.notify_all();
}

bool SingleValidatorProducer::healthy() const {
    std::lock_guard lock(mutex_);
    return healthy_;
}

void SingleValidatorProducer::run() {
    using Clock = std::chrono::steady_clock;
    const auto interval = std::chrono::milliseconds(options_.interval_ms);
    auto last_block = Clock::now() - interval;
    // Recent (time, committed txs) samples for the tx/s gauge.
    std::deque<std::pair<Clock::time_point, uint64_t>> samples;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return stopping_ || woken_ || mempool_.size() > 0; });
            if (stopping_) return;
            woken_ = false;
        }
        // Wait out the interval unless a full block is already waiting: a backlog is drained at full speed.
        if (mempool_.size() < options_.max_txs) {
            std::unique_lock lock(mutex_);
            cv_.wait_until(lock, last_block + interval, [&] { return stopping_; });
            if (stopping_) return;
        }
        last_block = Clock::now();
        if (!produce_one()) {
            std::lock_guard lock(mutex_);
            healthy_ = false;
            return;
        }
        samples.emplace_back(Clock::now(), metrics_.txs_committed.load());
        while (samples.size() > 2 && samples.front().first < samples.back().first - std::chrono::seconds(10)) {
            samples.pop_front();
        }
        const double secs = std::chrono::duration<double>(samples.back().first - samples.front().first).count();
        if (secs > 0) {
            metrics_.tx_rate_milli = static_cast<uint64_t>(1000.0 * (samples.back().second - samples.front().second) / secs);
        }
    }
}

bool SingleValidatorProducer::produce_one() {
    std::vector<TxPtr> txs = mempool_.reap(options_.max_bytes, options_.max_txs);
    if (txs.empty()) return true;
    const auto started = std::chrono::steady_clock::now();
    // Every reaped tx passed its signature check at admission: that is the signature cache (chain/execute.h).
    const std::vector<bool> signatures_ok(txs.size(), true);
    BuiltBlock built = build_block(ledger_, registry_, txs, signatures_ok, now_ms(), validator_key_.pubkey());
    if (options_.before_commit) {
        if (Status s = options_.before_commit(); !s) {
            log_error("producer", "block " + std::to_string(built.block.header.height) + " not committed: " +
                                      s.error().message + "; block production stops");
            return false;
        }
    }
    auto cert = commit_single_validator(ledger_, built, validator_key_);
    if (!cert) {
        log_error("producer", "cannot commit block " + std::to_string(built.block.header.height) + ": " +
                                  cert.error().message + "; block production stops");
        return false;
    }
    const auto took = std::chrono::steady_clock::now() - started;
    metrics_.last_block_commit_us = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
    metrics_.blocks_committed++;
    size_t failed = 0;
    for (const auto& r : built.result.receipts) failed += r.status != TxStatus::success;
    metrics_.txs_committed += built.block.txs.size();
    metrics_.txs_failed += failed;
    // Txs the block excluded are still queued; update() re-checks them and reports those it drops.
    std::vector<TxPtr> not_included;
    for (const ExcludedTx& e : built.excluded) not_included.push_back(e.tx);
    std::vector<DroppedTx> dropped = mempool_.update(built.block, built.result, not_included);
    hub_.on_commit(built.block, built.result.receipts);
    if (!dropped.empty()) hub_.on_dropped(dropped);
    // One line per block, not per tx: at info an operator sees the chain move (docs/operations.md).
    char took_ms[32];
    std::snprintf(took_ms, sizeof(took_ms), "%.1f", static_cast<double>(metrics_.last_block_commit_us.load()) / 1000.0);
    log_info("producer", "block " + std::to_string(built.block.header.height) + " committed: " +
                             std::to_string(built.block.txs.size()) + " txs (" + std::to_string(failed) +
                             " failed), " + took_ms + " ms");
    return true;
}

}  // namespace folio::node
