#include "chain/block_builder.h"

#include "chain/crypto/hash.h"
#include "chain/params.h"
#include "chain/validator_set_state.h"

namespace folio {

Hash256 results_root(const std::vector<Receipt>& receipts) {
    std::vector<Hash256> leaves;
    leaves.reserve(receipts.size());
    // A leaf is the hash of the receipt's result encoding, so the root commits to status and reason of each tx.
    for (const auto& r : receipts) leaves.push_back(crypto::tags::results_root()(r.encode_result()));
    return merkle_root(crypto::tags::results_root(), leaves);
}

BuiltBlock build_block(Ledger& ledger, const InstrumentRegistry& registry, const std::vector<TxPtr>& candidates,
                       const std::vector<bool>& signatures_ok, uint64_t time_ms, const PubKey& proposer) {
    const BlockHeader parent = ledger.head();
    BuiltBlock built;
    BlockHeader& h = built.block.header;
    h.chain_id = ledger.chain_id();
    h.height = parent.height + 1;
    // Time never goes backwards, whatever the producer's clock says.
    h.time_ms = std::max(time_ms, parent.time_ms);
    h.prev_hash = parent.hash();
    // The set of this height as the state before it says (a change signs from two blocks after its own).
    h.validators_hash = validator_set_at(ledger.state(), h.height, ledger.genesis().validators).set.hash();
    h.proposer = proposer;

    BlockExecution exec(ledger.state(), BlockContext{h.chain_id, h.height, h.time_ms}, registry, &ledger.store());
    built.block.txs.reserve(candidates.size());
    const uint64_t max_weight = param_or_default(ledger.state(), "block_max_weight");
    uint64_t weight = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const uint64_t w = tx_weight(candidates[i]->signed_tx.tx, registry);
        if (w > max_weight) {
            built.excluded.push_back(ExcludedTx{candidates[i],
                                                make_error(Reason::TOO_LARGE, "the tx's ops weigh " + std::to_string(w) +
                                                                                  ", more than block_max_weight " +
                                                                                  std::to_string(max_weight)),
                                                {}});
            continue;
        }
        // The block stops before the limit; the rest waits for the next block, in order.
        if (w > max_weight - weight) break;
        TxOutcome o = exec.apply(*candidates[i], i < signatures_ok.size() && signatures_ok[i]);
        if (o.included) {
            built.block.txs.push_back(candidates[i]);
            weight += w;
        }
        else built.excluded.push_back(ExcludedTx{candidates[i], std::move(o.error), o.conflicting_tx});
    }
    built.result = exec.finish();
    h.txs_root = txs_root(built.block.txs);
    h.results_root = results_root(built.result.receipts);
    h.state_root = ledger.state_root_after(h.height, built.result.writes);
    return built;
}

Result<CommitCertificate> commit_single_validator(Ledger& ledger, const BuiltBlock& built,
                                                  const crypto::SecretKey& validator_key) {
    const ValidatorSet validators =
        validator_set_at(ledger.state(), built.block.header.height, ledger.genesis().validators).set;
    const int index = validators.index_of(validator_key.pubkey());
    if (index < 0) return make_error(Reason::NOT_AUTHORIZED, "this key is not a validator of the chain");
    CommitCertificate cert;
    cert.height = built.block.header.height;
    cert.round = 0;
    cert.block_hash = built.block.header.hash();
    add_commit_signature(cert, ledger.chain_id(), static_cast<uint16_t>(index), validator_key);
    if (Status s = ledger.commit(built.block, cert, built.result); !s) return s.error();
    return cert;
}

}  // namespace folio
