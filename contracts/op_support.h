// What the ops of several instruments share: who may act on an asset, and reading the JSON members that core
// ops do not have (instrument ids, amounts of a named asset). op_from_json has checked the members' kinds with
// check_op_fields (chain/op_fields.h) before it calls these, so they only check values.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "chain/registry.h"

namespace folio::contracts {

// The asset's issuer, or an account granted issuer rights on it (role_grant with `asset`).
bool is_asset_issuer(const StateView& view, const Asset& asset, const AccountId& account);
bool is_registrar(const StateView& view, const AccountId& account);

// The asset named `symbol`; UNKNOWN_ASSET when there is none.
Result<Asset> load_asset(const StateView& view, std::string_view symbol);

// The member `field` as an instrument id (32 lowercase hex); INVALID_ARGUMENT naming it otherwise.
Result<InstrumentId> json_instrument_id(const nlohmann::json& op, const char* field);
// The member `field`, a decimal string in the units of `symbol`; 0 when absent.
Result<Amount> json_amount(const nlohmann::json& op, const char* field, std::string_view symbol,
                           const DecimalsLookup& decimals);
// The member `field` as an integer of at most `max`; `fallback` when absent.
Result<uint64_t> json_uint(const nlohmann::json& op, const char* field, uint64_t max, uint64_t fallback = 0);

}  // namespace folio::contracts
