#include "audit/import_cmd.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "audit/import_report.h"
#include "audit/import_submit.h"
#include "chain/crypto/bech32m.h"
#include "keys/file_io.h"
#include "keys/passwords.h"

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
        .usage = "--dir DIR --rpc URL (--key NAME... | --keystore KDIR [--password-file FILE]) [--check]\n"
                 "       [--in-flight N] [--out ODIR] [--token TOKEN]",
        .summary = "Import a legacy register into a node, then compare the ledger with it line by line.",
        .details =
            "DIR holds manifest.json and the CSV files of docs/import.md. Every file is validated before any\n"
            "tx: each problem is printed as FILE:LINE:COLUMN: reason and the command exits 1 with nothing\n"
            "submitted; --check stops after validation (--rpc is then optional).\n"
            "Then the phases (accounts, assets, holdings, frozen) are submitted in batches of at most\n"
            "--in-flight uncommitted txs, signed by keys of the node keystore (tx_sign_submit; give --key once\n"
            "per key) or by the keys of a keystore directory (--keystore: signed here, with the password of\n"
            "--password-file or FOLIO_WALLET_PASSWORD). Each phase takes the key whose account has the role\n"
            "it needs (operator for accounts, issuer for assets and holdings). Each tx has client_ref\n"
            "imp:<import_id>:<phase>:<line>, so a rerun after a crash skips what committed.\n"
            "Schedules, campaigns and subscriptions are validated and reported, not yet submitted.\n"
            "ODIR (default DIR) gets holders.csv (holder_id -> address), import-journal.jsonl (each tx) and\n"
            "import-report.json / import-report.csv. Exit 0 when the ledger equals the source, 1 on a\n"
            "problem or a difference, 2 usage, 3 node unreachable. The token is --token or FOLIO_RPC_TOKEN.",
        .options = {
            {"--dir", "DIR", "the register to import (manifest.json and CSV files)"},
            {"--rpc", "URL", "the node's JSON-RPC URL (http://HOST:PORT)"},
            {"--key", "NAME", "a key of the node keystore that signs (tx_sign_submit)", true},
            {"--keystore", "KDIR", "a keystore directory whose keys sign (txs signed here, then tx_submit)"},
            {"--password-file", "FILE", "the keystore's password (default: $FOLIO_WALLET_PASSWORD)"},
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
    const auto keystore_dir = args.get("--keystore");
    if (!key_names.empty() && keystore_dir) {
        return err << "folio-audit import: give --key or --keystore, not both\n", kExitUsage;
    }
    if (!check_only && (!url || (key_names.empty() && !keystore_dir))) {
        return err << "folio-audit import: --rpc and --key or --keystore are required (or --check to validate "
                      "only)\n",
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
    Result<std::vector<SigningKey>> signing_keys = std::vector<SigningKey>{};
    if (keystore_dir) {
        std::vector<keys::PasswordSource> sources;
        if (auto f = args.get("--password-file")) sources.push_back({keys::PasswordSource::Kind::file, *f});
        sources.push_back({keys::PasswordSource::Kind::env, "FOLIO_WALLET_PASSWORD"});
        sources.push_back({keys::PasswordSource::Kind::prompt, "Password of " + *keystore_dir + ": ", false});
        auto password = keys::obtain_password(sources);
        if (!password) return fail(err, password.error(), kExitUsage);
        signing_keys = keystore_signing_keys(client, *keystore_dir, *password);
        keys::wipe_string(*password);
    } else {
        signing_keys = node_signing_keys(client, key_names);
    }
    if (!signing_keys) {
        return fail(err, signing_keys.error(),
                    signing_keys.reason() == Reason::NOT_FOUND ? kExitUsage : exit_for(signing_keys.error()));
    }
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
        auto key = key_for(*signing_keys, phase.signer);
        if (!key) return fail(err, key.error(), kExitUsage);
        auto signer = TxSigner::make(client, *key, source);
        if (!signer) return fail(err, signer.error(), exit_for(signer.error()));
        auto result = submitter.run_phase(phase, phase.plan(source), **signer, committed);
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
