// consensus_engine.*: the rules of the engine one at a time, as CometBFT's consensus/state_test.go has them.
// The engine under test is validator 0 of four with equal power unless a test says otherwise; the test plays
// the others. With four equal validators the rotation is v0, v2, v1, v3: at height 1, rounds 0..3 are
// proposed by v2, v1, v3, v0.
#include "chain/genesis.h"
#include "engine_harness.h"

namespace folio::consensus::test {
namespace {

// The driver's block check (chain's pure check before prevote) reduced to the three rules these tests need:
// the engine never sees the block, only the verdict the check gives.
struct CandidateBlock {
    Hash256 state_root{};
    uint64_t body_bytes = 0;
    uint64_t time_ms = 0;

    BlockHash hash() const {
        Writer w;
        w.fixed_bytes(state_root);
        w.u64(body_bytes);
        w.u64(time_ms);
        return crypto::sha256(w.data());
    }
};

BlockVerdict check(const CandidateBlock& b, const Hash256& executed_state_root, uint64_t now_ms) {
    const auto& params = default_params();
    if (b.state_root != executed_state_root) return BlockVerdict::invalid;
    if (b.body_bytes > params.at("block_max_bytes")) return BlockVerdict::invalid;
    if (b.time_ms > now_ms + params.at("consensus_max_clock_drift_ms")) return BlockVerdict::invalid;
    return BlockVerdict::valid;
}

const Hash256 kExecutedRoot = block_named("root after executing the block");
constexpr uint64_t kNow = 1'800'000'000'000;

std::vector<Vote> prevotes_after(EngineHarness& h, const CandidateBlock& block) {
    h.start(1);
    h.deliver(h.proposal(0, block.hash()), check(block, kExecutedRoot, kNow));
    return h.own_votes(VoteType::prevote, 0);
}

const uint16_t kRound0Proposer = proposer_among(4, 1, 0);

TEST(consensus_engine, OnlyTheProposerBuildsABlock) {
    ASSERT_EQ(proposer_among(4, 1, 3), 0);
    EngineHarness proposer({1, 1, 1, 1}, kRound0Proposer);
    EXPECT_EQ(actions_of<BuildBlock>(proposer.start(1)).size(), 1u);
    EngineHarness other({1, 1, 1, 1}, 0);
    EXPECT_TRUE(actions_of<BuildBlock>(other.start(1)).empty());
    // Validator 0 proposes in round 3 of height 1.
    other.timeout(0, Step::propose);
    other.votes_from({1, 2, 3}, 0, VoteType::prevote, BlockHash{});
    for (Round r = 0; r < 3; ++r) {
        other.votes_from({1, 2, 3}, r, VoteType::precommit, BlockHash{});
        auto a = other.timeout(r, Step::precommit);
        EXPECT_EQ(actions_of<BuildBlock>(a).size(), r == 2 ? 1u : 0u) << "entering round " << r + 1;
        if (r < 2) {
            other.timeout(r + 1, Step::propose);
            other.votes_from({1, 2, 3}, r + 1, VoteType::prevote, BlockHash{});
        }
    }
}

TEST(consensus_engine, BuiltBlockIsProposedThenPrevoted) {
    EngineHarness h({1, 1, 1, 1}, kRound0Proposer);
    h.start(1);
    const BlockHash b = block_named("b");
    auto a = h.step(BlockBuilt{1, 0, b});
    auto proposals = actions_of<BroadcastProposal>(a);
    ASSERT_EQ(proposals.size(), 1u);
    EXPECT_EQ(proposals[0].proposal.block_hash, b);
    EXPECT_EQ(proposals[0].proposal.pol_round, kNoRound);
    ASSERT_EQ(h.own_votes(VoteType::prevote, 0).size(), 1u);
    EXPECT_EQ(h.own_votes(VoteType::prevote, 0)[0].block_hash, b);
}

TEST(consensus_engine, ValidProposalGetsAPrevote) {
    EngineHarness h;
    const CandidateBlock good{kExecutedRoot, 1000, kNow};
    auto prevotes = prevotes_after(h, good);
    ASSERT_EQ(prevotes.size(), 1u);
    EXPECT_EQ(prevotes[0].block_hash, good.hash());
}

TEST(consensus_engine, BadStateRootPrevotesNil) {
    EngineHarness h;
    auto prevotes = prevotes_after(h, CandidateBlock{block_named("another root"), 1000, kNow});
    ASSERT_EQ(prevotes.size(), 1u);
    EXPECT_TRUE(prevotes[0].is_nil());
}

TEST(consensus_engine, OversizedBlockPrevotesNil) {
    EngineHarness h;
    auto prevotes =
        prevotes_after(h, CandidateBlock{kExecutedRoot, default_params().at("block_max_bytes") + 1, kNow});
    ASSERT_EQ(prevotes.size(), 1u);
    EXPECT_TRUE(prevotes[0].is_nil());
}

TEST(consensus_engine, FutureTimePrevotesNil) {
    EngineHarness h;
    const uint64_t too_late = kNow + default_params().at("consensus_max_clock_drift_ms") + 1;
    auto prevotes = prevotes_after(h, CandidateBlock{kExecutedRoot, 1000, too_late});
    ASSERT_EQ(prevotes.size(), 1u);
    EXPECT_TRUE(prevotes[0].is_nil());
}

TEST(consensus_engine, UncheckedProposalWaitsForTheVerdict) {
    EngineHarness h;
    h.start(1);
    const BlockHash b = block_named("b");
    auto a = h.deliver(h.proposal(0, b), std::nullopt);
    ASSERT_EQ(actions_of<CheckBlock>(a).size(), 1u);
    EXPECT_EQ(actions_of<CheckBlock>(a)[0].block_hash, b);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 0).empty());
    h.step(BlockChecked{1, b, BlockVerdict::unavailable});  // the driver fetches it: still no vote
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 0).empty());
    h.step(BlockChecked{1, b, BlockVerdict::valid});
    ASSERT_EQ(h.own_votes(VoteType::prevote, 0).size(), 1u);
    EXPECT_EQ(h.own_votes(VoteType::prevote, 0)[0].block_hash, b);
}

TEST(consensus_engine, ProposeTimeoutPrevotesNil) {
    EngineHarness h;
    auto start = h.start(1);
    auto timeouts = actions_of<ScheduleTimeout>(start);
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0].step, Step::propose);
    h.timeout(0, Step::propose);
    ASSERT_EQ(h.own_votes(VoteType::prevote, 0).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 0)[0].is_nil());
}

TEST(consensus_engine, SplitPrevotesWaitForThePrevoteTimeoutThenPrecommitNil) {
    EngineHarness h;
    h.start(1);
    h.timeout(0, Step::propose);
    auto a = h.deliver(h.vote(1, 0, VoteType::prevote, block_named("b")));
    a = h.deliver(h.vote(2, 0, VoteType::prevote, block_named("c")));  // 3 of 4 voted, no 2/3 for anything
    auto timeouts = actions_of<ScheduleTimeout>(a);
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0].step, Step::prevote);
    EXPECT_TRUE(h.own_votes(VoteType::precommit, 0).empty());
    h.timeout(0, Step::prevote);
    ASSERT_EQ(h.own_votes(VoteType::precommit, 0).size(), 1u);
    EXPECT_TRUE(h.own_votes(VoteType::precommit, 0)[0].is_nil());
}

TEST(consensus_engine, TimeoutsComeFromGenesisAndGrowByDeltaEachRound) {
    EngineConfig config = EngineHarness::default_config();
    config.timeouts = Timeouts::from_params(default_params());
    EXPECT_EQ(config.timeouts.propose_ms, default_params().at("consensus_timeout_propose_ms"));
    EngineHarness h({1, 1, 1, 1}, 0, config);
    h.start(1);
    h.timeout(0, Step::propose);
    h.votes_from({1, 2, 3}, 0, VoteType::prevote, BlockHash{});
    h.votes_from({1, 2, 3}, 0, VoteType::precommit, BlockHash{});
    auto a = h.timeout(0, Step::precommit);
    auto timeouts = actions_of<ScheduleTimeout>(a);
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_EQ(timeouts[0].round, 1u);
    EXPECT_EQ(timeouts[0].duration_ms, config.timeouts.propose_ms + config.timeouts.delta_ms);
    EXPECT_EQ(config.timeouts.duration_ms(Step::precommit, 4),
              config.timeouts.precommit_ms + 4 * config.timeouts.delta_ms);
}

TEST(consensus_engine, StaleTimeoutsAreIgnored) {
    EngineHarness h;
    h.start(1);
    h.deliver(h.proposal(0, block_named("b")));
    EXPECT_TRUE(
        h.timeout(0, Step::propose).empty());  // already prevoted: the propose timeout changes nothing
    EXPECT_TRUE(h.timeout(5, Step::precommit).empty());
    EXPECT_EQ(h.engine().round(), 0u);
}

TEST(consensus_engine, PersistComesBeforeEveryBroadcastOfASignedMessage) {
    EngineHarness h({1, 1, 1, 1}, kRound0Proposer);
    std::vector<std::vector<Action>> batches;
    batches.push_back(h.start(1));
    const BlockHash b = block_named("b");
    batches.push_back(h.step(BlockBuilt{1, 0, b}));
    batches.push_back(h.votes_from(h.others(), 0, VoteType::prevote, b));
    batches.push_back(h.votes_from({h.others()[0], h.others()[1]}, 0, VoteType::precommit, b));
    size_t broadcasts = 0;
    for (const auto& batch : batches) {
        std::optional<SafetyState> persisted;
        for (const auto& a : batch) {
            if (const auto* p = std::get_if<PersistSafetyState>(&a)) persisted = p->state;
            if (const auto* bp = std::get_if<BroadcastProposal>(&a)) {
                ++broadcasts;
                ASSERT_TRUE(persisted);
                ASSERT_TRUE(std::holds_alternative<Proposal>(persisted->last_signed));
                EXPECT_EQ(std::get<Proposal>(persisted->last_signed), bp->proposal);
            }
            if (const auto* bv = std::get_if<BroadcastVote>(&a)) {
                ++broadcasts;
                ASSERT_TRUE(persisted);
                ASSERT_TRUE(std::holds_alternative<Vote>(persisted->last_signed));
                EXPECT_EQ(std::get<Vote>(persisted->last_signed), bv->vote);
            }
        }
    }
    EXPECT_EQ(broadcasts, 3u);  // proposal, prevote, precommit
    EXPECT_EQ(actions_of<Decide>(h.log()).size(), 1u);
}

TEST(consensus_engine, DoubleVoteBecomesEvidence) {
    EngineHarness h;
    h.start(1);
    const BlockHash b = block_named("b"), c = block_named("c");
    h.deliver(h.vote(1, 0, VoteType::prevote, b));
    auto a = h.deliver(h.vote(1, 0, VoteType::prevote, c));
    auto evidence = actions_of<ReportEvidence>(a);
    ASSERT_EQ(evidence.size(), 1u);
    EXPECT_EQ(evidence[0].evidence.validator_index(), 1);
    const auto& dv = std::get<DoubleVote>(evidence[0].evidence.proof);
    EXPECT_EQ(dv.first.block_hash, b);
    EXPECT_EQ(dv.second.block_hash, c);
    EXPECT_TRUE(verify_evidence(evidence[0].evidence, test_chain_id(), h.set()).ok());
    // One report per validator and (round, type), however many more votes it signs there.
    EXPECT_TRUE(actions_of<ReportEvidence>(h.deliver(h.vote(1, 0, VoteType::prevote, BlockHash{}))).empty());
}

TEST(consensus_engine, DoubleVoterCountsOnceInAllVotesAndOnceTowardEachBlockItSigned) {
    EngineHarness h;
    h.start(1);
    h.timeout(0, Step::propose);  // our prevote: nil
    const BlockHash b = block_named("b"), c = block_named("c");
    h.deliver(h.vote(1, 0, VoteType::prevote, b));
    auto a = h.deliver(h.vote(1, 0, VoteType::prevote, c));
    // Two validators have prevoted (us and 1): 1 counted twice would make 3 of 4 and start the prevote
    // timeout.
    EXPECT_TRUE(actions_of<ScheduleTimeout>(a).empty());
    // Its vote for c counts toward c, as the paper counts every signed message: with 2 and 3 that is a polka
    // on c, which every validator that saw both halves of the equivocation agrees on.
    h.deliver(h.proposal(0, c));
    EngineHarness g;
    g.start(1);
    g.deliver(g.proposal(0, c));  // we prevote c
    g.deliver(g.vote(1, 0, VoteType::prevote, b));
    g.deliver(g.vote(1, 0, VoteType::prevote, c));
    g.deliver(g.vote(2, 0, VoteType::prevote, c));  // us, 1 (second vote) and 2: 3 of 4 for c
    EXPECT_EQ(g.engine().locked_block(), c);
}

TEST(consensus_engine, VotesPastTheConflictBoundAreNotKept) {
    EngineHarness h;
    h.start(1);
    const BlockHash c = block_named("c"), d = block_named("d");
    h.deliver(h.proposal(0, d));  // we prevote d
    h.deliver(h.vote(1, 0, VoteType::prevote, block_named("b")));
    h.deliver(h.vote(1, 0, VoteType::prevote, c));  // the one conflicting vote kept
    h.deliver(h.vote(1, 0, VoteType::prevote, d));  // past the bound: dropped
    h.deliver(h.vote(2, 0, VoteType::prevote, d));  // us and 2: half the power for d, no polka
    EXPECT_EQ(h.engine().locked_round(), kNoRound);
}

TEST(consensus_engine, DoubleProposalBecomesEvidence) {
    EngineHarness h;
    h.start(1);
    h.deliver(h.proposal(0, block_named("b")));
    auto a = h.deliver(h.proposal(0, block_named("c")));
    auto evidence = actions_of<ReportEvidence>(a);
    ASSERT_EQ(evidence.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<DoubleProposal>(evidence[0].evidence.proof));
    EXPECT_EQ(evidence[0].evidence.validator_index(), h.engine().proposer_of(0));
    EXPECT_EQ(h.own_votes(VoteType::prevote, 0)[0].block_hash, block_named("b"));  // the first one stands
}

TEST(consensus_engine, VoteWithABadSignatureIsRefused) {
    EngineHarness h;
    h.start(1);
    Vote v = h.vote(1, 0, VoteType::prevote, block_named("b"));
    v.signature[5] ^= 1;
    auto refused = actions_of<MessageRefused>(h.deliver(v));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::bad_signature);
    EXPECT_TRUE(refused[0].misbehaviour());
    // The same vote properly signed still counts: the forgery took no slot.
    EXPECT_TRUE(
        actions_of<MessageRefused>(h.deliver(h.vote(1, 0, VoteType::prevote, block_named("b")))).empty());
}

TEST(consensus_engine, VoteOfANonMemberIsRefused) {
    EngineHarness h;
    h.start(1);
    Vote outsider = h.vote(9, 0, VoteType::prevote, block_named("b"));  // index 9 of a set of 4
    auto refused = actions_of<MessageRefused>(h.deliver(outsider));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::not_a_member);
    // An outsider's key claiming a member's index fails the signature check.
    Vote claimed = outsider;
    claimed.validator_index = 2;
    refused = actions_of<MessageRefused>(h.deliver(claimed));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::bad_signature);
}

TEST(consensus_engine, ProposalFromTheWrongProposerIsRefused) {
    EngineHarness h;
    h.start(1);
    const int wrong = (h.engine().proposer_of(0) + 1) % 4;
    auto refused = actions_of<MessageRefused>(h.deliver(h.proposal(0, block_named("b"), kNoRound, wrong)));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::wrong_proposer);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 0).empty());
}

TEST(consensus_engine, ProposalWithABadSignatureIsRefused) {
    EngineHarness h;
    h.start(1);
    Proposal p = h.proposal(0, block_named("b"));
    p.block_hash = block_named("swapped after signing");
    auto refused = actions_of<MessageRefused>(h.deliver(p));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::bad_signature);
    EXPECT_TRUE(h.own_votes(VoteType::prevote, 0).empty());
}

TEST(consensus_engine, ProposalWithAPolRoundNotBelowItsRoundIsRefused) {
    EngineHarness h;
    h.start(1);
    auto refused = actions_of<MessageRefused>(h.deliver(h.proposal(1, block_named("b"), 1)));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::malformed);
}

TEST(consensus_engine, LateEarlyAndRepeatedMessagesAreRefusedWithoutBlame) {
    EngineHarness h;
    h.start(5);
    const BlockHash b = block_named("b");
    auto reason = [&](const Vote& v) {
        auto r = actions_of<MessageRefused>(h.deliver(v));
        return r.empty() ? std::optional<MessageRefused>() : r[0];
    };
    auto stale = reason(h.vote(1, 0, VoteType::prevote, b, 4));
    ASSERT_TRUE(stale);
    EXPECT_EQ(stale->reason, Refusal::stale_height);
    EXPECT_FALSE(stale->misbehaviour());
    auto early = reason(h.vote(1, 0, VoteType::prevote, b, 6));
    ASSERT_TRUE(early);
    EXPECT_EQ(early->reason, Refusal::future_height);
    EXPECT_FALSE(reason(h.vote(1, 0, VoteType::prevote, b)));
    auto again = reason(h.vote(1, 0, VoteType::prevote, b));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->reason, Refusal::duplicate);
    EXPECT_FALSE(again->misbehaviour());
}

TEST(consensus_engine, RoundSkipOnMoreThanAThirdVotingInALaterRound) {
    EngineHarness h;
    h.start(1);
    h.deliver(h.vote(1, 7, VoteType::prevote, BlockHash{}));
    EXPECT_EQ(h.engine().round(), 0u);  // a quarter of the power: could be one faulty validator
    h.deliver(h.vote(2, 7, VoteType::precommit, BlockHash{}));
    EXPECT_EQ(h.engine().round(), 7u);
    EXPECT_EQ(h.engine().current_step(), Step::propose);
}

TEST(consensus_engine, CatchUpRoundsOfOneValidatorAreBounded) {
    EngineHarness h;
    h.start(1);
    for (Round r = 10; r < 10 + Engine::kMaxCatchUpRounds; ++r) {
        EXPECT_TRUE(
            actions_of<MessageRefused>(h.deliver(h.vote(1, r, VoteType::prevote, BlockHash{}))).empty());
    }
    // Its other vote type in a round it already holds is kept; a new far round is not.
    EXPECT_TRUE(
        actions_of<MessageRefused>(h.deliver(h.vote(1, 10, VoteType::precommit, BlockHash{}))).empty());
    auto refused = actions_of<MessageRefused>(h.deliver(h.vote(1, 500, VoteType::prevote, BlockHash{})));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::round_too_far);
    EXPECT_FALSE(refused[0].misbehaviour());
    // The next round is always open to it.
    EXPECT_TRUE(actions_of<MessageRefused>(h.deliver(h.vote(1, 1, VoteType::prevote, BlockHash{}))).empty());
}

TEST(consensus_engine, ProposalsFarAheadAreNotKept) {
    EngineHarness h;
    h.start(1);
    const Round far = Engine::kProposalWindow + 1;
    auto refused = actions_of<MessageRefused>(h.deliver(h.proposal(far, block_named("b"))));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, Refusal::round_too_far);
}

TEST(consensus_engine, ProposerWaitsForTxsWhenEmptyBlocksAreOff) {
    EngineConfig config = EngineHarness::default_config();
    config.create_empty_blocks = false;
    EngineHarness h({1, 1, 1, 1}, kRound0Proposer, config);
    auto a = h.start(1);
    EXPECT_TRUE(actions_of<BuildBlock>(a).empty());
    EXPECT_TRUE(actions_of<ScheduleTimeout>(a).empty());
    a = h.step(TxsAvailable{});
    EXPECT_EQ(actions_of<BuildBlock>(a).size(), 1u);
    EXPECT_EQ(actions_of<ScheduleTimeout>(a).size(), 1u);
}

TEST(consensus_engine, WaitingForTxsStillPrevotesAReceivedProposal) {
    EngineConfig config = EngineHarness::default_config();
    config.create_empty_blocks = false;
    EngineHarness h({1, 1, 1, 1}, 0, config);
    h.start(1);
    h.deliver(h.proposal(0, block_named("b")));
    ASSERT_EQ(h.own_votes(VoteType::prevote, 0).size(), 1u);
}

TEST(consensus_engine, ObserverFollowsAndDecidesButNeverSigns) {
    auto set = make_validator_set({1, 1, 1, 1});
    PlainVerifier verifier;
    Engine observer(EngineHarness::default_config(), nullptr, &verifier);
    EngineHarness peers;  // only to sign the others' messages
    peers.start(1);
    auto all = observer.step(StartHeight{1, set});
    const BlockHash b = block_named("b");
    auto push = [&](const Event& e) {
        auto a = observer.step(e);
        all.insert(all.end(), a.begin(), a.end());
    };
    push(ProposalReceived{peers.proposal(0, b), BlockVerdict::valid});
    for (uint16_t v : {1, 2, 3}) push(VoteReceived{peers.vote(v, 0, VoteType::prevote, b)});
    for (uint16_t v : {1, 2, 3}) push(VoteReceived{peers.vote(v, 0, VoteType::precommit, b)});
    EXPECT_TRUE(actions_of<BroadcastVote>(all).empty());
    EXPECT_TRUE(actions_of<PersistSafetyState>(all).empty());
    ASSERT_EQ(actions_of<Decide>(all).size(), 1u);
    EXPECT_EQ(actions_of<Decide>(all)[0].block_hash, b);
}

}  // namespace
}  // namespace folio::consensus::test
