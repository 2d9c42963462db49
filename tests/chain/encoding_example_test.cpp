// docs/encoding.md carries a worked example in hex for backends in other languages; this test rebuilds it from
// the code, so the page and the encoder can never disagree.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "chain/crypto/bech32m.h"
#include "chain/crypto/hash.h"
#include "chain/tx.h"

namespace folio {
namespace {

std::map<std::string, std::string> read_examples() {
    std::ifstream in(FOLIO_SOURCE_DIR "/docs/encoding.md");
    std::map<std::string, std::string> out;
    std::string line, pending;
    bool in_block = false;
    while (std::getline(in, line)) {
        const std::string marker = "<!-- example:";
        if (line.rfind(marker, 0) == 0) {
            pending = line.substr(marker.size(), line.find(" -->") - marker.size());
        } else if (!pending.empty() && line == "```") {
            if (in_block) pending.clear();
            in_block = !in_block;
        } else if (in_block && !pending.empty()) {
            out[pending] += line;
        }
    }
    return out;
}

TEST(encoding_example, DocsWorkedExampleMatchesCode) {
    const auto ex = read_examples();
    ASSERT_EQ(ex.size(), 8u) << "docs/encoding.md lost an example block";
    auto sk = *crypto::SecretKey::from_bytes(*from_hex("0000000000000000000000000000000000000000000000000000000000000003"));
    auto rk = *crypto::SecretKey::from_bytes(*from_hex("0000000000000000000000000000000000000000000000000000000000000005"));
    Tx tx;
    tx.chain_id = crypto::sha256(as_bytes("example chain"));
    tx.signer = account_id_of(sk.pubkey());
    tx.nonce = 7;
    tx.valid_until_height = 1000;
    tx.ops.push_back(encode_op(TransferOp{"ACME", account_id_of(rk.pubkey()), 250}));
    tx.memo = "invoice 42";
    tx.client_ref = "order-1";
    EXPECT_EQ(ex.at("signer_pubkey"), to_hex(sk.pubkey()));
    EXPECT_EQ(ex.at("signer_address"), crypto::encode_address(tx.signer));
    EXPECT_EQ(ex.at("receiver_address"), crypto::encode_address(account_id_of(rk.pubkey())));
    EXPECT_EQ(ex.at("chain_id"), to_hex(tx.chain_id));
    EXPECT_EQ(ex.at("unsigned_tx"), to_hex(tx.encode()));
    EXPECT_EQ(ex.at("sighash"), to_hex(tx.hash()));
    auto sig = crypto::sign_with_aux(sk, tx.hash(), Hash256{});
    ASSERT_TRUE(sig.has_value());
    EXPECT_EQ(ex.at("signature"), to_hex(*sig));
    SignedTx st{tx, {TxSignature{sk.pubkey(), *sig}}};
    EXPECT_EQ(ex.at("signed_tx"), to_hex(st.encode()));
    // And the documented bytes decode back to the same tx, with a valid signature.
    auto decoded = decode_signed_tx(*from_hex(ex.at("signed_tx")));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ((*decoded)->signed_tx.tx, tx);
    EXPECT_TRUE(verify_signatures(**decoded));
}

}  // namespace
}  // namespace folio
