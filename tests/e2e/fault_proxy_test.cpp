// The fault proxy that the testnet fault tests put on P2P links: what each mode lets through, against an
// echo server on loopback.
#include "tests/e2e/fault_proxy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

namespace folio::e2e {
namespace {

using namespace std::chrono_literals;

// Echoes every byte back on each connection it accepts.
class EchoServer {
  public:
    EchoServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd_, 16);
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] {
            while (!stop_) {
                pollfd p{fd_, POLLIN, 0};
                if (::poll(&p, 1, 50) <= 0) continue;
                const int c = ::accept(fd_, nullptr, nullptr);
                if (c < 0) continue;
                workers_.emplace_back([c, this] {
                    char buf[4096];
                    while (!stop_) {
                        pollfd q{c, POLLIN, 0};
                        if (::poll(&q, 1, 50) <= 0) continue;
                        const ssize_t n = ::read(c, buf, sizeof buf);
                        if (n <= 0) break;
                        (void)!::write(c, buf, size_t(n));
                    }
                    ::close(c);
                });
            }
        });
    }
    ~EchoServer() {
        stop_ = true;
        thread_.join();
        for (auto& w : workers_) w.join();
        ::close(fd_);
    }
    uint16_t port() const { return port_; }

  private:
    int fd_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::vector<std::thread> workers_;
};

int connect_to(uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// What arrives on fd within `wait`: the bytes, "" if nothing, or "<closed>" if the peer closed.
std::string receive(int fd, std::chrono::milliseconds wait) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, int(wait.count())) <= 0) return "";
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return "<closed>";
    return std::string(buf, size_t(n));
}

TEST(e2e_fault_proxy, PassForwardsBothWays) {
    EchoServer echo;
    FaultProxy proxy(echo.port());
    const int fd = connect_to(proxy.port());
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "hello", 5), 5);
    EXPECT_EQ(receive(fd, 2s), "hello");
    // The proxy counts a chunk after its send() returns, which may be after the client already read it.
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (proxy.bytes_forwarded() < 10 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    EXPECT_EQ(proxy.bytes_forwarded(), 10u) << "5 bytes each way";
    ::close(fd);
}

TEST(e2e_fault_proxy, DelayHoldsEachChunkAtLeastThatLong) {
    EchoServer echo;
    FaultProxy proxy(echo.port());
    proxy.set_delay(300ms);
    const int fd = connect_to(proxy.port());
    ASSERT_GE(fd, 0);
    const auto sent = std::chrono::steady_clock::now();
    ASSERT_EQ(::write(fd, "slow", 4), 4);
    EXPECT_EQ(receive(fd, 100ms), "") << "nothing may arrive before the delay";
    EXPECT_EQ(receive(fd, 3s), "slow");
    EXPECT_GE(std::chrono::steady_clock::now() - sent, 2 * 300ms) << "delayed on the way there and back";
    ::close(fd);
}

TEST(e2e_fault_proxy, CutClosesOpenConnectionsAndRefusesNewOnes) {
    EchoServer echo;
    FaultProxy proxy(echo.port());
    const int fd = connect_to(proxy.port());
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "a", 1), 1);
    ASSERT_EQ(receive(fd, 2s), "a");
    proxy.set_mode(FaultProxy::Mode::cut);
    EXPECT_EQ(receive(fd, 2s), "<closed>");
    ::close(fd);
    const int again = connect_to(proxy.port());
    ASSERT_GE(again, 0) << "the port still accepts, as a host whose service is down";
    EXPECT_EQ(receive(again, 2s), "<closed>");
    ::close(again);

    proxy.set_mode(FaultProxy::Mode::pass);
    const int healed = connect_to(proxy.port());
    ASSERT_EQ(::write(healed, "b", 1), 1);
    EXPECT_EQ(receive(healed, 2s), "b");
    ::close(healed);
}

TEST(e2e_fault_proxy, BlackholeKeepsTheConnectionOpenAndLetsNothingThrough) {
    EchoServer echo;
    FaultProxy proxy(echo.port());
    const int fd = connect_to(proxy.port());
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "a", 1), 1);
    ASSERT_EQ(receive(fd, 2s), "a");
    proxy.set_mode(FaultProxy::Mode::blackhole);
    ASSERT_EQ(::write(fd, "lost", 4), 4) << "the sender sees no error";
    EXPECT_EQ(receive(fd, 400ms), "") << "neither an answer nor a close";
    EXPECT_EQ(proxy.open_connections(), 1u);
    proxy.set_mode(FaultProxy::Mode::pass);
    ASSERT_EQ(::write(fd, "back", 4), 4);
    EXPECT_EQ(receive(fd, 2s), "back") << "what was sent during the black-hole is gone for good";
    ::close(fd);
}

}  // namespace
}  // namespace folio::e2e
