#include "audit/verify.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "audit/progress.h"
#include "audit/remote.h"
#include "audit/sources.h"
#include "chain/genesis_check.h"
#include "chain/store_audit.h"
#include "contracts/registry.h"
#include "keys/file_io.h"
#include "node/backup/backup_reader.h"
#include "node/backup/restore.h"

namespace folio::audit {
namespace {

using nlohmann::json;

// What a run found, printed as text or JSON.
struct Outcome {
    int exit_code = kExitVerified;
    std::string source;
    std::string chain_id;
    Height height = 0;
    std::string block_hash, state_root;
    uint64_t txs = 0, signatures = 0, records = 0, compared = 0, differences = 0;
    double replay_s = 0, scan_s = 0;
    // When not verified:
    std::string check;  // "genesis", "source", "commit", a block fault, "scan", "index", "witness", ...
    std::optional<Height> at;
    std::optional<uint32_t> tx;
    std::string message, key, stored, replayed;
};

Outcome failed(int code, std::string check, std::string message) {
    Outcome o;
    o.exit_code = code;
    o.check = std::move(check);
    o.message = std::move(message);
    return o;
}

void take_fault(Outcome& o, const ChainReplay& replay, const Error& error) {
    o.exit_code = exit_code_of(error);
    o.message = error.message;
    if (const auto& f = replay.fault()) {
        o.check = f->check;
        o.at = f->height;
    }
}

void take_head(Outcome& o, const ChainReplay& replay) {
    const BlockHeader head = replay.head();
    o.chain_id = to_hex(head.chain_id);
    o.height = head.height;
    o.block_hash = to_hex(head.hash());
    o.state_root = to_hex(head.state_root);
    o.txs = replay.txs();
    o.signatures = replay.signatures();
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Replays from `source` up to `to` into a new scratch database; the replay (closed) is left in `replay`.
Status replay_chain(ChainReplay& replay, BlockSource& source, Height to, Progress& progress, Outcome& o) {
    const auto start = std::chrono::steady_clock::now();
    progress.note("replay: blocks 1.." + std::to_string(to));
    Status s =
        replay.run(source, to, [&](const ReplayProgress& p) { progress.block(p.height, p.to, p.txs); });
    o.replay_s = seconds_since(start);
    if (!s) take_fault(o, replay, s.error());
    take_head(o, replay);
    return s;
}

// The checks common to every source held as a database (a data directory, a loaded backup): the replay from
// `genesis_text` (the stored genesis, already matched to the anchor), then the scan and compare.
Outcome verify_store(const ParsedArgs& args, AuditedStore& store, const std::string& genesis_text,
                     Progress& progress) {
    auto stored_height = store.height();
    if (!stored_height) return failed(kExitDiscrepancy, "scan", stored_height.error().message);
    Height to = *stored_height;
    if (auto t = args.get("--to")) {
        to = std::stoull(*t);
        if (to > *stored_height) {
            return failed(
                kExitUsage, "usage",
                "--to " + *t + ": the database holds blocks up to " + std::to_string(*stored_height));
        }
    }
    auto zero = store.header(0);
    if (!zero) return failed(kExitDiscrepancy, "genesis", zero.error().message);

    ScratchDir scratch;
    if (scratch.path().empty())
        return failed(kExitUnreadable, "scratch", "cannot create a scratch directory");
    const std::string replay_path = scratch.path() + "/replay";
    auto registry = contracts::make_registry();
    auto replay = ChainReplay::open(genesis_text, *registry, ReplayOptions{replay_path, 0});
    if (!replay) return failed(kExitUnreadable, "scratch", replay.error().message);
    Outcome o;
    if (Status s = (*replay)->check_block_zero(*zero); !s) {
        Outcome f = failed(kExitDiscrepancy, "genesis", s.error().message);
        f.at = 0;
        return f;
    }
    if (!replay_chain(**replay, store, to, progress, o)) return o;
    (*replay)->close();

    progress.note("scan: every record, checksums verified, against the replay's");
    const auto start = std::chrono::steady_clock::now();
    auto report = store.scan(replay_path, to, [&](uint64_t n) { progress.records(n); });
    o.scan_s = seconds_since(start);
    if (!report) return failed(kExitUnreadable, "scratch", report.error().message);
    o.records = report->records;
    o.compared = report->compared;
    o.differences = report->differences;
    const std::optional<StoreFinding>& finding = report->damage ? report->damage : report->discrepancy;
    if (finding) {
        o.exit_code = kExitDiscrepancy;
        o.check = report->damage ? "scan" : "compare";
        o.at = finding->height;
        o.tx = finding->tx;
        o.key = finding->key_hex;
        o.stored = finding->stored;
        o.replayed = finding->replayed;
        o.message = finding->what + ": " + finding->why;
        if (report->differences > 1)
            o.message += " (" + std::to_string(report->differences) + " records differ)";
    }
    return o;
}

Outcome verify_datadir(const ParsedArgs& args, const std::string& dir, Progress& progress) {
    NodeLockProbe node_lock(dir);
    if (node_lock.held_by_node()) return failed(kExitUnreadable, "datadir", kNodeRunning);
    DatadirGenesis file_genesis;
    if (auto e = check_datadir(args, dir, file_genesis)) return failed(e->code, e->check, e->message);
    const ChainId chain_id = file_genesis.chain_id;

    auto store = AuditedStore::open(dir + "/chain");
    if (!store) {
        if (store.reason() == Reason::UNAVAILABLE) return failed(kExitUnreadable, "datadir", kNodeRunning);
        return failed(exit_code_of(store.error()), "open", store.error().message);
    }
    auto stored_text = (*store)->genesis_json();
    if (!stored_text) return failed(kExitDiscrepancy, "genesis", stored_text.error().message);
    auto stored_genesis = parse_genesis_text(*stored_text, "the stored genesis");
    if (!stored_genesis) return failed(kExitDiscrepancy, "genesis", stored_genesis.error().message);
    if (stored_genesis->chain_id() != chain_id) {
        return failed(kExitDiscrepancy, "genesis",
                      "the database holds chain " + to_hex(stored_genesis->chain_id()) + ", " + dir +
                          "/genesis.json is chain " + to_hex(chain_id));
    }
    Outcome o = verify_store(args, **store, *stored_text, progress);
    o.source = "datadir " + dir;
    return o;
}

// The backup is checked whole (every chunk's digest, key order, trailer) before anything is loaded, then
// loaded into a private scratch database (never a data directory a node or the user would open) and verified
// as a data directory is. Its header must be the anchor's chain and name the block its records end at.
Outcome verify_backup(const ParsedArgs& args, const std::string& file, Progress& progress) {
    auto pinned = pinned_chain_id(args);
    if (!pinned)
        return failed(pinned.reason() == Reason::INVALID_ARGUMENT ? kExitUsage : kExitUnreadable, "usage",
                      pinned.error().message);
    // A backup holds one copy of its genesis, written by the node it came from: it cannot be its own anchor.
    if (!*pinned)
        return failed(kExitUsage, "usage", "--backup needs --genesis FILE or --chain-id HEX: the anchor");

    auto reader = backup::BackupReader::open(file);
    if (!reader) {
        const int code = reader.reason() == Reason::CORRUPTION ? kExitDiscrepancy : kExitUnreadable;
        return failed(code, "backup", reader.error().message);
    }
    const backup::BackupHeader& header = (*reader)->header();
    if (header.chain_id != **pinned) {
        return failed(kExitDiscrepancy, "genesis",
                      "the backup " + file + " is of chain " + to_hex(header.chain_id) + ", not the pinned " +
                          to_hex(**pinned));
    }

    ScratchDir scratch;
    if (scratch.path().empty())
        return failed(kExitUnreadable, "scratch", "cannot create a scratch directory");
    const std::string db_path = scratch.path() + "/backup";
    progress.note("backup: checking every chunk of " + file + ", then loading it into " + db_path);
    auto loaded = backup::load_backup_database(**reader, db_path, /*durable=*/false);
    if (!loaded) {
        const int code = loaded.reason() == Reason::CORRUPTION ? kExitDiscrepancy : kExitUnreadable;
        return failed(code, "backup", loaded.error().message);
    }

    auto store = AuditedStore::open(db_path);
    if (!store) return failed(exit_code_of(store.error()), "backup", store.error().message);
    auto stored_text = (*store)->genesis_json();
    if (!stored_text) return failed(kExitDiscrepancy, "genesis", stored_text.error().message);
    auto stored_genesis = parse_genesis_text(*stored_text, "the genesis in the backup");
    if (!stored_genesis) return failed(kExitDiscrepancy, "genesis", stored_genesis.error().message);
    if (stored_genesis->chain_id() != **pinned) {
        return failed(kExitDiscrepancy, "genesis",
                      "the backup's records hold chain " + to_hex(stored_genesis->chain_id()) +
                          ", its header and the anchor chain " + to_hex(**pinned));
    }
    // The header says which block the records end at; the replay then proves that block's hash and root.
    auto stored_height = (*store)->height();
    if (!stored_height) return failed(kExitDiscrepancy, "scan", stored_height.error().message);
    auto last = (*store)->header(*stored_height);
    if (!last) return failed(kExitDiscrepancy, "scan", last.error().message);
    if (*stored_height != header.height || last->hash() != header.block_hash ||
        last->state_root != header.state_root) {
        Outcome f = failed(kExitDiscrepancy, "backup_header",
                           "the backup's header names block " + std::to_string(header.height) +
                               ", its records end at block " + std::to_string(*stored_height));
        f.at = *stored_height;
        f.stored = to_hex(header.block_hash) + " " + to_hex(header.state_root);
        f.replayed = to_hex(last->hash()) + " " + to_hex(last->state_root);
        f.message += " (header: block hash and state root, records: those of their last block)";
        return f;
    }
    Outcome o = verify_store(args, **store, *stored_text, progress);
    o.source = "backup " + file;
    return o;
}

Outcome verify_rpc(const ParsedArgs& args, const std::string& url, Progress& progress) {
    auto pinned = pinned_chain_id(args);
    if (!pinned)
        return failed(pinned.reason() == Reason::INVALID_ARGUMENT ? kExitUsage : kExitUnreadable, "usage",
                      pinned.error().message);
    if (!*pinned)
        return failed(kExitUsage, "usage", "--rpc needs --genesis FILE or --chain-id HEX: the anchor");
    const std::string token = rpc_token(args);

    RemoteChain node(url, token);
    std::string genesis_text;
    if (auto e = anchored_genesis(args, node, **pinned, genesis_text)) return failed(e->code, e->check, e->message);
    auto head = node.head_height();
    if (!head) return failed(exit_code_of(head.error()), "source", url + ": " + head.error().message);
    Height to = *head;
    if (auto t = args.get("--to")) {
        to = std::stoull(*t);
        if (to > *head) {
            return failed(kExitUsage, "usage",
                          "--to " + *t + ": " + url + " has blocks up to " + std::to_string(*head));
        }
    }

    ScratchDir scratch;
    if (scratch.path().empty())
        return failed(kExitUnreadable, "scratch", "cannot create a scratch directory");
    auto registry = contracts::make_registry();
    auto replay = ChainReplay::open(genesis_text, *registry, ReplayOptions{scratch.path() + "/replay", 0});
    if (!replay) return failed(kExitUnreadable, "scratch", replay.error().message);
    Outcome o;
    o.source = "rpc " + url;
    auto zero = node.header(0);
    if (!zero) {
        Outcome f = failed(exit_code_of(zero.error()), "genesis", url + ": " + zero.error().message);
        f.at = 0;
        return f;
    }
    if (Status s = (*replay)->check_block_zero(*zero); !s) {
        Outcome f = failed(kExitDiscrepancy, "genesis", url + ": " + s.error().message);
        f.at = 0;
        return f;
    }
    if (!replay_chain(**replay, node, to, progress, o)) return o;

    for (const std::string& witness_url : args.all("--witness")) {
        RemoteChain witness(witness_url, token);
        auto header = witness.header(to);
        if (!header) {
            o.exit_code = exit_code_of(header.error());
            o.check = "witness";
            o.at = to;
            o.message = witness_url + ": " + header.error().message;
            return o;
        }
        if (to_hex(header->hash()) != o.block_hash) {
            o.exit_code = kExitDiscrepancy;
            o.check = "witness";
            o.at = to;
            o.stored = to_hex(header->hash());
            o.replayed = o.block_hash;
            o.message = "witness " + witness_url + " has another block " + std::to_string(to);
            return o;
        }
        progress.note("witness " + witness_url + " agrees on block " + std::to_string(to));
    }
    return o;
}

void print(const Outcome& o, bool as_json, std::ostream& out, std::ostream& err) {
    if (as_json) {
        json j = {
            {"verified", o.exit_code == kExitVerified}, {"exit_code", o.exit_code}, {"source", o.source}};
        if (!o.chain_id.empty()) {
            j["chain_id"] = o.chain_id;
            j["height"] = o.height;
            j["block_hash"] = o.block_hash;
            j["state_root"] = o.state_root;
            j["txs"] = o.txs;
            j["signatures"] = o.signatures;
            j["replay_s"] = o.replay_s;
        }
        if (o.records > 0) {
            j["records"] = o.records;
            j["records_compared"] = o.compared;
            j["scan_s"] = o.scan_s;
        }
        if (o.exit_code != kExitVerified) {
            json f = {{"check", o.check}, {"message", o.message}};
            if (o.at) f["height"] = *o.at;
            if (o.tx) f["tx"] = *o.tx;
            if (!o.key.empty()) f["key"] = o.key;
            if (!o.stored.empty() || !o.replayed.empty()) {
                f["stored"] = o.stored;
                f["replayed"] = o.replayed;
            }
            j["failure"] = std::move(f);
        }
        out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return;
    }
    if (o.exit_code == kExitVerified) {
        out << "verified: chain " << o.chain_id << " from " << o.source << ", blocks 0.." << o.height << " ("
            << o.txs << " txs, " << o.signatures << " signatures";
        if (o.records > 0) out << ", " << o.records << " records read";
        out << ")\nlast block " << o.block_hash << "\nstate root " << o.state_root << "\n";
        return;
    }
    std::string line = o.exit_code == kExitDiscrepancy ? "DISCREPANCY" : "cannot audit";
    if (o.at) line += " at block " + std::to_string(*o.at);
    if (o.tx) line += ", tx " + std::to_string(*o.tx);
    line += " (" + o.check + "): " + o.message;
    err << "folio-audit verify: " << line << "\n";
    if (!o.key.empty()) err << "  key      " << o.key << "\n";
    if (!o.stored.empty() || !o.replayed.empty()) {
        err << "  stored   " << (o.stored.empty() ? "(absent)" : o.stored) << "\n";
        err << "  replayed " << (o.replayed.empty() ? "(absent)" : o.replayed) << "\n";
    }
}

}  // namespace

int run_verify(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
    const int sources = args.has("--datadir") + args.has("--rpc") + args.has("--backup");
    auto usage = [&](const std::string& m) {
        err << "folio-audit verify: " << m << " (see folio-audit verify --help)\n";
        return kExitUsage;
    };
    if (sources != 1) return usage("give exactly one of --datadir DIR, --rpc URL and --backup FILE");
    if (args.has("--genesis") && args.has("--chain-id"))
        return usage("give at most one of --genesis and --chain-id");
    if (args.has("--witness") && !args.has("--rpc")) return usage("--witness goes with --rpc");
    if (auto to = args.get("--to")) {
        if (to->empty() || to->size() > 19 || to->find_first_not_of("0123456789") != std::string::npos)
            return usage("--to: not a height");
    }
    Progress progress(err);
    const Outcome o = args.has("--datadir")  ? verify_datadir(args, *args.get("--datadir"), progress)
                      : args.has("--backup") ? verify_backup(args, *args.get("--backup"), progress)
                                             : verify_rpc(args, *args.get("--rpc"), progress);
    if (o.exit_code == kExitUsage) return usage(o.message);
    print(o, args.has("--json"), out, err);
    return o.exit_code;
}

}  // namespace folio::audit
