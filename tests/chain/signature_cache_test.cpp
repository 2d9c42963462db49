// signature_cache.*: the "verified once" rule (chain/signature_cache.h). A counting verifier stands behind
// the cache, so each test sees how many txs were really verified.
#include <thread>

#include "tests/chain/check_fixture.h"

namespace folio::test {
namespace {

class signature_cache : public ::testing::Test {
  protected:
    TxPtr signed_tx(uint64_t nonce) {
        Tx tx;
        tx.chain_id.fill(0x11);
        tx.signer = account_id_of(key.pubkey());
        tx.nonce = nonce;
        tx.ops.push_back(encode_op(TransferOp{"ACME", tx.signer, 1}));
        return sign_reproducibly(std::move(tx), key);
    }

    static TxPtr with_bad_signature(const TxPtr& tx) {
        SignedTx s = tx->signed_tx;
        s.signatures[0].signature[0] ^= 1;
        return make_envelope(std::move(s));
    }

    static Hash256 hash_of(uint64_t i) {
        Hash256 h{};
        for (size_t b = 0; b < 8; ++b) h[b] = static_cast<uint8_t>(i >> (8 * b));
        h = crypto::sha256(h);
        return h;
    }

    crypto::SecretKey key = derived_key("folio-signature-cache-test", 0);
    CountingVerifier pool;
};

TEST_F(signature_cache, VerifiedTxIsNotVerifiedAgain) {
    SignatureCache cache;
    CachedVerifier signatures(cache, pool);
    const std::vector<TxPtr> txs = {signed_tx(0), signed_tx(1)};
    EXPECT_EQ(signatures.verify(txs), std::vector<bool>({true, true}));
    EXPECT_EQ(signatures.verify(txs), std::vector<bool>({true, true}));
    EXPECT_EQ(pool.verified, 2u);
    EXPECT_EQ(cache.stats().hits, 2u);
}

TEST_F(signature_cache, FailingTxIsVerifiedEachTimeAndNeverRemembered) {
    SignatureCache cache;
    CachedVerifier signatures(cache, pool);
    const std::vector<TxPtr> bad = {with_bad_signature(signed_tx(0))};
    EXPECT_EQ(signatures.verify(bad), std::vector<bool>({false}));
    EXPECT_EQ(signatures.verify(bad), std::vector<bool>({false}));
    EXPECT_EQ(pool.verified, 2u);
    EXPECT_EQ(cache.size(), 0u);
}

TEST_F(signature_cache, SameTxWithOtherSignaturesIsVerifiedOnItsOwn) {
    // The key is the signed tx's hash: a verdict on one set of signatures says nothing about another.
    SignatureCache cache;
    CachedVerifier signatures(cache, pool);
    const TxPtr good = signed_tx(0);
    const TxPtr bad = with_bad_signature(good);
    ASSERT_EQ(good->tx_hash, bad->tx_hash);
    EXPECT_EQ(signatures.verify({good}), std::vector<bool>({true}));
    EXPECT_EQ(signatures.verify({bad}), std::vector<bool>({false}));
    EXPECT_EQ(pool.verified, 2u);
}

TEST_F(signature_cache, OnlyTheMissesOfABatchReachTheVerifier) {
    SignatureCache cache;
    CachedVerifier signatures(cache, pool);
    const TxPtr a = signed_tx(0), b = signed_tx(1), c = signed_tx(2);
    ASSERT_EQ(signatures.verify({b}), std::vector<bool>({true}));
    EXPECT_EQ(signatures.verify({a, b, with_bad_signature(c), c}),
              std::vector<bool>({true, true, false, true}));
    EXPECT_EQ(pool.verified, 4u);  // b once, then a, bad c and c
}

TEST_F(signature_cache, EntriesBeyondTheBoundAreEvicted) {
    SignatureCache cache(64);
    for (uint64_t i = 0; i < 1000; ++i) cache.insert(hash_of(i));
    EXPECT_LE(cache.size(), cache.max_entries());
    EXPECT_GE(cache.size(), 1u);
    EXPECT_EQ(cache.stats().evicted, 1000u - cache.size());
    EXPECT_TRUE(cache.contains(hash_of(999)));  // the newest stays
    EXPECT_FALSE(cache.contains(hash_of(0)));   // the oldest went first
}

TEST_F(signature_cache, CommittedTxsAreForgotten) {
    SignatureCache cache;
    CachedVerifier signatures(cache, pool);
    const std::vector<TxPtr> txs = {signed_tx(0), signed_tx(1)};
    ASSERT_EQ(signatures.verify(txs), std::vector<bool>({true, true}));
    cache.forget({txs[0]});
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_FALSE(cache.contains(txs[0]->signed_hash));
    EXPECT_TRUE(cache.contains(txs[1]->signed_hash));
}

TEST_F(signature_cache, ForgettingKeepsTheInsertionOrderBounded) {
    // A node inserts at submit and forgets at commit, for ever: the order it keeps must not grow with that.
    SignatureCache cache(16);
    for (uint64_t i = 0; i < 10000; ++i) {
        const TxPtr tx = std::make_shared<TxEnvelope>(TxEnvelope{{}, {}, {}, hash_of(i)});
        cache.insert(tx->signed_hash);
        cache.forget({tx});
    }
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.stats().evicted, 0u);
}

TEST_F(signature_cache, ConcurrentInsertsAndLookupsStayWithinTheBound) {
    SignatureCache cache(256);
    std::vector<std::thread> threads;
    for (uint64_t t = 0; t < 4; ++t) {
        threads.emplace_back([&cache, t] {
            for (uint64_t i = 0; i < 5000; ++i) {
                cache.insert(hash_of(t * 100000 + i));
                (void)cache.contains(hash_of(t * 100000 + i / 2));
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_LE(cache.size(), cache.max_entries());
    EXPECT_EQ(cache.stats().hits + cache.stats().misses, 20000u);
}

TEST_F(signature_cache, BlockOfVerifiedTxsIsCheckedWithoutVerifying) {
    CheckChain chain;
    SignatureCache cache;
    CachedVerifier signatures(cache, chain.counting_);
    const std::vector<TxPtr> txs = {chain.transfer(0, 1, 5), chain.transfer(2, 3, 7)};
    ASSERT_EQ(signatures.verify(txs), std::vector<bool>({true, true}));  // what the mempool does at submit
    ASSERT_EQ(chain.counting_.verified, 2u);
    BuiltBlock b = chain.build(txs);
    BlockCheck c = chain.check(b.block, signatures);
    ASSERT_TRUE(c.ok()) << c.error.message;
    EXPECT_EQ(chain.counting_.verified, 2u);
}

}  // namespace
}  // namespace folio::test
