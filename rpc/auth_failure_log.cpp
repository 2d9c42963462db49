#include "rpc/auth_failure_log.h"

namespace folio::rpc {
namespace {
constexpr std::string_view kOtherSources = "other sources";
}

std::string_view remote_host(std::string_view remote) {
    const size_t colon = remote.rfind(':');
    if (colon == std::string_view::npos) return remote;
    const std::string_view host = remote.substr(0, colon);
    // A bare IPv6 address without brackets has colons but no port.
    if (host.find(':') != std::string_view::npos && host.front() != '[') return remote;
    return host;
}

void AuthFailureLog::forget_quiet(Clock::time_point now) {
    for (auto it = sources_.begin(); it != sources_.end();) {
        // A source with suppressed failures is kept, so that its count is reported at its next failure.
        if (it->second.suppressed == 0 && now - it->second.last_logged >= window_) {
            it = sources_.erase(it);
        } else {
            ++it;
        }
    }
}

std::optional<std::string> AuthFailureLog::note(std::string_view remote, std::string_view path,
                                                Clock::time_point now) {
    std::string_view host = remote_host(remote);
    if (host.empty()) host = "in-process";
    auto it = sources_.find(host);
    if (it == sources_.end()) {
        if (sources_.size() >= max_sources_) forget_quiet(now);
        if (sources_.size() >= max_sources_) {
            host = kOtherSources;
            it = sources_.find(host);
        }
    }
    std::string line = "authentication failed from ";
    line += host;
    line += " on ";
    line += path;
    line += ": the bearer token matches no token of this node";
    if (it == sources_.end()) {
        sources_.emplace(std::string(host), Source{now, 0});
        return line;
    }
    Source& s = it->second;
    if (now - s.last_logged < window_) {
        ++s.suppressed;
        return std::nullopt;
    }
    if (s.suppressed > 0) {
        line += " (";
        line += std::to_string(s.suppressed);
        line += " more from this source since the last such line)";
    }
    s.last_logged = now;
    s.suppressed = 0;
    return line;
}

}  // namespace folio::rpc
