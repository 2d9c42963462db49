// What the RPC methods of the node reach: one struct of references, filled by Node at start-up, so that the
// method files (node/rpc_*.cpp) depend on nothing else of the node.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "chain/ledger.h"
#include "chain/registry.h"
#include "node/commit_hub.h"
#include "node/config.h"
#include "node/mempool.h"

namespace folio::node {

class ConsensusProducer;
class AuditLog;
class BackupService;
}

namespace folio::node {

// Counters behind GET /metrics (Prometheus). Written by the producer and the RPC methods, read by the scraper.
struct NodeMetrics {
    std::atomic<uint64_t> blocks_committed{0};
    std::atomic<uint64_t> txs_committed{0};
    std::atomic<uint64_t> txs_failed{0};       // included with a failed receipt
    std::atomic<uint64_t> txs_submitted{0};    // admitted to the mempool
    std::atomic<uint64_t> txs_refused{0};      // refused at submit
    std::atomic<uint64_t> last_block_commit_us{0};
    std::atomic<uint64_t> tx_rate_milli{0};    // committed tx/s over the last ~10 s, times 1000

    std::string prometheus_text(Height height, size_t mempool_size, size_t mempool_bytes,
                                const Store::Footprint& store) const;
};

// A key of the node keystore, unlocked at start (the keystore password comes from keystore_password_file).
struct NodeKey {
    std::string name;
    crypto::SecretKey secret;
    PubKey pubkey{};
};

struct NodeServices {
    const NodeConfig& config;
    Ledger& ledger;
    const InstrumentRegistry& registry;
    Mempool& mempool;
    CommitHub& hub;
    NodeMetrics& metrics;
    // The node's keys by name (operator, registrar, issuer in --dev; never the validator key, which signs
    // votes only and is kept by the producer).
    const std::map<std::string, NodeKey>& keys;
    // Serializes tx_sign_submit so that two calls with one key never pick the same nonce.
    std::mutex& sign_mutex;
    // Wakes the block producer after txs were admitted.
    std::function<void()> wake_producer;
    // Records each accepted submission with the caller's token name (null: no audit log, as in unit tests).
    AuditLog* audit = nullptr;
    // The consortium's consensus driver (node/bft_driver.h); null on a one-validator node (--dev).
    ConsensusProducer* consensus = nullptr;
    // Writes node_backup's files (node/backup_service.h); null: the node answers node_backup UNAVAILABLE.
    BackupService* backup = nullptr;
};

}  // namespace folio::node
