#include "node/node.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "contracts/registry.h"
#include "keys/file_io.h"
#include "keys/keystore.h"
#include "keys/passwords.h"
#include "node/dev_chain.h"
#include "node/log.h"
#include "node/open_files.h"
#include "node/rpc_methods.h"
#include "rpc/method.h"
#include "rpc/server.h"

namespace folio::node {
Result<std::unique_ptr<Node>> Node::start(const NodeOptions& options) {
    std::unique_ptr<Node> node(new Node());
    if (Status s = node->init(options); !s) {
        node->stop();
        return s.error();
    }
    return node;
}

Node::~Node() { stop(); }

Status Node::init(const NodeOptions& options) {
    if (options.datadir.empty()) return make_error(Reason::INVALID_ARGUMENT, "--datadir is required");
    if (options.dev) {
        if (Status s = init_dev_datadir(options.datadir, options.rpc_bind_override); !s) return s;
    }
    auto config = load_config(options.datadir, options.config_path);
    if (!config) return config.error();
    config_ = std::move(config).value();
    if (!options.rpc_bind_override.empty()) config_.rpc_bind = options.rpc_bind_override;
    LogLevel level;
    if (!parse_log_level(config_.log_level, level)) {
        return make_error(Reason::INVALID_ARGUMENT, "log_level must be debug, info, warn or error");
    }
    set_log_level(level);
    if (!config_.log_file.empty() && !set_log_file(config_.path(config_.log_file))) {
        return make_error(Reason::IO_ERROR, "cannot open log file " + config_.path(config_.log_file));
    }
    report_open_file_limit();

    auto genesis_text = keys::read_file_bounded(config_.path(config_.genesis_file), 64u << 20);
    if (!genesis_text) return make_error(genesis_text.reason(), "genesis: " + genesis_text.error().message);
    LedgerOptions lo;
    lo.store.path = config_.path("chain");
    auto ledger = Ledger::open(lo, *genesis_text);
    if (!ledger) return ledger.error();
    ledger_ = std::move(ledger).value();
    log_info("node", "chain " + ledger_->genesis().chain_name + " (" + to_hex(ledger_->chain_id()) + ") at height " +
                         std::to_string(ledger_->height()));

    if (Status s = load_keys(); !s) return s;
    registry_ = contracts::make_registry();
    verifier_ = std::make_unique<VerifyPool>(config_.verify_threads);
    mempool_ = std::make_unique<Mempool>(*ledger_, *registry_, *verifier_, config_.mempool, now_ms);
    hub_ = std::make_unique<CommitHub>();

    ProducerOptions po;
    po.interval_ms = config_.block_interval_ms;
    uint64_t chain_max = 0;
    po.max_txs = read_param(ledger_->state(), "block_max_txs", chain_max) ? std::min<uint64_t>(chain_max, config_.block_max_txs)
                                                                          : config_.block_max_txs;
    uint64_t max_bytes = 0;
    if (read_param(ledger_->state(), "block_max_bytes", max_bytes)) po.max_bytes = max_bytes;
    producer_ = std::make_unique<SingleValidatorProducer>(*ledger_, *registry_, *mempool_, *hub_, metrics_,
                                                          std::move(*validator_key_), po);
    validator_key_.reset();
    BlockProducer* producer = producer_.get();
    services_.reset(new NodeServices{config_, *ledger_, *registry_, *mempool_, *hub_, metrics_, keys_, sign_mutex_,
                                     [producer] { producer->wake(); }});
    if (Status s = start_rpc(); !s) return s;
    producer_->start();
    return Status();
}

void Node::report_open_file_limit() const {
    auto files = raise_open_file_limit();
    if (!files) {
        log_warn("node", files.error().message);
        return;
    }
    const std::string now = std::to_string(files->after);
    if (files->after != files->before) {
        log_info("node", "open-file limit raised from " + std::to_string(files->before) + " to " + now);
    } else {
        log_info("node", "open-file limit " + now);
    }
    // RPC connections (plus up to 64 being refused with 503), LevelDB's table cache (up to 1000 files), and
    // headroom for the log, the keystore and the RPC server's own descriptors.
    const uint64_t wanted = config_.rpc_max_connections + 64 + 1000 + 64;
    if (files->after < wanted) {
        log_warn("node", "open-file limit " + now + " is below the " + std::to_string(wanted) +
                             " that rpc_max_connections " + std::to_string(config_.rpc_max_connections) +
                             " and the database may need: raise the hard limit (ulimit -Hn, systemd LimitNOFILE=) "
                             "or lower rpc_max_connections. A failed accept is retried, never fatal.");
    }
}

Status Node::load_keys() {
    if (config_.keystore_password_file.empty()) {
        return make_error(Reason::INVALID_ARGUMENT, "keystore_password_file is not set in the config: the node cannot unlock its validator key");
    }
    auto password = keys::read_password_file(config_.path(config_.keystore_password_file));
    if (!password) return make_error(password.reason(), "keystore password: " + password.error().message);
    auto keystore = keys::Keystore::open(config_.path(config_.keystore_dir), false);
    if (!keystore) return make_error(keystore.reason(), "node keystore: " + keystore.error().message);
    auto list = keystore->list();
    if (!list) return list.error();
    for (const auto& info : *list) {
        auto secret = keystore->unlock(info.name, *password);
        if (!secret) return make_error(secret.reason(), "key " + info.name + ": " + secret.error().message);
        if (info.name == config_.validator_key) {
            validator_key_ = std::move(secret).value();
        } else {
            keys_.emplace(info.name, NodeKey{info.name, std::move(secret).value(), info.pubkey});
        }
    }
    keys::wipe_string(*password);
    if (!validator_key_) return make_error(Reason::NOT_FOUND, "the keystore has no validator key named \"" + config_.validator_key + "\"");
    if (ledger_->genesis().validators.index_of(validator_key_->pubkey()) < 0) {
        return make_error(Reason::NOT_AUTHORIZED, "key \"" + config_.validator_key + "\" is not a validator of this chain");
    }
    return Status();
}

Status Node::setup_tokens(rpc::TokenStore& tokens) {
    if (!config_.rpc_tokens.empty()) {
        tokens = rpc::TokenStore(config_.rpc_tokens);
        return Status();
    }
    // No token configured: a fresh admin token, written where only this user can read it.
    auto token = rpc::make_token(rpc::Scope::Admin, "admin-file");
    const std::string path = config_.path("rpc-admin.token");
    if (Status s = keys::write_file_atomic(path, token.plaintext + "\n", 0600); !s) return s;
    tokens = rpc::TokenStore({token.record});
    log_info("rpc", "no rpc_tokens in the config: wrote a fresh admin token to " + path);
    return Status();
}

Status Node::start_rpc() {
    table_ = std::make_shared<rpc::MethodTable>();
    if (Status s = register_node_methods(*table_, *services_); !s) return s;
    auto host_port = rpc::parse_host_port(config_.rpc_bind);
    if (!host_port) return make_error(Reason::INVALID_ARGUMENT, "rpc_bind: " + host_port.error().message);
    rpc::ServerConfig sc;
    sc.bind_address = host_port->first;
    sc.port = host_port->second;
    sc.io_threads = config_.rpc_io_threads;
    sc.max_connections = config_.rpc_max_connections;
    sc.max_connections_per_ip = config_.rpc_max_connections_per_ip;
    sc.max_body_bytes = config_.rpc_max_body_bytes;
    sc.max_batch = config_.rpc_max_batch;
    sc.read_timeout = std::chrono::milliseconds(config_.rpc_read_timeout_ms);
    sc.idle_timeout = std::chrono::milliseconds(config_.rpc_idle_timeout_ms);
    sc.first_request_timeout = std::chrono::milliseconds(config_.rpc_first_request_timeout_ms);
    sc.anonymous_scope = config_.rpc_anonymous_scope == "read" ? rpc::Scope::Read : rpc::Scope::Public;
    Ledger* ledger = ledger_.get();
    Mempool* mempool = mempool_.get();
    BlockProducer* producer = producer_.get();
    NodeMetrics* metrics = &metrics_;
    sc.health = [ledger, producer] {
        nlohmann::json h = {{"status", producer->healthy() ? "ok" : "degraded"}, {"height", ledger->height()}};
        return h.dump();
    };
    sc.node_metrics = [ledger, mempool, metrics] {
        return metrics->prometheus_text(ledger->height(), mempool->size(), mempool->bytes(),
                                        ledger->store().footprint());
    };
    sc.log = [](std::string_view line) { log_warn("rpc", line); };
    rpc::TokenStore tokens;
    if (Status s = setup_tokens(tokens); !s) return s;
    server_ = std::make_unique<rpc::Server>(sc, table_, std::move(tokens));
    auto bound = server_->start();
    if (!bound) return make_error(bound.reason(), "cannot listen on " + config_.rpc_bind + ": " + bound.error().message);
    rpc_address_ = *bound;
    if (Status s = keys::write_file_atomic(config_.path("rpc.addr"), rpc_address_ + "\n", 0644); !s) return s;
    log_info("rpc", "JSON-RPC listening on http://" + rpc_address_ + " (WebSocket /ws)");
    return Status();
}

void Node::stop() {
    if (stopped_) return;
    stopped_ = true;
    if (server_) server_->stop();
    if (producer_) producer_->stop();
    hub_.reset();
    server_.reset();
    producer_.reset();
    mempool_.reset();
    verifier_.reset();
    if (ledger_) log_info("node", "stopped at height " + std::to_string(ledger_->height()));
    ledger_.reset();
}

std::string Node::rpc_address() const { return rpc_address_; }

}  // namespace folio::node
