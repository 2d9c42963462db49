// An HTTP/1.1 forwarder on loopback that may rewrite the answers of a node: a lying node for the tests of
// clients that must not trust it (the /explorer page's proof check). Each request is read whole
// (Content-Length bodies only, as browsers send JSON-RPC), forwarded on a fresh connection with its
// Content-Type and Authorization, and the answer is passed to `rewrite` with the request body before it goes
// back with Connection: close.
//
// One thread accepts; each connection is served on a thread of its own (a browser opens several). The
// destructor closes the listener and joins every thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "rpc/client.h"

namespace folio::e2e {

class RewriteProxy {
  public:
    // rewrite(request_body, reply): may change the reply's status, headers or body in place.
    using Rewrite = std::function<void(const std::string& request_body, rpc::HttpReply& reply)>;

    RewriteProxy(std::string upstream_url, Rewrite rewrite);
    ~RewriteProxy();
    RewriteProxy(const RewriteProxy&) = delete;
    RewriteProxy& operator=(const RewriteProxy&) = delete;

    std::string url() const;  // "http://127.0.0.1:PORT"

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace folio::e2e
