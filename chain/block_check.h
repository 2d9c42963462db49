// The block check: whether a proposed or synced block may be voted for and applied on top of its parent. The
// consensus engine's driver (before it prevotes), block sync (before it applies) and the audit replay all
// call this one function; none has its own copy of the rules.
//
// In order, cheapest first, stopping at the first that fails:
//   1. validators_hash is that of the set for the block's height (the caller supplies the set)
//   2. the header links to the parent (chain/block.h check_header_link: chain, height, prev_hash, time_ms not
//      before the parent's, proposer a member of the set)
//   3. the body is within the block limits of the parent state's consensus parameters: block_max_txs, and
//      block_max_bytes over the sum of the signed txs' encodings (what a proposer reaps), block_max_weight
//      over the sum of the txs' op weights (chain/registry.h)
//   4. for a new proposal only (now_ms given): time_ms <= now_ms + consensus_max_clock_drift_ms
//   5. txs_root
//   6. every signature, through the caller's verdict source (the signature cache, then the verify pool)
//   7. execution on the parent's state: no tx may be excluded (chain/execute.h)
//   8. results_root
//   9. state_root (the caller computes the root of the parent's tree plus the writes,
//   Ledger::prepare_candidate)
//
// Deterministic: no clock (the caller passes now_ms), no I/O, no randomness; two honest validators given the
// same block, parent, state and set reach the same verdict, whatever their signature caches hold.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "chain/block_builder.h"
#include "chain/execute.h"
#include "chain/signature_cache.h"

namespace folio {

// What failed, one value per rule above. Stable names (block_fault_name) for logs and metrics.
enum class BlockFault : uint8_t {
    none = 0,
    wrong_validators_hash,
    bad_link,
    too_many_txs,
    too_many_bytes,
    too_much_weight,
    time_too_far_ahead,
    wrong_txs_root,
    bad_signature,
    execution_failed,
    wrong_results_root,
    wrong_state_root,
};
std::string_view block_fault_name(BlockFault fault);

struct BlockCheckInputs {
    const BlockHeader& parent;
    const StateView& parent_state;   // the state after `parent`: parameters and execution read it
    const ValidatorSet& validators;  // the set that signs the block's height
    const InstrumentRegistry& registry;
    TxSignatureVerifier& signatures;  // verdicts on the txs' signatures (a CachedVerifier in the node)
    // The state root of the parent's state with `writes` applied, for the block `block_hash`.
    std::function<Result<Hash256>(const BlockHash& block_hash, const StateWrites& writes)> state_root_after;
    // The checking validator's clock, for a new proposal; nullopt for a block already decided (sync, replay),
    // whose time was bounded when it was proposed.
    std::optional<uint64_t> now_ms;
    // Committed history for instrument reads below the block's height (the store, chain/history.h).
    const ChainHistory* history = nullptr;
};

struct BlockCheck {
    BlockFault fault = BlockFault::none;
    Error error{Reason::OK, {}};  // a reason code and a message naming what differs
    // When ok(): what commit needs (Ledger::commit takes these writes and receipts; the root is the
    // header's).
    ExecutionResult result;
    Hash256 state_root{};

    bool ok() const { return fault == BlockFault::none; }
};

BlockCheck check_block(const Block& block, const BlockCheckInputs& in);

// check_block on top of the ledger's head: parent, state and parameters from the ledger, the state root
// prepared as a candidate by block hash (Ledger::prepare_candidate), and discarded again if the block fails
// its check, so that a passing block can be committed with ledger.commit(block, cert, check.result).
BlockCheck check_block_on_head(Ledger& ledger, const Block& block, const ValidatorSet& validators,
                               const InstrumentRegistry& registry, TxSignatureVerifier& signatures,
                               std::optional<uint64_t> now_ms);

}  // namespace folio
