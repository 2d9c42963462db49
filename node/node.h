// foliod: one node. Opens the ledger, unlocks the node keys, starts the mempool, the block producer and the RPC
// server, and stops them in the reverse order. main.cpp turns command-line flags and signals into this.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "chain/ledger.h"
#include "chain/result.h"
#include "chain/verify_pool.h"
#include "node/block_producer.h"
#include "node/commit_hub.h"
#include "node/audit_log.h"
#include "node/backup_service.h"
#include "node/config.h"
#include "node/datadir_lock.h"
#include "node/mempool.h"
#include "node/services.h"
#include "node/token_watch.h"

namespace folio::rpc {
class Server;
class MethodTable;
}  // namespace folio::rpc

namespace folio::node {

class ConsensusProducer;

struct NodeOptions {
    std::string datadir;
    std::string config_path;        // --config; empty: DATADIR/config.json
    std::string rpc_bind_override;  // --rpc-bind
    bool dev = false;
};

class Node {
public:
    static Result<std::unique_ptr<Node>> start(const NodeOptions& options);
    ~Node();
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    // Stops accepting RPC, finishes the block in progress, closes the database, removes DATADIR/rpc.addr.
    // Idempotent.
    void stop();
    // SIGHUP: rereads the config's rpc_tokens, log_level and log_file and the token file, and reopens the log
    // file (for logrotate). Other config keys take effect at the next start. Never stops the node: a config
    // that no longer parses is logged and the running settings stay.
    void reload();
    std::string rpc_address() const;

private:
    Node() = default;
    Status init(const NodeOptions& options);
    // Raises the soft open-file limit to the hard one and logs it; warns if it looks too low for the config.
    void report_open_file_limit() const;
    Status load_keys();
    // Opens the data directory: the first-run message for one that is not initialized, the lock.
    Status open_datadir(const NodeOptions& options);
    Status apply_log_settings(const NodeConfig& config);
    void log_config_summary() const;
    // The token watch over the config's rpc_tokens and DATADIR/rpc-tokens.json; on a first start without
    // rpc_tokens, the admin token (DATADIR/rpc-admin.token) that stays valid across restarts.
    Status setup_tokens();
    Status issue_admin_token();
    Status start_rpc();
    // A consortium node: the config names P2P peers or a P2P address (else a one-validator node, as --dev).
    bool consortium() const;
    // A consortium node checks its peers' blocks, so it refuses to start on a database whose asset history
    // starts after genesis; a one-validator node only warns (docs/operations.md, "Full history").
    Status check_full_history() const;
    // The consensus driver in place of the one-validator producer; its transport starts listening.
    Status start_consensus(const ProducerOptions& po);

    std::string config_path_;  // --config, for reload()
    std::string log_file_;     // the log file in use (empty: stderr only)
    std::optional<DatadirLock> lock_;
    NodeConfig config_;
    std::unique_ptr<TokenWatch> tokens_;
    std::unique_ptr<AuditLog> audit_;
    std::unique_ptr<Ledger> ledger_;
    std::unique_ptr<InstrumentRegistry> registry_;
    std::unique_ptr<VerifyPool> verifier_;
    // Filled by the mempool's checks at submit, read by the checks of the blocks that carry those txs.
    std::unique_ptr<SignatureCache> signature_cache_;
    std::unique_ptr<CachedVerifier> signatures_;
    std::unique_ptr<Mempool> mempool_;
    std::unique_ptr<CommitHub> hub_;
    NodeMetrics metrics_;
    std::map<std::string, NodeKey> keys_;
    std::optional<crypto::SecretKey> validator_key_;
    std::mutex sign_mutex_;
    std::unique_ptr<BlockProducer> producer_;
    ConsensusProducer* consensus_ = nullptr;  // producer_, when it is the consensus driver
    std::unique_ptr<BackupService> backup_;  // node_backup; stopped before the ledger closes
    std::unique_ptr<NodeServices> services_;
    std::shared_ptr<rpc::MethodTable> table_;
    std::unique_ptr<rpc::Server> server_;
    std::string rpc_address_;
    bool wrote_rpc_addr_ = false;
    bool stopped_ = false;
};

}  // namespace folio::node
