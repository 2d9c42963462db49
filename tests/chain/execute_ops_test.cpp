// What each core op does when it succeeds, through the real executor: suites execution_<topic> (accounts,
// roles, assets, transfers, freezes, params).
#include <gtest/gtest.h>

#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;

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

}  // namespace
}  // namespace folio
