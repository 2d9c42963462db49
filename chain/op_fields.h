// The JSON form of each core op as data: its fields, their kinds, which are required. op_from_json checks an
// op against its row before it reads a single value, so an op is accepted whole or refused: an unknown field
// (a typo such as "assets" for "asset", or a field another op has) or a field of the wrong type is refused
// with INVALID_ARGUMENT naming it, and can never change what the op means. The same rows generate the op
// reference (docs/ops.md) and the JSON Schema of each op in the OpenRPC document (node/op_reference.h): units,
// bounds, who signs and the reason codes an op can give are written here once.
//
// Rules a row cannot say (which freeze target a combination of fields means, the recipients bound of `issue`,
// value ranges) stay with the parser in chain/op_json.cpp.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string_view>

#include "chain/reason.h"
#include "chain/result.h"

namespace folio {

// What a field holds. All but unsigned_integer, boolean, object and array are JSON strings.
enum class OpFieldKind : uint8_t {
    text,              // free text (UTF-8)
    unsigned_integer,  // a JSON integer >= 0
    boolean,
    address,  // bech32m folio1...
    symbol,   // asset symbol, 1-12 of A-Z 0-9 . -
    amount,   // decimal string with at most the asset's decimals
    hex32,    // 64 hex characters: a key, a hash, a legal reference
    instrument_id,  // 32 lowercase hex characters: an instrument record's id (chain/instrument.h)
    name,     // one of a fixed set of lowercase names (role, asset class)
    object,   // an object whose fields are `members`
    array,    // an array of objects whose fields are `members`
};

struct OpField {
    std::string_view name;
    OpFieldKind kind;
    bool required;
    std::string_view description;
    std::span<const OpField> members = {};  // object and array kinds only
    // What a number counts, when it is not plain ("milliseconds since the Unix epoch (UTC)").
    std::string_view unit = {};
    // The largest value of an unsigned_integer, the most bytes of a text, the most items of an array; 0 when
    // the kind alone bounds it. The parser (chain/op_json.cpp) enforces the same bound: a test holds them equal.
    uint64_t max = 0;
    std::span<const std::string_view> names = {};  // name kind: every accepted value
};

struct OpShape {
    std::string_view op;  // the "op" member of the JSON object
    std::string_view summary;
    std::span<const OpField> fields;  // every member but "op"
    std::string_view signer;          // who may sign it, for people
    // False when any registered account may sign it for itself (transfer, rotating its own key); true when the
    // signer needs a role or issuer rights, so that a plain account is refused NOT_AUTHORIZED.
    bool needs_role = true;
    // The reason codes the op itself can give: when the node converts it (1xx) and when it executes (3xx).
    // Refusals of the whole tx (signature, nonce, expiry: docs/rpc.md, tx_submit) come on top.
    std::span<const Reason> reasons = {};
};

// One row per core op, in tag order.
std::span<const OpShape> core_op_shapes();
// The row of a core op, or null for a name that is not one.
const OpShape* find_core_op_shape(std::string_view op);
// "a string", "a non-negative integer", ...: the JSON type a kind requires, for messages and docs.
std::string_view op_field_kind_expectation(OpFieldKind kind);

// Checks `op` against `shape`: every member besides "op" is a field of the row, of its kind, recursively into
// objects and array items, and every required field is there. Changes nothing; the error is INVALID_ARGUMENT
// naming the field with its path: "assets: unknown field of op freeze", "to[1].amount: missing",
// "policy.max_holders: must be a non-negative integer".
Status check_op_fields(const nlohmann::json& op, const OpShape& shape);

}  // namespace folio
