// What an allowed peer may not do: oversized or undecodable frames, frames before hello, silence, floods.
// Each drops it, is counted by reason, and (for misbehaviour) keeps it out for a while. The misbehaving peer
// is a raw TLS client that sends whatever the test writes.
#include <gtest/gtest.h>

#include <thread>

#include "testkit.h"

namespace folio::p2p {
namespace {

using test::eventually;
using test::Node;
using test::RawPeer;

// A server that allows `peer`, and the raw peer connected and past its hello.
struct Bench {
    NodeIdentity identity = NodeIdentity::generate();
    Node server;
    std::unique_ptr<RawPeer> raw;

    explicit Bench(Options o = test::fast_options()) {
        server.make(o, {identity.public_key()});
        server.start_or_die();
        raw = std::make_unique<RawPeer>(identity);
        if (!raw->connect(server.port()) || !raw->send_hello(test::test_chain())) {
            throw std::runtime_error("raw peer cannot connect");
        }
    }
    bool up() {
        return eventually([&] { return server.peer_count() == 1; }, 3000);
    }
    uint64_t dropped(DropReason r) const { return server.transport->counters().peer(r); }
};

TEST(p2p_bounds, OversizedFrameDropsThePeerBeforeItsPayloadIsRead) {
    Options o = test::fast_options();
    o.max_message_bytes = 64 << 10;
    Bench b(o);
    ASSERT_TRUE(b.up());
    const uint32_t length = (64 << 10) + 1;
    const uint8_t header[] = {static_cast<uint8_t>(length >> 24), static_cast<uint8_t>(length >> 16),
                              static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length),
                              static_cast<uint8_t>(MessageType::txs)};
    ASSERT_TRUE(b.raw->send_bytes(ByteView(header, 5)));  // no payload follows: the header alone decides
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::oversized_frame) == 1; }, 3000));
    EXPECT_EQ(b.server.peer_count(), 0u);
    EXPECT_EQ(b.server.inbox.down_reasons().at(0), DropReason::oversized_frame);
}

TEST(p2p_bounds, UndecodableFrameDropsThePeerAndIsCounted) {
    Bench b;
    ASSERT_TRUE(b.up());
    ASSERT_TRUE(b.raw->send_bytes(encode_frame(MessageType::vote, Bytes{1, 2, 3})));
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::undecodable) == 1; }, 3000));
    EXPECT_EQ(b.server.inbox.message_count(), 0u);
}

// The raw peer never answers the close_notify, so the socket closing too shows the wait is bounded.
TEST(p2p_bounds, DroppedPeerIsToldWithACloseNotifyThenItsSocketIsClosed) {
    Bench b;
    ASSERT_TRUE(b.up());
    ASSERT_TRUE(b.raw->send_bytes(encode_frame(MessageType::vote, Bytes{1, 2, 3})));
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    EXPECT_TRUE(b.raw->saw_close_notify());
    EXPECT_TRUE(b.raw->tcp_closed_by_server(3000));
}

TEST(p2p_bounds, UnknownFrameTypeDropsThePeer) {
    Bench b;
    ASSERT_TRUE(b.up());
    const uint8_t frame[] = {0, 0, 0, 1, 99};
    ASSERT_TRUE(b.raw->send_bytes(ByteView(frame, 5)));
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::undecodable) == 1; }, 3000));
}

TEST(p2p_bounds, NonCanonicalPayloadDropsThePeer) {
    Bench b;
    ASSERT_TRUE(b.up());
    Bytes payload = encode_payload(test::sample_messages()[4]);  // block_request
    payload.push_back(0);                                        // a trailing byte
    ASSERT_TRUE(b.raw->send_bytes(encode_frame(MessageType::block_request, payload)));
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::undecodable) == 1; }, 3000));
    EXPECT_EQ(b.server.inbox.message_count(), 0u);
}

TEST(p2p_bounds, FrameBeforeHelloDropsThePeer) {
    NodeIdentity id = NodeIdentity::generate();
    Node server;
    server.make(test::fast_options(), {id.public_key()});
    server.start_or_die();
    RawPeer raw(id);
    ASSERT_TRUE(raw.connect(server.port()));
    ASSERT_TRUE(raw.send(test::sample_messages()[0]));
    EXPECT_TRUE(raw.closed_by_server(3000));
    ASSERT_TRUE(
        eventually([&] { return server.transport->counters().peer(DropReason::protocol) == 1; }, 3000));
    EXPECT_EQ(server.inbox.message_count(), 0u);
    EXPECT_EQ(server.inbox.ups(), 0u);
}

TEST(p2p_bounds, SilentPeerIsDroppedAfterTheIdleTimeout) {
    Options o = test::fast_options();
    o.idle_timeout_ms = 300;
    o.keepalive_interval_ms = 100;
    Bench b(o);
    ASSERT_TRUE(b.up());
    size_t frames = 0;
    // The server's hello and keep-alives reach the raw peer, which answers nothing.
    EXPECT_TRUE(b.raw->closed_by_server(3000, &frames));
    EXPECT_GE(frames, 2u);
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::idle) == 1; }, 3000));
    EXPECT_EQ(b.server.inbox.down_reasons().at(0), DropReason::idle);
}

TEST(p2p_bounds, FloodAboveTheMessageRateDropsThePeerAndIsCounted) {
    Options o = test::fast_options();
    o.rate_messages_per_s = 20;
    o.rate_burst_messages = 20;
    Bench b(o);
    ASSERT_TRUE(b.up());
    const Bytes status = encode_frame(test::sample_messages()[0]);
    for (int i = 0; i < 100; ++i) {
        if (!b.raw->send_bytes(status)) break;
    }
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::rate_limited) == 1; }, 3000));
    // The burst (less the hello) was delivered, plus what refilled while the frames were read; not the flood.
    EXPECT_LE(b.server.inbox.message_count(), 50u);
    EXPECT_GE(b.server.inbox.message_count(), 10u);
}

TEST(p2p_bounds, FloodAboveTheByteRateDropsThePeer) {
    Options o = test::fast_options();
    o.max_message_bytes = 64 << 10;
    o.rate_bytes_per_s = 1024;
    o.rate_burst_bytes = (64 << 10) + 5;
    Bench b(o);
    ASSERT_TRUE(b.up());
    TxsMessage txs;
    for (uint64_t i = 0; i < 100; ++i) txs.txs.push_back(test::sample_tx(i));
    const Bytes frame = encode_frame(Message(txs));
    ASSERT_LT(frame.size(), size_t{64 << 10});
    for (int i = 0; i < 20; ++i) {
        if (!b.raw->send_bytes(frame)) break;
    }
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::rate_limited) == 1; }, 3000));
}

TEST(p2p_bounds, MisbehavingPeerIsRefusedWhenItComesBack) {
    Bench b;
    ASSERT_TRUE(b.up());
    ASSERT_TRUE(b.raw->send_bytes(encode_frame(MessageType::vote, Bytes{0})));
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    RawPeer again(b.identity);
    again.connect(b.server.port());
    again.send_hello(test::test_chain());
    EXPECT_TRUE(again.closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::banned) == 1; }, 3000));
    EXPECT_EQ(b.server.inbox.ups(), 1u);
}

// The raw peer reads nothing, so once the socket buffers are full every frame stays in the server's queue.
Options small_queue() {
    Options o = test::fast_options();
    o.send_queue_max_messages = 16;
    return o;
}

TEST(p2p_bounds, FullQueueDropsTheOldestTxGossipAndKeepsThePeer) {
    Bench b(small_queue());
    ASSERT_TRUE(b.up());
    TxsMessage txs;
    for (uint64_t i = 0; i < 300; ++i) txs.txs.push_back(test::sample_tx(i));
    const Message gossip(txs);
    for (int i = 0; i < 300; ++i) ASSERT_TRUE(b.server.transport->send(b.identity.public_key(), gossip));
    ASSERT_TRUE(eventually(
        [&] { return b.server.transport->counters().message(MessageDrop::gossip_queue_full) > 0; }, 3000));
    EXPECT_EQ(b.server.peer_count(), 1u);
    EXPECT_EQ(b.dropped(DropReason::slow_peer), 0u);
}

TEST(p2p_bounds, FullQueueOfConsensusFramesDropsThePeerAsSlow) {
    Bench b(small_queue());
    ASSERT_TRUE(b.up());
    const Block block = test::sample_block(9, 300);
    CommitCertificate commit{9, 0, block.header.hash(), {}};
    const Message response = BlockResponse{block, commit};
    for (int i = 0; i < 300; ++i) ASSERT_TRUE(b.server.transport->send(b.identity.public_key(), response));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::slow_peer) == 1; }, 3000));
    EXPECT_EQ(b.server.peer_count(), 0u);
    EXPECT_EQ(b.server.transport->counters().message(MessageDrop::gossip_queue_full), 0u);
}

TEST(p2p_bounds, SecondHelloDropsThePeer) {
    Bench b;
    ASSERT_TRUE(b.up());
    ASSERT_TRUE(b.raw->send_hello(test::test_chain()));
    EXPECT_TRUE(b.raw->closed_by_server(3000));
    ASSERT_TRUE(eventually([&] { return b.dropped(DropReason::protocol) == 1; }, 3000));
}

TEST(p2p_bounds, ConnectionWithoutHelloIsDroppedAfterTheHandshakeTimeout) {
    Options o = test::fast_options();
    o.handshake_timeout_ms = 200;
    NodeIdentity id = NodeIdentity::generate();
    Node server;
    server.make(o, {id.public_key()});
    server.start_or_die();
    RawPeer raw(id);
    ASSERT_TRUE(raw.connect(server.port()));
    EXPECT_TRUE(raw.closed_by_server(3000));
    ASSERT_TRUE(eventually(
        [&] { return server.transport->counters().peer(DropReason::handshake_failed) == 1; }, 3000));
}

}  // namespace
}  // namespace folio::p2p
