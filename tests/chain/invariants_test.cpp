// Seeded randomized property tests of block execution: many random issues, transfers, burns, freezes and
// forced transfers among 50 accounts over many blocks, some of them bound to fail or to be excluded. After
// every block the ledger-wide invariants hold (supply == sum of balances, holders == non-zero balances,
// locked + frozen <= amount), a block's writes are sorted and unique by key, and executing the same block
// twice from the same state gives byte-identical writes and receipts.
//
// Each test prints its seed; FOLIO_SEED=<n> replays it (keys are fresh each run, but every choice depends
// only on the seed and on amounts in the state, so the same ops run with the same outcomes).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "tests/chain/test_ledger.h"
#include "tests/support/test_seed.h"

namespace folio {
namespace {

using test::Party;
using test::TestLedger;
using test::TxOptions;
namespace op = test::op;

bool same_writes(const StateWrites& a, const StateWrites& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].key != b[i].key || a[i].value != b[i].value) return false;
    }
    return true;
}

bool same_receipts(const std::vector<Receipt>& a, const std::vector<Receipt>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].encode_result() != b[i].encode_result() || a[i].accounts != b[i].accounts) return false;
    }
    return true;
}

::testing::AssertionResult SortedAndUniqueByKey(const StateWrites& w) {
    for (size_t i = 1; i < w.size(); ++i) {
        if (!test::bytes_less(w[i - 1].key, w[i].key)) {
            return ::testing::AssertionFailure()
                   << "write " << i << " (" << to_hex(w[i].key) << ") is not after " << to_hex(w[i - 1].key);
        }
    }
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult InvariantsHold(const test::MemoryState& state) {
    const auto violations = test::ledger_invariant_violations(state);
    if (violations.empty()) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure();
    for (const auto& v : violations) failure << "\n  " << v;
    return failure;
}

// Generates random blocks over a TestLedger: every tx it means to be valid carries the right nonce (so it is
// included, succeeding or failing on the state), and a few are made excludable on purpose.
class RandomWorkload {
  public:
    static constexpr size_t kAccounts = 50;
    static constexpr size_t kWithoutKyc = 6;

    explicit RandomWorkload(uint64_t seed) : rng_(seed) {
        for (size_t i = 0; i < kAccounts; ++i) {
            accounts_.push_back(i < kWithoutKyc ? ledger.seed_account() : ledger.seed_investor());
        }
        ledger.seed_kyc(ledger.issuer.id, 1, ledger.time_ms() + TestLedger::kYearMs);
        ledger.seed_kyc(ledger.registrar.id, 1, ledger.time_ms() + TestLedger::kYearMs);
        const std::vector<Op> creates = {
            op::create("EQ", AssetClass::equity, 1'000'000'000),
            op::create("PTS", AssetClass::other, 10'000'000),
            op::create("CLUB", AssetClass::other, 1'000'000, Policy{0, 12, true}),
            op::create("SEAT", AssetClass::other, 1'000'000, Policy{0, 0, false}),
            op::create("CAP", AssetClass::currency, 60'000),
        };
        EXPECT_TRUE(test::Succeeded(ledger.run(ledger.issuer, creates)));
        for (const char* s : {"EQ", "PTS", "CLUB", "SEAT", "CAP"}) symbols_.push_back(s);
    }

    // One block's txs, built against the committed state.
    std::vector<TxPtr> next_block_txs() {
        next_nonce_.clear();
        meant_included.clear();
        meant_excluded = 0;
        std::vector<TxPtr> txs;
        const size_t n = pick(20, 60);
        for (size_t i = 0; i < n; ++i) txs.push_back(random_tx());
        for (auto& [signer, undo] : block_end_) txs.push_back(valid(*signer, {std::move(undo)}));
        block_end_.clear();
        return txs;
    }

    TestLedger ledger;
    // Of the last block's txs: which were meant to be included, and how many were made excludable on purpose.
    std::vector<bool> meant_included;
    size_t meant_excluded = 0;

  private:
    size_t pick(size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(rng_); }
    Amount amount_up_to(Amount hi) { return std::uniform_int_distribution<Amount>(0, hi)(rng_); }
    bool chance(unsigned percent) { return pick(1, 100) <= percent; }
    const Party& any_account() { return accounts_[pick(0, accounts_.size() - 1)]; }
    const std::string& any_symbol() { return symbols_[pick(0, symbols_.size() - 1)]; }

    // Mostly an account that holds some of the asset, so that transfers have something to move.
    const Party& likely_holder(const std::string& sym) {
        if (chance(20)) return any_account();
        std::vector<const Party*> holders;
        for (const Party& p : accounts_) {
            if (ledger.balance(sym, p.id).amount != 0) holders.push_back(&p);
        }
        return holders.empty() ? any_account() : *holders[pick(0, holders.size() - 1)];
    }

    // An amount around a holding: mostly within it, sometimes beyond, sometimes zero.
    Amount around(Amount holding) { return amount_up_to(holding + holding / 4 + 2); }

    uint64_t take_nonce(const Party& p) {
        auto it = next_nonce_.find(p.id);
        if (it == next_nonce_.end()) it = next_nonce_.emplace(p.id, ledger.nonce(p.id)).first;
        return it->second++;
    }

    TxPtr valid(const Party& signer, std::vector<Op> ops) {
        TxOptions o;
        o.nonce = take_nonce(signer);
        if (chance(20)) {
            o.client_ref = "ref-" + std::to_string(++refs_);
            for (size_t i = 0; i < accounts_.size(); ++i) {
                if (accounts_[i].id == signer.id) used_refs_.emplace_back(i, *o.client_ref);
            }
        }
        if (chance(10)) o.valid_until_height = ledger.next_block().height + pick(0, 3);
        meant_included.push_back(true);
        return ledger.make(signer, std::move(ops), o);
    }

    // A tx that can never be included: a wrong nonce, expired, for another chain, reusing a committed
    // client_ref, or with a corrupted signature. Its nonce is not consumed.
    TxPtr excludable(const Party& from, std::vector<Op> ops) {
        const Party* signer = &from;
        TxOptions o;
        const unsigned defect = static_cast<unsigned>(pick(0, 4));
        if (defect == 3) {
            for (size_t tries = 0; tries < 8 && !used_refs_.empty() && !o.client_ref; ++tries) {
                const auto& [who, ref] = used_refs_[pick(0, used_refs_.size() - 1)];
                if (ledger.client_ref_tx(accounts_[who].id, ref)) {  // committed, so certainly used
                    signer = &accounts_[who];
                    o.client_ref = ref;
                }
            }
        }
        auto it = next_nonce_.find(signer->id);
        o.nonce = it == next_nonce_.end() ? ledger.nonce(signer->id) : it->second;
        meant_included.push_back(false);
        ++meant_excluded;
        switch (defect) {
            case 0:
                *o.nonce += 1 + pick(0, 5);
                break;
            case 1:
                o.valid_until_height = ledger.height();
                break;
            case 2:
                o.chain_id = Hash256{};
                break;
            case 3:
                if (!o.client_ref) *o.nonce += 1000;  // no committed ref yet: a bad nonce instead
                break;
            default: {
                SignedTx stx = ledger.sign(ledger.build(*signer, std::move(ops), o), *signer);
                stx.signatures[0].signature[0] ^= 0x80;
                return make_envelope(std::move(stx));
            }
        }
        return ledger.make(*signer, std::move(ops), o);
    }

    TxPtr random_tx() {
        const std::string& sym = any_symbol();
        const unsigned roll = static_cast<unsigned>(pick(1, 100));
        if (roll <= 40) {  // transfer by a holder, to anyone (possibly itself or an account without KYC)
            const Party& from = likely_holder(sym);
            return valid(from,
                         {op::transfer(sym, any_account().id, around(ledger.balance(sym, from.id).amount))});
        }
        if (roll <= 52) {  // issue to one to five recipients
            std::vector<IssueOp::Recipient> to;
            for (size_t i = 0, n = pick(1, 5); i < n; ++i)
                to.push_back({any_account().id, amount_up_to(3000)});
            return valid(chance(80) ? ledger.issuer : ledger.registrar, {op::issue(sym, std::move(to))});
        }
        if (roll <= 58) {  // burn from the issuer's own holding
            if (chance(70)) {
                return valid(ledger.issuer, {op::issue(sym, {{ledger.issuer.id, amount_up_to(500) + 1}}),
                                             op::burn(sym, amount_up_to(600))});
            }
            return valid(ledger.issuer,
                         {op::burn(sym, around(ledger.balance(sym, ledger.issuer.id).amount))});
        }
        if (roll <= 68) {  // freeze or unfreeze part of a holding
            const Party& holder = likely_holder(sym);
            const Balance b = ledger.balance(sym, holder.id);
            if (chance(55))
                return valid(ledger.issuer, {op::freeze_holding(sym, holder.id, around(b.available()))});
            return valid(ledger.registrar, {op::unfreeze_holding(sym, holder.id, around(b.frozen))});
        }
        if (roll <= 71) {  // freeze an account for the rest of the block
            const Party& who = any_account();
            block_end_.emplace_back(&ledger.registrar, op::unfreeze_account(who.id));
            return valid(ledger.registrar, {op::freeze_account(who.id)});
        }
        if (roll <= 73) {  // freeze an asset for the rest of the block
            block_end_.emplace_back(&ledger.issuer, op::unfreeze_asset(sym));
            return valid(ledger.issuer, {op::freeze_asset(sym)});
        }
        if (roll <= 81) {  // forced transfer, which may take frozen units
            const Party& from = likely_holder(sym);
            return valid(ledger.registrar,
                         {op::forced_transfer(sym, from.id, any_account().id,
                                              around(ledger.balance(sym, from.id).amount))});
        }
        if (roll <= 93) {  // several ops in one tx: the later ones may fail and roll back the earlier ones
            const Party& from = likely_holder(sym);
            std::vector<Op> ops;
            for (size_t i = 0, n = pick(2, 4); i < n; ++i) {
                ops.push_back(
                    op::transfer(sym, any_account().id, around(ledger.balance(sym, from.id).amount / 3)));
            }
            return valid(from, std::move(ops));
        }
        const Party& from = any_account();
        return excludable(from, {op::transfer(sym, any_account().id, 1)});
    }

    std::mt19937_64 rng_;
    std::vector<Party> accounts_;
    std::vector<std::string> symbols_;
    std::map<AccountId, uint64_t> next_nonce_;
    size_t refs_ = 0;
    std::vector<std::pair<const Party*, Op>> block_end_;     // unfreezes that end this block's freezes
    std::vector<std::pair<size_t, std::string>> used_refs_;  // (index in accounts_, client_ref)
};

constexpr int kBlocks = 40;

// The checker itself: a property test is only as good as the broken ledgers it would notice.
TEST(invariants, CheckerReportsSupplyHolderAndFrozenViolations) {
    TestLedger ledger;
    const Party alice = ledger.seed_account();
    const Party bob = ledger.seed_account();
    ASSERT_TRUE(test::Succeeded(ledger.run(ledger.issuer, {op::create("PTS", AssetClass::other, 1000)})));
    ASSERT_TRUE(test::Succeeded(ledger.run(ledger.issuer, {op::issue("PTS", {{alice.id, 10}})})));
    ASSERT_TRUE(InvariantsHold(ledger.state()));
    const AssetId id = ledger.asset("PTS").id;

    test::MemoryState minted = ledger.state();  // units that no issue created: supply and holders disagree
    minted.put(state_key::balance(id, bob.id), Balance{5, 0, 0}.encode());
    EXPECT_EQ(test::ledger_invariant_violations(minted).size(), 2u);

    test::MemoryState overfrozen = ledger.state();  // more frozen than held: available would underflow
    overfrozen.put(state_key::balance(id, alice.id), Balance{10, 0, 11}.encode());
    EXPECT_EQ(test::ledger_invariant_violations(overfrozen).size(), 1u);

    test::MemoryState empty_leaf = ledger.state();  // an empty balance must be deleted, not kept
    empty_leaf.put(state_key::balance(id, bob.id), Balance{}.encode());
    EXPECT_EQ(test::ledger_invariant_violations(empty_leaf).size(), 1u);
}

TEST(invariants, SupplyHoldersAndAvailableHoldAfterEveryBlockOfRandomOps) {
    RandomWorkload w(test::test_seed("invariants"));
    ASSERT_TRUE(InvariantsHold(w.ledger.state()));
    size_t succeeded = 0, failed = 0, excluded = 0;
    std::map<Reason, size_t> reasons;
    for (int b = 0; b < kBlocks; ++b) {
        SCOPED_TRACE("block " + std::to_string(w.ledger.next_block().height));
        const std::vector<TxPtr> txs = w.next_block_txs();
        const test::BlockRun run = w.ledger.run_block(txs);
        for (size_t i = 0; i < txs.size(); ++i) {
            const TxOutcome& o = run.outcomes[i];
            EXPECT_EQ(o.included, w.meant_included[i]) << "tx " << i << ": " << reason_name(o.error.reason);
            if (!o.included)
                ++excluded;
            else if (o.receipt.status == TxStatus::success)
                ++succeeded;
            else
                ++failed;
            ++reasons[o.included ? o.receipt.reason : o.error.reason];
        }
        ASSERT_TRUE(InvariantsHold(w.ledger.state()));
    }
    std::printf("invariants: %zu txs succeeded, %zu failed, %zu excluded over %d blocks\n", succeeded, failed,
                excluded, kBlocks);
    for (const auto& [reason, count] : reasons)
        std::printf("  %s: %zu\n", std::string(reason_name(reason)).c_str(), count);
    // The workload must exercise both sides of the rules, or the invariants above prove little.
    EXPECT_GT(succeeded, 100u);
    EXPECT_GT(failed, 50u);
    EXPECT_GT(excluded, 0u);
}

TEST(invariants, SameBlockFromSameStateGivesIdenticalWritesAndReceipts) {
    RandomWorkload w(test::test_seed("invariants"));
    for (int b = 0; b < kBlocks; ++b) {
        SCOPED_TRACE("block " + std::to_string(w.ledger.next_block().height));
        const std::vector<TxPtr> txs = w.next_block_txs();
        const test::BlockRun first = w.ledger.execute(txs);
        const test::BlockRun second = w.ledger.execute(txs);
        ASSERT_TRUE(same_writes(first.result.writes, second.result.writes));
        ASSERT_TRUE(same_receipts(first.result.receipts, second.result.receipts));
        w.ledger.commit(first);
    }
}

TEST(invariants, ReplayFromTheSameStateReachesTheSameState) {
    RandomWorkload w(test::test_seed("invariants"));
    const test::MemoryState start = w.ledger.state();
    std::vector<std::pair<BlockContext, std::vector<TxPtr>>> blocks;
    std::vector<std::vector<Receipt>> receipts;
    for (int b = 0; b < kBlocks; ++b) {
        blocks.emplace_back(w.ledger.next_block(), w.next_block_txs());
        receipts.push_back(w.ledger.run_block(blocks.back().second).result.receipts);
    }
    test::MemoryState replica = start;
    for (size_t b = 0; b < blocks.size(); ++b) {
        BlockExecution exec(replica, blocks[b].first, w.ledger.registry());
        for (const TxPtr& tx : blocks[b].second) (void)exec.apply(*tx, verify_signatures(*tx));
        ExecutionResult r = exec.finish();
        ASSERT_TRUE(same_receipts(r.receipts, receipts[b])) << "block " << b;
        replica.apply(r.writes);
    }
    EXPECT_TRUE(replica == w.ledger.state());
}

TEST(invariants, BlockWritesAreSortedAndUniqueByKey) {
    RandomWorkload w(test::test_seed("invariants"));
    for (int b = 0; b < kBlocks; ++b) {
        const test::BlockRun run = w.ledger.run_block(w.next_block_txs());
        ASSERT_TRUE(SortedAndUniqueByKey(run.result.writes)) << "block " << b;
    }
}

}  // namespace
}  // namespace folio
