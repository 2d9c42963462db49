// The ledger benchmark: signed transfers checked, applied, state-rooted and committed to LevelDB, end to end.
//
//   ledger_bench [--accounts N] [--txs N] [--block N] [--dir PATH] [--cores N] [--write-buffer-mb N]
//                [--verify-ahead N] [--workload plain|currency]
//
// --workload currency runs the plain transfers, then as many transfers of a melting local currency (GONETTE,
// 0.01 % a minute of block time, so holdings are charged demurrage as they move) on the same ledger, and
// reports currency_transfers_per_s beside transfers_per_s.
//
// Set-up (not timed): a genesis with N KYC'd accounts holding shares; then txs are pre-signed (as a node receives
// them). Timed: for each block of `--block` txs, decode from bytes, check signatures on all cores (up to
// --verify-ahead blocks, default 4, are checked while the current one executes and commits), execute, compute
// the state root, sign the commit certificate and write the block in one synced LevelDB batch. The last line is one JSON object.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

#include "chain/block_builder.h"
#include "chain/crypto/hash.h"
#include "chain/verify_pool.h"
#include "contracts/local_currency.h"
#include "contracts/registry.h"

namespace {

using namespace folio;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU time of the calling thread: the block loop's thread is the serial part (execute, tree, roots, batch).
double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Args {
    size_t accounts = 100000;
    size_t txs = 1000000;
    size_t block = 1000;
    size_t cores = 0;
    size_t write_buffer_mb = 0;  // 0: the store's default
    size_t verify_ahead = 4;     // blocks whose signatures may be checked before the block loop reaches them
    std::string dir;
    bool currency = false;  // --workload currency
};

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--accounts") a.accounts = std::stoul(next());
        else if (arg == "--txs") a.txs = std::stoul(next());
        else if (arg == "--block") a.block = std::stoul(next());
        else if (arg == "--cores") a.cores = std::stoul(next());
        else if (arg == "--verify-ahead") a.verify_ahead = std::max<size_t>(1, std::stoul(next()));
        else if (arg == "--write-buffer-mb") a.write_buffer_mb = std::stoul(next());
        else if (arg == "--dir") a.dir = next();
        else if (arg == "--workload") {
            const std::string w = next();
            if (w != "plain" && w != "currency") {
                std::fprintf(stderr, "--workload: plain or currency\n");
                std::exit(2);
            }
            a.currency = w == "currency";
        }
        else {
            std::fprintf(stderr, "usage: ledger_bench [--accounts N] [--txs N] [--block N] [--cores N] [--write-buffer-mb N] [--verify-ahead N] [--dir PATH] [--workload plain|currency]\n");
            std::exit(2);
        }
    }
    if (a.accounts < 2 || a.block == 0) {
        std::fprintf(stderr, "need at least 2 accounts and a positive block size\n");
        std::exit(2);
    }
    return a;
}

// Secret keys derived from a counter: the benchmark must be repeatable, and 100k fresh keys from the OS would
// add nothing but set-up time.
crypto::SecretKey bench_key(uint64_t i) {
    const std::string tag = "folio-bench-key";
    Bytes seed(tag.begin(), tag.end());
    for (int b = 0; b < 8; ++b) seed.push_back(static_cast<uint8_t>(i >> (8 * b)));
    return *crypto::SecretKey::from_bytes(crypto::sha256(seed));
}

nlohmann::json bench_kyc() {
    return {{"level", 1}, {"category", "retail"}, {"expires_ms", 4102444800000ULL}, {"doc_hash", std::string(64, '1')}};
}

std::string make_genesis(const std::vector<PubKey>& holders, const PubKey& validator, bool currency) {
    nlohmann::json g;
    g["chain_name"] = "folio-bench";
    g["genesis_time_ms"] = 1764000000000ULL;
    g["validators"] = {{{"name", "v0"}, {"consensus_pubkey", to_hex(validator)}, {"p2p_pubkey", std::string(64, '0')}, {"power", 1}}};
    g["accounts"] = nlohmann::json::array();
    // The registrar is the local currency's fee account, which receives it: KYC'd like the holders.
    g["accounts"].push_back({{"name", "registrar"}, {"pubkey", to_hex(bench_key(0).pubkey())}, {"roles", {"registrar", "issuer"}},
                             {"kyc", bench_kyc()}});
    nlohmann::json balances = nlohmann::json::array(), currency_balances = nlohmann::json::array();
    for (size_t i = 0; i < holders.size(); ++i) {
        std::string name = "h";  // appended, not operator+: GCC 12 -Wrestrict false positive
        name += std::to_string(i);
        g["accounts"].push_back({{"name", name},
                                 {"pubkey", to_hex(holders[i])},
                                 {"kyc", bench_kyc()}});
        balances.push_back({{"account", name}, {"amount", "1000000"}});
        currency_balances.push_back({{"account", name}, {"amount", "10000.00"}});
    }
    g["assets"] = {{{"symbol", "ACME"}, {"class", "equity"}, {"decimals", 0}, {"max_supply", "1000000000000"},
                    {"issuer", "registrar"}, {"balances", balances}}};
    if (currency) {
        g["assets"].push_back({{"symbol", "GONETTE"}, {"class", "currency"}, {"decimals", 2},
                               {"max_supply", "10000000000.00"}, {"issuer", "registrar"}, {"balances", currency_balances}});
    }
    return g.dump();
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse_args(argc, argv);
    const size_t cores = args.cores ? args.cores : std::max(1u, std::thread::hardware_concurrency());
    const std::string dir = args.dir.empty() ? (std::filesystem::temp_directory_path() / ("folio-bench-" + std::to_string(::getpid()))).string() : args.dir;
    std::filesystem::remove_all(dir);
    auto registry = contracts::make_registry();
    VerifyPool pool(cores);

    std::fprintf(stderr, "set-up: %zu accounts...\n", args.accounts);
    std::vector<crypto::SecretKey> keys;
    std::vector<PubKey> pubkeys;
    keys.reserve(args.accounts);
    for (size_t i = 0; i < args.accounts; ++i) {
        keys.push_back(bench_key(i + 1));
        pubkeys.push_back(keys.back().pubkey());
    }
    const crypto::SecretKey validator = bench_key(UINT64_MAX);
    LedgerOptions lo;
    lo.store.path = dir;
    if (args.write_buffer_mb != 0) lo.store.write_buffer_bytes = args.write_buffer_mb << 20;
    auto opened = Ledger::open(lo, make_genesis(pubkeys, validator.pubkey(), args.currency));
    if (!opened) {
        std::fprintf(stderr, "cannot open ledger: %s\n", opened.error().message.c_str());
        return 1;
    }
    Ledger& ledger = **opened;

    // 1) BIP340 verifications per second on all cores.
    const uint64_t seed = 42;
    std::mt19937_64 rng(seed);
    std::vector<uint64_t> nonces(args.accounts, 0);
    // Random transfers of `symbol` between the holders, pre-signed (not timed).
    auto sign_transfers = [&](const char* symbol) {
        std::fprintf(stderr, "set-up: signing %zu transfers of %s...\n", args.txs, symbol);
        std::vector<Bytes> wire(args.txs);
        std::vector<std::pair<size_t, Tx>> unsigned_txs(args.txs);
        for (size_t i = 0; i < args.txs; ++i) {
            const size_t from = rng() % args.accounts;
            size_t to = rng() % args.accounts;
            if (to == from) to = (to + 1) % args.accounts;
            Tx tx;
            tx.chain_id = ledger.chain_id();
            tx.signer = account_id_of(pubkeys[from]);
            tx.nonce = nonces[from]++;
            tx.ops.push_back(encode_op(TransferOp{symbol, account_id_of(pubkeys[to]), 1 + rng() % 10}));
            unsigned_txs[i] = {from, std::move(tx)};
        }
        // Signing in parallel only shortens the set-up.
        std::vector<std::thread> signers;
        for (size_t t = 0; t < cores; ++t) {
            signers.emplace_back([&, t] {
                for (size_t i = t; i < args.txs; i += cores) {
                    SignedTx stx{unsigned_txs[i].second, {}};
                    sign_tx(stx, keys[unsigned_txs[i].first]);
                    wire[i] = stx.encode();
                }
            });
        }
        for (auto& t : signers) t.join();
        return wire;
    };
    std::vector<Bytes> wire = sign_transfers("ACME");

    std::vector<TxPtr> sample;
    for (size_t i = 0; i < std::min<size_t>(args.txs, 20000); ++i) sample.push_back(*decode_signed_tx(wire[i]));
    auto t0 = Clock::now();
    auto sample_ok = pool.verify(sample);
    const double verify_per_s = sample.size() / seconds_since(t0);
    for (bool ok : sample_ok) {
        if (!ok) {
            std::fprintf(stderr, "a benchmark signature does not verify\n");
            return 1;
        }
    }

    // 2) End-to-end transfers: decode + parallel verify (overlapped with the previous block) + execute + root +
    //    commit certificate + synced LevelDB batch.
    const size_t n_blocks = (args.txs + args.block - 1) / args.block;
    uint64_t time_ms = ledger.head().time_ms;
    struct Run {
        std::vector<double> block_ms;
        size_t committed = 0, failed = 0;
        double elapsed_s = 0, serial_wall_s = 0, serial_cpu_s = 0;
        double transfers_per_s() const { return committed / elapsed_s; }
    };
    auto run_blocks = [&](const std::vector<Bytes>& signed_wire) -> std::optional<Run> {
        std::fprintf(stderr, "running %zu transfers in blocks of %zu...\n", args.txs, args.block);
        auto prepare = [&](size_t b) {
            std::vector<TxPtr> txs;
            const size_t start = b * args.block, end = std::min(args.txs, start + args.block);
            txs.reserve(end - start);
            for (size_t i = start; i < end; ++i) txs.push_back(*decode_signed_tx(signed_wire[i]));
            auto ok = pool.verify(txs);
            return std::make_pair(std::move(txs), std::move(ok));
        };
        Run run;
        const double serial_cpu_start = thread_cpu_seconds();
        const auto started = Clock::now();
        // A node checks a tx's signatures when it admits it, long before a block takes it, so signature checks
        // never wait for the block loop: up to `verify_ahead` blocks are checked ahead, and the cores stay busy
        // with them while the block loop waits for its fsync or runs alone.
        std::deque<std::future<std::pair<std::vector<TxPtr>, std::vector<bool>>>> ahead;
        size_t launched = 0;
        for (size_t b = 0; b < n_blocks; ++b) {
            while (launched < n_blocks && launched < b + args.verify_ahead) {
                ahead.push_back(std::async(std::launch::async, prepare, launched++));
            }
            auto [txs, ok] = ahead.front().get();
            ahead.pop_front();
            const auto tb = Clock::now();
            time_ms += 200;
            BuiltBlock built = build_block(ledger, *registry, txs, ok, time_ms, validator.pubkey());
            auto cert = commit_single_validator(ledger, built, validator);
            if (!cert) {
                std::fprintf(stderr, "commit failed: %s\n", cert.error().message.c_str());
                return std::nullopt;
            }
            run.block_ms.push_back(seconds_since(tb) * 1000);
            run.serial_wall_s += run.block_ms.back() / 1000;
            run.committed += built.block.txs.size();
            for (const auto& r : built.result.receipts) run.failed += r.status != TxStatus::success;
            if (!built.excluded.empty()) {
                std::fprintf(stderr, "block %zu excluded %zu txs: %s\n", b, built.excluded.size(),
                             built.excluded[0].error.message.c_str());
                return std::nullopt;
            }
        }
        run.elapsed_s = seconds_since(started);
        run.serial_cpu_s = thread_cpu_seconds() - serial_cpu_start;
        return run;
    };
    std::optional<Run> plain = run_blocks(wire);
    if (!plain) return 1;
    std::vector<double>& block_ms = plain->block_ms;
    const size_t committed = plain->committed, failed = plain->failed;
    const double serial_cpu_s = plain->serial_cpu_s, serial_wall_s = plain->serial_wall_s;
    const double transfers_per_s = plain->transfers_per_s();

    // 2b) The same number of transfers of a melting local currency, on the same ledger.
    std::optional<Run> melting;
    if (args.currency) {
        contracts::CurrencyTermsOp terms;
        terms.asset = "GONETTE";
        terms.terms.fee_bps = 100;
        terms.terms.fee_account = account_id_of(bench_key(0).pubkey());
        terms.terms.redeem_by = contracts::RedeemBy::all;
        terms.terms.demurrage_bps = 1;
        terms.terms.demurrage_period_ms = contracts::kMinDemurragePeriodMs;
        terms.terms.fully_backed = false;
        Tx tx;
        tx.chain_id = ledger.chain_id();
        tx.signer = terms.terms.fee_account;
        tx.ops.push_back(contracts::encode_currency_terms(terms));
        SignedTx stx{tx, {}};
        sign_tx(stx, bench_key(0));
        const std::vector<TxPtr> setup = {*decode_signed_tx(stx.encode())};
        time_ms += 200;
        BuiltBlock built = build_block(ledger, *registry, setup, pool.verify(setup), time_ms, validator.pubkey());
        if (built.result.receipts.size() != 1 || built.result.receipts[0].status != TxStatus::success ||
            !commit_single_validator(ledger, built, validator)) {
            std::fprintf(stderr, "currency_terms failed\n");
            return 1;
        }
        melting = run_blocks(sign_transfers("GONETTE"));
        if (!melting) return 1;
    }

    // 3) Holding proofs verified per second (one core), against the head's state root.
    const Height head = ledger.height();
    const Hash256 root = ledger.head().state_root;
    std::vector<std::pair<Bytes, StateProof>> proofs;
    for (size_t i = 0; i < 2000; ++i) {
        const Bytes key = state_key::balance(1, account_id_of(pubkeys[rng() % args.accounts]));
        auto p = ledger.prove(head, key);
        if (p) proofs.emplace_back(key, *p);
    }
    std::vector<std::optional<Hash256>> values;
    for (auto& [key, proof] : proofs) {
        Bytes v;
        values.push_back(ledger.state().get(key, v) ? std::optional<Hash256>(Ledger::value_hash(v)) : std::nullopt);
    }
    t0 = Clock::now();
    size_t verified = 0;
    for (int rep = 0; rep < 10; ++rep) {
        for (size_t i = 0; i < proofs.size(); ++i) {
            verified += verify_state_proof(root, Ledger::key_hash(proofs[i].first), values[i], proofs[i].second);
        }
    }
    const double proof_verify_per_s = verified / seconds_since(t0);
    if (verified != proofs.size() * 10) {
        std::fprintf(stderr, "a holding proof failed to verify\n");
        return 1;
    }

    std::sort(block_ms.begin(), block_ms.end());
    auto pct = [&](double p) { return block_ms.empty() ? 0.0 : block_ms[std::min(block_ms.size() - 1, size_t(p * block_ms.size()))]; };
    nlohmann::json out = {
        {"cores", cores},
        {"accounts", args.accounts},
        {"txs", committed},
        {"failed_txs", failed},
        {"block_txs", args.block},
        {"verify_ahead_blocks", args.verify_ahead},
        {"blocks", n_blocks},
        {"verify_per_s", std::round(verify_per_s)},
        {"transfers_per_s", std::round(transfers_per_s)},
        {"transfers_vs_verify", std::round(100 * transfers_per_s / verify_per_s) / 100},
        {"block_ms_p50", pct(0.5)},
        {"block_ms_p99", pct(0.99)},
        {"serial_cpu_us_per_tx", std::round(10 * serial_cpu_s * 1e6 / std::max<size_t>(committed, 1)) / 10},
        {"serial_wall_us_per_tx", std::round(10 * serial_wall_s * 1e6 / std::max<size_t>(committed, 1)) / 10},
        {"proof_verify_per_s", std::round(proof_verify_per_s)},
        {"state_leaves_hint", args.accounts * 2},
        {"seed", seed},
    };
    if (melting) {
        out["workload"] = "currency";
        out["currency_transfers_per_s"] = std::round(melting->transfers_per_s());
        out["currency_failed_txs"] = melting->failed;
        out["currency_vs_plain"] = std::round(100 * melting->transfers_per_s() / transfers_per_s) / 100;
    }
    // Figures first: the ledger is still open, and its compaction thread may delete a table file while the
    // directory is removed (remove_all then fails); neither may cost the run its output.
    std::printf("%s\n", out.dump().c_str());
    std::fflush(stdout);
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return 0;
}
