#include "chain/verify_pool.h"

#include <atomic>

namespace folio {

// A batch is cut into chunks that any thread may claim; the last chunk to finish wakes the caller.
struct VerifyPool::Batch {
    const std::vector<TxPtr>* txs;  // valid while the caller waits; workers check `size` before touching it
    size_t size = 0;
    std::vector<uint8_t> ok;  // not vector<bool>: threads write distinct elements concurrently
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    size_t chunk = 32;
    std::mutex mutex;
    std::condition_variable finished;
};

VerifyPool::VerifyPool(size_t threads) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    // The caller works too, so one worker fewer keeps exactly `threads` busy.
    for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

VerifyPool::~VerifyPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
}

void VerifyPool::run_chunk(Batch& batch) {
    const size_t n = batch.size;
    for (;;) {
        const size_t start = batch.next.fetch_add(batch.chunk);
        if (start >= n) return;
        const size_t end = std::min(n, start + batch.chunk);
        for (size_t i = start; i < end; ++i) batch.ok[i] = verify_signatures(*(*batch.txs)[i]) ? 1 : 0;
        if (batch.done.fetch_add(end - start) + (end - start) == n) {
            std::lock_guard lock(batch.mutex);
            batch.finished.notify_all();
        }
    }
}

void VerifyPool::work() {
    for (;;) {
        std::shared_ptr<Batch> batch;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            batch = queue_.front();
            // Leave the batch queued while chunks remain so that other workers join in.
            if (batch->next.load() >= batch->size) {
                queue_.pop_front();
                continue;
            }
        }
        run_chunk(*batch);
        std::lock_guard lock(mutex_);
        if (!queue_.empty() && queue_.front() == batch) queue_.pop_front();
    }
}

std::vector<bool> VerifyPool::verify(const std::vector<TxPtr>& txs) {
    auto batch = std::make_shared<Batch>();
    batch->txs = &txs;
    batch->size = txs.size();
    batch->ok.assign(txs.size(), 0);
    if (!txs.empty()) {
        if (!workers_.empty() && txs.size() > batch->chunk) {
            {
                std::lock_guard lock(mutex_);
                queue_.push_back(batch);
            }
            cv_.notify_all();
        }
        run_chunk(*batch);
        std::unique_lock lock(batch->mutex);
        batch->finished.wait(lock, [&] { return batch->done.load() == txs.size(); });
    }
    {
        std::lock_guard lock(mutex_);
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
            if (*it == batch) {
                queue_.erase(it);
                break;
            }
        }
    }
    return std::vector<bool>(batch->ok.begin(), batch->ok.end());
}

}  // namespace folio
