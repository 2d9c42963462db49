#include "node/p2p/messages.h"

#include "chain/encoding.h"

namespace folio::p2p {
namespace {

constexpr uint8_t kMessageVersion = 1;

Error decode_error(const char* what, const Reader& r) {
    return make_error(Reason::DECODE_ERROR, std::string(what) + ": " + r.error());
}

Error embedded_error(const char* what, const Error& inner) {
    return make_error(inner.reason, std::string(what) + ": " + inner.message);
}

// A length-prefixed field read as a view of the input (no copy); the frame bound already limits it.
bool get_view(Reader& r, const char* field, size_t max_len, ByteView& out) {
    uint64_t len = 0;
    return r.varint_max(field, max_len, len) && r.raw(field, static_cast<size_t>(len), out);
}

void put_block(Writer& w, const Block& block) {
    w.bytes(block.header.encode());
    w.bytes(block.encode_body());
}

// Reads header and body; the caller reports errors from `error` when it returns false with r still ok.
bool get_block(Reader& r, Block& block, std::optional<Error>& error) {
    ByteView header_bytes, body_bytes;
    if (!get_view(r, "header", SIZE_MAX, header_bytes) || !get_view(r, "body", SIZE_MAX, body_bytes))
        return false;
    auto header = BlockHeader::decode(header_bytes);
    if (!header) {
        error = header.error();
        return false;
    }
    auto txs = Block::decode_body(body_bytes);
    if (!txs) {
        error = txs.error();
        return false;
    }
    block.header = *header;
    block.txs = std::move(txs).value();
    return true;
}

Bytes encode_one(const Hello& m) {
    Writer w(1 + 32 + 2 + 1 + 8);
    w.u8(kMessageVersion);
    w.fixed_bytes(m.chain_id);
    w.u16(m.protocol_version);
    w.u8(static_cast<uint8_t>(m.role));
    w.u64(m.height);
    return w.take();
}
Bytes encode_one(const StatusMessage& m) {
    Writer w(1 + 8 + 32 + 2 + m.round_info.size());
    w.u8(kMessageVersion);
    w.u64(m.height);
    w.fixed_bytes(m.head_hash);
    w.bytes(m.round_info);
    return w.take();
}
Bytes encode_one(const TxsMessage& m) {
    size_t size = 4;
    for (const auto& tx : m.txs) size += tx->bytes.size() + 3;
    Writer w(size);
    w.u8(kMessageVersion);
    w.varint(m.txs.size());
    for (const auto& tx : m.txs) w.bytes(tx->bytes);
    return w.take();
}
Bytes encode_one(const ProposalMessage& m) {
    Writer w;
    w.u8(kMessageVersion);
    w.bytes(m.proposal.encode());
    put_block(w, m.block);
    return w.take();
}
Bytes encode_one(const VoteMessage& m) {
    Writer w(1 + 1 + 112);
    w.u8(kMessageVersion);
    w.bytes(m.vote.encode());
    return w.take();
}
Bytes encode_one(const BlockRequest& m) {
    Writer w(1 + 8 + 2);
    w.u8(kMessageVersion);
    w.u64(m.from_height);
    w.u16(m.count);
    return w.take();
}
Bytes encode_one(const BlockResponse& m) {
    Writer w;
    w.u8(kMessageVersion);
    put_block(w, m.block);
    w.bytes(m.commit.encode());
    return w.take();
}

Result<Message> decode_hello(ByteView payload) {
    Reader r(payload);
    Hello m;
    uint8_t role = 0;
    if (r.version("hello version", kMessageVersion) && r.fixed_bytes("chain_id", m.chain_id) &&
        r.u16("protocol_version", m.protocol_version) && r.u8("role", role) && r.u64("height", m.height)) {
        if (role != static_cast<uint8_t>(NodeRole::validator) &&
            role != static_cast<uint8_t>(NodeRole::observer)) {
            r.fail("role", "must be 1 (validator) or 2 (observer)");
        }
        m.role = static_cast<NodeRole>(role);
    }
    if (!r.finish()) return decode_error("hello", r);
    return Message(m);
}

Result<Message> decode_status(ByteView payload) {
    Reader r(payload);
    StatusMessage m;
    if (!(r.version("status version", kMessageVersion) && r.u64("height", m.height) &&
          r.fixed_bytes("head_hash", m.head_hash) &&
          r.bytes("round_info", kMaxRoundInfoBytes, m.round_info) && r.finish())) {
        return decode_error("status", r);
    }
    return Message(std::move(m));
}

Result<Message> decode_txs(ByteView payload) {
    Reader r(payload);
    TxsMessage m;
    uint64_t n = 0;
    if (!r.version("txs version", kMessageVersion) || !r.varint_max("tx count", kMaxTxsPerMessage, n)) {
        return decode_error("txs", r);
    }
    if (n == 0) {
        r.fail("tx count", "must be at least 1");
        return decode_error("txs", r);
    }
    m.txs.reserve(static_cast<size_t>(n));
    for (uint64_t i = 0; i < n; ++i) {
        ByteView tx_bytes;
        if (!get_view(r, "tx", kMaxTxBytes, tx_bytes)) return decode_error("txs", r);
        auto tx = decode_signed_tx(tx_bytes);
        if (!tx) return embedded_error(("txs: tx " + std::to_string(i)).c_str(), tx.error());
        m.txs.push_back(std::move(tx).value());
    }
    if (!r.finish()) return decode_error("txs", r);
    return Message(std::move(m));
}

Result<Message> decode_proposal(ByteView payload) {
    Reader r(payload);
    ProposalMessage m;
    ByteView proposal_bytes;
    std::optional<Error> inner;
    if (!r.version("proposal message version", kMessageVersion) ||
        !get_view(r, "proposal", SIZE_MAX, proposal_bytes)) {
        return decode_error("proposal message", r);
    }
    auto proposal = consensus::Proposal::decode(proposal_bytes);
    if (!proposal) return embedded_error("proposal message", proposal.error());
    m.proposal = *proposal;
    if (!get_block(r, m.block, inner)) {
        if (inner) return embedded_error("proposal message", *inner);
        return decode_error("proposal message", r);
    }
    if (!r.finish()) return decode_error("proposal message", r);
    if (m.block.header.hash() != m.proposal.block_hash) {
        return make_error(Reason::DECODE_ERROR,
                          "proposal message: the block is not the one the proposal names");
    }
    return Message(std::move(m));
}

Result<Message> decode_vote(ByteView payload) {
    Reader r(payload);
    ByteView vote_bytes;
    if (!r.version("vote message version", kMessageVersion) || !get_view(r, "vote", SIZE_MAX, vote_bytes) ||
        !r.finish()) {
        return decode_error("vote message", r);
    }
    auto vote = consensus::Vote::decode(vote_bytes);
    if (!vote) return embedded_error("vote message", vote.error());
    return Message(VoteMessage{*vote});
}

Result<Message> decode_block_request(ByteView payload) {
    Reader r(payload);
    BlockRequest m;
    if (r.version("block_request version", kMessageVersion) && r.u64("from_height", m.from_height) &&
        r.u16("count", m.count)) {
        if (m.from_height == 0)
            r.fail("from_height", "must be at least 1");
        else if (m.count == 0 || m.count > kMaxBlocksPerRequest)
            r.fail("count", "must be from 1 to 64");
    }
    if (!r.finish()) return decode_error("block_request", r);
    return Message(m);
}

Result<Message> decode_block_response(ByteView payload) {
    Reader r(payload);
    BlockResponse m;
    std::optional<Error> inner;
    if (!r.version("block_response version", kMessageVersion)) return decode_error("block_response", r);
    if (!get_block(r, m.block, inner)) {
        if (inner) return embedded_error("block_response", *inner);
        return decode_error("block_response", r);
    }
    ByteView commit_bytes;
    if (!get_view(r, "commit", SIZE_MAX, commit_bytes) || !r.finish())
        return decode_error("block_response", r);
    auto commit = CommitCertificate::decode(commit_bytes);
    if (!commit) return embedded_error("block_response", commit.error());
    m.commit = std::move(commit).value();
    if (m.commit.height != m.block.header.height || m.commit.block_hash != m.block.header.hash()) {
        return make_error(Reason::DECODE_ERROR, "block_response: the commit does not name the block");
    }
    return Message(std::move(m));
}

}  // namespace

const char* message_type_name(MessageType type) {
    switch (type) {
        case MessageType::hello:
            return "hello";
        case MessageType::status:
            return "status";
        case MessageType::txs:
            return "txs";
        case MessageType::proposal:
            return "proposal";
        case MessageType::vote:
            return "vote";
        case MessageType::block_request:
            return "block_request";
        case MessageType::block_response:
            return "block_response";
    }
    return "unknown";
}

bool is_known_message_type(uint8_t type) {
    return type >= static_cast<uint8_t>(MessageType::hello) &&
           type <= static_cast<uint8_t>(MessageType::block_response);
}

MessageType type_of(const Message& message) {
    // The variant's alternatives are listed in MessageType order, from hello = 1.
    return static_cast<MessageType>(message.index() + 1);
}

Bytes encode_payload(const Message& message) {
    return std::visit([](const auto& m) { return encode_one(m); }, message);
}

Result<Message> decode_payload(MessageType type, ByteView payload) {
    switch (type) {
        case MessageType::hello:
            return decode_hello(payload);
        case MessageType::status:
            return decode_status(payload);
        case MessageType::txs:
            return decode_txs(payload);
        case MessageType::proposal:
            return decode_proposal(payload);
        case MessageType::vote:
            return decode_vote(payload);
        case MessageType::block_request:
            return decode_block_request(payload);
        case MessageType::block_response:
            return decode_block_response(payload);
    }
    return make_error(Reason::DECODE_ERROR, "unknown message type " + std::to_string(static_cast<int>(type)));
}

Result<FrameHeader> decode_frame_header(ByteView header, size_t max_message_bytes) {
    if (header.size() != kFrameHeaderBytes)
        return make_error(Reason::DECODE_ERROR, "frame: header is 5 bytes");
    const uint32_t length = (uint32_t{header[0]} << 24) | (uint32_t{header[1]} << 16) |
                            (uint32_t{header[2]} << 8) | uint32_t{header[3]};
    if (length == 0)
        return make_error(Reason::DECODE_ERROR, "frame: length 0 (a frame has at least its type)");
    if (length > max_message_bytes) {
        return make_error(Reason::TOO_LARGE, "frame: length " + std::to_string(length) +
                                                 " exceeds the bound of " +
                                                 std::to_string(max_message_bytes) + " bytes");
    }
    if (!is_known_message_type(header[4])) {
        return make_error(Reason::DECODE_ERROR, "frame: unknown message type " + std::to_string(header[4]));
    }
    return FrameHeader{static_cast<MessageType>(header[4]), length - 1u};
}

Bytes encode_frame(MessageType type, ByteView payload) {
    const uint32_t length = static_cast<uint32_t>(payload.size() + 1);
    Bytes frame;
    frame.reserve(kFrameHeaderBytes + payload.size());
    frame.push_back(static_cast<uint8_t>(length >> 24));
    frame.push_back(static_cast<uint8_t>(length >> 16));
    frame.push_back(static_cast<uint8_t>(length >> 8));
    frame.push_back(static_cast<uint8_t>(length));
    frame.push_back(static_cast<uint8_t>(type));
    frame.insert(frame.end(), payload.begin(), payload.end());
    return frame;
}

Bytes encode_frame(const Message& message) {
    return encode_frame(type_of(message), encode_payload(message));
}

Result<Message> decode_frame(ByteView frame, size_t max_message_bytes) {
    if (frame.size() < kFrameHeaderBytes)
        return make_error(Reason::DECODE_ERROR, "frame: shorter than its header");
    auto header = decode_frame_header(frame.first(kFrameHeaderBytes), max_message_bytes);
    if (!header) return header.error();
    const ByteView payload = frame.subspan(kFrameHeaderBytes);
    if (payload.size() != header->payload_bytes) {
        return make_error(Reason::DECODE_ERROR,
                          "frame: length says " + std::to_string(header->payload_bytes) + " payload bytes, " +
                              std::to_string(payload.size()) + " follow");
    }
    return decode_payload(header->type, payload);
}

}  // namespace folio::p2p
