// Warnings about authentication failures (a bearer token that matches no token of the node), rate-limited per
// source host so that a client retrying a wrong token in a loop cannot flood the log: the first failure from
// a host gives a line at once; later ones within `window` are only counted, and the first failure after the
// window gives a line that says how many were suppressed meanwhile.
//
// Bounded: at most `max_sources` hosts are tracked; when that many are, hosts quiet for a window are
// forgotten, and if none is, further hosts share one entry ("other sources").
//
// Pure (time is passed in), so it is tested without a clock. Thread safety: none; HttpHandler locks it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace folio::rpc {

// "127.0.0.1:5000" -> "127.0.0.1"; "[::1]:5000" -> "[::1]"; anything without a port as it is.
std::string_view remote_host(std::string_view remote);

class AuthFailureLog {
  public:
    using Clock = std::chrono::steady_clock;
    explicit AuthFailureLog(std::chrono::milliseconds window = std::chrono::seconds(10),
                            size_t max_sources = 1024)
        : window_(window), max_sources_(max_sources) {}

    // The line to log for a failure from `remote` ("ip:port") on `path`, or nullopt when it is suppressed.
    std::optional<std::string> note(std::string_view remote, std::string_view path, Clock::time_point now);

    size_t tracked_sources() const { return sources_.size(); }

  private:
    struct Source {
        Clock::time_point last_logged;
        uint64_t suppressed = 0;
    };
    void forget_quiet(Clock::time_point now);

    const std::chrono::milliseconds window_;
    const size_t max_sources_;
    std::map<std::string, Source, std::less<>> sources_;
};

}  // namespace folio::rpc
