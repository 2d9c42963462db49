#include "chain/reason.h"

#include <array>
#include <utility>

namespace folio {
namespace {

#define FOLIO_REASON(name) std::pair<Reason, std::string_view>{Reason::name, #name}
constexpr std::array kReasonNames = {
    FOLIO_REASON(OK),
    FOLIO_REASON(DECODE_ERROR),
    FOLIO_REASON(BAD_VERSION),
    FOLIO_REASON(TOO_LARGE),
    FOLIO_REASON(UNKNOWN_OP),
    FOLIO_REASON(INVALID_ARGUMENT),
    FOLIO_REASON(BAD_ADDRESS),
    FOLIO_REASON(BAD_AMOUNT),
    FOLIO_REASON(BAD_SYMBOL),
    FOLIO_REASON(MEMO_TOO_LONG),
    FOLIO_REASON(NO_OPS),
    FOLIO_REASON(METHOD_NOT_ALLOWED),
    FOLIO_REASON(BAD_SIGNATURE),
    FOLIO_REASON(WRONG_CHAIN),
    FOLIO_REASON(BAD_NONCE),
    FOLIO_REASON(EXPIRED),
    FOLIO_REASON(DUPLICATE_CLIENT_REF),
    FOLIO_REASON(MISSING_SIGNATURE),
    FOLIO_REASON(UNKNOWN_SIGNER),
    FOLIO_REASON(NOT_AUTHORIZED),
    FOLIO_REASON(INSUFFICIENT_BALANCE),
    FOLIO_REASON(KYC_REQUIRED),
    FOLIO_REASON(KYC_EXPIRED),
    FOLIO_REASON(ASSET_FROZEN),
    FOLIO_REASON(ACCOUNT_FROZEN),
    FOLIO_REASON(SUPPLY_CAP),
    FOLIO_REASON(OVERFLOW),
    FOLIO_REASON(ACCOUNT_EXISTS),
    FOLIO_REASON(UNKNOWN_ACCOUNT),
    FOLIO_REASON(PUBKEY_IN_USE),
    FOLIO_REASON(ASSET_EXISTS),
    FOLIO_REASON(UNKNOWN_ASSET),
    FOLIO_REASON(ROLE_NOT_HELD),
    FOLIO_REASON(SELF_TRANSFER),
    FOLIO_REASON(BALANCE_FROZEN),
    FOLIO_REASON(POLICY_REFUSED),
    FOLIO_REASON(UNKNOWN_PARAM),
    FOLIO_REASON(KYC_EXPIRY_IN_PAST),
    FOLIO_REASON(NOT_FOUND),
    FOLIO_REASON(IO_ERROR),
    FOLIO_REASON(CORRUPTION),
    FOLIO_REASON(MEMPOOL_FULL),
    FOLIO_REASON(INTERNAL),
    FOLIO_REASON(UNAVAILABLE),
    FOLIO_REASON(TIMEOUT),
};
#undef FOLIO_REASON

}  // namespace

std::string_view reason_name(Reason reason) {
    for (const auto& [code, name] : kReasonNames) {
        if (code == reason) return name;
    }
    return "UNKNOWN_REASON";
}

bool reason_from_name(std::string_view name, Reason& out) {
    for (const auto& [code, known] : kReasonNames) {
        if (known == name) {
            out = code;
            return true;
        }
    }
    return false;
}

}  // namespace folio
