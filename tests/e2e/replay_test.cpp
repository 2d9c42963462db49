// Scenario: replays and retries. A signed tx submitted again answers its hash and changes nothing (pending or
// committed); a new tx reusing a committed nonce is refused with BAD_NONCE; a backend's retry with a used
// client_ref is refused with DUPLICATE_CLIENT_REF naming the first tx, so an issuance happens once.
#include <gtest/gtest.h>

#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

using namespace std::chrono_literals;

// Blocks at most once a second: a tx submitted right after a commit stays pending for about a second, long
// enough to act on it while it waits.
constexpr uint64_t kBlockIntervalMs = 1000;

json value_of(const Result<json>& r, const char* what) {
    if (!r)
        throw Failure(std::string(what) + ": " + std::string(reason_name(r.reason())) + ": " +
                      r.error().message);
    return r.value();
}

TEST(e2e_replay, ResubmittedSignedTxAnswersItsHashWhilePendingAndAfterCommitAndChangesNothing) {
    FoliodNode node;
    node.configure({{"block_interval_ms", kBlockIntervalMs}});
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");  // a block was just committed

    const json built = build_transfer(node, p.alice, "ACME", p.bob.address, "10");
    const std::string hash = built.at("sighash");
    const std::string signed_tx = signed_hex(built, p.alice);
    // The same tx with its signature passed beside it: another signature (fresh BIP340 aux randomness), same
    // hash.
    const json with_signatures = {{"tx", built.at("tx")}, {"signatures", signatures_for(built, p.alice)}};

    // Submitted, then again twice (both forms) while pending, in one round trip.
    auto c = node.client();
    auto answers = c->batch({{"tx_submit", {{"tx", signed_tx}}},
                             {"tx_submit", {{"tx", signed_tx}}},
                             {"tx_submit", with_signatures},
                             {"tx_get", {{"tx_hash", hash}}},
                             {"chain_status", json::object()}});
    ASSERT_TRUE(answers) << answers.error().message;
    ASSERT_EQ(answers->size(), 5u);
    const json first = value_of((*answers)[0], "first submit");
    EXPECT_EQ(first.at("tx_hash"), hash);
    EXPECT_EQ(first.value("already_known", true), false);
    const json again = value_of((*answers)[1], "resubmit while pending");
    EXPECT_EQ(again.at("tx_hash"), hash);
    EXPECT_EQ(again.value("already_known", false), true);
    const json again_sigs = value_of((*answers)[2], "resubmit with signatures while pending");
    EXPECT_EQ(again_sigs.at("tx_hash"), hash);
    ASSERT_EQ(value_of((*answers)[3], "tx_get").at("status"), "pending")
        << "the tx committed before it could be resubmitted while pending";
    EXPECT_EQ(value_of((*answers)[4], "chain_status").at("mempool_size"), 1)
        << "the resubmissions added a tx";

    const json committed = wait_committed(node, hash);
    const json status_after_commit = node.call("chain_status");
    EXPECT_EQ(status_after_commit.at("height"), committed.at("height"));
    const json alice_after = node.call("account_get", {{"account", p.alice.address}});

    // After the commit: the same answers, and nothing changes.
    const json late = node.call("tx_submit", {{"tx", signed_tx}});
    EXPECT_EQ(late.at("tx_hash"), hash);
    EXPECT_EQ(late.value("already_known", false), true);
    EXPECT_EQ(node.call("tx_submit", with_signatures).at("tx_hash"), hash);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(kBlockIntervalMs + 300));  // a block would have come
    const json status = node.call("chain_status");
    EXPECT_EQ(status.at("height"), status_after_commit.at("height"));
    EXPECT_EQ(status.at("state_root"), status_after_commit.at("state_root"));
    EXPECT_EQ(status.at("mempool_size"), 0);
    EXPECT_EQ(node.call("account_get", {{"account", p.alice.address}}).at("nonce"), alice_after.at("nonce"));
    EXPECT_EQ(holding_of(node, p.alice.address, "ACME"), "90");
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "10");
    const json tx = node.call("tx_get", {{"tx_hash", hash}});
    EXPECT_EQ(tx.at("height"), committed.at("height"));
    node.stop();
}

TEST(e2e_replay, NonceOfACommittedTxIsRefusedWithBadNonce) {
    FoliodNode node;
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");

    const json t1 = build_transfer(node, p.alice, "ACME", p.bob.address, "10");
    const uint64_t nonce = t1.at("nonce");
    node.call("tx_submit", {{"tx", signed_hex(t1, p.alice)}});
    wait_committed(node, t1.at("sighash"));

    // Another tx (other amount) with the nonce already used: refused, whichever form it comes in.
    const json t2 = build_transfer(node, p.alice, "ACME", p.bob.address, "20", nonce);
    ASSERT_EQ(t2.at("nonce"), nonce);
    ASSERT_NE(t2.at("sighash"), t1.at("sighash"));
    const json refused = node.raw_call("tx_submit", {{"tx", signed_hex(t2, p.alice)}});
    EXPECT_EQ(error_reason(refused), "BAD_NONCE") << refused.dump();
    EXPECT_EQ(refused.at("error").at("code"), -32000) << refused.dump();
    const json refused_sigs =
        node.raw_call("tx_submit", {{"tx", t2.at("tx")}, {"signatures", signatures_for(t2, p.alice)}});
    EXPECT_EQ(error_reason(refused_sigs), "BAD_NONCE") << refused_sigs.dump();
    // An older nonce still.
    if (nonce > 0) {
        const json t0 = build_transfer(node, p.alice, "ACME", p.bob.address, "5", nonce - 1);
        EXPECT_EQ(error_reason(node.raw_call("tx_submit", {{"tx", signed_hex(t0, p.alice)}})), "BAD_NONCE");
    }
    EXPECT_EQ(error_reason(node.raw_call("tx_get", {{"tx_hash", t2.at("sighash")}})), "NOT_FOUND");
    EXPECT_EQ(node.call("chain_status").at("mempool_size"), 0);
    EXPECT_EQ(holding_of(node, p.alice.address, "ACME"), "90");
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "10");

    // The next nonce still works.
    const json t3 = build_transfer(node, p.alice, "ACME", p.bob.address, "1");
    EXPECT_EQ(t3.at("nonce"), nonce + 1);
    node.call("tx_submit", {{"tx", signed_hex(t3, p.alice)}});
    wait_committed(node, t3.at("sighash"));
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "11");
    node.stop();
}

TEST(e2e_replay, ClientRefRetryIsRefusedWithTheFirstTxHashAndIssuesOnce) {
    FoliodNode node;
    node.configure({{"block_interval_ms", kBlockIntervalMs}});
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");  // a block was just committed
    const std::string supply_before = node.call("asset_get", {{"asset", "ACME"}}).at("supply");
    ASSERT_EQ(supply_before, "100");

    auto issue_to_bob = [&](const std::string& amount) {
        return node.raw_call("tx_sign_submit",
                             {{"key", "issuer"},
                              {"ops", json::array({issue_op("ACME", {{p.bob.address, amount}})})},
                              {"client_ref", "payout-2024-07"}});
    };
    const json first = issue_to_bob("40");
    ASSERT_TRUE(first.contains("result")) << first.dump();
    const std::string first_hash = first["result"].at("tx_hash");

    // The backend did not hear back and retries (a new tx: new nonce) while the first is pending ...
    ASSERT_EQ(node.call("tx_get", {{"tx_hash", first_hash}}).at("status"), "pending");
    const json retry_pending = issue_to_bob("40");
    EXPECT_EQ(error_reason(retry_pending), "DUPLICATE_CLIENT_REF") << retry_pending.dump();
    ASSERT_TRUE(retry_pending.contains("error")) << retry_pending.dump();
    EXPECT_EQ(retry_pending["error"].at("data").value("tx_hash", ""), first_hash) << retry_pending.dump();

    wait_committed(node, first_hash);
    // ... and after it committed, with other content.
    const json retry_committed = issue_to_bob("75");
    EXPECT_EQ(error_reason(retry_committed), "DUPLICATE_CLIENT_REF") << retry_committed.dump();
    ASSERT_TRUE(retry_committed.contains("error")) << retry_committed.dump();
    EXPECT_EQ(retry_committed["error"].at("data").value("tx_hash", ""), first_hash) << retry_committed.dump();

    // A tx signed outside the node, with the same client_ref and another nonce: refused alike.
    const json built = node.call(
        "tx_build",
        {{"signer", p.alice.address},
         {"ops",
          json::array({{{"op", "transfer"}, {"asset", "ACME"}, {"to", p.bob.address}, {"amount", "1"}}})},
         {"client_ref", "order-1"}});
    const json alice_first = node.call("tx_submit", {{"tx", signed_hex(built, p.alice)}});
    wait_committed(node, alice_first.at("tx_hash"));
    const json rebuilt = build_transfer(node, p.alice, "ACME", p.bob.address, "2", std::nullopt, "order-1");
    ASSERT_NE(rebuilt.at("nonce"), built.at("nonce"));
    const json alice_retry = node.raw_call("tx_submit", {{"tx", signed_hex(rebuilt, p.alice)}});
    EXPECT_EQ(error_reason(alice_retry), "DUPLICATE_CLIENT_REF") << alice_retry.dump();
    ASSERT_TRUE(alice_retry.contains("error")) << alice_retry.dump();
    EXPECT_EQ(alice_retry["error"].at("data").value("tx_hash", ""), alice_first.at("tx_hash"));

    // One issuance of 40 happened, one transfer of 1.
    EXPECT_EQ(node.call("asset_get", {{"asset", "ACME"}}).at("supply"), "140");
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "41");
    EXPECT_EQ(holding_of(node, p.alice.address, "ACME"), "99");
    EXPECT_EQ(node.call("chain_status").at("mempool_size"), 0);
    node.stop();
}

TEST(e2e_replay, TxWithAFutureNonceWaitsUntilTheGapIsFilled) {
    FoliodNode node;
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");
    const json first = build_transfer(node, p.alice, "ACME", p.bob.address, "1");
    const uint64_t n = first.at("nonce");
    const json second = build_transfer(node, p.alice, "ACME", p.bob.address, "2", n + 1);

    // n + 1 arrives first: accepted, but it cannot be included before n.
    const json early = node.raw_call("tx_submit", {{"tx", signed_hex(second, p.alice)}});
    ASSERT_TRUE(early.contains("result")) << "a tx one nonce ahead was refused: " << early.dump();
    const json waited = node.call("tx_wait", {{"tx_hash", second.at("sighash")}, {"timeout_ms", 600}});
    EXPECT_EQ(waited.at("status"), "pending") << waited.dump();
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "0");

    node.call("tx_submit", {{"tx", signed_hex(first, p.alice)}});
    const json c1 = wait_committed(node, first.at("sighash"));
    const json c2 = wait_committed(node, second.at("sighash"));
    EXPECT_LE(c1.at("height").get<uint64_t>(), c2.at("height").get<uint64_t>());
    if (c1.at("height") == c2.at("height")) {
        EXPECT_LT(c1.at("index").get<uint64_t>(), c2.at("index").get<uint64_t>());
    }
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "3");
    EXPECT_EQ(node.call("account_get", {{"account", p.alice.address}}).at("committed_nonce"), n + 2);
    node.stop();
}

// `valid_until_height` bounds how long a tx may wait; tx_wait says `expired` for a tx dropped from
// the mempool after it. Here the tx waits behind a nonce gap that is not filled in time.
TEST(e2e_replay, TxWaitingForANonceGapPastItsValidUntilHeightExpires) {
    FoliodNode node;
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");
    const uint64_t height = node.call("chain_status").at("height");
    const json gap = build_transfer(node, p.alice, "ACME", p.bob.address, "1");  // nonce n, held back for now
    const json ahead = node.call(
        "tx_build",
        {{"signer", p.alice.address},
         {"ops",
          json::array({{{"op", "transfer"}, {"asset", "ACME"}, {"to", p.bob.address}, {"amount", "2"}}})},
         {"nonce", gap.at("nonce").get<uint64_t>() + 1},
         {"valid_until_height", height + 1}});
    const std::string ahead_hash = ahead.at("sighash");
    const json admitted = node.raw_call("tx_submit", {{"tx", signed_hex(ahead, p.alice)}});
    ASSERT_TRUE(admitted.contains("result")) << admitted.dump();
    rpc::WsClient ws(node.ws_url(), node.admin_token());
    ASSERT_TRUE(ws.connect());
    const auto sub = ws.call("subscribe_tx", {{"tx_hash", ahead_hash}});
    ASSERT_TRUE(sub) << sub.error().message;

    // Two blocks pass (txs of another signer): the tx can no longer be included. It leaves the mempool, and
    // the subscriber who waited for it is told it expired (a later tx_wait may no longer know it: "unknown").
    for (int i = 0; i < 2; ++i) {
        sign_submit_wait(node, "operator",
                         json::array({{{"op", "account_register"}, {"pubkey", new_investor().pubkey}}}));
    }
    EXPECT_EQ(node.call("chain_status").at("mempool_size"), 0)
        << "the mempool still holds a tx that can never be included";
    const std::string status =
        node.call("tx_wait", {{"tx_hash", ahead_hash}, {"timeout_ms", 1000}}).at("status");
    EXPECT_TRUE(status == "expired" || status == "unknown") << "tx_wait says " << status;
    auto note = ws.next_notification(std::chrono::seconds(2));
    EXPECT_TRUE(note) << "subscribe_tx was never told that the tx expired";
    if (note) {
        EXPECT_EQ(note->at("result").at("status"), "expired") << note->dump();
    }

    // The gap filled, only the tx at n is included.
    node.call("tx_submit", {{"tx", signed_hex(gap, p.alice)}});
    wait_committed(node, gap.at("sighash"));
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "1");
    EXPECT_EQ(node.call("chain_status").at("mempool_size"), 0);
    EXPECT_EQ(node.call("account_get", {{"account", p.alice.address}}).at("committed_nonce"),
              gap.at("nonce").get<uint64_t>() + 1);
    ws.close();
    node.stop();
}

TEST(e2e_replay, PendingTxsCountInTheChecksOfLaterTxs) {
    FoliodNode node;
    node.configure({{"block_interval_ms", kBlockIntervalMs}});
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");  // a block was just committed: the next waits ~1 s

    // 80 then 30 of alice's 100, both while pending: the second overspends once the first is counted.
    const json t1 = build_transfer(node, p.alice, "ACME", p.bob.address, "80");
    const json t2 =
        build_transfer(node, p.alice, "ACME", p.bob.address, "30", t1.at("nonce").get<uint64_t>() + 1);
    auto c = node.client();
    auto answers = c->batch({{"tx_submit", {{"tx", signed_hex(t1, p.alice)}}},
                             {"tx_submit", {{"tx", signed_hex(t2, p.alice)}}},
                             {"tx_get", {{"tx_hash", t1.at("sighash")}}}});
    ASSERT_TRUE(answers) << answers.error().message;
    ASSERT_TRUE((*answers)[0]) << (*answers)[0].error().message;
    ASSERT_EQ(value_of((*answers)[2], "tx_get").at("status"), "pending")
        << "the first tx committed too early";
    ASSERT_FALSE((*answers)[1]) << "a tx overspending what pending txs leave was admitted";
    EXPECT_EQ((*answers)[1].reason(), Reason::INSUFFICIENT_BALANCE) << (*answers)[1].error().message;

    wait_committed(node, t1.at("sighash"));
    EXPECT_EQ(holding_of(node, p.alice.address, "ACME"), "20");
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "80");
    EXPECT_EQ(error_reason(node.raw_call("tx_get", {{"tx_hash", t2.at("sighash")}})), "NOT_FOUND");
    node.stop();
}

}  // namespace
}  // namespace folio::e2e
