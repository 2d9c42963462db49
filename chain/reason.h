// Stable reason codes. A code says why something was refused; its number and name never change once
// released (clients and receipts store them). New codes are appended within their group.
//
// Groups, by what the refusal implies for the caller:
//   1xx  malformed input: fix the request, never retry as is. A tx whose ops do not decode is never included;
//        a well-formed op with a bad value (a zero amount) fails in execution like a 3xx refusal.
//   2xx  signature / replay / expiry: never included in a block.
//   3xx  state refusals: at submit the tx is refused; if it fails only when its block executes it is still
//        included, consumes its nonce and client_ref, its ops are rolled back and its receipt carries the code.
//   4xx  instrument refusals (contracts/): state refusals like 3xx (included as failed when they arise only in
//        the block), in a range of their own so that instruments never renumber a core code.
//   9xx  node-side conditions (storage, limits): retry later may succeed.
#pragma once

#include <cstdint>
#include <string_view>

namespace folio {

enum class Reason : uint16_t {
    OK = 0,
    // 1xx malformed input
    DECODE_ERROR = 100,
    BAD_VERSION = 101,
    TOO_LARGE = 102,
    UNKNOWN_OP = 103,
    INVALID_ARGUMENT = 104,
    BAD_ADDRESS = 105,
    BAD_AMOUNT = 106,
    BAD_SYMBOL = 107,
    MEMO_TOO_LONG = 108,
    NO_OPS = 109,
    METHOD_NOT_ALLOWED = 110,
    // 2xx signature, replay, expiry
    BAD_SIGNATURE = 200,
    WRONG_CHAIN = 201,
    BAD_NONCE = 202,
    EXPIRED = 203,
    DUPLICATE_CLIENT_REF = 204,
    MISSING_SIGNATURE = 205,
    UNKNOWN_SIGNER = 206,
    // 3xx state refusals
    NOT_AUTHORIZED = 300,
    INSUFFICIENT_BALANCE = 301,
    KYC_REQUIRED = 302,
    KYC_EXPIRED = 303,
    ASSET_FROZEN = 304,
    ACCOUNT_FROZEN = 305,
    SUPPLY_CAP = 306,
    OVERFLOW = 307,
    ACCOUNT_EXISTS = 308,
    UNKNOWN_ACCOUNT = 309,
    PUBKEY_IN_USE = 310,
    ASSET_EXISTS = 311,
    UNKNOWN_ASSET = 312,
    ROLE_NOT_HELD = 313,
    SELF_TRANSFER = 314,
    BALANCE_FROZEN = 315,
    POLICY_REFUSED = 316,
    UNKNOWN_PARAM = 317,
    KYC_EXPIRY_IN_PAST = 318,
    // 4xx instrument refusals (docs/instruments.md)
    APPROVAL_REQUIRED = 400,
    LOCKED_UP = 401,
    UNKNOWN_ID = 402,
    NOT_PENDING = 403,
    PENDING_EXPIRED = 404,
    TERMS_LOCKED = 405,
    NOT_DUE = 406,
    ALREADY_PAID = 407,
    HEIGHT_NOT_REACHED = 408,
    DISTRIBUTION_DONE = 409,
    NOTHING_TO_CLAIM = 410,
    CAMPAIGN_CLOSED = 411,
    CAMPAIGN_OPEN = 412,
    CAMPAIGN_FULL = 413,
    TICKET_OUT_OF_BOUNDS = 414,
    DEADLINE_TOO_FAR = 415,
    WITHDRAWAL_PERIOD_OVER = 416,
    DEPOSIT_REF_USED = 417,
    RESERVE_EXCEEDED = 418,
    BALANCE_CAP = 419,
    NOT_MERCHANT = 420,
    VOTE_CLOSED = 421,
    ALREADY_VOTED = 422,
    NO_VOTING_WEIGHT = 423,
    PLEDGED = 424,
    // 9xx node-side
    NOT_FOUND = 900,
    IO_ERROR = 901,
    CORRUPTION = 902,
    MEMPOOL_FULL = 903,
    INTERNAL = 904,
    UNAVAILABLE = 905,
    TIMEOUT = 906,
};

// "INSUFFICIENT_BALANCE" for Reason::INSUFFICIENT_BALANCE; "UNKNOWN_REASON" for a number not listed.
std::string_view reason_name(Reason reason);
// Inverse of reason_name; false if the name is not a known code.
bool reason_from_name(std::string_view name, Reason& out);

}  // namespace folio
