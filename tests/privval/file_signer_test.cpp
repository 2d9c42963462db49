// The file signer and its guard: one signature per position, the same one when asked again with the same
// bytes, none for other bytes or an earlier position, and the same refusals after a restart from the
// persisted state.
#include <gtest/gtest.h>

#include "tests/privval/privval_fixture.h"

namespace folio::privval::test {
namespace {

using consensus::SignPosition;
using consensus::Step;

Hash256 hash_of(uint8_t n) {
    Hash256 h{};
    h.fill(n);
    return h;
}

TEST(file_signer, SignsEachNewPositionAndItsSignatureVerifies) {
    FileSigner signer(key_of(5), std::nullopt);
    auto a = signer.sign({1, 0, Step::propose}, hash_of(1));
    auto b = signer.sign({1, 0, Step::prevote}, hash_of(2));
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(crypto::verify(*a, hash_of(1), signer.pubkey()));
    EXPECT_TRUE(crypto::verify(*b, hash_of(2), signer.pubkey()));
    EXPECT_EQ(signer.signed_count(), 2u);
}

TEST(file_signer, SameBytesAtTheLastPositionGetTheStoredSignature) {
    FileSigner signer(key_of(5), std::nullopt);
    auto first = signer.sign({4, 1, Step::prevote}, hash_of(7));
    auto again = signer.sign({4, 1, Step::prevote}, hash_of(7));
    ASSERT_TRUE(first && again);
    EXPECT_EQ(*first, *again)
        << "BIP340 aux randomness would give another signature: the stored one is returned";
    EXPECT_EQ(signer.signed_count(), 1u);
}

TEST(file_signer, OtherBytesAtTheLastPositionAreRefused) {
    FileSigner signer(key_of(5), std::nullopt);
    ASSERT_TRUE(signer.sign({4, 1, Step::prevote}, hash_of(7)));
    auto conflict = signer.sign({4, 1, Step::prevote}, hash_of(8));
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().reason, Reason::NOT_AUTHORIZED);
    EXPECT_NE(conflict.error().message.find("equivocate"), std::string::npos) << conflict.error().message;
    EXPECT_EQ(signer.refused_count(), 1u);
}

TEST(file_signer, EarlierPositionIsRefusedWhateverTheBytes) {
    FileSigner signer(key_of(5), std::nullopt);
    ASSERT_TRUE(signer.sign({4, 1, Step::precommit}, hash_of(7)));
    EXPECT_FALSE(signer.sign({4, 1, Step::prevote}, hash_of(7)));
    EXPECT_FALSE(signer.sign({4, 0, Step::precommit}, hash_of(7)));
    EXPECT_FALSE(signer.sign({3, 9, Step::precommit}, hash_of(7)));
    EXPECT_TRUE(signer.sign({4, 2, Step::propose}, hash_of(7)));
}

TEST(file_signer, RestartedFromThePersistedStateRefusesWhatTheCrashedOneSigned) {
    const consensus::SafetyState persisted =
        state_after(consensus::Vote{6, 0, VoteType::precommit, block_of(3), 1, {}}, key_of(5));
    const auto last = consensus::last_signed_record(persisted, chain_a());
    ASSERT_TRUE(last);
    FileSigner restarted(key_of(5), last);
    const auto& vote = std::get<consensus::Vote>(persisted.last_signed);
    auto same = restarted.sign({6, 0, Step::precommit}, vote.sign_hash(chain_a()));
    ASSERT_TRUE(same);
    EXPECT_EQ(*same, vote.signature);
    consensus::Vote other = vote;
    other.block_hash = block_of(4);
    EXPECT_FALSE(restarted.sign({6, 0, Step::precommit}, other.sign_hash(chain_a())));
    EXPECT_TRUE(restarted.sign({6, 1, Step::propose}, hash_of(1)));
}

TEST(file_signer, NothingSignedYetGivesNoRecord) {
    EXPECT_FALSE(consensus::last_signed_record(consensus::SafetyState{}, chain_a()).has_value());
}

}  // namespace
}  // namespace folio::privval::test
