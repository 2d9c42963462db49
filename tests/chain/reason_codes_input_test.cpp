// reason_codes (continued): refusals of malformed ops and of input outside the rules or an asset's policy
// (UNKNOWN_OP, DECODE_ERROR, POLICY_REFUSED, INVALID_ARGUMENT).
#include <gtest/gtest.h>

#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;

// UNKNOWN_OP, DECODE_ERROR ----------------------------------------------------------------------------------
TEST_F(reason_codes, TxWithUnregisteredContractTagExcludedWithUnknownOp) {
    EXPECT_TRUE(ExcludedWith(run(alice, {Op{0x0200, {1, 2, 3}}}), Reason::UNKNOWN_OP));
}

TEST_F(reason_codes, TxWithUnknownCoreTagExcludedWithUnknownOp) {
    const uint16_t after_the_last = static_cast<uint16_t>(OpTag::key_set_update) + 1;
    EXPECT_TRUE(ExcludedWith(run(ledger.registrar, {Op{after_the_last, {1}}}), Reason::UNKNOWN_OP));
    EXPECT_TRUE(ExcludedWith(run(ledger.registrar, {Op{0, {1}}}), Reason::UNKNOWN_OP));
}

TEST_F(reason_codes, TxWithTruncatedOpPayloadExcludedWithDecodeError) {
    Op truncated = op::transfer("ACME", bob.id, 5);
    truncated.payload.pop_back();
    const TxOutcome out = run(alice, {op::transfer("ACME", bob.id, 1), truncated});
    EXPECT_TRUE(ExcludedWith(out, Reason::DECODE_ERROR));
    EXPECT_EQ(out.receipt.op_index, 1);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 0u);
}

TEST_F(reason_codes, PerAssetGrantOfRoleOtherThanIssuerExcludedWithDecodeError) {
    EXPECT_TRUE(ExcludedWith(run(ledger.registrar, {op::grant(bob.id, Role::operator_, "ACME")}),
                             Reason::DECODE_ERROR));
}

TEST_F(reason_codes, AssetCreateWithMoreThan18DecimalsExcludedWithDecodeError) {
    EXPECT_TRUE(ExcludedWith(run(ledger.issuer, {op::create("FINE", AssetClass::other, 10, {}, 19)}),
                             Reason::DECODE_ERROR));
}

TEST_F(reason_codes, TxWithTrailingBytesInOpPayloadExcludedWithDecodeError) {
    Op padded = op::transfer("ACME", bob.id, 5);
    padded.payload.push_back(0);
    EXPECT_TRUE(ExcludedWith(run(alice, {padded}), Reason::DECODE_ERROR));
}

// POLICY_REFUSED --------------------------------------------------------------------------------------------
TEST_F(reason_codes, TransferToNewHolderRefusedAtHolderLimit) {
    const Party carol = ledger.seed_account();
    create_other("CLUB", 1000, Policy{0, 2, true});
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("CLUB", {{alice.id, 10}, {bob.id, 10}})})));
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("CLUB", carol.id, 1)}), Reason::POLICY_REFUSED));
}

TEST_F(reason_codes, IssueToNewHolderRefusedAtHolderLimit) {
    const Party carol = ledger.seed_account();
    create_other("CLUB", 1000, Policy{0, 2, true});
    EXPECT_TRUE(
        FailedWith(run(ledger.issuer, {op::issue("CLUB", {{alice.id, 10}, {bob.id, 10}, {carol.id, 10}})}),
                   Reason::POLICY_REFUSED));
    EXPECT_EQ(ledger.asset("CLUB").supply, 0u);
}

TEST_F(reason_codes, TransferOfNonTransferableAssetRefused) {
    create_other("SEAT", 100, Policy{0, 0, false});
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("SEAT", {{alice.id, 1}})})));  // issue is allowed
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("SEAT", bob.id, 1)}), Reason::POLICY_REFUSED));
}

// INVALID_ARGUMENT ------------------------------------------------------------------------------------------
TEST_F(reason_codes, AccountRegisterRefusedForKeyNotOnCurve) {
    EXPECT_TRUE(
        FailedWith(run(ledger.operator_, {op::register_key(not_a_curve_point())}), Reason::INVALID_ARGUMENT));
}

TEST_F(reason_codes, KeyRotateRefusedToKeyNotOnCurve) {
    EXPECT_TRUE(FailedWith(run(alice, {op::rotate(not_a_curve_point())}), Reason::INVALID_ARGUMENT));
}

TEST_F(reason_codes, KeyRecoveryRefusedWithoutLegalRef) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::recover(alice.id, TestKey::generate().pubkey, Hash256{})}),
                   Reason::INVALID_ARGUMENT));
}

TEST_F(reason_codes, ForcedTransferRefusedWithoutLegalRef) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, bob.id, 1, Hash256{})}),
                   Reason::INVALID_ARGUMENT));
}

TEST_F(reason_codes, AssetCreateRefusedWithZeroMaxSupply) {
    EXPECT_TRUE(
        FailedWith(run(ledger.issuer, {op::create("NIL", AssetClass::other, 0)}), Reason::INVALID_ARGUMENT));
}

}  // namespace
}  // namespace folio
