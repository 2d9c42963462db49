#include "contracts/json_fields.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"

namespace folio::contracts {
namespace {

Error bad(Reason reason, const char* field, std::string_view why) {
    std::string m(field);
    m += ": ";
    m += why;
    return make_error(reason, std::move(m));
}

}  // namespace

Result<AccountId> address_field(const nlohmann::json& op, const char* field) {
    auto id = crypto::decode_address(op.at(field).get<std::string>());
    if (!id) return bad(Reason::BAD_ADDRESS, field, "not a folio address");
    return *id;
}

Result<std::string> symbol_field(const nlohmann::json& op, const char* field) {
    std::string symbol = op.at(field).get<std::string>();
    if (!is_valid_symbol(symbol)) return bad(Reason::BAD_SYMBOL, field, "not 1-12 of A-Z 0-9 . -");
    return symbol;
}

Result<Amount> amount_field(const nlohmann::json& op, const char* field, std::string_view symbol,
                            const DecimalsLookup& decimals) {
    const auto d = decimals(symbol);
    if (!d) return bad(Reason::UNKNOWN_ASSET, field, "no asset " + std::string(symbol));
    Amount amount = 0;
    if (!parse_amount(op.at(field).get<std::string>(), *d, amount)) {
        return bad(Reason::BAD_AMOUNT, field, "not a decimal string with at most " + std::to_string(*d) + " decimals");
    }
    return amount;
}

Result<InstrumentId> id_field(const nlohmann::json& op, const char* field) {
    InstrumentId id;
    if (!parse_instrument_id(op.at(field).get<std::string>(), id)) {
        return bad(Reason::INVALID_ARGUMENT, field, "not an id (32 lowercase hex characters)");
    }
    return id;
}

std::string address_text(const AccountId& account) { return crypto::encode_address(account); }

Result<std::string> amount_text(Amount amount, std::string_view symbol, const DecimalsLookup& decimals) {
    const auto d = decimals(symbol);
    if (!d) return make_error(Reason::UNKNOWN_ASSET, "no asset " + std::string(symbol));
    return format_amount(amount, *d);
}

}  // namespace folio::contracts
