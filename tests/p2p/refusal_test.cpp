// Who may connect: keys outside the allowed set are refused on the server side and on the client side, a peer
// on another chain is dropped, and a key removed from the set at run time is cut off.
#include <gtest/gtest.h>

#include <thread>

#include "testkit.h"

namespace folio::p2p {
namespace {

using test::eventually;
using test::loopback;
using test::Node;
using test::RawPeer;

TEST(p2p_refusal, ServerRefusesAnUnknownClientKeyAndNothingGetsThrough) {
    Node server;
    const NodeIdentity known = NodeIdentity::generate();
    server.make(test::fast_options(), {known.public_key()});
    server.start_or_die();

    const NodeIdentity stranger = NodeIdentity::generate();
    RawPeer raw(stranger);
    // A TLS 1.3 client completes its side of the handshake before the server has judged its certificate.
    raw.connect(server.port());
    raw.send_hello(test::test_chain());
    raw.send(test::sample_messages()[3]);
    size_t frames = 0;
    EXPECT_TRUE(raw.closed_by_server(3000, &frames));
    EXPECT_EQ(frames, 0u) << "the refused client received a frame";
    ASSERT_TRUE(eventually(
        [&] { return server.transport->counters().peer(DropReason::key_not_allowed) == 1; }, 3000));
    EXPECT_EQ(server.inbox.message_count(), 0u);
    EXPECT_EQ(server.inbox.ups(), 0u);
    EXPECT_EQ(server.peer_count(), 0u);
}

TEST(p2p_refusal, ServerRefusesAnUnknownTransportAndNeitherSideSeesAPeer) {
    Node server, client;
    server.make(test::fast_options(), {NodeIdentity::generate().public_key()});
    server.start_or_die();
    Options o = test::fast_options();
    o.peers = {PeerEndpoint{loopback(server.port()), server.key()}};
    client.make(o, {server.key()});
    client.start_or_die();
    ASSERT_TRUE(eventually(
        [&] { return server.transport->counters().peer(DropReason::key_not_allowed) >= 1; }, 3000));
    ASSERT_TRUE(client.transport->send(server.key(), test::sample_messages()[0]));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(server.inbox.message_count(), 0u);
    EXPECT_EQ(client.inbox.message_count(), 0u);
    EXPECT_EQ(server.inbox.ups() + client.inbox.ups(), 0u);
    EXPECT_GE(client.transport->counters().dial_failures, 1u);
}

TEST(p2p_refusal, ClientRefusesAServerPresentingAnotherKeyThanPinned) {
    Node server, client;
    server.make(test::fast_options(), {client.key()});
    server.start_or_die();
    const PeerKey pinned = NodeIdentity::generate().public_key();  // what the client expects at that address
    Options o = test::fast_options();
    o.peers = {PeerEndpoint{loopback(server.port()), pinned}};
    client.make(o, {pinned, server.key()});
    client.start_or_die();
    ASSERT_TRUE(eventually(
        [&] { return client.transport->counters().peer(DropReason::key_not_allowed) >= 1; }, 3000));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(server.inbox.message_count(), 0u);
    EXPECT_EQ(server.inbox.ups() + client.inbox.ups(), 0u);
    EXPECT_EQ(server.peer_count() + client.peer_count(), 0u);
}

TEST(p2p_refusal, PeerOnAnotherChainIsDroppedOnBothSidesWithTheReason) {
    Node server, client;
    server.make(test::fast_options(), {client.key()});
    server.start_or_die();
    Options o = test::fast_options();
    o.peers = {PeerEndpoint{loopback(server.port()), server.key()}};
    client.make(o, {server.key()}, test::other_chain());
    client.start_or_die();
    ASSERT_TRUE(eventually(
        [&] {
            return server.transport->counters().peer(DropReason::wrong_chain) >= 1 &&
                   client.transport->counters().peer(DropReason::wrong_chain) >= 1;
        },
        3000));
    EXPECT_EQ(server.inbox.ups() + client.inbox.ups(), 0u);
    // Misbehaviour: the client does not come back for misbehaviour_backoff_ms.
    const uint64_t dials = client.transport->counters().dials;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(client.transport->counters().dials, dials);
}

TEST(p2p_refusal, KeyRemovedFromTheAllowedSetAtRunTimeIsCutOffAndStaysOut) {
    Node a, b, c;
    b.make(test::fast_options(), {a.key(), c.key()});
    b.start_or_die();
    for (Node* n : {&a, &c}) {
        Options o = test::fast_options();
        o.peers = {PeerEndpoint{loopback(b.port()), b.key()}};
        n->make(o, {b.key()});
        n->start_or_die();
    }
    ASSERT_TRUE(eventually([&] { return b.peer_count() == 2; }, 5000));
    b.transport->set_allowed({AllowedPeer{c.key(), "c"}});
    ASSERT_TRUE(eventually([&] { return b.peer_count() == 1 && a.peer_count() == 0; }, 3000));
    EXPECT_EQ(b.transport->peers()[0].p2p_pubkey, c.key());
    EXPECT_EQ(b.transport->peers()[0].name, "c");
    EXPECT_EQ(b.transport->counters().peer(DropReason::removed), 1u);
    EXPECT_EQ(b.inbox.down_reasons().at(0), DropReason::removed);
    // a keeps dialing and is refused each time.
    ASSERT_TRUE(
        eventually([&] { return b.transport->counters().peer(DropReason::key_not_allowed) >= 2; }, 3000));
    EXPECT_EQ(a.peer_count(), 0u);
    EXPECT_EQ(b.inbox.ups(), 2u);
}

TEST(p2p_refusal, KeyAddedToTheAllowedSetAtRunTimeCanConnect) {
    Node a, b;
    b.make(test::fast_options(), {});
    b.start_or_die();
    Options o = test::fast_options();
    o.peers = {PeerEndpoint{loopback(b.port()), b.key()}};
    a.make(o, {b.key()});
    a.start_or_die();
    ASSERT_TRUE(
        eventually([&] { return b.transport->counters().peer(DropReason::key_not_allowed) >= 1; }, 3000));
    b.transport->set_allowed({AllowedPeer{a.key(), "a"}});
    ASSERT_TRUE(eventually([&] { return a.peer_count() == 1 && b.peer_count() == 1; }, 3000));
}

}  // namespace
}  // namespace folio::p2p
