// The grammars written atop chain/block.h are what outside verifiers implement. These tests recompute each
// root and hash from the documented grammar alone, with plain SHA-256 and hand-written bytes, and compare
// with the code: a change to either side that the other does not follow fails here.
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <string>

#include "chain/block.h"
#include "chain/block_builder.h"
#include "chain/execute.h"

namespace folio {
namespace {

Hash256 plain_sha256(const Bytes& data) {
    Hash256 out;
    SHA256(data.data(), data.size(), out.data());
    return out;
}

// H(tag, m) = SHA256(SHA256(tag) || SHA256(tag) || m), as documented atop chain/crypto/hash.h.
Hash256 tagged(const std::string& tag, const Bytes& m) {
    const Hash256 t = plain_sha256(Bytes(tag.begin(), tag.end()));
    Bytes in(t.begin(), t.end());
    in.insert(in.end(), t.begin(), t.end());
    in.insert(in.end(), m.begin(), m.end());
    return plain_sha256(in);
}

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}
Bytes b(const Hash256& h) {
    return Bytes(h.begin(), h.end());
}
Bytes le(uint64_t v, int width) {
    Bytes out;
    for (int i = 0; i < width; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return out;
}

// merkle(tag, leaves): zero if empty; leaf = H(tag, 0x00 || leaf); node = H(tag, 0x01 || left || right); an
// odd last node is carried up unchanged.
Hash256 documented_merkle(const std::string& tag, const std::vector<Hash256>& leaves) {
    if (leaves.empty()) return Hash256{};
    std::vector<Hash256> level;
    for (const auto& l : leaves) level.push_back(tagged(tag, cat({Bytes{0x00}, b(l)})));
    while (level.size() > 1) {
        std::vector<Hash256> up;
        for (size_t i = 0; i < level.size(); i += 2) {
            if (i + 1 == level.size())
                up.push_back(level[i]);
            else
                up.push_back(tagged(tag, cat({Bytes{0x01}, b(level[i]), b(level[i + 1])})));
        }
        level = std::move(up);
    }
    return level[0];
}

Hash256 filled(uint8_t seed) {
    Hash256 h;
    for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(seed + 7 * i);
    return h;
}

std::vector<Receipt> receipts(size_t n) {
    std::vector<Receipt> out;
    for (size_t i = 0; i < n; ++i) {
        Receipt r;
        r.tx_hash = filled(static_cast<uint8_t>(i));
        if (i % 3 == 1) {
            r.status = TxStatus::failed;
            r.reason = Reason::INSUFFICIENT_BALANCE;
            r.op_index = static_cast<uint16_t>(i);
        }
        out.push_back(r);
    }
    return out;
}

// result := u8 version=1, fixed[32] tx_hash, u8 status, u16 reason, u16 op_index
Bytes documented_result(const Receipt& r) {
    return cat({Bytes{0x01}, b(r.tx_hash), Bytes{static_cast<uint8_t>(r.status == TxStatus::failed ? 1 : 0)},
                le(static_cast<uint16_t>(r.reason), 2), le(r.op_index, 2)});
}

TEST(block_grammar, ResultEncodingIsTheDocumentedBytes) {
    for (const Receipt& r : receipts(3)) EXPECT_EQ(r.encode_result(), documented_result(r));
}

TEST(block_grammar, ResultsRootIsRecomputedFromTheDocumentedGrammar) {
    for (size_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 33}) {
        const std::vector<Receipt> rs = receipts(n);
        std::vector<Hash256> leaves;
        for (const Receipt& r : rs) leaves.push_back(tagged("folio/results", documented_result(r)));
        EXPECT_EQ(results_root(rs), documented_merkle("folio/results", leaves)) << n << " receipts";
    }
}

TEST(block_grammar, TxsRootIsRecomputedFromTheDocumentedGrammar) {
    std::vector<TxPtr> txs;
    std::vector<Hash256> leaves;
    for (int i = 0; i < 6; ++i) {
        Tx tx;
        tx.chain_id = filled(1);
        tx.signer = filled(static_cast<uint8_t>(40 + i));
        tx.nonce = static_cast<uint64_t>(i);
        tx.ops.push_back(encode_op(BurnOp{"ACME", 1 + static_cast<uint64_t>(i)}));
        SignedTx st{tx, {TxSignature{filled(9), {}}}};
        const Bytes signed_bytes = st.encode();
        TxPtr env = make_envelope(st);
        ASSERT_EQ(env->bytes, signed_bytes);
        txs.push_back(env);
        leaves.push_back(tagged("folio/signed_tx", signed_bytes));
        EXPECT_EQ(documented_merkle("folio/txs", leaves), txs_root(txs)) << txs.size() << " txs";
    }
}

TEST(block_grammar, HeaderAndBlockHashAreTheDocumentedBytes) {
    BlockHeader h;
    h.chain_id = filled(1);
    h.height = 0x0102030405060708ull;
    h.time_ms = 1767225600000ull;
    h.prev_hash = filled(2);
    h.txs_root = filled(3);
    h.results_root = filled(4);
    h.state_root = filled(5);
    h.validators_hash = filled(6);
    h.proposer = filled(7);
    const Bytes documented =
        cat({Bytes{0x01}, b(h.chain_id), le(h.height, 8), le(h.time_ms, 8), b(h.prev_hash), b(h.txs_root),
             b(h.results_root), b(h.state_root), b(h.validators_hash), b(h.proposer)});
    EXPECT_EQ(h.encode(), documented);
    EXPECT_EQ(h.hash(), tagged("folio/block", documented));
}

}  // namespace
}  // namespace folio
