#include "bench/bench_support.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "chain/crypto/bech32m.h"
#include "chain/crypto/hash.h"
#include "chain/reason.h"

namespace folio::bench {

using nlohmann::json;

namespace {
const char* program_name = "bench";
}

void set_program_name(const char* name) {
    program_name = name;
}

void die(const std::string& message) {
    std::fprintf(stderr, "%s: %s\n", program_name, message.c_str());
    std::exit(1);
}

double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

std::string read_token(const std::string& path) {
    std::ifstream in(path);
    if (!in) die("cannot read the token file " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string token = ss.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
        token.pop_back();
    if (token.empty()) die("the token file " + path + " is empty");
    return token;
}

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

std::vector<Result<json>> batch_or_die(rpc::Client& client,
                                       const std::vector<std::pair<std::string, json>>& calls) {
    auto r = client.batch(calls);
    if (!r) die("batch of " + std::to_string(calls.size()) + " calls: " + r.error().message);
    return std::move(*r);
}

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

void set_up_accounts(rpc::Client& client, const std::string& asset, uint64_t seed,
                     std::vector<BenchAccount>& accounts) {
    std::map<std::string, std::string> key_address;
    const json node_keys = call_or_die(client, "node_keys", json::object());
    for (const auto& k : node_keys["keys"]) {
        key_address[k["name"].get<std::string>()] = k["address"].get<std::string>();
    }
    if (!key_address.count("issuer") || !key_address.count("operator")) {
        die("the node keystore needs keys named issuer and operator (start the node with --dev)");
    }

    if (!client.call("asset_get", json{{"asset", asset}})) {
        std::fprintf(stderr, "set-up: asset_create %s\n", asset.c_str());
        const json created =
            call_or_die(client, "tx_sign_submit",
                        json{{"key", "issuer"},
                             {"ops", json::array({json{{"op", "asset_create"},
                                                       {"symbol", asset},
                                                       {"class", "other"},
                                                       {"decimals", 0},
                                                       {"max_supply", "1000000000000000"}}})}});
        wait_committed(client, {created["tx_hash"].get<std::string>()}, "asset_create");
    }

    std::fprintf(stderr, "set-up: %zu accounts\n", accounts.size());
    for (size_t i = 0; i < accounts.size(); ++i) {
        accounts[i].key = bench_key(seed, i);
        accounts[i].pubkey = accounts[i].key.pubkey();
        accounts[i].id = account_id_of(accounts[i].pubkey);
        accounts[i].address = crypto::encode_address(accounts[i].id);
    }
    // Which keys an earlier run registered already, and their next nonces.
    for (size_t start = 0; start < accounts.size(); start += kSetupBatch) {
        std::vector<std::pair<std::string, json>> calls;
        const size_t end = std::min(accounts.size(), start + kSetupBatch);
        for (size_t i = start; i < end; ++i)
            calls.emplace_back("account_get", json{{"pubkey", to_hex(accounts[i].pubkey)}});
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
        hashes.push_back(
            call_or_die(client, "tx_sign_submit", json{{"key", "operator"}, {"ops", ops}})["tx_hash"]
                .get<std::string>());
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
            to.push_back(
                json{{"account", accounts[i].address}, {"amount", std::to_string(kIssuedPerAccount)}});
        }
        json op = {{"op", "issue"}, {"asset", asset}, {"to", std::move(to)}};
        hashes.push_back(
            call_or_die(client, "tx_sign_submit",
                        json{{"key", "issuer"}, {"ops", json::array({std::move(op)})}})["tx_hash"]
                .get<std::string>());
    }
    wait_committed(client, hashes, "issue");
    std::fprintf(stderr, "set-up: issued %llu %s to each account\n",
                 static_cast<unsigned long long>(kIssuedPerAccount), asset.c_str());
}

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

double round_1(double v) {
    return std::round(v * 10) / 10;
}

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

double round_3(double v) {
    return std::round(v * 1000) / 1000;
}

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

}  // namespace folio::bench
