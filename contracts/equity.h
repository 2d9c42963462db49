// Equity: transfer approval, lock-ups and the issuer's holder and KYC rules (docs/instruments.md, "Equity").
//
// Ops (tags 0x0100..0x0104):
//   policy_set        := u8 version=1, bytes symbol, u8 approval, u8 has_ms, [u64 lockup_until_ms],
//                        u8 has_height, [u64 lockup_until_height], u64 max_holders (0: none), u8 kyc_min_level
//   transfer_request  := u8 version=1, bytes symbol, fixed[32] to, u64 amount, u64 expires_ms
//   transfer_approve | transfer_reject | transfer_cancel := u8 version=1, fixed[16] id
//
// State (prefix 0x40):
//   0x40 'p' asset id (u32 BE)  -> EquityPolicy := u8 version=1, u8 approval, u64 lockup_until_ms,
//                                  u64 lockup_until_height, u64 max_holders, u8 kyc_min_level
//   0x40 'r' id (16)            -> Request := u8 version=1, u32 asset, fixed[32] from, fixed[32] to, u64 amount,
//                                  u64 expires_ms, u8 status (0 pending, 1 approved, 2 rejected, 3 cancelled)
//   0x40 'q' asset id (u32 BE)  -> pending index := u8 version=1, varint n (1..kMaxPendingPerAsset), n * fixed[16]
//                                  id, sorted: what pending_list reads without a scan of the state
// A pending request's amount is locked on the sender's holding under (kind "transfer_request", id).
#pragma once

#include <memory>

#include "contracts/registry.h"

namespace folio::contracts {

inline constexpr uint16_t kPolicySetTag = 0x0100;
inline constexpr uint16_t kTransferRequestTag = 0x0101;
inline constexpr uint16_t kTransferApproveTag = 0x0102;
inline constexpr uint16_t kTransferRejectTag = 0x0103;
inline constexpr uint16_t kTransferCancelTag = 0x0104;
inline constexpr uint8_t kEquityPrefix = 0x40;
inline constexpr size_t kMaxPendingPerAsset = 4096;

struct EquityPolicy {
    bool approval = false;
    uint64_t lockup_until_ms = 0;      // 0: none
    Height lockup_until_height = 0;    // 0: none
    uint64_t max_holders = 0;          // 0: none
    uint8_t kyc_min_level = 0;
};

struct PolicySetOp {
    std::string asset;
    bool approval = false;
    std::optional<uint64_t> lockup_until_ms;
    std::optional<Height> lockup_until_height;
    uint64_t max_holders = 0;
    uint8_t kyc_min_level = 0;
};
struct TransferRequestOp {
    std::string asset;
    AccountId to{};
    Amount amount = 0;
    uint64_t expires_ms = 0;
};

Op encode_policy_set(const PolicySetOp& op);
Op encode_transfer_request(const TransferRequestOp& op);
// transfer_approve, transfer_reject or transfer_cancel of a request.
Op encode_request_decision(uint16_t tag, const InstrumentId& id);

// The equity policy of an asset (all defaults when none was set).
EquityPolicy read_equity_policy(const StateView& state, AssetId asset);

std::unique_ptr<Instrument> make_equity();

}  // namespace folio::contracts
