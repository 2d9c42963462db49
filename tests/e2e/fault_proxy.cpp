#include "tests/e2e/fault_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace folio::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// Above this many bytes queued one way, the proxy stops reading that way: a delayed link must not buffer
// a whole test's traffic in memory.
constexpr size_t kMaxQueuedBytes = 64u << 20;
constexpr size_t kReadChunk = 64u << 10;

void set_nonblocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

sockaddr_in loopback(uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

struct Chunk {
    Clock::time_point due;
    std::string bytes;
    size_t sent = 0;
};

// One direction of a connection: what was read from one socket and waits to be written to the other.
struct Flow {
    std::deque<Chunk> queue;
    size_t queued = 0;
};

struct Connection {
    int client = -1;
    int upstream = -1;
    bool upstream_connected = false;
    Flow to_upstream, to_client;
};

}  // namespace

class FaultProxy::Impl {
  public:
    explicit Impl(uint16_t target_port) : target_port_(target_port) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a = loopback(0);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener_, 64) != 0)
            throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1");
        socklen_t len = sizeof a;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        set_nonblocking(listener_);
        if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("fault proxy: pipe");
        thread_ = std::thread([this] { run(); });
    }

    ~Impl() {
        stopping_ = true;
        wake();
        thread_.join();
        for (auto& c : connections_) close_connection(c);
        ::close(listener_);
        ::close(wake_[0]);
        ::close(wake_[1]);
    }

    uint16_t port() const { return port_; }

    void set_mode(Mode mode) {
        mode_ = mode;
        wake();
    }
    Mode mode() const { return mode_; }
    void set_delay(std::chrono::milliseconds d) { delay_ms_ = d.count(); }
    uint64_t bytes_forwarded() const { return forwarded_; }
    size_t open_connections() const { return open_; }

  private:
    void wake() {
        char c = 1;
        (void)!::write(wake_[1], &c, 1);
    }

    static void close_connection(Connection& c) {
        if (c.client >= 0) ::close(c.client);
        if (c.upstream >= 0) ::close(c.upstream);
        c.client = c.upstream = -1;
    }

    void accept_all() {
        for (;;) {
            const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd < 0) return;
            if (mode_ == Mode::cut) {
                ::close(fd);
                continue;
            }
            Connection c;
            c.client = fd;
            c.upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
            int one = 1;
            ::setsockopt(c.upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            ::setsockopt(c.client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            sockaddr_in a = loopback(target_port_);
            const int rc = ::connect(c.upstream, reinterpret_cast<sockaddr*>(&a), sizeof a);
            if (rc != 0 && errno != EINPROGRESS) {
                close_connection(c);
                continue;
            }
            c.upstream_connected = rc == 0;
            connections_.push_back(std::move(c));
        }
    }

    // Reads what `from` has into `flow`; false when the connection is over.
    bool read_into(int from, Flow& flow) {
        char buf[kReadChunk];
        for (;;) {
            const ssize_t n = ::read(from, buf, sizeof buf);
            if (n == 0) return false;
            if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
            if (mode_ == Mode::blackhole) continue;  // swallowed: nothing crosses
            flow.queue.push_back(Chunk{Clock::now() + std::chrono::milliseconds(delay_ms_.load()),
                                       std::string(buf, size_t(n)), 0});
            flow.queued += size_t(n);
            if (flow.queued >= kMaxQueuedBytes) return true;
        }
    }

    // Writes the chunks of `flow` that are due; false when the connection is over.
    bool write_due(int to, Flow& flow) {
        const auto now = Clock::now();
        while (!flow.queue.empty() && flow.queue.front().due <= now) {
            Chunk& c = flow.queue.front();
            const ssize_t n = ::send(to, c.bytes.data() + c.sent, c.bytes.size() - c.sent, MSG_NOSIGNAL);
            if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
            c.sent += size_t(n);
            forwarded_ += uint64_t(n);
            if (c.sent < c.bytes.size()) return true;
            flow.queued -= c.bytes.size();
            flow.queue.pop_front();
        }
        return true;
    }

    void run() {
        while (!stopping_) {
            if (mode_ == Mode::cut) {
                for (auto& c : connections_) close_connection(c);
                connections_.clear();
            }
            if (mode_ == Mode::blackhole) {
                for (auto& c : connections_) c.to_upstream = c.to_client = Flow{};
            }
            std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
            auto next_due = Clock::now() + std::chrono::milliseconds(100);
            for (auto& c : connections_) {
                const short up_events =
                    short((c.upstream_connected && c.to_client.queued < kMaxQueuedBytes ? POLLIN : 0) |
                          (!c.upstream_connected || !c.to_upstream.queue.empty() ? POLLOUT : 0));
                const short client_events = short((c.to_upstream.queued < kMaxQueuedBytes ? POLLIN : 0) |
                                                  (!c.to_client.queue.empty() ? POLLOUT : 0));
                fds.push_back({c.client, client_events, 0});
                fds.push_back({c.upstream, up_events, 0});
                for (const Flow* f : {&c.to_upstream, &c.to_client})
                    if (!f->queue.empty()) next_due = std::min(next_due, f->queue.front().due);
            }
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_due - Clock::now());
            ::poll(fds.data(), fds.size(), int(std::max<int64_t>(0, wait.count())));
            if (fds[0].revents & POLLIN) {
                char drain[64];
                while (::read(wake_[0], drain, sizeof drain) > 0) {
                }
            }
            if (fds[1].revents & POLLIN) accept_all();
            size_t i = 2;
            for (auto it = connections_.begin(); it != connections_.end() && i + 1 < fds.size(); i += 2) {
                Connection& c = *it;
                bool alive = true;
                const short cr = fds[i].revents, ur = fds[i + 1].revents;
                if (!c.upstream_connected && (ur & (POLLOUT | POLLERR | POLLHUP))) {
                    int err = 0;
                    socklen_t len = sizeof err;
                    ::getsockopt(c.upstream, SOL_SOCKET, SO_ERROR, &err, &len);
                    alive = err == 0;
                    c.upstream_connected = alive;
                }
                if (alive && (cr & (POLLIN | POLLHUP | POLLERR))) alive = read_into(c.client, c.to_upstream);
                if (alive && c.upstream_connected && (ur & (POLLIN | POLLHUP | POLLERR)))
                    alive = read_into(c.upstream, c.to_client);
                if (alive && c.upstream_connected) alive = write_due(c.upstream, c.to_upstream);
                if (alive) alive = write_due(c.client, c.to_client);
                if (!alive) {
                    close_connection(c);
                    it = connections_.erase(it);
                } else {
                    ++it;
                }
            }
            open_ = connections_.size();
        }
    }

    const uint16_t target_port_;
    int listener_ = -1;
    int wake_[2] = {-1, -1};
    uint16_t port_ = 0;
    std::atomic<Mode> mode_{Mode::pass};
    std::atomic<int64_t> delay_ms_{0};
    std::atomic<uint64_t> forwarded_{0};
    std::atomic<size_t> open_{0};
    std::atomic<bool> stopping_{false};
    std::list<Connection> connections_;  // proxy thread only
    std::thread thread_;
};

FaultProxy::FaultProxy(uint16_t target_port) : impl_(std::make_unique<Impl>(target_port)) {}
FaultProxy::~FaultProxy() = default;
uint16_t FaultProxy::port() const {
    return impl_->port();
}
void FaultProxy::set_mode(Mode mode) {
    impl_->set_mode(mode);
}
FaultProxy::Mode FaultProxy::mode() const {
    return impl_->mode();
}
void FaultProxy::set_delay(std::chrono::milliseconds delay) {
    impl_->set_delay(delay);
}
uint64_t FaultProxy::bytes_forwarded() const {
    return impl_->bytes_forwarded();
}
size_t FaultProxy::open_connections() const {
    return impl_->open_connections();
}

}  // namespace folio::e2e
