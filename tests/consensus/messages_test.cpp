// consensus_engine.*: the wire forms of votes, proposals, evidence and the safety state.
#include "engine_harness.h"

namespace folio::consensus::test {
namespace {

TEST(consensus_engine, MessagesRoundTripThroughTheirEncoding) {
    EngineHarness h;
    h.start(3);
    const Vote v = h.vote(2, 5, VoteType::precommit, block_named("b"));
    EXPECT_EQ(Vote::decode(v.encode()).value(), v);
    const Proposal p = h.proposal(4, block_named("b"), 2);
    EXPECT_EQ(Proposal::decode(p.encode()).value(), p);
    Evidence e{DoubleVote{v, h.vote(2, 5, VoteType::precommit, BlockHash{})}};
    auto decoded = Evidence::decode(e.encode());
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->encode(), e.encode());
    EXPECT_TRUE(verify_evidence(*decoded, test_chain_id(), h.set()).ok());
}

TEST(consensus_engine, DecodersRefuseNonCanonicalMessages) {
    EngineHarness h;
    h.start(3);
    Bytes vote = h.vote(2, 5, VoteType::prevote, block_named("b")).encode();
    Bytes bad_type = vote;
    bad_type[1 + 8 + 4] = 3;
    EXPECT_FALSE(Vote::decode(bad_type).ok());
    Bytes trailing = vote;
    trailing.push_back(0);
    EXPECT_FALSE(Vote::decode(trailing).ok());
    Proposal p = h.proposal(4, block_named("b"));
    p.pol_round = 4;  // not below its round
    EXPECT_FALSE(Proposal::decode(p.encode()).ok());
    p.pol_round = kNoRound;
    p.round = kMaxRound;
    EXPECT_FALSE(Proposal::decode(p.encode()).ok());
    // Evidence of two identical votes proves nothing.
    const Vote v = h.vote(2, 5, VoteType::prevote, block_named("b"));
    EXPECT_FALSE(Evidence::decode(Evidence{DoubleVote{v, v}}.encode()).ok());
}

TEST(consensus_engine, ForgedEvidenceDoesNotVerify) {
    EngineHarness h;
    h.start(3);
    Vote a = h.vote(2, 5, VoteType::prevote, block_named("b"));
    Vote b = h.vote(2, 5, VoteType::prevote, block_named("c"));
    b.signature = h.vote(1, 5, VoteType::prevote, block_named("c")).signature;  // someone else's signature
    EXPECT_EQ(verify_evidence(Evidence{DoubleVote{a, b}}, test_chain_id(), h.set()).reason(),
              Reason::BAD_SIGNATURE);
}

TEST(consensus_engine, SafetyStateRoundTripsAndRefusesDamage) {
    SafetyState s;
    s.height = 9;
    s.round = 2;
    s.step = Step::precommit;
    s.locked_round = 1;
    s.locked_block = block_named("b");
    s.valid_round = 2;
    s.valid_block = block_named("c");
    EngineHarness h;
    h.start(9);
    s.last_signed = h.vote(0, 2, VoteType::precommit, block_named("c"));
    EXPECT_EQ(SafetyState::decode(s.encode()).value(), s);
    EXPECT_EQ(s.last_signed_position(), (SignPosition{9, 2, Step::precommit}));
    SafetyState unlocked_with_block = s;
    unlocked_with_block.locked_round = kNoRound;
    EXPECT_FALSE(SafetyState::decode(unlocked_with_block.encode()).ok());
    Bytes truncated = s.encode();
    truncated.pop_back();
    EXPECT_FALSE(SafetyState::decode(truncated).ok());
}

}  // namespace
}  // namespace folio::consensus::test
