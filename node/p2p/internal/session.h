// One TLS connection to a peer: handshake and key check, hello, the read loop with its bounds and rate
// limits, the bounded write queue, and the idle and keep-alive timers. Internal to the transport (Asio is
// confined to session.cpp and transport.cpp). Everything here runs on the network thread; no strand is needed
// because the transport's io_context has exactly one thread.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "node/p2p/identity.h"
#include "node/p2p/limits.h"
#include "node/p2p/transport.h"

namespace folio::p2p::internal {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using FramePtr = std::shared_ptr<const Bytes>;

class Session;

// What a session needs from the transport that owns it.
class SessionHost {
  public:
    virtual ~SessionHost() = default;
    virtual const Options& options() const = 0;
    virtual const ChainId& chain_id() const = 0;
    // Why a peer with this key may not connect now (expected: the key pinned for a dialed address), or
    // nullopt.
    virtual std::optional<DropReason> refuse_key(const PeerKey& key,
                                                 const std::optional<PeerKey>& expected) const = 0;
    virtual FramePtr hello_frame() const = 0;
    virtual FramePtr status_frame() const = 0;
    // Both hellos exchanged: register the session, or say why it must close (a duplicate).
    virtual std::optional<DropReason> on_session_ready(const std::shared_ptr<Session>& session) = 0;
    virtual void on_frame(Session& session, MessageType type, const Message& message) = 0;
    // Called once per session, whatever ended it.
    virtual void on_session_closed(Session& session, DropReason reason, const std::string& detail) = 0;
    virtual void count_message_drop(MessageDrop reason) = 0;
};

// Milliseconds of the steady clock (timeouts, rates) and of the wall clock (since_ms).
uint64_t steady_ms();
uint64_t wall_ms();

// The TLS context every session shares: TLS 1.3 only, Ed25519 signatures only, our certificate, no session
// tickets or resumption (a resumed session would skip the certificate, and with it the key check).
std::unique_ptr<asio::ssl::context> make_tls_context(const NodeIdentity& identity);

class Session : public std::enable_shared_from_this<Session> {
  public:
    // expected: the key pinned for the address we dialed (outbound only).
    Session(SessionHost& host, tcp::socket socket, asio::ssl::context& tls, Direction direction,
            std::optional<PeerKey> expected);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void start();
    // Queues a frame (tx gossip may be dropped to keep the queue in bounds; see Options).
    void send(FramePtr frame, MessageType type);
    // Ends the session: timers cancelled, the host told once, a TLS close_notify sent where the link allows,
    // then the socket closed. Later calls do nothing.
    void close(DropReason reason, const std::string& detail);

    bool is_open() const { return !closed_; }
    bool is_ready() const { return ready_; }
    Direction direction() const { return direction_; }
    // The peer's key, once TLS has completed (zero before).
    const PeerKey& key() const { return key_; }
    const std::string& address() const { return address_; }
    const Hello& peer_hello() const { return peer_hello_; }
    uint64_t up_since_steady_ms() const { return up_steady_ms_; }
    uint64_t up_since_wall_ms() const { return up_wall_ms_; }

  private:
    struct Outgoing {
        FramePtr frame;
        bool gossip = false;
    };

    bool on_verify(bool preverified, asio::ssl::verify_context& ctx);
    void on_handshake(const boost::system::error_code& ec);
    void read_header();
    void on_header(const boost::system::error_code& ec);
    void on_payload(const boost::system::error_code& ec);
    void handle_frame(MessageType type, const Message& message);
    void write_next();
    void on_write(const boost::system::error_code& ec);
    void send_close_notify();
    void close_socket();
    void arm_handshake_timer();
    void arm_idle_timer(uint64_t delay_ms);
    void arm_keepalive_timer();

    SessionHost& host_;
    asio::ssl::stream<tcp::socket> stream_;
    Direction direction_;
    std::optional<PeerKey> expected_;
    std::string address_;
    PeerKey key_{};
    std::optional<DropReason> refused_in_handshake_;
    Hello peer_hello_;
    bool hello_received_ = false;
    bool ready_ = false;
    bool closed_ = false;
    bool tls_up_ = false;         // the TLS handshake completed, so a close_notify can be sent
    bool socket_closed_ = false;  // close_socket() ran; the session only waits for its handlers to drain

    std::array<uint8_t, kFrameHeaderBytes> header_{};
    FrameHeader frame_;
    Bytes payload_;
    uint64_t last_frame_steady_ms_ = 0;
    TokenBucket message_bucket_;
    TokenBucket byte_bucket_;

    std::deque<Outgoing> queue_;
    size_t queued_bytes_ = 0;
    bool writing_ = false;

    asio::steady_timer handshake_timer_;
    asio::steady_timer idle_timer_;
    asio::steady_timer keepalive_timer_;
    uint64_t up_steady_ms_ = 0;
    uint64_t up_wall_ms_ = 0;
};

}  // namespace folio::p2p::internal
