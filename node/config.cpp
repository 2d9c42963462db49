#include "node/config.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "keys/file_io.h"
#include "node/config_p2p.h"
#include "rpc/scope.h"

namespace folio::node {
namespace {

using nlohmann::json;
constexpr size_t kMaxConfigBytes = 1u << 20;

struct ConfigError {
    std::string message;
};

uint64_t as_uint(const json& doc, const char* key, uint64_t min, uint64_t max) {
    const json& v = doc.at(key);
    if (!v.is_number_unsigned() || v.get<uint64_t>() < min || v.get<uint64_t>() > max) {
        throw ConfigError{std::string(key) + ": must be an integer from " + std::to_string(min) + " to " + std::to_string(max)};
    }
    return v.get<uint64_t>();
}

std::string as_string(const json& doc, const char* key) {
    const json& v = doc.at(key);
    if (!v.is_string()) throw ConfigError{std::string(key) + ": must be a string"};
    return v.get<std::string>();
}

}  // namespace

std::string NodeConfig::path(const std::string& p) const {
    if (p.empty() || p.front() == '/') return p;
    return (std::filesystem::path(datadir) / p).string();
}

Result<NodeConfig> load_config(const std::string& datadir, const std::string& explicit_path) {
    NodeConfig c;
    c.datadir = datadir;
    const std::string file = explicit_path.empty() ? (std::filesystem::path(datadir) / "config.json").string() : explicit_path;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        if (!explicit_path.empty()) return make_error(Reason::NOT_FOUND, "config file " + file + " does not exist");
        return c;
    }
    auto text = keys::read_file_bounded(file, kMaxConfigBytes);
    if (!text) return text.error();
    const json doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return make_error(Reason::INVALID_ARGUMENT, file + ": not a JSON object");
    c.config_path = file;
    static const std::set<std::string> known = {
        "rpc_bind", "rpc_tokens", "rpc_max_body_bytes", "rpc_max_connections", "rpc_io_threads", "rpc_read_timeout_ms",
        "rpc_idle_timeout_ms", "rpc_max_connections_per_ip", "rpc_first_request_timeout_ms", "rpc_max_batch", "rpc_anonymous_scope", "genesis_file", "keystore_dir",
        "keystore_password_file", "validator_key", "block_interval_ms", "block_max_txs", "mempool_max_txs",
        "mempool_max_bytes", "mempool_max_future_per_signer", "verify_threads", "log_level", "log_file"};
    try {
        for (const auto& [key, _] : doc.items()) {
            if (!known.count(key) && !is_p2p_config_key(key)) throw ConfigError{key + ": unknown configuration key (see docs/operations.md)"};
        }
        if (doc.contains("rpc_bind")) c.rpc_bind = as_string(doc, "rpc_bind");
        if (doc.contains("rpc_tokens")) {
            if (!doc.at("rpc_tokens").is_array()) throw ConfigError{"rpc_tokens: must be an array"};
            for (size_t i = 0; i < doc.at("rpc_tokens").size(); ++i) {
                auto r = rpc::token_record_from_json(doc.at("rpc_tokens")[i]);
                if (!r) throw ConfigError{"rpc_tokens[" + std::to_string(i) + "]: " + r.error().message};
                c.rpc_tokens.push_back(*r);
            }
        }
        if (doc.contains("rpc_max_body_bytes")) c.rpc_max_body_bytes = as_uint(doc, "rpc_max_body_bytes", 1024, 64u << 20);
        if (doc.contains("rpc_max_connections")) c.rpc_max_connections = as_uint(doc, "rpc_max_connections", 1, 100000);
        if (doc.contains("rpc_max_connections_per_ip")) c.rpc_max_connections_per_ip = as_uint(doc, "rpc_max_connections_per_ip", 1, 100000);
        if (doc.contains("rpc_io_threads")) c.rpc_io_threads = static_cast<unsigned>(as_uint(doc, "rpc_io_threads", 1, 64));
        if (doc.contains("rpc_read_timeout_ms")) c.rpc_read_timeout_ms = as_uint(doc, "rpc_read_timeout_ms", 100, 3600000);
        if (doc.contains("rpc_idle_timeout_ms")) c.rpc_idle_timeout_ms = as_uint(doc, "rpc_idle_timeout_ms", 100, 86400000);
        if (doc.contains("rpc_first_request_timeout_ms")) c.rpc_first_request_timeout_ms = as_uint(doc, "rpc_first_request_timeout_ms", 100, 3600000);
        if (doc.contains("rpc_max_batch")) c.rpc_max_batch = as_uint(doc, "rpc_max_batch", 1, 10000);
        if (doc.contains("rpc_anonymous_scope")) {
            c.rpc_anonymous_scope = as_string(doc, "rpc_anonymous_scope");
            // "public" is what this key said before "none": a caller without a token gets the public scope only.
            if (c.rpc_anonymous_scope == "public") c.rpc_anonymous_scope = "none";
            if (c.rpc_anonymous_scope != "none" && c.rpc_anonymous_scope != "read") {
                throw ConfigError{"rpc_anonymous_scope: must be \"none\" or \"read\""};
            }
        }
        if (doc.contains("genesis_file")) c.genesis_file = as_string(doc, "genesis_file");
        if (doc.contains("keystore_dir")) c.keystore_dir = as_string(doc, "keystore_dir");
        if (doc.contains("keystore_password_file")) c.keystore_password_file = as_string(doc, "keystore_password_file");
        if (doc.contains("validator_key")) c.validator_key = as_string(doc, "validator_key");
        if (doc.contains("block_interval_ms")) c.block_interval_ms = as_uint(doc, "block_interval_ms", 1, 600000);
        if (doc.contains("block_max_txs")) c.block_max_txs = as_uint(doc, "block_max_txs", 1, 100000);
        if (doc.contains("mempool_max_txs")) c.mempool.max_txs = as_uint(doc, "mempool_max_txs", 1, 10000000);
        if (doc.contains("mempool_max_bytes")) c.mempool.max_bytes = as_uint(doc, "mempool_max_bytes", 1u << 16, uint64_t{16} << 30);
        if (doc.contains("mempool_max_future_per_signer")) {
            c.mempool.max_future_per_signer = as_uint(doc, "mempool_max_future_per_signer", 0, 100000);
        }
        if (doc.contains("verify_threads")) c.verify_threads = static_cast<unsigned>(as_uint(doc, "verify_threads", 0, 256));
        if (doc.contains("log_level")) c.log_level = as_string(doc, "log_level");
        if (doc.contains("log_file")) c.log_file = as_string(doc, "log_file");
        if (Status p2p_keys = parse_p2p_config(doc, c.p2p); !p2p_keys) throw ConfigError{p2p_keys.error().message};
    } catch (const ConfigError& e) {
        return make_error(Reason::INVALID_ARGUMENT, file + ": " + e.message);
    }
    return c;
}

Status save_config(const NodeConfig& c, const std::string& path) {
    json doc = {{"rpc_bind", c.rpc_bind},
                {"rpc_max_body_bytes", c.rpc_max_body_bytes},
                {"rpc_max_connections", c.rpc_max_connections},
                {"rpc_max_connections_per_ip", c.rpc_max_connections_per_ip},
                {"rpc_io_threads", c.rpc_io_threads},
                {"rpc_read_timeout_ms", c.rpc_read_timeout_ms},
                {"rpc_idle_timeout_ms", c.rpc_idle_timeout_ms},
                {"rpc_first_request_timeout_ms", c.rpc_first_request_timeout_ms},
                {"rpc_max_batch", c.rpc_max_batch},
                {"rpc_anonymous_scope", c.rpc_anonymous_scope},
                {"genesis_file", c.genesis_file},
                {"keystore_dir", c.keystore_dir},
                {"keystore_password_file", c.keystore_password_file},
                {"validator_key", c.validator_key},
                {"block_interval_ms", c.block_interval_ms},
                {"block_max_txs", c.block_max_txs},
                {"mempool_max_txs", c.mempool.max_txs},
                {"mempool_max_bytes", c.mempool.max_bytes},
                {"mempool_max_future_per_signer", c.mempool.max_future_per_signer},
                {"verify_threads", c.verify_threads},
                {"log_level", c.log_level},
                {"log_file", c.log_file}};
    write_p2p_config(c.p2p, doc);
    doc["rpc_tokens"] = json::array();
    for (const auto& t : c.rpc_tokens) doc["rpc_tokens"].push_back(rpc::token_record_to_json(t));
    return keys::write_file_atomic(path, doc.dump(2) + "\n", 0600);
}

}  // namespace folio::node
