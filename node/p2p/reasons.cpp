// The names the transport gives its drop reasons, message drops and directions (logs, counters, peer_list),
// and which drops count as misbehaviour. Kept apart from the network code: this file needs no Asio.
#include "node/p2p/transport.h"

namespace folio::p2p {

const char* drop_reason_name(DropReason reason) {
    switch (reason) {
        case DropReason::key_not_allowed:
            return "key_not_allowed";
        case DropReason::banned:
            return "banned";
        case DropReason::too_many_inbound:
            return "too_many_inbound";
        case DropReason::handshake_failed:
            return "handshake_failed";
        case DropReason::wrong_chain:
            return "wrong_chain";
        case DropReason::protocol_version:
            return "protocol_version";
        case DropReason::protocol:
            return "protocol";
        case DropReason::oversized_frame:
            return "oversized_frame";
        case DropReason::undecodable:
            return "undecodable";
        case DropReason::rate_limited:
            return "rate_limited";
        case DropReason::reported:
            return "reported";
        case DropReason::idle:
            return "idle";
        case DropReason::slow_peer:
            return "slow_peer";
        case DropReason::removed:
            return "removed";
        case DropReason::duplicate:
            return "duplicate";
        case DropReason::connection_lost:
            return "connection_lost";
        case DropReason::shutdown:
            return "shutdown";
    }
    return "unknown";
}

bool is_misbehaviour(DropReason reason) {
    switch (reason) {
        case DropReason::wrong_chain:
        case DropReason::protocol_version:
        case DropReason::protocol:
        case DropReason::oversized_frame:
        case DropReason::undecodable:
        case DropReason::rate_limited:
        case DropReason::reported:
            return true;
        default:
            return false;
    }
}

const char* message_drop_name(MessageDrop reason) {
    switch (reason) {
        case MessageDrop::gossip_queue_full:
            return "gossip_queue_full";
        case MessageDrop::not_connected:
            return "not_connected";
    }
    return "unknown";
}

const char* direction_name(Direction direction) {
    return direction == Direction::inbound ? "inbound" : "outbound";
}

}  // namespace folio::p2p
