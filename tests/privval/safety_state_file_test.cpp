// The safety-state file: what a validator must find again after a crash, whole, or be told clearly why not;
// and the start-up check that refuses a safety state older than the chain's record of this validator.
#include <gtest/gtest.h>
#include <sys/stat.h>


#include "tests/privval/privval_fixture.h"

namespace folio::privval::test {
namespace {

using consensus::SafetyState;
using consensus::Step;
using consensus::Vote;

TEST(safety_state_file, MissingFileIsAValidatorThatNeverSigned) {
    ScratchDir dir;
    auto file = SafetyStateFile::open(dir.file(kSafetyStateFileName), chain_a());
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_FALSE(file->state().has_value());
}

TEST(safety_state_file, PersistedStateIsReadBackWholeAndPrivate) {
    ScratchDir dir;
    const std::string path = dir.file(kSafetyStateFileName);
    SafetyState state = state_after(Vote{7, 2, VoteType::precommit, block_of(3), 1, {}}, key_of(9));
    state.locked_round = 2;
    state.locked_block = block_of(3);
    {
        auto file = SafetyStateFile::open(path, chain_a());
        ASSERT_TRUE(file);
        ASSERT_TRUE(file->persist(state));
        EXPECT_EQ(file->writes(), 1u);
    }
    auto again = SafetyStateFile::open(path, chain_a());
    ASSERT_TRUE(again) << again.error().message;
    ASSERT_TRUE(again->state().has_value());
    EXPECT_EQ(*again->state(), state);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(safety_state_file, DamagedFileIsCorruptionNamingThePath) {
    ScratchDir dir;
    const std::string path = dir.file(kSafetyStateFileName);
    {
        auto file = SafetyStateFile::open(path, chain_a());
        ASSERT_TRUE(file->persist(state_after(Vote{3, 0, VoteType::prevote, block_of(1), 0, {}}, key_of(9))));
    }
    std::string content = read_all(path);
    content[content.size() / 2] ^= 0x01;
    write_all(path, content);
    auto damaged = SafetyStateFile::open(path, chain_a());
    ASSERT_FALSE(damaged);
    EXPECT_EQ(damaged.error().reason, Reason::CORRUPTION);
    EXPECT_NE(damaged.error().message.find(path), std::string::npos) << damaged.error().message;
    EXPECT_NE(damaged.error().message.find("checksum"), std::string::npos) << damaged.error().message;

    write_all(path, content.substr(0, 20));
    auto truncated = SafetyStateFile::open(path, chain_a());
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().reason, Reason::CORRUPTION);
}

TEST(safety_state_file, FileOfAnotherChainIsRefused) {
    ScratchDir dir;
    const std::string path = dir.file(kSafetyStateFileName);
    {
        auto file = SafetyStateFile::open(path, chain_a());
        ASSERT_TRUE(file->persist(state_after(Vote{3, 0, VoteType::prevote, block_of(1), 0, {}}, key_of(9))));
    }
    ChainId other{};
    other.fill(0xBB);
    auto foreign = SafetyStateFile::open(path, other);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().reason, Reason::CORRUPTION);
    EXPECT_NE(foreign.error().message.find("written for chain"), std::string::npos)
        << foreign.error().message;
}

TEST(safety_state_file, StateThatWouldForgetASignatureIsNotWritten) {
    ScratchDir dir;
    const std::string path = dir.file(kSafetyStateFileName);
    auto file = SafetyStateFile::open(path, chain_a());
    const SafetyState later = state_after(Vote{5, 1, VoteType::precommit, block_of(1), 0, {}}, key_of(9));
    ASSERT_TRUE(file->persist(later));
    const Status back =
        file->persist(state_after(Vote{5, 1, VoteType::prevote, block_of(1), 0, {}}, key_of(9)));
    ASSERT_FALSE(back);
    EXPECT_EQ(back.error().reason, Reason::INTERNAL);
    EXPECT_EQ(*SafetyStateFile::open(path, chain_a())->state(), later);
}

CommitCertificate cert_signed_by(Height height, uint32_t round, std::vector<uint16_t> indexes) {
    CommitCertificate cert;
    cert.height = height;
    cert.round = round;
    cert.block_hash = block_of(4);
    for (uint16_t i : indexes) cert.signatures.push_back(CommitSignature{i, {}});
    return cert;
}

TEST(safety_state_file, ValidatorBehindACertificateItSignedRefusesToStart) {
    const SafetyState old = state_after(Vote{9, 0, VoteType::precommit, block_of(4), 2, {}}, key_of(9));
    const Status refused =
        check_not_behind_chain(old, "/d/consensus-safety.bin", cert_signed_by(10, 1, {0, 2}), 2);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().reason, Reason::NOT_AUTHORIZED);
    EXPECT_NE(refused.error().message.find("/d/consensus-safety.bin"), std::string::npos);
    EXPECT_NE(refused.error().message.find("block 10"), std::string::npos) << refused.error().message;

    // No safety file at all but the chain shows this validator's precommit: the same refusal.
    EXPECT_FALSE(check_not_behind_chain(std::nullopt, "/d/x", cert_signed_by(10, 1, {2}), 2));
}

TEST(safety_state_file, ValidatorAtOrPastTheCertificateOrNotInItStarts) {
    const SafetyState current = state_after(Vote{10, 1, VoteType::precommit, block_of(4), 2, {}}, key_of(9));
    EXPECT_TRUE(check_not_behind_chain(current, "f", cert_signed_by(10, 1, {0, 2}), 2));
    EXPECT_TRUE(check_not_behind_chain(std::nullopt, "f", cert_signed_by(10, 1, {0, 1}), 2))
        << "not a signer";
    EXPECT_TRUE(check_not_behind_chain(std::nullopt, "f", cert_signed_by(10, 1, {0, 2}), std::nullopt))
        << "not a member (an observer)";
}

}  // namespace
}  // namespace folio::privval::test
