// mempool_update.*: after a committed block the mempool re-checks only what the block can have changed (the
// keys it wrote, and the txs built on them), keeps the rest as admitted, and evicts with a reason the txs the
// block made invalid (node/mempool.h, node/pending_state.h). The blocks here come from "another validator":
// built on the ledger from txs of the test's choosing, in an order other than the mempool's, then committed.
#include "chain/block_check.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

// Counts the txs whose signatures it really verifies.
class CountingVerifier final : public TxSignatureVerifier {
  public:
    std::vector<bool> verify(const std::vector<TxPtr>& txs) override {
        verified += txs.size();
        std::vector<bool> ok;
        for (const TxPtr& tx : txs) ok.push_back(verify_signatures(*tx));
        return ok;
    }
    size_t verified = 0;
};

class mempool_update : public ::testing::Test {
  protected:
    mempool_update()
        : signatures(cache, pool),
          pool_under_test(node.ledger(), node.registry(), signatures, MempoolLimits{},
                          [this] { return node.clock_ms(); }) {}

    // Commits a block of exactly these txs, as another validator's proposal, and tells the mempool under
    // test.
    std::vector<DroppedTx> commit_block(const std::vector<TxPtr>& txs) {
        const std::vector<bool> ok(txs.size(), true);
        block_time_ms = std::max(block_time_ms + 1, node.clock_ms());
        BuiltBlock built =
            build_block(node.ledger(), node.registry(), txs, ok, block_time_ms, node.validator.pubkey());
        EXPECT_TRUE(built.excluded.empty()) << built.excluded.at(0).error.message;
        auto cert = commit_single_validator(node.ledger(), built, node.validator);
        EXPECT_TRUE(cert.ok()) << (cert.ok() ? "" : cert.error().message);
        return mempool().update(built.block, built.result);
    }

    Admission submit(const TxPtr& tx) {
        Admission a = mempool().submit({tx}).at(0);
        EXPECT_TRUE(a.ok()) << a.error.message;
        return a;
    }

    TxPtr issuer_creates(const std::string& symbol) {
        AssetCreateOp op;
        op.symbol = symbol;
        op.asset_class = AssetClass::equity;
        op.max_supply = 1000;
        return node.make_tx(node.issuer, {encode_op(op)}, issuer_nonce++);
    }
    TxPtr registrar_attests_bob() {
        KycAttestOp k;
        k.account = node.bob.id;
        k.level = 1;
        k.category = "retail";
        k.expires_ms = NodeRpc::kKycExpiresMs;
        k.doc_hash.fill(0x42);
        return node.make_tx(node.registrar, {encode_op(k)}, registrar_nonce++);
    }
    TxPtr pays(const Party& from, const Party& to, Amount cents, uint64_t nonce) {
        return node.make_tx(from, {encode_op(TransferOp{"EURX", to.id, cents})}, nonce);
    }
    std::vector<TxPtr> ready() { return mempool().reap(64u << 20, 100000); }
    Mempool& mempool() { return pool_under_test; }

    NodeRpc node;
    SignatureCache cache;
    CountingVerifier pool;
    CachedVerifier signatures;
    Mempool pool_under_test;
    uint64_t block_time_ms = 0;
    uint64_t issuer_nonce = 0;
    uint64_t registrar_nonce = 0;
};

TEST_F(mempool_update, TxsTheBlockDidNotTouchAreNotRecheckedWhenItTakesAnotherOrder) {
    const TxPtr create = issuer_creates("XYZ");
    const TxPtr attest = registrar_attests_bob();
    const TxPtr payment = pays(node.alice, node.bob, 100, 0);
    for (const TxPtr& tx : {create, attest, payment}) submit(tx);
    // Another proposer took the last tx of the queue alone.
    EXPECT_TRUE(commit_block({payment}).empty());
    EXPECT_EQ(mempool().rechecked_total(), 0u);
    const std::vector<TxPtr> left = ready();
    ASSERT_EQ(left.size(), 2u);
    EXPECT_EQ(left[0]->tx_hash, create->tx_hash);
    EXPECT_EQ(left[1]->tx_hash, attest->tx_hash);
}

TEST_F(mempool_update, BlockOfTheQueuesFrontAsPredictedRechecksNothing) {
    for (const TxPtr& tx : {issuer_creates("XYZ"), registrar_attests_bob(),
                            pays(node.alice, node.bob, 100, 0), pays(node.alice, node.bob, 100, 1)}) {
        submit(tx);
    }
    std::vector<TxPtr> front = ready();
    front.resize(3);
    EXPECT_TRUE(commit_block(front).empty());
    EXPECT_EQ(mempool().rechecked_total(), 0u);
    EXPECT_EQ(mempool().size(), 1u);
    EXPECT_TRUE(commit_block(ready()).empty());
    EXPECT_EQ(mempool().rechecked_total(), 0u);
    EXPECT_EQ(mempool().size(), 0u);
}

TEST_F(mempool_update, TxsBuiltOnAKeyTheBlockChangedAreRecheckedAndKept) {
    const TxPtr create = issuer_creates("XYZ");
    submit(create);
    submit(pays(node.alice, node.bob, 100, 0));
    submit(pays(node.alice, node.bob, 100, 1));  // built on the first: alice's nonce and balance
    // bob pays alice through another node: both balances change under the pending payments.
    EXPECT_TRUE(commit_block({pays(node.bob, node.alice, 500, 0)}).empty());
    EXPECT_EQ(mempool().rechecked_total(), 2u);  // the two payments, not the asset creation
    EXPECT_EQ(mempool().size(), 3u);
    EXPECT_TRUE(commit_block(ready()).empty());  // they still execute as admitted
}

TEST_F(mempool_update, TxWhoseNonceTheBlockUsedIsEvictedWithBadNonce) {
    const TxPtr mine = pays(node.alice, node.bob, 100, 0);
    submit(mine);
    const TxPtr other = pays(node.alice, node.bob, 200, 0);  // the same nonce, submitted elsewhere
    const std::vector<DroppedTx> dropped = commit_block({other});
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].tx_hash, mine->tx_hash);
    EXPECT_EQ(reason_name(dropped[0].error.reason), reason_name(Reason::BAD_NONCE))
        << dropped[0].error.message;
    EXPECT_EQ(mempool().size(), 0u);
    EXPECT_EQ(mempool().get(mine->tx_hash), nullptr);
}

TEST_F(mempool_update, TxThatNoLongerHasTheFundsIsEvictedWithInsufficientBalance) {
    const TxPtr payment = pays(node.alice, node.bob, 8000, 0);  // 80.00 of alice's 100.00
    submit(payment);
    ForcedTransferOp seize{"EURX", node.alice.id, node.bob.id, 5000, {}};
    seize.legal_ref.fill(0x07);
    const std::vector<DroppedTx> dropped =
        commit_block({node.make_tx(node.registrar, {encode_op(seize)}, 0)});
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].tx_hash, payment->tx_hash);
    EXPECT_EQ(reason_name(dropped[0].error.reason), reason_name(Reason::INSUFFICIENT_BALANCE))
        << dropped[0].error.message;
    EXPECT_EQ(mempool().size(), 0u);
}

TEST_F(mempool_update, NextNonceSurvivesWhenAnotherTxTookItsPredecessorsPlace) {
    const TxPtr first = pays(node.alice, node.bob, 100, 0);
    const TxPtr second = pays(node.alice, node.bob, 100, 1);
    submit(first);
    submit(second);
    const std::vector<DroppedTx> dropped = commit_block({pays(node.alice, node.bob, 300, 0)});
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].tx_hash, first->tx_hash);
    const std::vector<TxPtr> left = ready();
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0]->tx_hash, second->tx_hash);
    EXPECT_TRUE(commit_block(left).empty());
}

TEST_F(mempool_update, TxPastItsValidUntilHeightIsDroppedAsExpired) {
    SignedTx stx;
    stx.tx.chain_id = node.ledger().chain_id();
    stx.tx.signer = node.alice.id;
    stx.tx.valid_until_height = node.ledger().height() + 2;
    stx.tx.ops.push_back(encode_op(TransferOp{"EURX", node.bob.id, 100}));
    sign_tx(stx, *node.alice.key);
    const TxPtr short_lived = make_envelope(std::move(stx));
    submit(short_lived);
    submit(issuer_creates("XYZ"));
    EXPECT_TRUE(commit_block({}).empty());  // block 1 leaves it includable in block 2
    const std::vector<DroppedTx> dropped = commit_block({});
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].tx_hash, short_lived->tx_hash);
    EXPECT_EQ(reason_name(dropped[0].error.reason), reason_name(Reason::EXPIRED));
    EXPECT_EQ(mempool().size(), 1u);
    EXPECT_EQ(mempool().rechecked_total(), 0u);
}

TEST_F(mempool_update, TxTheProposerCouldNotIncludeIsRecheckedAndDroppedWithItsReason) {
    const TxPtr payment = pays(node.alice, node.bob, 100, 0);
    submit(payment);
    // Freezing the asset writes no key the payment wrote: reads are not tracked, so the payment stays.
    FreezeOp freeze;
    freeze.target = FreezeTarget::asset;
    freeze.asset = "EURX";
    EXPECT_TRUE(commit_block({node.make_tx(node.issuer, {encode_op(freeze, true)}, issuer_nonce++)}).empty());
    EXPECT_EQ(mempool().size(), 1u);
    // The next proposer reaps it and cannot include it: told so, the mempool checks it again and drops it.
    const std::vector<bool> ok(1, true);
    BuiltBlock built =
        build_block(node.ledger(), node.registry(), {}, ok, node.clock_ms(), node.validator.pubkey());
    ASSERT_TRUE(commit_single_validator(node.ledger(), built, node.validator).ok());
    const std::vector<DroppedTx> dropped = mempool().update(built.block, built.result, {payment});
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].tx_hash, payment->tx_hash);
    EXPECT_EQ(reason_name(dropped[0].error.reason), reason_name(Reason::ASSET_FROZEN))
        << dropped[0].error.message;
    EXPECT_EQ(mempool().rechecked_total(), 1u);
    EXPECT_EQ(mempool().size(), 0u);
}

TEST_F(mempool_update, SubmittedTxsAreNotVerifiedAgainWhenTheirBlockIsChecked) {
    for (const TxPtr& tx :
         {issuer_creates("XYZ"), registrar_attests_bob(), pays(node.alice, node.bob, 100, 0)}) {
        submit(tx);
    }
    ASSERT_EQ(pool.verified, 3u);
    const std::vector<TxPtr> txs = ready();
    const std::vector<bool> ok(txs.size(), true);
    BuiltBlock built =
        build_block(node.ledger(), node.registry(), txs, ok, node.clock_ms(), node.validator.pubkey());
    BlockCheck check = check_block_on_head(node.ledger(), built.block, node.ledger().genesis().validators,
                                           node.registry(), signatures, node.clock_ms());
    ASSERT_TRUE(check.ok()) << check.error.message;
    EXPECT_EQ(pool.verified, 3u);
    EXPECT_EQ(cache.size(), 3u);
    auto cert = commit_single_validator(node.ledger(), built, node.validator);
    ASSERT_TRUE(cert.ok());
    EXPECT_TRUE(mempool().update(built.block, check.result).empty());
    EXPECT_EQ(cache.size(), 0u);  // committed: forgotten
}

}  // namespace
}  // namespace folio::node::test
