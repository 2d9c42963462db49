// The records of the equity instrument (contracts/equity.h, which gives their grammar) under its state prefix
// 0x40: the policy per asset, the transfer requests and the per-asset index of pending ones. Consensus data:
// a stored record that does not decode is a corrupt database, and the node stops rather than guess.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "contracts/equity.h"

namespace folio::contracts::equity_state {

inline constexpr std::string_view kRequestLockKind = "transfer_request";
enum class RequestStatus : uint8_t { pending = 0, approved = 1, rejected = 2, cancelled = 3 };
inline constexpr std::array<std::string_view, 4> kStatusNames = {"pending", "approved", "rejected",
                                                                 "cancelled"};

struct Request {
    AssetId asset = 0;
    AccountId from{};
    AccountId to{};
    Amount amount = 0;
    uint64_t expires_ms = 0;
    RequestStatus status = RequestStatus::pending;
};

Bytes policy_key(AssetId asset);
Bytes pending_key(AssetId asset);
Bytes request_key(const InstrumentId& id);

Bytes encode_policy(const EquityPolicy& p);
Bytes encode_request(const Request& r);
// false when there is no request `id`.
bool read_request(const StateView& state, const InstrumentId& id, Request& out);
// The pending requests of `asset`, sorted by id.
std::vector<InstrumentId> read_pending(const StateView& state, AssetId asset);
// Erases the index when `ids` is empty.
Status write_pending(OpContext& ctx, AssetId asset, const std::vector<InstrumentId>& ids);

}  // namespace folio::contracts::equity_state
