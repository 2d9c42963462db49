// block_check.*: the one check a proposed or synced block passes before a validator prevotes it or a node
// applies it (chain/block_check.h), one rule per test, each on a block a proposer built and then spoiled in
// exactly one way.
#include "tests/chain/check_fixture.h"

namespace folio::test {
namespace {

class block_check : public ::testing::Test {
  protected:
    // Two transfers between distinct holders: a block within every limit.
    BuiltBlock valid_block() { return chain.build({chain.transfer(0, 1, 5), chain.transfer(2, 3, 7)}); }

    static void expect_refused(const BlockCheck& c, BlockFault fault, std::string_view in_message) {
        EXPECT_FALSE(c.ok());
        EXPECT_EQ(block_fault_name(c.fault), block_fault_name(fault)) << c.error.message;
        EXPECT_NE(c.error.message.find(in_message), std::string::npos) << c.error.message;
    }

    CheckChain chain;
};

TEST_F(block_check, BlockAsTheProposerBuiltItPasses) {
    BuiltBlock b = valid_block();
    BlockCheck c = chain.check(b.block, b.block.header.time_ms);
    ASSERT_TRUE(c.ok()) << c.error.message;
    EXPECT_EQ(c.state_root, b.block.header.state_root);
    EXPECT_EQ(c.result.receipts.size(), 2u);
    ASSERT_TRUE(chain.commit(b.block, c.result).ok());
    EXPECT_EQ(chain.ledger().head().hash(), b.block.header.hash());
}

TEST_F(block_check, ValidatorsHashOfAnotherSetIsRefused) {
    BuiltBlock b = valid_block();
    ValidatorSet other = chain.validators();
    other.validators[0].power = 2;
    BlockCheck c =
        check_block_on_head(chain.ledger(), b.block, other, chain.registry(), chain.counting_, std::nullopt);
    expect_refused(c, BlockFault::wrong_validators_hash, "validators_hash");
}

TEST_F(block_check, BlockNotLinkedToTheHeadIsRefused) {
    BuiltBlock b = valid_block();
    b.block.header.prev_hash[0] ^= 1;
    expect_refused(chain.check(b.block), BlockFault::bad_link, "prev_hash");
}

TEST_F(block_check, BlockOfAnotherHeightIsRefused) {
    BuiltBlock b = valid_block();
    b.block.header.height += 1;
    expect_refused(chain.check(b.block), BlockFault::bad_link, "height");
}

TEST_F(block_check, WrongTxsRootIsRefused) {
    BuiltBlock b = valid_block();
    b.block.header.txs_root[5] ^= 1;
    expect_refused(chain.check(b.block), BlockFault::wrong_txs_root, "txs_root");
}

TEST_F(block_check, BadSignatureIsRefused) {
    BuiltBlock b = valid_block();
    SignedTx spoiled = b.block.txs[1]->signed_tx;
    spoiled.signatures[0].signature[10] ^= 1;
    b.block.txs[1] = make_envelope(std::move(spoiled));
    b.block.header.txs_root = txs_root(b.block.txs);  // only the signature is wrong
    BlockCheck c = chain.check(b.block);
    expect_refused(c, BlockFault::bad_signature, "tx 1");
    EXPECT_EQ(reason_name(c.error.reason), reason_name(Reason::BAD_SIGNATURE));
}

TEST_F(block_check, TxThatCannotBeIncludedFailsExecution) {
    BuiltBlock b = valid_block();
    b.block.txs.push_back(chain.transfer(4, 5, 1, /*nonce=*/7));
    b.block.header.txs_root = txs_root(b.block.txs);
    BlockCheck c = chain.check(b.block);
    expect_refused(c, BlockFault::execution_failed, "block tx 2");
    EXPECT_EQ(reason_name(c.error.reason), reason_name(Reason::BAD_NONCE));
}

TEST_F(block_check, WrongResultsRootIsRefused) {
    BuiltBlock b = valid_block();
    b.block.header.results_root[0] ^= 1;
    expect_refused(chain.check(b.block), BlockFault::wrong_results_root, "results_root");
}

TEST_F(block_check, WrongStateRootIsRefusedAndLeavesNoCandidate) {
    BuiltBlock b = valid_block();
    b.block.header.state_root[31] ^= 1;
    expect_refused(chain.check(b.block), BlockFault::wrong_state_root, "state_root");
    EXPECT_FALSE(chain.ledger().has_candidate(b.block.header.hash()));
}

TEST_F(block_check, MoreTxsThanBlockMaxTxsIsRefused) {
    std::vector<TxPtr> txs;
    for (size_t i = 0; i <= CheckChain::kMaxTxs; ++i) txs.push_back(chain.transfer(i, i + 1, 1));
    BuiltBlock b = chain.build(txs);
    expect_refused(chain.check(b.block), BlockFault::too_many_txs, "block_max_txs is 3");
}

TEST_F(block_check, MoreBytesThanBlockMaxBytesIsRefused) {
    const std::string memo(256, 'm');
    std::vector<TxPtr> txs;
    size_t bytes = 0;
    for (size_t i = 0; i < CheckChain::kMaxTxs; ++i) {
        txs.push_back(chain.transfer(i, i + 1, 1, std::nullopt, memo));
        bytes += txs.back()->bytes.size();
    }
    ASSERT_GT(bytes, CheckChain::kMaxBytes) << "the test's txs must overflow the limit";
    BuiltBlock b = chain.build(txs);
    expect_refused(chain.check(b.block), BlockFault::too_many_bytes, "block_max_bytes is 1024");
}

TEST_F(block_check, NewProposalTooFarAheadOfTheClockIsRefused) {
    BuiltBlock b = valid_block();
    const uint64_t drift = default_params().at("consensus_max_clock_drift_ms");
    expect_refused(chain.check(b.block, b.block.header.time_ms - drift - 1), BlockFault::time_too_far_ahead,
                   "consensus_max_clock_drift_ms");
}

TEST_F(block_check, NewProposalAtTheDriftBoundPasses) {
    BuiltBlock b = valid_block();
    const uint64_t drift = default_params().at("consensus_max_clock_drift_ms");
    BlockCheck c = chain.check(b.block, b.block.header.time_ms - drift);
    EXPECT_TRUE(c.ok()) << c.error.message;
}

TEST_F(block_check, DecidedBlockIsNotBoundByTheClock) {
    // Block sync and the audit replay check blocks long after they were proposed: no clock applies.
    BuiltBlock b = valid_block();
    BlockCheck c = chain.check(b.block, std::nullopt);
    EXPECT_TRUE(c.ok()) << c.error.message;
}

TEST_F(block_check, SignaturesVerifiedOnceAreNotVerifiedForTheNextRound) {
    SignatureCache cache;
    CountingVerifier pool;
    CachedVerifier signatures(cache, pool);
    BuiltBlock b = valid_block();
    ASSERT_TRUE(chain.check(b.block, signatures).ok());
    EXPECT_EQ(pool.verified, 2u);
    // The same block proposed again in a later round: its candidate and its verdicts are reused.
    BlockCheck again = chain.check(b.block, signatures);
    ASSERT_TRUE(again.ok()) << again.error.message;
    EXPECT_EQ(pool.verified, 2u);
}

TEST_F(block_check, PureCheckAgreesWithTheLedgerWrapper) {
    // check_block needs only what it is given: here the root function is the ledger's, but no ledger call
    // happens inside the check except through it.
    BuiltBlock b = valid_block();
    size_t roots_asked = 0;
    const BlockHeader parent = chain.ledger().head();
    BlockCheckInputs in{parent,
                        chain.ledger().state(),
                        chain.validators(),
                        chain.registry(),
                        chain.counting_,
                        [&](const BlockHash& hash, const StateWrites& writes) {
                            ++roots_asked;
                            return chain.ledger().prepare_candidate(hash, parent.height + 1, writes);
                        },
                        std::nullopt};
    BlockCheck c = check_block(b.block, in);
    ASSERT_TRUE(c.ok()) << c.error.message;
    EXPECT_EQ(roots_asked, 1u);
    EXPECT_EQ(c.state_root, b.block.header.state_root);
}

}  // namespace
}  // namespace folio::test
