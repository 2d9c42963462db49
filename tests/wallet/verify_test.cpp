// wallet/verify.h against a real ledger: proofs served the way the node serves them verify, and every kind of
// tampering (value, proof, header, certificate, keys, chain) is refused.
#include <gtest/gtest.h>

#include "test_chain.h"
#include "wallet/verify.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
using test::TestChain;

class wallet_verify : public ::testing::Test {
  protected:
    // Block 1: alice sends 12.50 ACME to bob.
    void SetUp() override {
        auto c =
            chain.run_block({chain.make_tx(chain.alice, encode_op(TransferOp{"ACME", chain.bob_id, 1250}))});
        ASSERT_TRUE(c.excluded.empty());
        ASSERT_EQ(c.receipts.at(0).status, TxStatus::success);
    }

    Result<VerifiedHolding> verify(const json& served, const AccountId& account,
                                   std::string_view symbol = "ACME", std::optional<Height> height = {}) {
        auto proof = holding_proof_from_json(served);
        if (!proof) return proof.error();
        return verify_holding(*proof, chain.genesis, chain.chain_id, symbol, account, height);
    }

    // Flips one bit of a hex field in place.
    static void flip(json& field, size_t byte_index) {
        Bytes b = *from_hex(field.get<std::string>());
        b.at(byte_index) ^= 0x01;
        field = to_hex(b);
    }

    TestChain chain;
};

TEST_F(wallet_verify, ServedProofOfAHoldingVerifies) {
    auto v = verify(chain.proof_holding(chain.bob_id, "ACME"), chain.bob_id);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->balance.amount, 1250u);
    ASSERT_TRUE(v->asset.has_value());
    EXPECT_EQ(v->asset->decimals, 2);
    EXPECT_EQ(v->header.height, 1u);
    EXPECT_EQ(v->signed_power, 1u);
    EXPECT_EQ(v->total_power, 1u);
    EXPECT_EQ(format_amount(v->balance.amount, v->asset->decimals), "12.50");
}

TEST_F(wallet_verify, SendersRemainingBalanceVerifies) {
    auto v = verify(chain.proof_holding(chain.alice_id, "ACME"), chain.alice_id);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->balance.amount, 8750u);
}

TEST_F(wallet_verify, AbsentBalanceVerifiesAsZero) {
    auto v = verify(chain.proof_holding(chain.registrar_id, "ACME"), chain.registrar_id);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_TRUE(v->balance.empty());
}

TEST_F(wallet_verify, PastHeightVerifiesWithItsOwnHeaderAndCertificate) {
    chain.run_block({chain.make_tx(chain.bob, encode_op(TransferOp{"ACME", chain.alice_id, 250}))});
    auto v = verify(chain.proof_holding(chain.bob_id, "ACME", 1), chain.bob_id, "ACME", 1);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->balance.amount, 1250u);
    auto now = verify(chain.proof_holding(chain.bob_id, "ACME", 2), chain.bob_id, "ACME", 2);
    ASSERT_TRUE(now.ok()) << now.error().message;
    EXPECT_EQ(now->balance.amount, 1000u);
}

TEST_F(wallet_verify, GenesisBlockVerifiesWithoutCertificateAgainstTheRecomputedGenesis) {
    auto v = verify(chain.proof_holding(chain.alice_id, "ACME", 0), chain.alice_id, "ACME", 0);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->balance.amount, 10000u);
    EXPECT_EQ(v->signed_power, 0u);
}

TEST_F(wallet_verify, UnknownSymbolIsAVerifiedAbsence) {
    auto v = verify(chain.proof_holding(chain.alice_id, "NOPE"), chain.alice_id, "NOPE");
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::UNKNOWN_ASSET);
}

TEST_F(wallet_verify, UnknownSymbolNeedsOnlyItsOwnEntry) {
    json served = chain.proof_holding(chain.alice_id, "NOPE");
    served["entries"].erase("asset");
    served["entries"].erase("balance");
    auto v = verify(served, chain.alice_id, "NOPE");
    EXPECT_EQ(v.reason(), Reason::UNKNOWN_ASSET);
    // ...but a known symbol without them proves nothing.
    served = chain.proof_holding(chain.alice_id, "ACME");
    served["entries"].erase("balance");
    EXPECT_EQ(holding_proof_from_json(served).reason(), Reason::DECODE_ERROR);
}

TEST_F(wallet_verify, BalanceVerifiesWithoutTheAssetRecord) {
    // What a node serves at a past height when the asset record has changed since.
    json served = chain.proof_holding(chain.bob_id, "ACME");
    served["entries"].erase("asset");
    auto v = verify(served, chain.bob_id);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_FALSE(v->asset.has_value());
    AssetId acme = 0;
    ASSERT_TRUE(read_asset_id(chain.ledger().state(), "ACME", acme));
    EXPECT_EQ(v->asset_id, acme);
    EXPECT_EQ(v->balance.amount, 1250u);
}

TEST_F(wallet_verify, TamperedBalanceValueIsRefused) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    Balance forged{999999, 0, 0};
    served["entries"]["balance"]["value"] = to_hex(forged.encode());
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::CORRUPTION) << v.error().message;
}

TEST_F(wallet_verify, ClaimOfNoBalanceIsRefusedWhenTheChainHasOne) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    served["entries"]["balance"]["value"] = nullptr;
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::CORRUPTION);
}

TEST_F(wallet_verify, TamperedProofIsRefused) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    flip(served["entries"]["balance"]["proof"], 5);  // inside the first sibling hash
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_TRUE(v.reason() == Reason::CORRUPTION || v.reason() == Reason::DECODE_ERROR) << v.error().message;
}

TEST_F(wallet_verify, TamperedAssetRecordIsRefused) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    Bytes asset = *from_hex(served["entries"]["asset"]["value"].get<std::string>());
    Asset a;
    ASSERT_TRUE(Asset::decode(asset, a));
    a.decimals = 0;  // would show 1250 instead of 12.50
    served["entries"]["asset"]["value"] = to_hex(a.encode());
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::CORRUPTION);
}

TEST_F(wallet_verify, TamperedHeaderIsRefused) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    // A header with another state root, which the forged records would match, is not the signed block.
    flip(served["header_hex"], 1 + 32 + 8 + 8 + 32 + 32 + 32);  // first byte of state_root
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::BAD_SIGNATURE) << v.error().message;
}

TEST_F(wallet_verify, TamperedCertificateIsRefused) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    Bytes cert = *from_hex(served["commit_hex"].get<std::string>());
    cert.back() ^= 0x01;  // last byte of the signature
    served["commit_hex"] = to_hex(cert);
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::BAD_SIGNATURE);
}

TEST_F(wallet_verify, CertificateByKeysOutsideTheGenesisSetIsRefused) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    auto header = BlockHeader::decode(*from_hex(served["header_hex"].get<std::string>()));
    ASSERT_TRUE(header.ok());
    CommitCertificate forged;
    forged.height = header->height;
    forged.block_hash = header->hash();
    add_commit_signature(forged, chain.chain_id, 0, test::key_from_seed("mallory"));
    served["commit_hex"] = to_hex(forged.encode());
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::BAD_SIGNATURE);
}

TEST_F(wallet_verify, MissingCertificateIsRefusedAfterGenesis) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    served["commit_hex"] = nullptr;
    auto v = verify(served, chain.bob_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::DECODE_ERROR);
}

TEST_F(wallet_verify, ProofOfAnotherAccountsBalanceIsRefused) {
    // The node answers with bob's (valid) balance proof when alice asked.
    json served = chain.proof_holding(chain.bob_id, "ACME");
    auto v = verify(served, chain.alice_id);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::INVALID_ARGUMENT);
}

TEST_F(wallet_verify, HeaderAtAnotherHeightThanAskedIsRefused) {
    auto v = verify(chain.proof_holding(chain.bob_id, "ACME"), chain.bob_id, "ACME", 7);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::INVALID_ARGUMENT);
}

TEST_F(wallet_verify, ProofFromAnotherChainIsRefused) {
    TestChain other(1, "another-chain");
    other.run_block({other.make_tx(other.alice, encode_op(TransferOp{"ACME", other.bob_id, 1250}))});
    auto proof = holding_proof_from_json(other.proof_holding(other.bob_id, "ACME"));
    ASSERT_TRUE(proof.ok());
    auto v = verify_holding(*proof, chain.genesis, chain.chain_id, "ACME", chain.bob_id, std::nullopt);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::WRONG_CHAIN);
}

TEST_F(wallet_verify, MalformedAnswerIsADecodeError) {
    json served = chain.proof_holding(chain.bob_id, "ACME");
    served["entries"].erase("balance");
    EXPECT_EQ(holding_proof_from_json(served).reason(), Reason::DECODE_ERROR);
    served = chain.proof_holding(chain.bob_id, "ACME");
    served["header_hex"] = "zz";
    EXPECT_EQ(holding_proof_from_json(served).reason(), Reason::DECODE_ERROR);
    EXPECT_EQ(holding_proof_from_json(json::array()).reason(), Reason::DECODE_ERROR);
}

TEST(wallet_verify_quorum, CertificateNeedsMoreThanTwoThirdsOfThePower) {
    TestChain chain(3);
    // Two of three validators: exactly 2/3, which is not more than 2/3.
    chain.run_block({chain.make_tx(chain.alice, encode_op(TransferOp{"ACME", chain.bob_id, 100}))}, true,
                    {0, 2});
    auto proof = holding_proof_from_json(chain.proof_holding(chain.bob_id, "ACME"));
    ASSERT_TRUE(proof.ok());
    auto v = verify_holding(*proof, chain.genesis, chain.chain_id, "ACME", chain.bob_id, std::nullopt);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.reason(), Reason::BAD_SIGNATURE);

    chain.run_block({chain.make_tx(chain.alice, encode_op(TransferOp{"ACME", chain.bob_id, 100}))});
    proof = holding_proof_from_json(chain.proof_holding(chain.bob_id, "ACME"));
    ASSERT_TRUE(proof.ok());
    v = verify_holding(*proof, chain.genesis, chain.chain_id, "ACME", chain.bob_id, std::nullopt);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->signed_power, 3u);
    EXPECT_EQ(v->balance.amount, 200u);
}

}  // namespace
}  // namespace folio::wallet
