// The P2P wire format: frames and the messages they carry (docs/p2p.md). Pure: no I/O, no clock.
//
//   frame          := u32 length (big-endian, = 1 + payload bytes, 1..max_message_bytes), u8 type, payload
//   type           := 1 hello | 2 status | 3 txs | 4 proposal | 5 vote | 6 block_request | 7 block_response
//
//   hello          := u8 version=1, fixed[32] chain_id, u16 protocol_version, u8 role (1 validator,
//                     2 observer), u64 height
//   status         := u8 version=1, u64 height, fixed[32] head_hash, bytes round_info (<= 1024)
//   txs            := u8 version=1, varint n (1..10000), n * bytes signed_tx (<= kMaxTxBytes, chain/tx.h)
//   proposal       := u8 version=1, bytes proposal (node/consensus/messages.h), bytes header, bytes body
//                     (chain/block.h; the proposal's block_hash is the header's hash)
//   vote           := u8 version=1, bytes vote (node/consensus/messages.h)
//   block_request  := u8 version=1, u64 from_height (>= 1), u16 count (1..64)
//   block_response := u8 version=1, bytes header, bytes body, bytes commit (chain/block.h; the commit names
//                     the header's height and hash)
//
// Inside payloads the integers are the canonical encoding's (little-endian fixed, minimal varints,
// chain/encoding.h); only the frame's length is big-endian, as network framing usually is. Decoders are
// strict: an unknown type or version, a bad length, a count out of range, trailing bytes, or an embedded
// object its own decoder refuses is an error, so a decoded message re-encodes to the same bytes. Nothing here
// checks a signature or a consensus rule: that is the driver's job.
#pragma once

#include <optional>
#include <variant>
#include <vector>

#include "chain/block.h"
#include "chain/result.h"
#include "node/consensus/messages.h"

namespace folio::p2p {

inline constexpr uint16_t kProtocolVersion = 1;
inline constexpr size_t kFrameHeaderBytes = 5;
inline constexpr size_t kMaxRoundInfoBytes = 1024;
inline constexpr size_t kMaxTxsPerMessage = 10000;
inline constexpr uint16_t kMaxBlocksPerRequest = 64;

enum class MessageType : uint8_t {
    hello = 1,
    status = 2,
    txs = 3,
    proposal = 4,
    vote = 5,
    block_request = 6,
    block_response = 7,
};
// "hello", "status", ...; "unknown" for a number not listed.
const char* message_type_name(MessageType type);
// True for the numbers listed in MessageType.
bool is_known_message_type(uint8_t type);

enum class NodeRole : uint8_t { validator = 1, observer = 2 };

// Sent first by both sides of every connection, right after TLS; nothing else is accepted before it.
struct Hello {
    ChainId chain_id{};
    uint16_t protocol_version = kProtocolVersion;
    NodeRole role = NodeRole::observer;
    Height height = 0;
    bool operator==(const Hello&) const = default;
};

// Where a node is; also the keep-alive. round_info is the driver's (opaque here).
struct StatusMessage {
    Height height = 0;
    BlockHash head_hash{};
    Bytes round_info;
    bool operator==(const StatusMessage&) const = default;
};

struct TxsMessage {
    std::vector<TxPtr> txs;  // signed txs, decoded statelessly (signatures not checked)
};

struct ProposalMessage {
    consensus::Proposal proposal;
    Block block;
};

struct VoteMessage {
    consensus::Vote vote;
    bool operator==(const VoteMessage&) const = default;
};

// Asks for blocks from_height .. from_height + count - 1; each comes back as one block_response.
struct BlockRequest {
    Height from_height = 1;
    uint16_t count = 1;
    bool operator==(const BlockRequest&) const = default;
};

struct BlockResponse {
    Block block;
    CommitCertificate commit;
};

using Message =
    std::variant<Hello, StatusMessage, TxsMessage, ProposalMessage, VoteMessage, BlockRequest, BlockResponse>;

MessageType type_of(const Message& message);
Bytes encode_payload(const Message& message);
// DECODE_ERROR (or the embedded decoder's reason) naming the message and field; never throws.
Result<Message> decode_payload(MessageType type, ByteView payload);

struct FrameHeader {
    MessageType type = MessageType::hello;
    size_t payload_bytes = 0;
};
// The 5 header bytes, checked before anything is allocated for the payload: TOO_LARGE if the length exceeds
// max_message_bytes, DECODE_ERROR for a zero length or an unknown type.
Result<FrameHeader> decode_frame_header(ByteView header, size_t max_message_bytes);
// header + payload. The caller keeps 1 + payload.size() within the bound it sends under.
Bytes encode_frame(MessageType type, ByteView payload);
Bytes encode_frame(const Message& message);
// A whole frame, exactly: the header, then the payload's decoder, with no byte left over (the fuzz target).
Result<Message> decode_frame(ByteView frame, size_t max_message_bytes);

}  // namespace folio::p2p
