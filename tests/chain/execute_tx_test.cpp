// What holds of a tx as a whole (suite execution_tx): atomicity, exclusion, strict mode, signatures,
// client_ref, and the receipt's encoding.
#include <gtest/gtest.h>

#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;

// ===========================================================================================================
// The tx as a whole

TEST_F(execution_tx, FailedOpRollsBackEarlierOpsButConsumesNonceAndClientRef) {
    TxOptions o;
    o.client_ref = "order-1";
    const TxPtr tx =
        ledger.make(alice, {op::transfer("ACME", bob.id, 10), op::transfer("ACME", bob.id, 5000)}, o);
    const TxOutcome out = ledger.run(tx);
    ASSERT_TRUE(FailedWith(out, Reason::INSUFFICIENT_BALANCE));
    EXPECT_EQ(out.receipt.op_index, 1);
    EXPECT_EQ(out.receipt.tx_hash, tx->tx_hash);
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 1000u);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 0u);
    EXPECT_EQ(ledger.asset("ACME").holders, 1u);
    EXPECT_EQ(ledger.nonce(alice.id), 1u);
    EXPECT_EQ(ledger.client_ref_tx(alice.id, "order-1"), tx->tx_hash);
}

TEST_F(execution_tx, FailedTxRollsBackChangesToItsSignersOwnRecord) {
    const TestKey fresh = TestKey::generate();
    ASSERT_TRUE(FailedWith(run(alice, {op::rotate(fresh.pubkey), op::transfer("ACME", bob.id, 5000)}),
                           Reason::INSUFFICIENT_BALANCE));
    EXPECT_EQ(ledger.account(alice.id).keys, std::vector<PubKey>{alice.pubkey()});
    EXPECT_EQ(ledger.account_of_key(alice.pubkey()), alice.id);
    EXPECT_FALSE(ledger.account_of_key(fresh.pubkey).has_value());
    EXPECT_EQ(ledger.nonce(alice.id), 1u);
}

TEST_F(execution_tx, FailedTxReceiptListsOnlyItsSigner) {
    const TxOutcome out = run(alice, {op::transfer("ACME", bob.id, 10), op::transfer("ACME", bob.id, 5000)});
    ASSERT_TRUE(FailedWith(out, Reason::INSUFFICIENT_BALANCE));
    EXPECT_EQ(out.receipt.accounts, std::vector<AccountId>{alice.id});
}

TEST_F(execution_tx, SucceededTxReceiptListsAccountsItConcerns) {
    const TxOutcome out = run(alice, {op::transfer("ACME", bob.id, 10)});
    ASSERT_TRUE(Succeeded(out));
    EXPECT_EQ(out.receipt.accounts, (std::vector<AccountId>{alice.id, bob.id}));
}

TEST_F(execution_tx, TxFailingOnlyBecauseEarlierTxSpentTheBalanceIsIncludedAsFailed) {
    const TxPtr first = ledger.make(alice, {op::transfer("ACME", bob.id, 800)}, {.nonce = 0});
    const TxPtr second = ledger.make(alice, {op::transfer("ACME", bob.id, 800)}, {.nonce = 1});
    const test::BlockRun block = ledger.run_block({first, second});
    EXPECT_TRUE(Succeeded(block.outcomes[0]));
    EXPECT_TRUE(FailedWith(block.outcomes[1], Reason::INSUFFICIENT_BALANCE));
    ASSERT_EQ(block.result.receipts.size(), 2u);
    EXPECT_EQ(block.result.receipts[1].tx_hash, second->tx_hash);
    EXPECT_EQ(ledger.nonce(alice.id), 2u);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 800u);
}

TEST_F(execution_tx, NonceAdvancesByOnePerIncludedTxWithinABlock) {
    std::vector<TxPtr> txs;
    for (uint64_t n = 0; n < 3; ++n)
        txs.push_back(ledger.make(alice, {op::transfer("ACME", bob.id, 1)}, {.nonce = n}));
    const test::BlockRun block = ledger.run_block(txs);
    for (const TxOutcome& o : block.outcomes) EXPECT_TRUE(Succeeded(o));
    EXPECT_EQ(ledger.nonce(alice.id), 3u);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 3u);
}

TEST_F(execution_tx, ExcludedTxLeavesStateUntouched) {
    TxOptions wrong_chain;
    wrong_chain.chain_id = Hash256{};
    TxOptions expired;
    expired.valid_until_height = ledger.height();
    TxOptions stale_nonce;
    stale_nonce.nonce = 7;
    const std::vector<Op> ops = {op::transfer("ACME", bob.id, 10)};
    const std::pair<const char*, TxPtr> cases[] = {
        {"bad nonce", ledger.make(alice, ops, stale_nonce)},
        {"bad signature", with_corrupted_signature(ledger.sign(ledger.build(alice, ops), alice))},
        {"expired", ledger.make(alice, ops, expired)},
        {"wrong chain", ledger.make(alice, ops, wrong_chain)},
    };
    for (const auto& [what, tx] : cases) {
        SCOPED_TRACE(what);
        const test::MemoryState before = ledger.state();
        const test::BlockRun block = ledger.run_block({tx});
        EXPECT_FALSE(block.outcomes[0].included);
        EXPECT_TRUE(block.result.writes.empty());
        EXPECT_TRUE(block.result.receipts.empty());
        EXPECT_TRUE(ledger.state() == before);
    }
}

TEST_F(execution_tx, StrictModeExcludesFailingTxWithoutConsumingNonceOrClientRef) {
    TxOptions o;
    o.client_ref = "order-9";
    const TxOutcome out =
        ledger.run(ledger.make(alice, {op::transfer("ACME", bob.id, 5000)}, o), /*strict=*/true);
    EXPECT_TRUE(ExcludedWith(out, Reason::INSUFFICIENT_BALANCE));
    EXPECT_EQ(ledger.nonce(alice.id), 0u);
    EXPECT_FALSE(ledger.client_ref_tx(alice.id, "order-9").has_value());
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 50)}, o)));
}

TEST_F(execution_tx, StrictModeExclusionLeavesEarlierPendingTxsInPlace) {
    BlockExecution pending(ledger.state(), ledger.next_block(), ledger.registry());
    const TxPtr good = ledger.make(alice, {op::transfer("ACME", bob.id, 10)}, {.nonce = 0});
    const TxPtr bad = ledger.make(alice, {op::transfer("ACME", bob.id, 5000)}, {.nonce = 1});
    EXPECT_TRUE(Succeeded(pending.apply(*good, true, true)));
    EXPECT_TRUE(ExcludedWith(pending.apply(*bad, true, true), Reason::INSUFFICIENT_BALANCE));
    Balance b;
    ASSERT_TRUE(read_balance(pending.view(), ledger.asset("ACME").id, bob.id, b));
    EXPECT_EQ(b.amount, 10u);
    Account a;
    ASSERT_TRUE(read_account(pending.view(), alice.id, a));
    EXPECT_EQ(a.nonce, 1u);
    EXPECT_EQ(pending.finish().receipts.size(), 1u);
}

TEST_F(execution_tx, ValidatorRefusesBlockContainingAnExcludableTx) {
    const TxPtr good = ledger.make(alice, {op::transfer("ACME", bob.id, 10)}, {.nonce = 0});
    const TxPtr replay = ledger.make(alice, {op::transfer("ACME", bob.id, 10)}, {.nonce = 0});
    const test::MemoryState before = ledger.state();
    const Height height = ledger.height();
    const auto r = ledger.run_validated({good, replay});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::BAD_NONCE);
    EXPECT_TRUE(ledger.state() == before);
    EXPECT_EQ(ledger.height(), height);
}

TEST_F(execution_tx, ValidatorAcceptsBlockWithFailedTx) {
    const TxPtr failing = ledger.make(alice, {op::transfer("ACME", bob.id, 5000)});
    const auto r = ledger.run_validated({failing});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->receipts.size(), 1u);
    EXPECT_EQ(r->receipts[0].status, TxStatus::failed);
    EXPECT_EQ(r->receipts[0].reason, Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(ledger.nonce(alice.id), 1u);
}

TEST_F(execution_tx, MultisigKeySigningTwiceCountsOnce) {
    const Party vault = ledger.seed_multisig(2, 2);
    SignedTx stx{ledger.build(vault, {op::rotate(TestKey::generate().pubkey)}), {}};
    sign_tx(stx, *vault.keys[0].secret);
    sign_tx(stx, *vault.keys[0].secret);
    EXPECT_TRUE(ExcludedWith(ledger.run(make_envelope(stx)), Reason::MISSING_SIGNATURE));
    EXPECT_EQ(ledger.nonce(vault.id), 0u);
}

TEST_F(execution_tx, MultisigWithOneKeyOfTwoIsMissingSignature) {
    const Party vault = ledger.seed_multisig(2, 2);
    SignedTx stx{ledger.build(vault, {op::rotate(TestKey::generate().pubkey)}), {}};
    sign_tx(stx, *vault.keys[1].secret);
    EXPECT_TRUE(ExcludedWith(ledger.run(make_envelope(stx)), Reason::MISSING_SIGNATURE));
}

TEST_F(execution_tx, MultisigSignedByBothKeysSucceeds) {
    const Party vault = ledger.seed_multisig(2, 2);
    ledger.seed_kyc(vault.id, 1, ledger.time_ms() + TestLedger::kYearMs);
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("ACME", {{vault.id, 50}})})));
    SignedTx stx{ledger.build(vault, {op::transfer("ACME", bob.id, 20)}), {}};
    sign_tx(stx, *vault.keys[0].secret);
    sign_tx(stx, *vault.keys[1].secret);
    EXPECT_TRUE(Succeeded(ledger.run(make_envelope(stx))));
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 20u);
}

TEST_F(execution_tx, MultisigMaySignWithMoreKeysThanItsThreshold) {
    const Party vault = ledger.seed_multisig(3, 2);
    EXPECT_TRUE(Succeeded(run(vault, {op::rotate(TestKey::generate().pubkey)})));
}

TEST_F(execution_tx, RepeatingASignatureDoesNotChangeTxHash) {
    SignedTx stx = ledger.sign(ledger.build(alice, {op::transfer("ACME", bob.id, 1)}), alice);
    const TxHash once = make_envelope(stx)->tx_hash;
    sign_tx(stx, *alice.key().secret);
    const TxPtr twice = make_envelope(stx);
    EXPECT_EQ(twice->tx_hash, once);
    EXPECT_TRUE(Succeeded(ledger.run(twice)));
}

TEST_F(execution_tx, WritesAreSortedAndUniqueByKey) {
    const Party carol = ledger.seed_investor();
    const test::BlockRun block = ledger.run_block({
        ledger.make(alice, {op::transfer("ACME", bob.id, 10), op::transfer("ACME", carol.id, 10)}),
        ledger.make(bob, {op::transfer("ACME", carol.id, 5)}),
        ledger.make(ledger.issuer, {op::issue("ACME", {{alice.id, 1}, {bob.id, 1}})}),
    });
    const StateWrites& w = block.result.writes;
    ASSERT_FALSE(w.empty());
    for (size_t i = 1; i < w.size(); ++i) EXPECT_TRUE(test::bytes_less(w[i - 1].key, w[i].key)) << "at " << i;
}

TEST_F(execution_tx, ReceiptResultLeafIsVersionHashStatusReasonOpIndex) {
    Receipt r;
    r.tx_hash.fill(0xab);
    r.status = TxStatus::failed;
    r.reason = Reason::INSUFFICIENT_BALANCE;  // 301 = 0x012d
    r.op_index = 2;
    EXPECT_EQ(to_hex(r.encode_result()), std::string("01") + to_hex(r.tx_hash) + "01" + "2d01" + "0200");
}

}  // namespace
}  // namespace folio
