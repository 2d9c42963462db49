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
    if (!r) throw Failure(std::string(what) + ": " + std::string(reason_name(r.reason())) + ": " + r.error().message);
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
    // The same tx with its signature passed beside it: another signature (fresh BIP340 aux randomness), same hash.
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
    EXPECT_EQ(value_of((*answers)[4], "chain_status").at("mempool_size"), 1) << "the resubmissions added a tx";

    const json committed = wait_committed(node, hash);
    const json status_after_commit = node.call("chain_status");
    EXPECT_EQ(status_after_commit.at("height"), committed.at("height"));
    const json alice_after = node.call("account_get", {{"account", p.alice.address}});

    // After the commit: the same answers, and nothing changes.
    const json late = node.call("tx_submit", {{"tx", signed_tx}});
    EXPECT_EQ(late.at("tx_hash"), hash);
    EXPECT_EQ(late.value("already_known", false), true);
    EXPECT_EQ(node.call("tx_submit", with_signatures).at("tx_hash"), hash);
    std::this_thread::sleep_for(std::chrono::milliseconds(kBlockIntervalMs + 300));  // a block would have come
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
        return node.raw_call("tx_sign_submit", {{"key", "issuer"},
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
    const json built = node.call("tx_build", {{"signer", p.alice.address},
                                              {"ops", json::array({{{"op", "transfer"},
                                                                    {"asset", "ACME"},
                                                                    {"to", p.bob.address},
                                                                    {"amount", "1"}}})},
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

}  // namespace
}  // namespace folio::e2e
