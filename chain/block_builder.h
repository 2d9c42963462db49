// Builds the next block on a ledger's head from candidate txs: executes them in order, drops those that can
// never be included (reporting why), and fills the header's roots. Used by the dev block producer, the
// benchmarks and the tests; the consensus proposer will use it too.
#pragma once

#include <vector>

#include "chain/ledger.h"

namespace folio {

struct ExcludedTx {
    TxPtr tx;
    Error error;
    TxHash conflicting_tx{};
};

struct BuiltBlock {
    Block block;
    ExecutionResult result;
    std::vector<ExcludedTx> excluded;
};

// signatures_ok[i] tells whether candidates[i] passed the pure signature check. The block takes candidates in
// order until the next would take its op weight past block_max_weight (chain/registry.h); those after it are
// neither included nor excluded (they wait for a later block). A tx heavier than the limit alone is excluded
// (TOO_LARGE). The header's state_root is
// computed with ledger.state_root_after(), so the block is ready for a commit certificate and ledger.commit().
BuiltBlock build_block(Ledger& ledger, const InstrumentRegistry& registry, const std::vector<TxPtr>& candidates,
                       const std::vector<bool>& signatures_ok, uint64_t time_ms, const PubKey& proposer);

// For a one-validator chain: signs the precommit with the validator's key and commits. The certificate has the
// layout of a consortium's, with one signature.
Result<CommitCertificate> commit_single_validator(Ledger& ledger, const BuiltBlock& built,
                                                  const crypto::SecretKey& validator_key);

Hash256 results_root(const std::vector<Receipt>& receipts);

}  // namespace folio
