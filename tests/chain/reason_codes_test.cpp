// Every refusal by code (suite reason_codes: Refused/Excluded and when; "Failed" means included with the
// reason in its receipt, its ops rolled back and its nonce consumed; "Excluded" means it can never be in a
// block). Refusals of malformed or out-of-policy input: reason_codes_input_test.cpp; the code table against
// docs/reason-codes.md: reason_codes_table_test.cpp.
#include <gtest/gtest.h>

#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;

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

}  // namespace
}  // namespace folio
