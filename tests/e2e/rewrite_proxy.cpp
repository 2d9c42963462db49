#include "tests/e2e/rewrite_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace folio::e2e {
namespace {

constexpr size_t kMaxRequestBytes = 4u << 20;

bool send_all(int fd, const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
        ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<size_t>(n);
    }
    return true;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

struct Request {
    std::string method, target, body;
    rpc::Headers headers;
};

// Reads one request (header block and a Content-Length body); false if the peer closed or sent garbage.
bool read_request(int fd, Request& req) {
    std::string data;
    char buf[16384];
    size_t header_end = std::string::npos;
    while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0 || data.size() > kMaxRequestBytes) return false;
        data.append(buf, static_cast<size_t>(n));
    }
    size_t line_end = data.find("\r\n");
    const std::string request_line = data.substr(0, line_end);
    size_t sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
    if (sp1 == std::string::npos || sp2 == sp1) return false;
    req.method = request_line.substr(0, sp1);
    req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t content_length = 0;
    for (size_t at = line_end + 2; at < header_end;) {
        size_t end = data.find("\r\n", at);
        const std::string line = data.substr(at, end - at);
        at = end + 2;
        size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon), value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        const std::string key = lower(name);
        if (key == "content-length") content_length = std::stoul(value);
        if (key == "content-type" || key == "authorization") req.headers.emplace_back(name, value);
    }
    if (content_length > kMaxRequestBytes) return false;
    req.body = data.substr(header_end + 4);
    while (req.body.size() < content_length) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        req.body.append(buf, static_cast<size_t>(n));
    }
    return true;
}

}  // namespace

class RewriteProxy::Impl {
  public:
    Impl(std::string upstream, Rewrite rewrite)
        : upstream_(std::move(upstream)), rewrite_(std::move(rewrite)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener_, 64) != 0)
            throw std::runtime_error("rewrite proxy: cannot listen on 127.0.0.1");
        socklen_t len = sizeof a;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~Impl() {
        stopping_ = true;
        acceptor_.join();
        ::close(listener_);
        std::lock_guard lock(mu_);
        for (auto& t : workers_) t.join();
    }

    uint16_t port() const { return port_; }

  private:
    void accept_loop() {
        while (!stopping_) {
            pollfd p{listener_, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            std::lock_guard lock(mu_);
            workers_.emplace_back([this, fd] { serve(fd); });
        }
    }

    void serve(int fd) {
        timeval timeout{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        Request req;
        if (read_request(fd, req)) {
            auto reply = rpc::http_request(req.method, upstream_ + req.target, req.headers, req.body);
            rpc::HttpReply out;
            if (reply) {
                out = std::move(reply).value();
                rewrite_(req.body, out);
            } else {
                out.status = 502;
                out.body = reply.error().message;
            }
            std::string head = "HTTP/1.1 " + std::to_string(out.status) + " X\r\n";
            for (const auto& [name, value] : out.headers) {
                const std::string key = lower(name);
                if (key == "content-length" || key == "connection" || key == "transfer-encoding") continue;
                head += name + ": " + value + "\r\n";
            }
            head += "Content-Length: " + std::to_string(out.body.size()) + "\r\nConnection: close\r\n\r\n";
            send_all(fd, head + (req.method == "HEAD" ? "" : out.body));
        }
        ::shutdown(fd, SHUT_WR);
        ::close(fd);
    }

    std::string upstream_;
    Rewrite rewrite_;
    int listener_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread acceptor_;
    std::mutex mu_;
    std::vector<std::thread> workers_;
};

RewriteProxy::RewriteProxy(std::string upstream_url, Rewrite rewrite)
    : impl_(std::make_unique<Impl>(std::move(upstream_url), std::move(rewrite))) {}

RewriteProxy::~RewriteProxy() = default;

std::string RewriteProxy::url() const {
    return "http://127.0.0.1:" + std::to_string(impl_->port());
}

}  // namespace folio::e2e
