#include "node/p2p/internal/session.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <stdexcept>

namespace folio::p2p::internal {
namespace {

std::string endpoint_text(const tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    if (ec) return "?";
    const auto ip = ep.address();
    return (ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string()) + ":" + std::to_string(ep.port());
}

bool aborted(const boost::system::error_code& ec) {
    return ec == asio::error::operation_aborted;
}

// How long a closing session waits for its close_notify to be written (and the peer's answer) before the
// socket is closed anyway: the registry has forgotten the session already, so this delays nothing else.
constexpr uint64_t kCloseNotifyWaitMs = 250;

// Why a read ended, in words an operator can act on: a peer that said goodbye (TLS close_notify) is told
// from a connection cut under us, which is what a crash, a network failure or a truncation attack looks like.
std::string read_end_detail(const boost::system::error_code& ec) {
    if (ec == asio::error::eof) return "the peer closed the session (TLS close_notify)";
    if (ec == asio::ssl::error::stream_truncated) return "the connection was cut without a TLS close_notify";
    return ec.message();
}

}  // namespace

uint64_t steady_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
}

uint64_t wall_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

std::unique_ptr<asio::ssl::context> make_tls_context(const NodeIdentity& identity) {
    auto tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls);
    SSL_CTX* ctx = tls->native_handle();
    const bool ok = SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) == 1 &&
                    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) == 1 &&
                    SSL_CTX_set1_sigalgs_list(ctx, "ed25519") == 1 && SSL_CTX_set_num_tickets(ctx, 0) == 1 &&
                    SSL_CTX_use_certificate(ctx, identity.certificate()) == 1 &&
                    SSL_CTX_use_PrivateKey(ctx, identity.key()) == 1 && SSL_CTX_check_private_key(ctx) == 1;
    if (!ok) throw std::runtime_error("p2p: cannot set up the TLS 1.3 context");
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    return tls;
}

Session::Session(SessionHost& host, tcp::socket socket, asio::ssl::context& tls, Direction direction,
                 std::optional<PeerKey> expected)
    : host_(host),
      stream_(std::move(socket), tls),
      direction_(direction),
      expected_(expected),
      message_bucket_(host.options().rate_messages_per_s, host.options().rate_burst_messages, steady_ms()),
      byte_bucket_(host.options().rate_bytes_per_s, host.options().rate_burst_bytes, steady_ms()),
      handshake_timer_(stream_.get_executor()),
      idle_timer_(stream_.get_executor()),
      keepalive_timer_(stream_.get_executor()) {
    address_ = endpoint_text(stream_.next_layer());
    boost::system::error_code ignored;
    stream_.next_layer().set_option(tcp::no_delay(true), ignored);
}

void Session::start() {
    arm_handshake_timer();
    stream_.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    // The session outlives its handshake (the handler below holds it), so `this` is safe here.
    stream_.set_verify_callback(
        [this](bool preverified, asio::ssl::verify_context& ctx) { return on_verify(preverified, ctx); });
    const auto role =
        direction_ == Direction::outbound ? asio::ssl::stream_base::client : asio::ssl::stream_base::server;
    stream_.async_handshake(
        role, [self = shared_from_this()](const boost::system::error_code& ec) { self->on_handshake(ec); });
}

// Certificates are self-signed and carry no trust; only the leaf's key counts, so chain errors are ignored
// and the key decides. Refusing here makes TLS fail with an alert; on_handshake checks again, because a
// TLS 1.3 server's refusal reaches the client only after the client's handshake has completed.
bool Session::on_verify(bool /*preverified*/, asio::ssl::verify_context& ctx) {
    X509_STORE_CTX* store = ctx.native_handle();
    if (X509_STORE_CTX_get_error_depth(store) != 0) return true;
    const auto key = ed25519_key_of(X509_STORE_CTX_get_current_cert(store));
    if (!key) {
        refused_in_handshake_ = DropReason::key_not_allowed;
        return false;
    }
    key_ = *key;
    if (auto why = host_.refuse_key(*key, expected_)) {
        refused_in_handshake_ = why;
        return false;
    }
    return true;
}

void Session::on_handshake(const boost::system::error_code& ec) {
    if (closed_) return;
    if (ec) {
        if (refused_in_handshake_) {
            close(*refused_in_handshake_, "key " + peer_key_hex(key_) + " refused in the TLS handshake");
        } else {
            close(DropReason::handshake_failed, "TLS: " + ec.message());
        }
        return;
    }
    const auto key = ed25519_key_of(SSL_get0_peer_certificate(stream_.native_handle()));
    if (!key) {
        close(DropReason::key_not_allowed, "no Ed25519 certificate");
        return;
    }
    key_ = *key;
    tls_up_ = true;
    if (auto why = host_.refuse_key(key_, expected_)) {
        close(*why, "key " + peer_key_hex(key_) + " refused after the TLS handshake");
        return;
    }
    queue_.push_back(Outgoing{host_.hello_frame(), false});
    queued_bytes_ += queue_.back().frame->size();
    write_next();
    read_header();
}

void Session::read_header() {
    asio::async_read(
        stream_, asio::buffer(header_),
        [self = shared_from_this()](const boost::system::error_code& ec, size_t) { self->on_header(ec); });
}

void Session::on_header(const boost::system::error_code& ec) {
    if (closed_) return;
    if (ec) {
        close(DropReason::connection_lost, read_end_detail(ec));
        return;
    }
    const Options& o = host_.options();
    auto header = decode_frame_header(header_, o.max_message_bytes);
    if (!header) {
        close(header.reason() == Reason::TOO_LARGE ? DropReason::oversized_frame : DropReason::undecodable,
              header.error().message);
        return;
    }
    // Checked before the payload is read or allocated, so a flood costs us the 5 header bytes only.
    const uint64_t now = steady_ms();
    if (!message_bucket_.take(1, now)) {
        close(DropReason::rate_limited, "more than " + std::to_string(o.rate_messages_per_s) + " messages/s");
        return;
    }
    if (!byte_bucket_.take(kFrameHeaderBytes + header->payload_bytes, now)) {
        close(DropReason::rate_limited, "more than " + std::to_string(o.rate_bytes_per_s) + " bytes/s");
        return;
    }
    frame_ = *header;
    payload_.resize(frame_.payload_bytes);
    asio::async_read(
        stream_, asio::buffer(payload_),
        [self = shared_from_this()](const boost::system::error_code& ec, size_t) { self->on_payload(ec); });
}

void Session::on_payload(const boost::system::error_code& ec) {
    if (closed_) return;
    if (ec) {
        close(DropReason::connection_lost, read_end_detail(ec));
        return;
    }
    last_frame_steady_ms_ = steady_ms();
    auto message = decode_payload(frame_.type, payload_);
    // A block-sized buffer is not kept for the small frames that follow.
    if (payload_.capacity() > (1u << 20)) Bytes().swap(payload_);
    if (!message) {
        close(DropReason::undecodable, message.error().message);
        return;
    }
    handle_frame(frame_.type, *message);
    if (!closed_) read_header();
}

void Session::handle_frame(MessageType type, const Message& message) {
    if (!hello_received_) {
        if (type != MessageType::hello) {
            close(DropReason::protocol,
                  std::string("first frame is ") + message_type_name(type) + ", not hello");
            return;
        }
        const Hello& hello = std::get<Hello>(message);
        if (hello.chain_id != host_.chain_id()) {
            close(DropReason::wrong_chain,
                  "its chain_id is " + to_hex(hello.chain_id) + ", ours " + to_hex(host_.chain_id()));
            return;
        }
        if (hello.protocol_version != kProtocolVersion) {
            close(DropReason::protocol_version, "its protocol version is " +
                                                    std::to_string(hello.protocol_version) + ", ours " +
                                                    std::to_string(kProtocolVersion));
            return;
        }
        peer_hello_ = hello;
        hello_received_ = true;
        handshake_timer_.cancel();
        ready_ = true;
        up_steady_ms_ = last_frame_steady_ms_;
        up_wall_ms_ = wall_ms();
        arm_idle_timer(host_.options().idle_timeout_ms);
        arm_keepalive_timer();
        if (auto refused = host_.on_session_ready(shared_from_this())) {
            close(*refused, "another connection to this peer is kept");
        }
        return;
    }
    if (type == MessageType::hello) {
        close(DropReason::protocol, "a second hello");
        return;
    }
    host_.on_frame(*this, type, message);
}

void Session::send(FramePtr frame, MessageType type) {
    if (closed_) return;
    const Options& o = host_.options();
    queued_bytes_ += frame->size();
    queue_.push_back(Outgoing{std::move(frame), type == MessageType::txs});
    // Tx gossip is redundant (it is gossiped again and block sync carries txs anyway), so it goes first; a
    // queue full of consensus and sync frames means the peer cannot keep up, and it is dropped.
    while (queue_.size() > o.send_queue_max_messages || queued_bytes_ > o.send_queue_max_bytes) {
        auto it = queue_.begin() + (writing_ ? 1 : 0);  // the frame being written stays
        while (it != queue_.end() && !it->gossip) ++it;
        if (it == queue_.end()) {
            close(DropReason::slow_peer, "outbound queue over " + std::to_string(o.send_queue_max_messages) +
                                             " frames or " + std::to_string(o.send_queue_max_bytes) +
                                             " bytes");
            return;
        }
        queued_bytes_ -= it->frame->size();
        queue_.erase(it);
        host_.count_message_drop(MessageDrop::gossip_queue_full);
    }
    write_next();
}

void Session::write_next() {
    if (writing_ || queue_.empty() || closed_) return;
    writing_ = true;
    asio::async_write(
        stream_, asio::buffer(*queue_.front().frame),
        [self = shared_from_this()](const boost::system::error_code& ec, size_t) { self->on_write(ec); });
}

void Session::on_write(const boost::system::error_code& ec) {
    writing_ = false;
    if (closed_) return;
    if (ec) {
        close(DropReason::connection_lost, ec.message());
        return;
    }
    queued_bytes_ -= queue_.front().frame->size();
    queue_.pop_front();
    write_next();
}

void Session::close(DropReason reason, const std::string& detail) {
    if (closed_) return;
    closed_ = true;
    handshake_timer_.cancel();
    idle_timer_.cancel();
    keepalive_timer_.cancel();
    // A peer we drop is told so with a close_notify, unless the link is gone already or a frame is half
    // written (an alert after a partial record would be a corrupt stream, not a goodbye).
    const bool say_goodbye = tls_up_ && !writing_ && reason != DropReason::connection_lost;
    if (say_goodbye) {
        send_close_notify();
    } else {
        close_socket();
    }
    host_.on_session_closed(*this, reason, detail);
}

void Session::send_close_notify() {
    // The pending read is cancelled first and the shutdown posted behind its aborted completion, so that the
    // TLS stream never has a read and a shutdown in flight at once.
    boost::system::error_code ignored;
    stream_.next_layer().cancel(ignored);
    // The handshake timer is free once the session is closed; it bounds the goodbye instead.
    handshake_timer_.expires_after(std::chrono::milliseconds(kCloseNotifyWaitMs));
    handshake_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!aborted(ec)) self->close_socket();
    });
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
        if (self->socket_closed_) return;
        self->stream_.async_shutdown([self](const boost::system::error_code&) { self->close_socket(); });
    });
}

void Session::close_socket() {
    if (socket_closed_) return;
    socket_closed_ = true;
    handshake_timer_.cancel();
    boost::system::error_code ignored;
    stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.next_layer().close(ignored);
}

void Session::arm_handshake_timer() {
    handshake_timer_.expires_after(std::chrono::milliseconds(host_.options().handshake_timeout_ms));
    handshake_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (aborted(ec) || self->closed_ || self->hello_received_) return;
        self->close(DropReason::handshake_failed,
                    "no TLS handshake and hello within " +
                        std::to_string(self->host_.options().handshake_timeout_ms) + " ms");
    });
}

void Session::arm_idle_timer(uint64_t delay_ms) {
    idle_timer_.expires_after(std::chrono::milliseconds(delay_ms));
    idle_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (aborted(ec) || self->closed_) return;
        const uint64_t idle = self->host_.options().idle_timeout_ms;
        const uint64_t silent = steady_ms() - self->last_frame_steady_ms_;
        if (silent >= idle) {
            self->close(DropReason::idle, "no frame for " + std::to_string(silent) + " ms");
            return;
        }
        self->arm_idle_timer(idle - silent);
    });
}

void Session::arm_keepalive_timer() {
    keepalive_timer_.expires_after(std::chrono::milliseconds(host_.options().keepalive_interval_ms));
    keepalive_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (aborted(ec) || self->closed_) return;
        self->send(self->host_.status_frame(), MessageType::status);
        if (!self->closed_) self->arm_keepalive_timer();
    });
}

}  // namespace folio::p2p::internal
