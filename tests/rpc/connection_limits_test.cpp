// The server's defences of its accept loop on real sockets: the per-source connection cap (127.0.0.1 and
// 127.0.0.2 stand for two client hosts), the short deadline for a new connection's first request, and an
// accept() that fails for want of file descriptors.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <thread>

#include "prometheus_check.h"
#include "rpc/client.h"
#include "test_server.h"

namespace folio::rpc::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string add_request_text(const std::string& token) {
    const std::string body = R"({"jsonrpc":"2.0","id":1,"method":"add","params":{"a":1,"b":2}})";
    return "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

double refused(const TestServer& s, const std::string& reason) {
    return sample_value(s.server->metrics_text(),
                        "folio_rpc_connections_refused_total{reason=\"" + reason + "\"}");
}

double open_connections(const TestServer& s) {
    return sample_value(s.server->metrics_text(), "folio_rpc_connections_open");
}

// Holds connections idle for the length of a test (a long first-request deadline), per_ip of them per source.
void per_ip_cap(ServerConfig& c, size_t per_ip) {
    c.max_connections_per_ip = per_ip;
    c.first_request_timeout = 10s;
}

TEST(rpc_connection_limits, ConnectionOverThePerIpCapIsClosedAtOnceWithoutAnAnswer) {
    TestServer s([](ServerConfig& c) { per_ip_cap(c, 2); });
    int a = raw_connect(s.port);
    int b = raw_connect(s.port);
    ASSERT_GE(a, 0);
    ASSERT_GE(b, 0);
    ASSERT_TRUE(eventually([&] { return open_connections(s) == 2; }));

    int over = raw_connect(s.port);
    ASSERT_GE(over, 0);  // the kernel completes the handshake; the server closes it on accept
    std::string received;
    EXPECT_TRUE(raw_wait_closed(over, 1s, &received));
    EXPECT_EQ(received, "") << "a refusal at the per-ip cap writes nothing";
    EXPECT_EQ(refused(s, "per_ip_limit"), 1);
    EXPECT_EQ(refused(s, "global_limit"), 0);
    EXPECT_FALSE(raw_wait_closed(a, 100ms)) << "the source's connections already held are kept";
    for (int fd : {a, b, over}) raw_close(fd);
}

TEST(rpc_connection_limits, AnotherSourceIsServedWhileOneIsAtItsCap) {
    TestServer s([](ServerConfig& c) { per_ip_cap(c, 2); });
    std::vector<int> flood;
    for (int i = 0; i < 5; ++i) {
        flood.push_back(raw_connect(s.port, "127.0.0.2"));
        ASSERT_GE(flood.back(), 0);
    }
    ASSERT_TRUE(eventually([&] { return refused(s, "per_ip_limit") == 3; }));

    Client client(s.url(), s.read.plaintext);  // from 127.0.0.1
    auto r = client.call("add", {{"a", 2}, {"b", 3}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, 5);
    for (int fd : flood) raw_close(fd);
}

TEST(rpc_connection_limits, APlaceFreedUnderThePerIpCapCanBeTakenAgain) {
    TestServer s([](ServerConfig& c) { per_ip_cap(c, 1); });
    int held = raw_connect(s.port, "127.0.0.2");
    ASSERT_GE(held, 0);
    ASSERT_TRUE(eventually([&] { return open_connections(s) == 1; }));
    int refused_fd = raw_connect(s.port, "127.0.0.2");
    EXPECT_TRUE(raw_wait_closed(refused_fd, 1s));
    raw_close(refused_fd);

    raw_close(held);
    ASSERT_TRUE(eventually([&] { return open_connections(s) == 0; }));
    int again = raw_connect(s.port, "127.0.0.2");
    ASSERT_GE(again, 0);
    ASSERT_TRUE(raw_send(again, add_request_text(s.read.plaintext)));
    std::string received;
    EXPECT_TRUE(raw_read_until(again, "\"result\":3", 2s, received)) << received;
    raw_close(again);
}

TEST(rpc_connection_limits, WebSocketSessionsCountTowardsThePerIpCap) {
    TestServer s([](ServerConfig& c) { per_ip_cap(c, 1); });
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect());
    ASSERT_TRUE(ws.call("add", {{"a", 1}, {"b", 1}}).ok());

    auto over = http_request("GET", s.url() + "/health", {}, {}, 2s);
    EXPECT_FALSE(over.ok()) << "a second connection from the source of a WebSocket session was served";
    EXPECT_EQ(refused(s, "per_ip_limit"), 1);
    EXPECT_TRUE(ws.call("add", {{"a", 2}, {"b", 2}}).ok());
    ws.close();
}

TEST(rpc_connection_limits, ZeroPerIpCapIsRefusedAtStart) {
    auto table = make_test_table();
    ServerConfig config;
    config.max_connections_per_ip = 0;
    Server server(config, table, TokenStore());
    auto started = server.start();
    ASSERT_EQ(started.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_NE(started.error().message.find("max_connections_per_ip"), std::string::npos)
        << started.error().message;
}

TEST(rpc_connection_limits, SilentConnectionIsClosedAtTheFirstRequestDeadline) {
    TestServer s([](ServerConfig& c) {
        c.first_request_timeout = 300ms;
        c.read_timeout = 10s;
    });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    const auto start = Clock::now();
    EXPECT_TRUE(raw_wait_closed(fd, 3s));
    EXPECT_GE(Clock::now() - start, 250ms);
    // Counted as the session ends, just after the socket is closed.
    EXPECT_TRUE(eventually([&] { return refused(s, "first_request_timeout") == 1; }));
    EXPECT_EQ(refused(s, "read_timeout"), 0);
    raw_close(fd);
}

TEST(rpc_connection_limits, HalfAFirstHeaderIsCutOffAtTheFirstRequestDeadline) {
    TestServer s([](ServerConfig& c) {
        c.first_request_timeout = 300ms;
        c.read_timeout = 10s;
    });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(raw_send(fd, "POST / HTTP/1.1\r\nHost: x\r\n"));
    EXPECT_TRUE(raw_wait_closed(fd, 3s));
    EXPECT_TRUE(eventually([&] { return refused(s, "first_request_timeout") == 1; }));
    raw_close(fd);
}

TEST(rpc_connection_limits, FirstRequestBodyMayTakeTheRestOfTheReadTimeout) {
    TestServer s([](ServerConfig& c) {
        c.first_request_timeout = 300ms;
        c.read_timeout = 10s;
    });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    const std::string request = add_request_text(s.read.plaintext);
    const size_t header_end = request.find("\r\n\r\n") + 4;
    ASSERT_TRUE(raw_send(fd, request.substr(0, header_end)));
    std::this_thread::sleep_for(800ms);  // well past the first-request deadline
    ASSERT_TRUE(raw_send(fd, request.substr(header_end)));
    std::string received;
    EXPECT_TRUE(raw_read_until(fd, "\"result\":3", 3s, received)) << received;
    EXPECT_EQ(refused(s, "first_request_timeout"), 0);
    raw_close(fd);
}

TEST(rpc_connection_limits, KeepAliveConnectionAfterItsFirstRequestGetsTheIdleTimeout) {
    TestServer s([](ServerConfig& c) {
        c.first_request_timeout = 200ms;
        c.idle_timeout = 10s;
    });
    int fd = raw_connect(s.port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(raw_send(fd, add_request_text(s.read.plaintext)));
    std::string received;
    ASSERT_TRUE(raw_read_until(fd, "\"result\":3", 3s, received)) << received;
    EXPECT_FALSE(raw_wait_closed(fd, 800ms))
        << "an idle keep-alive connection got the first-request deadline";
    received.clear();
    ASSERT_TRUE(raw_send(fd, add_request_text(s.read.plaintext)));
    EXPECT_TRUE(raw_read_until(fd, "\"result\":3", 3s, received)) << received;
    raw_close(fd);
}

// Restores the test process's open-file limit and closes the descriptors that exhausted it.
struct DescriptorExhaustion {
    rlimit saved{};
    std::vector<int> fillers;

    DescriptorExhaustion() { ::getrlimit(RLIMIT_NOFILE, &saved); }
    ~DescriptorExhaustion() { release(); }

    // Lowers the soft limit to a few above the highest descriptor in use, then opens files until none is
    // left.
    bool exhaust() {
        int highest = 0;
        for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
            highest = std::max(highest, std::stoi(entry.path().filename().string()));
        rlimit low = saved;
        low.rlim_cur = std::min<rlim_t>(saved.rlim_cur, static_cast<rlim_t>(highest) + 16);
        if (::setrlimit(RLIMIT_NOFILE, &low) != 0) return false;
        for (;;) {
            int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0) return errno == EMFILE;
            fillers.push_back(fd);
        }
    }
    void release() {
        for (int fd : fillers) ::close(fd);
        fillers.clear();
        ::setrlimit(RLIMIT_NOFILE, &saved);
    }
};

TEST(rpc_connection_limits, ListenerRetriesWithoutSpinningWhenOutOfFileDescriptors) {
    TestServer s;
    // The client's socket exists before the descriptors run out; connecting it takes no new one.
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(s.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    DescriptorExhaustion exhaustion;
    ASSERT_TRUE(exhaustion.exhaust());
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    ASSERT_TRUE(raw_send(fd, add_request_text(s.read.plaintext)));
    std::this_thread::sleep_for(500ms);
    const double failures = sample_value(s.server->metrics_text(), "folio_rpc_accept_errors_total");
    EXPECT_GE(failures, 1);
    EXPECT_LE(failures, 10) << "accept is retried in a tight loop";

    exhaustion.release();
    std::string received;
    EXPECT_TRUE(raw_read_until(fd, "\"result\":3", 3s, received)) << "the listener did not recover";
    raw_close(fd);
    Client client(s.url(), s.read.plaintext);
    EXPECT_TRUE(client.call("add", {{"a", 1}, {"b", 1}}).ok());
}

}  // namespace
}  // namespace folio::rpc::test
