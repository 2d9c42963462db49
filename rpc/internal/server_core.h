// Shared by the two Beast translation units of the server (server.cpp: listener and HTTP sessions;
// ws_session.cpp: WebSocket sessions). Not a public header: it pulls in Beast, which costs ~20 s per TU.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "rpc/http_handler.h"
#include "rpc/internal/source_key.h"
#include "rpc/metrics.h"
#include "rpc/server_config.h"

namespace folio::rpc::detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Open until the server stops. Threads outside the server (a handler answering late, the node notifying a
// subscriber) post into the io_context only through run_if_open(), so nothing is posted once stop() has begun
// tearing the io_context down.
// Shared locking: answers from many threads pass at once; only stop() takes it exclusively.
class Gate {
  public:
    template <typename F>
    bool run_if_open(F&& f) {
        std::shared_lock lock(mu_);
        if (!open_) return false;
        f();
        return true;
    }
    void close() {
        std::unique_lock lock(mu_);
        open_ = false;
    }

  private:
    std::shared_mutex mu_;
    bool open_ = true;
};

// Connections held per source. Only the listener acquires; releases come from any thread.
class SourceCounts {
  public:
    // Takes a place for `source` unless it already holds `limit`.
    bool try_acquire(const SourceKey& source, size_t limit) {
        std::lock_guard lock(mu_);
        size_t& n = counts_[source];
        if (n >= limit) return false;
        ++n;
        return true;
    }
    void release(const SourceKey& source) {
        std::lock_guard lock(mu_);
        auto it = counts_.find(source);
        if (it != counts_.end() && --it->second == 0) counts_.erase(it);
    }

  private:
    std::mutex mu_;
    std::map<SourceKey, size_t> counts_;  // no zero entries: at most max_connections of them
};

// A session that stop() must be able to release: one waiting only on a handler's answer keeps itself alive.
class Abandonable {
  public:
    virtual ~Abandonable() = default;
    // Called by stop() after the I/O threads have ended: drop self-references and report the session closed.
    virtual void abandon() = 0;
};

struct ServerCore {
    ServerConfig config;
    std::shared_ptr<ServerMetrics> metrics;
    std::unique_ptr<HttpHandler> handler;
    std::shared_ptr<Gate> gate = std::make_shared<Gate>();
    std::atomic<size_t> connections{0};  // sessions holding a ConnectionSlot
    std::atomic<size_t> rejecting{0};    // 503 answers being written
    SourceCounts sources;                // sessions holding a ConnectionSlot, by source
    std::atomic<uint64_t> next_id{1};

    std::mutex sessions_mu;
    std::map<uint64_t, std::weak_ptr<Abandonable>> sessions;

    void add_session(uint64_t id, std::weak_ptr<Abandonable> s) {
        std::lock_guard lock(sessions_mu);
        sessions.emplace(id, std::move(s));
    }
    void remove_session(uint64_t id) {
        std::lock_guard lock(sessions_mu);
        sessions.erase(id);
    }
    void log(std::string_view line) const {
        if (config.log) config.log(line);
    }
};

// One of max_connections, and one of its source's max_connections_per_ip (both taken by the listener);
// freed when the session owning it (HTTP, then WebSocket after an upgrade) ends.
class ConnectionSlot {
  public:
    ConnectionSlot(std::shared_ptr<ServerCore> core, const SourceKey& source)
        : core_(std::move(core)), source_(source) {
        core_->metrics->connection_opened();
    }
    ~ConnectionSlot() {
        core_->sources.release(source_);
        core_->connections.fetch_sub(1);
        core_->metrics->connection_closed();
    }
    ConnectionSlot(const ConnectionSlot&) = delete;
    ConnectionSlot& operator=(const ConnectionSlot&) = delete;

  private:
    std::shared_ptr<ServerCore> core_;
    SourceKey source_;
};

// Hands an upgraded connection to a new WebSocket session (ws_session.cpp).
void start_websocket_session(std::shared_ptr<ServerCore> core, tcp::socket socket,
                             http::request<http::string_body> upgrade, Caller caller, std::string remote,
                             std::unique_ptr<ConnectionSlot> slot);

}  // namespace folio::rpc::detail
