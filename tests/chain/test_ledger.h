// An in-memory ledger for tests: the state in a std::map, genesis-like parties written straight into it as
// records, and helpers that build, sign and run txs one block at a time through the real executor
// (chain/execute.h) with the real instrument registry (contracts::make_registry()).
//
//   test::TestLedger ledger;                                 // registrar, operator_ and issuer exist
//   test::Party alice = ledger.seed_investor();              // KYC level 1, valid for a year
//   ASSERT_TRUE(test::Succeeded(ledger.run(ledger.issuer, {test::op::create("ACME", AssetClass::equity,
//   1000)}))); ASSERT_TRUE(test::Succeeded(ledger.run(ledger.issuer, {test::op::issue("ACME", {{alice.id,
//   10}})}))); EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 10u);
//
// Blocks: run()/run_block() execute over the committed state with BlockExecution (signatures checked with
// verify_signatures, as the mempool does before execution), commit the writes and move height and time on.
// execute() does the same without committing (determinism checks); run_validated() is the validator path
// (execute_block: any excluded tx makes the block invalid and nothing is committed).
//
// Not thread-safe; one ledger per test.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/execute.h"
#include "chain/registry.h"
#include "chain/state.h"
#include "chain/tx.h"

namespace folio::test {

// Byte-wise lexicographic order of keys (the order of StateWrites and of LevelDB's default comparator).
// Out of line: g++ 12 at -O3 warns falsely (-Wstringop-overread) on std::less<std::vector<uint8_t>> inlined
// into map code.
bool bytes_less(ByteView a, ByteView b);
struct BytesLess {
    using is_transparent = void;
    bool operator()(ByteView a, ByteView b) const { return bytes_less(a, b); }
};

// The state as a sorted map; what a committed StateView is, minus storage.
class MemoryState final : public StateView {
  public:
    bool get(ByteView key, Bytes& value) const override;
    void put(Bytes key, Bytes value) { kv_[std::move(key)] = std::move(value); }
    void erase(const Bytes& key) { kv_.erase(key); }
    // Commits a block's writes (a nullopt value deletes the key).
    void apply(const StateWrites& writes);

    using Map = std::map<Bytes, Bytes, BytesLess>;
    const Map& entries() const { return kv_; }
    size_t size() const { return kv_.size(); }
    bool operator==(const MemoryState& other) const { return kv_ == other.kv_; }

  private:
    Map kv_;
};

// A secret key with its public key computed once. Shared so that Party values copy cheaply.
struct TestKey {
    std::shared_ptr<const crypto::SecretKey> secret;
    PubKey pubkey{};

    static TestKey generate();
};

// An account as a test sees it: its id and the keys it signs with (the current keys, in record order).
struct Party {
    AccountId id{};
    std::vector<TestKey> keys;

    const TestKey& key() const { return keys.at(0); }
    const PubKey& pubkey() const { return keys.at(0).pubkey; }
};

// Everything a tx carries besides signer and ops; defaults give a tx the ledger would include.
struct TxOptions {
    std::optional<uint64_t> nonce;  // default: the signer's next nonce in the committed state
    Height valid_until_height = 0;  // 0: no bound
    std::string memo;
    std::optional<std::string> client_ref;
    std::optional<ChainId> chain_id;  // default: the ledger's chain
};

// What a block run gives back: the context it ran in, one outcome per tx in order, and the block's writes and
// receipts.
struct BlockRun {
    BlockContext context;
    std::vector<TxOutcome> outcomes;
    ExecutionResult result;
};

class TestLedger {
  public:
    static constexpr uint64_t kGenesisTimeMs = 1'700'000'000'000;  // 2023-11-14
    static constexpr uint64_t kBlockIntervalMs = 1'000;
    static constexpr uint64_t kYearMs = 365ull * 24 * 3600 * 1000;

    // A chain at height 0 with a registrar, an operator and an issuer (roles written directly, as genesis
    // does) and the params block_max_txs = 5000 and tx_max_wait_blocks = 10000.
    TestLedger();

    Party registrar;
    Party operator_;
    Party issuer;

    MemoryState& state() { return state_; }
    const MemoryState& state() const { return state_; }
    const InstrumentRegistry& registry() const { return *registry_; }
    const ChainId& chain_id() const { return chain_id_; }
    Height height() const { return height_; }      // the last committed block (0: genesis)
    uint64_t time_ms() const { return time_ms_; }  // its time
    // The context the next block executes in: height + 1, time + kBlockIntervalMs.
    BlockContext next_block() const;
    // Moves the clock: the next block's time is later by ms (on top of the usual interval).
    void advance_time_ms(uint64_t ms) { time_ms_ += ms; }

    // --- Seeding: records written straight into the state, as genesis would (no tx, no nonce). ---
    // A fresh account with one key, threshold 1, the given role bits (role_bit(Role::...)) and no KYC.
    Party seed_account(uint32_t roles = 0);
    // An account with n_keys keys and the given threshold.
    Party seed_multisig(size_t n_keys, uint8_t threshold, uint32_t roles = 0);
    // An account with a KYC attestation of `level` valid for a year from now.
    Party seed_investor(uint8_t level = 1);
    // Sets (replaces) an account's KYC attestation.
    void seed_kyc(const AccountId& id, uint8_t level, uint64_t expires_ms);
    void seed_param(std::string_view name, uint64_t value);
    // Writes an account record and its pubkey index entries.
    void write_account(const AccountId& id, const Account& account);

    // --- Reads of the committed state. account()/asset() record a test failure when the record is absent.
    // ---
    std::optional<Account> find_account(const AccountId& id) const;
    Account account(const AccountId& id) const;
    uint64_t nonce(const AccountId& id) const;
    std::optional<AccountId> account_of_key(const PubKey& key) const;
    std::optional<Asset> find_asset(std::string_view symbol) const;
    Asset asset(std::string_view symbol) const;
    Balance balance(std::string_view symbol, const AccountId& id) const;  // empty when absent
    std::optional<uint64_t> param(std::string_view name) const;
    std::optional<TxHash> client_ref_tx(const AccountId& id, std::string_view ref) const;

    // --- Txs ---
    Tx build(const Party& signer, std::vector<Op> ops, const TxOptions& options = {}) const;
    // Signs with every key of `by` (once each).
    SignedTx sign(Tx tx, const Party& by) const;
    // build + sign + make_envelope.
    TxPtr make(const Party& signer, std::vector<Op> ops, const TxOptions& options = {}) const;

    // --- Blocks ---
    // Executes txs as the next block over the committed state without committing anything.
    BlockRun execute(const std::vector<TxPtr>& txs, bool strict = false) const;
    // Commits a run's writes and moves height and time to the run's block.
    void commit(const BlockRun& run);
    // execute + commit.
    BlockRun run_block(const std::vector<TxPtr>& txs, bool strict = false);
    // One tx as a whole block.
    TxOutcome run(const TxPtr& tx, bool strict = false);
    TxOutcome run(const Party& signer, std::vector<Op> ops, const TxOptions& options = {});
    // The validator path: execute_block; commits only when the block is valid.
    Result<ExecutionResult> run_validated(const std::vector<TxPtr>& txs);

  private:
    MemoryState state_;
    std::unique_ptr<InstrumentRegistry> registry_;
    ChainId chain_id_{};
    Height height_ = 0;
    uint64_t time_ms_ = kGenesisTimeMs;
};

// Op builders: each returns the encoded core op (chain/ops.h encode_op).
namespace op {
inline const Hash256 kLegalRef = [] {
    Hash256 h{};
    h.fill(0x1e);
    return h;
}();
Op register_key(const PubKey& pubkey);
Op kyc(const AccountId& account, uint8_t level, uint64_t expires_ms, std::string category = "retail");
Op rotate(const PubKey& new_pubkey);
Op recover(const AccountId& account, const PubKey& new_pubkey, const Hash256& legal_ref = kLegalRef);
Op grant(const AccountId& account, Role role, std::string asset = {});
Op revoke(const AccountId& account, Role role, std::string asset = {});
Op create(std::string symbol, AssetClass asset_class, Amount max_supply, std::optional<Policy> policy = {},
          uint8_t decimals = 0);
Op issue(std::string symbol, std::vector<IssueOp::Recipient> to);
Op transfer(std::string symbol, const AccountId& to, Amount amount);
Op burn(std::string symbol, Amount amount);
Op freeze_account(const AccountId& account);
Op unfreeze_account(const AccountId& account);
Op freeze_asset(std::string symbol);
Op unfreeze_asset(std::string symbol);
Op freeze_holding(std::string symbol, const AccountId& account, Amount amount);
Op unfreeze_holding(std::string symbol, const AccountId& account, Amount amount);
Op forced_transfer(std::string symbol, const AccountId& from, const AccountId& to, Amount amount,
                   const Hash256& legal_ref = kLegalRef);
Op param_update(std::string name, uint64_t value);
}  // namespace op

// Assertions with readable failures (reason names, not numbers).
// Included, and every op succeeded.
::testing::AssertionResult Succeeded(const TxOutcome& outcome);
// Included as failed (nonce and client_ref consumed, ops rolled back) with this reason.
::testing::AssertionResult FailedWith(const TxOutcome& outcome, Reason reason);
// Not included (can never be in a block, or refused in strict mode) with this reason.
::testing::AssertionResult ExcludedWith(const TxOutcome& outcome, Reason reason);

// Checks the ledger-wide invariants over a whole state and returns one line per violation (empty: all hold):
// for every asset, supply == sum of amounts and holders == number of non-zero amounts; supply <= max_supply;
// for every balance, locked + frozen <= amount, the leaf is not empty, and its asset exists.
std::vector<std::string> ledger_invariant_violations(const MemoryState& state);

}  // namespace folio::test
