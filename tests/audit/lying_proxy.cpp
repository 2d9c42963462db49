#include "tests/audit/lying_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

#include "rpc/client.h"

namespace folio::audit::test {
namespace {

using nlohmann::json;

bool read_request(int fd, std::string& headers, std::string& body) {
    std::string data;
    char buf[8192];
    size_t header_end = std::string::npos;
    while (header_end == std::string::npos) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        data.append(buf, static_cast<size_t>(n));
        header_end = data.find("\r\n\r\n");
        if (data.size() > (1u << 20)) return false;
    }
    headers = data.substr(0, header_end);
    std::string lower = headers;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t length = 0;
    if (auto p = lower.find("content-length:"); p != std::string::npos)
        length = std::stoul(lower.substr(p + 15));
    body = data.substr(header_end + 4);
    while (body.size() < length) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        body.append(buf, static_cast<size_t>(n));
    }
    return true;
}

std::string header_value(const std::string& headers, const std::string& name) {
    std::string lower = headers;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto p = lower.find("\r\n" + name + ":");
    if (p == std::string::npos) return "";
    p += name.size() + 3;
    auto end = headers.find("\r\n", p);
    std::string v = headers.substr(p, end - p);
    while (!v.empty() && v.front() == ' ') v.erase(v.begin());
    return v;
}

void write_all(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
        if (n <= 0) return;
        off += static_cast<size_t>(n);
    }
}

}  // namespace

LyingProxy::LyingProxy(std::string target_url, Rewrite rewrite)
    : target_(std::move(target_url)), rewrite_(std::move(rewrite)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0)
        throw std::runtime_error("lying proxy: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

LyingProxy::~LyingProxy() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
}

void LyingProxy::serve() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        handle(fd);
        ::close(fd);
    }
}

void LyingProxy::handle(int fd) {
    std::string headers, body;
    if (!read_request(fd, headers, body)) return;
    rpc::Headers forward{{"Content-Type", "application/json"}};
    if (std::string auth = header_value(headers, "authorization"); !auth.empty())
        forward.emplace_back("Authorization", auth);
    auto reply = rpc::http_request("POST", target_ + "/", forward, body);
    if (!reply) return;
    std::string answer = reply->body;
    json request = json::parse(body, nullptr, false);
    json response = json::parse(answer, nullptr, false);
    if (request.is_object() && response.is_object() && response.contains("result")) {
        rewrite_(request.value("method", ""), response["result"]);
        answer = response.dump();
    }
    write_all(fd, "HTTP/1.1 " + std::to_string(reply->status) +
                      " OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                      std::to_string(answer.size()) + "\r\n\r\n" + answer);
}

}  // namespace folio::audit::test
