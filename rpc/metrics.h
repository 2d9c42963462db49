// The server's own metrics, rendered in the Prometheus text exposition format (version 0.0.4): calls by
// method, errors by method and code, calls in flight, a latency histogram per method in seconds, HTTP
// responses by status, connections (refused ones by reason) and WebSocket sessions.
//
// Thread safety: every member may be called from any thread. The set of methods is fixed at construction
// (from the table), so recording a call is a map lookup plus a few relaxed atomic adds, with no lock.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace folio::rpc {

class MethodTable;

// Why the server closed a connection without serving it, or cut it off in the middle of a request.
enum class Refusal : uint8_t {
    PerIpLimit,   // its source already held max_connections_per_ip connections: closed at accept
    GlobalLimit,  // the server held max_connections: 503 (or just closed if too many 503s are pending)
    FirstRequestTimeout,  // no complete first request header within first_request_timeout
    ReadTimeout,          // a later request (or the first one's body) did not arrive within read_timeout
};
inline constexpr size_t kRefusalKinds = static_cast<size_t>(Refusal::ReadTimeout) + 1;

class ServerMetrics {
  public:
    explicit ServerMetrics(const MethodTable& table);
    ~ServerMetrics();

    // A call that resolved to no table method is counted under method="(none)".
    void call_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
    void call_finished(std::string_view method, int error_code, std::chrono::nanoseconds latency);
    void http_response(int status);
    void connection_opened();
    void connection_closed() { connections_open_.fetch_sub(1, std::memory_order_relaxed); }
    void connection_refused(Refusal why) {
        refused_[static_cast<size_t>(why)].fetch_add(1, std::memory_order_relaxed);
    }
    // accept() failed (out of file descriptors, typically); the listener pauses and retries.
    void accept_failed() { accept_errors_.fetch_add(1, std::memory_order_relaxed); }
    void websocket_opened();
    void websocket_closed() { ws_open_.fetch_sub(1, std::memory_order_relaxed); }
    void websocket_slow_disconnect() { ws_slow_.fetch_add(1, std::memory_order_relaxed); }

    int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
    uint64_t connections_accepted() const { return connections_accepted_.load(std::memory_order_relaxed); }
    uint64_t connections_refused(Refusal why) const {
        return refused_[static_cast<size_t>(why)].load(std::memory_order_relaxed);
    }

    // HELP and TYPE lines, then the samples of each family.
    std::string render() const;

    // Upper bounds of the latency buckets, in seconds (+Inf is implicit).
    static constexpr std::array<double, 14> kBucketBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};
    static constexpr std::array<int, 11> kCodes = {-32700, -32600, -32601, -32602, -32603, -32000,
                                                   -32001, -32002, -32003, -32004, -32005};
    static constexpr std::array<int, 14> kStatuses = {101, 200, 204, 400, 401, 403, 404,
                                                      405, 413, 426, 431, 500, 503, 0};  // 0 = any other

  private:
    struct MethodStats;
    MethodStats& stats_for(std::string_view method);

    std::map<std::string, std::unique_ptr<MethodStats>, std::less<>> methods_;
    std::atomic<int64_t> in_flight_{0};
    std::array<std::atomic<uint64_t>, kStatuses.size()> http_by_status_{};
    std::atomic<int64_t> connections_open_{0};
    std::atomic<uint64_t> connections_accepted_{0};
    std::array<std::atomic<uint64_t>, kRefusalKinds> refused_{};
    std::atomic<uint64_t> accept_errors_{0};
    std::atomic<int64_t> ws_open_{0};
    std::atomic<uint64_t> ws_total_{0};
    std::atomic<uint64_t> ws_slow_{0};
};

}  // namespace folio::rpc
