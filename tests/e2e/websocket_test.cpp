// Scenario: a client on WebSocket /ws subscribes to blocks, to a tx (before submitting it) and to an account;
// each is notified when the tx commits; unsubscribe ends a subscription while other sessions keep theirs.
#include <gtest/gtest.h>

#include <map>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

using namespace std::chrono_literals;

json ws_call(rpc::WsClient& ws, const std::string& method, const json& params) {
    auto r = ws.call(method, params);
    if (!r)
        throw Failure("ws " + method + ": " + std::string(reason_name(r.reason())) + ": " +
                      r.error().message);
    return std::move(r).value();
}

// Notifications of `ws` until each id in `wanted` has one or `timeout` passes: subscription id -> results.
std::map<std::string, std::vector<json>> collect(rpc::WsClient& ws, const std::vector<std::string>& wanted,
                                                 std::chrono::milliseconds timeout) {
    std::map<std::string, std::vector<json>> got;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto complete = [&] {
        for (const auto& id : wanted) {
            if (!got.count(id)) return false;
        }
        return true;
    };
    while (!complete()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        auto n = ws.next_notification(left);
        if (!n) break;
        got[n->at("subscription").get<std::string>()].push_back(n->at("result"));
    }
    return got;
}

TEST(e2e_websocket, SubscriptionsNotifyOnCommitAndUnsubscribeEndsThem) {
    FoliodNode node;
    node.start();
    Investor alice = new_investor();
    register_investors(node, {&alice}, /*kyc=*/false);

    rpc::WsClient ws(node.ws_url(), node.admin_token());
    ASSERT_TRUE(ws.connect()) << "cannot open " << node.ws_url();
    rpc::WsClient watcher(node.ws_url(), node.admin_token());  // another session, subscribed throughout
    ASSERT_TRUE(watcher.connect());
    const std::string blocks = ws_call(ws, "subscribe_blocks", json::object()).at("subscription");
    const std::string watched = ws_call(watcher, "subscribe_blocks", json::object()).at("subscription");

    // A tx of alice's (a key rotation), subscribed to before it is submitted.
    const Investor next = new_investor();
    const json built =
        node.call("tx_build", {{"signer", alice.address},
                               {"ops", json::array({{{"op", "key_rotate"}, {"new_pubkey", next.pubkey}}})}});
    const std::string hash = built.at("sighash");
    const std::string tx_sub = ws_call(ws, "subscribe_tx", {{"tx_hash", hash}}).at("subscription");
    const std::string account_sub =
        ws_call(ws, "subscribe_account", {{"account", alice.address}}).at("subscription");
    EXPECT_EQ(collect(ws, {"none"}, 300ms).size(), 0u) << "notified before anything was submitted";

    node.call("tx_submit", {{"tx", signed_hex(built, alice)}});
    auto got = collect(ws, {blocks, tx_sub, account_sub}, 15s);
    ASSERT_EQ(got[tx_sub].size(), 1u) << "subscribe_tx: no notification on commit";
    const json& tx_note = got[tx_sub][0];
    EXPECT_EQ(tx_note.at("status"), "committed") << tx_note.dump();
    const uint64_t height = tx_note.at("height");
    EXPECT_EQ(node.call("tx_wait", {{"tx_hash", hash}}).at("height"), height);

    ASSERT_GE(got[blocks].size(), 1u) << "subscribe_blocks: no notification on commit";
    const json& block_note = got[blocks].back();
    EXPECT_EQ(block_note.at("height"), height) << block_note.dump();
    EXPECT_EQ(block_note.at("hash"), node.call("block_get", {{"height", height}}).at("hash"));
    EXPECT_EQ(block_note.at("tx_count"), 1);

    ASSERT_EQ(got[account_sub].size(), 1u) << "subscribe_account: no notification for the account's tx";
    EXPECT_EQ(got[account_sub][0].at("tx_hash"), hash);
    EXPECT_EQ(got[account_sub][0].at("status"), "committed");

    auto watched_first = collect(watcher, {watched}, 10s);
    ASSERT_EQ(watched_first[watched].size(), 1u);
    EXPECT_EQ(watched_first[watched][0].at("height"), height);

    // A tx subscription ends with its notification; a block subscription ends with unsubscribe, once.
    EXPECT_FALSE(ws.call("unsubscribe", {{"subscription", tx_sub}}))
        << "a fired tx subscription was still there";
    EXPECT_EQ(ws_call(ws, "unsubscribe", {{"subscription", blocks}}).at("unsubscribed"), true);
    auto twice = ws.call("unsubscribe", {{"subscription", blocks}});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.reason(), Reason::NOT_FOUND);
    // Another session cannot end this session's subscriptions.
    auto foreign = watcher.call("unsubscribe", {{"subscription", account_sub}});
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.reason(), Reason::NOT_FOUND);

    // The next block reaches the session still subscribed, and not the one that unsubscribed.
    sign_submit_wait(node, "operator",
                     json::array({{{"op", "account_register"}, {"pubkey", new_investor().pubkey}}}));
    auto watched_second = collect(watcher, {watched}, 10s);
    ASSERT_EQ(watched_second[watched].size(), 1u) << "the other session missed the block";
    EXPECT_EQ(watched_second[watched][0].at("height"), height + 1);
    auto after = collect(ws, {"none"}, 500ms);
    EXPECT_EQ(after.count(blocks), 0u) << "notified after unsubscribe";
    EXPECT_EQ(after.count(tx_sub), 0u) << "a tx subscription fired twice";
    EXPECT_EQ(after.count(account_sub), 0u) << "notified for a tx that does not concern the account";
    EXPECT_TRUE(ws.is_open());

    // Subscriptions need a session: over HTTP they are refused.
    const json over_http = node.raw_call("subscribe_blocks");
    ASSERT_TRUE(over_http.contains("error")) << over_http.dump();
    EXPECT_EQ(over_http["error"].at("code"), -32005);
    ws.close();
    watcher.close();
    node.stop();
}

}  // namespace
}  // namespace folio::e2e
