// ledger_candidates.*: several candidate blocks of one height prepared side by side (consensus rounds, a
// proposal and a synced block), any of them committed without a rebuild of the state tree, the proof versions
// of earlier heights kept (chain/ledger.h, chain/state_tree.h drafts).
#include "tests/chain/check_fixture.h"

namespace folio::test {
namespace {

class ledger_candidates : public ::testing::Test {
  protected:
    // A block checked (and so prepared as a candidate) on the head.
    BuiltBlock candidate(const std::vector<TxPtr>& txs) {
        BuiltBlock b = chain.build(txs);
        BlockCheck c = chain.check(b.block);
        EXPECT_TRUE(c.ok()) << c.error.message;
        b.result = std::move(c.result);
        return b;
    }

    void commit_plain_block(size_t from, size_t to) {
        BuiltBlock b = chain.build({chain.transfer(from, to, 1)});
        ASSERT_TRUE(chain.commit(b.block, b.result).ok());
    }

    // The proof of holder i's account record at height h verifies against that block's stored state_root.
    ::testing::AssertionResult ProvableAt(Height h, size_t holder) {
        const Bytes key = state_key::account(chain.holder(holder));
        auto proof = chain.ledger().prove(h, key);
        if (!proof) return ::testing::AssertionFailure() << "height " << h << " is not provable";
        if (!proof->leaf) return ::testing::AssertionFailure() << "no leaf for the account at height " << h;
        auto header = chain.ledger().store().header(h);
        if (!header) return ::testing::AssertionFailure() << header.error().message;
        if (!verify_state_proof(header->state_root, Ledger::key_hash(key), proof->leaf->value_hash, *proof)) {
            return ::testing::AssertionFailure() << "the proof at height " << h << " does not verify";
        }
        return ::testing::AssertionSuccess();
    }

    CheckChain chain;
};

TEST_F(ledger_candidates, TwoCandidatesOfOneHeightArePreparedSideBySide) {
    BuiltBlock a = candidate({chain.transfer(0, 1, 5)});
    BuiltBlock b = candidate({chain.transfer(2, 3, 9)});
    EXPECT_TRUE(chain.ledger().has_candidate(a.block.header.hash()));
    EXPECT_TRUE(chain.ledger().has_candidate(b.block.header.hash()));
    EXPECT_NE(a.block.header.state_root, b.block.header.state_root);
    // The committed tree is untouched: the head is still provable against its own root.
    EXPECT_EQ(chain.ledger().height(), 0u);
    EXPECT_TRUE(ProvableAt(0, 0));
}

TEST_F(ledger_candidates, CommittingTheSecondKeepsTheProofsOfEarlierHeights) {
    for (size_t h = 0; h < 3; ++h) ASSERT_NO_FATAL_FAILURE(commit_plain_block(h, h + 1));
    BuiltBlock a = candidate({chain.transfer(0, 1, 5)});
    BuiltBlock b = candidate({chain.transfer(2, 3, 9)});
    ASSERT_TRUE(chain.commit(b.block, b.result).ok());
    EXPECT_EQ(chain.ledger().head().hash(), b.block.header.hash());
    EXPECT_EQ(chain.ledger().oldest_provable_height(), 0u);
    for (Height h = 0; h <= 4; ++h) EXPECT_TRUE(ProvableAt(h, 2)) << "height " << h;
    EXPECT_FALSE(chain.ledger().has_candidate(a.block.header.hash()));
    EXPECT_EQ(chain.ledger().candidate_count(), 0u);
}

TEST_F(ledger_candidates, RootOfTheCommittedCandidateMatchesAFreshOpen) {
    BuiltBlock a = candidate({chain.transfer(0, 1, 5)});
    BuiltBlock b = candidate({chain.transfer(2, 3, 9)});
    ASSERT_TRUE(chain.commit(b.block, b.result).ok());
    Balance held;
    ASSERT_TRUE(read_balance(chain.ledger().state(), asset_id(chain.ledger().state(), "ACME"),
                             chain.holder(3), held));
    EXPECT_EQ(held.amount, 1009u);
    // Opening rebuilds the tree from the stored leaves and refuses a root other than the head's.
    ASSERT_NO_FATAL_FAILURE(chain.reopen());
    EXPECT_EQ(chain.ledger().head().state_root, b.block.header.state_root);
    EXPECT_NE(chain.ledger().head().state_root, a.block.header.state_root);
}

TEST_F(ledger_candidates, FirstCandidateCanBeCommittedAfterASecondWasPrepared) {
    BuiltBlock a = candidate({chain.transfer(0, 1, 5)});
    BuiltBlock b = candidate({chain.transfer(2, 3, 9)});
    ASSERT_TRUE(chain.commit(a.block, a.result).ok());
    EXPECT_EQ(chain.ledger().head().hash(), a.block.header.hash());
    EXPECT_FALSE(chain.ledger().has_candidate(b.block.header.hash()));
    ASSERT_NO_FATAL_FAILURE(chain.reopen());
    EXPECT_EQ(chain.ledger().head().state_root, a.block.header.state_root);
}

TEST_F(ledger_candidates, NextHeightBuildsOnTheCommittedCandidate) {
    BuiltBlock a = candidate({chain.transfer(0, 1, 5)});
    BuiltBlock b = candidate({chain.transfer(2, 3, 9)});
    ASSERT_TRUE(chain.commit(b.block, b.result).ok());
    BuiltBlock next = candidate({chain.transfer(4, 5, 1)});
    ASSERT_TRUE(chain.commit(next.block, next.result).ok());
    ASSERT_NO_FATAL_FAILURE(chain.reopen());
    EXPECT_EQ(chain.ledger().height(), 2u);
    EXPECT_TRUE(ProvableAt(2, 4));
}

TEST_F(ledger_candidates, DiscardedCandidateIsGone) {
    BuiltBlock a = candidate({chain.transfer(0, 1, 5)});
    chain.build({chain.transfer(2, 3, 9)});  // the proposer moved on: its own root is no longer a's
    chain.ledger().discard_candidate(a.block.header.hash());
    EXPECT_FALSE(chain.ledger().has_candidate(a.block.header.hash()));
    const Status s = chain.commit(a.block, a.result);
    EXPECT_EQ(reason_name(s.reason()), reason_name(Reason::INTERNAL));
    EXPECT_EQ(chain.ledger().height(), 0u);
}

TEST_F(ledger_candidates, BlockWithARootNeverPreparedIsNotCommitted) {
    BuiltBlock a = chain.build({chain.transfer(0, 1, 5)});
    a.block.header.state_root[0] ^= 1;
    const Status s = chain.commit(a.block, a.result);
    EXPECT_EQ(reason_name(s.reason()), reason_name(Reason::INTERNAL));
    EXPECT_EQ(chain.ledger().height(), 0u);
}

TEST_F(ledger_candidates, CandidateOfAnotherHeightIsRefused) {
    auto root = chain.ledger().prepare_candidate(BlockHash{}, 2, {});
    EXPECT_EQ(reason_name(root.reason()), reason_name(Reason::INVALID_ARGUMENT));
    EXPECT_EQ(chain.ledger().candidate_count(), 0u);
}

TEST_F(ledger_candidates, ProposerBuiltBlockAndCheckedCandidatesCoexist) {
    // The --dev producer's path (build_block, then commit) next to a checked candidate of the same height.
    BuiltBlock checked = candidate({chain.transfer(0, 1, 5)});
    BuiltBlock built = chain.build({chain.transfer(2, 3, 9)});
    ASSERT_TRUE(chain.commit(built.block, built.result).ok());
    EXPECT_EQ(chain.ledger().head().hash(), built.block.header.hash());
    EXPECT_FALSE(chain.ledger().has_candidate(checked.block.header.hash()));
}

TEST_F(ledger_candidates, DiscardedTreeDraftsGiveTheirNodesBack) {
    StateTree tree(8);
    std::vector<StateLeaf> leaves;
    for (uint8_t i = 0; i < 64; ++i) {
        StateLeaf l;
        l.key_hash.fill(i);
        l.value_hash.fill(static_cast<uint8_t>(i + 1));
        leaves.push_back(l);
    }
    const Hash256 root = tree.rebuild(0, leaves);
    const StateTreeStats before = tree.stats();
    Hash256 k{};
    k.fill(200);
    Hash256 v{};
    v.fill(7);
    const auto d1 = tree.draft({StateUpdate{k, v}});
    const auto d2 = tree.draft({StateUpdate{leaves[3].key_hash, std::nullopt}});
    EXPECT_NE(d1.root, d2.root);
    EXPECT_EQ(tree.root(), root);  // drafts are not versions
    EXPECT_FALSE(tree.root_at(1).has_value());
    EXPECT_GT(tree.stats().inner_nodes + tree.stats().leaf_nodes, before.inner_nodes + before.leaf_nodes);
    tree.discard_draft(d1.id);
    tree.discard_draft(d2.id);
    EXPECT_EQ(tree.draft_count(), 0u);
    EXPECT_EQ(tree.stats().inner_nodes, before.inner_nodes);
    EXPECT_EQ(tree.stats().leaf_nodes, before.leaf_nodes);
}

TEST_F(ledger_candidates, PublishedTreeDraftHasTheRootApplyWouldGive) {
    StateTree drafted(8), applied(8);
    Hash256 k{}, v{};
    std::vector<StateUpdate> first, second;
    for (uint8_t i = 0; i < 16; ++i) {
        k.fill(i);
        v.fill(static_cast<uint8_t>(i * 3 + 1));
        (i % 2 ? first : second).push_back(StateUpdate{k, v});
    }
    const auto a = drafted.draft(first);
    const auto b = drafted.draft(second);
    EXPECT_EQ(drafted.publish_draft(1, b.id), applied.apply(1, second));
    EXPECT_EQ(drafted.draft_count(), 0u);  // a went with the publication
    EXPECT_NE(a.root, b.root);
    EXPECT_EQ(drafted.root_at(0), applied.root_at(0));
    EXPECT_EQ(drafted.root_at(1), applied.root_at(1));
}

}  // namespace
}  // namespace folio::test
