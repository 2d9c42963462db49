#include "node/config_p2p.h"

#include <nlohmann/json.hpp>
#include <set>

#include "node/p2p/messages.h"

namespace folio::node {
namespace {

using nlohmann::json;

struct KeyError {
    std::string message;
};

// Each key with its bounds; the order is the one write_p2p_config uses.
struct UintKey {
    const char* name;
    uint64_t min;
    uint64_t max;
    uint64_t p2p::Options::*u64 = nullptr;
    size_t p2p::Options::*size = nullptr;
};

const std::vector<UintKey>& uint_keys() {
    using O = p2p::Options;
    static const std::vector<UintKey> keys = {
        {"p2p_max_message_bytes", 64u << 10, 256u << 20, nullptr, &O::max_message_bytes},
        {"p2p_max_inbound", 1, 10000, nullptr, &O::max_inbound},
        {"p2p_send_queue_max_bytes", 64u << 10, uint64_t{4} << 30, nullptr, &O::send_queue_max_bytes},
        {"p2p_send_queue_max_messages", 16, 1000000, nullptr, &O::send_queue_max_messages},
        {"p2p_rate_messages_per_s", 1, 10000000, &O::rate_messages_per_s},
        {"p2p_rate_burst_messages", 1, 10000000, &O::rate_burst_messages},
        {"p2p_rate_bytes_per_s", 1024, uint64_t{16} << 30, &O::rate_bytes_per_s},
        {"p2p_rate_burst_bytes", 64u << 10, uint64_t{16} << 30, &O::rate_burst_bytes},
        {"p2p_handshake_timeout_ms", 100, 600000, &O::handshake_timeout_ms},
        {"p2p_idle_timeout_ms", 100, 86400000, &O::idle_timeout_ms},
        {"p2p_keepalive_interval_ms", 10, 86400000, &O::keepalive_interval_ms},
        {"p2p_reconnect_min_ms", 10, 3600000, &O::reconnect_min_ms},
        {"p2p_reconnect_max_ms", 10, 86400000, &O::reconnect_max_ms},
        {"p2p_reconnect_healthy_ms", 0, 86400000, &O::reconnect_healthy_ms},
        {"p2p_misbehaviour_backoff_ms", 0, 604800000, &O::misbehaviour_backoff_ms},
    };
    return keys;
}

p2p::PeerKey key_from(const json& v, const std::string& field) {
    if (!v.is_string())
        throw KeyError{field + ": must be a hex string (an Ed25519 public key, 64 hex digits)"};
    auto key = p2p::parse_peer_key(v.get<std::string>());
    if (!key) throw KeyError{field + ": must be 64 hex digits (an Ed25519 public key)"};
    return *key;
}

std::string address_from(const json& v, const std::string& field, bool port_zero_ok) {
    if (!v.is_string()) throw KeyError{field + ": must be a string \"host:port\""};
    const std::string address = v.get<std::string>();
    std::string host;
    uint16_t port = 0;
    if (!p2p::split_host_port(address, host, port) || (port == 0 && !port_zero_ok)) {
        throw KeyError{field + ": \"" + address + "\" is not host:port (port 1-65535; [addr]:port for IPv6)"};
    }
    return address;
}

void parse(const json& doc, p2p::Options& o) {
    if (doc.contains("p2p_bind")) {
        const json& v = doc.at("p2p_bind");
        if (!v.is_string()) throw KeyError{"p2p_bind: must be a string \"host:port\" (or \"\": no listener)"};
        o.bind = v.get<std::string>().empty() ? "" : address_from(v, "p2p_bind", true);
    }
    if (doc.contains("p2p_key_file")) {
        const json& v = doc.at("p2p_key_file");
        if (!v.is_string() || v.get<std::string>().empty())
            throw KeyError{"p2p_key_file: must be a non-empty path"};
        o.key_file = v.get<std::string>();
    }
    if (doc.contains("p2p_peers")) {
        const json& list = doc.at("p2p_peers");
        if (!list.is_array()) throw KeyError{"p2p_peers: must be an array of {\"address\", \"p2p_pubkey\"}"};
        if (list.size() > 1024) throw KeyError{"p2p_peers: at most 1024 peers"};
        std::set<p2p::PeerKey> seen;
        o.peers.clear();
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string field = "p2p_peers[" + std::to_string(i) + "]";
            const json& e = list[i];
            if (!e.is_object()) throw KeyError{field + ": must be an object {\"address\", \"p2p_pubkey\"}"};
            for (const auto& [k, _] : e.items()) {
                if (k != "address" && k != "p2p_pubkey") throw KeyError{field + "." + k + ": unknown field"};
            }
            if (!e.contains("address") || !e.contains("p2p_pubkey")) {
                throw KeyError{field + ": needs both \"address\" and \"p2p_pubkey\""};
            }
            p2p::PeerEndpoint peer;
            peer.address = address_from(e.at("address"), field + ".address", false);
            peer.p2p_pubkey = key_from(e.at("p2p_pubkey"), field + ".p2p_pubkey");
            if (!seen.insert(peer.p2p_pubkey).second) throw KeyError{field + ".p2p_pubkey: listed twice"};
            o.peers.push_back(std::move(peer));
        }
    }
    if (doc.contains("p2p_observer_keys")) {
        const json& list = doc.at("p2p_observer_keys");
        if (!list.is_array())
            throw KeyError{"p2p_observer_keys: must be an array of hex Ed25519 public keys"};
        if (list.size() > 1024) throw KeyError{"p2p_observer_keys: at most 1024 keys"};
        std::set<p2p::PeerKey> seen;
        o.observer_keys.clear();
        for (size_t i = 0; i < list.size(); ++i) {
            const std::string field = "p2p_observer_keys[" + std::to_string(i) + "]";
            const p2p::PeerKey key = key_from(list[i], field);
            if (!seen.insert(key).second) throw KeyError{field + ": listed twice"};
            o.observer_keys.push_back(key);
        }
    }
    for (const UintKey& k : uint_keys()) {
        if (!doc.contains(k.name)) continue;
        const json& v = doc.at(k.name);
        if (!v.is_number_unsigned() || v.get<uint64_t>() < k.min || v.get<uint64_t>() > k.max) {
            throw KeyError{std::string(k.name) + ": must be an integer from " + std::to_string(k.min) +
                           " to " + std::to_string(k.max)};
        }
        if (k.u64)
            o.*k.u64 = v.get<uint64_t>();
        else
            o.*k.size = static_cast<size_t>(v.get<uint64_t>());
    }
    // A frame of the largest size must fit the queue and the byte bucket, or a full block could never pass.
    const uint64_t frame = o.max_message_bytes + p2p::kFrameHeaderBytes;
    if (o.send_queue_max_bytes < frame) {
        throw KeyError{"p2p_send_queue_max_bytes: must be at least p2p_max_message_bytes + 5 (" +
                       std::to_string(frame) + ")"};
    }
    if (o.rate_burst_bytes < frame) {
        throw KeyError{"p2p_rate_burst_bytes: must be at least p2p_max_message_bytes + 5 (" +
                       std::to_string(frame) + ")"};
    }
    if (o.keepalive_interval_ms >= o.idle_timeout_ms) {
        throw KeyError{"p2p_keepalive_interval_ms: must be below p2p_idle_timeout_ms (" +
                       std::to_string(o.idle_timeout_ms) + "), or healthy peers would be dropped as idle"};
    }
    if (o.reconnect_min_ms > o.reconnect_max_ms) {
        throw KeyError{"p2p_reconnect_min_ms: must not exceed p2p_reconnect_max_ms (" +
                       std::to_string(o.reconnect_max_ms) + ")"};
    }
}

}  // namespace

bool is_p2p_config_key(std::string_view key) {
    static const std::set<std::string, std::less<>> names = [] {
        std::set<std::string, std::less<>> n = {"p2p_bind", "p2p_key_file", "p2p_peers", "p2p_observer_keys"};
        for (const UintKey& k : uint_keys()) n.insert(k.name);
        return n;
    }();
    return names.count(key) > 0;
}

Status parse_p2p_config(const json& doc, p2p::Options& out) {
    try {
        parse(doc, out);
    } catch (const KeyError& e) {
        return make_error(Reason::INVALID_ARGUMENT, e.message);
    }
    return Status::success();
}

void write_p2p_config(const p2p::Options& o, json& doc) {
    doc["p2p_bind"] = o.bind;
    doc["p2p_key_file"] = o.key_file;
    doc["p2p_peers"] = json::array();
    for (const auto& p : o.peers) {
        doc["p2p_peers"].push_back({{"address", p.address}, {"p2p_pubkey", p2p::peer_key_hex(p.p2p_pubkey)}});
    }
    doc["p2p_observer_keys"] = json::array();
    for (const auto& k : o.observer_keys) doc["p2p_observer_keys"].push_back(p2p::peer_key_hex(k));
    for (const UintKey& k : uint_keys()) {
        doc[k.name] = k.u64 ? o.*k.u64 : static_cast<uint64_t>(o.*k.size);
    }
}

}  // namespace folio::node
