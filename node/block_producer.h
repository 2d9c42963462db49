// Decides when a block is made and committed. The one-validator producer of --dev commits at once with a
// one-signature certificate; the BFT consensus engine replaces it behind this interface later, without touching
// the mempool or execution.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "chain/block_builder.h"
#include "node/commit_hub.h"
#include "node/mempool.h"
#include "node/services.h"

namespace folio::node {

class BlockProducer {
public:
    virtual ~BlockProducer() = default;
    virtual void start() = 0;
    // Finishes the block in progress, then returns. Idempotent.
    virtual void stop() = 0;
    // Txs were admitted: a block may be due.
    virtual void wake() = 0;
    // False once production stopped on an error (the node then reports itself unhealthy).
    virtual bool healthy() const = 0;
};

struct ProducerOptions {
    uint64_t interval_ms = 200;  // at most one block per interval while the mempool is not backlogged
    size_t max_txs = 5000;
    size_t max_bytes = 8u << 20;
    // Runs after a block is built and before it is committed (the audit log's fsync); an error stops
    // production, the block uncommitted.
    std::function<Status()> before_commit;
};

// One validator: reaps the mempool whenever txs are pending, builds the block, signs the precommit and commits.
class SingleValidatorProducer final : public BlockProducer {
public:
    SingleValidatorProducer(Ledger& ledger, const InstrumentRegistry& registry, Mempool& mempool, CommitHub& hub,
                            NodeMetrics& metrics, crypto::SecretKey validator_key, ProducerOptions options);
    ~SingleValidatorProducer() override;

    void start() override;
    void stop() override;
    void wake() override;
    bool healthy() const override;

private:
    void run();
    bool produce_one();

    Ledger& ledger_;
    const InstrumentRegistry& registry_;
    Mempool& mempool_;
    CommitHub& hub_;
    NodeMetrics& metrics_;
    crypto::SecretKey validator_key_;
    const ProducerOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
    bool healthy_ = true;
    std::thread thread_;
};

uint64_t now_ms();

}  // namespace folio::node
