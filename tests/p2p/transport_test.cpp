// Two or more transports on loopback with real TLS: connection, every message type, one connection per key,
// reconnection, keep-alives, and peers reported by the driver.
#include <gtest/gtest.h>

#include <thread>

#include "testkit.h"

namespace folio::p2p {
namespace {

using test::eventually;
using test::loopback;
using test::Node;

// b listens; a dials b. Each allows the other.
struct Pair {
    Node a, b;
    explicit Pair(Options a_options = test::fast_options(), Options b_options = test::fast_options()) {
        b.make(b_options, {a.key()});
        b.start_or_die();
        a_options.peers = {PeerEndpoint{loopback(b.port()), b.key()}};
        a.make(a_options, {b.key()});
        a.start_or_die();
    }
    bool connected(int timeout_ms = 5000) {
        return eventually([&] { return a.peer_count() == 1 && b.peer_count() == 1; }, timeout_ms);
    }
};

TEST(p2p_transport, TwoNodesConnectAndExchangeEveryMessageType) {
    Pair p;
    ASSERT_TRUE(p.connected());
    const auto messages = test::sample_messages();
    for (const Message& m : messages) ASSERT_TRUE(p.a.transport->send(p.b.key(), m));
    for (const Message& m : messages) ASSERT_TRUE(p.b.transport->send(p.a.key(), m));
    for (Node* n : {&p.a, &p.b}) {
        ASSERT_TRUE(eventually(
            [&] {
                size_t count = 0;
                for (const auto& r : n->inbox.messages()) count += r.type != MessageType::status;
                return count >= messages.size() - 1;
            },
            5000));
        const auto received = n->inbox.messages();
        const PeerKey& other = n == &p.a ? p.b.key() : p.a.key();
        for (const Message& sent : messages) {
            bool found = false;
            for (const auto& r : received) {
                if (r.from == other && r.type == type_of(sent) && test::same_message(r.message, sent))
                    found = true;
            }
            EXPECT_TRUE(found) << message_type_name(type_of(sent)) << " not received intact";
        }
    }
    EXPECT_EQ(p.a.transport->counters().peer(DropReason::undecodable), 0u);
}

TEST(p2p_transport, PeersListsEachConnectionWithItsDirectionNameAndHello) {
    Pair p;
    ASSERT_TRUE(p.connected());
    const auto a_peers = p.a.transport->peers();
    ASSERT_EQ(a_peers.size(), 1u);
    EXPECT_EQ(a_peers[0].p2p_pubkey, p.b.key());
    EXPECT_EQ(a_peers[0].direction, Direction::outbound);
    EXPECT_EQ(a_peers[0].address, loopback(p.b.port()));
    EXPECT_EQ(a_peers[0].name, "peer-" + peer_key_hex(p.b.key()).substr(0, 8));
    EXPECT_EQ(a_peers[0].role, NodeRole::validator);
    EXPECT_GT(a_peers[0].since_ms, 1700000000000u);
    const auto b_peers = p.b.transport->peers();
    ASSERT_EQ(b_peers.size(), 1u);
    EXPECT_EQ(b_peers[0].p2p_pubkey, p.a.key());
    EXPECT_EQ(b_peers[0].direction, Direction::inbound);
    EXPECT_EQ(p.a.inbox.ups(), 1u);
    EXPECT_EQ(p.b.inbox.ups(), 1u);
}

TEST(p2p_transport, BroadcastReachesEveryConnectedPeer) {
    Node hub, x, y;
    hub.make(test::fast_options(), {x.key(), y.key()});
    hub.start_or_die();
    for (Node* n : {&x, &y}) {
        Options o = test::fast_options();
        o.peers = {PeerEndpoint{loopback(hub.port()), hub.key()}};
        n->make(o, {hub.key()});
        n->start_or_die();
    }
    ASSERT_TRUE(eventually([&] { return hub.peer_count() == 2; }, 5000));
    const Message vote = test::sample_messages()[3];
    ASSERT_TRUE(hub.transport->broadcast(vote));
    for (Node* n : {&x, &y}) {
        ASSERT_TRUE(eventually(
            [&] {
                for (const auto& r : n->inbox.messages()) {
                    if (r.type == MessageType::vote) return test::same_message(r.message, vote);
                }
                return false;
            },
            5000));
    }
}

TEST(p2p_transport, NodesDialingEachOtherKeepOneConnectionTheSameOnBothSides) {
    Node a, b;
    const uint16_t a_port = test::free_port(), b_port = test::free_port();
    Options ao = test::fast_options(), bo = test::fast_options();
    ao.bind = loopback(a_port);
    ao.peers = {PeerEndpoint{loopback(b_port), b.key()}};
    bo.bind = loopback(b_port);
    bo.peers = {PeerEndpoint{loopback(a_port), a.key()}};
    a.make(ao, {b.key()});
    b.make(bo, {a.key()});
    a.start_or_die();
    b.start_or_die();
    ASSERT_TRUE(eventually([&] { return a.peer_count() == 1 && b.peer_count() == 1; }, 5000));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // both dials have landed
    ASSERT_EQ(a.peer_count(), 1u);
    ASSERT_EQ(b.peer_count(), 1u);
    // The connection kept is the one dialed by the lower key.
    const bool a_lower = a.key() < b.key();
    EXPECT_EQ(a.transport->peers()[0].direction, a_lower ? Direction::outbound : Direction::inbound);
    EXPECT_EQ(b.transport->peers()[0].direction, a_lower ? Direction::inbound : Direction::outbound);
}

TEST(p2p_transport, RestartedPeerIsReconnectedWithBackoff) {
    Node a, b;
    b.make(test::fast_options(), {a.key()});
    b.start_or_die();
    const uint16_t port = b.port();
    Options ao = test::fast_options();
    ao.peers = {PeerEndpoint{loopback(port), b.key()}};
    a.make(ao, {b.key()});
    a.start_or_die();
    ASSERT_TRUE(eventually([&] { return a.peer_count() == 1; }, 5000));

    b.transport->stop();
    ASSERT_TRUE(eventually([&] { return a.peer_count() == 0; }, 5000));
    const uint64_t dials_before = a.transport->counters().dials;
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const Counters down = a.transport->counters();
    // 50, 100, 200, 300 ms (halved at most by jitter): a few attempts, not one per millisecond.
    EXPECT_GE(down.dials - dials_before, 2u);
    EXPECT_LE(down.dials - dials_before, 14u);
    EXPECT_GE(down.dial_failures, 2u);

    Options bo = test::fast_options();
    bo.bind = loopback(port);
    b.make(bo, {a.key()});
    b.start_or_die();
    ASSERT_TRUE(eventually([&] { return a.peer_count() == 1 && b.peer_count() == 1; }, 5000));
    EXPECT_EQ(a.inbox.ups(), 2u);
    EXPECT_EQ(a.inbox.down_reasons().at(0), DropReason::connection_lost);
}

TEST(p2p_transport, KeepAlivesHoldAQuietLinkOpenPastTheIdleTimeout) {
    Options o = test::fast_options();
    o.idle_timeout_ms = 800;  // well above the keep-alive, so that a loaded machine does not drop the link
    o.keepalive_interval_ms = 100;
    Pair p(o, o);
    ASSERT_TRUE(p.connected());
    std::this_thread::sleep_for(std::chrono::milliseconds(1800));
    EXPECT_EQ(p.a.peer_count(), 1u);
    EXPECT_EQ(p.a.transport->counters().peer(DropReason::idle), 0u);
    EXPECT_EQ(p.b.transport->counters().peer(DropReason::idle), 0u);
    size_t statuses = 0;
    for (const auto& r : p.b.inbox.messages()) statuses += r.type == MessageType::status;
    EXPECT_GE(statuses, 5u);
}

TEST(p2p_transport, StatusSetByTheDriverIsWhatKeepAlivesCarry) {
    Pair p;
    ASSERT_TRUE(p.connected());
    const StatusMessage status{77, Hash256{}, Bytes{9, 9}};
    p.a.transport->set_status(status);
    ASSERT_TRUE(eventually(
        [&] {
            for (const auto& r : p.b.inbox.messages()) {
                if (r.type == MessageType::status && std::get<StatusMessage>(r.message) == status)
                    return true;
            }
            return false;
        },
        3000));
}

TEST(p2p_transport, PeerReportedByTheDriverIsDroppedCountedAndNotRedialed) {
    Pair p;
    ASSERT_TRUE(p.connected());
    p.a.transport->drop_peer(p.b.key(), "bad vote signature");
    ASSERT_TRUE(eventually([&] { return p.a.peer_count() == 0; }, 3000));
    EXPECT_EQ(p.a.transport->counters().peer(DropReason::reported), 1u);
    EXPECT_EQ(p.a.inbox.down_reasons().at(0), DropReason::reported);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // well past reconnect_max_ms
    EXPECT_EQ(p.a.peer_count(), 0u);
}

TEST(p2p_transport, SendToAnUnknownPeerCountsADroppedMessage) {
    Node a;
    a.make(test::fast_options(), {});
    a.start_or_die();
    ASSERT_TRUE(a.transport->send(Node().key(), test::sample_messages()[0]));
    ASSERT_TRUE(
        eventually([&] { return a.transport->counters().message(MessageDrop::not_connected) == 1; }, 2000));
}

TEST(p2p_transport, HelloAndOversizedFramesCannotBeSent) {
    Options o = test::fast_options();
    o.max_message_bytes = 64 << 10;
    Node a;
    a.make(o, {});
    EXPECT_EQ(a.transport->send(Node().key(), MessageType::hello, Bytes{}).reason(),
              Reason::INVALID_ARGUMENT);
    EXPECT_EQ(a.transport->broadcast(MessageType::txs, Bytes(64 << 10, 0)).reason(), Reason::TOO_LARGE);
}

}  // namespace
}  // namespace folio::p2p
