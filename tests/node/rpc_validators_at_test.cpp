// validators_at, chain_info's set, the header's validators_hash from the state, and proof_holding's chain of
// set changes checked the way folio-wallet verify-holding checks it (wallet/verify.h), on a chain whose set
// changed twice. The node's one validator keeps most of the power in every set, so that its certificates go
// on carrying more than 2/3.
#include "chain/crypto/ed25519.h"
#include "rpc_fixture.h"
#include "wallet/verify.h"

namespace folio::node::test {
namespace {

std::string p2p_hex(uint8_t n) {
    Hash256 k{};
    for (uint8_t salt = 0;; ++salt) {
        k.fill(n);
        k[1] = salt;
        if (crypto::is_valid_ed25519_pubkey(k)) return to_hex(k);
    }
}

json member(const std::string& name, const PubKey& key, uint8_t p2p, uint64_t power) {
    return {
        {"name", name}, {"consensus_pubkey", to_hex(key)}, {"p2p_pubkey", p2p_hex(p2p)}, {"power", power}};
}

class rpc_validators_at : public ::testing::Test {
  protected:
    // Commits a validator_set_update signed by the registrar; returns the height of its block.
    Height change_set(const json& validators) {
        json r =
            node.ok("tx_sign_submit",
                    {{"key", "registrar"},
                     {"ops", json::array({{{"op", "validator_set_update"}, {"validators", validators}}})}});
        EXPECT_TRUE(r.contains("tx_hash")) << r.dump();
        return node.produce().header.height;
    }

    json first_set() const {
        return json::array(
            {member("validator-0", node.validator.pubkey(), 0x22, 5), member("bank", bank, 0x31, 1)});
    }
    json second_set() const {
        return json::array({member("validator-0", node.validator.pubkey(), 0x22, 10),
                            member("bank", bank, 0x31, 1), member("coop", coop, 0x41, 2)});
    }

    NodeRpc node;
    PubKey bank = crypto::SecretKey::generate().pubkey();
    PubKey coop = crypto::SecretKey::generate().pubkey();
};

TEST_F(rpc_validators_at, GenesisSetAtEveryHeightOfAnUnchangedChain) {
    node.produce();
    json r = node.ok("validators_at", {{"height", 1}});
    EXPECT_EQ(r["effective_from"], 0);
    EXPECT_EQ(r["committed_height"], 0);
    ASSERT_EQ(r["validators"].size(), 1u);
    EXPECT_EQ(r["validators"][0]["consensus_pubkey"], to_hex(node.validator.pubkey()));
    EXPECT_EQ(r["validators_hash"], to_hex(node.ledger().genesis().validators.hash()));
}

TEST_F(rpc_validators_at, ChangeSignsFromTwoBlocksAfterItsOwn) {
    const Height h = change_set(first_set());
    json same = node.ok("validators_at", {{"height", h + 1}});
    EXPECT_EQ(same["validators"].size(), 1u) << "block H+1 is still signed by the old set";
    json next = node.ok("validators_at", {{"height", h + 2}});
    EXPECT_EQ(next["validators"].size(), 2u);
    EXPECT_EQ(next["effective_from"], h + 2);
    EXPECT_EQ(next["committed_height"], h);
    // The headers carry what validators_at says.
    const Block b1 = node.produce();
    EXPECT_EQ(to_hex(b1.header.validators_hash), same["validators_hash"]);
    const Block b2 = node.produce();
    EXPECT_EQ(to_hex(b2.header.validators_hash), next["validators_hash"]);
    EXPECT_EQ(node.ok("chain_info", json::object())["validators_hash"], next["validators_hash"]);
}

TEST_F(rpc_validators_at, PastHeightsKeepTheirSet) {
    const Height h1 = change_set(first_set());
    node.produce();
    node.produce();
    const Height h2 = change_set(second_set());
    node.produce();
    node.produce();
    EXPECT_EQ(node.ok("validators_at", {{"height", h1 + 1}})["validators"].size(), 1u);
    EXPECT_EQ(node.ok("validators_at", {{"height", h2 + 1}})["validators"].size(), 2u);
    EXPECT_EQ(node.ok("validators_at", {{"height", h2 + 2}})["validators"].size(), 3u);
    EXPECT_EQ(node.ok("validators_at", {{"height", 0}})["validators"].size(), 1u);
}

TEST_F(rpc_validators_at, HeightPastHeadPlusTwoRefused) {
    const Height head = node.ledger().height();
    node.ok("validators_at", {{"height", head + 2}});
    json e = node.err("validators_at", {{"height", head + 3}});
    EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT");
}

TEST_F(rpc_validators_at, SetUpdateByANonGovernanceAccountRefused) {
    json r =
        node.call("tx_sign_submit",
                  {{"key", "operator"},
                   {"ops", json::array({{{"op", "validator_set_update"}, {"validators", first_set()}}})}});
    ASSERT_TRUE(r.contains("error")) << r.dump();
    EXPECT_EQ(reason_of(r["error"]), "NOT_AUTHORIZED");
}

TEST_F(rpc_validators_at, SetWithDuplicateP2pKeysRefusedAtSubmit) {
    json set = first_set();
    set[1]["p2p_pubkey"] = set[0]["p2p_pubkey"];
    json r = node.call("tx_sign_submit",
                       {{"key", "registrar"},
                        {"ops", json::array({{{"op", "validator_set_update"}, {"validators", set}}})}});
    ASSERT_TRUE(r.contains("error")) << r.dump();
    EXPECT_EQ(reason_of(r["error"]), "INVALID_ARGUMENT");
}

class rpc_proof_validator_sets : public rpc_validators_at {
  protected:
    // Two changes, then a transfer to bob, all provable at the head.
    void SetUp() override {
        h1 = change_set(first_set());
        node.produce();
        h2 = change_set(second_set());
        node.produce();
        node.produce();
        json t = node.build_sign_submit(
            node.alice,
            json::array(
                {{{"op", "transfer"}, {"asset", "EURX"}, {"to", node.bob.address}, {"amount", "1.00"}}}));
        ASSERT_TRUE(t.contains("result")) << t.dump();
        node.produce();
    }

    Result<wallet::VerifiedHolding> verify(const json& served) {
        auto proof = wallet::holding_proof_from_json(served);
        if (!proof) return proof.error();
        return wallet::verify_holding(*proof, node.ledger().genesis(), node.ledger().chain_id(), "EURX",
                                      node.bob.id, std::nullopt);
    }

    Height h1 = 0, h2 = 0;
};

TEST_F(rpc_proof_validator_sets, ProofCarriesBothChangesAndVerifiesFromGenesis) {
    json p = node.ok("proof_holding", {{"account", node.bob.address}, {"asset", "EURX"}});
    ASSERT_EQ(p["validator_sets"].size(), 2u);
    EXPECT_EQ(p["validator_sets"][0]["height"], h1);
    EXPECT_EQ(p["validator_sets"][1]["height"], h2);
    EXPECT_EQ(p["validator_sets"][1]["effective_from"], h2 + 2);
    auto v = verify(p);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->set_changes, 2u);
    EXPECT_EQ(v->total_power, 13u) << "the second set's power";
    EXPECT_EQ(v->signed_power, 10u);
    EXPECT_EQ(v->balance.amount, 5100u);
}

TEST_F(rpc_proof_validator_sets, ProofWithAChangeLeftOutIsRefused) {
    json p = node.ok("proof_holding", {{"account", node.bob.address}, {"asset", "EURX"}});
    p["validator_sets"].erase(1);
    auto v = verify(p);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().reason, Reason::INVALID_ARGUMENT) << v.error().message;
}

TEST_F(rpc_proof_validator_sets, ProofWithATamperedSetIsRefused) {
    json p = node.ok("proof_holding", {{"account", node.bob.address}, {"asset", "EURX"}});
    Bytes record = *from_hex(p["validator_sets"][0]["entry"]["value"].get<std::string>());
    record.back() ^= 0x01;  // the last validator's power
    p["validator_sets"][0]["entry"]["value"] = to_hex(record);
    auto v = verify(p);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().reason, Reason::CORRUPTION) << v.error().message;
}

TEST_F(rpc_proof_validator_sets, ProofAtAHeightBeforeTheChangesNeedsNone) {
    json p = node.ok("proof_holding", {{"account", node.bob.address}, {"asset", "EURX"}, {"height", h1 - 1}});
    EXPECT_EQ(p["validator_sets"].size(), 0u);
    auto v = verify(p);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->set_changes, 0u);
}

TEST_F(rpc_proof_validator_sets, ChangesAreArchivedInTheStore) {
    auto first = node.ledger().store().validator_set_proof(1);
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(first->has_value());
    EXPECT_FALSE((*first)->empty());
    auto second = node.ledger().store().validator_set_proof(2);
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->has_value());
}

}  // namespace
}  // namespace folio::node::test
