// proof_holding checked the way a wallet checks it (header, certificate, state proofs), and the WebSocket
// subscriptions through a fake session.
#include "chain/state_proof.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

json transfer(const std::string& asset, const Party& to, const std::string& amount) {
    return {{"op", "transfer"}, {"asset", asset}, {"to", to.address}, {"amount", amount}};
}

// True if the entry's proof shows, against `root`, that its key holds its value (or nothing, for null).
::testing::AssertionResult EntryVerifies(const Hash256& root, const json& entry) {
    auto key = from_hex(entry["key"].get<std::string>());
    auto proof_bytes = from_hex(entry["proof"].get<std::string>());
    if (!key || !proof_bytes) return ::testing::AssertionFailure() << "key or proof is not hex";
    auto proof = StateProof::decode(*proof_bytes);
    if (!proof) return ::testing::AssertionFailure() << "proof does not decode";
    std::optional<Hash256> value_hash;
    if (!entry["value"].is_null()) value_hash = Ledger::value_hash(*from_hex(entry["value"].get<std::string>()));
    if (!verify_state_proof(root, Ledger::key_hash(*key), value_hash, *proof)) {
        return ::testing::AssertionFailure() << "proof does not verify: " << entry.dump();
    }
    return ::testing::AssertionSuccess();
}

// The header the proof is about, after checking its certificate against the genesis validators.
BlockHeader CertifiedHeader(NodeRpc& node, const json& proof) {
    auto header = BlockHeader::decode(*from_hex(proof["header_hex"].get<std::string>()));
    EXPECT_TRUE(header.ok());
    if (!header.ok()) return {};
    EXPECT_EQ(to_hex(header->chain_id), proof["chain_id"]);
    EXPECT_EQ(to_hex(header->state_root), proof["state_root"]);
    EXPECT_EQ(header->height, proof["height"].get<uint64_t>());
    if (header->height > 0) {
        auto commit = CommitCertificate::decode(*from_hex(proof["commit_hex"].get<std::string>()));
        EXPECT_TRUE(commit.ok());
        if (commit.ok()) {
            EXPECT_TRUE(verify_commit(*commit, node.ledger().chain_id(), *header, node.ledger().genesis().validators).ok());
        }
    }
    return *header;
}

class rpc_proof : public ::testing::Test {
protected:
    NodeRpc node;
};

TEST_F(rpc_proof, HoldingAtTheHeadVerifiesAgainstTheCertifiedHeader) {
    node.produce();
    json p = node.ok("proof_holding", {{"account", node.alice.address}, {"asset", "EURX"}});
    EXPECT_EQ(p["height"], 1);
    const BlockHeader header = CertifiedHeader(node, p);
    for (const char* e : {"symbol", "asset", "balance"}) {
        ASSERT_TRUE(p["entries"].contains(e)) << e;
        EXPECT_TRUE(EntryVerifies(header.state_root, p["entries"][e])) << e;
    }
    Balance b;
    ASSERT_TRUE(Balance::decode(*from_hex(p["entries"]["balance"]["value"].get<std::string>()), b));
    EXPECT_EQ(b.amount, 10000u);
    EXPECT_EQ(p["balance"]["amount"], "100.00");
    Asset a;
    ASSERT_TRUE(Asset::decode(*from_hex(p["entries"]["asset"]["value"].get<std::string>()), a));
    EXPECT_EQ(a.decimals, 2);
}

TEST_F(rpc_proof, GenesisHeightHasNoCertificateButVerifies) {
    json p = node.ok("proof_holding", {{"account", node.bob.address}, {"asset", "EURX"}, {"height", 0}});
    EXPECT_TRUE(p["commit_hex"].is_null());
    const BlockHeader header = CertifiedHeader(node, p);
    EXPECT_TRUE(EntryVerifies(header.state_root, p["entries"]["balance"]));
    EXPECT_EQ(p["balance"]["amount"], "50.00");
}

TEST_F(rpc_proof, NonHolderGetsANonInclusionProof) {
    json p = node.ok("proof_holding", {{"account", node.issuer.address}, {"asset", "EURX"}});
    EXPECT_TRUE(p["entries"]["balance"]["value"].is_null());
    EXPECT_TRUE(EntryVerifies(CertifiedHeader(node, p).state_root, p["entries"]["balance"]));
    EXPECT_EQ(p["balance"]["amount"], "0.00");
}

TEST_F(rpc_proof, PastHeightProvesTheBalanceOfThatHeight) {
    node.produce();  // 1
    ASSERT_TRUE(node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "10.00")})).contains("result"));
    node.produce();  // 2: a transfer changes balances, not the asset record
    json p1 = node.ok("proof_holding", {{"account", node.alice.address}, {"asset", "EURX"}, {"height", 1}});
    const BlockHeader h1 = CertifiedHeader(node, p1);
    EXPECT_EQ(p1["balance"]["amount"], "100.00");
    EXPECT_TRUE(EntryVerifies(h1.state_root, p1["entries"]["balance"]));
    EXPECT_TRUE(EntryVerifies(h1.state_root, p1["entries"]["symbol"]));
    ASSERT_TRUE(p1["entries"].contains("asset"));
    EXPECT_TRUE(EntryVerifies(h1.state_root, p1["entries"]["asset"]));

    json issue = {{"op", "issue"}, {"asset", "EURX"}, {"to", {{{"account", node.alice.address}, {"amount", "1.00"}}}}};
    ASSERT_TRUE(node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({issue})}}).contains("tx_hash"));
    node.produce();  // 3: the supply changed, so the asset record of height 2 is no longer at hand
    json p2 = node.ok("proof_holding", {{"account", node.alice.address}, {"asset", "EURX"}, {"height", 2}});
    const BlockHeader h2 = CertifiedHeader(node, p2);
    EXPECT_EQ(p2["balance"]["amount"], "90.00");
    EXPECT_TRUE(EntryVerifies(h2.state_root, p2["entries"]["balance"]));
    EXPECT_TRUE(EntryVerifies(h2.state_root, p2["entries"]["symbol"]));
    EXPECT_FALSE(p2["entries"].contains("asset"));
    EXPECT_EQ(node.ok("proof_holding", {{"account", node.alice.address}, {"asset", "EURX"}})["balance"]["amount"], "91.00");
}

TEST_F(rpc_proof, HeightsOutsideTheProvableRangeAreRefused) {
    NodeRpc short_memory(2);
    for (int i = 0; i < 6; ++i) short_memory.produce();
    const uint64_t oldest = short_memory.ok("chain_status", json::object())["oldest_provable_height"];
    ASSERT_GT(oldest, 0u);
    json e = short_memory.err("proof_holding", {{"account", short_memory.alice.address}, {"asset", "EURX"}, {"height", 0}});
    EXPECT_EQ(e["code"], -32001);
    std::string expected = "oldest provable height is ";
    expected += std::to_string(oldest);
    EXPECT_NE(e["message"].get<std::string>().find(expected), std::string::npos) << e["message"];
    EXPECT_TRUE(short_memory.ok("proof_holding", {{"account", short_memory.alice.address}, {"asset", "EURX"}, {"height", oldest}})
                    .contains("entries"));
    EXPECT_EQ(reason_of(short_memory.err("proof_holding", {{"account", short_memory.alice.address}, {"asset", "EURX"}, {"height", 7}})),
              "INVALID_ARGUMENT");
}

TEST_F(rpc_proof, AssetCreatedAfterTheHeightIsAnUnknownAsset) {
    const json create = {{"op", "asset_create"}, {"symbol", "ACME"}, {"class", "other"}, {"decimals", 0}, {"max_supply", "10"}};
    ASSERT_TRUE(node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({create})}}).contains("tx_hash"));
    node.produce();
    EXPECT_EQ(reason_of(node.err("proof_holding",
                                 {{"account", node.alice.address}, {"asset", "ACME"}, {"height", 0}})),
              "UNKNOWN_ASSET");
    EXPECT_EQ(reason_of(node.err("proof_holding", {{"account", node.alice.address}, {"asset", "NOPE"}})),
              "UNKNOWN_ASSET");
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_subscribe : public ::testing::Test {
protected:
    NodeRpc node;
    std::shared_ptr<FakeSession> session = std::make_shared<FakeSession>(1);
};

TEST_F(rpc_subscribe, SubscriptionsNeedAWebSocket) {
    for (const char* m : {"subscribe_blocks", "unsubscribe"}) {
        json e = node.err(m, m == std::string("unsubscribe") ? json{{"subscription", "ab"}} : json::object());
        EXPECT_EQ(e["code"], -32005) << m;
    }
    EXPECT_EQ(node.err("subscribe_tx", {{"tx_hash", std::string(64, 'a')}})["code"], -32005);
    EXPECT_EQ(node.err("subscribe_account", {{"account", node.alice.address}})["code"], -32005);
}

TEST_F(rpc_subscribe, BlocksAreNotifiedAsTheyCommit) {
    const std::string id = node.ok("subscribe_blocks", json::object(), session)["subscription"];
    ASSERT_EQ(id.size(), 16u);
    node.produce();
    Block b2 = node.produce();
    auto notes = session->notes_for(id);
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes[0].result["height"], 1);
    EXPECT_EQ(notes[1].result["height"], 2);
    EXPECT_EQ(notes[1].result["hash"], to_hex(b2.header.hash()));
    EXPECT_EQ(notes[1].result["tx_count"], 0);
}

TEST_F(rpc_subscribe, TxSubscriptionFiresOnceOnCommit) {
    json r = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "1.00")}));
    const std::string hash = r["result"]["tx_hash"];
    const std::string id = node.ok("subscribe_tx", {{"tx_hash", hash}}, session)["subscription"];
    EXPECT_TRUE(session->notes().empty());
    node.produce();
    node.produce();
    auto notes = session->notes_for(id);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].result["status"], "committed");
    EXPECT_EQ(notes[0].result["height"], 1);
    EXPECT_EQ(node.hub().subscriptions(), 0u);
}

TEST_F(rpc_subscribe, TxAlreadyCommittedIsNotifiedAtOnce) {
    json r = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "1.00")}));
    node.produce();
    const std::string id = node.ok("subscribe_tx", {{"tx_hash", r["result"]["tx_hash"]}}, session)["subscription"];
    auto notes = session->notes_for(id);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].result["status"], "committed");
    EXPECT_EQ(node.hub().subscriptions(), 0u);
}

TEST_F(rpc_subscribe, AccountIsNotifiedOfTxsThatConcernIt) {
    const std::string id = node.ok("subscribe_account", {{"account", node.bob.address}}, session)["subscription"];
    json r = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "1.00")}));
    node.produce();
    const json create = {{"op", "asset_create"}, {"symbol", "ACME"}, {"class", "other"}, {"decimals", 0}, {"max_supply", "10"}};
    ASSERT_TRUE(node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({create})}}).contains("tx_hash"));
    node.produce();
    auto notes = session->notes_for(id);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].result["tx_hash"], r["result"]["tx_hash"]);
    EXPECT_EQ(notes[0].result["status"], "committed");
    EXPECT_EQ(notes[0].result["height"], 1);
    EXPECT_EQ(reason_of(node.err("subscribe_account", {{"account", "folio1xyz"}}, rpc::Scope::Admin, session)), "BAD_ADDRESS");
}

TEST_F(rpc_subscribe, OnlyTheOwningSessionUnsubscribes) {
    const std::string id = node.ok("subscribe_blocks", json::object(), session)["subscription"];
    auto other = std::make_shared<FakeSession>(2);
    EXPECT_EQ(node.err("unsubscribe", {{"subscription", id}}, rpc::Scope::Read, other)["code"], -32001);
    EXPECT_EQ(node.ok("unsubscribe", {{"subscription", id}}, session)["unsubscribed"], true);
    node.produce();
    EXPECT_TRUE(session->notes().empty());
    EXPECT_EQ(node.err("unsubscribe", {{"subscription", id}}, rpc::Scope::Read, session)["code"], -32001);
}

TEST_F(rpc_subscribe, ClosingTheSessionEndsItsSubscriptions) {
    node.ok("subscribe_blocks", json::object(), session);
    node.ok("subscribe_account", {{"account", node.alice.address}}, session);
    EXPECT_EQ(node.hub().subscriptions(), 2u);
    session->close();
    EXPECT_EQ(node.hub().subscriptions(), 0u);
}

}  // namespace
}  // namespace folio::node::test
