// The local currency's ops as data and bytes (grammar in contracts/local_currency.h): their JSON rows, the
// decoders that bound every payload, and the JSON conversions tx_build and tx_get use. Internal to the
// instrument (contracts/local_currency.cpp).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>

#include "contracts/local_currency.h"

namespace folio::contracts::currency_ops {

// One row per op, in tag order from kCurrencyTermsTag.
std::span<const OpShape> shapes();

// DECODE_ERROR naming what breaks the grammar or a bound.
Status decode(const Op& op, CurrencyTermsOp& out);
Status decode(const Op& op, MerchantSetOp& out);
Status decode(const Op& op, CurrencyMintOp& out);
Status decode(const Op& op, RedeemOp& out);
Status decode(const Op& op, ReserveDeclareOp& out);
// Decodes the payload of any of the instrument's tags (mempool admission).
Status check(const Op& op);

// After check_op_fields passed for the row named by j's "op".
Result<Op> from_json(const nlohmann::json& j, const DecimalsLookup& decimals);
Status to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out);

}  // namespace folio::contracts::currency_ops
