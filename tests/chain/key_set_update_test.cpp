// key_set_update (chain/core_ops_sets.cpp): an account's keys replaced by a weighted key set with a
// threshold, signed to the current threshold; what it refuses; and the account record's two versions
// (chain/state.h).
#include <gtest/gtest.h>

#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;

Op key_set(const std::vector<TestKey>& keys, uint16_t threshold, std::vector<uint8_t> weights = {}) {
    KeySetUpdateOp op;
    for (size_t i = 0; i < keys.size(); ++i)
        op.keys.push_back({keys[i].pubkey, weights.empty() ? uint8_t{1} : weights[i]});
    op.threshold = threshold;
    return encode_op(op);
}

std::vector<TestKey> fresh_keys(size_t n) {
    std::vector<TestKey> keys;
    for (size_t i = 0; i < n; ++i) keys.push_back(TestKey::generate());
    return keys;
}

class key_set_update : public LedgerTest {};

TEST_F(key_set_update, ReplacesTheKeysAndTheThreshold) {
    const std::vector<TestKey> officers = fresh_keys(3);
    ASSERT_TRUE(Succeeded(run(alice, {key_set(officers, 2)})));
    const Account a = ledger.account(alice.id);
    ASSERT_EQ(a.keys.size(), 3u);
    EXPECT_EQ(a.threshold, 2);
    EXPECT_TRUE(a.weights.empty()) << "all weights 1: stored as version 1";
    for (const TestKey& k : officers) EXPECT_EQ(ledger.account_of_key(k.pubkey), alice.id);
    EXPECT_FALSE(ledger.account_of_key(alice.pubkey()).has_value()) << "the old key left the index";
}

TEST_F(key_set_update, KeepingTheCurrentKeyInTheSetIsAllowed) {
    std::vector<TestKey> keys = fresh_keys(1);
    keys.push_back(alice.key());
    ASSERT_TRUE(Succeeded(run(alice, {key_set(keys, 1)})));
    EXPECT_EQ(ledger.account_of_key(alice.pubkey()), alice.id);
    EXPECT_EQ(ledger.account(alice.id).keys.size(), 2u);
}

TEST_F(key_set_update, WeightsAreKept) {
    const std::vector<TestKey> keys = fresh_keys(2);
    ASSERT_TRUE(Succeeded(run(alice, {key_set(keys, 3, {3, 1})})));
    const Account a = ledger.account(alice.id);
    EXPECT_EQ(a.weight_of_key(keys[0].pubkey), 3u);
    EXPECT_EQ(a.weight_of_key(keys[1].pubkey), 1u);
    EXPECT_EQ(a.total_weight(), 4u);
}

TEST_F(key_set_update, SixteenKeysAreAccepted) {
    ASSERT_TRUE(Succeeded(run(alice, {key_set(fresh_keys(16), 16)})));
    EXPECT_EQ(ledger.account(alice.id).keys.size(), 16u);
}

TEST_F(key_set_update, NoKeysRefused) {
    EXPECT_TRUE(FailedWith(run(alice, {key_set({}, 1)}), Reason::INVALID_ARGUMENT));
    EXPECT_EQ(ledger.account(alice.id).keys, std::vector<PubKey>{alice.pubkey()});
}

TEST_F(key_set_update, ThresholdZeroRefused) {
    EXPECT_TRUE(FailedWith(run(alice, {key_set(fresh_keys(2), 0)}), Reason::INVALID_ARGUMENT));
}

TEST_F(key_set_update, ThresholdAboveTheTotalWeightRefused) {
    EXPECT_TRUE(FailedWith(run(alice, {key_set(fresh_keys(2), 5, {2, 2})}), Reason::INVALID_ARGUMENT));
    EXPECT_EQ(ledger.account(alice.id).threshold, 1);
}

TEST_F(key_set_update, WeightZeroRefused) {
    EXPECT_TRUE(FailedWith(run(alice, {key_set(fresh_keys(2), 1, {1, 0})}), Reason::INVALID_ARGUMENT));
}

TEST_F(key_set_update, AnotherAccountsKeyRefused) {
    std::vector<TestKey> keys = fresh_keys(1);
    keys.push_back(bob.key());
    EXPECT_TRUE(FailedWith(run(alice, {key_set(keys, 1)}), Reason::PUBKEY_IN_USE));
    EXPECT_EQ(ledger.account_of_key(bob.pubkey()), bob.id);
    EXPECT_EQ(ledger.account(alice.id).keys, std::vector<PubKey>{alice.pubkey()});
}

TEST_F(key_set_update, TheSameKeyTwiceRefused) {
    const TestKey k = TestKey::generate();
    EXPECT_TRUE(FailedWith(run(alice, {key_set({k, k}, 1)}), Reason::INVALID_ARGUMENT));
}

TEST_F(key_set_update, KeyThatIsNoCurvePointRefused) {
    KeySetUpdateOp op;
    op.keys.push_back({not_a_curve_point(), 1});
    op.threshold = 1;
    EXPECT_TRUE(FailedWith(run(alice, {encode_op(op)}), Reason::INVALID_ARGUMENT));
}

TEST_F(key_set_update, MoreThan16KeysDoNotDecode) {
    Writer w;
    w.u8(1);
    w.varint(kMaxKeySetKeys + 1);
    const Op op{static_cast<uint16_t>(OpTag::key_set_update), w.take()};
    EXPECT_TRUE(ExcludedWith(run(alice, {op}), Reason::DECODE_ERROR));
}

TEST_F(key_set_update, RecoveryByTheRegistrarLeavesOneKeyThresholdOne) {
    const std::vector<TestKey> officers = fresh_keys(3);
    ASSERT_TRUE(Succeeded(run(alice, {key_set(officers, 3, {1, 1, 2})})));
    const TestKey recovered = TestKey::generate();
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {op::recover(alice.id, recovered.pubkey)})));
    const Account a = ledger.account(alice.id);
    EXPECT_EQ(a.keys, std::vector<PubKey>{recovered.pubkey});
    EXPECT_TRUE(a.weights.empty());
    EXPECT_EQ(a.threshold, 1);
    for (const TestKey& k : officers) EXPECT_FALSE(ledger.account_of_key(k.pubkey).has_value());
    const Party restored{alice.id, {recovered}};
    EXPECT_TRUE(Succeeded(run(restored, {op::transfer("ACME", bob.id, 1)})));
}

// ---- the account record

TEST(account_record, SingleKeyAccountKeepsVersion1) {
    Account a;
    a.keys.push_back(TestKey::generate().pubkey);
    EXPECT_EQ(a.encode()[0], 1);
}

TEST(account_record, WeightedAccountUsesVersion2AndRoundTrips) {
    Account a;
    a.keys = {TestKey::generate().pubkey, TestKey::generate().pubkey};
    a.weights = {2, 1};
    a.threshold = 3;
    a.nonce = 7;
    const Bytes bytes = a.encode();
    EXPECT_EQ(bytes[0], 2);
    Account back;
    ASSERT_TRUE(Account::decode(bytes, back));
    EXPECT_EQ(back, a);
}

TEST(account_record, NineUnweightedKeysNeedVersion2) {
    Account a;
    for (int i = 0; i < 9; ++i) a.keys.push_back(TestKey::generate().pubkey);
    a.threshold = 5;
    const Bytes bytes = a.encode();
    EXPECT_EQ(bytes[0], 2);
    Account back;
    ASSERT_TRUE(Account::decode(bytes, back));
    EXPECT_EQ(back, a);
    EXPECT_TRUE(back.weights.empty());
}

TEST(account_record, Version2ThatVersion1CouldHoldIsRefused) {
    // One encoding per account: a two-key, weight-1 account written as version 2 is not canonical.
    Writer w;
    w.u8(2);
    w.varint(2);
    for (int i = 0; i < 2; ++i) {
        w.fixed_bytes(TestKey::generate().pubkey);
        w.u8(1);
    }
    w.u16(1);
    w.u32(0);
    w.u64(0);
    w.boolean(false);
    w.boolean(false);
    Account out;
    EXPECT_FALSE(Account::decode(w.take(), out));
}

TEST(account_record, WeightZeroDoesNotDecode) {
    Writer w;
    w.u8(2);
    w.varint(1);
    w.fixed_bytes(TestKey::generate().pubkey);
    w.u8(0);
    w.u16(1);
    w.u32(0);
    w.u64(0);
    w.boolean(false);
    w.boolean(false);
    Account out;
    EXPECT_FALSE(Account::decode(w.take(), out));
}

}  // namespace
}  // namespace folio
