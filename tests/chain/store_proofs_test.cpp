// Holding proofs at recent heights against the state roots of their headers, and after a reopen.
#include <gtest/gtest.h>

#include "tests/chain/store_fixture.h"

namespace folio {
namespace {

using namespace test;

class store_proofs : public StoreTest {};

// ===========================================================================================================
// store_proofs: holdings at recent heights

TEST_F(store_proofs, BalanceProofsVerifyAgainstTheStateRootsOfRecentHeaders) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    size_t inclusions = 0, non_inclusions = 0;
    for (Height h = 6; h <= 10; ++h) {
        const Hash256 root = ledger_->store().header(h).value().state_root;
        for (size_t i = 0; i < kHolders; ++i) {
            SCOPED_TRACE("height " + std::to_string(h) + ", holder " + std::to_string(i));
            const Bytes key = state_key::balance(acme(), holders_[i]);
            const auto proof = ledger_->prove(h, key);
            ASSERT_TRUE(proof.has_value());
            const Amount amount = expected_acme(h, i);
            Balance b;
            b.amount = amount == 0 ? 1 : amount;
            const Hash256 value_hash = Ledger::value_hash(b.encode());
            if (amount > 0) {
                ++inclusions;
                EXPECT_TRUE(verify_state_proof(root, Ledger::key_hash(key), value_hash, *proof));
                EXPECT_FALSE(verify_state_proof(root, Ledger::key_hash(key), std::nullopt, *proof));
                b.amount += 1;
                EXPECT_FALSE(
                    verify_state_proof(root, Ledger::key_hash(key), Ledger::value_hash(b.encode()), *proof));
            } else {
                ++non_inclusions;
                EXPECT_TRUE(verify_state_proof(root, Ledger::key_hash(key), std::nullopt, *proof));
                EXPECT_FALSE(verify_state_proof(root, Ledger::key_hash(key), value_hash, *proof));
            }
            // The proof decodes from its wire form to the same proof.
            EXPECT_EQ(StateProof::decode(proof->encode()), proof);
        }
    }
    EXPECT_GT(inclusions, 0u);
    EXPECT_GT(non_inclusions, 0u);
}

TEST_F(store_proofs, AProofOfAChangedBalanceDoesNotVerifyAgainstAnotherHeightsRoot) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    // Holder 9 is emptied in block 10: held at 9, not at 10.
    ASSERT_GT(expected_acme(9, 9), 0u);
    ASSERT_EQ(expected_acme(10, 9), 0u);
    const Bytes key = state_key::balance(acme(), holders_[9]);
    Balance b;
    b.amount = expected_acme(9, 9);
    const auto at9 = ledger_->prove(9, key);
    const auto at10 = ledger_->prove(10, key);
    ASSERT_TRUE(at9 && at10);
    const Hash256 root9 = ledger_->store().header(9).value().state_root;
    const Hash256 root10 = ledger_->store().header(10).value().state_root;
    EXPECT_TRUE(verify_state_proof(root9, Ledger::key_hash(key), Ledger::value_hash(b.encode()), *at9));
    EXPECT_FALSE(verify_state_proof(root10, Ledger::key_hash(key), Ledger::value_hash(b.encode()), *at9));
    EXPECT_TRUE(verify_state_proof(root10, Ledger::key_hash(key), std::nullopt, *at10));
    EXPECT_FALSE(verify_state_proof(root9, Ledger::key_hash(key), std::nullopt, *at10));
}

TEST_F(store_proofs, ServedFromTheOpenHeightOnAfterReopen) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(4));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(ledger_->oldest_provable_height(), 4u);
    const Bytes key = state_key::balance(acme(), holders_[12]);
    EXPECT_FALSE(ledger_->prove(3, key).has_value());
    EXPECT_FALSE(ledger_->prove(5, key).has_value());  // not yet made
    ASSERT_NO_FATAL_FAILURE(commit_block({{12, 29, 5}}));
    for (Height h = 4; h <= 5; ++h) {
        auto proof = ledger_->prove(h, key);
        ASSERT_TRUE(proof.has_value()) << "height " << h;
        Balance b;
        b.amount = expected_acme(h, 12);
        EXPECT_TRUE(verify_state_proof(ledger_->store().header(h).value().state_root, Ledger::key_hash(key),
                                       Ledger::value_hash(b.encode()), *proof))
            << "height " << h;
    }
}

}  // namespace
}  // namespace folio
