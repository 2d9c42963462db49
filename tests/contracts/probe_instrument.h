// A test instrument that exercises the whole instrument interface (chain/registry.h): each "action" of its one
// op calls one OpContext service, so that tests/contracts/instrument_interface_test.cpp can check every rule
// of the interface through real execution, blocks and the store. Not part of the product's registry.
//
//   probe payload := u8 version=1, u8 action, bytes symbol (<= 12), fixed[32] account, fixed[32] other,
//                    fixed[16] id, u64 amount, u64 height, u32 limit
//   JSON: {"op":"probe","action":NAME,"asset":S?,"account":ADDR?,"other":ADDR?,"id":HEX32?,"amount":A?,
//          "height":H?,"limit":N?}
#pragma once

#include <memory>

#include "contracts/registry.h"

namespace folio::test {

enum class ProbeAction : uint8_t {
    mint = 1,
    burn_from,
    lock,
    unlock,
    move_locked,
    escrow_in,
    escrow_out,
    record_id,        // puts new_id() under its own prefix and emits it
    intrude,          // puts a core key and returns the refusal
    intrude_ignored,  // puts a core key, ignores the refusal and reports success
    history,          // balance_at(account), holders_at(limit), asset_at at `height`: recorded and emitted
    emit_then_fail,   // writes its own state and emits, then refuses NOTHING_TO_CLAIM
    paged,            // weighs `limit`; emits one event
    settle,           // move(settlement) from account to other
};

struct ProbeOp {
    ProbeAction action = ProbeAction::record_id;
    std::string asset;
    AccountId account{};
    AccountId other{};
    InstrumentId id{};
    Amount amount = 0;
    Height height = 0;
    uint32_t limit = 1;
};

inline constexpr uint16_t kProbeTag = 0x0f00;
inline constexpr uint8_t kProbePrefix = 0x7e;
inline constexpr std::string_view kProbeLockKind = "probe_hold";

Op encode_probe(const ProbeOp& op, uint16_t tag = kProbeTag);

// `tag`, `prefix` and `name` vary only to test the registry's refusals of clashing instruments.
std::unique_ptr<contracts::Instrument> make_probe_instrument(uint16_t tag = kProbeTag, uint8_t prefix = kProbePrefix,
                                                             std::string name = "probe");

// The state key the probe writes for a record_id / history action, under its own prefix.
Bytes probe_record_key(const InstrumentId& id);

}  // namespace folio::test
