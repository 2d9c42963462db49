// consensus_engine.*: locks, proof-of-lock, commits across rounds, and restarts from the safety state.
// The engine under test is validator 0 of four with equal power; at height 1 rounds 0..3 are proposed by
// v2, v1, v3, v0, so validator 0 proposes in round 3.
#include "engine_harness.h"

namespace folio::consensus::test {
namespace {

const BlockHash kB = block_named("block B");
const BlockHash kC = block_named("block C");

// Round 0: B proposed, a polka for B (validators 1 and 2 with us): we lock on B and precommit it, then no
// decision (the others' precommits are lost) and round 1 begins.
void lock_on_b_in_round_0(EngineHarness& h) {
    h.start(1);
    h.deliver(h.proposal(0, kB));
    h.votes_from({1, 2}, 0, VoteType::prevote, kB);
    ASSERT_EQ(h.engine().locked_round(), 0u);
    h.votes_from({1, 2}, 0, VoteType::precommit, BlockHash{});
    h.timeout(0, Step::precommit);
    ASSERT_EQ(h.engine().round(), 1u);
}

// Ends the current round without a decision: nil prevotes and precommits of the others, then the timeouts.
void fail_round(EngineHarness& h, Round r) {
    h.timeout(r, Step::propose);
    h.votes_from({1, 2, 3}, r, VoteType::prevote, BlockHash{});
    h.votes_from({1, 2, 3}, r, VoteType::precommit, BlockHash{});
    h.timeout(r, Step::precommit);
}

TEST(consensus_engine, LockOnAPolkaPrecommitsTheBlock) {
    EngineHarness h;
    h.start(1);
    h.deliver(h.proposal(0, kB));
    EXPECT_EQ(h.engine().locked_round(), kNoRound);
    h.votes_from({1, 2}, 0, VoteType::prevote, kB);
    EXPECT_EQ(h.engine().locked_round(), 0u);
    EXPECT_EQ(h.engine().locked_block(), kB);
    EXPECT_EQ(h.engine().valid_block(), kB);
    ASSERT_EQ(h.own_votes(VoteType::precommit, 0).size(), 1u);
    EXPECT_EQ(h.own_votes(VoteType::precommit, 0)[0].block_hash, kB);
}

TEST(consensus_engine, PolkaOnlyAfterPrecommittingNilSetsTheValidBlockNotTheLock) {
    EngineHarness h;
    h.start(1);
    h.deliver(h.proposal(0, kB));
    h.votes_from({1, 2}, 0, VoteType::prevote, BlockHash{});
    h.deliver(h.vote(3, 0, VoteType::prevote, BlockHash{}));  // 3 of 4 nil: precommit nil
    ASSERT_EQ(h.own_votes(VoteType::precommit, 0).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::precommit, 0)[0].is_nil());
    EXPECT_EQ(h.engine().locked_round(), kNoRound);
}

TEST(consensus_engine, LockedValidatorPrevotesNilOnAnotherFreshProposal) {
    EngineHarness h;
    lock_on_b_in_round_0(h);
    h.deliver(h.proposal(1, kC));
    ASSERT_EQ(h.own_votes(VoteType::prevote, 1).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 1)[0].is_nil());
}

TEST(consensus_engine, LockedValidatorPrevotesItsLockedBlockProposedAgain) {
    EngineHarness h;
    lock_on_b_in_round_0(h);
    h.deliver(h.proposal(1, kB));
    ASSERT_EQ(h.own_votes(VoteType::prevote, 1).size(), 1u);
    EXPECT_EQ(h.own_votes(VoteType::prevote, 1)[0].block_hash, kB);
}

TEST(consensus_engine, RelockOnAPolkaOfALaterRound) {
    EngineHarness h;
    lock_on_b_in_round_0(h);
    h.deliver(h.proposal(1, kC));                       // we prevote nil (locked on B) ...
    h.votes_from({1, 2, 3}, 1, VoteType::prevote, kC);  // ... but the others prevote C
    EXPECT_EQ(h.engine().locked_round(), 1u);
    EXPECT_EQ(h.engine().locked_block(), kC);
    ASSERT_EQ(h.own_votes(VoteType::precommit, 1).size(), 1u);
    EXPECT_EQ(h.own_votes(VoteType::precommit, 1)[0].block_hash, kC);
}

TEST(consensus_engine, ProofOfLockFromAnEarlierRoundAllowsPrevotingAnotherBlock) {
    EngineHarness h;
    lock_on_b_in_round_0(h);
    // Round 1: C proposed; we prevote nil (locked on B). The polka for C completes only after we left
    // round 1.
    h.deliver(h.proposal(1, kC));
    h.votes_from({2, 3}, 1, VoteType::prevote, kC);
    h.votes_from({1, 2, 3}, 1, VoteType::precommit, BlockHash{});
    h.timeout(1, Step::prevote);
    h.timeout(1, Step::precommit);
    ASSERT_EQ(h.engine().round(), 2u);
    h.deliver(h.vote(1, 1, VoteType::prevote, kC));
    // Round 2 re-proposes C with pol_round 1: our lock (round 0) is older than that polka.
    h.deliver(h.proposal(2, kC, 1));
    ASSERT_EQ(h.own_votes(VoteType::prevote, 2).size(), 1u);
    EXPECT_EQ(h.own_votes(VoteType::prevote, 2)[0].block_hash, kC);
}

TEST(consensus_engine, ProofOfLockOlderThanTheLockIsRefused) {
    EngineHarness h;
    h.start(1);
    // Round 0: a polka for C that we do not act on (our prevote went to nil on timeout).
    h.timeout(0, Step::propose);
    h.votes_from({1, 2, 3}, 0, VoteType::prevote, kC);
    h.votes_from({1, 2, 3}, 0, VoteType::precommit, BlockHash{});
    h.timeout(0, Step::prevote);
    h.timeout(0, Step::precommit);
    // Round 1: we lock on B.
    h.deliver(h.proposal(1, kB));
    h.votes_from({1, 2}, 1, VoteType::prevote, kB);
    ASSERT_EQ(h.engine().locked_round(), 1u);
    h.votes_from({1, 2}, 1, VoteType::precommit, BlockHash{});
    h.timeout(1, Step::precommit);
    // Round 2: C re-proposed with its polka of round 0, older than our lock.
    h.deliver(h.proposal(2, kC, 0));
    ASSERT_EQ(h.own_votes(VoteType::prevote, 2).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 2)[0].is_nil());
    EXPECT_EQ(h.engine().locked_block(), kB);
}

TEST(consensus_engine, ReproposalWaitsForItsPolka) {
    EngineHarness h;
    h.start(1);
    fail_round(h, 0);
    h.deliver(h.proposal(1, kB, 0));  // claims a polka in round 0 that we never saw
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 1).empty());
    h.timeout(1, Step::propose);
    ASSERT_EQ(h.own_votes(VoteType::prevote, 1).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 1)[0].is_nil());
}

TEST(consensus_engine, NilPolkaDoesNotUnlock) {
    EngineHarness h;
    lock_on_b_in_round_0(h);
    fail_round(h, 1);  // round 1: 2/3 prevote nil, we precommit nil
    ASSERT_EQ(h.own_votes(VoteType::precommit, 1).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::precommit, 1)[0].is_nil());
    EXPECT_EQ(h.engine().locked_round(), 0u);
    EXPECT_EQ(h.engine().locked_block(), kB);
    h.deliver(h.proposal(2, kC));  // still locked: a fresh C gets nil
    ASSERT_EQ(h.own_votes(VoteType::prevote, 2).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 2)[0].is_nil());
}

TEST(consensus_engine, ProposerReproposesItsValidBlockWithItsPolRound) {
    EngineHarness h;
    lock_on_b_in_round_0(h);
    fail_round(h, 1);
    fail_round(h, 2);
    ASSERT_EQ(h.engine().round(), 3u);  // our turn
    auto proposals = actions_of<BroadcastProposal>(h.log());
    ASSERT_EQ(proposals.size(), 1u);
    EXPECT_EQ(proposals[0].proposal.block_hash, kB);
    EXPECT_EQ(proposals[0].proposal.pol_round, 0u);
    EXPECT_TRUE(actions_of<BuildBlock>(h.log()).empty());
}

TEST(consensus_engine, CommitOnPrecommitsSeenInALaterRound) {
    EngineHarness h;
    h.start(1);
    // Still in round 0 when the others decide B in round 2: its proposal and their precommits arrive.
    h.deliver(h.proposal(2, kB));
    h.votes_from({1, 2}, 2, VoteType::precommit, kB);
    EXPECT_TRUE(actions_of<Decide>(h.log()).empty());
    auto a = h.deliver(h.vote(3, 2, VoteType::precommit, kB));
    auto decided = actions_of<Decide>(a);
    ASSERT_EQ(decided.size(), 1u);
    EXPECT_EQ(decided[0].height, 1u);
    EXPECT_EQ(decided[0].round, 2u);
    EXPECT_EQ(decided[0].block_hash, kB);
    EXPECT_TRUE(h.engine().decided());
}

TEST(consensus_engine, DecisionCarriesACertificateThatVerifies) {
    EngineHarness h;
    BlockHeader header;
    header.chain_id = test_chain_id();
    header.height = 1;
    header.validators_hash = h.set().hash();
    const BlockHash block = header.hash();
    h.start(1);
    h.deliver(h.proposal(0, block));
    h.votes_from({1, 2}, 0, VoteType::prevote, block);
    auto a = h.votes_from({1, 3}, 0, VoteType::precommit, block);
    auto decided = actions_of<Decide>(a);
    ASSERT_EQ(decided.size(), 1u);
    const CommitCertificate& cert = decided[0].certificate;
    EXPECT_EQ(cert.signatures.size(), 3u);  // ours, 1 and 3
    EXPECT_TRUE(verify_commit(cert, test_chain_id(), header, h.set()).ok());
}

TEST(consensus_engine, QuorumsAreCountedByPowerNotByHeads) {
    EngineHarness h({5, 1, 1, 1}, 1);
    h.start(1);
    ASSERT_NE(h.engine().proposer_of(0), 1);
    h.deliver(h.proposal(0, kB));
    ASSERT_EQ(h.own_votes(VoteType::prevote, 0).size(), 1u);
    h.votes_from({2, 3}, 0, VoteType::prevote, kB);  // three heads of four, but 3 of 8 power
    EXPECT_EQ(h.engine().locked_round(), kNoRound);
    h.deliver(h.vote(0, 0, VoteType::prevote, kB));  // validator 0 brings 5: 8 of 8
    EXPECT_EQ(h.engine().locked_block(), kB);
}

TEST(consensus_engine, RestartResumesTheLockAndSignsNothingTwice) {
    EngineHarness before;
    lock_on_b_in_round_0(before);
    before.deliver(before.proposal(1, kC));  // prevote nil in round 1
    const SafetyState persisted = actions_of<PersistSafetyState>(before.log()).back().state;
    ASSERT_EQ(SafetyState::decode(persisted.encode()).value(), persisted);

    EngineHarness after({1, 1, 1, 1}, 0, EngineHarness::default_config(), persisted);
    auto a = after.start(1);
    EXPECT_EQ(after.engine().round(), 1u);
    EXPECT_EQ(after.engine().locked_block(), kB);
    // The last signed message goes out again, unchanged, and nothing new is signed for that step.
    auto resent = actions_of<BroadcastVote>(a);
    ASSERT_EQ(resent.size(), 1u);
    EXPECT_EQ(resent[0].vote, std::get<Vote>(persisted.last_signed));
    // The round's prevote is taken: the proposal seen again gets no second prevote.
    after.deliver(after.proposal(1, kC));
    EXPECT_EQ(after.own_votes(VoteType::prevote, 1).size(), 1u);
    // The lock and the rules carry on: a polka for C in round 1 relocks and precommits C.
    after.votes_from({1, 2, 3}, 1, VoteType::prevote, kC);
    ASSERT_EQ(after.own_votes(VoteType::precommit, 1).size(), 1u);
    EXPECT_EQ(after.own_votes(VoteType::precommit, 1)[0].block_hash, kC);
    EXPECT_EQ(after.engine().locked_block(), kC);
}

TEST(consensus_engine, RestartWithTheStateOfALaterHeightSignsNothingBelowIt) {
    SafetyState later;
    later.height = 7;
    EngineHarness h({1, 1, 1, 1}, 0, EngineHarness::default_config(), later);
    h.start(6);
    h.deliver(h.proposal(0, kB));
    h.timeout(0, Step::propose);
    h.votes_from({1, 2, 3}, 0, VoteType::prevote, kB);
    EXPECT_TRUE(actions_of<BroadcastVote>(h.log()).empty());
    EXPECT_TRUE(actions_of<PersistSafetyState>(h.log()).empty());
}

}  // namespace
}  // namespace folio::consensus::test

namespace folio::consensus::test {
namespace {

TEST(consensus_engine, RestartSendsEveryMessageOfTheRoundAgain) {
    EngineHarness before;
    before.start(1);
    before.deliver(before.proposal(0, kB));               // prevote B
    before.votes_from({1, 2}, 0, VoteType::prevote, kB);  // lock, precommit B
    const SafetyState persisted = actions_of<PersistSafetyState>(before.log()).back().state;
    ASSERT_EQ(persisted.earlier_in_round.size(), 1u);  // the prevote, before the precommit
    EngineHarness after({1, 1, 1, 1}, 0, EngineHarness::default_config(),
                        SafetyState::decode(persisted.encode()).value());
    auto resent = actions_of<BroadcastVote>(after.start(1));
    ASSERT_EQ(resent.size(), 2u);
    EXPECT_EQ(resent[0].vote.type, VoteType::prevote);
    EXPECT_EQ(resent[1].vote.type, VoteType::precommit);
    EXPECT_TRUE(actions_of<PersistSafetyState>(after.log()).empty());  // nothing new was signed
}

TEST(consensus_engine, RestartKeepsThePolkaBehindItsValidBlock) {
    EngineHarness before;
    lock_on_b_in_round_0(before);
    const SafetyState persisted = actions_of<PersistSafetyState>(before.log()).back().state;
    EXPECT_EQ(persisted.valid_polka.size(), 3u);  // us, 1 and 2
    EngineHarness after({1, 1, 1, 1}, 0, EngineHarness::default_config(),
                        SafetyState::decode(persisted.encode()).value());
    after.start(1);
    EXPECT_EQ(after.engine().votes_for(0, VoteType::prevote, kB).size(), 3u);  // what gossip relays for it
}

}  // namespace
}  // namespace folio::consensus::test
