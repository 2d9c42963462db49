// The instrument registry: how instruments (equity campaigns, minibonds, royalties, local currencies...) add ops
// and transfer rules without touching chain/. The core decodes the op tags it owns (chain/ops.h); every tag
// >= kFirstContractTag goes to the registry. contracts/ implements it; one make_registry() there is what
// foliod, folio-audit and the benchmarks use.
//
// Contract code runs inside block execution: it must be deterministic, use only the OpContext for state and
// time, and never do I/O.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>
#include <vector>

#include "chain/ops.h"
#include "chain/result.h"
#include "chain/state.h"

namespace folio {

struct BlockContext {
    ChainId chain_id{};
    Height height = 0;
    uint64_t time_ms = 0;  // the block header's time: the only clock execution knows
};

enum class TransferKind : uint8_t { issue, transfer, forced_transfer };

// What the one check_transfer hook sees; issue has no `from`.
struct TransferCheck {
    TransferKind kind;
    const Asset* asset;
    const AccountId* from;  // nullptr for issue
    const Account* from_account;
    const AccountId* to;
    const Account* to_account;
    Amount amount;
};

// The state and services a contract op may use during execution. Writes are journaled by the executor and
// rolled back if the op (or a later op of the same tx) fails.
class OpContext : public StateView {
public:
    virtual const BlockContext& block() const = 0;
    virtual const AccountId& signer() const = 0;
    virtual void put(Bytes key, Bytes value) = 0;
    virtual void erase(Bytes key) = 0;
    // Moves `amount` of an asset between accounts through the same checks as the core transfer op.
    virtual Status move(TransferKind kind, std::string_view asset, const AccountId& from, const AccountId& to,
                        Amount amount) = 0;
    // Records that the tx concerns this account (per-account history).
    virtual void touch(const AccountId& account) = 0;
};

class InstrumentRegistry {
public:
    virtual ~InstrumentRegistry() = default;

    // True if the registry decodes and applies this tag.
    virtual bool owns(uint16_t tag) const = 0;
    virtual std::string_view op_name(uint16_t tag) const = 0;
    // Stateless decoding and bounds of a payload (mempool admission).
    virtual Status check_op(const Op& op) const = 0;
    // Accounts besides the tx signer whose keys must sign (a counterparty in delivery-versus-payment...).
    virtual std::vector<AccountId> required_signers(const Op& op) const = 0;
    virtual Status apply(const Op& op, OpContext& ctx) const = 0;
    // Extra transfer rules of instruments, called after the core policy checks passed.
    virtual Status check_transfer(const TransferCheck& check, const StateView& state) const = 0;

    // JSON <-> op, for tx_build and for showing a tx: `name` is the "op" field of the JSON object.
    // op_from_json accepts an op whole or refuses it: an unknown member or one of the wrong type is
    // INVALID_ARGUMENT naming it (as core ops, chain/op_fields.h), never ignored.
    virtual bool owns_name(std::string_view name) const = 0;
    virtual Result<Op> op_from_json(const nlohmann::json& op) const = 0;
    virtual Status op_to_json(const Op& op, nlohmann::json& out) const = 0;
};

}  // namespace folio
