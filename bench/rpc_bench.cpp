// The RPC benchmark: pre-signed transfers pushed through a running node's JSON-RPC, from submit to commit notice,
// then account_holdings reads.
//
//   rpc_bench --rpc URL --token-file FILE [--accounts N] [--txs N] [--connections N] [--batch N] [--window N]
//             [--read-seconds S] [--read-batch N] [--asset SYMBOL] [--seed N] [--node-pid PID]
//
// Set-up (not timed), over RPC with an admin token: `issuer` creates the asset (class `other`: no KYC needed);
// N accounts with keys derived from (seed, counter) are registered by `operator` (64 per tx) and issued shares;
// then `txs` transfers are signed here, round-robin over the accounts with increasing nonces, so that no single
// account's sequence bounds the throughput. An account always goes through the same connection, so its txs
// arrive in nonce order. The JSON-RPC batch bodies are encoded before the clock starts: the client shares the
// machine's cores with the node and should spend them on nothing but sockets.
//
// Timed: `connections` threads each post batches of `batch` tx_submit calls on a keep-alive connection, keeping
// at most `window` txs submitted but not yet committed across all connections (an open loop would only measure
// the mempool's queue). Commits are learned from one WebSocket `subscribe_blocks` session (DESIGN: commit
// notices by subscription, not one tx_wait per tx); which tx is in which block is read afterwards with
// block_get. submit_to_commit of a tx = arrival of its block's notice - the moment its batch was sent.
// Then reads: `connections` threads post account_holdings of random accounts for `read-seconds`, batched by
// `read-batch` (reads_per_s), then one call per request (reads_unbatched_per_s).
//
// CPU accounting: this machine may be shared (other builds, other benchmarks), so each phase also reports the CPU
// seconds spent by the node (--node-pid, from /proc), by this client, and by everything else on the machine
// (/proc/stat), and the node's CPU microseconds per tx or read, a figure that other load disturbs far less than
// a rate does.
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
using Clock = std::chrono::steady_clock;

constexpr size_t kSetupBatch = 100;       // the node's default rpc_max_batch
constexpr size_t kRegisterPerTx = 64;     // kMaxOpsPerTx
constexpr size_t kIssuePerTx = 1000;      // kMaxIssueRecipients
constexpr uint64_t kIssuedPerAccount = 1'000'000;

double seconds_between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "rpc_bench: %s\n", message.c_str());
    std::exit(1);
}

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
    "                 [--window N] [--read-seconds S] [--read-batch N] [--asset SYMBOL] [--seed N] [--node-pid PID]\n";

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
            if (arg == "--rpc") a.url = next();
            else if (arg == "--token-file") a.token_file = next();
            else if (arg == "--accounts") a.accounts = std::stoul(next());
            else if (arg == "--txs") a.txs = std::stoul(next());
            else if (arg == "--connections") a.connections = std::stoul(next());
            else if (arg == "--batch") a.batch = std::stoul(next());
            else if (arg == "--window") a.window = std::stoul(next());
            else if (arg == "--read-seconds") a.read_seconds = std::stod(next());
            else if (arg == "--read-batch") a.read_batch = std::stoul(next());
            else if (arg == "--asset") a.asset = next();
            else if (arg == "--seed") a.seed = std::stoull(next());
            else if (arg == "--node-pid") a.node_pid = std::stol(next());
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
    if (a.accounts < 2 || a.txs == 0 || a.connections == 0 || a.batch == 0 || a.window == 0 || a.read_batch == 0) {
        std::fprintf(stderr, "need at least 2 accounts and positive counts\n%s", kUsage);
        std::exit(2);
    }
    while (!a.url.empty() && a.url.back() == '/') a.url.pop_back();
    return a;
}

std::string read_token(const std::string& path) {
    std::ifstream in(path);
    if (!in) die("cannot read the token file " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string token = ss.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) die("the token file " + path + " is empty");
    return token;
}

// Keys derived from (seed, counter): repeatable runs, and no entropy drawn for thousands of throwaway keys.
crypto::SecretKey bench_key(uint64_t seed, uint64_t i) {
    const std::string tag = "folio-rpc-bench-key";
    Bytes material(tag.begin(), tag.end());
    for (int b = 0; b < 8; ++b) material.push_back(static_cast<uint8_t>(seed >> (8 * b)));
    for (int b = 0; b < 8; ++b) material.push_back(static_cast<uint8_t>(i >> (8 * b)));
    return *crypto::SecretKey::from_bytes(crypto::sha256(material));
}

json call_or_die(rpc::Client& client, const std::string& method, const json& params) {
    auto r = client.call(method, params);
    if (!r) {
        std::string m = method;
        m += ": ";
        m += reason_name(r.reason());
        m += ": ";
        m += r.error().message;
        die(m);
    }
    return *r;
}

std::vector<Result<json>> batch_or_die(rpc::Client& client, const std::vector<std::pair<std::string, json>>& calls) {
    auto r = client.batch(calls);
    if (!r) die("batch of " + std::to_string(calls.size()) + " calls: " + r.error().message);
    return std::move(*r);
}

// Waits (batched tx_wait) until every tx is committed; any other outcome ends the benchmark.
void wait_committed(rpc::Client& client, const std::vector<std::string>& hashes, const std::string& what) {
    for (size_t start = 0; start < hashes.size(); start += kSetupBatch) {
        std::vector<std::pair<std::string, json>> calls;
        for (size_t i = start; i < std::min(hashes.size(), start + kSetupBatch); ++i) {
            calls.emplace_back("tx_wait", json{{"tx_hash", hashes[i]}, {"timeout_ms", 60000}});
        }
        auto results = batch_or_die(client, calls);
        for (size_t i = 0; i < results.size(); ++i) {
            if (!results[i]) die(what + ": tx_wait: " + results[i].error().message);
            if ((*results[i]).value("status", "") != "committed") {
                die(what + ": tx " + hashes[start + i] + " ended " + results[i]->dump());
            }
        }
    }
}

struct BenchAccount {
    crypto::SecretKey key;
    PubKey pubkey{};
    AccountId id{};
    std::string address;
    uint64_t next_nonce = 0;
    bool registered = false;
};

// Set-up: the asset, the accounts (registered unless an earlier run with this seed did it) and their shares.
void set_up(rpc::Client& client, const Args& args, std::vector<BenchAccount>& accounts) {
    std::map<std::string, std::string> key_address;
    const json node_keys = call_or_die(client, "node_keys", json::object());
    for (const auto& k : node_keys["keys"]) {
        key_address[k["name"].get<std::string>()] = k["address"].get<std::string>();
    }
    if (!key_address.count("issuer") || !key_address.count("operator")) {
        die("the node keystore needs keys named issuer and operator (start the node with --dev)");
    }

    if (!client.call("asset_get", json{{"asset", args.asset}})) {
        std::fprintf(stderr, "set-up: asset_create %s\n", args.asset.c_str());
        const json created = call_or_die(client, "tx_sign_submit",
                                         json{{"key", "issuer"},
                                              {"ops", json::array({json{{"op", "asset_create"},
                                                                        {"symbol", args.asset},
                                                                        {"class", "other"},
                                                                        {"decimals", 0},
                                                                        {"max_supply", "1000000000000000"}}})}});
        wait_committed(client, {created["tx_hash"].get<std::string>()}, "asset_create");
    }

    std::fprintf(stderr, "set-up: %zu accounts\n", args.accounts);
    for (size_t i = 0; i < accounts.size(); ++i) {
        accounts[i].key = bench_key(args.seed, i);
        accounts[i].pubkey = accounts[i].key.pubkey();
        accounts[i].id = account_id_of(accounts[i].pubkey);
        accounts[i].address = crypto::encode_address(accounts[i].id);
    }
    // Which keys an earlier run registered already, and their next nonces.
    for (size_t start = 0; start < accounts.size(); start += kSetupBatch) {
        std::vector<std::pair<std::string, json>> calls;
        const size_t end = std::min(accounts.size(), start + kSetupBatch);
        for (size_t i = start; i < end; ++i) calls.emplace_back("account_get", json{{"pubkey", to_hex(accounts[i].pubkey)}});
        auto results = batch_or_die(client, calls);
        for (size_t i = start; i < end; ++i) {
            const auto& r = results[i - start];
            if (r) {
                accounts[i].registered = true;
                accounts[i].next_nonce = (*r)["nonce"].get<uint64_t>();
            } else if (r.reason() != Reason::NOT_FOUND) {
                die("account_get: " + r.error().message);
            }
        }
    }
    std::vector<std::string> hashes;
    json ops = json::array();
    auto flush_register = [&] {
        if (ops.empty()) return;
        hashes.push_back(call_or_die(client, "tx_sign_submit", json{{"key", "operator"}, {"ops", ops}})["tx_hash"].get<std::string>());
        ops = json::array();
    };
    size_t to_register = 0;
    for (const auto& a : accounts) {
        if (a.registered) continue;
        ++to_register;
        ops.push_back(json{{"op", "account_register"}, {"pubkey", to_hex(a.pubkey)}});
        if (ops.size() == kRegisterPerTx) flush_register();
    }
    flush_register();
    wait_committed(client, hashes, "account_register");
    std::fprintf(stderr, "set-up: registered %zu accounts in %zu txs\n", to_register, hashes.size());

    hashes.clear();
    for (size_t start = 0; start < accounts.size(); start += kIssuePerTx) {
        json to = json::array();
        for (size_t i = start; i < std::min(accounts.size(), start + kIssuePerTx); ++i) {
            to.push_back(json{{"account", accounts[i].address}, {"amount", std::to_string(kIssuedPerAccount)}});
        }
        json op = {{"op", "issue"}, {"asset", args.asset}, {"to", std::move(to)}};
        hashes.push_back(call_or_die(client, "tx_sign_submit",
                                     json{{"key", "issuer"}, {"ops", json::array({std::move(op)})}})["tx_hash"].get<std::string>());
    }
    wait_committed(client, hashes, "issue");
    std::fprintf(stderr, "set-up: issued %llu %s to each account\n", static_cast<unsigned long long>(kIssuedPerAccount),
                 args.asset.c_str());
}

struct PreparedTx {
    std::string hex;       // signed encoding
    TxHash hash{};
    size_t connection = 0;
};

struct Body {
    std::string text;            // a JSON-RPC batch of tx_submit calls
    std::vector<size_t> txs;     // indexes into the prepared txs, in call order
};

std::string submit_call(size_t id, const std::string& hex) {
    std::string s = R"({"jsonrpc":"2.0","id":)";
    s += std::to_string(id);
    s += R"(,"method":"tx_submit","params":{"tx":")";
    s += hex;
    s += R"("}})";
    return s;
}

std::string holdings_call(size_t id, const std::string& address) {
    std::string s = R"({"jsonrpc":"2.0","id":)";
    s += std::to_string(id);
    s += R"(,"method":"account_holdings","params":{"account":")";
    s += address;
    s += R"("}})";
    return s;
}

double percentile(std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
    return sorted[i];
}

double round_1(double v) { return std::round(v * 10) / 10; }

// CPU seconds used so far: by the node, by this process, and by the whole machine (busy, all cores).
struct CpuSample {
    Clock::time_point at = Clock::now();
    double node_s = -1;  // -1: unknown (no --node-pid or /proc unreadable)
    double self_s = 0;
    double machine_busy_s = -1;
};

CpuSample sample_cpu(long node_pid) {
    CpuSample c;
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    if (node_pid > 0) {
        std::ifstream in("/proc/" + std::to_string(node_pid) + "/stat");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const size_t paren = text.rfind(')');
        if (paren != std::string::npos) {
            // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
            std::istringstream fields(text.substr(paren + 2));
            std::string f;
            double utime = 0, stime = 0;
            for (int i = 3; i <= 15 && fields >> f; ++i) {
                if (i == 14) utime = std::stod(f);
                if (i == 15) stime = std::stod(f);
            }
            if (fields) c.node_s = (utime + stime) / tick;
        }
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    c.self_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    std::ifstream stat("/proc/stat");
    std::string cpu;
    double v[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    if (stat >> cpu >> v[0] >> v[1] >> v[2] >> v[3] >> v[4] >> v[5] >> v[6] >> v[7] && cpu == "cpu") {
        // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
        c.machine_busy_s = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / tick;
    }
    return c;
}

double round_3(double v) { return std::round(v * 1000) / 1000; }

// Where the CPU went between two samples, per unit of work (a tx, a read).
json cpu_report(const CpuSample& a, const CpuSample& b, double units, unsigned cores) {
    const double wall = seconds_between(a.at, b.at);
    const double self = b.self_s - a.self_s;
    json r = {{"wall_s", round_3(wall)}, {"bench_cpu_s", round_3(self)}};
    if (units > 0) r["bench_cpu_us_per_unit"] = round_3(1e6 * self / units);
    double node = -1;
    if (a.node_s >= 0 && b.node_s >= 0) {
        node = b.node_s - a.node_s;
        r["node_cpu_s"] = round_3(node);
        r["node_cores_used"] = round_3(node / wall);
        if (units > 0) {
            r["node_cpu_us_per_unit"] = round_3(1e6 * node / units);
            // What the machine's cores would carry if the node and this client had them to themselves and the
            // node kept them all busy: a ceiling, not a measurement.
            r["ceiling_per_s_if_cores_were_ours"] = std::round(cores * units / (node + self));
        }
    }
    if (a.machine_busy_s >= 0 && b.machine_busy_s >= 0) {
        const double busy = b.machine_busy_s - a.machine_busy_s;
        r["machine_cores_busy"] = round_3(busy / wall);
        if (node >= 0) r["other_processes_cores"] = round_3(std::max(0.0, busy - node - self) / wall);
    }
    return r;
}

// What the WebSocket reader learned: each block's height, its tx count and when its notice arrived.
struct CommitLog {
    std::mutex mutex;
    std::condition_variable cv;
    size_t committed = 0;   // txs in blocks above the start height
    std::vector<std::pair<Height, Clock::time_point>> blocks;
    std::string error;
};

// Counts refusals by reason; keeps the first message of each.
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
    json to_json() {
        std::lock_guard lock(mutex);
        json out = json::object();
        for (const auto& [reason, e] : by_reason) out[reason] = {{"count", e.first}, {"first_message", e.second}};
        return out;
    }
};

struct ReadPhase {
    double per_s = 0;
    json cpu;
};

// Phase of reads: `connections` threads posting prepared bodies for `read_seconds`.
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
                    refusals.add("TRANSPORT", reply ? "HTTP " + std::to_string(reply->status) : reply.error().message);
                    break;
                }
                if (reply->body.find("\"error\"") != std::string::npos) refusals.add("READ_ERROR", reply->body.substr(0, 300));
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
    const Args args = parse_args(argc, argv);
    const std::string token = read_token(args.token_file);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    rpc::Client client(args.url, token, rpc::ClientOptions{std::chrono::milliseconds(120000)});

    std::vector<BenchAccount> accounts(args.accounts);
    set_up(client, args, accounts);

    const json info = call_or_die(client, "chain_info", json::object());
    ChainId chain_id{};
    if (!from_hex_fixed(info["chain_id"].get<std::string>(), chain_id)) die("chain_info: chain_id is not 32 bytes of hex");
    const Height start_height = call_or_die(client, "chain_status", json::object())["height"].get<Height>();
    uint64_t max_wait_blocks = 10000;
    if (info.contains("params") && info["params"].contains("tx_max_wait_blocks")) {
        max_wait_blocks = info["params"]["tx_max_wait_blocks"].get<uint64_t>();
    }

    // Pre-sign: tx j is account j % N's next nonce, to a random other account; account a always uses connection
    // a % connections.
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
        if (auto r = ws.call("subscribe_blocks", json::object()); !r) return fail("subscribe_blocks: " + r.error().message);
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
                    const std::string m = reply ? "HTTP " + std::to_string(reply->status) + ": " + reply->body.substr(0, 300)
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
            if (!log.cv.wait_for(lock, std::chrono::seconds(60), [&] { return log.committed != seen || !log.error.empty(); })) {
                std::fprintf(stderr, "rpc_bench: no commit for 60 s with %zu of %zu admitted txs committed\n", log.committed,
                             submitted.load());
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
            if (t.value("status", "") == "committed") ++committed_ok;
            else ++failed;
            latency_ms.push_back(1000.0 * seconds_between(sent_at[it->second], noticed));
        }
    }
    std::sort(latency_ms.begin(), latency_ms.end());
    double latency_sum = 0;
    for (double v : latency_ms) latency_sum += v;
    const double elapsed = seconds_between(t0, last_commit);
    const size_t committed_txs = committed_ok + failed;

    // Reads.
    std::fprintf(stderr, "reads: account_holdings, %zu connections, %.1f s batched by %zu, then %.1f s unbatched\n",
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
    for (size_t b = 0; b < 4096; ++b) read_bodies.push_back(holdings_call(1, accounts[rng() % accounts.size()].address));
    const ReadPhase reads_unbatched = run_reads(args, token, read_bodies, 1, cores, read_errors);

    const double tx_per_s = static_cast<double>(committed_txs) / elapsed;
    const double p50 = percentile(latency_ms, 0.50), p99 = percentile(latency_ms, 0.99);
    json out = {
        {"cores", cores},
        {"note", "client and node run on this machine and share its cores (and with any other process: see "
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
        {"avg_block_txs", log.blocks.empty() ? 0.0 : round_1(static_cast<double>(committed_txs) / log.blocks.size())},
        {"max_block_txs", max_block_txs},
        {"submit_tx_per_s", std::round(static_cast<double>(submitted.load()) / seconds_between(t0, submit_end))},
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
        {"goals", {{"committed_tx_per_s", tx_per_s >= 10000},
                   {"submit_to_commit_p99_ms", p99 < 500},
                   {"reads_per_s", reads.per_s >= 20000}}},
        {"cpu", {{"txs", cpu_report(cpu_start, cpu_end, static_cast<double>(committed_txs), cores)},
                 {"reads", reads.cpu},
                 {"reads_unbatched", reads_unbatched.cpu}}},
        {"seed", args.seed},
    };
    if (submit_refusals.total) out["refusals"] = submit_refusals.to_json();
    if (read_errors.total) out["read_error_samples"] = read_errors.to_json();
    std::printf("%s\n", out.dump().c_str());
    return committed_txs == 0 ? 1 : 0;
}
