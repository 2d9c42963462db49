// The fixture of the execution tests (execute_*_test.cpp, reason_codes_test.cpp): a ledger with an equity
// asset ACME held by alice, a KYC'd bob, and the helpers those tests share.
#pragma once

#include <gtest/gtest.h>

#include "tests/chain/test_ledger.h"

namespace folio::test {

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

inline PubKey not_a_curve_point() {
    PubKey k;
    k.fill(0xff);  // >= the field size: no point has this x
    return k;
}

inline TxPtr with_corrupted_signature(SignedTx stx) {
    stx.signatures.at(0).signature[10] ^= 0x01;
    return make_envelope(std::move(stx));
}

}  // namespace folio::test
