// The P2P transport: authenticated, bounded, typed frames between pinned peers (docs/p2p.md). It knows no
// consensus rule; the driver decides what messages mean and may report a peer (drop_peer).
//
// Every connection is TLS 1.3 with Ed25519 certificates both ways. A peer is accepted only if the raw public
// key of its certificate is in the allowed set (and, when we dialed it, is the key configured for that
// address), on the server side too: a TLS 1.3 client finishes its handshake before the server has judged its
// certificate, so the server checks the key before reading any frame and closes. Then each side sends a
// hello; another chain_id or protocol version drops the peer. One connection per peer key: of an
// inbound/outbound pair, the one dialed by the lower key is kept (both ends decide alike); of two dialed by
// the same node, the newer. A replaced connection reports no peer_down/peer_up (the peer never left).
//
// Threads: the transport runs one network thread of its own. Every callback runs on it, so a callback must
// return quickly (hand work to the driver's thread) and must not call stop(). All other methods may be called
// from any thread, callbacks included: they hand their work to the network thread and return at once.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chain/result.h"
#include "node/p2p/identity.h"
#include "node/p2p/messages.h"
#include "node/p2p/options.h"

namespace folio::p2p {

// Why a connection ended; counted per reason. Misbehaviour (is_misbehaviour) also bans the key for
// misbehaviour_backoff_ms: it is not dialed and its inbound connections are refused meanwhile.
enum class DropReason : uint8_t {
    key_not_allowed,   // its key is not in the allowed set, not the one pinned for the address, or our own
    banned,            // it is still backed off after misbehaving
    too_many_inbound,  // max_inbound connections are already open
    handshake_failed,  // TCP, TLS or hello did not complete (in time)
    wrong_chain,       // its hello names another chain_id
    protocol_version,  // its hello names another protocol version
    protocol,          // a frame other than hello first, or a second hello
    oversized_frame,   // a frame's length above max_message_bytes
    undecodable,       // an unknown type or a payload its decoder refuses
    rate_limited,      // more messages or bytes per second than the limits allow
    reported,          // the driver called drop_peer (a bad signature, a non-member's vote...)
    idle,              // no frame for idle_timeout_ms
    slow_peer,         // its outbound queue is full of frames that cannot be dropped
    removed,           // its key left the allowed set
    duplicate,         // another connection to the same key was kept
    connection_lost,   // the peer closed or the socket failed
    shutdown,          // stop()
};
inline constexpr size_t kDropReasonCount = static_cast<size_t>(DropReason::shutdown) + 1;
const char* drop_reason_name(DropReason reason);
bool is_misbehaviour(DropReason reason);

// Messages dropped without dropping a peer.
enum class MessageDrop : uint8_t {
    gossip_queue_full,  // a queued txs frame dropped, oldest first, to keep the outbound queue in bounds
    not_connected,      // send() to a key with no connection
};
inline constexpr size_t kMessageDropCount = static_cast<size_t>(MessageDrop::not_connected) + 1;
const char* message_drop_name(MessageDrop reason);

struct Counters {
    std::array<uint64_t, kDropReasonCount> peers_dropped{};
    std::array<uint64_t, kMessageDropCount> messages_dropped{};
    uint64_t messages_received = 0;  // frames delivered to on_message
    uint64_t dials = 0;              // outbound connection attempts
    uint64_t dial_failures = 0;      // attempts that ended before the peer was up
    uint64_t peer(DropReason r) const { return peers_dropped[static_cast<size_t>(r)]; }
    uint64_t message(MessageDrop r) const { return messages_dropped[static_cast<size_t>(r)]; }
};

enum class Direction : uint8_t { inbound, outbound };
const char* direction_name(Direction direction);

// A connected peer (both hellos exchanged), for net_peers.
struct PeerInfo {
    std::string name;  // from the allowed set; may be empty (an observer)
    PeerKey p2p_pubkey{};
    std::string address;  // remote "ip:port"
    Direction direction = Direction::inbound;
    uint64_t since_ms = 0;  // wall clock (Unix ms) when it came up
    NodeRole role = NodeRole::observer;
    Height height = 0;  // from its hello
};

struct AllowedPeer {
    PeerKey key{};
    std::string name;
};

enum class LogLevel { debug, info, warn };

struct Callbacks {
    // A decoded frame of any type but hello (which the transport consumes). On the network thread.
    std::function<void(const PeerKey& peer, MessageType type, const Message& message)> on_message;
    std::function<void(const PeerInfo& peer)> on_peer_up;
    std::function<void(const PeerKey& peer, DropReason reason)> on_peer_down;
    // One line per notable event (a peer up or dropped and why); may be empty.
    std::function<void(LogLevel level, std::string_view line)> on_log;
};

struct TransportConfig {
    Options options;
    ChainId chain_id{};
    NodeRole role = NodeRole::observer;
    StatusMessage status;  // the first status (its height goes into hello); set_status replaces it
};

class Transport {
  public:
    // `allowed` is every key that may connect: the validator set's P2P keys plus the observer keys.
    Transport(TransportConfig config, NodeIdentity identity, std::vector<AllowedPeer> allowed,
              Callbacks callbacks);
    ~Transport();  // stop()
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // Binds options.bind (if any), starts the network thread and dials options.peers. IO_ERROR naming the
    // address if it cannot listen; INVALID_ARGUMENT for a malformed address. Call once.
    Status start();
    // Closes every connection (each registered peer gets on_peer_down(shutdown)) and joins the network
    // thread. Idempotent; not from a callback.
    void stop();
    // The port listened on (the one the OS chose for port 0); 0 if not listening.
    uint16_t listen_port() const;

    // Queues a frame for one peer: INVALID_ARGUMENT for hello (the transport's own) or a frame above
    // max_message_bytes. A key with no connection counts a dropped message (not_connected).
    Status send(const PeerKey& peer, MessageType type, ByteView payload);
    Status send(const PeerKey& peer, const Message& message);
    // Queues one frame (encoded once) for every connected peer.
    Status broadcast(MessageType type, ByteView payload);
    Status broadcast(const Message& message);

    // Replaces the allowed set (a validator set change); connected peers outside it are dropped (removed).
    void set_allowed(std::vector<AllowedPeer> allowed);
    // What keep-alives carry from now on, and the height a hello announces.
    void set_status(StatusMessage status);
    // Drops a connected peer for misbehaviour the driver found: logged with `why`, counted as reported, and
    // the key is banned for misbehaviour_backoff_ms.
    void drop_peer(const PeerKey& peer, std::string why);

    std::vector<PeerInfo> peers() const;
    Counters counters() const;
    const PeerKey& public_key() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace folio::p2p
