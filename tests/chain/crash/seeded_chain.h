// A chain whose every block is reproducible from a seed, and an in-memory replay to compare a stored chain
// with. The crash test's child process (store_crash_child) writes the seeded chain to LevelDB until it is
// killed; the test reopens the directory and checks what survived against ReplayState, which executes the
// same blocks with the real executor but stores nothing.
//
// Reproducibility: block h's txs are a function of (seed, h) and of the state after block h - 1 (nonces, and
// transfers of a holder's whole balance), which is itself a function of (seed, h - 1). Signatures take their
// BIP340 aux randomness from the tx hash and block times are genesis time + h seconds, so block h's body,
// header and hash are the same bytes in every run with the same seed, however often the writer was restarted.
//
// Not thread-safe; one instance per thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chain/block_builder.h"
#include "chain/execute.h"
#include "chain/genesis.h"
#include "chain/ledger.h"
#include "chain/registry.h"
#include "chain/state_tree.h"

namespace folio::test {

// A secret key derived from (tag, index): tests and the child process must agree on keys without sharing
// files.
crypto::SecretKey derived_key(std::string_view tag, uint64_t index);

// Signs `tx` with `key`, the aux randomness derived from the tx hash, so that the signed bytes are
// reproducible.
TxPtr sign_reproducibly(Tx tx, const crypto::SecretKey& key);

// Byte-wise order of keys, out of line (g++ 12 at -O3 warns falsely on std::less<std::vector<uint8_t>>).
struct KeyLess {
    bool operator()(const Bytes& a, const Bytes& b) const;
};
using StateMap = std::map<Bytes, Bytes, KeyLess>;

// A chain replayed in memory: the state in a map, the state tree over it, the real executor and registry.
class ReplayState final : public StateView {
  public:
    ReplayState(std::string_view genesis_json, const InstrumentRegistry& registry);

    bool get(ByteView key, Bytes& value) const override;
    const ChainId& chain_id() const { return chain_id_; }
    Height height() const { return height_; }
    const Hash256& state_root() const { return root_; }
    const StateMap& entries() const { return state_; }

    // Executes `txs` as block height() + 1 at `time_ms` and commits it to the map and the tree. Every tx must
    // be included (as in a valid block); otherwise nothing changes and the error says which tx was excluded.
    Result<ExecutionResult> apply_block(const std::vector<TxPtr>& txs, uint64_t time_ms);

  private:
    const InstrumentRegistry& registry_;
    ChainId chain_id_{};
    Height height_ = 0;
    Hash256 root_{};
    StateMap state_;
    StateTree tree_{2};
};

class SeededChain {
  public:
    static constexpr size_t kHolders =
        24;  // KYC'd accounts; the first kHolders / 2 hold both assets at genesis
    static constexpr uint64_t kGenesisTimeMs = 1'764'000'000'000;
    static constexpr uint64_t kBlockIntervalMs = 1'000;
    static constexpr std::string_view kSymbols[2] = {"ACME", "BOND"};  // equity (0 decimals), minibond (2)

    explicit SeededChain(uint64_t seed);

    uint64_t seed() const { return seed_; }
    // The genesis of every seeded chain (it does not depend on the seed).
    const std::string& genesis_json() const { return genesis_json_; }
    const crypto::SecretKey& validator_key() const { return validator_; }
    const std::vector<AccountId>& holders() const { return holders_; }
    uint64_t block_time_ms(Height height) const { return kGenesisTimeMs + height * kBlockIntervalMs; }

    // The txs of block `height` on top of `state` (the state after block height - 1): 1 to 6 txs, issues by
    // the registrar and transfers between holders, some with a client_ref, some of two ops, some moving a
    // whole balance (so holders leave and come back), some failing in execution (included with a reason).
    // None is ever excluded.
    std::vector<TxPtr> block_txs(const StateView& state, const ChainId& chain_id, Height height) const;

  private:
    uint64_t seed_;
    crypto::SecretKey registrar_;
    crypto::SecretKey validator_;
    std::vector<crypto::SecretKey> holder_keys_;
    std::vector<AccountId> holders_;
    AccountId registrar_id_{};
    std::string genesis_json_;
};

// Builds block head + 1 of the seeded chain on `ledger` and commits it with the validator's certificate.
// Fails if a tx was excluded (the generator's bug) or the commit failed.
Status commit_next_seeded_block(Ledger& ledger, const InstrumentRegistry& registry, const SeededChain& chain);

// Replays the seeded chain in memory up to `height` (>= replay.height()).
Status replay_seeded_to(ReplayState& replay, const SeededChain& chain, Height height);

}  // namespace folio::test
