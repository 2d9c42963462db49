// foliod's configuration: DATADIR/config.json unless --config names another file; every key is documented in
// docs/operations.md. Unknown keys are refused (a typo must not silently leave a default in place). Relative
// paths are relative to the data directory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chain/result.h"
#include "node/mempool.h"
#include "node/p2p/options.h"
#include "rpc/auth.h"

namespace folio::node {

struct NodeConfig {
    std::string datadir;
    std::string config_path;  // the file it was read from (empty: defaults only)

    std::string rpc_bind = "127.0.0.1:8545";
    std::vector<rpc::TokenRecord> rpc_tokens;
    size_t rpc_max_body_bytes = 1u << 20;
    size_t rpc_max_connections = 256;
    size_t rpc_max_connections_per_ip = 32;
    unsigned rpc_io_threads = 2;
    uint64_t rpc_read_timeout_ms = 10000;
    uint64_t rpc_idle_timeout_ms = 60000;
    uint64_t rpc_first_request_timeout_ms = 2000;
    size_t rpc_max_batch = 100;
    std::string rpc_anonymous_scope = "none";  // "none" or "read" (callers without a token); "public" = "none"

    std::string genesis_file = "genesis.json";
    std::string keystore_dir = "keystore";
    std::string keystore_password_file;  // required to unlock the node's keys
    std::string validator_key = "validator";

    uint64_t block_interval_ms = 200;
    size_t block_max_txs = 5000;  // further bounded by the chain parameter of the same name
    MempoolLimits mempool;
    unsigned verify_threads = 0;  // 0: all cores

    p2p::Options p2p;  // the p2p_* keys (node/config_p2p.h); p2p.key_file is relative to datadir

    std::string log_level = "info";
    std::string log_file;

    // Path resolved against datadir.
    std::string path(const std::string& p) const;
};

// Reads and validates a config file; a missing file at the default location gives the defaults.
Result<NodeConfig> load_config(const std::string& datadir, const std::string& explicit_path);
// Writes `config` as JSON to `path` atomically (temp file, fsync, rename), mode 0600: it holds token hashes.
Status save_config(const NodeConfig& config, const std::string& path);

}  // namespace folio::node
