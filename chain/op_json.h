// Ops and txs as JSON (docs/rpc-shapes.md): what tx_build and tx_sign_submit take, and how tx_get, block_get,
// the wallet and folio-audit show a tx. Amounts are decimal strings in the asset's units, so converting needs
// the asset's decimals: the caller supplies a lookup (the node reads its state, the wallet asks the node).
// Not consensus code: the binary encoding (chain/ops.h) is what is signed and executed.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "chain/registry.h"
#include "chain/tx.h"

namespace folio {

// An op is accepted whole or refused: before any value is read, the object is checked against the op's row in
// chain/op_fields.h, so an unknown field ("assets" for "asset", a field of another op, anywhere down to
// `policy` and `to[i]`) or a field of the wrong type is INVALID_ARGUMENT naming it ("assets: unknown field of
// op freeze"). Other errors are INVALID_ARGUMENT, UNKNOWN_OP, UNKNOWN_ASSET, BAD_ADDRESS, BAD_AMOUNT or
// BAD_SYMBOL with a message naming the field ("to: not a folio address"). Ops the registry owns are parsed by
// the registry, which holds them to the same rule.
Result<Op> op_from_json(const nlohmann::json& op, const DecimalsLookup& decimals, const InstrumentRegistry& registry);
Result<nlohmann::json> op_to_json(const Op& op, const DecimalsLookup& decimals, const InstrumentRegistry& registry);

// {"version","chain_id","signer","nonce","valid_until_height","ops":[...],"memo","client_ref"?}
nlohmann::json tx_to_json(const Tx& tx, const DecimalsLookup& decimals, const InstrumentRegistry& registry);

}  // namespace folio
