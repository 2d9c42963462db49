// A local consortium of real foliod processes for the fault tests (e2e_testnet_*): `foliod testnet` writes it
// in the test's temp dir on free loopback ports, every P2P link goes through a FaultProxy the test drives,
// and a load generator submits signed txs and remembers which the nodes acknowledged.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "tests/e2e/fault_proxy.h"
#include "tests/e2e/harness.h"

namespace folio::e2e {

class Testnet {
  public:
    struct Options {
        size_t validators = 4;
        size_t observers = 0;
    };
    explicit Testnet(Options options);
    ~Testnet();

    size_t size() const { return nodes_.size(); }
    size_t validators() const { return options_.validators; }
    FoliodNode& node(size_t i) { return *nodes_.at(i); }
    const std::string& dir() const { return dir_; }

    void start_all();
    // The proxy of the connection node `from` dials to node `to` (absent if it does not dial it).
    FaultProxy* link(size_t from, size_t to);
    // Sets every link between nodes of different groups (both ways) to `mode`; nodes in no group are cut off
    // from everyone. heal() sets every link back to pass.
    void partition(const std::vector<std::vector<size_t>>& groups,
                   FaultProxy::Mode mode = FaultProxy::Mode::cut);
    void heal();
    // Every link from and to node i.
    void isolate(size_t i, FaultProxy::Mode mode = FaultProxy::Mode::cut);

    // The head height node i reports, or nullopt if it does not answer (stopped, paused, killed).
    std::optional<uint64_t> height(size_t i);
    // Waits until node i is at `height` or above; Failure with its height and log tail after `within`.
    void wait_height(size_t i, uint64_t height, std::chrono::milliseconds within);
    // The hash of block `height` on node i (it must have it).
    std::string block_hash(size_t i, uint64_t height);
    json consensus_status(size_t i) { return node(i).call("consensus_status"); }

  private:
    Options options_;
    TempDir tmp_;
    std::string dir_;
    std::vector<std::unique_ptr<FoliodNode>> nodes_;
    std::map<std::pair<size_t, size_t>, std::unique_ptr<FaultProxy>> links_;
};

// Submits account registrations signed by the testnet's operator key (node0's keystore) to the running nodes,
// round robin, from its own thread, and keeps the hashes the nodes acknowledged.
class LoadGenerator {
  public:
    LoadGenerator(Testnet& net, double txs_per_s);
    ~LoadGenerator();  // stop()
    void start();
    void stop();
    std::set<std::string> acknowledged() const;
    uint64_t refused() const { return refused_; }

  private:
    void run();
    Testnet& net_;
    double rate_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    mutable std::mutex mu_;
    std::set<std::string> acknowledged_;
    std::atomic<uint64_t> refused_{0};
};

}  // namespace folio::e2e
