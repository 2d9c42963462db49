// Listener and HTTP sessions on Beast, in the callback style of Boost 1.74's example/http/server/async: a
// listener and one session object per connection with do_x/on_x pairs, the error_code checked first, each
// connection's handlers serialized on its own strand. WebSocket sessions live in ws_session.cpp.
#include "rpc/server.h"

#include <algorithm>
#include <array>
#include <optional>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "rpc/internal/server_core.h"
#include "rpc/method.h"

namespace folio::rpc {
namespace detail {
namespace {

constexpr size_t kMaxRejecting = 64;  // 503 answers in progress; beyond, an excess connection is just closed
constexpr size_t kLingerDrainBytes =
    4 << 20;  // read and discarded after a refusal, so the peer sees our answer
constexpr auto kLingerTime = std::chrono::seconds(1);
// accept() failing (out of file descriptors) leaves the connection queued: wait rather than spin, and log
// the failures at most this often.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
constexpr auto kAcceptErrorLogInterval = std::chrono::seconds(10);

std::string endpoint_text(const tcp::endpoint& ep) {
    std::string addr = ep.address().to_string();
    if (ep.address().is_v6()) addr = "[" + addr + "]";
    return addr + ":" + std::to_string(ep.port());
}

std::string remote_of(const tcp::socket& socket) {
    beast::error_code ec;
    auto ep = socket.remote_endpoint(ec);
    return ec ? std::string() : endpoint_text(ep);
}

bool is_http_parse_error(const beast::error_code& ec) {
    return &ec.category() == &http::make_error_code(http::error::bad_target).category();
}

// Answers 503 to a connection over the limit, then closes it, without touching anyone else's.
class Rejecter : public std::enable_shared_from_this<Rejecter> {
  public:
    Rejecter(tcp::socket&& socket, std::shared_ptr<ServerCore> core)
        : stream_(std::move(socket)), core_(std::move(core)) {
        core_->rejecting.fetch_add(1);
        HttpResponse r = HttpHandler::refusal(503, "/", "the server is at its connection limit; retry later");
        response_ =
            "HTTP/1.1 503 Service Unavailable\r\nServer: folio\r\nContent-Type: application/json\r\n"
            "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
            std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
    }
    ~Rejecter() { core_->rejecting.fetch_sub(1); }

    void run() {
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&Rejecter::do_write, shared_from_this()));
    }

  private:
    void do_write() {
        core_->metrics->http_response(503);
        stream_.expires_after(
            std::min<std::chrono::milliseconds>(core_->config.write_timeout, std::chrono::seconds(2)));
        net::async_write(stream_, net::buffer(response_),
                         beast::bind_front_handler(&Rejecter::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.expires_after(kLingerTime);
        do_drain();
    }

    // Closing with unread request bytes would make the kernel send a reset, which can destroy our 503
    // before the peer reads it.
    void do_drain() {
        stream_.async_read_some(net::buffer(drain_),
                                beast::bind_front_handler(&Rejecter::on_drain, shared_from_this()));
    }

    void on_drain(beast::error_code ec, std::size_t n) {
        if (ec) return;
        drained_ += n;
        if (drained_ < kLingerDrainBytes) do_drain();
    }

    beast::tcp_stream stream_;
    std::shared_ptr<ServerCore> core_;
    std::string response_;
    std::array<char, 1024> drain_{};
    size_t drained_ = 0;
};

class HttpSession : public Abandonable, public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(tcp::socket&& socket, std::shared_ptr<ServerCore> core, std::unique_ptr<ConnectionSlot> slot)
        : stream_(std::move(socket)),
          executor_(stream_.get_executor()),
          core_(std::move(core)),
          slot_(std::move(slot)) {
        remote_ = remote_of(stream_.socket());
    }
    ~HttpSession() override { core_->remove_session(id_); }

    void run() {
        id_ = core_->next_id.fetch_add(1);
        core_->add_session(id_, weak_from_this());
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
    }

    void abandon() override { waiting_.reset(); }

  private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(core_->config.max_body_bytes);
        parser_->header_limit(static_cast<std::uint32_t>(core_->config.max_header_bytes));
        // A new connection, or bytes of the next request already buffered: the read timeout runs at once.
        // Otherwise the connection idles between keep-alive requests, under the longer idle timeout.
        if (first_ || buffer_.size() > 0) return do_read_request();
        stream_.expires_after(core_->config.idle_timeout);
        stream_.async_read_some(buffer_.prepare(1024),
                                beast::bind_front_handler(&HttpSession::on_idle_read, shared_from_this()));
    }

    void on_idle_read(beast::error_code ec, std::size_t n) {
        if (ec) return;  // idle timeout or the peer closed: the session ends and the socket closes
        buffer_.commit(n);
        do_read_request();
    }

    // One read_timeout covers the header, the 100 Continue and the body. A new connection's first header
    // must also come within the shorter first_request_timeout: a connection that sends nothing is released
    // quickly, whatever read_timeout allows a slow body.
    void do_read_request() {
        request_started_ = std::chrono::steady_clock::now();
        auto deadline = core_->config.read_timeout;
        if (first_) deadline = std::min(deadline, core_->config.first_request_timeout);
        stream_.expires_after(deadline);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t n) {
        if (ec == beast::error::timeout)
            return core_->metrics->connection_refused(first_ ? Refusal::FirstRequestTimeout
                                                             : Refusal::ReadTimeout);
        if (ec) return on_read(ec, n);
        if (first_) stream_.expires_at(request_started_ + core_->config.read_timeout);
        // curl and other clients hold a larger body back until the server says "100 Continue" (or a second
        // passes); a body over the limit has already failed above, so it is never invited.
        if (!parser_->is_done() && beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
            static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            net::async_write(stream_, net::buffer(kContinue),
                             beast::bind_front_handler(&HttpSession::on_continue, shared_from_this()));
            return;
        }
        do_read_body();
    }

    void on_continue(beast::error_code ec, std::size_t) {
        if (ec) return;
        do_read_body();
    }

    void do_read_body() {
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return do_close();
        if (ec == http::error::body_limit) {
            return send(
                HttpHandler::refusal(
                    413, "/", "request body over " + std::to_string(core_->config.max_body_bytes) + " bytes"),
                false);
        }
        if (ec == http::error::header_limit)
            return send(HttpHandler::refusal(431, "", "request header too large"), false);
        if (ec == beast::error::timeout) {  // a slow client: cut off without a word
            return core_->metrics->connection_refused(Refusal::ReadTimeout);
        }
        if (ec == http::error::partial_message) return;
        if (ec && is_http_parse_error(ec)) return send(HttpHandler::refusal(400, "", ec.message()), false);
        if (ec) return;
        first_ = false;
        handle_request(parser_->release());
    }

    void handle_request(http::request<http::string_body>&& req) {
        HttpRequest request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        request.authorization = std::string(req[http::field::authorization]);
        request.remote = remote_;
        bool keep_alive = req.keep_alive();

        if (beast::websocket::is_upgrade(req)) {
            if (target_path(request.target) != "/ws")
                return send(HttpHandler::refusal(404, "", "not found"), false);
            auto auth = core_->handler->authorize_upgrade(request);
            if (auto* refusal = std::get_if<HttpResponse>(&auth)) return send(std::move(*refusal), false);
            core_->metrics->http_response(101);
            start_websocket_session(core_, stream_.release_socket(), std::move(req), std::get<Caller>(auth),
                                    remote_, std::move(slot_));
            return;  // the WebSocket session owns the connection now; this object ends
        }

        request.body = std::move(req.body());
        head_ = req.method() == http::verb::head;
        // While a handler holds the request there is no pending I/O to keep this session alive.
        waiting_ = shared_from_this();
        // The answer may come from any thread, even after stop(): it holds neither the session nor its
        // executor (whose destruction touches the io_context), only what the gate lets it use.
        std::weak_ptr<HttpSession> weak = waiting_;
        auto gate = core_->gate;
        core_->handler->handle(request, [weak, gate, keep_alive](HttpResponse response) {
            gate->run_if_open([&] {
                auto self = weak.lock();
                if (!self) return;
                auto executor = self->executor_;
                net::dispatch(executor,
                              [self = std::move(self), response = std::move(response), keep_alive]() mutable {
                                  self->send(std::move(response), keep_alive);
                              });
            });
        });
    }

    void send(HttpResponse r, bool keep_alive) {
        waiting_.reset();  // safe: the caller holds a reference
        auto res =
            std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
        res->set(http::field::server, "folio");
        if (!r.content_type.empty()) res->set(http::field::content_type, r.content_type);
        for (const auto& [name, value] : r.headers) res->set(name, value);
        res->keep_alive(keep_alive);
        res->body() = std::move(r.body);
        res->prepare_payload();
        if (head_) res->body().clear();  // Content-Length stays that of the GET answer, as HEAD requires
        core_->metrics->http_response(r.status);
        response_ = res;
        stream_.expires_after(core_->config.write_timeout);
        http::async_write(stream_, *res,
                          beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), !keep_alive));
    }

    void on_write(bool close, beast::error_code ec, std::size_t) {
        if (ec) return;
        response_.reset();
        if (close) return do_linger();
        do_read();
    }

    // After a refusal the request may still be arriving: stop sending, read and discard for a moment, then
    // close.
    void do_linger() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.expires_after(kLingerTime);
        do_drain();
    }

    void do_drain() {
        stream_.async_read_some(net::buffer(drain_),
                                beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
    }

    void on_drain(beast::error_code ec, std::size_t n) {
        if (ec) return;
        drained_ += n;
        if (drained_ < kLingerDrainBytes) do_drain();
    }

    void do_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    const beast::tcp_stream::executor_type executor_;  // the connection's strand; read from other threads
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<ServerCore> core_;
    std::unique_ptr<ConnectionSlot> slot_;
    std::shared_ptr<http::response<http::string_body>> response_;
    std::shared_ptr<HttpSession> waiting_;
    std::string remote_;
    uint64_t id_ = 0;
    std::chrono::steady_clock::time_point request_started_;
    bool first_ = true;
    bool head_ = false;
    std::array<char, 1024> drain_{};
    size_t drained_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    Listener(net::io_context& ioc, std::shared_ptr<ServerCore> core)
        : ioc_(ioc),
          acceptor_(net::make_strand(ioc)),
          retry_(acceptor_.get_executor()),
          core_(std::move(core)) {}

    Status open(const tcp::endpoint& endpoint) {
        beast::error_code ec;
        auto fail = [&](std::string_view what) {
            return Status(make_error(Reason::UNAVAILABLE, "rpc listen on " + endpoint_text(endpoint) + ": " +
                                                              std::string(what) + ": " + ec.message()));
        };
        acceptor_.open(endpoint.protocol(), ec);
        if (ec) return fail("open");
        acceptor_.set_option(net::socket_base::reuse_address(true), ec);
        if (ec) return fail("set_option");
        acceptor_.bind(endpoint, ec);
        if (ec) return fail("bind");
        acceptor_.listen(net::socket_base::max_listen_connections, ec);
        if (ec) return fail("listen");
        return Status::success();
    }

    tcp::endpoint local_endpoint() const {
        beast::error_code ec;
        return acceptor_.local_endpoint(ec);
    }

    void run() { do_accept(); }

  private:
    void do_accept() {
        acceptor_.async_accept(net::make_strand(ioc_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

    // Never waits on a peer: a connection over a limit is refused here and now, so a flood from one source
    // costs an accept and a close per connection and delays nobody else's.
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (ec) return pause_accepting(ec);
        accept_errors_ = 0;
        beast::error_code peer_ec;
        const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
        if (peer_ec) return do_accept();  // already gone; the socket closes with this scope
        const SourceKey source = source_key(peer.address());
        if (!core_->sources.try_acquire(source, core_->config.max_connections_per_ip)) {
            // Closed without reading or writing: answering would let one source hold sockets in lingering
            // refusals. Its own other connections are served.
            core_->metrics->connection_refused(Refusal::PerIpLimit);
            socket.close(peer_ec);
        } else if (core_->connections.load() >= core_->config.max_connections) {
            core_->sources.release(source);
            core_->metrics->connection_refused(Refusal::GlobalLimit);
            if (core_->rejecting.load() < kMaxRejecting)
                std::make_shared<Rejecter>(std::move(socket), core_)->run();
        } else {
            core_->connections.fetch_add(1);
            auto slot = std::make_unique<ConnectionSlot>(core_, source);
            std::make_shared<HttpSession>(std::move(socket), core_, std::move(slot))->run();
        }
        do_accept();
    }

    // Out of file descriptors, typically: the connection stays queued in the kernel. Pause rather than spin,
    // keep serving the open connections (their closing frees descriptors), and retry.
    void pause_accepting(const beast::error_code& ec) {
        core_->metrics->accept_failed();
        ++accept_errors_;
        const auto now = std::chrono::steady_clock::now();
        if (accept_errors_ == 1 || now - last_error_log_ >= kAcceptErrorLogInterval) {
            core_->log("rpc accept: " + ec.message() + " (" + std::to_string(accept_errors_) +
                       " failures in a row); retrying every " +
                       std::to_string(std::chrono::milliseconds(kAcceptRetryDelay).count()) + " ms");
            last_error_log_ = now;
        }
        retry_.expires_after(kAcceptRetryDelay);
        retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
            if (!wait_ec) self->do_accept();
        });
    }

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_;
    std::shared_ptr<ServerCore> core_;
    uint64_t accept_errors_ = 0;  // in a row; the accept handlers run on the acceptor's strand
    std::chrono::steady_clock::time_point last_error_log_;
};

}  // namespace
}  // namespace detail

struct Server::Impl {
    std::shared_ptr<const MethodTable> table;
    std::shared_ptr<detail::ServerCore> core = std::make_shared<detail::ServerCore>();
    std::unique_ptr<detail::net::io_context> ioc;
    std::shared_ptr<detail::Listener> listener;
    std::vector<std::thread> threads;
    std::mutex mu;
    bool started = false;
    bool stopped = false;
    std::string address;
    uint16_t port = 0;
};

Server::Server(ServerConfig config, std::shared_ptr<const MethodTable> table, TokenStore tokens)
    : impl_(std::make_unique<Impl>()) {
    impl_->table = table;
    auto& core = *impl_->core;
    core.config = std::move(config);
    core.metrics = std::make_shared<ServerMetrics>(*table);
    core.handler =
        std::make_unique<HttpHandler>(core.config, std::move(table), std::move(tokens), core.metrics);
}

Server::~Server() {
    stop();
}

Result<std::string> Server::start() {
    namespace net = detail::net;
    std::lock_guard lock(impl_->mu);
    if (impl_->started) return make_error(Reason::UNAVAILABLE, "rpc server already started");
    const ServerConfig& config = impl_->core->config;
    if (Status limits = check_limits(config); !limits) return limits.error();
    detail::beast::error_code ec;
    std::string host = config.bind_address == "localhost" ? "127.0.0.1" : config.bind_address;
    auto address = net::ip::make_address(host, ec);
    if (ec)
        return make_error(Reason::INVALID_ARGUMENT,
                          "rpc bind address '" + config.bind_address + "': " + ec.message());

    unsigned n = std::max(1u, config.io_threads);
    impl_->ioc = std::make_unique<net::io_context>(static_cast<int>(n));
    impl_->listener = std::make_shared<detail::Listener>(*impl_->ioc, impl_->core);
    Status opened = impl_->listener->open(detail::tcp::endpoint(address, config.port));
    if (!opened) {
        impl_->listener.reset();
        impl_->ioc.reset();
        return opened.error();
    }
    auto bound = impl_->listener->local_endpoint();
    impl_->address = detail::endpoint_text(bound);
    impl_->port = bound.port();
    impl_->listener->run();
    for (unsigned i = 0; i < n; ++i) {
        impl_->threads.emplace_back([ioc = impl_->ioc.get(), core = impl_->core] {
            for (;;) {
                try {
                    ioc->run();
                    return;
                } catch (const std::exception& e) {
                    // A throwing handler is a bug; keep the other connections served.
                    core->log(std::string("rpc io thread: ") + e.what());
                }
            }
        });
    }
    impl_->started = true;
    return impl_->address;
}

void Server::stop() {
    std::lock_guard lock(impl_->mu);
    if (!impl_->started || impl_->stopped) return;
    impl_->stopped = true;
    impl_->core->gate->close();
    impl_->ioc->stop();
    for (auto& t : impl_->threads) t.join();
    impl_->threads.clear();

    std::vector<std::shared_ptr<detail::Abandonable>> live;
    {
        std::lock_guard sessions_lock(impl_->core->sessions_mu);
        for (auto& [id, weak] : impl_->core->sessions) {
            if (auto s = weak.lock()) live.push_back(std::move(s));
        }
    }
    for (auto& s : live) s->abandon();
    live.clear();
    impl_->listener.reset();
    // Destroying the io_context destroys the handlers still queued in it, and with them the sessions they
    // own.
    impl_->ioc.reset();
}

std::string Server::address() const {
    std::lock_guard lock(impl_->mu);
    return impl_->address;
}

uint16_t Server::port() const {
    std::lock_guard lock(impl_->mu);
    return impl_->port;
}

void Server::set_tokens(TokenStore tokens) {
    impl_->core->handler->set_tokens(std::move(tokens));
}

std::string Server::metrics_text() const {
    return impl_->core->metrics->render();
}

}  // namespace folio::rpc
