// The soak: a running node under a steady load for many minutes, to show that nothing grows or breaks over
// time.
//
//   soak --rpc URL --token-file FILE --node-pid PID --rate TX_PER_S [--minutes M] [--accounts N]
//        [--reads-per-s R] [--seed N] [--warmup-minutes W]
//
// Load, all through the node's JSON-RPC:
//   - transfers: signed here as they go (keys from bench_key), submitted in JSON-RPC batches every 20 ms on
//   one
//     keep-alive connection, paced to --rate; an account's txs carry increasing nonces, accounts taken
//     round-robin;
//   - probes: one transfer every 100 ms from an account of its own, submit then tx_wait: its submit-to-commit
//     time is the latency figure (p50, p99 per minute);
//   - reads: account_holdings of random accounts, batches of 10, paced to --reads-per-s;
//   - one WebSocket subscribe_blocks session for the whole run (committed tx/s comes from its notices), and
//     subscribers joining and leaving: a new session every 2 s that subscribes, reads two notices and goes.
// Each minute one JSON line: committed and submitted tx/s, probe p50/p99, reads/s, errors (refusals,
// transport, read errors, WebSocket failures), WebSocket sessions opened, the node's RSS and open file
// descriptors (from /proc/PID: medians of samples every 5 s; RSS also as its anonymous part and its maximum).
// At the end one JSON line with "summary": true and the growth of RSS and
// descriptors from the end of the warm-up to the end, and "ok" (no error, growth under 5%). Exit 0 if ok.
#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"
#include "chain/crypto/bech32m.h"
#include "chain/ops.h"
#include "chain/tx.h"

namespace {

using namespace folio;
using namespace folio::bench;
using nlohmann::json;

struct Args {
    std::string url;
    std::string token_file;
    long node_pid = 0;
    double rate = 0;
    double minutes = 60;
    size_t accounts = 2000;
    double reads_per_s = 1000;
    uint64_t seed = 7;
    double warmup_minutes = 2;
};

constexpr const char* kUsage =
    "usage: soak --rpc URL --token-file FILE --node-pid PID --rate TX_PER_S [--minutes M] [--accounts N]\n"
    "            [--reads-per-s R] [--seed N] [--warmup-minutes W]\n";

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n%s", arg.c_str(), kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        try {
            if (arg == "--rpc")
                a.url = next();
            else if (arg == "--token-file")
                a.token_file = next();
            else if (arg == "--node-pid")
                a.node_pid = std::stol(next());
            else if (arg == "--rate")
                a.rate = std::stod(next());
            else if (arg == "--minutes")
                a.minutes = std::stod(next());
            else if (arg == "--accounts")
                a.accounts = std::stoul(next());
            else if (arg == "--reads-per-s")
                a.reads_per_s = std::stod(next());
            else if (arg == "--seed")
                a.seed = std::stoull(next());
            else if (arg == "--warmup-minutes")
                a.warmup_minutes = std::stod(next());
            else {
                std::fprintf(stderr, "%s", kUsage);
                std::exit(2);
            }
        } catch (const std::exception&) {
            std::fprintf(stderr, "%s: not a number\n%s", arg.c_str(), kUsage);
            std::exit(2);
        }
    }
    if (a.url.empty() || a.token_file.empty() || a.node_pid <= 0 || a.rate <= 0 || a.minutes <= 0 ||
        a.accounts < 2 || a.reads_per_s < 0 || a.warmup_minutes < 0 || a.warmup_minutes >= a.minutes) {
        std::fprintf(stderr, "%s", kUsage);
        std::exit(2);
    }
    return a;
}

// What one minute (or the whole run) counted; written by the load threads, read and reset by the reporter.
struct Counters {
    std::atomic<uint64_t> submitted{0};
    std::atomic<uint64_t> committed{0};
    std::atomic<uint64_t> reads{0};
    std::atomic<uint64_t> ws_sessions{0};
    std::mutex mutex;
    std::vector<double> probe_ms;
    std::map<std::string, uint64_t> errors;  // by kind: "refused:BAD_NONCE", "transport", ...
    std::string first_error;

    void error(const std::string& kind, const std::string& message) {
        std::lock_guard lock(mutex);
        if (errors[kind]++ == 0 && first_error.empty()) first_error = kind + ": " + message.substr(0, 300);
    }
    void probe(double ms) {
        std::lock_guard lock(mutex);
        probe_ms.push_back(ms);
    }
};

struct NodeSample {
    long rss_kb = -1;
    long rss_anon_kb = -1;  // the heap: what a leak grows (RssFile is the binary's mapped text)
    long fds = -1;
};

// Descriptors a median may sit above the warm-up's without a leak: connections of the load in flight.
constexpr long kFdSlack = 2;

NodeSample sample_node(long pid) {
    NodeSample s;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) s.rss_kb = std::stol(line.substr(6));
        if (line.rfind("RssAnon:", 0) == 0) s.rss_anon_kb = std::stol(line.substr(8));
    }
    if (DIR* d = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
        s.fds = 0;
        while (dirent* e = readdir(d)) {
            if (e->d_name[0] != '.') ++s.fds;
        }
        closedir(d);
    }
    return s;
}

long median(std::vector<long> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[v.size() / 2];
}

std::string ws_url_of(std::string url) {
    if (url.rfind("http://", 0) == 0) url.replace(0, 4, "ws");
    return url + "/ws";
}

class Soak {
  public:
    Soak(const Args& args, std::string token) : args_(args), token_(std::move(token)) {}

    void set_up() {
        rpc::Client client(args_.url, token_, rpc::ClientOptions{std::chrono::milliseconds(120000)});
        accounts_.resize(args_.accounts + 1);  // the last one sends the probes
        set_up_accounts(client, "SOAK", args_.seed, accounts_);
        const json info = call_or_die(client, "chain_info", json::object());
        if (!from_hex_fixed(info["chain_id"].get<std::string>(), chain_id_))
            die("chain_info: chain_id is not hex");
        if (info.contains("params") && info["params"].contains("tx_max_wait_blocks")) {
            max_wait_blocks_ = info["params"]["tx_max_wait_blocks"].get<uint64_t>();
        }
    }

    bool run() {
        std::vector<std::thread> threads;
        threads.emplace_back([this] { follow_blocks(); });
        threads.emplace_back([this] { submit_transfers(); });
        threads.emplace_back([this] { send_probes(); });
        threads.emplace_back([this] { read_holdings(); });
        threads.emplace_back([this] { churn_subscribers(); });
        const bool ok = report();
        stop_ = true;
        for (auto& t : threads) t.join();
        return ok;
    }

  private:
    bool stopping() const { return stop_.load(std::memory_order_relaxed); }

    Height head(rpc::Client& client) {
        auto status = client.call("chain_status", json::object());
        if (!status) {
            counters_.error("transport", status.error().message);
            return 0;
        }
        return (*status)["height"].get<Height>();
    }

    std::string signed_transfer(size_t from, size_t to, Height height) {
        Tx tx;
        tx.chain_id = chain_id_;
        tx.signer = accounts_[from].id;
        tx.nonce = accounts_[from].next_nonce++;
        tx.valid_until_height = height + max_wait_blocks_;
        tx.ops.push_back(encode_op(TransferOp{"SOAK", accounts_[to].id, 1}));
        SignedTx stx{std::move(tx), {}};
        sign_tx(stx, accounts_[from].key);
        return to_hex(stx.encode());
    }

    // A refused tx leaves a nonce gap behind it: learn the account's next nonce again from the node.
    void resync_nonce(rpc::Client& client, size_t account) {
        auto a = client.call("account_get", json{{"account", accounts_[account].address}});
        if (a) accounts_[account].next_nonce = (*a)["nonce"].get<uint64_t>();
    }

    void follow_blocks() {
        rpc::WsClient ws(ws_url_of(args_.url), token_);
        if (Status s = ws.connect(); !s) return counters_.error("websocket", s.error().message);
        if (auto r = ws.call("subscribe_blocks", json::object()); !r)
            return counters_.error("websocket", r.error().message);
        while (!stopping()) {
            auto note = ws.next_notification(std::chrono::milliseconds(200));
            if (!note) {
                if (note.reason() == Reason::TIMEOUT) continue;
                return counters_.error("websocket", note.error().message);
            }
            counters_.committed += (*note)["result"]["tx_count"].get<uint64_t>();
        }
    }

    void submit_transfers() {
        constexpr auto kTick = std::chrono::milliseconds(20);
        rpc::Client client(args_.url, token_, rpc::ClientOptions{std::chrono::milliseconds(30000)});
        std::mt19937_64 rng(args_.seed);
        const size_t n = args_.accounts;
        size_t cursor = 0;
        double owed = 0;
        Height height = head(client);
        auto next_tick = Clock::now();
        for (uint64_t tick = 0; !stopping(); ++tick) {
            next_tick += kTick;
            std::this_thread::sleep_until(next_tick);
            if (tick % 50 == 0) height = std::max(height, head(client));
            owed += args_.rate * std::chrono::duration<double>(kTick).count();
            const size_t count = static_cast<size_t>(owed);
            owed -= static_cast<double>(count);
            if (count == 0) continue;
            std::vector<std::pair<std::string, json>> calls;
            std::vector<size_t> senders;
            for (size_t k = 0; k < count; ++k) {
                const size_t from = cursor++ % n;
                const size_t to = (from + 1 + rng() % (n - 1)) % n;
                calls.emplace_back("tx_submit", json{{"tx", signed_transfer(from, to, height)}});
                senders.push_back(from);
            }
            auto reply = client.batch(calls);
            if (!reply) {
                counters_.error("transport", reply.error().message);
                for (size_t from : senders) resync_nonce(client, from);
                continue;
            }
            for (size_t k = 0; k < reply->size(); ++k) {
                const auto& r = (*reply)[k];
                if (r) {
                    ++counters_.submitted;
                } else {
                    counters_.error(std::string("refused:") + std::string(reason_name(r.reason())),
                                    r.error().message);
                    resync_nonce(client, senders[k]);
                }
            }
        }
    }

    void send_probes() {
        rpc::Client client(args_.url, token_, rpc::ClientOptions{std::chrono::milliseconds(30000)});
        const size_t probe = args_.accounts;
        auto next = Clock::now();
        while (!stopping()) {
            next += std::chrono::milliseconds(100);
            std::this_thread::sleep_until(next);
            const Height height = head(client);
            const auto sent = Clock::now();
            auto submitted = client.call("tx_submit", json{{"tx", signed_transfer(probe, 0, height)}});
            if (!submitted) {
                counters_.error(std::string("probe:") + std::string(reason_name(submitted.reason())),
                                submitted.error().message);
                resync_nonce(client, probe);
                continue;
            }
            auto waited =
                client.call("tx_wait", json{{"tx_hash", (*submitted)["tx_hash"]}, {"timeout_ms", 10000}});
            const auto done = Clock::now();
            if (!waited || (*waited).value("status", "") != "committed") {
                counters_.error("probe:not_committed", waited ? waited->dump() : waited.error().message);
                resync_nonce(client, probe);
                continue;
            }
            counters_.probe(1000.0 * seconds_between(sent, done));
            next = std::max(next, done);
        }
    }

    void read_holdings() {
        if (args_.reads_per_s <= 0) return;
        constexpr size_t kReadBatch = 10;
        rpc::Client client(args_.url, token_);
        std::mt19937_64 rng(args_.seed + 1);
        const auto interval = std::chrono::duration<double>(kReadBatch / args_.reads_per_s);
        auto next = Clock::now();
        while (!stopping()) {
            next += std::chrono::duration_cast<Clock::duration>(interval);
            std::this_thread::sleep_until(next);
            std::vector<std::pair<std::string, json>> calls;
            for (size_t k = 0; k < kReadBatch; ++k) {
                calls.emplace_back("account_holdings",
                                   json{{"account", accounts_[rng() % args_.accounts].address}});
            }
            auto reply = client.batch(calls);
            if (!reply) {
                counters_.error("read_transport", reply.error().message);
                continue;
            }
            for (const auto& r : *reply) {
                if (r)
                    ++counters_.reads;
                else
                    counters_.error("read:" + std::string(reason_name(r.reason())), r.error().message);
            }
        }
    }

    void churn_subscribers() {
        while (!stopping()) {
            std::this_thread::sleep_for(std::chrono::seconds(2));
            rpc::WsClient ws(ws_url_of(args_.url), token_);
            if (Status s = ws.connect(); !s) {
                counters_.error("ws_churn", s.error().message);
                continue;
            }
            ++counters_.ws_sessions;
            auto sub = ws.call("subscribe_blocks", json::object());
            if (!sub) {
                counters_.error("ws_churn", sub.error().message);
                continue;
            }
            for (int i = 0; i < 2 && !stopping(); ++i) {
                auto note = ws.next_notification(std::chrono::seconds(5));
                if (!note) counters_.error("ws_churn", "no block notice within 5 s: " + note.error().message);
            }
            if (auto un = ws.call("unsubscribe", json{{"subscription", (*sub)["subscription"]}}); !un) {
                counters_.error("ws_churn", un.error().message);
            }
            ws.close();
        }
    }

    // Prints one line a minute and the summary; true if the run met the soak's bar.
    bool report() {
        const auto start = Clock::now();
        const int minutes = static_cast<int>(args_.minutes + 0.999);
        std::vector<double> all_probes;
        std::map<std::string, uint64_t> all_errors;
        uint64_t all_committed = 0;
        NodeSample after_warmup{-1, -1}, last{-1, -1};
        for (int minute = 1; minute <= minutes; ++minute) {
            const auto until =
                start + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(std::min<double>(minute, args_.minutes) * 60));
            const auto from = Clock::now();
            // RSS moves with allocation bursts and with LevelDB's mapped files: the minute's median of
            // samples taken every 5 s is what the growth is judged on.
            std::vector<long> rss, anon, fds;
            for (auto at = from + std::chrono::seconds(5); at < until; at += std::chrono::seconds(5)) {
                std::this_thread::sleep_until(at);
                const NodeSample n = sample_node(args_.node_pid);
                rss.push_back(n.rss_kb);
                anon.push_back(n.rss_anon_kb);
                fds.push_back(n.fds);
            }
            std::this_thread::sleep_until(until);
            const double wall = seconds_between(from, Clock::now());
            std::vector<double> probes;
            std::map<std::string, uint64_t> errors;
            std::string first_error;
            {
                std::lock_guard lock(counters_.mutex);
                probes.swap(counters_.probe_ms);
                errors.swap(counters_.errors);
                first_error.swap(counters_.first_error);
            }
            const uint64_t committed = counters_.committed.exchange(0),
                           submitted = counters_.submitted.exchange(0);
            const uint64_t reads = counters_.reads.exchange(0), sessions = counters_.ws_sessions.exchange(0);
            all_committed += committed;
            all_probes.insert(all_probes.end(), probes.begin(), probes.end());
            uint64_t error_count = 0;
            for (const auto& [kind, n] : errors) {
                error_count += n;
                all_errors[kind] += n;
            }
            std::sort(probes.begin(), probes.end());
            const NodeSample now = sample_node(args_.node_pid);
            rss.push_back(now.rss_kb);
            anon.push_back(now.rss_anon_kb);
            fds.push_back(now.fds);
            last = NodeSample{median(rss), median(anon), median(fds)};
            if (now.rss_kb < 0) last.rss_kb = -1;
            if (minute == static_cast<int>(args_.warmup_minutes + 0.999) ||
                (args_.warmup_minutes == 0 && minute == 1)) {
                after_warmup = last;
            }
            json line = {{"minute", minute},
                         {"committed_tx_per_s", std::round(static_cast<double>(committed) / wall)},
                         {"submitted_tx_per_s", std::round(static_cast<double>(submitted) / wall)},
                         {"probe_p50_ms", round_1(percentile(probes, 0.50))},
                         {"probe_p99_ms", round_1(percentile(probes, 0.99))},
                         {"probes", probes.size()},
                         {"reads_per_s", std::round(static_cast<double>(reads) / wall)},
                         {"ws_sessions_opened", sessions},
                         {"errors", error_count},
                         {"node_rss_kb", last.rss_kb},
                         {"node_rss_anon_kb", last.rss_anon_kb},
                         {"node_rss_kb_max", *std::max_element(rss.begin(), rss.end())},
                         {"node_fds", last.fds}};
            if (error_count) {
                line["error_kinds"] = errors;
                line["first_error"] = first_error;
            }
            std::printf("%s\n", line.dump().c_str());
            std::fflush(stdout);
            if (last.rss_kb < 0) {
                std::fprintf(stderr, "soak: the node (pid %ld) is gone\n", args_.node_pid);
                break;
            }
        }
        std::sort(all_probes.begin(), all_probes.end());
        auto growth = [](long a, long b) {
            return a > 0 && b >= 0 ? round_1(100.0 * static_cast<double>(b - a) / static_cast<double>(a))
                                   : -1.0;
        };
        uint64_t total_errors = 0;
        for (const auto& [kind, n] : all_errors) total_errors += n;
        const double rss_growth = growth(after_warmup.rss_kb, last.rss_kb);
        const double anon_growth = growth(after_warmup.rss_anon_kb, last.rss_anon_kb);
        const double fd_growth = growth(after_warmup.fds, last.fds);
        // Descriptors: the load's own connections come and go (a WebSocket session every 2 s), so a median can
        // land one or two above the baseline without anything leaking; a leak grows past that slack.
        const bool fds_flat = fd_growth < 5 || (last.fds - after_warmup.fds) <= kFdSlack;
        const bool ok = total_errors == 0 && last.rss_kb > 0 && rss_growth < 5 && fds_flat;
        json summary = {{"summary", true},
                        {"minutes", args_.minutes},
                        {"rate", args_.rate},
                        {"committed_tx_per_s", std::round(static_cast<double>(all_committed) /
                                                          seconds_between(start, Clock::now()))},
                        {"probe_p50_ms", round_1(percentile(all_probes, 0.50))},
                        {"probe_p99_ms", round_1(percentile(all_probes, 0.99))},
                        {"probes", all_probes.size()},
                        {"errors", total_errors},
                        {"error_kinds", all_errors},
                        {"warmup_minutes", args_.warmup_minutes},
                        {"node_rss_kb_after_warmup", after_warmup.rss_kb},
                        {"node_rss_kb_end", last.rss_kb},
                        {"node_rss_growth_pct", rss_growth},
                        {"node_rss_anon_kb_after_warmup", after_warmup.rss_anon_kb},
                        {"node_rss_anon_kb_end", last.rss_anon_kb},
                        {"node_rss_anon_growth_pct", anon_growth},
                        {"node_fds_after_warmup", after_warmup.fds},
                        {"node_fds_end", last.fds},
                        {"node_fds_growth_pct", fd_growth},
                        {"ok", ok}};
        std::printf("%s\n", summary.dump().c_str());
        std::fflush(stdout);
        return ok;
    }

    const Args args_;
    const std::string token_;
    std::vector<BenchAccount> accounts_;
    ChainId chain_id_{};
    uint64_t max_wait_blocks_ = 10000;
    Counters counters_;
    std::atomic<bool> stop_{false};
};

}  // namespace

int main(int argc, char** argv) {
    set_program_name("soak");
    const Args args = parse_args(argc, argv);
    Soak soak(args, read_token(args.token_file));
    soak.set_up();
    std::fprintf(stderr, "soak: %.0f tx/s for %.1f minutes, %zu accounts, %.0f reads/s\n", args.rate,
                 args.minutes, args.accounts, args.reads_per_s);
    return soak.run() ? 0 : 1;
}
