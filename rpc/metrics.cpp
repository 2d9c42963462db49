#include "rpc/metrics.h"

#include <cstdio>
#include <sstream>

#include "rpc/method.h"

namespace folio::rpc {

namespace {
constexpr std::string_view kNoMethod = "(none)";

template <size_t N>
size_t index_of(const std::array<int, N>& values, int v, size_t fallback) {
    for (size_t i = 0; i < N; ++i) {
        if (values[i] == v) return i;
    }
    return fallback;
}

std::string seconds(uint64_t ns) {
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%.9f", static_cast<double>(ns) / 1e9);
    return buf;
}

std::string bound(double b) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%g", b);
    return buf;
}

// Label values may hold any UTF-8; backslash, quote and newline must be escaped.
std::string label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

void family(std::ostringstream& out, std::string_view name, std::string_view type, std::string_view help) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}
}  // namespace

struct ServerMetrics::MethodStats {
    std::atomic<uint64_t> requests{0};
    std::array<std::atomic<uint64_t>, kCodes.size()> errors{};
    std::array<std::atomic<uint64_t>, kBucketBounds.size() + 1> buckets{};  // last = +Inf only
    std::atomic<uint64_t> sum_ns{0};
};

ServerMetrics::ServerMetrics(const MethodTable& table) {
    for (const MethodSpec* spec : table.methods())
        methods_.emplace(spec->name, std::make_unique<MethodStats>());
    methods_.emplace(std::string(kNoMethod), std::make_unique<MethodStats>());
}

ServerMetrics::~ServerMetrics() = default;

ServerMetrics::MethodStats& ServerMetrics::stats_for(std::string_view method) {
    auto it = methods_.find(method);
    if (it == methods_.end()) it = methods_.find(kNoMethod);
    return *it->second;
}

void ServerMetrics::call_finished(std::string_view method, int error_code, std::chrono::nanoseconds latency) {
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    MethodStats& s = stats_for(method);
    s.requests.fetch_add(1, std::memory_order_relaxed);
    if (error_code != 0) {
        // Codes outside the documented set are node-defined; count them with internal errors.
        s.errors[index_of(kCodes, error_code, 4)].fetch_add(1, std::memory_order_relaxed);
    }
    double secs = std::chrono::duration<double>(latency).count();
    size_t b = 0;
    while (b < kBucketBounds.size() && secs > kBucketBounds[b]) ++b;
    s.buckets[b].fetch_add(1, std::memory_order_relaxed);
    s.sum_ns.fetch_add(static_cast<uint64_t>(latency.count() < 0 ? 0 : latency.count()),
                       std::memory_order_relaxed);
}

void ServerMetrics::http_response(int status) {
    http_by_status_[index_of(kStatuses, status, kStatuses.size() - 1)].fetch_add(1,
                                                                                 std::memory_order_relaxed);
}

void ServerMetrics::connection_opened() {
    connections_open_.fetch_add(1, std::memory_order_relaxed);
    connections_accepted_.fetch_add(1, std::memory_order_relaxed);
}

void ServerMetrics::websocket_opened() {
    ws_open_.fetch_add(1, std::memory_order_relaxed);
    ws_total_.fetch_add(1, std::memory_order_relaxed);
}

std::string ServerMetrics::render() const {
    std::ostringstream out;
    auto load = [](const auto& a) { return a.load(std::memory_order_relaxed); };

    family(out, "folio_rpc_requests_total", "counter", "JSON-RPC calls answered, by method.");
    for (const auto& [name, s] : methods_) {
        out << "folio_rpc_requests_total{method=\"" << label(name) << "\"} " << load(s->requests) << '\n';
    }
    family(out, "folio_rpc_errors_total", "counter",
           "JSON-RPC calls answered with an error, by method and code.");
    for (const auto& [name, s] : methods_) {
        for (size_t i = 0; i < kCodes.size(); ++i) {
            uint64_t n = load(s->errors[i]);
            if (n == 0) continue;
            out << "folio_rpc_errors_total{method=\"" << label(name) << "\",code=\"" << kCodes[i] << "\"} "
                << n << '\n';
        }
    }
    family(out, "folio_rpc_requests_in_flight", "gauge", "JSON-RPC calls received and not yet answered.");
    out << "folio_rpc_requests_in_flight " << load(in_flight_) << '\n';

    family(out, "folio_rpc_request_duration_seconds", "histogram",
           "Time from receiving a JSON-RPC call to its answer, by method.");
    for (const auto& [name, s] : methods_) {
        std::string m = label(name);
        uint64_t cumulative = 0;
        for (size_t i = 0; i < kBucketBounds.size(); ++i) {
            cumulative += load(s->buckets[i]);
            out << "folio_rpc_request_duration_seconds_bucket{method=\"" << m << "\",le=\""
                << bound(kBucketBounds[i]) << "\"} " << cumulative << '\n';
        }
        cumulative += load(s->buckets[kBucketBounds.size()]);
        out << "folio_rpc_request_duration_seconds_bucket{method=\"" << m << "\",le=\"+Inf\"} " << cumulative
            << '\n'
            << "folio_rpc_request_duration_seconds_sum{method=\"" << m << "\"} " << seconds(load(s->sum_ns))
            << '\n'
            << "folio_rpc_request_duration_seconds_count{method=\"" << m << "\"} " << cumulative << '\n';
    }

    family(out, "folio_rpc_http_responses_total", "counter",
           "HTTP responses sent, by status (0: any other).");
    for (size_t i = 0; i < kStatuses.size(); ++i) {
        out << "folio_rpc_http_responses_total{status=\"" << kStatuses[i] << "\"} "
            << load(http_by_status_[i]) << '\n';
    }
    family(out, "folio_rpc_connections_open", "gauge", "TCP connections currently served.");
    out << "folio_rpc_connections_open " << load(connections_open_) << '\n';
    family(out, "folio_rpc_connections_accepted_total", "counter", "TCP connections accepted and served.");
    out << "folio_rpc_connections_accepted_total " << load(connections_accepted_) << '\n';
    family(out, "folio_rpc_connections_refused_total", "counter",
           "TCP connections closed unserved or cut off mid-request by a server limit, by reason.");
    static constexpr std::array<std::string_view, kRefusalKinds> kRefusalNames = {
        "per_ip_limit", "global_limit", "first_request_timeout", "read_timeout"};
    for (size_t i = 0; i < kRefusalNames.size(); ++i) {
        out << "folio_rpc_connections_refused_total{reason=\"" << kRefusalNames[i] << "\"} "
            << load(refused_[i]) << '\n';
    }
    family(out, "folio_rpc_accept_errors_total", "counter",
           "accept() failures (typically out of file descriptors); the listener pauses and retries.");
    out << "folio_rpc_accept_errors_total " << load(accept_errors_) << '\n';
    family(out, "folio_rpc_websocket_sessions_open", "gauge", "WebSocket sessions currently open.");
    out << "folio_rpc_websocket_sessions_open " << load(ws_open_) << '\n';
    family(out, "folio_rpc_websocket_sessions_total", "counter", "WebSocket sessions opened.");
    out << "folio_rpc_websocket_sessions_total " << load(ws_total_) << '\n';
    family(out, "folio_rpc_websocket_slow_disconnects_total", "counter",
           "WebSocket sessions closed because their outgoing queue overflowed.");
    out << "folio_rpc_websocket_slow_disconnects_total " << load(ws_slow_) << '\n';
    return out.str();
}

}  // namespace folio::rpc
