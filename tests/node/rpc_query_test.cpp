// tx_wait, tx_get, the account methods and the asset methods, against a real ledger.
#include <thread>

#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

using rpc::Scope;

json transfer(const std::string& asset, const Party& to, const std::string& amount) {
    return {{"op", "transfer"}, {"asset", asset}, {"to", to.address}, {"amount", amount}};
}

std::string submit_transfer(NodeRpc& node, const Party& from, const Party& to, const std::string& amount) {
    json r = node.build_sign_submit(from, json::array({transfer("EURX", to, amount)}));
    EXPECT_TRUE(r.contains("result")) << r.dump();
    return r.contains("result") ? r["result"]["tx_hash"].get<std::string>() : std::string();
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_tx_wait : public ::testing::Test {
protected:
    NodeRpc node;
};

TEST_F(rpc_tx_wait, AnswersWhenTheBlockCommits) {
    const std::string hash = submit_transfer(node, node.alice, node.bob, "1.00");
    std::future<json> wait = node.call_async("tx_wait", {{"tx_hash", hash}, {"timeout_ms", 10000}});
    EXPECT_EQ(wait.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
    node.produce();
    ASSERT_EQ(wait.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    json r = wait.get()["result"];
    EXPECT_EQ(r["status"], "committed");
    EXPECT_EQ(r["height"], 1);
    EXPECT_EQ(r["index"], 0);
}

TEST_F(rpc_tx_wait, CommittedTxAnswersAtOnce) {
    const std::string hash = submit_transfer(node, node.alice, node.bob, "1.00");
    node.produce();
    json r = node.ok("tx_wait", {{"tx_hash", hash}, {"timeout_ms", 60000}});
    EXPECT_EQ(r["status"], "committed");
    EXPECT_EQ(r["height"], 1);
    EXPECT_EQ(node.hub().waiters(), 0u);
}

// The race behind a flaky rpc_tx.BuildSignSubmitCommits: with timeout_ms 0 the hub's timer thread could
// answer "pending" for a tx already committed before the store was looked at. Many calls make a lost race
// likely.
TEST_F(rpc_tx_wait, CommittedTxWithoutTimeoutIsNeverPending) {
    const std::string hash = submit_transfer(node, node.alice, node.bob, "1.00");
    node.produce();
    for (int i = 0; i < 500; ++i) {
        ASSERT_EQ(node.ok("tx_wait", {{"tx_hash", hash}, {"timeout_ms", 0}})["status"], "committed")
            << "call " << i;
    }
    EXPECT_EQ(node.hub().waiters(), 0u);
}

// The same race for a tx never seen: the timer armed before the look answered "pending" (found by the
// TypeScript client's tests). Many calls make a lost race likely.
TEST_F(rpc_tx_wait, UnknownTxWithoutTimeoutIsNeverPending) {
    for (int i = 0; i < 500; ++i) {
        ASSERT_EQ(node.ok("tx_wait", {{"tx_hash", std::string(64, 'c')}, {"timeout_ms", 0}})["status"], "unknown")
            << "call " << i;
    }
    EXPECT_EQ(node.hub().waiters(), 0u);
}

TEST_F(rpc_tx_wait, PendingTxWithoutTimeoutAnswersPendingAtOnce) {
    const std::string hash = submit_transfer(node, node.alice, node.bob, "1.00");
    EXPECT_EQ(node.ok("tx_wait", {{"tx_hash", hash}, {"timeout_ms", 0}})["status"], "pending");
    EXPECT_EQ(node.hub().waiters(), 0u);
}

TEST_F(rpc_tx_wait, UnknownTxAnswersUnknownAtOnce) {
    json r = node.ok("tx_wait", {{"tx_hash", std::string(64, 'b')}, {"timeout_ms", 60000}});
    EXPECT_EQ(r["status"], "unknown");
    EXPECT_EQ(node.hub().waiters(), 0u);
}

TEST_F(rpc_tx_wait, PendingTxAnswersPendingAtTheTimeout) {
    const std::string hash = submit_transfer(node, node.alice, node.bob, "1.00");
    const auto start = std::chrono::steady_clock::now();
    json r = node.ok("tx_wait", {{"tx_hash", hash}, {"timeout_ms", 100}});
    EXPECT_EQ(r["status"], "pending");
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(90));
}

TEST_F(rpc_tx_wait, TxThatFailsInItsBlockIsFailedWithReason) {
    // Admitted against the state of its time, then a forced transfer ahead of it in the block empties alice.
    const std::string hash = submit_transfer(node, node.alice, node.bob, "60.00");
    Hash256 legal_ref{};
    legal_ref.fill(0x1e);
    TxPtr forced = node.make_tx(node.registrar, {encode_op(ForcedTransferOp{"EURX", node.alice.id, node.bob.id, 5000, legal_ref})}, 0);
    Block b = node.produce({forced});
    ASSERT_EQ(b.txs.size(), 2u);
    json r = node.ok("tx_wait", {{"tx_hash", hash}});
    EXPECT_EQ(r["status"], "failed");
    EXPECT_EQ(r["reason"], "INSUFFICIENT_BALANCE");
    EXPECT_EQ(r["index"], 1);
    json got = node.ok("tx_get", {{"tx_hash", hash}});
    EXPECT_EQ(got["status"], "failed");
    EXPECT_EQ(got["reason"], "INSUFFICIENT_BALANCE");
    EXPECT_EQ(got["op_index"], 0);
}

TEST_F(rpc_tx_wait, TimeoutIsBounded) {
    EXPECT_EQ(node.err("tx_wait", {{"tx_hash", std::string(64, 'b')}, {"timeout_ms", 60001}})["code"], -32602);
    EXPECT_EQ(node.err("tx_wait", {{"tx_hash", "abc"}})["code"], -32602);
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_tx_get : public ::testing::Test {
protected:
    NodeRpc node;
};

TEST_F(rpc_tx_get, CommittedTxHasItsPlaceContentAndSignedBytes) {
    json sub = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "4.25")}),
                                      {{"memo", "invoice 7"}, {"client_ref", "inv-7"}});
    const std::string hash = sub["result"]["tx_hash"];
    node.produce();
    json got = node.ok("tx_get", {{"tx_hash", hash}});
    EXPECT_EQ(got["tx_hash"], hash);
    EXPECT_EQ(got["status"], "committed");
    EXPECT_EQ(got["height"], 1);
    EXPECT_EQ(got["index"], 0);
    EXPECT_EQ(got["tx"]["signer"], node.alice.address);
    EXPECT_EQ(got["tx"]["memo"], "invoice 7");
    EXPECT_EQ(got["tx"]["client_ref"], "inv-7");
    EXPECT_EQ(got["tx"]["ops"][0]["amount"], "4.25");
    EXPECT_EQ(got["signatures"][0]["pubkey"], to_hex(node.alice.pubkey));
    auto raw = decode_signed_tx(*from_hex(got["raw"].get<std::string>()));
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(to_hex((*raw)->tx_hash), hash);
}

TEST_F(rpc_tx_get, PendingTxIsPending) {
    const std::string hash = submit_transfer(node, node.alice, node.bob, "1.00");
    json got = node.ok("tx_get", {{"tx_hash", hash}});
    EXPECT_EQ(got["status"], "pending");
    EXPECT_EQ(got["tx_hash"], hash);
}

TEST_F(rpc_tx_get, UnknownTxIsNotFound) {
    json e = node.err("tx_get", {{"tx_hash", std::string(64, 'c')}});
    EXPECT_EQ(e["code"], -32001);
    EXPECT_EQ(reason_of(e), "NOT_FOUND");
    EXPECT_EQ(reason_of(node.err("tx_get", {{"tx_hash", std::string(64, 'g')}})), "INVALID_ARGUMENT");
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_account : public ::testing::Test {
protected:
    NodeRpc node;
};

TEST_F(rpc_account, AccountByAddressOrByKey) {
    json a = node.ok("account_get", {{"account", node.alice.address}});
    EXPECT_EQ(a["address"], node.alice.address);
    EXPECT_EQ(a["account_id"], to_hex(node.alice.id));
    EXPECT_EQ(a["pubkey"], to_hex(node.alice.pubkey));
    EXPECT_EQ(a["threshold"], 1);
    EXPECT_EQ(a["nonce"], 0);
    EXPECT_EQ(a["roles"], json::array());
    EXPECT_EQ(a["kyc"]["level"], 1);
    EXPECT_EQ(a["kyc"]["expires_ms"], NodeRpc::kKycExpiresMs);
    EXPECT_EQ(node.ok("account_get", {{"pubkey", to_hex(node.alice.pubkey)}}), a);
    json op = node.ok("account_get", {{"account", node.operator_.address}});
    EXPECT_EQ(op["roles"], json::array({"operator"}));
    EXPECT_TRUE(op["kyc"].is_null());
}

TEST_F(rpc_account, NonceCountsPendingTxsAndCommittedNonceDoesNot) {
    submit_transfer(node, node.alice, node.bob, "1.00");
    json a = node.ok("account_get", {{"account", node.alice.address}});
    EXPECT_EQ(a["nonce"], 1);
    EXPECT_EQ(a["committed_nonce"], 0);
}

TEST_F(rpc_account, UnknownOrMalformedAccount) {
    EXPECT_EQ(reason_of(node.err("account_get", {{"account", node.carol.address}})), "UNKNOWN_ACCOUNT");
    EXPECT_EQ(reason_of(node.err("account_get", {{"pubkey", to_hex(node.carol.pubkey)}})), "NOT_FOUND");
    EXPECT_EQ(reason_of(node.err("account_get", {{"account", "folio1notanaddress"}})), "BAD_ADDRESS");
    EXPECT_EQ(node.err("account_get", json::object())["code"], -32602);
    EXPECT_EQ(node.err("account_get", {{"account", node.alice.address}, {"pubkey", to_hex(node.alice.pubkey)}})["code"], -32602);
    EXPECT_EQ(reason_of(node.err("account_holdings", {{"account", node.carol.address}})), "UNKNOWN_ACCOUNT");
    EXPECT_EQ(reason_of(node.err("account_history", {{"account", node.carol.address}})), "UNKNOWN_ACCOUNT");
}

TEST_F(rpc_account, HoldingsSayWhatIsAvailable) {
    json f = node.ok("tx_sign_submit", {{"key", "registrar"},
                                        {"ops", {{{"op", "freeze"}, {"account", node.alice.address}, {"asset", "EURX"}, {"amount", "30.00"}}}}});
    ASSERT_TRUE(f.contains("tx_hash"));
    node.produce();
    json h = node.ok("account_holdings", {{"account", node.alice.address}});
    EXPECT_EQ(h["height"], 1);
    EXPECT_EQ(h["account"], node.alice.address);
    ASSERT_EQ(h["holdings"].size(), 1u);
    const json& eurx = h["holdings"][0];
    EXPECT_EQ(eurx["asset"], "EURX");
    EXPECT_EQ(eurx["decimals"], 2);
    EXPECT_EQ(eurx["amount"], "100.00");
    EXPECT_EQ(eurx["locked"], "0.00");
    EXPECT_EQ(eurx["frozen"], "30.00");
    EXPECT_EQ(eurx["available"], "70.00");
    EXPECT_TRUE(node.ok("account_holdings", {{"account", node.issuer.address}})["holdings"].empty());
}

TEST_F(rpc_account, HoldingsAtAPastHeight) {
    submit_transfer(node, node.alice, node.bob, "100.00");
    node.produce();
    EXPECT_TRUE(node.ok("account_holdings", {{"account", node.alice.address}})["holdings"].empty());
    json past = node.ok("account_holdings", {{"account", node.alice.address}, {"height", 0}});
    EXPECT_EQ(past["height"], 0);
    ASSERT_EQ(past["holdings"].size(), 1u);
    EXPECT_EQ(past["holdings"][0]["amount"], "100.00");
    EXPECT_EQ(node.ok("account_holdings", {{"account", node.bob.address}, {"height", 1}})["holdings"][0]["amount"], "150.00");
    json e = node.err("account_holdings", {{"account", node.alice.address}, {"height", 2}});
    EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT");
}

TEST_F(rpc_account, HistoryIsNewestFirstByPages) {
    std::vector<std::string> hashes;
    for (const char* amount : {"1.00", "2.00", "3.00"}) {
        hashes.push_back(submit_transfer(node, node.alice, node.bob, amount));
        node.produce();
    }
    json page = node.ok("account_history", {{"account", node.alice.address}, {"limit", 2}});
    ASSERT_EQ(page["history"].size(), 2u);
    EXPECT_EQ(page["history"][0]["tx_hash"], hashes[2]);
    EXPECT_EQ(page["history"][0]["height"], 3);
    EXPECT_EQ(page["history"][0]["ops"][0]["amount"], "3.00");
    EXPECT_EQ(page["history"][0]["status"], "committed");
    EXPECT_EQ(page["history"][0]["signer"], node.alice.address);
    EXPECT_GT(page["history"][0]["time_ms"].get<uint64_t>(), 0u);
    EXPECT_EQ(page["history"][1]["tx_hash"], hashes[1]);
    ASSERT_TRUE(page.contains("next_cursor"));
    json rest = node.ok("account_history", {{"account", node.alice.address}, {"limit", 2}, {"cursor", page["next_cursor"]}});
    ASSERT_EQ(rest["history"].size(), 1u);
    EXPECT_EQ(rest["history"][0]["tx_hash"], hashes[0]);
    EXPECT_FALSE(rest.contains("next_cursor"));
    // The receiver's history holds the same txs.
    EXPECT_EQ(node.ok("account_history", {{"account", node.bob.address}})["history"].size(), 3u);
}

TEST_F(rpc_account, HistoryRefusesForeignCursorsAndLargePages) {
    EXPECT_EQ(reason_of(node.err("account_history", {{"account", node.alice.address}, {"cursor", "abc"}})), "INVALID_ARGUMENT");
    EXPECT_EQ(reason_of(node.err("account_history", {{"account", node.alice.address}, {"cursor", "3:"}})), "INVALID_ARGUMENT");
    EXPECT_EQ(node.err("account_history", {{"account", node.alice.address}, {"limit", 201}})["code"], -32602);
    EXPECT_EQ(node.err("account_history", {{"account", node.alice.address}, {"limit", 0}})["code"], -32602);
}

TEST_F(rpc_account, NodeKeysListTheKeystoreForAdminsOnly) {
    json keys = node.ok("node_keys", json::object())["keys"];
    ASSERT_EQ(keys.size(), 3u);
    EXPECT_EQ(keys[0]["name"], "issuer");
    EXPECT_EQ(keys[0]["address"], node.issuer.address);
    EXPECT_EQ(keys[0]["pubkey"], to_hex(node.issuer.pubkey));
    EXPECT_EQ(keys[0]["registered"], true);
    EXPECT_EQ(keys[2]["name"], "registrar");
    EXPECT_EQ(node.err("node_keys", json::object(), Scope::Submit)["code"], -32002);
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_asset : public ::testing::Test {
protected:
    NodeRpc node;

    void create_two_assets() {
        const json ops = {{{"op", "asset_create"}, {"symbol", "ACME"}, {"class", "equity"}, {"decimals", 0}, {"max_supply", "1000"}},
                          {{"op", "asset_create"}, {"symbol", "BOND"}, {"class", "minibond"}, {"decimals", 3}, {"max_supply", "5.000"}}};
        ASSERT_TRUE(node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", ops}}).contains("tx_hash"));
        node.produce();
    }
};

TEST_F(rpc_asset, AssetGetShowsSupplyHoldersAndPolicy) {
    json a = node.ok("asset_get", {{"asset", "EURX"}});
    EXPECT_EQ(a["symbol"], "EURX");
    EXPECT_EQ(a["asset_id"], 1);
    EXPECT_EQ(a["class"], "currency");
    EXPECT_EQ(a["decimals"], 2);
    EXPECT_EQ(a["max_supply"], "1000000.00");
    EXPECT_EQ(a["supply"], "150.00");
    EXPECT_EQ(a["holders"], 2);
    EXPECT_EQ(a["issuer"], node.issuer.address);
    EXPECT_EQ(a["policy"]["kyc_min_level"], 1);
    EXPECT_EQ(a["policy"]["transferable"], true);
    EXPECT_EQ(a["created_height"], 0);
}

TEST_F(rpc_asset, UnknownOrMalformedSymbol) {
    json e = node.err("asset_get", {{"asset", "NOPE"}});
    EXPECT_EQ(reason_of(e), "UNKNOWN_ASSET");
    EXPECT_NE(e["message"].get<std::string>().find("NOPE"), std::string::npos);
    EXPECT_EQ(reason_of(node.err("asset_get", {{"asset", "bad sym"}})), "BAD_SYMBOL");
    EXPECT_EQ(node.err("asset_get", {{"asset", "THIRTEENCHARS"}})["code"], -32602);
}

// asset_get at a past height answers the record of that block (the store's asset history), so a register
// exported at a record date checks against the supply and holder count of that date.
TEST_F(rpc_asset, AssetGetAtAPastHeightGivesThatBlocksRecord) {
    const json issue = {{{"op", "issue"}, {"asset", "EURX"}, {"to", {{{"account", node.alice.address}, {"amount", "25.00"}}}}}};
    ASSERT_TRUE(node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", issue}}).contains("tx_hash"));
    node.produce();
    create_two_assets();
    json head = node.ok("asset_get", {{"asset", "EURX"}});
    EXPECT_EQ(head["supply"], "175.00");
    json before = node.ok("asset_get", {{"asset", "EURX"}, {"height", 0}});
    EXPECT_EQ(before["supply"], "150.00");
    EXPECT_EQ(before["holders"], 2);
    EXPECT_EQ(node.ok("asset_get", {{"asset", "EURX"}, {"height", 1}})["supply"], "175.00");
    json at0 = node.ok("asset_holders", {{"asset", "EURX"}, {"height", 0}});
    EXPECT_EQ(at0["supply"], "150.00");
    EXPECT_EQ(at0["holder_count"], 2);
    json absent = node.err("asset_get", {{"asset", "ACME"}, {"height", 1}});
    EXPECT_EQ(reason_of(absent), "UNKNOWN_ASSET");
    EXPECT_NE(absent["message"].get<std::string>().find("did not exist at block 1"), std::string::npos);
    EXPECT_EQ(node.ok("asset_get", {{"asset", "ACME"}, {"height", 2}})["supply"], "0");
    EXPECT_EQ(reason_of(node.err("asset_get", {{"asset", "EURX"}, {"height", 3}})), "INVALID_ARGUMENT");
}

TEST_F(rpc_asset, AssetListPagesInCreationOrder) {
    create_two_assets();
    json page = node.ok("asset_list", {{"limit", 2}});
    ASSERT_EQ(page["assets"].size(), 2u);
    EXPECT_EQ(page["assets"][0]["symbol"], "EURX");
    EXPECT_EQ(page["assets"][1]["symbol"], "ACME");
    ASSERT_TRUE(page.contains("next_cursor"));
    json rest = node.ok("asset_list", {{"limit", 2}, {"cursor", page["next_cursor"]}});
    ASSERT_EQ(rest["assets"].size(), 1u);
    EXPECT_EQ(rest["assets"][0]["symbol"], "BOND");
    EXPECT_EQ(rest["assets"][0]["max_supply"], "5.000");
    EXPECT_FALSE(rest.contains("next_cursor"));
    EXPECT_EQ(node.ok("asset_list", json::object())["assets"].size(), 3u);
    EXPECT_EQ(reason_of(node.err("asset_list", {{"cursor", "x"}})), "INVALID_ARGUMENT");
}

TEST_F(rpc_asset, HoldersPageInAccountOrder) {
    json page = node.ok("asset_holders", {{"asset", "EURX"}, {"limit", 1}});
    EXPECT_EQ(page["height"], 0);
    EXPECT_EQ(page["decimals"], 2);
    ASSERT_EQ(page["holders"].size(), 1u);
    const bool alice_first = node.alice.id < node.bob.id;
    EXPECT_EQ(page["holders"][0]["account"], alice_first ? node.alice.address : node.bob.address);
    EXPECT_EQ(page["holders"][0]["amount"], alice_first ? "100.00" : "50.00");
    EXPECT_EQ(page["next_cursor"], page["holders"][0]["account"]);
    json rest = node.ok("asset_holders", {{"asset", "EURX"}, {"limit", 1}, {"cursor", page["next_cursor"]}});
    ASSERT_EQ(rest["holders"].size(), 1u);
    EXPECT_EQ(rest["holders"][0]["account"], alice_first ? node.bob.address : node.alice.address);
    EXPECT_FALSE(rest.contains("next_cursor"));
}

TEST_F(rpc_asset, HoldersAtAPastHeight) {
    submit_transfer(node, node.alice, node.bob, "100.00");
    node.produce();
    json now = node.ok("asset_holders", {{"asset", "EURX"}});
    EXPECT_EQ(now["height"], 1);
    ASSERT_EQ(now["holders"].size(), 1u);
    EXPECT_EQ(now["holders"][0]["amount"], "150.00");
    EXPECT_EQ(node.ok("asset_holders", {{"asset", "EURX"}, {"height", 0}})["holders"].size(), 2u);
    EXPECT_EQ(reason_of(node.err("asset_holders", {{"asset", "EURX"}, {"height", 2}})), "INVALID_ARGUMENT");
    EXPECT_EQ(reason_of(node.err("asset_holders", {{"asset", "NOPE"}})), "UNKNOWN_ASSET");
    EXPECT_EQ(reason_of(node.err("asset_holders", {{"asset", "EURX"}, {"cursor", "nope"}})), "INVALID_ARGUMENT");
    EXPECT_EQ(node.err("asset_holders", {{"asset", "EURX"}, {"limit", 1001}})["code"], -32602);
}

// asset_holders rows carry the parts of each amount that are frozen or locked, and with `kyc` the holder's
// attestation as it stood at the height asked (from the KYC history, not the account's current record).
TEST_F(rpc_asset, HoldersGiveFrozenLockedAndTheKycOfTheHeight) {
    json freeze = {{"op", "freeze"}, {"account", node.alice.address}, {"asset", "EURX"}, {"amount", "30.00"}};
    json r = node.build_sign_submit(node.issuer, json::array({freeze}));
    ASSERT_TRUE(r.contains("result")) << r.dump();
    node.produce();
    json attest = {{"op", "kyc_attest"}, {"account", node.alice.address}, {"level", 2}, {"category", "professional"},
                   {"expires_ms", 4200000000000ULL}, {"doc_hash", std::string(64, 'a')}};
    r = node.build_sign_submit(node.operator_, json::array({attest}));
    ASSERT_TRUE(r.contains("result")) << r.dump();
    node.produce();

    auto alice_row = [&](const json& page) {
        for (const json& h : page["holders"]) {
            if (h["account"] == node.alice.address) return h;
        }
        return json();
    };
    json now = node.ok("asset_holders", {{"asset", "EURX"}, {"kyc", true}});
    EXPECT_EQ(now["supply"], "150.00");
    EXPECT_EQ(now["holder_count"], 2);
    json alice = alice_row(now);
    EXPECT_EQ(alice["amount"], "100.00");
    EXPECT_EQ(alice["frozen"], "30.00");
    EXPECT_EQ(alice["locked"], "0.00");
    EXPECT_EQ(alice["kyc"]["level"], 2);
    EXPECT_EQ(alice["kyc"]["category"], "professional");
    EXPECT_EQ(alice["kyc"]["attested_height"], 2);

    json before = node.ok("asset_holders", {{"asset", "EURX"}, {"height", 1}, {"kyc", true}});
    EXPECT_EQ(before["holder_count"], 2);  // the asset record of block 1, from the asset history
    EXPECT_EQ(before["supply"], "150.00");
    alice = alice_row(before);
    EXPECT_EQ(alice["frozen"], "30.00");
    EXPECT_EQ(alice["kyc"]["level"], 1);
    EXPECT_EQ(alice["kyc"]["attested_height"], 0);
    alice = alice_row(node.ok("asset_holders", {{"asset", "EURX"}, {"height", 0}}));
    EXPECT_EQ(alice["frozen"], "0.00");
    EXPECT_FALSE(alice.contains("kyc"));
}

}  // namespace
}  // namespace folio::node::test
