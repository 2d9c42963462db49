// The instruments benchmark: one royalty distribution paged through real blocks over many holders.
//
//   instruments_bench [--holders N] [--limit L] [--dir DIR]
//
// Set-up (not timed): a genesis with N KYC'd holders of ROY (class royalty, 1 to 7 units each) and a
// registrar holding EUR, a Ledger in DIR (default: a temp dir, removed at the end) with synced commits, and
// one empty block so that the record height (1) is committed history. Timed: the `distribute` op (its first
// page) and then `distribution_pay` ops of `limit` holders (default 10,000, the most one op may pay), as many
// per block as block_max_weight (20,000 by default) allows, each block built by the block builder,
// signature-checked and committed with a one-validator certificate and a synced write, until every holder is
// paid. Printed: pages, blocks, holders paid per second over the timed part, the slowest block (build +
// commit), and what the distribution left unpaid (must be "0"). The last line is one JSON object.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/bench_args.h"
#include "chain/block_builder.h"
#include "chain/crypto/hash.h"
#include "chain/op_json.h"
#include "chain/verify_pool.h"
#include "contracts/distribution.h"
#include "contracts/payout.h"
#include "contracts/registry.h"

using namespace folio;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Args {
    size_t holders = 100'000;
    uint64_t limit = contracts::kMaxPayoutPage;
    std::string dir;
};

Args parse_args(int argc, char** argv) {
    Args a;
    bench::parse_bench_args(argc, argv,
                            {{"--holders", [&](const std::string& v) { a.holders = std::stoull(v); }},
                             {"--limit", [&](const std::string& v) { a.limit = std::stoull(v); }},
                             {"--dir", [&](const std::string& v) { a.dir = v; }}},
                            "instruments_bench [--holders N] [--limit L] [--dir DIR]");
    if (a.holders == 0 || a.limit == 0 || a.limit > contracts::kMaxPayoutPage) {
        std::fprintf(stderr, "--holders must be >= 1 and --limit 1..%u\n", contracts::kMaxPayoutPage);
        std::exit(2);
    }
    return a;
}

crypto::SecretKey bench_key(uint64_t i) { return bench::tagged_bench_key("folio-instruments-bench-key", i); }

nlohmann::json kyc() {
    return {{"level", 1},
            {"category", "retail"},
            {"expires_ms", 4102444800000ULL},
            {"doc_hash", std::string(64, '1')}};
}

std::string make_genesis(size_t holders, const PubKey& registrar, const PubKey& validator) {
    nlohmann::json g;
    g["chain_name"] = "folio-instruments-bench";
    g["genesis_time_ms"] = 1764000000000ULL;
    g["validators"] = {{{"name", "v0"},
                        {"consensus_pubkey", to_hex(validator)},
                        {"p2p_pubkey", std::string(64, '0')},
                        {"power", 1}}};
    g["accounts"] = nlohmann::json::array();
    g["accounts"].push_back({{"name", "registrar"},
                             {"pubkey", to_hex(registrar)},
                             {"roles", {"registrar", "issuer"}},
                             {"kyc", kyc()}});
    nlohmann::json units = nlohmann::json::array();
    for (size_t i = 0; i < holders; ++i) {
        std::string name = "h";
        name += std::to_string(i);
        g["accounts"].push_back(
            {{"name", name}, {"pubkey", to_hex(bench_key(i + 1).pubkey())}, {"kyc", kyc()}});
        units.push_back({{"account", name}, {"amount", std::to_string(1 + i % 7)}});
    }
    g["assets"] = {{{"symbol", "ROY"},
                    {"class", "royalty"},
                    {"decimals", 0},
                    {"max_supply", "1000000000"},
                    {"issuer", "registrar"},
                    {"balances", units}},
                   {{"symbol", "EUR"},
                    {"class", "currency"},
                    {"decimals", 2},
                    {"max_supply", "100000000000.00"},
                    {"issuer", "registrar"},
                    {"balances", {{{"account", "registrar"}, {"amount", "10000000000.00"}}}}}};
    return g.dump();
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse_args(argc, argv);
    const std::string dir =
        args.dir.empty()
            ? (fs::temp_directory_path() / ("folio-instruments-bench-" + std::to_string(::getpid()))).string()
            : args.dir;
    auto registry = contracts::make_registry();
    VerifyPool pool;
    const crypto::SecretKey registrar = bench_key(0);
    const crypto::SecretKey validator = bench_key(UINT64_MAX);
    std::fprintf(stderr, "set-up: %zu holders in %s...\n", args.holders, dir.c_str());
    fs::remove_all(dir);
    fs::create_directories(dir);
    LedgerOptions lo;
    lo.store.path = dir + "/chain";
    lo.store.sync = true;
    auto opened = Ledger::open(lo, make_genesis(args.holders, registrar.pubkey(), validator.pubkey()));
    if (!opened) {
        std::fprintf(stderr, "cannot open ledger: %s\n", opened.error().message.c_str());
        return 1;
    }
    Ledger& ledger = **opened;
    uint64_t time_ms = ledger.head().time_ms;
    auto commit = [&](const std::vector<TxPtr>& txs) -> bool {
        time_ms += 1000;
        const auto build_start = Clock::now();
        BuiltBlock built = build_block(ledger, *registry, txs, pool.verify(txs), time_ms, validator.pubkey());
        const double build_ms = ms_since(build_start);
        if (!built.excluded.empty()) {
            std::fprintf(stderr, "tx excluded: %s\n", built.excluded[0].error.message.c_str());
            return false;
        }
        for (const Receipt& r : built.result.receipts) {
            if (r.status != TxStatus::success) {
                std::fprintf(stderr, "tx failed: %s\n", std::string(reason_name(r.reason)).c_str());
                return false;
            }
        }
        const auto commit_start = Clock::now();
        const bool ok = commit_single_validator(ledger, built, validator).ok();
        std::fprintf(stderr, "block %llu: %zu txs, build %.0f ms, commit %.0f ms\n",
                     static_cast<unsigned long long>(ledger.height()), txs.size(), build_ms,
                     ms_since(commit_start));
        return ok;
    };
    if (!commit({})) return 1;  // height 1: the record height, committed history

    const DecimalsLookup decimals = [](std::string_view s) -> std::optional<uint8_t> {
        if (s == "EUR") return 2;
        if (s == "ROY") return 0;
        return std::nullopt;
    };
    uint64_t nonce = 0;
    auto signed_tx = [&](const nlohmann::json& op) -> TxPtr {
        auto encoded = op_from_json(op, decimals, *registry);
        if (!encoded) {
            std::fprintf(stderr, "op: %s\n", encoded.error().message.c_str());
            std::exit(1);
        }
        Tx tx;
        tx.chain_id = ledger.chain_id();
        tx.signer = account_id_of(registrar.pubkey());
        tx.nonce = nonce++;
        tx.ops.push_back(*encoded);
        SignedTx stx{tx, {}};
        sign_tx(stx, registrar);
        return make_envelope(std::move(stx));
    };
    const TxPtr opening = signed_tx({{"op", "distribute"},
                                     {"asset", "ROY"},
                                     {"currency", "EUR"},
                                     {"kind", "royalty"},
                                     {"revenue", "1000000000.00"},
                                     {"share_bps", 250},
                                     {"record_height", 1},
                                     {"expires_ms", time_ms + 86'400'000ULL * 90},
                                     {"limit", args.limit}});
    const InstrumentId id = instrument_id(opening->tx_hash, 0);
    const nlohmann::json page = {
        {"op", "distribution_pay"}, {"id", instrument_id_hex(id)}, {"limit", args.limit}};
    uint64_t max_weight = 0;
    if (!read_param(ledger.state(), "block_max_weight", max_weight)) {
        std::fprintf(stderr, "no block_max_weight parameter\n");
        return 1;
    }
    const uint64_t per_block = std::max<uint64_t>(1, max_weight / args.limit);
    const size_t pages = (args.holders + args.limit - 1) / args.limit;

    const auto start = Clock::now();
    double block_ms_max = 0;
    size_t blocks = 0, sent = 0;
    while (sent < pages) {
        std::vector<TxPtr> txs;
        if (sent == 0) txs.push_back(opening);
        while (txs.size() < per_block && sent + txs.size() < pages) txs.push_back(signed_tx(page));
        const auto block_start = Clock::now();
        if (!commit(txs)) return 1;
        block_ms_max = std::max(block_ms_max, ms_since(block_start));
        sent += txs.size();
        ++blocks;
    }
    const double total_ms = ms_since(start);
    auto payout = contracts::read_payout(ledger.state(), contracts::kDistributionPrefix, id);
    if (!payout || !payout->done()) {
        std::fprintf(stderr, "the distribution is not done after %zu pages\n", pages);
        return 1;
    }
    nlohmann::json out{
        {"holders", args.holders},
        {"pages", pages},
        {"blocks", blocks},
        {"holders_per_s", static_cast<uint64_t>(static_cast<double>(args.holders) * 1000.0 / total_ms)},
        {"block_ms_max", static_cast<uint64_t>(block_ms_max + 0.5)},
        {"remainder", std::to_string(payout->unpaid())}};
    opened->reset();
    std::error_code ec;
    if (args.dir.empty()) fs::remove_all(dir, ec);
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
