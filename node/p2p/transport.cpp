// The transport's network thread: the listener, the dialers with their backoff, the registry of connected
// peers (one per key) and the API calls handed over from other threads. Sessions are in session.cpp.
#include "node/p2p/transport.h"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "node/p2p/internal/session.h"

namespace folio::p2p {

using internal::FramePtr;
using internal::Session;
using internal::steady_ms;
namespace asio = internal::asio;
using tcp = internal::tcp;

class Transport::Impl final : public internal::SessionHost {
  public:
    Impl(TransportConfig config, NodeIdentity identity, std::vector<AllowedPeer> allowed, Callbacks callbacks)
        : config_(std::move(config)),
          identity_(std::move(identity)),
          callbacks_(std::move(callbacks)),
          tls_(internal::make_tls_context(identity_)),
          acceptor_(io_),
          rng_(std::random_device{}()) {
        for (auto& a : allowed) allowed_[a.key] = std::move(a.name);
        status_ = config_.status;
        rebuild_frames();
    }

    Status start();
    void stop();
    uint16_t listen_port() const { return listen_port_.load(); }
    Status send(const PeerKey& peer, MessageType type, ByteView payload);
    Status broadcast(MessageType type, ByteView payload);
    void set_allowed(std::vector<AllowedPeer> allowed);
    void set_status(StatusMessage status);
    void drop_peer(const PeerKey& peer, std::string why);
    std::vector<PeerInfo> peers() const {
        std::lock_guard lock(peers_mutex_);
        return peers_;
    }
    Counters counters() const;
    const PeerKey& public_key() const { return identity_.public_key(); }

    // SessionHost, on the network thread.
    const Options& options() const override { return config_.options; }
    const ChainId& chain_id() const override { return config_.chain_id; }
    std::optional<DropReason> refuse_key(const PeerKey& key,
                                         const std::optional<PeerKey>& expected) const override;
    FramePtr hello_frame() const override { return hello_frame_; }
    FramePtr status_frame() const override { return status_frame_; }
    std::optional<DropReason> on_session_ready(const std::shared_ptr<Session>& session) override;
    void on_frame(Session& session, MessageType type, const Message& message) override;
    void on_session_closed(Session& session, DropReason reason, const std::string& detail) override;
    void count_message_drop(MessageDrop reason) override { ++messages_dropped_[static_cast<size_t>(reason)]; }

  private:
    struct Dialer {
        Dialer(asio::io_context& io, PeerEndpoint e, std::string h, uint16_t p)
            : endpoint(std::move(e)),
              host(std::move(h)),
              port(p),
              retry_timer(io),
              connect_timer(io),
              resolver(io) {}
        PeerEndpoint endpoint;
        std::string host;
        uint16_t port;
        unsigned failures = 0;
        uint64_t attempt = 0;  // tells a stale connect timeout from the current attempt's
        bool busy = false;     // resolving, connecting, or its session is open
        bool retry_pending = false;
        asio::steady_timer retry_timer;
        asio::steady_timer connect_timer;
        tcp::resolver resolver;
        std::unique_ptr<tcp::socket> socket;
        const Session* session = nullptr;
    };

    void log(LogLevel level, const std::string& line) const {
        if (callbacks_.on_log) callbacks_.on_log(level, line);
    }
    void rebuild_frames();
    void accept_next();
    void dial(Dialer& d);
    void dial_failed(Dialer& d, const std::string& why);
    void schedule_dial(Dialer& d);
    Dialer* dialer_for(const PeerKey& key);
    void publish_peers();
    PeerInfo info_of(const Session& s) const;
    // Which node dialed a session: the connection kept of a pair is the one dialed by the lower key.
    const PeerKey& dialer_key(const Session& s) const {
        return s.direction() == Direction::outbound ? identity_.public_key() : s.key();
    }
    std::vector<std::shared_ptr<Session>> open_sessions() const {
        return std::vector<std::shared_ptr<Session>>(sessions_.begin(), sessions_.end());
    }

    // Declared first so that it is destroyed last, after everything holding its sockets and timers.
    asio::io_context io_;
    TransportConfig config_;
    NodeIdentity identity_;
    Callbacks callbacks_;
    std::unique_ptr<asio::ssl::context> tls_;
    tcp::acceptor acceptor_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::thread thread_;
    std::atomic<uint16_t> listen_port_{0};
    bool started_ = false;
    bool stopped_ = false;

    // Network thread only.
    std::map<PeerKey, std::string> allowed_;
    std::map<PeerKey, uint64_t> banned_until_ms_;
    std::set<std::shared_ptr<Session>> sessions_;
    std::map<PeerKey, std::shared_ptr<Session>> registered_;
    std::vector<std::unique_ptr<Dialer>> dialers_;
    size_t inbound_open_ = 0;
    StatusMessage status_;
    FramePtr hello_frame_;
    FramePtr status_frame_;
    bool stopping_ = false;
    std::mt19937_64 rng_;

    // Any thread.
    mutable std::mutex peers_mutex_;
    std::vector<PeerInfo> peers_;
    std::array<std::atomic<uint64_t>, kDropReasonCount> peers_dropped_{};
    std::array<std::atomic<uint64_t>, kMessageDropCount> messages_dropped_{};
    std::atomic<uint64_t> messages_received_{0};
    std::atomic<uint64_t> dials_{0};
    std::atomic<uint64_t> dial_failures_{0};
};

void Transport::Impl::rebuild_frames() {
    const Hello hello{config_.chain_id, kProtocolVersion, config_.role, status_.height};
    hello_frame_ = std::make_shared<const Bytes>(encode_frame(Message(hello)));
    status_frame_ = std::make_shared<const Bytes>(encode_frame(Message(status_)));
}

Status Transport::Impl::start() {
    if (started_) return make_error(Reason::INTERNAL, "p2p: start called twice");
    started_ = true;
    const Options& o = config_.options;
    if (!o.bind.empty()) {
        std::string host;
        uint16_t port = 0;
        if (!split_host_port(o.bind, host, port)) {
            return make_error(Reason::INVALID_ARGUMENT, "p2p_bind: \"" + o.bind + "\" is not host:port");
        }
        boost::system::error_code ec;
        tcp::resolver resolver(io_);
        const auto found = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
        if (ec || found.empty())
            return make_error(Reason::IO_ERROR, "p2p_bind " + o.bind + ": " + ec.message());
        const tcp::endpoint ep = found.begin()->endpoint();
        acceptor_.open(ep.protocol(), ec);
        if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor_.bind(ep, ec);
        if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) return make_error(Reason::IO_ERROR, "p2p_bind " + o.bind + ": " + ec.message());
        listen_port_ = acceptor_.local_endpoint(ec).port();
    }
    for (const auto& peer : o.peers) {
        std::string host;
        uint16_t port = 0;
        if (!split_host_port(peer.address, host, port) || port == 0) {
            return make_error(Reason::INVALID_ARGUMENT,
                              "p2p_peers: \"" + peer.address + "\" is not host:port");
        }
        dialers_.push_back(std::make_unique<Dialer>(io_, peer, host, port));
    }
    work_.emplace(io_.get_executor());
    thread_ = std::thread([this] {
        for (;;) {
            try {
                io_.run();
                return;
            } catch (const std::exception& e) {
                // A callback threw: the driver's bug, but one peer's message must not stop the network.
                log(LogLevel::warn, std::string("p2p: a handler threw: ") + e.what());
            }
        }
    });
    asio::post(io_, [this] {
        if (acceptor_.is_open()) accept_next();
        for (auto& d : dialers_) dial(*d);
    });
    return Status::success();
}

void Transport::Impl::stop() {
    if (!thread_.joinable() || stopped_) return;
    stopped_ = true;
    asio::post(io_, [this] {
        stopping_ = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        for (auto& d : dialers_) {
            d->retry_timer.cancel();
            d->connect_timer.cancel();
            d->resolver.cancel();
            if (d->socket) d->socket->close(ignored);
        }
        for (auto& s : open_sessions()) s->close(DropReason::shutdown, "the node is stopping");
    });
    work_.reset();
    thread_.join();
}

void Transport::Impl::accept_next() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
        if (stopping_) return;
        if (ec) {
            if (ec != asio::error::operation_aborted) accept_next();
            return;
        }
        if (inbound_open_ >= config_.options.max_inbound) {
            ++peers_dropped_[static_cast<size_t>(DropReason::too_many_inbound)];
            log(LogLevel::info,
                "p2p: inbound connection refused: " + std::to_string(inbound_open_) + " already open");
            boost::system::error_code ignored;
            socket.close(ignored);
        } else {
            ++inbound_open_;
            auto session =
                std::make_shared<Session>(*this, std::move(socket), *tls_, Direction::inbound, std::nullopt);
            sessions_.insert(session);
            session->start();
        }
        accept_next();
    });
}

void Transport::Impl::dial(Dialer& d) {
    if (stopping_ || d.busy) return;
    const PeerKey& key = d.endpoint.p2p_pubkey;
    // Already connected (either way): it is dialed again when that connection ends. Not allowed: set_allowed
    // comes back to it. Banned: retried when the ban ends.
    if (registered_.count(key) || !allowed_.count(key)) return;
    const auto ban = banned_until_ms_.find(key);
    if (ban != banned_until_ms_.end() && ban->second > steady_ms()) {
        schedule_dial(d);
        return;
    }
    d.busy = true;
    ++dials_;
    const uint64_t attempt = ++d.attempt;
    d.connect_timer.expires_after(std::chrono::milliseconds(config_.options.handshake_timeout_ms));
    d.connect_timer.async_wait([&d, attempt](const boost::system::error_code& ec) {
        // Cancelled, or an earlier attempt's timer: the connection was made or failed first.
        if (ec || attempt != d.attempt || !d.busy || d.session != nullptr) return;
        d.resolver.cancel();
        boost::system::error_code ignored;
        if (d.socket) d.socket->close(ignored);
    });
    d.resolver.async_resolve(
        d.host, std::to_string(d.port),
        [this, &d](const boost::system::error_code& ec, tcp::resolver::results_type results) {
            if (ec) {
                dial_failed(d, "cannot resolve " + d.endpoint.address + ": " + ec.message());
                return;
            }
            d.socket = std::make_unique<tcp::socket>(io_);
            asio::async_connect(
                *d.socket, results, [this, &d](const boost::system::error_code& ec, const tcp::endpoint&) {
                    d.connect_timer.cancel();
                    if (ec || stopping_) {
                        dial_failed(d, "cannot connect to " + d.endpoint.address + ": " + ec.message());
                        return;
                    }
                    auto session = std::make_shared<Session>(*this, std::move(*d.socket), *tls_,
                                                             Direction::outbound, d.endpoint.p2p_pubkey);
                    d.socket.reset();
                    d.session = session.get();
                    sessions_.insert(session);
                    session->start();
                });
        });
}

void Transport::Impl::dial_failed(Dialer& d, const std::string& why) {
    d.connect_timer.cancel();
    d.busy = false;
    d.socket.reset();
    ++d.failures;
    ++dial_failures_;
    log(LogLevel::debug, "p2p: " + why);
    schedule_dial(d);
}

void Transport::Impl::schedule_dial(Dialer& d) {
    if (stopping_ || d.busy || d.retry_pending) return;
    const Options& o = config_.options;
    uint64_t delay = reconnect_delay_ms(o.reconnect_min_ms, o.reconnect_max_ms, d.failures, rng_());
    const auto ban = banned_until_ms_.find(d.endpoint.p2p_pubkey);
    const uint64_t now = steady_ms();
    if (ban != banned_until_ms_.end() && ban->second > now) delay = std::max(delay, ban->second - now);
    d.retry_pending = true;
    d.retry_timer.expires_after(std::chrono::milliseconds(delay));
    d.retry_timer.async_wait([this, &d](const boost::system::error_code& ec) {
        d.retry_pending = false;
        if (ec) return;
        dial(d);
    });
}

Transport::Impl::Dialer* Transport::Impl::dialer_for(const PeerKey& key) {
    for (auto& d : dialers_) {
        if (d->endpoint.p2p_pubkey == key) return d.get();
    }
    return nullptr;
}

std::optional<DropReason> Transport::Impl::refuse_key(const PeerKey& key,
                                                      const std::optional<PeerKey>& expected) const {
    if (key == identity_.public_key()) return DropReason::key_not_allowed;  // a connection to ourselves
    if (expected && key != *expected) return DropReason::key_not_allowed;
    if (!allowed_.count(key)) return DropReason::key_not_allowed;
    const auto ban = banned_until_ms_.find(key);
    if (ban != banned_until_ms_.end() && ban->second > steady_ms()) return DropReason::banned;
    return std::nullopt;
}

std::optional<DropReason> Transport::Impl::on_session_ready(const std::shared_ptr<Session>& session) {
    if (stopping_) return DropReason::shutdown;
    // The set may have changed between the TLS handshake and the hello.
    if (auto why = refuse_key(session->key(), std::nullopt)) return why;
    auto it = registered_.find(session->key());
    if (it != registered_.end()) {
        const std::shared_ptr<Session> kept = it->second;
        const bool same_dialer = dialer_key(*kept) == dialer_key(*session);
        // Both ends apply the same rule to the same pair, so they keep the same connection.
        if (!same_dialer && !(dialer_key(*session) < dialer_key(*kept))) return DropReason::duplicate;
        it->second = session;
        kept->close(DropReason::duplicate, "replaced by another connection to the same peer");
        publish_peers();
        return std::nullopt;
    }
    registered_[session->key()] = session;
    publish_peers();
    log(LogLevel::info, "p2p: peer " + peer_key_hex(session->key()) + " up (" +
                            direction_name(session->direction()) + ", " + session->address() + ")");
    if (callbacks_.on_peer_up) callbacks_.on_peer_up(info_of(*session));
    return std::nullopt;
}

void Transport::Impl::on_frame(Session& session, MessageType type, const Message& message) {
    ++messages_received_;
    if (callbacks_.on_message) callbacks_.on_message(session.key(), type, message);
}

void Transport::Impl::on_session_closed(Session& session, DropReason reason, const std::string& detail) {
    // Whoever called close() holds the session, so erasing it here does not destroy it under its own call.
    const std::shared_ptr<Session> self = session.shared_from_this();
    sessions_.erase(self);
    if (session.direction() == Direction::inbound) --inbound_open_;
    ++peers_dropped_[static_cast<size_t>(reason)];
    const PeerKey& key = session.key();
    const auto it = registered_.find(key);
    const bool was_registered = it != registered_.end() && it->second == self;
    if (was_registered) {
        registered_.erase(it);
        publish_peers();
    }
    if (is_misbehaviour(reason) && key != PeerKey{}) {
        banned_until_ms_[key] = steady_ms() + config_.options.misbehaviour_backoff_ms;
    }
    const bool quiet = reason == DropReason::shutdown || reason == DropReason::duplicate;
    log(is_misbehaviour(reason) ? LogLevel::warn : (quiet ? LogLevel::debug : LogLevel::info),
        "p2p: peer " + (key == PeerKey{} ? std::string("?") : peer_key_hex(key)) + " (" + session.address() +
            ", " + direction_name(session.direction()) + ") dropped: " + drop_reason_name(reason) + ": " +
            detail);
    if (was_registered && callbacks_.on_peer_down) callbacks_.on_peer_down(key, reason);

    if (stopping_) return;
    for (auto& d : dialers_) {
        if (d->session != &session) continue;
        d->session = nullptr;
        d->busy = false;
        if (!session.is_ready()) {
            ++d->failures;
            ++dial_failures_;
        } else if (steady_ms() - session.up_since_steady_ms() >= config_.options.reconnect_healthy_ms) {
            d->failures = 0;
        }
        schedule_dial(*d);
    }
    // Whatever connection carried a configured peer, losing it means dialing that peer again.
    if (was_registered) {
        if (Dialer* d = dialer_for(key)) schedule_dial(*d);
    }
}

PeerInfo Transport::Impl::info_of(const Session& s) const {
    PeerInfo info;
    const auto name = allowed_.find(s.key());
    if (name != allowed_.end()) info.name = name->second;
    info.p2p_pubkey = s.key();
    info.address = s.address();
    info.direction = s.direction();
    info.since_ms = s.up_since_wall_ms();
    info.role = s.peer_hello().role;
    info.height = s.peer_hello().height;
    return info;
}

void Transport::Impl::publish_peers() {
    std::vector<PeerInfo> list;
    list.reserve(registered_.size());
    for (const auto& [key, s] : registered_) list.push_back(info_of(*s));
    std::lock_guard lock(peers_mutex_);
    peers_ = std::move(list);
}

Status Transport::Impl::send(const PeerKey& peer, MessageType type, ByteView payload) {
    if (type == MessageType::hello)
        return make_error(Reason::INVALID_ARGUMENT, "p2p: hello is the transport's own");
    if (payload.size() + 1 > config_.options.max_message_bytes) {
        return make_error(Reason::TOO_LARGE, std::string("p2p: ") + message_type_name(type) + " of " +
                                                 std::to_string(payload.size()) +
                                                 " bytes exceeds p2p_max_message_bytes");
    }
    auto frame = std::make_shared<const Bytes>(encode_frame(type, payload));
    asio::post(io_, [this, peer, type, frame] {
        const auto it = registered_.find(peer);
        if (it == registered_.end()) {
            count_message_drop(MessageDrop::not_connected);
            return;
        }
        const std::shared_ptr<Session> s = it->second;
        s->send(frame, type);
    });
    return Status::success();
}

Status Transport::Impl::broadcast(MessageType type, ByteView payload) {
    if (type == MessageType::hello)
        return make_error(Reason::INVALID_ARGUMENT, "p2p: hello is the transport's own");
    if (payload.size() + 1 > config_.options.max_message_bytes) {
        return make_error(Reason::TOO_LARGE, std::string("p2p: ") + message_type_name(type) + " of " +
                                                 std::to_string(payload.size()) +
                                                 " bytes exceeds p2p_max_message_bytes");
    }
    auto frame = std::make_shared<const Bytes>(encode_frame(type, payload));
    asio::post(io_, [this, type, frame] {
        std::vector<std::shared_ptr<Session>> targets;
        for (const auto& [key, s] : registered_) targets.push_back(s);
        for (auto& s : targets) s->send(frame, type);
    });
    return Status::success();
}

void Transport::Impl::set_allowed(std::vector<AllowedPeer> allowed) {
    asio::post(io_, [this, allowed = std::move(allowed)] {
        allowed_.clear();
        for (const auto& a : allowed) allowed_[a.key] = a.name;
        for (auto& s : open_sessions()) {
            if (s->key() != PeerKey{} && !allowed_.count(s->key())) {
                s->close(DropReason::removed, "its key left the allowed set");
            }
        }
        publish_peers();  // names may have changed
        for (auto& d : dialers_) schedule_dial(*d);
    });
}

void Transport::Impl::set_status(StatusMessage status) {
    asio::post(io_, [this, status = std::move(status)] {
        status_ = status;
        rebuild_frames();
    });
}

void Transport::Impl::drop_peer(const PeerKey& peer, std::string why) {
    asio::post(io_, [this, peer, why = std::move(why)] {
        const auto it = registered_.find(peer);
        if (it == registered_.end()) return;
        const std::shared_ptr<Session> s = it->second;
        s->close(DropReason::reported, why);
    });
}

Counters Transport::Impl::counters() const {
    Counters c;
    for (size_t i = 0; i < kDropReasonCount; ++i) c.peers_dropped[i] = peers_dropped_[i].load();
    for (size_t i = 0; i < kMessageDropCount; ++i) c.messages_dropped[i] = messages_dropped_[i].load();
    c.messages_received = messages_received_.load();
    c.dials = dials_.load();
    c.dial_failures = dial_failures_.load();
    return c;
}

Transport::Transport(TransportConfig config, NodeIdentity identity, std::vector<AllowedPeer> allowed,
                     Callbacks callbacks)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(identity), std::move(allowed),
                                   std::move(callbacks))) {}
Transport::~Transport() {
    impl_->stop();
}
Status Transport::start() {
    return impl_->start();
}
void Transport::stop() {
    impl_->stop();
}
uint16_t Transport::listen_port() const {
    return impl_->listen_port();
}
Status Transport::send(const PeerKey& peer, MessageType type, ByteView payload) {
    return impl_->send(peer, type, payload);
}
Status Transport::send(const PeerKey& peer, const Message& message) {
    return impl_->send(peer, type_of(message), encode_payload(message));
}
Status Transport::broadcast(MessageType type, ByteView payload) {
    return impl_->broadcast(type, payload);
}
Status Transport::broadcast(const Message& message) {
    return impl_->broadcast(type_of(message), encode_payload(message));
}
void Transport::set_allowed(std::vector<AllowedPeer> allowed) {
    impl_->set_allowed(std::move(allowed));
}
void Transport::set_status(StatusMessage status) {
    impl_->set_status(std::move(status));
}
void Transport::drop_peer(const PeerKey& peer, std::string why) {
    impl_->drop_peer(peer, std::move(why));
}
std::vector<PeerInfo> Transport::peers() const {
    return impl_->peers();
}
Counters Transport::counters() const {
    return impl_->counters();
}
const PeerKey& Transport::public_key() const {
    return impl_->public_key();
}

}  // namespace folio::p2p
