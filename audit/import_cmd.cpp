#include "audit/import_cmd.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "audit/import_report.h"
#include "audit/import_submit.h"
#include "chain/crypto/bech32m.h"
#include "keys/file_io.h"

namespace folio::audit {
namespace {

using nlohmann::json;

constexpr uint64_t kDefaultInFlight = 32;
constexpr uint64_t kMaxInFlight = 1024;

uint64_t wall_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

// The map of the platform's holder ids to their addresses, for the platform's own records (names stay off
// chain; docs/import.md).
Status write_holder_map(const ImportSource& s, const std::string& out_dir) {
    std::string csv = "holder_id,address,pubkey\r\n";
    for (const auto& h : s.holders) {
        csv += h.holder_id + "," + crypto::encode_address(h.account) + "," + to_hex(h.pubkey) + "\r\n";
    }
    return keys::write_file_atomic(out_dir + "/holders.csv", csv, 0644);
}

int fail(std::ostream& err, const Error& e, int code) {
    err << "folio-audit import: " << reason_name(e.reason) << ": " << e.message << "\n";
    return code;
}

int exit_for(const Error& e) {
    return e.reason == Reason::UNAVAILABLE || e.reason == Reason::TIMEOUT ||
                   e.reason == Reason::NOT_AUTHORIZED
               ? kExitUnreadable
               : kExitDiscrepancy;
}

}  // namespace

CommandSpec import_command_spec() {
    return {
        .name = "import",
        .usage = "--dir DIR --rpc URL --key NAME... [--check] [--in-flight N] [--out ODIR] [--token TOKEN]",
        .summary = "Import a legacy register into a node, then compare the ledger with it line by line.",
        .details =
            "DIR holds manifest.json and the CSV files of docs/import.md. Every file is validated before "
            "any\n"
            "tx: each problem is printed as FILE:LINE:COLUMN: reason and the command exits 1 with nothing\n"
            "submitted; --check stops after validation (--rpc is then optional).\n"
            "Then the phases (accounts, assets, holdings, frozen) are submitted in batches of at most\n"
            "--in-flight uncommitted txs, signed by keys of the node keystore (tx_sign_submit; give --key\n"
            "once per key: the phases take the key whose account has the operator or issuer role). Each tx\n"
            "has client_ref imp:<import_id>:<phase>:<line>, so a rerun after a crash skips what committed.\n"
            "Schedules, campaigns and subscriptions are validated and reported, not yet submitted.\n"
            "ODIR (default DIR) gets holders.csv (holder_id -> address), import-journal.jsonl (each tx) and\n"
            "import-report.json / import-report.csv. Exit 0 when the ledger equals the source, 1 on a\n"
            "problem or a difference, 2 usage, 3 node unreachable. The token is --token or FOLIO_RPC_TOKEN.",
        .options = {
            {"--dir", "DIR", "the register to import (manifest.json and CSV files)"},
            {"--rpc", "URL", "the node's JSON-RPC URL (http://HOST:PORT)"},
            {"--key", "NAME", "a key of the node keystore that signs (tx_sign_submit)", true},
            {"--check", "", "validate only, submit nothing"},
            {"--in-flight", "N", "most txs submitted and not yet committed (default 32)"},
            {"--out", "ODIR", "where the journal, holder map and report go (default: DIR)"},
            {"--token", "TOKEN", "the RPC token, admin scope (default: $FOLIO_RPC_TOKEN)"},
        }};
}

int run_import(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    const auto dir = args.get("--dir");
    if (!dir) return err << "folio-audit import: --dir is required\n", kExitUsage;
    const bool check_only = args.has("--check");
    const auto url = args.get("--rpc");
    const std::vector<std::string> key_names = args.all("--key");
    if (!check_only && (!url || key_names.empty())) {
        return err << "folio-audit import: --rpc and --key are required (or --check to validate only)\n",
               kExitUsage;
    }
    uint64_t in_flight = kDefaultInFlight;
    if (auto v = args.get("--in-flight")) {
        char* end = nullptr;
        in_flight = std::strtoull(v->c_str(), &end, 10);
        if (v->empty() || *end != '\0' || in_flight < 1 || in_flight > kMaxInFlight) {
            return err << "folio-audit import: --in-flight must be 1 to " << kMaxInFlight << "\n", kExitUsage;
        }
    }
    const std::string out_dir = args.get("--out").value_or(*dir);

    const uint64_t started_ms = wall_ms();
    ImportSource source = load_import_source(*dir, started_ms);
    for (const auto& p : source.problems) err << p.text() << "\n";
    if (!source.problems.empty()) {
        err << "folio-audit import: " << source.problems.size() << " problem(s) in " << *dir
            << "; nothing submitted\n";
        return kExitDiscrepancy;
    }
    const uint64_t rows = source.data_rows();
    if (check_only) {
        out << json{{"import_id", source.manifest.import_id}, {"rows", rows}, {"problems", 0}}.dump() << "\n";
        return kExitVerified;
    }

    std::string token = args.get("--token").value_or("");
    if (token.empty()) {
        if (const char* env = std::getenv("FOLIO_RPC_TOKEN")) token = env;
    }
    rpc::Client client(*url, token);
    auto keys = resolve_signing_keys(client, key_names);
    if (!keys)
        return fail(err, keys.error(),
                    keys.reason() == Reason::NOT_FOUND ? kExitUsage : exit_for(keys.error()));
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (Status s = write_holder_map(source, out_dir); !s) return fail(err, s.error(), kExitUnreadable);
    auto journal = ImportJournal::open(out_dir + "/import-journal.jsonl");
    if (!journal) return fail(err, journal.error(), kExitUnreadable);

    ImportSubmitter submitter(client, *journal, in_flight, err);
    std::map<std::string, std::string> committed;
    uint64_t txs = 0;
    uint64_t already = 0;
    for (const PhaseSpec& phase : import_phases()) {
        if (!phase.plan) continue;
        auto key = key_for(*keys, phase.signer);
        if (!key) return fail(err, key.error(), kExitUsage);
        auto result = submitter.run_phase(phase, phase.plan(source), *key, committed);
        if (!result) return fail(err, result.error(), exit_for(result.error()));
        txs += result->txs;
        already += result->already;
    }
    const uint64_t submitted_ms = wall_ms();
    auto report = build_import_report(client, source, committed);
    if (!report) return fail(err, report.error(), exit_for(report.error()));
    if (Status s = write_import_report(*report, out_dir); !s) return fail(err, s.error(), kExitUnreadable);
    const double seconds = static_cast<double>(std::max<uint64_t>(1, submitted_ms - started_ms)) / 1000.0;
    out << json{{"import_id", source.manifest.import_id},
                {"rows", rows},
                {"txs", txs},
                {"already_committed", already},
                {"seconds", seconds},
                {"import_rows_per_s", static_cast<uint64_t>(static_cast<double>(rows) / seconds)},
                {"report", report->equal() ? "equal" : "differs"},
                {"checks", report->checks.size()},
                {"differs", report->count(CheckStatus::differs)},
                {"not_submitted", report->count(CheckStatus::not_submitted)}}
               .dump()
        << "\n";
    return report->equal() ? kExitVerified : kExitDiscrepancy;
}

}  // namespace folio::audit
