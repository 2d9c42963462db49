#include "chain/block_check.h"

#include <limits>

#include "chain/genesis.h"
#include "chain/params.h"

namespace folio {
namespace {

BlockCheck refused(BlockFault fault, Reason reason, std::string message) {
    BlockCheck c;
    c.fault = fault;
    c.error = make_error(reason, std::string(block_fault_name(fault)) + ": " + std::move(message));
    return c;
}

std::string differs(std::string_view field, const Hash256& header, const Hash256& computed) {
    return std::string(field) + " " + to_hex(header) + " in the header, " + to_hex(computed) + " computed";
}

}  // namespace

std::string_view block_fault_name(BlockFault fault) {
    switch (fault) {
        case BlockFault::none:
            return "none";
        case BlockFault::wrong_validators_hash:
            return "wrong_validators_hash";
        case BlockFault::bad_link:
            return "bad_link";
        case BlockFault::too_many_txs:
            return "too_many_txs";
        case BlockFault::too_many_bytes:
            return "too_many_bytes";
        case BlockFault::too_much_weight:
            return "too_much_weight";
        case BlockFault::time_too_far_ahead:
            return "time_too_far_ahead";
        case BlockFault::wrong_txs_root:
            return "wrong_txs_root";
        case BlockFault::bad_signature:
            return "bad_signature";
        case BlockFault::execution_failed:
            return "execution_failed";
        case BlockFault::wrong_results_root:
            return "wrong_results_root";
        case BlockFault::wrong_state_root:
            return "wrong_state_root";
    }
    return "unknown";
}

BlockCheck check_block(const Block& block, const BlockCheckInputs& in) {
    const BlockHeader& h = block.header;
    const Hash256 set_hash = in.validators.hash();
    if (h.validators_hash != set_hash) {
        return refused(BlockFault::wrong_validators_hash, Reason::INVALID_ARGUMENT,
                       differs("validators_hash", h.validators_hash, set_hash) + " from the set of height " +
                           std::to_string(h.height));
    }
    if (Status s = check_header_link(h, in.parent, in.validators); !s) {
        return refused(BlockFault::bad_link, s.reason(), s.error().message);
    }

    const uint64_t max_txs = param_or_default(in.parent_state, "block_max_txs");
    if (block.txs.size() > max_txs) {
        return refused(
            BlockFault::too_many_txs, Reason::TOO_LARGE,
            std::to_string(block.txs.size()) + " txs, block_max_txs is " + std::to_string(max_txs));
    }
    const uint64_t max_bytes = param_or_default(in.parent_state, "block_max_bytes");
    uint64_t body_bytes = 0;
    for (const TxPtr& tx : block.txs) body_bytes += tx->bytes.size();
    if (body_bytes > max_bytes) {
        return refused(
            BlockFault::too_many_bytes, Reason::TOO_LARGE,
            std::to_string(body_bytes) + " bytes of txs, block_max_bytes is " + std::to_string(max_bytes));
    }
    const uint64_t max_weight = param_or_default(in.parent_state, "block_max_weight");
    uint64_t weight = 0;  // <= max_weight before each addition of at most max_weight + 1: no overflow
    for (size_t i = 0; i < block.txs.size(); ++i) {
        weight += std::min(tx_weight(block.txs[i]->signed_tx.tx, in.registry), max_weight + 1);
        if (weight > max_weight) {
            return refused(BlockFault::too_much_weight, Reason::TOO_LARGE,
                           "the ops of txs 0.." + std::to_string(i) + " weigh more than block_max_weight " +
                               std::to_string(max_weight));
        }
    }
    if (in.now_ms) {
        const uint64_t drift = param_or_default(in.parent_state, "consensus_max_clock_drift_ms");
        const uint64_t latest = *in.now_ms > std::numeric_limits<uint64_t>::max() - drift
                                    ? std::numeric_limits<uint64_t>::max()
                                    : *in.now_ms + drift;
        if (h.time_ms > latest) {
            return refused(BlockFault::time_too_far_ahead, Reason::INVALID_ARGUMENT,
                           "time_ms " + std::to_string(h.time_ms) +
                               " is more than consensus_max_clock_drift_ms " + std::to_string(drift) +
                               " ahead of this validator's clock " + std::to_string(*in.now_ms));
        }
    }

    const Hash256 computed_txs_root = txs_root(block.txs);
    if (h.txs_root != computed_txs_root) {
        return refused(BlockFault::wrong_txs_root, Reason::INVALID_ARGUMENT,
                       differs("txs_root", h.txs_root, computed_txs_root));
    }

    const std::vector<bool> signatures_ok = in.signatures.verify(block.txs);
    for (size_t i = 0; i < block.txs.size(); ++i) {
        if (i >= signatures_ok.size() || !signatures_ok[i]) {
            return refused(BlockFault::bad_signature, Reason::BAD_SIGNATURE,
                           "a signature of tx " + std::to_string(i) + " (" + to_hex(block.txs[i]->tx_hash) +
                               ") does not verify");
        }
    }

    auto executed = execute_block(in.parent_state, BlockContext{h.chain_id, h.height, h.time_ms}, block.txs,
                                  signatures_ok, in.registry, in.history);
    if (!executed) return refused(BlockFault::execution_failed, executed.reason(), executed.error().message);

    const Hash256 computed_results_root = results_root(executed->receipts);
    if (h.results_root != computed_results_root) {
        return refused(BlockFault::wrong_results_root, Reason::INVALID_ARGUMENT,
                       differs("results_root", h.results_root, computed_results_root));
    }

    auto root = in.state_root_after(h.hash(), executed->writes);
    if (!root) return refused(BlockFault::wrong_state_root, root.reason(), root.error().message);
    if (h.state_root != *root) {
        return refused(BlockFault::wrong_state_root, Reason::INVALID_ARGUMENT,
                       differs("state_root", h.state_root, *root));
    }

    BlockCheck ok;
    ok.result = std::move(executed).value();
    ok.state_root = *root;
    return ok;
}

BlockCheck check_block_on_head(Ledger& ledger, const Block& block, const ValidatorSet& validators,
                               const InstrumentRegistry& registry, TxSignatureVerifier& signatures,
                               std::optional<uint64_t> now_ms) {
    const BlockHeader parent = ledger.head();
    const BlockHash block_hash = block.header.hash();
    const bool prepared_before = ledger.has_candidate(block_hash);
    BlockCheckInputs in{parent,
                        ledger.state(),
                        validators,
                        registry,
                        signatures,
                        [&](const BlockHash& hash, const StateWrites& writes) {
                            return ledger.prepare_candidate(hash, block.header.height, writes);
                        },
                        now_ms,
                        &ledger.store()};
    BlockCheck check = check_block(block, in);
    // A candidate made for a block that failed is of no use; one prepared before this call is the caller's.
    if (!check.ok() && !prepared_before) ledger.discard_candidate(block_hash);
    return check;
}

}  // namespace folio
