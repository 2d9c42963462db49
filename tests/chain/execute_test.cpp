// The ledger's state machine as a specification: one behaviour per test, through the real executor.
//
// Suites: execution_<topic> for what each core op does when it succeeds, execution_tx for what holds of a tx
// as a whole (atomicity, exclusion, strict mode, signatures, client_ref), and reason_codes for every refusal
// (Refused/Excluded + when). "Failed" means included in the block with the reason in its receipt, its ops
// rolled back and its nonce consumed; "Excluded" means it can never be in a block (docs/reason-codes.md).
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/chain/test_ledger.h"

namespace folio {
namespace {

using test::ExcludedWith;
using test::FailedWith;
using test::Party;
using test::Succeeded;
using test::TestKey;
using test::TestLedger;
using test::TxOptions;
namespace op = test::op;

// A chain with an equity asset ACME (KYC level 1 required) of which alice holds 1000; bob is KYC'd and holds
// nothing; the issuer created ACME and holds nothing.
class LedgerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        alice = ledger.seed_investor();
        bob = ledger.seed_investor();
        ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::create("ACME", AssetClass::equity, 1'000'000)})));
        ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("ACME", {{alice.id, 1000}})})));
    }

    TxOutcome run(const Party& signer, std::vector<Op> ops, const TxOptions& options = {}) {
        return ledger.run(signer, std::move(ops), options);
    }

    // An asset of class `other` (no KYC rule unless the policy sets one), created by the issuer.
    void create_other(const std::string& symbol, Amount max_supply = 1'000'000,
                      std::optional<Policy> policy = {}) {
        ASSERT_TRUE(
            Succeeded(run(ledger.issuer, {op::create(symbol, AssetClass::other, max_supply, policy)})));
    }

    bool has_leaf(const Bytes& key) const {
        Bytes unused;
        return ledger.state().get(key, unused);
    }

    TestLedger ledger;
    Party alice, bob;
};

class execution_accounts : public LedgerTest {};
class execution_roles : public LedgerTest {};
class execution_assets : public LedgerTest {};
class execution_transfers : public LedgerTest {};
class execution_freezes : public LedgerTest {};
class execution_params : public LedgerTest {};
class execution_tx : public LedgerTest {};
class reason_codes : public LedgerTest {};

PubKey not_a_curve_point() {
    PubKey k;
    k.fill(0xff);  // >= the field size: no point has this x
    return k;
}

TxPtr with_corrupted_signature(SignedTx stx) {
    stx.signatures.at(0).signature[10] ^= 0x01;
    return make_envelope(std::move(stx));
}

// ===========================================================================================================
// account_register, kyc_attest, key_rotate

TEST_F(execution_accounts, RegisterByOperatorCreatesAccountNamedByItsFirstKey) {
    const TestKey k = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(ledger.operator_, {op::register_key(k.pubkey)})));
    const AccountId id = account_id_of(k.pubkey);
    const Account a = ledger.account(id);
    EXPECT_EQ(a.keys, std::vector<PubKey>{k.pubkey});
    EXPECT_EQ(a.threshold, 1);
    EXPECT_EQ(a.roles, 0u);
    EXPECT_EQ(a.nonce, 0u);
    EXPECT_FALSE(a.frozen);
    EXPECT_FALSE(a.kyc.has_value());
    EXPECT_EQ(ledger.account_of_key(k.pubkey), id);
}

TEST_F(execution_accounts, RegisteredAndAttestedInvestorCanReceiveAndTransfer) {
    const TestKey k = TestKey::generate();
    const Party carol{account_id_of(k.pubkey), {k}};
    ASSERT_TRUE(
        Succeeded(run(ledger.operator_, {op::register_key(k.pubkey),
                                         op::kyc(carol.id, 1, ledger.time_ms() + TestLedger::kYearMs)})));
    ASSERT_TRUE(Succeeded(run(alice, {op::transfer("ACME", carol.id, 100)})));
    ASSERT_TRUE(Succeeded(run(carol, {op::transfer("ACME", bob.id, 40)})));
    EXPECT_EQ(ledger.balance("ACME", carol.id).amount, 60u);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 40u);
    EXPECT_EQ(ledger.nonce(carol.id), 1u);
}

TEST_F(execution_accounts, KycAttestByOperatorRecordsAttestation) {
    const uint64_t expires = ledger.time_ms() + 1'000'000;
    ASSERT_TRUE(Succeeded(run(ledger.operator_, {op::kyc(bob.id, 2, expires, "professional")})));
    const auto kyc = ledger.account(bob.id).kyc;
    ASSERT_TRUE(kyc.has_value());
    EXPECT_EQ(kyc->level, 2);
    EXPECT_EQ(kyc->category, "professional");
    EXPECT_EQ(kyc->expires_ms, expires);
    Hash256 doc;
    doc.fill(0xd0);
    EXPECT_EQ(kyc->doc_hash, doc);
    EXPECT_EQ(kyc->attested_by, ledger.operator_.id);
    EXPECT_EQ(kyc->attested_height, ledger.height());
}

TEST_F(execution_accounts, KycAttestByRegistrarIsAllowed) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::kyc(bob.id, 3, ledger.time_ms() + 1'000'000)})));
    EXPECT_EQ(ledger.account(bob.id).kyc->level, 3);
    EXPECT_EQ(ledger.account(bob.id).kyc->attested_by, ledger.registrar.id);
}

TEST_F(execution_accounts, KeyRotationKeepsAccountIdAndHoldings) {
    const TestKey fresh = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(alice, {op::rotate(fresh.pubkey)})));
    EXPECT_EQ(ledger.account(alice.id).keys, std::vector<PubKey>{fresh.pubkey});
    EXPECT_EQ(ledger.account_of_key(fresh.pubkey), alice.id);
    EXPECT_FALSE(ledger.account_of_key(alice.pubkey()).has_value());
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 1000u);
    const Party rotated{alice.id, {fresh}};
    EXPECT_TRUE(Succeeded(run(rotated, {op::transfer("ACME", bob.id, 1)})));
}

TEST_F(execution_accounts, OldKeyCanNoLongerSignAfterRotation) {
    const TestKey fresh = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(alice, {op::rotate(fresh.pubkey)})));
    const uint64_t nonce = ledger.nonce(alice.id);
    EXPECT_TRUE(ExcludedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::MISSING_SIGNATURE));
    EXPECT_EQ(ledger.nonce(alice.id), nonce);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 0u);
}

TEST_F(execution_accounts, RegistrarRecoversAccountAfterKeyLoss) {
    const TestKey fresh = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::recover(alice.id, fresh.pubkey)})));
    EXPECT_EQ(ledger.account(alice.id).keys, std::vector<PubKey>{fresh.pubkey});
    EXPECT_EQ(ledger.account_of_key(fresh.pubkey), alice.id);
    EXPECT_FALSE(ledger.account_of_key(alice.pubkey()).has_value());
    EXPECT_TRUE(ExcludedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::MISSING_SIGNATURE));
    const Party recovered{alice.id, {fresh}};
    EXPECT_TRUE(Succeeded(run(recovered, {op::transfer("ACME", bob.id, 1)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 999u);
}

TEST_F(execution_accounts, RotationOfMultisigAccountLeavesOneKeyWithThresholdOne) {
    const Party vault = ledger.seed_multisig(2, 2);
    const TestKey fresh = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(vault, {op::rotate(fresh.pubkey)})));
    const Account a = ledger.account(vault.id);
    EXPECT_EQ(a.keys, std::vector<PubKey>{fresh.pubkey});
    EXPECT_EQ(a.threshold, 1);
    EXPECT_FALSE(ledger.account_of_key(vault.keys[0].pubkey).has_value());
    EXPECT_FALSE(ledger.account_of_key(vault.keys[1].pubkey).has_value());
}

TEST_F(execution_accounts, RetiredKeyMayBeTakenByAnotherAccount) {
    const TestKey fresh = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(alice, {op::rotate(fresh.pubkey)})));
    ASSERT_TRUE(Succeeded(run(bob, {op::rotate(alice.pubkey())})));
    EXPECT_EQ(ledger.account_of_key(alice.pubkey()), bob.id);
}

// ===========================================================================================================
// role_grant, role_revoke

TEST_F(execution_roles, GrantedOperatorRoleLetsAccountRegisterKeys) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::grant(bob.id, Role::operator_)})));
    EXPECT_TRUE(ledger.account(bob.id).has_role(Role::operator_));
    const TestKey k = TestKey::generate();
    EXPECT_TRUE(Succeeded(run(bob, {op::register_key(k.pubkey)})));
}

TEST_F(execution_roles, GrantedIssuerRoleLetsAccountCreateAssets) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::grant(bob.id, Role::issuer)})));
    ASSERT_TRUE(Succeeded(run(bob, {op::create("BOBCO", AssetClass::equity, 10)})));
    EXPECT_EQ(ledger.asset("BOBCO").issuer, bob.id);
}

TEST_F(execution_roles, RevokedRoleNoLongerAuthorizes) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::revoke(ledger.operator_.id, Role::operator_)})));
    EXPECT_FALSE(ledger.account(ledger.operator_.id).has_role(Role::operator_));
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::register_key(TestKey::generate().pubkey)}),
                           Reason::NOT_AUTHORIZED));
}

TEST_F(execution_roles, IssuerRightsOnOneAssetAllowIssuingThatAssetOnly) {
    create_other("BETA");
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::grant(bob.id, Role::issuer, "ACME")})));
    EXPECT_EQ(ledger.account(bob.id).roles, 0u);  // not a chain-wide role
    EXPECT_TRUE(Succeeded(run(bob, {op::issue("ACME", {{alice.id, 5}})})));
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 1005u);
    EXPECT_TRUE(FailedWith(run(bob, {op::issue("BETA", {{alice.id, 5}})}), Reason::NOT_AUTHORIZED));
    EXPECT_TRUE(FailedWith(run(bob, {op::create("BOBCO", AssetClass::other, 10)}), Reason::NOT_AUTHORIZED));
}

TEST_F(execution_roles, RevokedAssetIssuerRightsEnd) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::grant(bob.id, Role::issuer, "ACME")})));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::revoke(bob.id, Role::issuer, "ACME")})));
    EXPECT_TRUE(FailedWith(run(bob, {op::issue("ACME", {{alice.id, 5}})}), Reason::NOT_AUTHORIZED));
}

TEST_F(execution_roles, RegistrarCannotRevokeCreatingIssuersAssetRights) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::revoke(ledger.issuer.id, Role::issuer, "ACME")}),
                           Reason::NOT_AUTHORIZED));
    EXPECT_TRUE(Succeeded(run(ledger.issuer, {op::issue("ACME", {{bob.id, 1}})})));
}

TEST_F(execution_roles, CreatingIssuerKeepsAssetRightsWithoutChainWideRole) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::revoke(ledger.issuer.id, Role::issuer)})));
    EXPECT_TRUE(Succeeded(run(ledger.issuer, {op::issue("ACME", {{bob.id, 1}})})));
    EXPECT_TRUE(
        FailedWith(run(ledger.issuer, {op::create("NEW", AssetClass::other, 1)}), Reason::NOT_AUTHORIZED));
}

// ===========================================================================================================
// asset_create, issue, burn

TEST_F(execution_assets, AssetCreateRecordsAssetWithCreatorAsIssuer) {
    const Asset acme = ledger.asset("ACME");
    EXPECT_EQ(acme.id, 1u);
    EXPECT_EQ(acme.symbol, "ACME");
    EXPECT_EQ(acme.asset_class, AssetClass::equity);
    EXPECT_EQ(acme.decimals, 0);
    EXPECT_EQ(acme.max_supply, 1'000'000u);
    EXPECT_EQ(acme.supply, 1000u);
    EXPECT_EQ(acme.holders, 1u);
    EXPECT_EQ(acme.issuer, ledger.issuer.id);
    EXPECT_FALSE(acme.frozen);
    EXPECT_EQ(acme.policy, Policy::class_default(AssetClass::equity));
    EXPECT_EQ(acme.policy.kyc_min_level, 1);
    EXPECT_EQ(acme.created_height, 1u);

    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::create("BOND.25", AssetClass::minibond, 5000, {}, 2)})));
    const Asset bond = ledger.asset("BOND.25");
    EXPECT_EQ(bond.id, 2u);
    EXPECT_EQ(bond.decimals, 2);
    EXPECT_EQ(bond.supply, 0u);
    EXPECT_EQ(bond.created_height, ledger.height());
}

TEST_F(execution_assets, AssetCreateKeepsExplicitPolicy) {
    const Policy p{2, 50, false};
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::create("CLUB", AssetClass::equity, 100, p)})));
    EXPECT_EQ(ledger.asset("CLUB").policy, p);
}

TEST_F(execution_assets, ClassOtherCarriesNoTransferRestriction) {
    const Party anon = ledger.seed_account();  // no KYC
    create_other("PTS");
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("PTS", {{anon.id, 10}})})));
    ASSERT_TRUE(Succeeded(run(anon, {op::transfer("PTS", ledger.registrar.id, 4)})));
    EXPECT_EQ(ledger.balance("PTS", ledger.registrar.id).amount, 4u);
}

TEST_F(execution_assets, EveryClassButOtherRequiresReceiverKycByDefault) {
    const Party anon = ledger.seed_account();
    const std::pair<AssetClass, const char*> classes[] = {{AssetClass::equity, "C.EQ"},
                                                          {AssetClass::minibond, "C.MB"},
                                                          {AssetClass::royalty, "C.RY"},
                                                          {AssetClass::currency, "C.CU"},
                                                          {AssetClass::other, "C.OT"}};
    for (const auto& [cls, symbol] : classes) {
        SCOPED_TRACE(symbol);
        ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::create(symbol, cls, 100)})));
        const TxOutcome out = run(ledger.issuer, {op::issue(symbol, {{anon.id, 1}})});
        if (cls == AssetClass::other)
            EXPECT_TRUE(Succeeded(out));
        else
            EXPECT_TRUE(FailedWith(out, Reason::KYC_REQUIRED));
    }
}

TEST_F(execution_assets, IssueToManyRecipientsCreditsEachAndCountsHolders) {
    const Party carol = ledger.seed_investor();
    ASSERT_TRUE(
        Succeeded(run(ledger.issuer, {op::issue("ACME", {{bob.id, 10}, {carol.id, 20}, {alice.id, 5}})})));
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 10u);
    EXPECT_EQ(ledger.balance("ACME", carol.id).amount, 20u);
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 1005u);
    EXPECT_EQ(ledger.asset("ACME").supply, 1035u);
    EXPECT_EQ(ledger.asset("ACME").holders, 3u);
}

TEST_F(execution_assets, IssueNamingARecipientTwiceCreditsBoth) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("ACME", {{bob.id, 10}, {bob.id, 7}})})));
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 17u);
    EXPECT_EQ(ledger.asset("ACME").holders, 2u);
}

TEST_F(execution_assets, IssueIsAllOrNothingAcrossRecipients) {
    const Party anon = ledger.seed_account();
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("ACME", {{bob.id, 10}, {anon.id, 5}})}),
                           Reason::KYC_REQUIRED));
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 0u);
    EXPECT_EQ(ledger.asset("ACME").supply, 1000u);
    EXPECT_EQ(ledger.asset("ACME").holders, 1u);
}

TEST_F(execution_assets, RegistrarMayIssue) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::issue("ACME", {{bob.id, 3}})})));
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 3u);
}

TEST_F(execution_assets, BurnLowersIssuersHoldingAndSupply) {
    create_other("PTS");
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("PTS", {{ledger.issuer.id, 100}})})));
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::burn("PTS", 40)})));
    EXPECT_EQ(ledger.balance("PTS", ledger.issuer.id).amount, 60u);
    EXPECT_EQ(ledger.asset("PTS").supply, 60u);
    EXPECT_EQ(ledger.asset("PTS").holders, 1u);
}

TEST_F(execution_assets, BurnOfWholeHoldingRemovesHolderAndLeaf) {
    create_other("PTS");
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("PTS", {{ledger.issuer.id, 100}})})));
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::burn("PTS", 100)})));
    EXPECT_EQ(ledger.asset("PTS").supply, 0u);
    EXPECT_EQ(ledger.asset("PTS").holders, 0u);
    EXPECT_FALSE(has_leaf(state_key::balance(ledger.asset("PTS").id, ledger.issuer.id)));
}

TEST_F(execution_assets, RegistrarMayBurnFromItsOwnHolding) {
    create_other("PTS");
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("PTS", {{ledger.registrar.id, 10}})})));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::burn("PTS", 10)})));
    EXPECT_EQ(ledger.asset("PTS").supply, 0u);
}

// ===========================================================================================================
// transfer, forced_transfer, holder limits

TEST_F(execution_transfers, TransferMovesUnitsAndCountsHolders) {
    ASSERT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 300)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 700u);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 300u);
    EXPECT_EQ(ledger.asset("ACME").supply, 1000u);
    EXPECT_EQ(ledger.asset("ACME").holders, 2u);
}

TEST_F(execution_transfers, TransferOfWholeHoldingDeletesLeafAndKeepsHolderCount) {
    ASSERT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 1000)})));
    EXPECT_FALSE(has_leaf(state_key::balance(ledger.asset("ACME").id, alice.id)));
    EXPECT_EQ(ledger.asset("ACME").holders, 1u);
}

TEST_F(execution_transfers, SenderNeedsNoKyc) {
    ledger.seed_kyc(alice.id, 1, ledger.time_ms() - 1);  // alice's attestation has lapsed; bob's has not
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 1)})));
}

TEST_F(execution_transfers, ForcedTransferMovesUnitsDespiteFrozenAccountAndAsset) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_account(alice.id), op::freeze_asset("ACME")})));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, bob.id, 100)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 900u);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 100u);
}

TEST_F(execution_transfers, ForcedTransferTakesFrozenUnitsAndShrinksFrozenAmount) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::freeze_holding("ACME", alice.id, 900)})));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, bob.id, 500)})));
    const Balance b = ledger.balance("ACME", alice.id);
    EXPECT_EQ(b.amount, 500u);
    EXPECT_EQ(b.frozen, 500u);
}

TEST_F(execution_transfers, ForcedTransferNeverTakesLockedUnits) {
    // Locked units back other commitments (contracts lock them); written directly here.
    ledger.state().put(state_key::balance(ledger.asset("ACME").id, alice.id), Balance{1000, 400, 0}.encode());
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, bob.id, 601)}),
                           Reason::INSUFFICIENT_BALANCE));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, bob.id, 600)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id), (Balance{400, 400, 0}));
}

TEST_F(execution_transfers, ForcedTransferMovesNonTransferableAsset) {
    create_other("SEAT", 100, Policy{0, 0, false});
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("SEAT", {{alice.id, 1}})})));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::forced_transfer("SEAT", alice.id, bob.id, 1)})));
    EXPECT_EQ(ledger.balance("SEAT", bob.id).amount, 1u);
}

TEST_F(execution_transfers, TransferToExistingHolderAllowedAtHolderLimit) {
    create_other("CLUB", 1000, Policy{0, 2, true});
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("CLUB", {{alice.id, 10}, {bob.id, 10}})})));
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("CLUB", bob.id, 5)})));
}

// A holder limit caps how many accounts hold the asset. Moving a whole holding to a new holder leaves the
// count unchanged, so it must be allowed at the limit (else no holder of a capped asset could ever sell out
// to a newcomer, nor could a court order move a holding to an heir).
TEST_F(execution_transfers, WholeHoldingMayMoveToNewHolderAtHolderLimit) {
    const Party carol = ledger.seed_account();
    create_other("CLUB", 1000, Policy{0, 2, true});
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("CLUB", {{alice.id, 10}, {bob.id, 10}})})));
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("CLUB", carol.id, 10)})));
    EXPECT_EQ(ledger.asset("CLUB").holders, 2u);
}

TEST_F(execution_transfers, ForcedTransferOfWholeHoldingToNewHolderAllowedAtHolderLimit) {
    const Party carol = ledger.seed_account();
    create_other("CLUB", 1000, Policy{0, 2, true});
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("CLUB", {{alice.id, 10}, {bob.id, 10}})})));
    EXPECT_TRUE(Succeeded(run(ledger.registrar, {op::forced_transfer("CLUB", alice.id, carol.id, 10)})));
}

// ===========================================================================================================
// freeze, unfreeze

TEST_F(execution_freezes, FrozenAccountCannotSendUntilUnfrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_account(alice.id)})));
    EXPECT_TRUE(ledger.account(alice.id).frozen);
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::ACCOUNT_FROZEN));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::unfreeze_account(alice.id)})));
    EXPECT_FALSE(ledger.account(alice.id).frozen);
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 1)})));
}

TEST_F(execution_freezes, FrozenAssetCannotMoveUntilUnfrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::freeze_asset("ACME")})));
    EXPECT_TRUE(ledger.asset("ACME").frozen);
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::ASSET_FROZEN));
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::unfreeze_asset("ACME")})));
    EXPECT_FALSE(ledger.asset("ACME").frozen);
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 1)})));
}

TEST_F(execution_freezes, FrozenAmountOfHoldingStaysWhileRestMoves) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::freeze_holding("ACME", alice.id, 600)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id), (Balance{1000, 0, 600}));
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 400)})));
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::BALANCE_FROZEN));
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::unfreeze_holding("ACME", alice.id, 600)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id), (Balance{600, 0, 0}));
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 600)})));
}

TEST_F(execution_freezes, FreezingPartOfHoldingKeepsAmountSupplyAndHolders) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_holding("ACME", alice.id, 1000)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id).amount, 1000u);
    EXPECT_EQ(ledger.balance("ACME", alice.id).available(), 0u);
    EXPECT_EQ(ledger.asset("ACME").supply, 1000u);
    EXPECT_EQ(ledger.asset("ACME").holders, 1u);
}

TEST_F(execution_freezes, PartialUnfreezeReleasesOnlyThatAmount) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::freeze_holding("ACME", alice.id, 600)})));
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::unfreeze_holding("ACME", alice.id, 200)})));
    EXPECT_EQ(ledger.balance("ACME", alice.id).frozen, 400u);
    EXPECT_EQ(ledger.balance("ACME", alice.id).available(), 600u);
}

// ===========================================================================================================
// param_update

TEST_F(execution_params, ParamUpdateByRegistrarSetsValue) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::param_update("block_max_txs", 123)})));
    EXPECT_EQ(ledger.param("block_max_txs"), 123u);
}

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

// ===========================================================================================================
// Reason codes: every refusal, by code

// NOT_AUTHORIZED --------------------------------------------------------------------------------------------
TEST_F(reason_codes, AccountRegisterRefusedWithoutOperatorRole) {
    EXPECT_TRUE(
        FailedWith(run(alice, {op::register_key(TestKey::generate().pubkey)}), Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, KycAttestRefusedWithoutOperatorOrRegistrarRole) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::kyc(bob.id, 1, ledger.time_ms() + 1000)}),
                           Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, KeyRecoveryRefusedWithoutRegistrarRole) {
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::recover(alice.id, TestKey::generate().pubkey)}),
                           Reason::NOT_AUTHORIZED));
    EXPECT_EQ(ledger.account(alice.id).keys, std::vector<PubKey>{alice.pubkey()});
}

TEST_F(reason_codes, RoleGrantRefusedWithoutRegistrarRole) {
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::grant(ledger.operator_.id, Role::registrar)}),
                           Reason::NOT_AUTHORIZED));
    EXPECT_FALSE(ledger.account(ledger.operator_.id).has_role(Role::registrar));
}

TEST_F(reason_codes, RoleRevokeRefusedWithoutRegistrarRole) {
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::revoke(ledger.registrar.id, Role::registrar)}),
                           Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, AssetCreateRefusedWithoutIssuerRole) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::create("REG", AssetClass::other, 10)}),
                           Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, IssueRefusedForNonIssuer) {
    EXPECT_TRUE(FailedWith(run(alice, {op::issue("ACME", {{alice.id, 1}})}), Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, IssueRefusedForIssuerOfAnotherAsset) {
    const Party other_issuer = ledger.seed_account(role_bit(Role::issuer));
    EXPECT_TRUE(FailedWith(run(other_issuer, {op::issue("ACME", {{bob.id, 1}})}), Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, BurnRefusedForNonIssuer) {
    EXPECT_TRUE(FailedWith(run(alice, {op::burn("ACME", 1)}), Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, FreezeAccountRefusedForAssetIssuer) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::freeze_account(alice.id)}), Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, FreezeAssetRefusedForHolder) {
    EXPECT_TRUE(FailedWith(run(alice, {op::freeze_asset("ACME")}), Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, FreezeHoldingRefusedForHolder) {
    EXPECT_TRUE(FailedWith(run(alice, {op::unfreeze_holding("ACME", alice.id, 1)}), Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, ForcedTransferRefusedForAssetIssuer) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::forced_transfer("ACME", alice.id, bob.id, 1)}),
                           Reason::NOT_AUTHORIZED));
}

TEST_F(reason_codes, ParamUpdateRefusedForOperator) {
    EXPECT_TRUE(
        FailedWith(run(ledger.operator_, {op::param_update("block_max_txs", 1)}), Reason::NOT_AUTHORIZED));
    EXPECT_EQ(ledger.param("block_max_txs"), 5000u);
}

// INSUFFICIENT_BALANCE --------------------------------------------------------------------------------------
TEST_F(reason_codes, TransferRefusedBeyondHolding) {
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1001)}), Reason::INSUFFICIENT_BALANCE));
}

TEST_F(reason_codes, TransferRefusedWithoutHolding) {
    EXPECT_TRUE(FailedWith(run(bob, {op::transfer("ACME", alice.id, 1)}), Reason::INSUFFICIENT_BALANCE));
}

TEST_F(reason_codes, TransferRefusedWhenLockedUnitsWouldBeNeeded) {
    ledger.state().put(state_key::balance(ledger.asset("ACME").id, alice.id), Balance{1000, 400, 0}.encode());
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 601)}), Reason::INSUFFICIENT_BALANCE));
}

TEST_F(reason_codes, BurnRefusedBeyondHolding) {
    create_other("PTS");
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("PTS", {{ledger.issuer.id, 10}})})));
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::burn("PTS", 11)}), Reason::INSUFFICIENT_BALANCE));
}

TEST_F(reason_codes, BurnRefusedForFrozenUnits) {
    create_other("PTS");
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("PTS", {{ledger.issuer.id, 10}})})));
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_holding("PTS", ledger.issuer.id, 5)})));
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::burn("PTS", 6)}), Reason::INSUFFICIENT_BALANCE));
}

TEST_F(reason_codes, FreezeHoldingRefusedBeyondAvailable) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::freeze_holding("ACME", alice.id, 1001)}),
                           Reason::INSUFFICIENT_BALANCE));
}

TEST_F(reason_codes, UnfreezeHoldingRefusedBeyondFrozenAmount) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::freeze_holding("ACME", alice.id, 10)})));
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::unfreeze_holding("ACME", alice.id, 11)}),
                           Reason::INSUFFICIENT_BALANCE));
}

TEST_F(reason_codes, ForcedTransferRefusedBeyondHolding) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, bob.id, 1001)}),
                           Reason::INSUFFICIENT_BALANCE));
}

// KYC_REQUIRED, KYC_EXPIRED ---------------------------------------------------------------------------------
TEST_F(reason_codes, TransferRefusedWhenReceiverHasNoKyc) {
    const Party anon = ledger.seed_account();
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", anon.id, 1)}), Reason::KYC_REQUIRED));
}

TEST_F(reason_codes, TransferRefusedWhenReceiverKycLevelBelowPolicy) {
    ASSERT_TRUE(
        Succeeded(run(ledger.issuer, {op::create("PRO", AssetClass::equity, 100, Policy{2, 0, true})})));
    const Party pro = ledger.seed_investor(2);
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("PRO", {{pro.id, 10}})})));
    EXPECT_TRUE(
        FailedWith(run(pro, {op::transfer("PRO", bob.id, 1)}), Reason::KYC_REQUIRED));  // bob: level 1
}

TEST_F(reason_codes, IssueRefusedWhenReceiverHasNoKyc) {
    const Party anon = ledger.seed_account();
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("ACME", {{anon.id, 1}})}), Reason::KYC_REQUIRED));
}

TEST_F(reason_codes, ForcedTransferRefusedWhenReceiverHasNoKyc) {
    const Party anon = ledger.seed_account();
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, anon.id, 1)}),
                           Reason::KYC_REQUIRED));
}

TEST_F(reason_codes, TransferRefusedWhenReceiverKycExpired) {
    ledger.seed_kyc(bob.id, 1, ledger.next_block().time_ms - 1);
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::KYC_EXPIRED));
}

TEST_F(reason_codes, KycExpiredFromItsExpiryInstant) {
    ledger.seed_kyc(bob.id, 1, ledger.next_block().time_ms);
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::KYC_EXPIRED));
}

TEST_F(reason_codes, KycValidUntilTheMillisecondBeforeExpiry) {
    ledger.seed_kyc(bob.id, 1, ledger.next_block().time_ms + 1);
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 1)})));
}

TEST_F(reason_codes, KycExpiresAsBlockTimeAdvances) {
    ledger.seed_kyc(bob.id, 1, ledger.next_block().time_ms + 1);
    ledger.advance_time_ms(TestLedger::kYearMs);
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::KYC_EXPIRED));
}

TEST_F(reason_codes, IssueRefusedWhenReceiverKycExpired) {
    ledger.seed_kyc(bob.id, 1, ledger.time_ms());
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("ACME", {{bob.id, 1}})}), Reason::KYC_EXPIRED));
}

// INSUFFICIENT_BALANCE messages ---------------------------------------------------------------------------
TEST_F(reason_codes, InsufficientBalanceSaysWhatIsAvailable) {
    const TxOutcome o = ledger.run(ledger.make(alice, {op::transfer("ACME", bob.id, 1001)}), /*strict=*/true);
    ASSERT_TRUE(ExcludedWith(o, Reason::INSUFFICIENT_BALANCE));
    EXPECT_NE(o.error.message.find("1000 ACME available, 1001 asked"), std::string::npos) << o.error.message;
}

TEST_F(reason_codes, InsufficientBalanceIsWrittenWithTheAssetsDecimals) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::create("CENT", AssetClass::other, 100'000, {}, 2),
                                              op::issue("CENT", {{alice.id, 150}})})));
    const TxOutcome t = ledger.run(ledger.make(alice, {op::transfer("CENT", bob.id, 200)}), /*strict=*/true);
    ASSERT_TRUE(ExcludedWith(t, Reason::INSUFFICIENT_BALANCE));
    EXPECT_NE(t.error.message.find("1.50 CENT available, 2.00 asked"), std::string::npos) << t.error.message;
}

TEST_F(reason_codes, UnfreezeBeyondTheFrozenAmountSaysWhatIsFrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_holding("ACME", alice.id, 10)})));
    const TxOutcome o = ledger.run(
        ledger.make(ledger.registrar, {op::unfreeze_holding("ACME", alice.id, 11)}), /*strict=*/true);
    ASSERT_TRUE(ExcludedWith(o, Reason::INSUFFICIENT_BALANCE));
    EXPECT_NE(o.error.message.find("10 ACME frozen, 11 asked"), std::string::npos) << o.error.message;
}

// KYC_EXPIRY_IN_PAST ----------------------------------------------------------------------------------------
TEST_F(reason_codes, KycAttestRefusedWhenExpiryIsBeforeTheBlockTime) {
    const Kyc before = *ledger.account(bob.id).kyc;
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::kyc(bob.id, 2, ledger.next_block().time_ms - 1)}),
                           Reason::KYC_EXPIRY_IN_PAST));
    EXPECT_EQ(*ledger.account(bob.id).kyc, before);
}

TEST_F(reason_codes, KycAttestRefusedWhenExpiryIsTheBlockTime) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::kyc(bob.id, 2, ledger.next_block().time_ms)}),
                           Reason::KYC_EXPIRY_IN_PAST));
}

TEST_F(reason_codes, KycAttestAcceptedExpiringOneMillisecondAfterTheBlockTime) {
    const uint64_t expires = ledger.next_block().time_ms + 1;
    ASSERT_TRUE(Succeeded(run(ledger.operator_, {op::kyc(bob.id, 2, expires)})));
    EXPECT_EQ(ledger.account(bob.id).kyc->expires_ms, expires);
}

TEST_F(reason_codes, KycAttestExpiryIsJudgedByTheBlockTimeNotTheTimeItWasSigned) {
    const uint64_t expires = ledger.next_block().time_ms + 1;
    ledger.advance_time_ms(2);  // the tx was built for the next block; the block comes later
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::kyc(bob.id, 2, expires)}), Reason::KYC_EXPIRY_IN_PAST));
}

// ASSET_FROZEN, ACCOUNT_FROZEN, BALANCE_FROZEN --------------------------------------------------------------
TEST_F(reason_codes, TransferRefusedWhenAssetFrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::freeze_asset("ACME")})));
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::ASSET_FROZEN));
}

TEST_F(reason_codes, IssueRefusedWhenAssetFrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_asset("ACME")})));
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("ACME", {{bob.id, 1}})}), Reason::ASSET_FROZEN));
}

TEST_F(reason_codes, TransferRefusedWhenSenderFrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_account(alice.id)})));
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::ACCOUNT_FROZEN));
}

TEST_F(reason_codes, TransferRefusedWhenReceiverFrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_account(bob.id)})));
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 1)}), Reason::ACCOUNT_FROZEN));
}

TEST_F(reason_codes, IssueRefusedWhenReceiverFrozen) {
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::freeze_account(bob.id)})));
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("ACME", {{bob.id, 1}})}), Reason::ACCOUNT_FROZEN));
}

TEST_F(reason_codes, TransferRefusedWhenItNeedsFrozenUnits) {
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::freeze_holding("ACME", alice.id, 500)})));
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 501)}), Reason::BALANCE_FROZEN));
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 500)})));
}

// BAD_NONCE, EXPIRED, WRONG_CHAIN, UNKNOWN_SIGNER -----------------------------------------------------------
TEST_F(reason_codes, TxExcludedWhenNonceAlreadyUsed) {
    ASSERT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 1)})));
    EXPECT_TRUE(ExcludedWith(run(alice, {op::transfer("ACME", bob.id, 1)}, {.nonce = 0}), Reason::BAD_NONCE));
}

TEST_F(reason_codes, TxExcludedWhenNonceSkipsAhead) {
    EXPECT_TRUE(ExcludedWith(run(alice, {op::transfer("ACME", bob.id, 1)}, {.nonce = 1}), Reason::BAD_NONCE));
    EXPECT_EQ(ledger.nonce(alice.id), 0u);
}

TEST_F(reason_codes, TxExcludedPastValidUntilHeight) {
    TxOptions o;
    o.valid_until_height = ledger.height();  // the next block is one past it
    EXPECT_TRUE(ExcludedWith(run(alice, {op::transfer("ACME", bob.id, 1)}, o), Reason::EXPIRED));
    EXPECT_EQ(ledger.nonce(alice.id), 0u);
}

TEST_F(reason_codes, TxIncludedAtItsValidUntilHeight) {
    TxOptions o;
    o.valid_until_height = ledger.next_block().height;
    EXPECT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 1)}, o)));
}

TEST_F(reason_codes, TxExcludedForAnotherChain) {
    TxOptions o;
    o.chain_id = ledger.chain_id();
    o.chain_id->at(0) ^= 0x01;
    EXPECT_TRUE(ExcludedWith(run(alice, {op::transfer("ACME", bob.id, 1)}, o), Reason::WRONG_CHAIN));
}

TEST_F(reason_codes, TxExcludedWhenSignerNotRegistered) {
    const TestKey k = TestKey::generate();
    const Party stranger{account_id_of(k.pubkey), {k}};
    EXPECT_TRUE(ExcludedWith(run(stranger, {op::transfer("ACME", bob.id, 1)}), Reason::UNKNOWN_SIGNER));
}

// DUPLICATE_CLIENT_REF --------------------------------------------------------------------------------------
TEST_F(reason_codes, SecondTxWithUsedClientRefExcludedNamingFirstTx) {
    TxOptions o;
    o.client_ref = "payout-2024-07";
    const TxPtr first = ledger.make(alice, {op::transfer("ACME", bob.id, 1)}, o);
    ASSERT_TRUE(Succeeded(ledger.run(first)));
    const TxOutcome retry = run(alice, {op::transfer("ACME", bob.id, 1)}, o);
    EXPECT_TRUE(ExcludedWith(retry, Reason::DUPLICATE_CLIENT_REF));
    EXPECT_EQ(retry.conflicting_tx, first->tx_hash);
    EXPECT_EQ(ledger.balance("ACME", bob.id).amount, 1u);
}

TEST_F(reason_codes, DuplicateClientRefWithinOneBlockExcludedNamingFirstTx) {
    const TxPtr first =
        ledger.make(alice, {op::transfer("ACME", bob.id, 1)}, {.nonce = 0, .client_ref = "r1"});
    const TxPtr second =
        ledger.make(alice, {op::transfer("ACME", bob.id, 2)}, {.nonce = 1, .client_ref = "r1"});
    const test::BlockRun block = ledger.run_block({first, second});
    EXPECT_TRUE(Succeeded(block.outcomes[0]));
    EXPECT_TRUE(ExcludedWith(block.outcomes[1], Reason::DUPLICATE_CLIENT_REF));
    EXPECT_EQ(block.outcomes[1].conflicting_tx, first->tx_hash);
}

TEST_F(reason_codes, ClientRefOfFailedTxIsStillUsed) {
    TxOptions o;
    o.client_ref = "r2";
    const TxPtr first = ledger.make(alice, {op::transfer("ACME", bob.id, 5000)}, o);
    ASSERT_TRUE(FailedWith(ledger.run(first), Reason::INSUFFICIENT_BALANCE));
    const TxOutcome retry = run(alice, {op::transfer("ACME", bob.id, 1)}, o);
    EXPECT_TRUE(ExcludedWith(retry, Reason::DUPLICATE_CLIENT_REF));
    EXPECT_EQ(retry.conflicting_tx, first->tx_hash);
}

TEST_F(reason_codes, ClientRefIsUniquePerSignerOnly) {
    TxOptions o;
    o.client_ref = "same";
    ASSERT_TRUE(Succeeded(run(alice, {op::transfer("ACME", bob.id, 10)}, o)));
    EXPECT_TRUE(Succeeded(run(bob, {op::transfer("ACME", alice.id, 1)}, o)));
}

// SUPPLY_CAP, OVERFLOW --------------------------------------------------------------------------------------
TEST_F(reason_codes, IssueRefusedBeyondMaxSupply) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("ACME", {{bob.id, 999'001}})}), Reason::SUPPLY_CAP));
    EXPECT_TRUE(Succeeded(run(ledger.issuer, {op::issue("ACME", {{bob.id, 999'000}})})));
    EXPECT_EQ(ledger.asset("ACME").supply, 1'000'000u);
}

TEST_F(reason_codes, IssueRefusedWhenSupplyWouldOverflow) {
    create_other("HUGE", UINT64_MAX);
    ASSERT_TRUE(Succeeded(run(ledger.issuer, {op::issue("HUGE", {{alice.id, UINT64_MAX}})})));
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("HUGE", {{bob.id, 1}})}), Reason::OVERFLOW));
    EXPECT_EQ(ledger.asset("HUGE").supply, UINT64_MAX);
}

// BAD_SIGNATURE, MISSING_SIGNATURE --------------------------------------------------------------------------
TEST_F(reason_codes, TxExcludedWhenSignatureCorrupted) {
    const TxPtr tx =
        with_corrupted_signature(ledger.sign(ledger.build(alice, {op::transfer("ACME", bob.id, 1)}), alice));
    EXPECT_FALSE(verify_signatures(*tx));
    EXPECT_TRUE(ExcludedWith(ledger.run(tx), Reason::BAD_SIGNATURE));
    EXPECT_EQ(ledger.nonce(alice.id), 0u);
}

TEST_F(reason_codes, TxExcludedWhenAlsoSignedByKeyOfNoRequiredSigner) {
    SignedTx stx = ledger.sign(ledger.build(alice, {op::transfer("ACME", bob.id, 1)}), alice);
    sign_tx(stx, *bob.key().secret);
    const TxPtr tx = make_envelope(stx);
    ASSERT_TRUE(verify_signatures(*tx));
    EXPECT_TRUE(ExcludedWith(ledger.run(tx), Reason::BAD_SIGNATURE));
}

TEST_F(reason_codes, TxExcludedWhenSignedOnlyByAnotherAccountsKey) {
    const TxPtr tx = make_envelope(ledger.sign(ledger.build(alice, {op::transfer("ACME", bob.id, 1)}), bob));
    ASSERT_TRUE(verify_signatures(*tx));
    EXPECT_TRUE(ExcludedWith(ledger.run(tx), Reason::MISSING_SIGNATURE));
}

// UNKNOWN_ACCOUNT -------------------------------------------------------------------------------------------
TEST_F(reason_codes, TransferRefusedToUnregisteredAccount) {
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", account_id_of(TestKey::generate().pubkey), 1)}),
                           Reason::UNKNOWN_ACCOUNT));
}

TEST_F(reason_codes, IssueRefusedToUnregisteredAccount) {
    EXPECT_TRUE(
        FailedWith(run(ledger.issuer, {op::issue("ACME", {{account_id_of(TestKey::generate().pubkey), 1}})}),
                   Reason::UNKNOWN_ACCOUNT));
}

TEST_F(reason_codes, ForcedTransferRefusedFromUnregisteredAccount) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar,
                       {op::forced_transfer("ACME", account_id_of(TestKey::generate().pubkey), bob.id, 1)}),
                   Reason::UNKNOWN_ACCOUNT));
}

TEST_F(reason_codes, KycAttestRefusedForUnregisteredAccount) {
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::kyc(account_id_of(TestKey::generate().pubkey), 1, 1)}),
                           Reason::UNKNOWN_ACCOUNT));
}

TEST_F(reason_codes, KeyRecoveryRefusedForUnregisteredAccount) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::recover(account_id_of(TestKey::generate().pubkey),
                                                              TestKey::generate().pubkey)}),
                           Reason::UNKNOWN_ACCOUNT));
}

TEST_F(reason_codes, RoleGrantRefusedForUnregisteredAccount) {
    EXPECT_TRUE(FailedWith(
        run(ledger.registrar, {op::grant(account_id_of(TestKey::generate().pubkey), Role::issuer)}),
        Reason::UNKNOWN_ACCOUNT));
}

TEST_F(reason_codes, FreezeAccountRefusedForUnregisteredAccount) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::freeze_account(account_id_of(TestKey::generate().pubkey))}),
                   Reason::UNKNOWN_ACCOUNT));
}

TEST_F(reason_codes, FreezeHoldingRefusedForUnregisteredAccount) {
    EXPECT_TRUE(FailedWith(
        run(ledger.issuer, {op::freeze_holding("ACME", account_id_of(TestKey::generate().pubkey), 1)}),
        Reason::UNKNOWN_ACCOUNT));
}

// UNKNOWN_ASSET ---------------------------------------------------------------------------------------------
TEST_F(reason_codes, TransferRefusedForUnknownAsset) {
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("NOPE", bob.id, 1)}), Reason::UNKNOWN_ASSET));
}

TEST_F(reason_codes, IssueRefusedForUnknownAsset) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("NOPE", {{bob.id, 1}})}), Reason::UNKNOWN_ASSET));
}

TEST_F(reason_codes, BurnRefusedForUnknownAsset) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::burn("NOPE", 1)}), Reason::UNKNOWN_ASSET));
}

TEST_F(reason_codes, FreezeAssetRefusedForUnknownAsset) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::freeze_asset("NOPE")}), Reason::UNKNOWN_ASSET));
}

TEST_F(reason_codes, ForcedTransferRefusedForUnknownAsset) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::forced_transfer("NOPE", alice.id, bob.id, 1)}),
                           Reason::UNKNOWN_ASSET));
}

TEST_F(reason_codes, AssetRightsGrantRefusedForUnknownAsset) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::grant(bob.id, Role::issuer, "NOPE")}), Reason::UNKNOWN_ASSET));
}

// ASSET_EXISTS, ACCOUNT_EXISTS, PUBKEY_IN_USE ---------------------------------------------------------------
TEST_F(reason_codes, AssetCreateRefusedWhenSymbolTaken) {
    EXPECT_TRUE(
        FailedWith(run(ledger.issuer, {op::create("ACME", AssetClass::other, 10)}), Reason::ASSET_EXISTS));
    EXPECT_EQ(ledger.asset("ACME").asset_class, AssetClass::equity);
}

TEST_F(reason_codes, AccountRegisterRefusedForRetiredFirstKeyOfAnAccount) {
    // alice's id is the hash of her first key: registering that key again would name her account.
    ASSERT_TRUE(Succeeded(run(alice, {op::rotate(TestKey::generate().pubkey)})));
    EXPECT_TRUE(
        FailedWith(run(ledger.operator_, {op::register_key(alice.pubkey())}), Reason::ACCOUNT_EXISTS));
}

TEST_F(reason_codes, AccountRegisterRefusedForKeyInUse) {
    EXPECT_TRUE(FailedWith(run(ledger.operator_, {op::register_key(alice.pubkey())}), Reason::PUBKEY_IN_USE));
}

TEST_F(reason_codes, KeyRotateRefusedToKeyInUse) {
    EXPECT_TRUE(FailedWith(run(alice, {op::rotate(bob.pubkey())}), Reason::PUBKEY_IN_USE));
    EXPECT_EQ(ledger.account_of_key(bob.pubkey()), bob.id);
}

TEST_F(reason_codes, KeyRecoveryRefusedToKeyInUse) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::recover(alice.id, bob.pubkey())}), Reason::PUBKEY_IN_USE));
}

// ROLE_NOT_HELD ---------------------------------------------------------------------------------------------
TEST_F(reason_codes, RoleRevokeRefusedWhenRoleNotHeld) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::revoke(bob.id, Role::operator_)}), Reason::ROLE_NOT_HELD));
}

TEST_F(reason_codes, AssetRightsRevokeRefusedWhenNotHeld) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::revoke(bob.id, Role::issuer, "ACME")}), Reason::ROLE_NOT_HELD));
}

// SELF_TRANSFER ---------------------------------------------------------------------------------------------
TEST_F(reason_codes, TransferToSelfRefused) {
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", alice.id, 1)}), Reason::SELF_TRANSFER));
}

TEST_F(reason_codes, ForcedTransferToSameAccountRefused) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, alice.id, 1)}),
                           Reason::SELF_TRANSFER));
}

// BAD_AMOUNT ------------------------------------------------------------------------------------------------
TEST_F(reason_codes, TransferOfZeroRefused) {
    EXPECT_TRUE(FailedWith(run(alice, {op::transfer("ACME", bob.id, 0)}), Reason::BAD_AMOUNT));
}

TEST_F(reason_codes, IssueOfZeroRefused) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::issue("ACME", {{bob.id, 1}, {alice.id, 0}})}),
                           Reason::BAD_AMOUNT));
}

TEST_F(reason_codes, BurnOfZeroRefused) {
    EXPECT_TRUE(FailedWith(run(ledger.issuer, {op::burn("ACME", 0)}), Reason::BAD_AMOUNT));
}

TEST_F(reason_codes, FreezeHoldingOfZeroRefused) {
    EXPECT_TRUE(
        FailedWith(run(ledger.issuer, {op::freeze_holding("ACME", alice.id, 0)}), Reason::BAD_AMOUNT));
}

TEST_F(reason_codes, ForcedTransferOfZeroRefused) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::forced_transfer("ACME", alice.id, bob.id, 0)}),
                           Reason::BAD_AMOUNT));
}

// UNKNOWN_PARAM ---------------------------------------------------------------------------------------------
TEST_F(reason_codes, ParamUpdateRefusedForUnknownParam) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::param_update("no_such_param", 1)}), Reason::UNKNOWN_PARAM));
    EXPECT_FALSE(ledger.param("no_such_param").has_value());
}

// UNKNOWN_OP, DECODE_ERROR ----------------------------------------------------------------------------------
TEST_F(reason_codes, TxWithUnregisteredContractTagExcludedWithUnknownOp) {
    EXPECT_TRUE(ExcludedWith(run(alice, {Op{0x0200, {1, 2, 3}}}), Reason::UNKNOWN_OP));
}

TEST_F(reason_codes, TxWithReservedCoreTagExcludedWithUnknownOp) {
    const uint16_t validator_set_update = static_cast<uint16_t>(OpTag::validator_set_update);
    EXPECT_TRUE(ExcludedWith(run(ledger.registrar, {Op{validator_set_update, {1}}}), Reason::UNKNOWN_OP));
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

// The table of docs/reason-codes.md -------------------------------------------------------------------------
std::string reason_codes_doc() {
    std::ifstream in(std::string(FOLIO_SOURCE_DIR) + "/docs/reason-codes.md");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every code reason_name knows, by walking the whole number space the groups use.
std::vector<Reason> every_reason() {
    std::vector<Reason> out;
    for (int n = 0; n < 1000; ++n) {
        if (reason_name(static_cast<Reason>(n)) != "UNKNOWN_REASON") out.push_back(static_cast<Reason>(n));
    }
    return out;
}

// The rows of "The table": lines "| NUMBER | `NAME` | ...".
std::vector<std::pair<int, std::string>> documented_rows(const std::string& doc) {
    std::vector<std::pair<int, std::string>> rows;
    std::istringstream lines(doc);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.size() < 4 || line.rfind("| ", 0) != 0 || !std::isdigit(static_cast<unsigned char>(line[2])))
            continue;
        const size_t number_end = line.find(' ', 2);
        const size_t name_begin = line.find("| `", number_end);
        const size_t name_end = line.find('`', name_begin + 3);
        if (number_end == std::string::npos || name_begin == std::string::npos ||
            name_end == std::string::npos) {
            rows.emplace_back(-1, line);  // a row this reader cannot parse is a failure, not skipped
            continue;
        }
        rows.emplace_back(std::stoi(line.substr(2, number_end - 2)),
                          line.substr(name_begin + 3, name_end - name_begin - 3));
    }
    return rows;
}

TEST(reason_codes_table, DocumentListsEveryCodeWithItsNumberAndName) {
    const std::string doc = reason_codes_doc();
    ASSERT_FALSE(doc.empty()) << "docs/reason-codes.md is missing";
    for (Reason reason : every_reason()) {
        const std::string_view name = reason_name(reason);
        Reason back;
        EXPECT_TRUE(reason_from_name(name, back) && back == reason) << name;
        const std::string row =
            "| " + std::to_string(static_cast<int>(reason)) + " | `" + std::string(name) + "` |";
        EXPECT_NE(doc.find(row), std::string::npos) << "no row starting " << row;
    }
}

TEST(reason_codes_table, EveryDocumentedRowIsACodeWithThatNumber) {
    const auto rows = documented_rows(reason_codes_doc());
    ASSERT_FALSE(rows.empty());
    std::set<int> seen;
    for (const auto& [number, name] : rows) {
        ASSERT_GE(number, 0) << "cannot read the row: " << name;
        EXPECT_TRUE(seen.insert(number).second) << "two rows for " << number;
        Reason code;
        ASSERT_TRUE(reason_from_name(name, code))
            << name << " (row " << number << ") is not in chain/reason.h";
        EXPECT_EQ(static_cast<int>(code), number) << name << " is documented as " << number;
    }
    EXPECT_EQ(seen.size(), every_reason().size());
}

}  // namespace
}  // namespace folio
