// foliod: one node. Opens the ledger, unlocks the node keys, starts the mempool, the block producer and the RPC
// server, and stops them in the reverse order. main.cpp turns command-line flags and signals into this.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "chain/ledger.h"
#include "chain/result.h"
#include "node/block_producer.h"
#include "node/commit_hub.h"
#include "node/config.h"
#include "node/mempool.h"
#include "node/services.h"

namespace folio::rpc {
class Server;
class MethodTable;
}  // namespace folio::rpc

namespace folio::node {

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

    // Stops accepting RPC, finishes the block in progress, closes the database. Idempotent.
    void stop();
    std::string rpc_address() const;

private:
    Node() = default;
    Status init(const NodeOptions& options);
    // Raises the soft open-file limit to the hard one and logs it; warns if it looks too low for the config.
    void report_open_file_limit() const;
    Status load_keys();
    Status setup_tokens(rpc::TokenStore& tokens);
    Status start_rpc();

    NodeConfig config_;
    std::unique_ptr<Ledger> ledger_;
    std::unique_ptr<InstrumentRegistry> registry_;
    std::unique_ptr<VerifyPool> verifier_;
    std::unique_ptr<Mempool> mempool_;
    std::unique_ptr<CommitHub> hub_;
    NodeMetrics metrics_;
    std::map<std::string, NodeKey> keys_;
    std::optional<crypto::SecretKey> validator_key_;
    std::mutex sign_mutex_;
    std::unique_ptr<BlockProducer> producer_;
    std::unique_ptr<NodeServices> services_;
    std::shared_ptr<rpc::MethodTable> table_;
    std::unique_ptr<rpc::Server> server_;
    std::string rpc_address_;
    bool stopped_ = false;
};

}  // namespace folio::node
