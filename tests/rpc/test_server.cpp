#include "test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace folio::rpc::test {

using Clock = std::chrono::steady_clock;

TestServer::TestServer(const std::function<void(ServerConfig&)>& tweak) {
    table = make_test_table(hub);
    ServerConfig config;
    config.io_threads = 2;
    config.health = [] { return std::string(R"({"status":"ok","height":7})"); };
    config.node_metrics = [] {
        return std::string(
            "# HELP folio_chain_height Height of the last committed block.\n"
            "# TYPE folio_chain_height gauge\nfolio_chain_height 7\n");
    };
    config.get_routes.push_back(
        {"/explorer", Scope::Public, [](const HttpRequest&) {
             return HttpResponse{200, "text/html; charset=utf-8", "<h1>register</h1>", {}};
         }});
    if (tweak) tweak(config);
    server = std::make_unique<Server>(config, table,
                                      TokenStore({pub.record, read.record, submit.record, admin.record}));
    auto bound = server->start();
    if (!bound) throw std::runtime_error("server start: " + bound.error().message);
    address = *bound;
    port = server->port();
}

TestServer::~TestServer() {
    server->stop();
}

int raw_connect(uint16_t port, const std::string& source) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in from{};
    from.sin_family = AF_INET;
    if (::inet_pton(AF_INET, source.c_str(), &from.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0) {
        ::close(fd);
        return -1;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool raw_send(int fd, const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
        ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<size_t>(n);
    }
    return true;
}

bool raw_wait_closed(int fd, std::chrono::milliseconds within, std::string* received) {
    auto deadline = Clock::now() + within;
    char buf[4096];
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        int ready = ::poll(&p, 1, static_cast<int>(left));
        if (ready == 0) return false;
        if (ready < 0) return true;
        ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
        if (n <= 0) return true;
        if (received) received->append(buf, static_cast<size_t>(n));
    }
}

bool raw_read_until(int fd, const std::string& needle, std::chrono::milliseconds within,
                    std::string& received) {
    auto deadline = Clock::now() + within;
    char buf[4096];
    while (received.find(needle) == std::string::npos) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
        ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
        if (n <= 0) return false;
        received.append(buf, static_cast<size_t>(n));
    }
    return true;
}

void raw_close(int fd) {
    if (fd >= 0) ::close(fd);
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds within) {
    auto deadline = Clock::now() + within;
    while (Clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
}

}  // namespace folio::rpc::test
