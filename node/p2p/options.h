// The P2P settings an operator chooses: foliod's config keys p2p_* (node/config.h parses and validates them;
// docs/operations.md, section P2P, documents each one). Plain data, no I/O: node/config.* includes it without
// linking the transport.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/bytes.h"

namespace folio::p2p {

// A peer's raw 32-byte Ed25519 public key: what is pinned (never its certificate, which it makes itself).
using PeerKey = Hash256;

// Lowercase hex; parse refuses anything but 64 hex digits.
inline std::string peer_key_hex(const PeerKey& key) {
    return to_hex(key);
}
inline std::optional<PeerKey> parse_peer_key(std::string_view hex) {
    PeerKey key{};
    if (!from_hex_fixed(hex, key)) return std::nullopt;
    return key;
}

// A peer to dial: "host:port" and the key it must present.
struct PeerEndpoint {
    std::string address;
    PeerKey p2p_pubkey{};
    bool operator==(const PeerEndpoint&) const = default;
};

// 16 MiB for a full block plus room for the header, certificate and framing.
inline constexpr size_t kDefaultMaxMessageBytes = (16u << 20) + (64u << 10);

struct Options {
    std::string bind;                      // "host:port" to listen on; empty: no listener (dial out only)
    std::string key_file = "p2p_key.pem";  // relative to the data directory
    std::vector<PeerEndpoint> peers;       // dialed, each kept connected
    std::vector<PeerKey> observer_keys;    // allowed to connect besides the validator set's P2P keys

    size_t max_message_bytes = kDefaultMaxMessageBytes;  // bound on a frame's length field (type + payload)
    size_t max_inbound = 64;                             // inbound connections, handshakes included

    // Per-peer outbound queue. Over either bound, queued tx gossip is dropped oldest first; if that is not
    // enough (consensus or sync frames fill it), the peer is too slow and is dropped.
    size_t send_queue_max_bytes = 64u << 20;
    size_t send_queue_max_messages = 4096;

    // Per-peer inbound token buckets; a peer that exceeds either is dropped as misbehaving.
    uint64_t rate_messages_per_s = 5000;
    uint64_t rate_burst_messages = 10000;
    uint64_t rate_bytes_per_s = 64u << 20;
    uint64_t rate_burst_bytes = 64u << 20;  // at least max_message_bytes, or one full block could never pass

    uint64_t handshake_timeout_ms = 5000;   // TCP connect + TLS + hello
    uint64_t idle_timeout_ms = 30000;       // no frame for this long: the peer is dropped
    uint64_t keepalive_interval_ms = 5000;  // a status frame is sent this often (below idle_timeout_ms)

    uint64_t reconnect_min_ms = 500;            // first retry delay; doubled per failure...
    uint64_t reconnect_max_ms = 30000;          // ...up to this, with jitter
    uint64_t reconnect_healthy_ms = 60000;      // a connection that lasted this long resets the delay
    uint64_t misbehaviour_backoff_ms = 300000;  // a peer dropped for misbehaviour is not dialed or accepted
};

// Splits "host:port" ("[v6]:port" for IPv6 literals). False if either part is missing or the port is not a
// decimal number up to 65535 (port 0 is accepted: the caller decides whether it means "any").
inline bool split_host_port(std::string_view address, std::string& host, uint16_t& port) {
    const size_t colon = address.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == address.size()) return false;
    std::string_view h = address.substr(0, colon);
    const std::string_view p = address.substr(colon + 1);
    if (h.front() == '[') {
        if (h.size() < 3 || h.back() != ']') return false;
        h = h.substr(1, h.size() - 2);
    } else if (h.find(':') != std::string_view::npos) {
        return false;  // an IPv6 literal needs brackets
    }
    if (p.size() > 5) return false;
    uint32_t value = 0;
    for (char c : p) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    if (value > 65535) return false;
    host = std::string(h);
    port = static_cast<uint16_t>(value);
    return true;
}

}  // namespace folio::p2p
