// WebSocket sessions on Beast, in the style of Boost 1.74's example/websocket/server/async: do_x/on_x pairs,
// error_code first, the connection's strand serializing every handler. Calls on one session run concurrently
// up to max_ws_in_flight; their answers and the node's notifications share one bounded outgoing queue.
#include <atomic>
#include <deque>
#include <mutex>

#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "rpc/internal/server_core.h"

namespace folio::rpc::detail {
namespace {

namespace websocket = beast::websocket;
using Message = std::shared_ptr<const std::string>;

class WsSession;

// The node's handle on a session. It never keeps the session alive: a closed session is gone even while the
// node still holds this.
class WsChannel : public SessionChannel {
  public:
    WsChannel(uint64_t id, std::shared_ptr<Gate> gate, size_t max_messages, size_t max_bytes)
        : id_(id), gate_(std::move(gate)), max_messages_(max_messages), max_bytes_(max_bytes) {}

    bool notify(std::string_view subscription_id, const nlohmann::json& result) override;

    void on_close(std::function<void()> callback) override {
        std::unique_lock lock(mu_);
        if (!closed_callbacks_run_) {
            callbacks_.push_back(std::move(callback));
            return;
        }
        lock.unlock();
        callback();
    }

    bool is_open() const override { return !closing_.load(); }
    uint64_t id() const override { return id_; }

    void attach(std::weak_ptr<WsSession> session) { session_ = std::move(session); }

    // Accounts for one outgoing message; false if it would overflow the session's queue.
    bool reserve(size_t bytes) {
        size_t messages = queued_messages_.fetch_add(1) + 1;
        size_t total = queued_bytes_.fetch_add(bytes) + bytes;
        if (messages <= max_messages_ && total <= max_bytes_) return true;
        release(bytes);
        return false;
    }
    void release(size_t bytes) {
        queued_messages_.fetch_sub(1);
        queued_bytes_.fetch_sub(bytes);
    }

    // The session has ended: runs the close callbacks once (on a server thread, or in stop()).
    void mark_closed() {
        closing_.store(true);
        std::vector<std::function<void()>> callbacks;
        {
            std::lock_guard lock(mu_);
            if (closed_callbacks_run_) return;
            closed_callbacks_run_ = true;
            callbacks.swap(callbacks_);
        }
        for (auto& cb : callbacks) {
            try {
                cb();
            } catch (...) {
                // The node's callback failing must not take the server thread down.
            }
        }
    }

  private:
    void overflow();

    const uint64_t id_;
    std::shared_ptr<Gate> gate_;
    const size_t max_messages_;
    const size_t max_bytes_;
    std::weak_ptr<WsSession> session_;
    std::atomic<bool> closing_{false};
    std::atomic<size_t> queued_messages_{0};
    std::atomic<size_t> queued_bytes_{0};
    std::mutex mu_;
    bool closed_callbacks_run_ = false;
    std::vector<std::function<void()>> callbacks_;
};

class WsSession : public Abandonable, public std::enable_shared_from_this<WsSession> {
  public:
    WsSession(tcp::socket&& socket, std::shared_ptr<ServerCore> core,
              http::request<http::string_body> upgrade, Caller caller, std::string remote,
              std::unique_ptr<ConnectionSlot> slot)
        : ws_(std::move(socket)),
          executor_(ws_.get_executor()),
          core_(std::move(core)),
          upgrade_(std::move(upgrade)),
          caller_(std::move(caller)),
          remote_(std::move(remote)),
          slot_(std::move(slot)),
          id_(core_->next_id.fetch_add(1)),
          channel_(std::make_shared<WsChannel>(id_, core_->gate, core_->config.max_ws_queue_messages,
                                               core_->config.max_ws_queue_bytes)) {}

    ~WsSession() override {
        finish();
        core_->remove_session(id_);
    }

    void run() {
        core_->add_session(id_, weak_from_this());
        channel_->attach(weak_from_this());
        net::dispatch(ws_.get_executor(),
                      beast::bind_front_handler(&WsSession::do_accept, shared_from_this()));
    }

    void abandon() override {
        keepalive_.reset();
        finish();
    }

    // The connection's strand; fixed at construction, so other threads may read it.
    const auto& executor() const { return executor_; }

    // On the strand: a notification already accounted for by the channel.
    void enqueue(Message message) {
        if (closed_) return channel_->release(message->size());
        if (token_revoked()) {
            channel_->release(message->size());
            return close_revoked();
        }
        queue_.push_back(std::move(message));
        if (!writing_) do_write();
    }

    // On the strand: the outgoing queue overflowed. Closing the socket outright also ends a write that a
    // reader which stopped reading would otherwise keep pending forever.
    void disconnect_slow() {
        if (closed_) return;
        core_->metrics->websocket_slow_disconnect();
        core_->log("rpc: websocket session " + remote_ + " disconnected: outgoing queue full");
        beast::error_code ec;
        beast::get_lowest_layer(ws_).socket().close(ec);
        finish();
    }

  private:
    void do_accept() {
        websocket::stream_base::timeout timeout{};
        timeout.handshake_timeout = core_->config.read_timeout;
        timeout.idle_timeout = core_->config.idle_timeout;
        timeout.keep_alive_pings = true;
        beast::get_lowest_layer(ws_).expires_never();  // the websocket's own timeouts take over
        ws_.set_option(timeout);
        ws_.read_message_max(core_->config.max_ws_message_bytes);
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { res.set(http::field::server, "folio"); }));
        ws_.async_accept(upgrade_, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec) {
        if (ec) return finish();
        opened_ = true;
        core_->metrics->websocket_opened();
        do_read();
    }

    void do_read() {
        ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return finish();  // closed by the peer, too big, idle timeout, or reset
        std::string text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        if (token_revoked()) return close_revoked();

        ++in_flight_;
        keepalive_ = shared_from_this();  // reading may pause below; answers must still find us
        CallContext ctx{caller_.scope, caller_.token_name, remote_, Transport::WebSocket, channel_};
        // As for HTTP: the answer holds neither the session nor its executor, only what the gate lets it use.
        std::weak_ptr<WsSession> weak = keepalive_;
        auto gate = core_->gate;
        core_->handler->dispatcher().dispatch(text, ctx, [weak, gate](DispatchReply reply) {
            gate->run_if_open([&] {
                auto self = weak.lock();
                if (!self) return;
                auto executor = self->executor();
                net::dispatch(executor, [self = std::move(self), body = std::move(reply.body)]() mutable {
                    self->on_answer(std::move(body));
                });
            });
        });
        if (closed_) return;
        // Backpressure: a client that sends faster than calls complete waits in its own socket buffer.
        if (in_flight_ < core_->config.max_ws_in_flight) {
            do_read();
        } else {
            paused_ = true;
        }
    }

    void on_answer(std::string body) {
        --in_flight_;
        if (!body.empty() && !closed_) {
            auto message = std::make_shared<const std::string>(std::move(body));
            if (!channel_->reserve(message->size())) return disconnect_slow();
            enqueue(std::move(message));
        }
        if (paused_ && !closed_) {
            paused_ = false;
            do_read();
        }
        if (in_flight_ == 0) keepalive_.reset();  // the caller of this function holds a reference
    }

    void do_write() {
        writing_ = true;
        ws_.text(true);
        ws_.async_write(net::buffer(*queue_.front()),
                        beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        writing_ = false;
        channel_->release(queue_.front()->size());
        queue_.pop_front();
        if (ec) return finish();
        if (!queue_.empty() && !closed_) do_write();
    }

    // A session lives as long as its client keeps it, so its token is checked again at every message in or
    // out: once `foliod token revoke` has removed it, the next call or notification ends the session.
    bool token_revoked() const {
        if (!caller_.has_token) return false;
        return !core_->handler->authenticate(std::string(upgrade_[http::field::authorization])).has_value();
    }

    void close_revoked() {
        if (closed_) return;
        core_->log("rpc: websocket session " + remote_ + " closed: token \"" + caller_.token_name + "\" revoked");
        finish();
        if (writing_) {  // a close frame cannot be written while a write is pending: end the connection
            beast::error_code ec;
            beast::get_lowest_layer(ws_).socket().close(ec);
            return;
        }
        ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, "token revoked"),
                        [self = shared_from_this()](beast::error_code) {});
    }

    void finish() {
        if (closed_) return;
        closed_ = true;
        if (opened_) core_->metrics->websocket_closed();
        channel_->mark_closed();
    }

    websocket::stream<beast::tcp_stream> ws_;
    const beast::tcp_stream::executor_type executor_;
    beast::flat_buffer buffer_;
    std::shared_ptr<ServerCore> core_;
    http::request<http::string_body> upgrade_;
    Caller caller_;
    std::string remote_;
    std::unique_ptr<ConnectionSlot> slot_;
    const uint64_t id_;
    std::shared_ptr<WsChannel> channel_;
    std::deque<Message> queue_;
    std::shared_ptr<WsSession> keepalive_;
    size_t in_flight_ = 0;
    bool writing_ = false;
    bool paused_ = false;
    bool opened_ = false;
    bool closed_ = false;
};

bool WsChannel::notify(std::string_view subscription_id, const nlohmann::json& result) {
    if (closing_.load()) return false;
    nlohmann::json note = {{"jsonrpc", "2.0"},
                           {"method", "subscription"},
                           {"params", {{"subscription", subscription_id}, {"result", result}}}};
    auto message = std::make_shared<const std::string>(dump_json(note));
    size_t size = message->size();
    if (!reserve(size)) {
        overflow();
        return false;
    }
    bool posted = false;
    gate_->run_if_open([&] {
        if (auto session = session_.lock()) {
            // The reference moves into the handler: if the node's thread kept the last one, the session would
            // end (and run the node's on_close callbacks) on that thread, perhaps under the node's own lock.
            auto executor = session->executor();
            net::post(executor, [session = std::move(session), message] { session->enqueue(message); });
            posted = true;
        }
    });
    if (!posted) release(size);
    return posted;
}

void WsChannel::overflow() {
    // From now on the node sees the session as gone; the close callbacks run once the session has ended.
    closing_.store(true);
    gate_->run_if_open([&] {
        if (auto session = session_.lock()) {
            auto executor = session->executor();
            net::post(executor, [session = std::move(session)] { session->disconnect_slow(); });
        }
    });
}

}  // namespace

void start_websocket_session(std::shared_ptr<ServerCore> core, tcp::socket socket,
                             http::request<http::string_body> upgrade, Caller caller, std::string remote,
                             std::unique_ptr<ConnectionSlot> slot) {
    std::make_shared<WsSession>(std::move(socket), std::move(core), std::move(upgrade), std::move(caller),
                                std::move(remote), std::move(slot))
        ->run();
}

}  // namespace folio::rpc::detail
