// Block bodies (chain/block.h): each tx a signed tx. A decoded body re-encodes to the same bytes, holds at
// most kMaxBlockTxs txs, and its txs_root is the Merkle root of the txs' signed hashes.
#include "chain/block.h"
#include "chain/crypto/hash.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const folio::ByteView in = folio::fuzz::input(data, size);
    auto txs = folio::Block::decode_body(in);
    if (!txs) return 0;
    FUZZ_CHECK(txs->size() <= folio::kMaxBlockTxs);
    folio::Block block;
    block.txs = *txs;
    FUZZ_CHECK(block.encode_body() == folio::Bytes(in.begin(), in.end()));
    std::vector<folio::Hash256> leaves;
    for (const auto& tx : block.txs) {
        FUZZ_CHECK(tx->signed_tx.encode() == tx->bytes);
        leaves.push_back(folio::crypto::tags::signed_tx()(tx->bytes));
    }
    FUZZ_CHECK(folio::txs_root(block.txs) == folio::merkle_root(folio::crypto::tags::txs_root(), leaves));
    return 0;
}
