// Reading the fields of an instrument op in JSON, after check_op_fields (chain/op_fields.h) has checked the
// object against the op's row: each reader refuses a bad value with the reason and the field's name, as the
// core ops do (BAD_ADDRESS, BAD_SYMBOL, UNKNOWN_ASSET, BAD_AMOUNT, INVALID_ARGUMENT).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "chain/registry.h"

namespace folio::contracts {

Result<AccountId> address_field(const nlohmann::json& op, const char* field);
Result<std::string> symbol_field(const nlohmann::json& op, const char* field);
// A decimal string with at most the decimals of `symbol`.
Result<Amount> amount_field(const nlohmann::json& op, const char* field, std::string_view symbol,
                            const DecimalsLookup& decimals);
Result<InstrumentId> id_field(const nlohmann::json& op, const char* field);

// The same values written back, as tx_get shows them.
std::string address_text(const AccountId& account);
Result<std::string> amount_text(Amount amount, std::string_view symbol, const DecimalsLookup& decimals);

}  // namespace folio::contracts
