// Delivery versus payment (docs/instruments.md "Delivery versus payment"): the signer gives units of one asset
// to a counterparty and receives units of another from it, in one op that both sign; both legs move or
// neither does. Each leg is a core transfer (OpContext::move with kind transfer), so every transfer rule of the
// core and of the instruments applies to it as to a plain transfer: KYC, frozen and locked (pledged,
// requested) units, lock-ups, holder limits, approval policies, balance caps.
//
//   dvp payload := u8 version=1, fixed[32] counterparty, bytes give_symbol (<= 12), u64 give_amount (> 0),
//                  bytes get_symbol (<= 12), u64 get_amount (> 0)
//   counterparty != signer (checked at execution, where the signer is known), give_symbol != get_symbol.
//
// No state of its own: the prefix 0x48 is reserved for it but nothing is written there.
#pragma once

#include <memory>
#include <string>

#include "contracts/registry.h"

namespace folio::contracts {

inline constexpr uint16_t kDvpTag = 0x0180;
inline constexpr uint8_t kDvpPrefix = 0x48;

struct DvpLeg {
    std::string asset;
    Amount amount = 0;
    bool operator==(const DvpLeg&) const = default;
};

struct DvpOp {
    AccountId counterparty{};
    DvpLeg give;  // from the signer to the counterparty
    DvpLeg get;   // from the counterparty to the signer
    bool operator==(const DvpOp&) const = default;
};

Op encode_dvp(const DvpOp& op);
// DECODE_ERROR naming what breaks the grammar above.
Status decode_dvp(const Op& op, DvpOp& out);

std::unique_ptr<Instrument> make_dvp_instrument();

}  // namespace folio::contracts
