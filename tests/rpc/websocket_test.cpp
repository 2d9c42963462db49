// WebSocket /ws on real sockets: calls, subscriptions and their notifications, auth at the upgrade, limits.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "prometheus_check.h"
#include "rpc/client.h"
#include "test_server.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

TEST(rpc_websocket, CallsWork) {
    TestServer s;
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect().ok());
    auto r = ws.call("add", {{"a", 2}, {"b", 3}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, 5);
    EXPECT_EQ(ws.call("transfer", {{"amount", "1"}}).reason(), Reason::NOT_AUTHORIZED);
    auto late = ws.call("later", {{"delay_ms", 50}});
    ASSERT_TRUE(late.ok());
    EXPECT_EQ((*late)["done"], true);
}

TEST(rpc_websocket, SubscribeNotifyUnsubscribe) {
    TestServer s;
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect().ok());
    auto sub = ws.call("subscribe_ticks", json::object());
    ASSERT_TRUE(sub.ok()) << sub.error().message;
    std::string id = (*sub)["subscription"];
    EXPECT_EQ(id.size(), 16u);
    EXPECT_EQ(s.hub->size(), 1u);

    EXPECT_EQ(s.hub->publish({{"height", 1}}), 1u);
    EXPECT_EQ(s.hub->publish({{"height", 2}}), 1u);
    for (int h : {1, 2}) {
        auto note = ws.next_notification(2s);
        ASSERT_TRUE(note.ok()) << note.error().message;
        EXPECT_EQ((*note)["subscription"], id);
        EXPECT_EQ((*note)["result"]["height"], h);
    }

    auto un = ws.call("unsubscribe", {{"subscription", id}});
    ASSERT_TRUE(un.ok());
    EXPECT_EQ(*un, true);
    EXPECT_EQ(s.hub->publish({{"height", 3}}), 0u);
    EXPECT_EQ(ws.next_notification(200ms).reason(), Reason::TIMEOUT);
}

TEST(rpc_websocket, NotificationWireFormat) {
    TestServer s;
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect().ok());
    ASSERT_TRUE(ws.call("subscribe_ticks", json::object()).ok());
    // A raw call leaves the notification in the message stream for inspection.
    s.hub->publish({{"height", 9}});
    ASSERT_TRUE(ws.send_text(R"({"jsonrpc":"2.0","id":"raw","method":"echo","params":{"text":"a"}})").ok());
    auto note = ws.next_notification(2s);
    ASSERT_TRUE(note.ok());
    EXPECT_EQ((*note)["result"]["height"], 9);
    auto raw = ws.next_message(2s);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(json::parse(*raw)["id"], "raw");
}

TEST(rpc_websocket, ClosingTheSessionRunsOnCloseSoSubscriptionsAreDropped) {
    TestServer s;
    {
        WsClient ws(s.ws_url(), s.read.plaintext);
        ASSERT_TRUE(ws.connect().ok());
        ASSERT_TRUE(ws.call("subscribe_ticks", json::object()).ok());
        ASSERT_TRUE(ws.call("subscribe_ticks", json::object()).ok());
        EXPECT_EQ(s.hub->size(), 2u);
    }
    EXPECT_TRUE(eventually([&] { return s.hub->size() == 0; }));
    EXPECT_EQ(s.hub->closes.load(), 2);
    EXPECT_EQ(s.hub->publish({{"height", 1}}), 0u);
}

TEST(rpc_websocket, StopRunsOnCloseOfOpenSessions) {
    TestServer s;
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect().ok());
    ASSERT_TRUE(ws.call("subscribe_ticks", json::object()).ok());
    s.server->stop();
    EXPECT_EQ(s.hub->closes.load(), 1);
    EXPECT_EQ(s.hub->publish({{"height", 1}}), 0u);
}

TEST(rpc_websocket, BadTokenIsRefusedAtTheUpgrade) {
    TestServer s;
    WsClient ws(s.ws_url(), make_token(Scope::Read).plaintext);
    Status st = ws.connect();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.reason(), Reason::NOT_AUTHORIZED);
    EXPECT_NE(st.error().message.find("401"), std::string::npos);
}

TEST(rpc_websocket, AnonymousSessionGetsOnlyPublicMethods) {
    TestServer s;
    WsClient ws(s.ws_url());
    ASSERT_TRUE(ws.connect().ok());
    EXPECT_TRUE(ws.call("echo", {{"text", "a"}}).ok());
    EXPECT_EQ(ws.call("subscribe_ticks", json::object()).reason(), Reason::NOT_AUTHORIZED);
}

TEST(rpc_websocket, MessageOverTheLimitClosesTheSession) {
    TestServer s([](ServerConfig& c) { c.max_ws_message_bytes = 1024; });
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect().ok());
    std::string big =
        R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"text":")" + std::string(4096, 'x') + "\"}}";
    // The server refuses the frame from its header and closes, so the rest of the send may already fail.
    Status sent = ws.send_text(big);
    if (sent.ok()) {
        auto r = ws.next_message(3s);
        EXPECT_EQ(r.reason(), Reason::UNAVAILABLE);
    } else {
        EXPECT_EQ(sent.reason(), Reason::UNAVAILABLE);
    }
    EXPECT_FALSE(ws.is_open());

    WsClient other(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(other.connect().ok());
    EXPECT_TRUE(other.call("add", {{"a", 1}, {"b", 1}}).ok());
}

TEST(rpc_websocket, SlowSubscriberIsDisconnectedAndOthersAreServed) {
    TestServer s([](ServerConfig& c) {
        c.max_ws_queue_bytes = 256 << 10;
        c.max_ws_queue_messages = 64;
    });
    WsClient slow(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(slow.connect().ok());
    ASSERT_TRUE(slow.call("subscribe_ticks", json::object()).ok());
    // The slow client never reads again: kernel buffers fill, then the server's queue, then it is cut off.
    json tick = {{"padding", std::string(32 << 10, 'p')}};
    int published = 0;
    while (published < 5000 && s.hub->publish(tick) == 1) ++published;
    EXPECT_LT(published, 5000) << "the queue never overflowed";
    EXPECT_TRUE(eventually([&] { return s.hub->closes.load() == 1; }));
    EXPECT_EQ(s.hub->size(), 0u);
    EXPECT_GE(sample_value(s.server->metrics_text(), "folio_rpc_websocket_slow_disconnects_total"), 1);

    WsClient other(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(other.connect().ok());
    EXPECT_TRUE(other.call("add", {{"a", 1}, {"b", 1}}).ok());
}

TEST(rpc_websocket, WebSocketSessionsCountTowardMaxConnections) {
    TestServer s([](ServerConfig& c) { c.max_connections = 1; });
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect().ok());
    auto refused = http_request("GET", s.url() + "/health");
    ASSERT_TRUE(refused.ok());
    EXPECT_EQ(refused->status, 503);
    EXPECT_TRUE(ws.call("add", {{"a", 1}, {"b", 1}}).ok());
}

TEST(rpc_websocket, ManyCallsInFlightOnOneSession) {
    TestServer s([](ServerConfig& c) { c.max_ws_in_flight = 4; });
    WsClient ws(s.ws_url(), s.read.plaintext);
    ASSERT_TRUE(ws.connect().ok());
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(ws.send_text(R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
                                 R"(,"method":"later","params":{"delay_ms":20}})")
                        .ok());
    }
    std::set<int> ids;
    for (int i = 0; i < 20; ++i) {
        auto m = ws.next_message(5s);
        ASSERT_TRUE(m.ok()) << m.error().message;
        json r = json::parse(*m);
        EXPECT_EQ(r["result"]["done"], true);
        ids.insert(r["id"].get<int>());
    }
    EXPECT_EQ(ids.size(), 20u);
}

}  // namespace
}  // namespace folio::rpc::test
