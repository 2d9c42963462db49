// What the RPC-driven benchmarks (rpc_bench, soak) share: the token file, keys derived from a seed, calls
// that end the program on failure, the set-up of funded accounts through a --dev node's keystore, prepared
// JSON-RPC call texts, percentiles and CPU accounting from /proc. Each program says what it measures in its
// own header.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "chain/crypto/schnorr.h"
#include "chain/types.h"
#include "rpc/client.h"

namespace folio::bench {

using Clock = std::chrono::steady_clock;

inline constexpr size_t kSetupBatch = 100;    // the node's default rpc_max_batch
inline constexpr size_t kRegisterPerTx = 64;  // kMaxOpsPerTx
inline constexpr size_t kIssuePerTx = 1000;   // kMaxIssueRecipients
inline constexpr uint64_t kIssuedPerAccount = 1'000'000;

// The program's name in die() messages; set it first thing in main().
void set_program_name(const char* name);
[[noreturn]] void die(const std::string& message);
double seconds_between(Clock::time_point a, Clock::time_point b);

std::string read_token(const std::string& path);
// Keys derived from (seed, counter): repeatable runs, and no entropy drawn for thousands of throwaway keys.
crypto::SecretKey bench_key(uint64_t seed, uint64_t i);
nlohmann::json call_or_die(rpc::Client& client, const std::string& method, const nlohmann::json& params);
std::vector<Result<nlohmann::json>> batch_or_die(
    rpc::Client& client, const std::vector<std::pair<std::string, nlohmann::json>>& calls);
// Waits (batched tx_wait) until every tx is committed; any other outcome ends the program.
void wait_committed(rpc::Client& client, const std::vector<std::string>& hashes, const std::string& what);

struct BenchAccount {
    crypto::SecretKey key;
    PubKey pubkey{};
    AccountId id{};
    std::string address;
    uint64_t next_nonce = 0;
    bool registered = false;
};
// Set-up: the asset (class other: no KYC), the accounts (registered unless an earlier run with this seed did
// it, keys bench_key(seed, i)) and kIssuedPerAccount units each; next_nonce filled from the node.
void set_up_accounts(rpc::Client& client, const std::string& asset, uint64_t seed,
                     std::vector<BenchAccount>& accounts);

std::string submit_call(size_t id, const std::string& hex);
std::string holdings_call(size_t id, const std::string& address);

// `sorted` ascending; 0 when empty.
double percentile(std::vector<double>& sorted, double p);
double round_1(double v);
double round_3(double v);

// CPU seconds used so far: by the node, by this process, and by the whole machine (busy, all cores).
struct CpuSample {
    Clock::time_point at = Clock::now();
    double node_s = -1;  // -1: unknown (no --node-pid or /proc unreadable)
    double self_s = 0;
    double machine_busy_s = -1;
};
CpuSample sample_cpu(long node_pid);
// Where the CPU went between two samples, per unit of work (a tx, a read).
nlohmann::json cpu_report(const CpuSample& a, const CpuSample& b, double units, unsigned cores);

struct Refusals {
    std::mutex mutex;
    std::map<std::string, std::pair<size_t, std::string>> by_reason;
    size_t total = 0;

    void add(const std::string& reason, const std::string& message) {
        std::lock_guard lock(mutex);
        auto& e = by_reason[reason];
        if (e.first++ == 0) e.second = message;
        ++total;
    }
    nlohmann::json to_json() {
        std::lock_guard lock(mutex);
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [reason, e] : by_reason)
            out[reason] = {{"count", e.first}, {"first_message", e.second}};
        return out;
    }
};

}  // namespace folio::bench
