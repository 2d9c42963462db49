// The audit benchmark: folio-audit verify's replay and scan on a chain of signed transfers.
//
//   audit_bench [--chain DIR] [--txs N] [--accounts N] [--block N] [--export-only]
//
// Set-up (not timed): unless DIR/chain already holds a chain, a data directory is built in DIR (default: a
// temp dir, removed at the end): a genesis with N KYC'd accounts, then --txs signed transfers (default
// 1,000,000) in blocks of --block (default 5,000, the default block_max_txs), committed by the real Ledger
// with a one-validator certificate, and genesis.json beside it as foliod lays it out. A DIR given is kept, so
// that later runs reuse it. Timed, in one run: `verify_per_s` (BIP340 verifications per second on all cores,
// over a sample of the chain's txs: the ceiling), `replay_tx_per_s` (the replay of chain/replay.h from the
// stored blocks, every signature checked, into a scratch database), `scan_records_per_s` (every record read
// with checksums, decoded and compared with the replay's, chain/store_audit.h), and `export_100k_holders_s`
// (`folio-audit register --asset ACME --datadir DIR` at the head: the whole command, opening the data
// directory and rebuilding its state included; with the default --accounts every one of the 100,000 accounts
// holds ACME), and `import_rows_per_s` (scripts/import_bench.sh: the sample register of --import-holders
// holders, default 10,000, imported into a fresh `foliod --dev`; skipped by --no-import). --export-only
// skips the replay, the scan and the import. The last line is one JSON object.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "audit/app.h"
#include "bench/bench_args.h"
#include "chain/block_builder.h"
#include "chain/crypto/hash.h"
#include "chain/store_audit.h"
#include "chain/verify_pool.h"
#include "contracts/registry.h"

using namespace folio;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Args {
    std::string chain;
    size_t txs = 1'000'000;
    size_t accounts = 100'000;
    size_t block = 5'000;  // the genesis default block_max_txs: fewer, bigger blocks build faster
    bool export_only = false;
    bool import = true;
    size_t import_holders = 10'000;
};

Args parse_args(int argc, char** argv) {
    Args a;
    bench::parse_bench_args(argc, argv,
                            {{"--chain", [&](const std::string& v) { a.chain = v; }},
                             {"--txs", [&](const std::string& v) { a.txs = std::stoull(v); }},
                             {"--accounts", [&](const std::string& v) { a.accounts = std::stoull(v); }},
                             {"--block", [&](const std::string& v) { a.block = std::stoull(v); }},
                             {"--export-only", [&](const std::string&) { a.export_only = true; }, false},
                             {"--no-import", [&](const std::string&) { a.import = false; }, false},
                             {"--import-holders", [&](const std::string& v) { a.import_holders = std::stoull(v); }}},
                            "audit_bench [--chain DIR] [--txs N] [--accounts N] [--block N] [--export-only] "
                            "[--no-import] [--import-holders N]");
    if (a.accounts < 2 || a.block == 0) {
        std::fprintf(stderr, "--accounts must be >= 2 and --block >= 1\n");
        std::exit(2);
    }
    return a;
}

crypto::SecretKey bench_key(uint64_t i) { return bench::tagged_bench_key("folio-audit-bench-key", i); }

// import_rows_per_s: scripts/import_bench.sh (the sample register of scripts/gen_import_sample.py imported by
// folio-audit into a fresh `foliod --dev` of this build), its last line being the importer's JSON line. The
// script is the one place that starts the node and runs the import, for this program and by hand alike.
std::optional<double> import_rows_per_s(size_t holders) {
    const std::string command = std::string("BUILD_DIR=") + FOLIO_BUILD_DIR + " " + FOLIO_SOURCE_DIR +
                                "/scripts/import_bench.sh --holders " + std::to_string(holders) + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return std::nullopt;
    std::string output;
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    if (pclose(pipe) != 0) return std::nullopt;
    const size_t start = output.rfind('{');
    if (start == std::string::npos) return std::nullopt;
    const auto line = nlohmann::json::parse(output.substr(start), nullptr, false);
    if (!line.is_object() || !line.contains("import_rows_per_s") || !line["import_rows_per_s"].is_number())
        return std::nullopt;
    return line["import_rows_per_s"].get<double>();
}

std::string make_genesis(const std::vector<PubKey>& holders, const PubKey& validator) {
    nlohmann::json g;
    g["chain_name"] = "folio-audit-bench";
    g["genesis_time_ms"] = 1764000000000ULL;
    g["validators"] = {{{"name", "v0"},
                        {"consensus_pubkey", to_hex(validator)},
                        {"p2p_pubkey", std::string(64, '0')},
                        {"power", 1}}};
    g["accounts"] = nlohmann::json::array();
    g["accounts"].push_back({{"name", "registrar"},
                             {"pubkey", to_hex(bench_key(0).pubkey())},
                             {"roles", {"registrar", "issuer"}}});
    nlohmann::json balances = nlohmann::json::array();
    for (size_t i = 0; i < holders.size(); ++i) {
        std::string name = "h";
        name += std::to_string(i);
        g["accounts"].push_back({{"name", name},
                                 {"pubkey", to_hex(holders[i])},
                                 {"kyc",
                                  {{"level", 1},
                                   {"category", "retail"},
                                   {"expires_ms", 4102444800000ULL},
                                   {"doc_hash", std::string(64, '1')}}}});
        balances.push_back({{"account", name}, {"amount", "1000000"}});
    }
    g["assets"] = {{{"symbol", "ACME"},
                    {"class", "equity"},
                    {"decimals", 0},
                    {"max_supply", "1000000000000"},
                    {"issuer", "registrar"},
                    {"balances", balances}}};
    return g.dump();
}

// Builds the data directory: genesis, then the transfers in blocks, each signed and committed.
bool build_chain(const Args& args, const std::string& dir, const InstrumentRegistry& registry,
                 VerifyPool& pool) {
    std::fprintf(stderr, "set-up: %zu accounts, %zu transfers in %s...\n", args.accounts, args.txs,
                 dir.c_str());
    std::vector<crypto::SecretKey> keys;
    std::vector<PubKey> pubkeys;
    for (size_t i = 0; i < args.accounts; ++i) {
        keys.push_back(bench_key(i + 1));
        pubkeys.push_back(keys.back().pubkey());
    }
    const crypto::SecretKey validator = bench_key(UINT64_MAX);
    const std::string genesis = make_genesis(pubkeys, validator.pubkey());
    fs::create_directories(dir);
    LedgerOptions lo;
    lo.store.path = dir + "/chain";
    lo.store.sync = false;  // set-up only: the timed part reads
    auto ledger = Ledger::open(lo, genesis);
    if (!ledger) {
        std::fprintf(stderr, "cannot open ledger: %s\n", ledger.error().message.c_str());
        return false;
    }
    std::mt19937_64 rng(42);
    std::vector<uint64_t> nonces(args.accounts, 0);
    uint64_t time_ms = (*ledger)->head().time_ms;
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    for (size_t done = 0; done < args.txs;) {
        const size_t n = std::min(args.block, args.txs - done);
        std::vector<std::pair<size_t, Tx>> unsigned_txs(n);
        for (auto& [from, tx] : unsigned_txs) {
            from = rng() % args.accounts;
            size_t to = rng() % args.accounts;
            if (to == from) to = (to + 1) % args.accounts;
            tx.chain_id = (*ledger)->chain_id();
            tx.signer = account_id_of(pubkeys[from]);
            tx.nonce = nonces[from]++;
            tx.ops.push_back(encode_op(TransferOp{"ACME", account_id_of(pubkeys[to]), 1 + rng() % 10}));
        }
        std::vector<TxPtr> txs(n);
        std::vector<std::thread> signers;
        for (size_t t = 0; t < cores; ++t) {
            signers.emplace_back([&, t] {
                for (size_t i = t; i < n; i += cores) {
                    SignedTx stx{unsigned_txs[i].second, {}};
                    sign_tx(stx, keys[unsigned_txs[i].first]);
                    txs[i] = make_envelope(std::move(stx));
                }
            });
        }
        for (auto& t : signers) t.join();
        time_ms += 200;
        BuiltBlock built =
            build_block(**ledger, registry, txs, pool.verify(txs), time_ms, validator.pubkey());
        if (!built.excluded.empty() || !commit_single_validator(**ledger, built, validator)) {
            std::fprintf(stderr, "set-up block failed\n");
            return false;
        }
        done += n;
    }
    std::ofstream(dir + "/genesis.json") << genesis;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse_args(argc, argv);
    const bool keep = !args.chain.empty();
    const std::string dir =
        keep ? args.chain
             : (fs::temp_directory_path() / ("folio-audit-bench-" + std::to_string(::getpid()))).string();
    auto registry = contracts::make_registry();
    VerifyPool pool;
    if (!fs::exists(dir + "/chain/CURRENT") && !build_chain(args, dir, *registry, pool)) return 1;

    // The register export, first: the data directory as the set-up left it.
    const std::string export_file = dir + "/audit-bench-register.csv";
    std::ostringstream export_out, export_err;
    auto t_export = Clock::now();
    const int export_code = audit::run_audit(
        {"register", "--asset", "ACME", "--datadir", dir, "--out", export_file}, export_out, export_err);
    const double export_s = seconds_since(t_export);
    if (export_code != 0) {
        std::fprintf(stderr, "register export failed: %s\n", export_err.str().c_str());
        return 1;
    }
    const uint64_t exported_holders =
        nlohmann::json::parse(std::ifstream(export_file + ".manifest.json"))["rows"].get<uint64_t>();
    fs::remove(export_file);
    fs::remove(export_file + ".manifest.json");
    if (args.export_only) {
        if (!keep) fs::remove_all(dir);
        nlohmann::json out = {{"holders", exported_holders},
                              {"export_100k_holders_s", std::round(export_s * 1000) / 1000}};
        std::printf("%s\n", out.dump().c_str());
        return 0;
    }

    std::ifstream gf(dir + "/genesis.json");
    const std::string genesis((std::istreambuf_iterator<char>(gf)), std::istreambuf_iterator<char>());
    auto store = AuditedStore::open(dir + "/chain");
    if (!store) {
        std::fprintf(stderr, "cannot open %s: %s\n", dir.c_str(), store.error().message.c_str());
        return 1;
    }
    const Height head = *(*store)->height();

    // 1) The verify ceiling, over the txs of the first blocks (at least 20,000 when the chain has them).
    std::vector<TxPtr> sample;
    for (Height h = 1; h <= head && sample.size() < 20000; ++h) {
        auto b = (*store)->block(h);
        if (!b) return 1;
        sample.insert(sample.end(), b->block.txs.begin(), b->block.txs.end());
    }
    auto t0 = Clock::now();
    const auto ok = pool.verify(sample);
    const double verify_per_s = static_cast<double>(sample.size()) / seconds_since(t0);
    if (std::find(ok.begin(), ok.end(), false) != ok.end()) return 1;

    // 2) The replay, from the stored blocks.
    const std::string scratch = dir + "/audit-bench-replay";
    fs::remove_all(scratch);
    auto replay = ChainReplay::open(genesis, *registry, ReplayOptions{scratch, 0});
    if (!replay) return 1;
    t0 = Clock::now();
    if (Status s = (*replay)->run(**store, head, nullptr); !s) {
        std::fprintf(stderr, "replay failed: %s\n", s.error().message.c_str());
        return 1;
    }
    const double replay_s = seconds_since(t0);
    const uint64_t txs = (*replay)->txs();
    (*replay)->close();

    // 3) The scan of every record against the replay's.
    t0 = Clock::now();
    auto report = (*store)->scan(scratch, head, nullptr);
    const double scan_s = seconds_since(t0);
    if (!report || !report->ok()) {
        std::fprintf(stderr, "scan failed\n");
        return 1;
    }
    fs::remove_all(scratch);
    if (!keep) fs::remove_all(dir);

    const double replay_tx_per_s = static_cast<double>(txs) / replay_s;
    nlohmann::json out = {
        {"blocks", head},
        {"txs", txs},
        {"verify_per_s", std::round(verify_per_s)},
        {"replay_tx_per_s", std::round(replay_tx_per_s)},
        {"replay_vs_verify", std::round(100 * replay_tx_per_s / verify_per_s) / 100},
        {"records", report->records},
        {"scan_records_per_s", std::round(static_cast<double>(report->records) / scan_s)},
        {"holders", exported_holders},
        {"export_100k_holders_s", std::round(export_s * 1000) / 1000},
    };
    if (args.import) {
        const auto rows_per_s = import_rows_per_s(args.import_holders);
        if (!rows_per_s) {
            std::fprintf(stderr, "the import benchmark (scripts/import_bench.sh) failed\n");
            return 1;
        }
        out["import_rows_per_s"] = std::round(*rows_per_s);
    }
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
