#include "chain/replay.h"

#include <filesystem>
#include <future>

#include "chain/block_check.h"
#include "chain/genesis_check.h"
#include "chain/validator_set_state.h"
#include "chain/verify_pool.h"

namespace folio {
namespace {

// The verdicts computed ahead for one block's txs (while the block before it executed), handed to the block
// check as its signature source. Asked about other txs, it has no verdicts: every signature then fails,
// which can only be our own bug and shows as bad_signature rather than passing unchecked.
class VerdictsAhead final : public TxSignatureVerifier {
  public:
    VerdictsAhead(const std::vector<TxPtr>& txs, std::vector<bool> verdicts)
        : txs_(txs), verdicts_(std::move(verdicts)) {}
    std::vector<bool> verify(const std::vector<TxPtr>& txs) override {
        if (&txs == &txs_ && verdicts_.size() == txs.size()) return verdicts_;
        return std::vector<bool>(txs.size(), false);
    }

  private:
    const std::vector<TxPtr>& txs_;
    std::vector<bool> verdicts_;
};

// A block being fetched from the source and its signatures verified on the pool, both on a thread of their
// own, so that reading and decoding block h + 1 overlaps the execution of block h too. The block lives on the
// heap so that the verifying thread's view of its txs survives moves.
struct Fetched {
    std::shared_ptr<const SourcedBlock> block;
    Error error{Reason::INTERNAL, "not fetched"};
    std::vector<bool> verdicts;
};

std::future<Fetched> fetch(BlockSource& source, Height height, VerifyPool& pool) {
    return std::async(std::launch::async, [&source, &pool, height] {
        Fetched f;
        auto block = source.block(height);
        if (!block) {
            f.error = block.error();
            return f;
        }
        f.block = std::make_shared<const SourcedBlock>(std::move(block).value());
        f.verdicts = pool.verify(f.block->block.txs);
        return f;
    });
}

}  // namespace

ChainReplay::ChainReplay(const InstrumentRegistry& registry, const ReplayOptions& options)
    : registry_(registry), options_(options) {}

ChainReplay::~ChainReplay() = default;

Result<std::unique_ptr<ChainReplay>> ChainReplay::open(const std::string& genesis_json,
                                                       const InstrumentRegistry& registry,
                                                       const ReplayOptions& options) {
    std::error_code ec;
    if (std::filesystem::exists(options.scratch_path + "/CURRENT", ec)) {
        return make_error(Reason::INVALID_ARGUMENT,
                          "the replay directory " + options.scratch_path + " already holds a database");
    }
    std::unique_ptr<ChainReplay> replay(new ChainReplay(registry, options));
    LedgerOptions lo;
    lo.store.path = options.scratch_path;
    lo.store.create_if_missing = true;
    // The replay's database is scratch space, rebuilt by the next run: a crash loses nothing worth a sync.
    lo.store.sync = false;
    lo.proof_versions_kept = 2;
    auto ledger = Ledger::open(lo, genesis_json);
    if (!ledger) return ledger.error();
    replay->ledger_ = std::move(ledger).value();
    return replay;
}

Status ChainReplay::check_block_zero(const BlockHeader& header) const {
    return check_genesis_header(header, ledger_->genesis());
}

Status ChainReplay::fail(Height height, std::string check, const Error& error) {
    std::string message = "block " + std::to_string(height) + ": " + check + ": " + error.message;
    fault_ = ReplayFault{height, std::move(check), make_error(error.reason, message)};
    return make_error(error.reason, std::move(message));
}

Status ChainReplay::run(BlockSource& source, Height to,
                        const std::function<void(const ReplayProgress&)>& progress) {
    if (to <= ledger_->height()) return Status();
    VerifyPool pool(options_.verify_threads);
    const ValidatorSet& genesis_set = ledger_->genesis().validators;
    std::future<Fetched> next = fetch(source, ledger_->height() + 1, pool);
    while (ledger_->height() < to) {
        const Height h = ledger_->height() + 1;
        // One fetch at a time uses the source: block h + 1's starts once block h's has ended.
        Fetched current = next.get();
        if (!current.block) return fail(h, "source", current.error);
        // Block h + 1 is read and its signatures verified while block h executes.
        if (h < to) next = fetch(source, h + 1, pool);
        const SourcedBlock& sourced = *current.block;
        const Block& block = sourced.block;
        if (block.header.height != h) {
            return fail(h, "source",
                        make_error(Reason::CORRUPTION,
                                   "the source gave block " + std::to_string(block.header.height)));
        }

        // The set of height h is fixed by the state after h - 1 (a change takes effect two blocks on).
        const ValidatorSetChange set = validator_set_at(ledger_->state(), h, genesis_set);
        const BlockHash block_hash = block.header.hash();
        if (sourced.commit.height != h || sourced.commit.block_hash != block_hash) {
            return fail(h, "commit",
                        make_error(Reason::BAD_SIGNATURE, "the certificate is for block " +
                                                              std::to_string(sourced.commit.height) + " " +
                                                              to_hex(sourced.commit.block_hash) +
                                                              ", not this header " + to_hex(block_hash)));
        }
        if (Status s = verify_commit(sourced.commit, ledger_->chain_id(), block.header, set.set); !s) {
            return fail(h, "commit", s.error());
        }

        VerdictsAhead verdicts(block.txs, std::move(current.verdicts));
        BlockCheck check =
            check_block_on_head(*ledger_, block, set.set, registry_, verdicts, /*now_ms=*/std::nullopt);
        if (!check.ok()) return fail(h, std::string(block_fault_name(check.fault)), check.error);
        if (Status s = ledger_->commit(block, sourced.commit, check.result); !s)
            return fail(h, "store", s.error());

        txs_ += block.txs.size();
        for (const TxPtr& tx : block.txs) signatures_ += tx->signed_tx.signatures.size();
        if (progress) progress(ReplayProgress{h, to, txs_, signatures_});
    }
    return Status();
}

void ChainReplay::close() {
    ledger_.reset();
}

}  // namespace folio
