// A TCP forwarder on loopback that the fault tests put on P2P links and drive: pass, cut, black-hole and
// delay, per link. Partitions and slow links then need neither root nor netem, and stay on 127.0.0.1: node i
// dials node j through the proxy of link (i, j), so the test decides what crosses it.
//
//   pass       every byte is forwarded (after the delay, if one is set)
//   cut        every connection is closed now, and new ones are accepted and closed at once (a dead link)
//   blackhole  connections stay open and nothing crosses, either way (a silent link: the peer looks alive to
//              TCP but never answers, as a partition by a firewall that drops packets)
//
// One thread runs every proxy's sockets with poll(); the methods may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace folio::e2e {

class FaultProxy {
  public:
    enum class Mode { pass, cut, blackhole };

    // Listens on 127.0.0.1 (a free port) and forwards each connection to 127.0.0.1:target_port.
    explicit FaultProxy(uint16_t target_port);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    uint16_t port() const;
    std::string address() const { return "127.0.0.1:" + std::to_string(port()); }

    void set_mode(Mode mode);
    Mode mode() const;
    // Each chunk is forwarded this long after it arrived (0: at once). Applies to chunks arriving from now
    // on.
    void set_delay(std::chrono::milliseconds delay);

    uint64_t bytes_forwarded() const;
    size_t open_connections() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace folio::e2e
