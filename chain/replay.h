// The replay driver: a chain re-executed from its genesis, block by block, with the same pure block check the
// consortium runs (chain/block_check.h), into a database of its own. folio-audit drives it from a node's
// database or from a node's block_range RPC; what it produces (headers, receipts, indexes, state) can then be
// compared with what the audited node stored.
//
// For each block h, in this order, stopping at the first that fails:
//   1. the source gives the block and its certificate (a record it cannot read or decode fails here);
//   2. the certificate names block h and this header's hash, and verify_commit accepts it against the
//      validator set in force at h (chain/validator_set_state.h: read from the replayed state after h - 1);
//   3. check_block_on_head: validators_hash, the header link, block limits, txs_root, every signature,
//      execution, results_root, state_root;
//   4. the block is committed to the replay's own ledger, writing everything a node writes for it.
// Every signature is checked on all cores (chain/verify_pool.h), and block h + 1 is read and its signatures
// checked while block h executes:
// nothing is taken from a cache, so a signature the node accepted but should not have is found.
//
// Not thread-safe: one thread drives a replay (it uses the verify pool's threads internally).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "chain/block.h"
#include "chain/ledger.h"
#include "chain/registry.h"

namespace folio {

// A block as a source serves it: the block and the certificate that decided it.
struct SourcedBlock {
    Block block;
    CommitCertificate commit;
};

// Where the replayed blocks come from. Nothing it gives is trusted. A replay calls block() from a thread of
// its own, one call at a time, and nothing else of the source while it runs.
class BlockSource {
  public:
    virtual ~BlockSource() = default;
    // Block `height` (>= 1). An error names what could not be read (the key, the URL).
    virtual Result<SourcedBlock> block(Height height) = 0;
};

struct ReplayOptions {
    std::string scratch_path;   // a directory for the replay's database; must not hold one yet
    size_t verify_threads = 0;  // 0: one per hardware thread
};

// Where and why a replay stopped.
struct ReplayFault {
    Height height = 0;
    std::string check;  // "source", "commit", a block_fault_name ("wrong_txs_root"...), or "store"
    Error error{Reason::OK, {}};
};

struct ReplayProgress {
    Height height = 0;        // the last block replayed
    Height to = 0;            // the last block to replay
    uint64_t txs = 0;         // txs replayed so far
    uint64_t signatures = 0;  // tx signatures verified so far
};

class ChainReplay {
  public:
    // A new replay at block 0 of `genesis_json` (stored byte for byte, as a node stores its genesis).
    static Result<std::unique_ptr<ChainReplay>> open(const std::string& genesis_json,
                                                     const InstrumentRegistry& registry,
                                                     const ReplayOptions& options);
    ~ChainReplay();

    const Genesis& genesis() const { return ledger_->genesis(); }
    const ChainId& chain_id() const { return ledger_->chain_id(); }
    Height height() const { return ledger_->height(); }
    BlockHeader head() const { return ledger_->head(); }
    Ledger& ledger() { return *ledger_; }

    // Block 0 as the source holds it must be the genesis header (chain/genesis_check.h).
    Status check_block_zero(const BlockHeader& header) const;

    // Replays blocks height() + 1 .. `to` from `source`. `progress` is called after each block. On failure,
    // fault() says where; the error's message starts with "block H: CHECK: ".
    Status run(BlockSource& source, Height to, const std::function<void(const ReplayProgress&)>& progress);
    const std::optional<ReplayFault>& fault() const { return fault_; }
    uint64_t txs() const { return txs_; }
    uint64_t signatures() const { return signatures_; }

    // Closes the replay's database (its directory may then be opened by another reader). Nothing else may
    // be called afterwards.
    void close();

  private:
    ChainReplay(const InstrumentRegistry& registry, const ReplayOptions& options);
    Status fail(Height height, std::string check, const Error& error);

    const InstrumentRegistry& registry_;
    ReplayOptions options_;
    std::unique_ptr<Ledger> ledger_;
    std::optional<ReplayFault> fault_;
    uint64_t txs_ = 0;
    uint64_t signatures_ = 0;
};

}  // namespace folio
