// Txs as the mempool and blocks receive them (chain/tx.h): the same bytes go to decode_tx (an unsigned tx)
// and decode_signed_tx. Whatever decodes must re-encode to the same bytes, hash as its encoding, and have
// every core op it carries pass the op round trips; its JSON form must be producible.
#include <nlohmann/json.hpp>

#include "chain/crypto/hash.h"
#include "chain/op_json.h"
#include "chain/tx.h"
#include "fuzz.h"

namespace {

void check_ops(const folio::Tx& tx) {
    FUZZ_CHECK(!tx.ops.empty() && tx.ops.size() <= folio::kMaxOpsPerTx);
    FUZZ_CHECK(tx.memo.size() <= folio::kMaxMemoBytes && folio::is_valid_utf8(tx.memo));
    FUZZ_CHECK(!tx.client_ref ||
               (!tx.client_ref->empty() && tx.client_ref->size() <= folio::kMaxClientRefBytes));
    for (const folio::Op& op : tx.ops) {
        if (!folio::is_core_tag(op.tag)) continue;
        auto decoded = folio::decode_core_op(op);
        if (decoded) folio::fuzz::check_core_op_round_trip(op, *decoded);
    }
    const nlohmann::json shown = folio::tx_to_json(tx, folio::fuzz::decimals_of, folio::fuzz::registry());
    FUZZ_CHECK(shown.at("ops").size() == tx.ops.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const folio::ByteView in = folio::fuzz::input(data, size);

    if (auto tx = folio::decode_tx(in)) {
        FUZZ_CHECK(tx->encode() == folio::Bytes(in.begin(), in.end()));
        FUZZ_CHECK(tx->hash() == folio::crypto::tags::tx()(in));
        check_ops(*tx);
    }

    if (auto env = folio::decode_signed_tx(in)) {
        const folio::SignedTx& stx = (*env)->signed_tx;
        FUZZ_CHECK(stx.encode() == (*env)->bytes);
        FUZZ_CHECK((*env)->bytes == folio::Bytes(in.begin(), in.end()));
        FUZZ_CHECK((*env)->tx_hash == stx.tx.hash());
        FUZZ_CHECK((*env)->signed_hash == folio::crypto::tags::signed_tx()(in));
        FUZZ_CHECK(!stx.signatures.empty() && stx.signatures.size() <= folio::kMaxSignatures);
        // An envelope made from the decoded value is the decoded envelope.
        const folio::TxPtr remade = folio::make_envelope(stx);
        FUZZ_CHECK(remade->bytes == (*env)->bytes && remade->signed_hash == (*env)->signed_hash);
        // Signatures may be anything; checking them must simply not misbehave.
        (void)folio::verify_signatures(**env);
        check_ops(stx.tx);
    }
    return 0;
}
