// Parallel signature checking: the pure half of tx authorization (chain/execute.h), spread over all cores.
// Results are a pure function of the txs, so parallelism never changes what a block contains.
//
// Thread safety: verify() may be called from several threads; each call waits for its own txs only.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "chain/signature_cache.h"
#include "chain/tx.h"

namespace folio {

class VerifyPool final : public TxSignatureVerifier {
public:
    // threads = 0: one per hardware thread.
    explicit VerifyPool(size_t threads = 0);
    ~VerifyPool() override;
    VerifyPool(const VerifyPool&) = delete;
    VerifyPool& operator=(const VerifyPool&) = delete;

    // ok[i] = verify_signatures(*txs[i]). The calling thread works on the batch too.
    std::vector<bool> verify(const std::vector<TxPtr>& txs) override;
    size_t threads() const { return workers_.size(); }

private:
    struct Batch;
    void work();
    static void run_chunk(Batch& batch);

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::shared_ptr<Batch>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace folio
