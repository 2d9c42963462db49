// The RPC benchmark: pre-signed transfers pushed through a running node's JSON-RPC, from submit to commit
// notice, then account_holdings reads.
//
//   rpc_bench --rpc URL --token-file FILE [--accounts N] [--txs N] [--connections N] [--batch N] [--window N]
//             [--read-seconds S] [--read-batch N] [--asset SYMBOL] [--seed N] [--node-pid PID]
//
// Set-up (not timed), over RPC with an admin token: `issuer` creates the asset (class `other`: no KYC
// needed); N accounts with keys derived from (seed, counter) are registered by `operator` (64 per tx) and
// issued shares; then `txs` transfers are signed here, round-robin over the accounts with increasing nonces,
// so that no single account's sequence bounds the throughput. An account always goes through the same
// connection, so its txs arrive in nonce order. The JSON-RPC batch bodies are encoded before the clock
// starts: the client shares the machine's cores with the node and should spend them on nothing but sockets.
//
// Timed: `connections` threads each post batches of `batch` tx_submit calls on a keep-alive connection,
// keeping at most `window` txs submitted but not yet committed across all connections (an open loop would
// only measure the mempool's queue). Commits are learned from one WebSocket `subscribe_blocks` session
// (commit notices by subscription, not one tx_wait per tx); which tx is in which block is read
// afterwards with block_get. submit_to_commit of a tx = arrival of its block's notice - the moment its batch
// was sent. Then reads: `connections` threads post account_holdings of random accounts for `read-seconds`,
// batched by `read-batch` (reads_per_s), then one call per request (reads_unbatched_per_s).
//
// CPU accounting: this machine may be shared (other builds, other benchmarks), so each phase also reports the
// CPU seconds spent by the node (--node-pid, from /proc), by this client, and by everything else on the
// machine
// (/proc/stat), and the node's CPU microseconds per tx or read, a figure that other load disturbs far less
// than a rate does.
//
// The last line is one JSON object.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/bench_support.h"
#include "chain/crypto/bech32m.h"
#include "chain/crypto/hash.h"
#include "chain/crypto/schnorr.h"
#include "chain/ops.h"
#include "chain/reason.h"
#include "chain/tx.h"
#include "rpc/client.h"

namespace {

using namespace folio;
using nlohmann::json;
using namespace folio::bench;

struct Args {
    std::string url;
    std::string token_file;
    size_t accounts = 10000;
    size_t txs = 200000;
    size_t connections = 4;
    size_t batch = 100;
    size_t window = 20000;
    double read_seconds = 5;
    size_t read_batch = 100;
    std::string asset = "BENCH";
    uint64_t seed = 1;
    long node_pid = 0;
};

constexpr const char* kUsage =
    "usage: rpc_bench --rpc URL --token-file FILE [--accounts N] [--txs N] [--connections N] [--batch N]\n"
    "                 [--window N] [--read-seconds S] [--read-batch N] [--asset SYMBOL] [--seed N] "
    "[--node-pid PID]\n";

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
            else if (arg == "--accounts")
                a.accounts = std::stoul(next());
            else if (arg == "--txs")
                a.txs = std::stoul(next());
            else if (arg == "--connections")
                a.connections = std::stoul(next());
            else if (arg == "--batch")
                a.batch = std::stoul(next());
            else if (arg == "--window")
                a.window = std::stoul(next());
            else if (arg == "--read-seconds")
                a.read_seconds = std::stod(next());
            else if (arg == "--read-batch")
                a.read_batch = std::stoul(next());
            else if (arg == "--asset")
                a.asset = next();
            else if (arg == "--seed")
                a.seed = std::stoull(next());
            else if (arg == "--node-pid")
                a.node_pid = std::stol(next());
            else {
                std::fprintf(stderr, "%s", kUsage);
                std::exit(2);
            }
        } catch (const std::exception&) {
            std::fprintf(stderr, "%s: not a number\n%s", arg.c_str(), kUsage);
            std::exit(2);
        }
    }
    if (a.url.empty() || a.token_file.empty()) {
        std::fprintf(stderr, "--rpc and --token-file are required\n%s", kUsage);
        std::exit(2);
    }
    if (a.accounts < 2 || a.txs == 0 || a.connections == 0 || a.batch == 0 || a.window == 0 ||
        a.read_batch == 0) {
        std::fprintf(stderr, "need at least 2 accounts and positive counts\n%s", kUsage);
        std::exit(2);
    }
    while (!a.url.empty() && a.url.back() == '/') a.url.pop_back();
    return a;
}

// Phase of reads: `connections` threads posting prepared bodies for `read_seconds`.
struct PreparedTx {
    std::string hex;  // signed encoding
    TxHash hash{};
    size_t connection = 0;
};

struct Body {
    std::string text;         // a JSON-RPC batch of tx_submit calls
    std::vector<size_t> txs;  // indexes into the prepared txs, in call order
};

struct CommitLog {
    std::mutex mutex;
    std::condition_variable cv;
    size_t committed = 0;  // txs in blocks above the start height
    std::vector<std::pair<Height, Clock::time_point>> blocks;
    std::string error;
};

// Counts refusals by reason; keeps the first message of each.

struct ReadPhase {
    double per_s = 0;
    json cpu;
};

ReadPhase run_reads(const Args& args, const std::string& token, const std::vector<std::string>& bodies,
                    size_t calls_per_body, unsigned cores, Refusals& refusals) {
    std::atomic<bool> stop{false};
    std::atomic<size_t> calls{0};
    std::vector<std::thread> threads;
    const CpuSample start = sample_cpu(args.node_pid);
    for (size_t c = 0; c < args.connections; ++c) {
        threads.emplace_back([&, c] {
            rpc::Client client(args.url, token);
            size_t done = 0;
            for (size_t i = c; !stop.load(std::memory_order_relaxed); i += args.connections) {
                const std::string& body = bodies[i % bodies.size()];
                auto reply = client.post(body);
                if (!reply || reply->status != 200) {
                    refusals.add("TRANSPORT",
                                 reply ? "HTTP " + std::to_string(reply->status) : reply.error().message);
                    break;
                }
                if (reply->body.find("\"error\"") != std::string::npos)
                    refusals.add("READ_ERROR", reply->body.substr(0, 300));
                done += calls_per_body;
            }
            calls += done;
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(args.read_seconds));
    stop = true;
    for (auto& t : threads) t.join();
    const CpuSample end = sample_cpu(args.node_pid);
    const double n = static_cast<double>(calls.load());
    return ReadPhase{n / seconds_between(start.at, end.at), cpu_report(start, end, n, cores)};
}

}  // namespace

int main(int argc, char** argv) {
    set_program_name("rpc_bench");
    const Args args = parse_args(argc, argv);
    const std::string token = read_token(args.token_file);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    rpc::Client client(args.url, token, rpc::ClientOptions{std::chrono::milliseconds(120000)});

    std::vector<BenchAccount> accounts(args.accounts);
    set_up_accounts(client, args.asset, args.seed, accounts);

    const json info = call_or_die(client, "chain_info", json::object());
    ChainId chain_id{};
    if (!from_hex_fixed(info["chain_id"].get<std::string>(), chain_id))
        die("chain_info: chain_id is not 32 bytes of hex");
    const Height start_height = call_or_die(client, "chain_status", json::object())["height"].get<Height>();
    uint64_t max_wait_blocks = 10000;
    if (info.contains("params") && info["params"].contains("tx_max_wait_blocks")) {
        max_wait_blocks = info["params"]["tx_max_wait_blocks"].get<uint64_t>();
    }

    // Pre-sign: tx j is account j % N's next nonce, to a random other account; account a always uses
    // connection a % connections.
    std::fprintf(stderr, "set-up: signing %zu transfers\n", args.txs);
    std::vector<PreparedTx> txs(args.txs);
    {
        std::mt19937_64 rng(args.seed);
        std::vector<Tx> unsigned_txs(args.txs);
        for (size_t j = 0; j < args.txs; ++j) {
            const size_t from = j % args.accounts;
            size_t to = (from + 1 + rng() % (args.accounts - 1)) % args.accounts;
            Tx& tx = unsigned_txs[j];
            tx.chain_id = chain_id;
            tx.signer = accounts[from].id;
            tx.nonce = accounts[from].next_nonce + j / args.accounts;
            tx.valid_until_height = start_height + max_wait_blocks;
            tx.ops.push_back(encode_op(TransferOp{args.asset, accounts[to].id, 1}));
            txs[j].connection = from % args.connections;
        }
        std::vector<std::thread> signers;
        for (unsigned t = 0; t < cores; ++t) {
            signers.emplace_back([&, t] {
                for (size_t j = t; j < args.txs; j += cores) {
                    SignedTx stx{std::move(unsigned_txs[j]), {}};
                    sign_tx(stx, accounts[j % args.accounts].key);
                    txs[j].hash = stx.tx.hash();
                    txs[j].hex = to_hex(stx.encode());
                }
            });
        }
        for (auto& t : signers) t.join();
    }
    std::vector<std::vector<Body>> bodies(args.connections);
    {
        std::vector<std::vector<size_t>> per_connection(args.connections);
        for (size_t j = 0; j < args.txs; ++j) per_connection[txs[j].connection].push_back(j);
        for (size_t c = 0; c < args.connections; ++c) {
            const auto& list = per_connection[c];
            for (size_t start = 0; start < list.size(); start += args.batch) {
                Body body;
                body.text = "[";
                for (size_t k = start; k < std::min(list.size(), start + args.batch); ++k) {
                    if (k != start) body.text += ',';
                    body.text += submit_call(k - start, txs[list[k]].hex);
                    body.txs.push_back(list[k]);
                }
                body.text += ']';
                bodies[c].push_back(std::move(body));
            }
        }
    }
    std::unordered_map<TxHash, size_t, FixedBytesHasher> index_of_hash;
    for (size_t j = 0; j < txs.size(); ++j) index_of_hash.emplace(txs[j].hash, j);

    // Commit notices.
    std::string ws_url = args.url;
    if (ws_url.rfind("http://", 0) == 0) ws_url.replace(0, 4, "ws");
    ws_url += "/ws";
    CommitLog log;
    std::atomic<bool> stop_reader{false};
    std::atomic<bool> reader_ready{false};
    std::thread reader([&] {
        rpc::WsClient ws(ws_url, token);
        auto fail = [&](const std::string& m) {
            std::lock_guard lock(log.mutex);
            log.error = m;
            log.cv.notify_all();
        };
        if (Status s = ws.connect(); !s) return fail("websocket: " + s.error().message);
        if (auto r = ws.call("subscribe_blocks", json::object()); !r)
            return fail("subscribe_blocks: " + r.error().message);
        reader_ready = true;
        while (!stop_reader.load()) {
            auto note = ws.next_notification(std::chrono::milliseconds(100));
            const auto now = Clock::now();
            if (!note) {
                if (note.reason() == Reason::TIMEOUT) continue;
                return fail("websocket: " + note.error().message);
            }
            const json& result = (*note)["result"];
            const Height h = result["height"].get<Height>();
            if (h <= start_height) continue;
            std::lock_guard lock(log.mutex);
            log.blocks.emplace_back(h, now);
            log.committed += result["tx_count"].get<size_t>();
            log.cv.notify_all();
        }
    });
    while (!reader_ready.load()) {
        {
            std::lock_guard lock(log.mutex);
            if (!log.error.empty()) die(log.error);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    // Timed: submitters, each on its own keep-alive connection.
    std::fprintf(stderr, "running: %zu transfers, %zu connections, batches of %zu, window %zu\n", args.txs,
                 args.connections, args.batch, args.window);
    std::vector<Clock::time_point> sent_at(args.txs);
    std::vector<char> refused(args.txs, 0);
    Refusals submit_refusals;
    std::atomic<size_t> submitted{0};  // admitted txs (refused ones never commit, so they leave the window)
    const CpuSample cpu_start = sample_cpu(args.node_pid);
    const auto t0 = Clock::now();
    std::vector<std::thread> submitters;
    for (size_t c = 0; c < args.connections; ++c) {
        submitters.emplace_back([&, c] {
            rpc::Client conn(args.url, token, rpc::ClientOptions{std::chrono::milliseconds(60000)});
            for (const Body& body : bodies[c]) {
                {
                    std::unique_lock lock(log.mutex);
                    log.cv.wait(lock, [&] {
                        return !log.error.empty() || submitted.load() < log.committed + args.window;
                    });
                    if (!log.error.empty()) return;
                }
                submitted += body.txs.size();
                const auto now = Clock::now();
                for (size_t j : body.txs) sent_at[j] = now;
                auto reply = conn.post(body.text);
                if (!reply || reply->status != 200) {
                    const std::string m =
                        reply ? "HTTP " + std::to_string(reply->status) + ": " + reply->body.substr(0, 300)
                              : reply.error().message;
                    for (size_t j : body.txs) refused[j] = 1;
                    submitted -= body.txs.size();
                    submit_refusals.add("TRANSPORT", m);
                    log.cv.notify_all();
                    continue;
                }
                if (reply->body.find("\"error\"") == std::string::npos) continue;
                const json answers = json::parse(reply->body, nullptr, false);
                if (!answers.is_array()) {
                    submit_refusals.add("BATCH_REFUSED", reply->body.substr(0, 300));
                    for (size_t j : body.txs) refused[j] = 1;
                    submitted -= body.txs.size();
                    continue;
                }
                for (const json& a : answers) {
                    if (!a.contains("error")) continue;
                    const size_t k = a["id"].get<size_t>();
                    const json& e = a["error"];
                    std::string reason = e.contains("data") ? e["data"].value("reason", "?") : "?";
                    submit_refusals.add(reason, e.value("message", ""));
                    refused[body.txs.at(k)] = 1;
                    submitted -= 1;
                }
                log.cv.notify_all();  // refused txs left the window
            }
        });
    }
    for (auto& t : submitters) t.join();
    const auto submit_end = Clock::now();
    {
        // Every admitted tx should commit; give up after 60 s without progress.
        std::unique_lock lock(log.mutex);
        size_t seen = log.committed;
        while (log.error.empty() && log.committed < submitted.load()) {
            if (!log.cv.wait_for(lock, std::chrono::seconds(60),
                                 [&] { return log.committed != seen || !log.error.empty(); })) {
                std::fprintf(stderr, "rpc_bench: no commit for 60 s with %zu of %zu admitted txs committed\n",
                             log.committed, submitted.load());
                break;
            }
            seen = log.committed;
        }
    }
    const CpuSample cpu_end = sample_cpu(args.node_pid);
    stop_reader = true;
    reader.join();
    if (!log.error.empty()) die(log.error);
    if (log.blocks.empty()) die("no block was committed");
    const auto last_commit = log.blocks.back().second;

    // Untimed: which tx went into which block, and how it ended.
    std::fprintf(stderr, "reading %zu blocks\n", log.blocks.size());
    std::vector<double> latency_ms;
    latency_ms.reserve(args.txs);
    size_t committed_ok = 0, failed = 0, foreign = 0, max_block_txs = 0;
    for (const auto& [height, noticed] : log.blocks) {
        const json block = call_or_die(client, "block_get", json{{"height", height}});
        max_block_txs = std::max(max_block_txs, block["txs"].size());
        for (const json& t : block["txs"]) {
            TxHash hash{};
            from_hex_fixed(t["tx_hash"].get<std::string>(), hash);
            auto it = index_of_hash.find(hash);
            if (it == index_of_hash.end()) {
                ++foreign;
                continue;
            }
            if (t.value("status", "") == "committed")
                ++committed_ok;
            else
                ++failed;
            latency_ms.push_back(1000.0 * seconds_between(sent_at[it->second], noticed));
        }
    }
    std::sort(latency_ms.begin(), latency_ms.end());
    double latency_sum = 0;
    for (double v : latency_ms) latency_sum += v;
    const double elapsed = seconds_between(t0, last_commit);
    const size_t committed_txs = committed_ok + failed;

    // Reads.
    std::fprintf(stderr,
                 "reads: account_holdings, %zu connections, %.1f s batched by %zu, then %.1f s unbatched\n",
                 args.connections, args.read_seconds, args.read_batch, args.read_seconds);
    Refusals read_errors;
    std::mt19937_64 rng(args.seed + 1);
    std::vector<std::string> read_bodies;
    for (size_t b = 0; b < 512; ++b) {
        std::string body = "[";
        for (size_t k = 0; k < args.read_batch; ++k) {
            if (k) body += ',';
            body += holdings_call(k, accounts[rng() % accounts.size()].address);
        }
        body += ']';
        read_bodies.push_back(std::move(body));
    }
    const ReadPhase reads = run_reads(args, token, read_bodies, args.read_batch, cores, read_errors);
    read_bodies.clear();
    for (size_t b = 0; b < 4096; ++b)
        read_bodies.push_back(holdings_call(1, accounts[rng() % accounts.size()].address));
    const ReadPhase reads_unbatched = run_reads(args, token, read_bodies, 1, cores, read_errors);

    const double tx_per_s = static_cast<double>(committed_txs) / elapsed;
    const double p50 = percentile(latency_ms, 0.50), p99 = percentile(latency_ms, 0.99);
    json out = {
        {"cores", cores},
        {"note",
         "client and node run on this machine and share its cores (and with any other process: see "
         "cpu.*.other_processes_cores); node_cpu_us_per_unit is the least disturbed figure"},
        {"accounts", args.accounts},
        {"txs", args.txs},
        {"connections", args.connections},
        {"batch", args.batch},
        {"window", args.window},
        {"committed_txs", committed_txs},
        {"failed_txs", failed},
        {"refused_txs", submit_refusals.total},
        {"foreign_txs", foreign},
        {"blocks", log.blocks.size()},
        {"avg_block_txs",
         log.blocks.empty() ? 0.0 : round_1(static_cast<double>(committed_txs) / log.blocks.size())},
        {"max_block_txs", max_block_txs},
        {"submit_tx_per_s",
         std::round(static_cast<double>(submitted.load()) / seconds_between(t0, submit_end))},
        {"committed_tx_per_s", std::round(tx_per_s)},
        {"submit_to_commit_p50_ms", round_1(p50)},
        {"submit_to_commit_p99_ms", round_1(p99)},
        {"submit_to_commit_max_ms", round_1(latency_ms.empty() ? 0.0 : latency_ms.back())},
        {"submit_to_commit_mean_ms", round_1(latency_ms.empty() ? 0.0 : latency_sum / latency_ms.size())},
        {"commit_notice", "websocket subscribe_blocks"},
        {"reads_per_s", std::round(reads.per_s)},
        {"reads_method", "account_holdings"},
        {"reads_batch", args.read_batch},
        {"reads_unbatched_per_s", std::round(reads_unbatched.per_s)},
        {"read_errors", read_errors.total},
        {"goals",
         {{"committed_tx_per_s", tx_per_s >= 10000},
          {"submit_to_commit_p99_ms", p99 < 500},
          {"reads_per_s", reads.per_s >= 20000}}},
        {"cpu",
         {{"txs", cpu_report(cpu_start, cpu_end, static_cast<double>(committed_txs), cores)},
          {"reads", reads.cpu},
          {"reads_unbatched", reads_unbatched.cpu}}},
        {"seed", args.seed},
    };
    if (submit_refusals.total) out["refusals"] = submit_refusals.to_json();
    if (read_errors.total) out["read_error_samples"] = read_errors.to_json();
    std::printf("%s\n", out.dump().c_str());
    return committed_txs == 0 ? 1 : 0;
}
