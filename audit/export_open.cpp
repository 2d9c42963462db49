#include "audit/export_open.h"

#include <filesystem>

#include "audit/head_state.h"
#include "audit/progress.h"
#include "audit/remote.h"
#include "chain/store_audit.h"
#include "contracts/registry.h"
#include "keys/file_io.h"

namespace folio::audit {
namespace {

OpenOutcome fail(int code, std::string check, std::string message) {
    OpenOutcome o;
    o.error = SourceError{code, std::move(check), std::move(message)};
    return o;
}

OpenOutcome fail(const SourceError& e) {
    OpenOutcome o;
    o.error = e;
    return o;
}

// The target height, or the usage error that says why not.
std::optional<SourceError> resolve_target(const TargetHeight& target, Height head, Height& out) {
    auto h = target(head);
    if (!h) return SourceError{kExitUsage, "usage", h.error().message};
    out = *h;
    return std::nullopt;
}

class DatadirSource final : public OpenedSource {
  public:
    explicit DatadirSource(const std::string& dir) : lock_(dir) {}
    ExportSource& source() override { return *source_; }
    NodeLockProbe lock_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<ExportSource> source_;
};

class RpcSource final : public OpenedSource {
  public:
    ExportSource& source() override { return *source_; }
    std::unique_ptr<ExportSource> source_;
};

// A replay's database, exported from: it lives in a scratch directory for as long as the export reads it.
class ReplayedSource final : public OpenedSource {
  public:
    ExportSource& source() override { return *source_; }
    std::optional<NodeLockProbe> lock_;  // on the audited data directory, if any
    std::unique_ptr<InstrumentRegistry> registry_;
    ScratchDir scratch_;
    std::unique_ptr<ChainReplay> replay_;
    std::unique_ptr<ExportSource> source_;
};

// Replays `blocks` from `genesis_text` up to `to` into `out`, which then serves the export.
std::optional<SourceError> replay_into(ReplayedSource& out, const std::string& genesis_text, BlockSource& blocks,
                                       const BlockHeader& block_zero, Height to, const std::string& description,
                                       std::ostream& err) {
    if (out.scratch_.path().empty()) return SourceError{kExitUnreadable, "scratch", "cannot create a scratch directory"};
    out.registry_ = contracts::make_registry();
    auto replay = ChainReplay::open(genesis_text, *out.registry_, ReplayOptions{out.scratch_.path() + "/replay", 0});
    if (!replay) return SourceError{kExitUnreadable, "scratch", replay.error().message};
    out.replay_ = std::move(*replay);
    if (Status s = out.replay_->check_block_zero(block_zero); !s)
        return SourceError{kExitDiscrepancy, "genesis", s.error().message};
    Progress progress(err);
    progress.note("verify: replaying blocks 1.." + std::to_string(to) + " of " + description);
    Status s = out.replay_->run(blocks, to, [&](const ReplayProgress& p) { progress.block(p.height, p.to, p.txs); });
    if (!s) return SourceError{exit_code_of(s.error()), "verify", s.error().message};
    Ledger& ledger = out.replay_->ledger();
    const StateView& state = ledger.state();
    StateReader reader = [&state](ByteView key) -> Result<std::optional<Bytes>> {
        Bytes value;
        if (!state.get(key, value)) return std::optional<Bytes>();
        return std::optional<Bytes>(std::move(value));
    };
    out.source_ = store_export_source(ledger.store(), std::move(reader), ledger.chain_id(),
                                      "replay of " + description + " to block " + std::to_string(to), true);
    return std::nullopt;
}

OpenOutcome open_datadir(const ParsedArgs& args, const std::string& dir, const TargetHeight& target,
                         std::ostream& err) {
    const bool verify = args.has("--verify");
    std::unique_ptr<DatadirSource> plain;
    std::unique_ptr<ReplayedSource> replayed;
    if (verify) {
        replayed = std::make_unique<ReplayedSource>();
        replayed->lock_.emplace(dir);
    } else {
        plain = std::make_unique<DatadirSource>(dir);
    }
    if (verify ? replayed->lock_->held_by_node() : plain->lock_.held_by_node())
        return fail(kExitUnreadable, "datadir", kNodeRunning);
    const std::string description = "datadir " + dir;

    if (verify) {
        DatadirGenesis genesis;
        if (auto e = check_datadir(args, dir, genesis)) return fail(*e);
        auto store = AuditedStore::open(dir + "/chain");
        if (!store) {
            if (store.reason() == Reason::UNAVAILABLE) return fail(kExitUnreadable, "datadir", kNodeRunning);
            return fail(exit_code_of(store.error()), "open", store.error().message);
        }
        auto stored_text = (*store)->genesis_json();
        if (!stored_text) return fail(kExitDiscrepancy, "genesis", stored_text.error().message);
        auto stored = parse_genesis_text(*stored_text, "the stored genesis");
        if (!stored) return fail(kExitDiscrepancy, "genesis", stored.error().message);
        if (stored->chain_id() != genesis.chain_id)
            return fail(kExitDiscrepancy, "genesis", "the database holds another chain than " + dir + "/genesis.json");
        auto head = (*store)->height();
        if (!head) return fail(kExitDiscrepancy, "open", head.error().message);
        Height to = 0;
        if (auto e = resolve_target(target, *head, to)) return fail(*e);
        auto zero = (*store)->header(0);
        if (!zero) return fail(kExitDiscrepancy, "genesis", zero.error().message);
        if (auto e = replay_into(*replayed, *stored_text, **store, *zero, to, description, err)) return fail(*e);
        OpenOutcome o;
        o.opened = std::move(replayed);
        return o;
    }

    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return fail(kExitUnreadable, "datadir", "no data directory " + dir);
    auto file_text = keys::read_file_bounded(dir + "/genesis.json", kMaxGenesisBytes);
    if (!file_text) return fail(exit_code_of(file_text.error()), "genesis", file_text.error().message);
    StoreOptions so;
    so.path = dir + "/chain";
    so.create_if_missing = false;
    so.verify_checksums = true;
    auto store = Store::open(so);
    if (!store) {
        const std::string& m = store.error().message;
        if (m.find("/LOCK") != std::string::npos) return fail(kExitUnreadable, "datadir", kNodeRunning);
        if (m.find("does not exist") != std::string::npos)
            return fail(kExitUnreadable, "open", "no database in " + dir + ": " + m);
        return fail(store.reason() == Reason::IO_ERROR ? kExitUnreadable : kExitDiscrepancy, "open",
                    dir + "/chain: " + m);
    }
    plain->store_ = std::move(*store);
    auto head = verify_head_state(*plain->store_);
    if (!head) return fail(exit_code_of(head.error()), "open", dir + "/chain: " + head.error().message);
    const ChainId chain_id = head->chain_id;
    // DIR/genesis.json must be the chain the database holds: the stored genesis byte for byte, or (parsed
    // only then) a document of the same chain id.
    auto stored_text = plain->store_->genesis_json();
    if (!stored_text) return fail(kExitDiscrepancy, "genesis", stored_text.error().message);
    if (*stored_text != *file_text) {
        auto file_genesis = parse_genesis_text(*file_text, dir + "/genesis.json");
        if (!file_genesis) return fail(kExitDiscrepancy, "genesis", file_genesis.error().message);
        if (file_genesis->chain_id() != chain_id) {
            return fail(kExitDiscrepancy, "genesis",
                        dir + "/genesis.json is chain " + to_hex(file_genesis->chain_id()) +
                            ", the database holds chain " + to_hex(chain_id));
        }
    }
    auto pinned = pinned_chain_id(args);
    if (!pinned)
        return fail(pinned.reason() == Reason::INVALID_ARGUMENT ? kExitUsage : kExitUnreadable, "usage",
                    pinned.error().message);
    if (*pinned && **pinned != chain_id)
        return fail(kExitDiscrepancy, "genesis", "the database holds chain " + to_hex(chain_id) + ", not the pinned " +
                                                     to_hex(**pinned));
    Height to = 0;
    if (auto e = resolve_target(target, plain->store_->height(), to)) return fail(*e);
    const Store* store_ptr = plain->store_.get();
    plain->source_ = store_export_source(
        *store_ptr, [store_ptr](ByteView key) { return store_ptr->state_record(key); }, chain_id, description, false);
    OpenOutcome o;
    o.opened = std::move(plain);
    return o;
}

OpenOutcome open_rpc(const ParsedArgs& args, const std::string& url, const TargetHeight& target, std::ostream& err) {
    auto pinned = pinned_chain_id(args);
    if (!pinned)
        return fail(pinned.reason() == Reason::INVALID_ARGUMENT ? kExitUsage : kExitUnreadable, "usage",
                    pinned.error().message);
    const std::string token = rpc_token(args);
    if (!args.has("--verify")) {
        auto source = rpc_export_source(url, token);
        if (!source) return fail(exit_code_of(source.error()), "source", source.error().message);
        if (*pinned && (*source)->chain_id() != **pinned)
            return fail(kExitDiscrepancy, "genesis", url + " serves chain " + to_hex((*source)->chain_id()) +
                                                         ", not the pinned " + to_hex(**pinned));
        Height to = 0;
        if (auto e = resolve_target(target, (*source)->head(), to)) return fail(*e);
        auto out = std::make_unique<RpcSource>();
        out->source_ = std::move(*source);
        OpenOutcome o;
        o.opened = std::move(out);
        return o;
    }
    if (!*pinned) return fail(kExitUsage, "usage", "--rpc with --verify needs --genesis FILE or --chain-id HEX: the anchor");
    RemoteChain node(url, token);
    std::string genesis_text;
    if (auto e = anchored_genesis(args, node, **pinned, genesis_text)) return fail(*e);
    auto head = node.head_height();
    if (!head) return fail(exit_code_of(head.error()), "source", url + ": " + head.error().message);
    Height to = 0;
    if (auto e = resolve_target(target, *head, to)) return fail(*e);
    auto zero = node.header(0);
    if (!zero) return fail(exit_code_of(zero.error()), "genesis", url + ": " + zero.error().message);
    auto out = std::make_unique<ReplayedSource>();
    if (auto e = replay_into(*out, genesis_text, node, *zero, to, "rpc " + url, err)) return fail(*e);
    OpenOutcome o;
    o.opened = std::move(out);
    return o;
}

}  // namespace

OpenOutcome open_export_source(const ParsedArgs& args, const TargetHeight& target, std::ostream& err) {
    if (auto dir = args.get("--datadir")) return open_datadir(args, *dir, target, err);
    return open_rpc(args, *args.get("--rpc"), target, err);
}

}  // namespace folio::audit
