// A JSON-RPC node that lies: an HTTP proxy on loopback in front of a real node, which forwards each request
// and lets the test rewrite the answer (a tx of a block, a header, a certificate, block 0) before it goes
// back. One request per connection (each answer says Connection: close). Test-only.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace folio::audit::test {

class LyingProxy {
  public:
    // Rewrites the answer `result` of `method` (called on the proxy's thread).
    using Rewrite = std::function<void(const std::string& method, nlohmann::json& result)>;

    LyingProxy(std::string target_url, Rewrite rewrite);
    ~LyingProxy();
    LyingProxy(const LyingProxy&) = delete;
    LyingProxy& operator=(const LyingProxy&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    void serve();
    void handle(int fd);

    std::string target_;
    Rewrite rewrite_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace folio::audit::test
