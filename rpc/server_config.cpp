#include "rpc/server_config.h"

#include <charconv>

namespace folio::rpc {

Status check_limits(const ServerConfig& config) {
    auto zero = [](std::string_view field) {
        return Status(make_error(Reason::INVALID_ARGUMENT,
                                 "rpc server config: " + std::string(field) + " must be at least 1"));
    };
    if (config.max_connections == 0) return zero("max_connections");
    if (config.max_connections_per_ip == 0) return zero("max_connections_per_ip");
    if (config.read_timeout.count() <= 0) return zero("read_timeout");
    if (config.first_request_timeout.count() <= 0) return zero("first_request_timeout");
    return Status::success();
}

Result<std::pair<std::string, uint16_t>> parse_host_port(std::string_view text) {
    auto bad = [&] {
        return make_error(Reason::INVALID_ARGUMENT, "expected HOST:PORT, got '" + std::string(text) + "'");
    };
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return bad();
    std::string_view host = text.substr(0, colon);
    std::string_view port_text = text.substr(colon + 1);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') return bad();
        host = host.substr(1, host.size() - 2);
    }
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
        port > 65535) {
        return bad();
    }
    return std::pair<std::string, uint16_t>(std::string(host), static_cast<uint16_t>(port));
}

}  // namespace folio::rpc
