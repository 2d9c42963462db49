// The P2P wire format (node/p2p/messages.h): every message round-trips through a frame, and the decoders
// refuse everything else.
#include <gtest/gtest.h>

#include "chain/encoding.h"
#include "testkit.h"

namespace folio::p2p {
namespace {

using test::sample_messages;

constexpr size_t kBound = kDefaultMaxMessageBytes;

Bytes frame_of(MessageType type, const Bytes& payload) {
    return encode_frame(type, payload);
}

TEST(p2p_messages, EveryMessageTypeRoundTripsThroughAFrame) {
    std::vector<Message> all = sample_messages();
    all.insert(all.begin(), Hello{test::test_chain(), kProtocolVersion, NodeRole::observer, 42});
    ASSERT_EQ(all.size(), 7u);
    for (const Message& m : all) {
        const Bytes frame = encode_frame(m);
        auto back = decode_frame(frame, kBound);
        ASSERT_TRUE(back) << message_type_name(type_of(m)) << ": " << back.error().message;
        EXPECT_TRUE(test::same_message(m, *back)) << message_type_name(type_of(m));
        EXPECT_EQ(encode_frame(*back), frame) << message_type_name(type_of(m));
    }
}

TEST(p2p_messages, FrameLengthIsBigEndianAndCountsTheTypeByte) {
    const Bytes frame = frame_of(MessageType::status, Bytes(0x0102, 0));
    ASSERT_EQ(frame.size(), 5u + 0x0102);
    EXPECT_EQ(frame[0], 0);
    EXPECT_EQ(frame[1], 0);
    EXPECT_EQ(frame[2], 0x01);
    EXPECT_EQ(frame[3], 0x03);
    EXPECT_EQ(frame[4], static_cast<uint8_t>(MessageType::status));
}

TEST(p2p_messages, LengthAboveTheBoundIsRefusedFromTheHeaderAlone) {
    const uint8_t header[] = {0x00, 0x10, 0x00, 0x01, static_cast<uint8_t>(MessageType::txs)};  // 1 MiB + 1
    auto h = decode_frame_header(ByteView(header, 5), 1u << 20);
    ASSERT_FALSE(h);
    EXPECT_EQ(h.reason(), Reason::TOO_LARGE);
    EXPECT_TRUE(decode_frame_header(ByteView(header, 5), (1u << 20) + 1));
}

TEST(p2p_messages, ZeroLengthAndUnknownTypesAreRefused) {
    const uint8_t zero[] = {0, 0, 0, 0, 2};
    EXPECT_EQ(decode_frame_header(ByteView(zero, 5), kBound).reason(), Reason::DECODE_ERROR);
    for (uint8_t type : {uint8_t{0}, uint8_t{8}, uint8_t{255}}) {
        const uint8_t header[] = {0, 0, 0, 1, type};
        EXPECT_EQ(decode_frame_header(ByteView(header, 5), kBound).reason(), Reason::DECODE_ERROR)
            << int(type);
    }
}

TEST(p2p_messages, TrailingBytesInAnyPayloadAreRefused) {
    for (const Message& m : sample_messages()) {
        Bytes payload = encode_payload(m);
        payload.push_back(0);
        EXPECT_FALSE(decode_payload(type_of(m), payload)) << message_type_name(type_of(m));
    }
}

TEST(p2p_messages, TruncatedPayloadsAreRefused) {
    for (const Message& m : sample_messages()) {
        const Bytes payload = encode_payload(m);
        for (size_t cut : {size_t{0}, size_t{1}, payload.size() / 2, payload.size() - 1}) {
            EXPECT_FALSE(decode_payload(type_of(m), ByteView(payload).first(cut)))
                << message_type_name(type_of(m)) << " cut at " << cut;
        }
    }
}

TEST(p2p_messages, FrameWhoseLengthDisagreesWithItsBytesIsRefused) {
    Bytes frame = encode_frame(Message(BlockRequest{1, 1}));
    frame.push_back(0);
    EXPECT_FALSE(decode_frame(frame, kBound));
    frame.resize(frame.size() - 2);
    EXPECT_FALSE(decode_frame(frame, kBound));
}

TEST(p2p_messages, EmptyTxListIsRefused) {
    Writer w;
    w.u8(1);
    w.varint(0);
    EXPECT_FALSE(decode_payload(MessageType::txs, w.data()));
}

TEST(p2p_messages, BlockRequestOutOfRangeIsRefused) {
    EXPECT_FALSE(decode_payload(MessageType::block_request, encode_payload(BlockRequest{0, 1})));
    EXPECT_FALSE(decode_payload(MessageType::block_request, encode_payload(BlockRequest{1, 0})));
    EXPECT_FALSE(decode_payload(MessageType::block_request,
                                encode_payload(BlockRequest{1, kMaxBlocksPerRequest + 1})));
    EXPECT_TRUE(
        decode_payload(MessageType::block_request, encode_payload(BlockRequest{1, kMaxBlocksPerRequest})));
}

TEST(p2p_messages, HelloWithAnUnknownRoleIsRefused) {
    Bytes payload = encode_payload(Hello{test::test_chain(), kProtocolVersion, NodeRole::validator, 1});
    payload[1 + 32 + 2] = 3;
    EXPECT_FALSE(decode_payload(MessageType::hello, payload));
}

TEST(p2p_messages, StatusRoundInfoAboveItsBoundIsRefused) {
    StatusMessage s{1, Hash256{}, Bytes(kMaxRoundInfoBytes + 1, 7)};
    EXPECT_FALSE(decode_payload(MessageType::status, encode_payload(s)));
    s.round_info.pop_back();
    EXPECT_TRUE(decode_payload(MessageType::status, encode_payload(s)));
}

TEST(p2p_messages, ProposalCarryingAnotherBlockThanItNamesIsRefused) {
    auto m = std::get<ProposalMessage>(sample_messages()[2]);
    m.proposal.block_hash[0] ^= 1;
    auto back = decode_payload(MessageType::proposal, encode_payload(m));
    ASSERT_FALSE(back);
    EXPECT_NE(back.error().message.find("not the one the proposal names"), std::string::npos);
}

TEST(p2p_messages, BlockResponseWhoseCommitNamesAnotherBlockIsRefused) {
    auto m = std::get<BlockResponse>(sample_messages()[5]);
    m.commit.height += 1;
    EXPECT_FALSE(decode_payload(MessageType::block_response, encode_payload(m)));
}

TEST(p2p_messages, AnEmbeddedTxItsDecoderRefusesFailsTheMessage) {
    Bytes bad_tx = test::sample_tx(1)->bytes;
    bad_tx[0] = 9;  // tx version
    Writer w;
    w.u8(1);
    w.varint(1);
    w.bytes(bad_tx);
    auto back = decode_payload(MessageType::txs, w.data());
    ASSERT_FALSE(back);
    EXPECT_NE(back.error().message.find("tx 0"), std::string::npos) << back.error().message;
}

TEST(p2p_messages, UnknownPayloadVersionIsRefused) {
    for (const Message& m : sample_messages()) {
        Bytes payload = encode_payload(m);
        payload[0] = 2;
        EXPECT_FALSE(decode_payload(type_of(m), payload)) << message_type_name(type_of(m));
    }
}

}  // namespace
}  // namespace folio::p2p
