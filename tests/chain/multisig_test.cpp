// Transactions of accounts held by several people: each distinct key counts once, by its weight, toward the
// account's threshold (chain/execute.cpp, authorize); short of it the tx is MISSING_SIGNATURE and nothing
// applies.
#include <gtest/gtest.h>

#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;

class multisig : public LedgerTest {
  protected:
    // The registrar made 2 of 3 officers, through key_set_update signed by its current key.
    void SetUp() override {
        LedgerTest::SetUp();
        for (int i = 0; i < 3; ++i) officers.push_back(TestKey::generate());
        KeySetUpdateOp op;
        for (const TestKey& k : officers) op.keys.push_back({k.pubkey, 1});
        op.threshold = 2;
        ASSERT_TRUE(Succeeded(run(ledger.registrar, {encode_op(op)})));
    }

    Party registrar_signed_by(std::vector<size_t> which) const {
        Party p{ledger.registrar.id, {}};
        for (size_t i : which) p.keys.push_back(officers[i]);
        return p;
    }

    std::vector<TestKey> officers;
};

TEST_F(multisig, TwoOfThreeOfficersGrantARole) {
    ASSERT_TRUE(Succeeded(run(registrar_signed_by({0, 2}), {op::grant(bob.id, Role::operator_)})));
    EXPECT_TRUE(ledger.account(bob.id).has_role(Role::operator_));
}

TEST_F(multisig, OneOfficerAloneIsMissingASignatureAndNothingApplies) {
    const uint64_t nonce = ledger.nonce(ledger.registrar.id);
    EXPECT_TRUE(ExcludedWith(run(registrar_signed_by({1}), {op::grant(bob.id, Role::operator_)}),
                             Reason::MISSING_SIGNATURE));
    EXPECT_FALSE(ledger.account(bob.id).has_role(Role::operator_));
    EXPECT_EQ(ledger.nonce(ledger.registrar.id), nonce) << "an excluded tx consumes no nonce";
}

TEST_F(multisig, TheSameOfficerSigningTwiceCountsOnce) {
    Tx tx = ledger.build(ledger.registrar, {op::grant(bob.id, Role::operator_)});
    SignedTx stx{std::move(tx), {}};
    sign_tx(stx, *officers[0].secret);
    sign_tx(stx, *officers[0].secret);
    EXPECT_TRUE(ExcludedWith(ledger.run(make_envelope(std::move(stx))), Reason::MISSING_SIGNATURE));
}

TEST_F(multisig, AllThreeOfficersAreMoreThanEnough) {
    EXPECT_TRUE(Succeeded(run(registrar_signed_by({0, 1, 2}), {op::grant(bob.id, Role::operator_)})));
}

TEST_F(multisig, TheOldSingleKeyNoLongerSigns) {
    EXPECT_TRUE(
        ExcludedWith(run(ledger.registrar, {op::grant(bob.id, Role::operator_)}), Reason::MISSING_SIGNATURE));
}

TEST_F(multisig, AStrangersSignatureIsRefusedEvenWithTheThresholdMet) {
    Party p = registrar_signed_by({0, 1});
    p.keys.push_back(TestKey::generate());
    EXPECT_TRUE(ExcludedWith(run(p, {op::grant(bob.id, Role::operator_)}), Reason::BAD_SIGNATURE));
}

TEST_F(multisig, AHeavyKeyMeetsTheThresholdAlone) {
    const TestKey chair = TestKey::generate(), member = TestKey::generate();
    KeySetUpdateOp op;
    op.keys = {{chair.pubkey, 2}, {member.pubkey, 1}};
    op.threshold = 2;
    ASSERT_TRUE(Succeeded(run(registrar_signed_by({0, 1}), {encode_op(op)})));
    EXPECT_TRUE(Succeeded(run(Party{ledger.registrar.id, {chair}}, {op::grant(bob.id, Role::operator_)})));
    EXPECT_TRUE(ExcludedWith(run(Party{ledger.registrar.id, {member}}, {op::revoke(bob.id, Role::operator_)}),
                             Reason::MISSING_SIGNATURE));
}

TEST_F(multisig, ChangingTheKeySetNeedsTheCurrentThreshold) {
    KeySetUpdateOp op;
    op.keys = {{TestKey::generate().pubkey, 1}};
    op.threshold = 1;
    EXPECT_TRUE(ExcludedWith(run(registrar_signed_by({2}), {encode_op(op)}), Reason::MISSING_SIGNATURE));
    EXPECT_EQ(ledger.account(ledger.registrar.id).keys.size(), 3u);
}

TEST_F(multisig, AMultiSignatureRegistrarStillRecoversALostKey) {
    const TestKey recovered = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(registrar_signed_by({0, 1}), {op::recover(alice.id, recovered.pubkey)})));
    EXPECT_EQ(ledger.account(alice.id).keys, std::vector<PubKey>{recovered.pubkey});
}

}  // namespace
}  // namespace folio
