#include "node/node.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "chain/validator_set_state.h"
#include "contracts/registry.h"
#include "explorer/explorer.h"
#include "keys/file_io.h"
#include "keys/keystore.h"
#include "keys/passwords.h"
#include "node/dev_chain.h"
#include "node/log.h"
#include "node/open_files.h"
#include "node/rpc_methods.h"
#include "node/token_file.h"
#include "node/validator_set_archive.h"
#include "node/bft_driver.h"
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

namespace {

std::string first_run_hint(const std::string& datadir) {
    return "`foliod --dev --datadir " + datadir +
           "` creates a one-validator dev chain there; `foliod testnet --validators 4 --dir DIR` writes a local "
           "consortium; for a node of a real consortium, `foliod keygen --datadir " + datadir +
           "` then `foliod init --genesis FILE --datadir " + datadir + "` (docs/operations.md)";
}

}  // namespace

Status Node::open_datadir(const NodeOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (options.dev) {
        fs::create_directories(options.datadir, ec);
        if (ec) return make_error(Reason::IO_ERROR, "cannot create " + options.datadir + ": " + ec.message());
        // Before the dev chain is written: two nodes must not create one in the same directory.
        auto lock = DatadirLock::acquire(options.datadir);
        if (!lock) return lock.error();
        lock_.emplace(std::move(lock).value());
        if (Status s = init_dev_datadir(options.datadir, options.rpc_bind_override); !s) return s;
    } else if (!fs::is_directory(options.datadir, ec)) {
        return make_error(Reason::NOT_FOUND, "data directory " + options.datadir + " does not exist: " +
                                                 first_run_hint(options.datadir));
    }
    auto config = load_config(options.datadir, options.config_path);
    if (!config) return config.error();
    config_ = std::move(config).value();
    if (!fs::exists(config_.path(config_.genesis_file), ec)) {
        return make_error(Reason::NOT_FOUND, options.datadir + " is not a Folio data directory yet (no " +
                                                 config_.genesis_file + "): " + first_run_hint(options.datadir));
    }
    if (!lock_) {
        auto lock = DatadirLock::acquire(options.datadir);
        if (!lock) return lock.error();
        lock_.emplace(std::move(lock).value());
    }
    return Status();
}

Status Node::apply_log_settings(const NodeConfig& config) {
    LogLevel level;
    if (!parse_log_level(config.log_level, level)) {
        return make_error(Reason::INVALID_ARGUMENT, "log_level must be debug, info, warn or error");
    }
    set_log_level(level);
    // Opened afresh each time, also when the name is unchanged: after logrotate renamed it, a new file starts.
    if (!set_log_file(config.path(config.log_file))) {
        return make_error(Reason::IO_ERROR, "cannot open log file " + config.path(config.log_file));
    }
    log_file_ = config.path(config.log_file);
    return Status();
}

void Node::log_config_summary() const {
    const NodeConfig& c = config_;
    std::string line = "config: datadir " + c.datadir + ", config file " +
                       (c.config_path.empty() ? std::string("none (defaults)") : c.config_path) + ", rpc_bind " +
                       c.rpc_bind + ", rpc_anonymous_scope " + c.rpc_anonymous_scope + ", rpc_max_connections " +
                       std::to_string(c.rpc_max_connections) + ", block_interval_ms " +
                       std::to_string(c.block_interval_ms) + ", block_max_txs " + std::to_string(c.block_max_txs) +
                       ", mempool_max_txs " + std::to_string(c.mempool.max_txs) + ", verify_threads " +
                       (c.verify_threads == 0 ? std::string("all cores") : std::to_string(c.verify_threads)) +
                       ", log_level " + c.log_level + ", log_file " +
                       (c.log_file.empty() ? std::string("none") : c.path(c.log_file)) + ", audit log " +
                       c.path("audit.log");
    log_info("node", line);
}

Status Node::init(const NodeOptions& options) {
    if (options.datadir.empty()) return make_error(Reason::INVALID_ARGUMENT, "--datadir is required");
    config_path_ = options.config_path;
    if (Status s = open_datadir(options); !s) return s;
    if (!options.rpc_bind_override.empty()) config_.rpc_bind = options.rpc_bind_override;
    if (Status s = apply_log_settings(config_); !s) return s;
    log_config_summary();
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

    if (Status s = check_full_history(); !s) return s;
    if (Status s = load_keys(); !s) return s;
    registry_ = contracts::make_registry();
    verifier_ = std::make_unique<VerifyPool>(config_.verify_threads);
    signature_cache_ = std::make_unique<SignatureCache>();
    signatures_ = std::make_unique<CachedVerifier>(*signature_cache_, *verifier_);
    mempool_ = std::make_unique<Mempool>(*ledger_, *registry_, *signatures_, config_.mempool, now_ms);
    hub_ = std::make_unique<CommitHub>();
    // The chain of validator sets a holding proof carries (node/validator_set_archive.h): archived at start-up
    // for what an earlier run left, then after each commit.
    if (Status s = archive_validator_set_proofs(*ledger_); !s) log_warn("node", s.error().message);
    Ledger* archive_ledger = ledger_.get();
    hub_->set_commit_listener([archive_ledger](const Block&) {
        if (Status s = archive_validator_set_proofs(*archive_ledger); !s) log_warn("node", s.error().message);
    });

    ProducerOptions po;
    po.interval_ms = config_.block_interval_ms;
    uint64_t chain_max = 0;
    po.max_txs = read_param(ledger_->state(), "block_max_txs", chain_max) ? std::min<uint64_t>(chain_max, config_.block_max_txs)
                                                                          : config_.block_max_txs;
    uint64_t max_bytes = 0;
    if (read_param(ledger_->state(), "block_max_bytes", max_bytes)) po.max_bytes = max_bytes;
    auto audit = AuditLog::open(config_.path("audit.log"));
    if (!audit) return audit.error();
    audit_ = std::move(audit).value();
    AuditLog* audit_log = audit_.get();
    po.before_commit = [audit_log] { return audit_log->sync(); };
    if (consortium()) {
        if (Status s = start_consensus(po); !s) return s;
    } else {
        producer_ = std::make_unique<SingleValidatorProducer>(*ledger_, *registry_, *mempool_, *hub_, metrics_,
                                                              std::move(*validator_key_), po);
    }
    validator_key_.reset();
    BlockProducer* producer = producer_.get();
    services_.reset(new NodeServices{config_, *ledger_, *registry_, *mempool_, *hub_, metrics_, keys_, sign_mutex_,
                                     [producer] { producer->wake(); }, audit_log, consensus_});
    backup_ = std::make_unique<BackupService>(ledger_->store(), config_.path("backups"));
    services_->backup = backup_.get();
    if (Status s = start_rpc(); !s) return s;
    producer_->start();
    return Status();
}

bool Node::consortium() const { return !config_.p2p.bind.empty() || !config_.p2p.peers.empty(); }

Status Node::check_full_history() const {
    auto from = ledger_->store().asset_history_from();
    if (!from) return from.error();
    if (*from == 0) return Status();
    // A distribution, a coupon or a vote reads the assets at a record height of its choice. Below the start of
    // this history the read fails and the block holding such an op is rejected here while every full-history
    // node accepts it: a validator or an observer would leave the consortium's chain. A one-validator node
    // checks no one else's blocks; it leaves such txs out of the blocks it builds.
    const std::string what = "the asset history of this data dir starts at block " + std::to_string(*from) +
                             " (its database was upgraded from layout 2 then), not at genesis";
    const std::string remedy =
        "get a full-history data dir: start this node on an empty datadir with the same genesis and config "
        "so that it syncs the chain from its peers and executes it from genesis, or foliod restore a backup of a "
        "node that holds the full history (docs/operations.md, \"Full history\")";
    if (consortium()) {
        return make_error(Reason::INVALID_ARGUMENT,
                          what + ": a consortium node checks its peers' blocks and would reject a record height "
                                 "below it that the others accept. " + remedy);
    }
    log_warn("node", what + ": txs reading the assets below it (distribute, coupon_pay, vote_create) are left out "
                            "of the blocks this node builds. To accept them, " + remedy);
    return Status();
}

Status Node::start_consensus(const ProducerOptions& po) {
    auto identity = p2p::NodeIdentity::load(config_.path(config_.p2p.key_file));
    if (!identity) return make_error(identity.reason(), "P2P key: " + identity.error().message);
    std::optional<ValidatorSigning> signing;
    if (validator_key_) {
        const std::string safety_path = config_.path(privval::kSafetyStateFileName);
        auto safety = privval::SafetyStateFile::open(safety_path, ledger_->chain_id());
        if (!safety) return safety.error();
        // A validator whose record of what it signed is older than the chain's record of it must not sign.
        if (ledger_->height() > 0) {
            auto cert = ledger_->store().commit(ledger_->height());
            if (!cert) return cert.error();
            const ValidatorSet head_set =
                validator_set_at(ledger_->state(), ledger_->height(), ledger_->genesis().validators).set;
            const int index = head_set.index_of(validator_key_->pubkey());
            std::optional<uint16_t> own;
            if (index >= 0) own = static_cast<uint16_t>(index);
            if (Status s = privval::check_not_behind_chain(safety->state(), safety_path, *cert, own); !s) return s;
        }
        auto last = safety->state() ? consensus::last_signed_record(*safety->state(), ledger_->chain_id())
                                    : std::nullopt;
        signing = ValidatorSigning{std::make_unique<privval::FileSigner>(std::move(*validator_key_), last),
                                   std::make_unique<privval::SafetyStateFile>(std::move(*safety)),
                                   std::make_unique<privval::ValidBlockFile>(privval::ValidBlockFile::open(
                                       config_.path(privval::kValidBlockFileName), ledger_->chain_id()))};
    }
    ConsensusOptions co;
    co.producer = po;
    for (const p2p::PeerKey& key : config_.p2p.observer_keys) co.observer_keys.push_back(p2p::AllowedPeer{key, ""});
    p2p::TransportConfig tc;
    tc.options = config_.p2p;
    tc.options.key_file = config_.path(config_.p2p.key_file);
    auto producer = std::make_unique<ConsensusProducer>(*ledger_, *registry_, *mempool_, *hub_, metrics_,
                                                        *signatures_, std::move(tc), std::move(*identity),
                                                        std::move(signing), std::move(co));
    if (Status s = producer->start_network(); !s) return s;
    log_info("consensus", std::string("consortium node (") + (validator_key_ || producer->status().role == "validator"
                                                                   ? "validator"
                                                                   : "observer") +
                              "), P2P on " + (config_.p2p.bind.empty() ? std::string("no listener") : config_.p2p.bind) +
                              ", " + std::to_string(config_.p2p.peers.size()) + " peers to dial");
    consensus_ = producer.get();
    producer_ = std::move(producer);
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
    // A consortium node without a validator key is an observer; a one-validator node needs its key.
    if (consortium()) return Status();
    if (!validator_key_) return make_error(Reason::NOT_FOUND, "the keystore has no validator key named \"" + config_.validator_key + "\"");
    // The set that signs the next block (validator_set_update may have changed genesis' set).
    const ValidatorSet next_set =
        validator_set_at(ledger_->state(), ledger_->height() + 1, ledger_->genesis().validators).set;
    if (next_set.validators.size() > 1) {
        return make_error(Reason::INVALID_ARGUMENT,
                          "this chain has " + std::to_string(next_set.validators.size()) +
                              " validators: set p2p_bind and p2p_peers in the config so that this node joins them "
                              "(docs/operations.md, \"Starting a consortium\")");
    }
    if (next_set.index_of(validator_key_->pubkey()) < 0) {
        return make_error(Reason::NOT_AUTHORIZED, "key \"" + config_.validator_key + "\" is not a validator of this chain");
    }
    return Status();
}

Status Node::issue_admin_token() {
    // Under the token file's lock: a `foliod token create` running now must not lose its token, nor we ours.
    auto lock = TokenFileLock::acquire(config_.datadir);
    if (!lock) return lock.error();
    const std::string file_path = config_.path(kTokenFileName);
    auto file = load_token_file(file_path);
    if (!file) return file.error();
    if (file->admin_token_issued) return Status();
    const std::string admin_path = config_.path(kAdminTokenFileName);
    std::string name = "admin";
    if (file->find(name) != nullptr) name = "node-admin";
    // An admin token file left by an earlier version (or by a start interrupted before the token file was
    // written) is kept: whoever holds it keeps access.
    std::optional<Hash256> kept;
    if (auto text = keys::read_file_bounded(admin_path, 4096)) {
        std::string t = *text;
        while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
        kept = rpc::parse_token(t);
    }
    rpc::TokenRecord record;
    if (kept) {
        record = rpc::record_for_token(*kept, rpc::Scope::Admin, name);
        log_info("rpc", "kept the admin token of " + admin_path + " as token \"" + name + "\"");
    } else {
        rpc::NewToken token = rpc::make_token(rpc::Scope::Admin, name);
        // The plaintext first: a crash before the token file is written leaves it, and the next start keeps it.
        if (Status s = keys::write_file_atomic(admin_path, token.plaintext + "\n", 0600); !s) return s;
        record = token.record;
        log_info("rpc", "wrote an admin token to " + admin_path + " (token \"" + name +
                            "\", valid across restarts until `foliod token revoke --datadir " + config_.datadir + " " + name + "`)");
    }
    file->tokens.push_back(StoredToken{std::move(record), now_ms()});
    file->admin_token_issued = true;
    return save_token_file(*file, file_path);
}

Status Node::setup_tokens() {
    // A config that names its own tokens wants no admin token file (as before the token file existed).
    if (config_.rpc_tokens.empty()) {
        if (Status s = issue_admin_token(); !s) return s;
    }
    tokens_ = std::make_unique<TokenWatch>(config_.path(kTokenFileName), config_.rpc_tokens);
    log_info("rpc", "tokens: " + std::to_string(tokens_->config_token_count()) + " from the config, " +
                        std::to_string(tokens_->file_token_count()) + " from " + config_.path(kTokenFileName) +
                        " (reread when it changes)");
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
    if (Status s = setup_tokens(); !s) return s;
    TokenWatch* tokens = tokens_.get();
    sc.token_source = [tokens] { return tokens->current(); };
    sc.log_auth_failure = [](std::string_view line) { log_warn("rpc", line); };
    Ledger* ledger = ledger_.get();
    Mempool* mempool = mempool_.get();
    BlockProducer* producer = producer_.get();
    NodeMetrics* metrics = &metrics_;
    ConsensusProducer* consensus = consensus_;
    sc.health = [ledger, producer, consensus] {
        nlohmann::json h = {{"status", producer->healthy() ? "ok" : "degraded"},
                            {"height", ledger->height()},
                            {"syncing", consensus != nullptr && consensus->status().syncing}};
        return h.dump();
    };
    sc.node_metrics = [ledger, mempool, metrics, consensus] {
        std::string text = metrics->prometheus_text(ledger->height(), mempool->size(), mempool->bytes(),
                                                    ledger->store().footprint());
        if (consensus != nullptr) text += consensus_prometheus_text(*consensus);
        return text;
    };
    sc.log = [](std::string_view line) { log_warn("rpc", line); };
    sc.get_routes = explorer::routes();
    server_ = std::make_unique<rpc::Server>(sc, table_, rpc::TokenStore());
    auto bound = server_->start();
    if (!bound) return make_error(bound.reason(), "cannot listen on " + config_.rpc_bind + ": " + bound.error().message);
    rpc_address_ = *bound;
    if (Status s = keys::write_file_atomic(config_.path("rpc.addr"), rpc_address_ + "\n", 0644); !s) return s;
    wrote_rpc_addr_ = true;
    log_info("rpc", "JSON-RPC listening on http://" + rpc_address_ + " (WebSocket /ws)");
    return Status();
}

void Node::stop() {
    if (stopped_) return;
    stopped_ = true;
    if (server_) server_->stop();
    if (producer_) producer_->stop();
    // A backup in progress is cancelled (its temporary removed) before the database it reads closes.
    backup_.reset();
    if (wrote_rpc_addr_) {
        // Nobody listens there any more: a client must not take the file for a running node.
        std::error_code ec;
        std::filesystem::remove(config_.path("rpc.addr"), ec);
    }
    if (audit_) {
        if (Status s = audit_->sync(); !s) log_error("node", s.error().message);
    }
    hub_.reset();
    server_.reset();
    producer_.reset();
    mempool_.reset();
    signatures_.reset();
    signature_cache_.reset();
    verifier_.reset();
    if (ledger_) log_info("node", "stopped at height " + std::to_string(ledger_->height()));
    ledger_.reset();
}

void Node::reload() {
    log_info("node", "SIGHUP: rereading tokens, log level and log file");
    auto config = load_config(config_.datadir, config_path_);
    if (!config) {
        // The log file is still reopened: logrotate has moved it and expects a new one.
        if (!set_log_file(log_file_)) log_error("node", "cannot reopen the log file " + log_file_);
        log_error("node", "reload: " + config.error().message + "; the running settings stay");
    } else {
        if (Status s = apply_log_settings(*config); !s) log_error("node", "reload: " + s.error().message);
        if (tokens_) tokens_->set_config_tokens(config->rpc_tokens);
    }
    if (tokens_) {
        if (Status s = tokens_->reload(); !s) log_warn("rpc", "tokens: " + s.error().message);
        log_info("node", "reloaded: log level " + (config ? config->log_level : config_.log_level) + ", " +
                             std::to_string(tokens_->config_token_count()) + " tokens from the config, " +
                             std::to_string(tokens_->file_token_count()) + " from " + config_.path(kTokenFileName));
    }
}

std::string Node::rpc_address() const { return rpc_address_; }

}  // namespace folio::node
