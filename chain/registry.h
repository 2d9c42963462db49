// The instrument registry: how instruments (equity transfer approval, campaigns, minibonds, distributions...) add
// ops, transfer rules and read queries without touching chain/. The core decodes the op tags it owns
// (chain/ops.h); every tag >= kFirstContractTag goes to the registry. contracts/ implements it; one
// make_registry() there is what foliod, folio-audit and the benchmarks use. docs/instruments.md describes the
// interface for people; decision 014 says why it has this shape.
//
// Contract code runs inside block execution: it must be deterministic, use only the OpContext for state, time
// and history, and never do I/O.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chain/history.h"
#include "chain/instrument.h"
#include "chain/op_fields.h"
#include "chain/ops.h"
#include "chain/result.h"
#include "chain/state.h"
#include "chain/tx.h"

namespace folio {

struct BlockContext {
    ChainId chain_id{};
    Height height = 0;
    uint64_t time_ms = 0;  // the block header's time: the only clock execution knows
};

// issue and settlement have their own kinds so that a rule can tell them apart: `settlement` is a move an
// instrument makes (an approved transfer request, a campaign's payout, a distribution's payment).
enum class TransferKind : uint8_t { issue, transfer, forced_transfer, settlement };

// What the one check_transfer hook sees; issue, and a payment out of an asset's escrow, have no `from`.
struct TransferCheck {
    TransferKind kind;
    const Asset* asset;
    const AccountId* from;  // nullptr for issue and payments out of escrow
    const Account* from_account;
    const AccountId* to;
    const Account* to_account;
    Amount amount;
};

// The decimals of an asset by symbol, for amounts written as decimal strings ("12.50"); nullopt for an
// unknown symbol. The node reads its state, the wallet asks the node.
using DecimalsLookup = std::function<std::optional<uint8_t>(std::string_view symbol)>;

// The state and services a contract op may use during execution. Every write (state, balances, supply, locks,
// escrow, events) is journaled by the executor and rolled back if the op, or a later op of the same tx, fails.
//
// Movements keep the invariants of decision 014 per asset: Σ amount + escrow = supply, Σ lock records =
// Balance.locked, locked + frozen <= amount, holder counts exact. Each returns a refusal (with the core's reason
// codes: INSUFFICIENT_BALANCE, SUPPLY_CAP, OVERFLOW, KYC_REQUIRED...) and then has changed nothing.
class OpContext : public StateView {
public:
    virtual const BlockContext& block() const = 0;
    virtual const AccountId& signer() const = 0;
    virtual const TxHash& tx_hash() const = 0;
    virtual uint16_t op_index() const = 0;
    // The id of what this op creates: instrument_id(tx_hash(), op_index()) (chain/instrument.h).
    virtual InstrumentId new_id() const = 0;

    // Writes under the executing instrument's own state prefix. A key under any other prefix (core state,
    // another instrument's) is refused NOT_AUTHORIZED, and the op fails even if the refusal is ignored.
    virtual Status put(Bytes key, Bytes value) = 0;
    virtual Status erase(Bytes key) = 0;

    // Moves `amount` between accounts through the same checks as the core transfer op (kind transfer or
    // settlement; check_transfer sees the kind).
    virtual Status move(TransferKind kind, std::string_view asset, const AccountId& from, const AccountId& to,
                        Amount amount) = 0;
    // New units to `to`, as the core issue op: the transfer rules (kind issue), max_supply, holder count. Who
    // may mint is the instrument's rule, checked before.
    virtual Status mint(std::string_view asset, const AccountId& to, Amount amount) = 0;
    // Units out of existence from `from`'s available holding (redemption), as the core burn op.
    virtual Status burn_from(std::string_view asset, const AccountId& from, Amount amount) = 0;

    // Locks part of `account`'s available holding under (id, kind): Balance.locked grows, a lock record says
    // why. lock() on an existing (id) of the same kind adds to it.
    virtual Status lock(std::string_view kind, const InstrumentId& id, std::string_view asset,
                        const AccountId& account, Amount amount) = 0;
    virtual Status unlock(std::string_view kind, const InstrumentId& id, std::string_view asset,
                          const AccountId& account, Amount amount) = 0;
    // Unlocks from `from` and moves to `to` as a settlement (the transfer rules apply to the receiver).
    virtual Status move_locked(std::string_view kind, const InstrumentId& id, std::string_view asset,
                               const AccountId& from, const AccountId& to, Amount amount) = 0;

    // Units from `from`'s available holding into the asset's escrow (no account holds them), and back out to
    // any account, the receiver checked as a settlement (so a refused receiver can be withheld and retried).
    virtual Status escrow_in(std::string_view asset, const AccountId& from, Amount amount) = 0;
    virtual Status escrow_out(std::string_view asset, const AccountId& to, Amount amount) = 0;

    // History of committed heights strictly below block().height (record heights, vote snapshots).
    // HEIGHT_NOT_REACHED for a height at or above it; a storage failure ends the tx's execution without a
    // receipt (chain/execute.h), so it never decides an outcome.
    virtual Result<Balance> balance_at(AssetId asset, const AccountId& account, Height height) = 0;
    virtual Result<std::vector<HolderEntry>> holders_at(AssetId asset, Height height,
                                                        std::optional<AccountId> after, size_t limit) = 0;
    virtual Result<std::optional<Asset>> asset_at(AssetId asset, Height height) = 0;

    // Adds an event to the tx's receipt (INVALID_ARGUMENT if it breaks chain/instrument.h's bounds).
    virtual Status emit(Event event) = 0;
    // Records that the tx concerns this account (per-account history).
    virtual void touch(const AccountId& account) = 0;
};

// What an instrument's holding hook may do (InstrumentRegistry::before_holding_change): read the executing
// state, keep its own records under its state prefix, and charge units of the one holding being settled.
// Writes are journaled with the op's, so they are rolled back with it.
class HoldingContext : public StateView {
public:
    virtual const BlockContext& block() const = 0;
    // Under the instrument's own state prefix, as OpContext::put (NOT_AUTHORIZED elsewhere).
    virtual Status put(Bytes key, Bytes value) = 0;
    // Moves `amount` of the settled holding's available units to `to` as a charge the asset's own terms
    // impose (a melting currency's demurrage going to its fee account): no transfer rule applies and `to`'s
    // holding is not settled first. INSUFFICIENT_BALANCE over the available units, UNKNOWN_ACCOUNT, OVERFLOW.
    virtual Status charge(const AccountId& to, Amount amount) = 0;
    virtual Status emit(Event event) = 0;
};

// An op an instrument owns, described by the same row type as the core ops (chain/op_fields.h), so that
// rpc_methods (the JSON Schema of tx_build's `ops`) and docs/ops.md list it with them.
struct InstrumentOpInfo {
    uint16_t tag;
    const OpShape* shape;
};

// What a read query runs over: the last committed state, its height and time, and the committed history.
struct QueryContext {
    const StateView& state;
    Height height;
    const ChainHistory& history;
    const DecimalsLookup& decimals;
    // The header time of the committed block at `height`: the clock of a query (a minibond instalment is
    // `late` once the last block's time is past its due date), never the reader's wall clock; what "expired" is judged by.
    uint64_t time_ms = 0;
};

// A read query of an instrument (scope read), which the node adds to its JSON-RPC method table as it is.
// `params` lists content descriptors ({"name","required","description","schema"}) as JSON text; the handler
// gets params already checked against them (rpc/method.h) and answers from the QueryContext alone.
struct InstrumentQuery {
    std::string name;
    std::string summary;
    std::string params;  // JSON array text
    std::string result_schema;
    std::vector<Reason> errors;
    std::string example_params;
    std::string example_result;
    std::function<Result<nlohmann::json>(const QueryContext& ctx, const nlohmann::json& params)> handler;
};

class InstrumentRegistry {
public:
    virtual ~InstrumentRegistry() = default;

    // True if the registry decodes and applies this tag.
    virtual bool owns(uint16_t tag) const = 0;
    virtual std::string_view op_name(uint16_t tag) const = 0;
    // The state key prefix the op's instrument may write (>= KeyPrefix::first_contract); nullopt if no
    // instrument owns the tag.
    virtual std::optional<uint8_t> state_prefix_of(uint16_t tag) const = 0;
    // Stateless decoding and bounds of a payload (mempool admission).
    virtual Status check_op(const Op& op) const = 0;
    // The work the op may do, in the units of block_max_weight: a core op weighs 1, a paged op its `limit`.
    // Read before execution (block check, builder), so also on a payload that does not decode: then 1 (such a
    // tx is excluded by execution anyway).
    virtual uint64_t weight(const Op& op) const = 0;
    // Accounts besides the tx signer whose keys must sign (a counterparty in delivery-versus-payment...).
    virtual std::vector<AccountId> required_signers(const Op& op) const = 0;
    virtual Status apply(const Op& op, OpContext& ctx) const = 0;
    // Extra transfer rules of instruments, called after the core policy checks passed.
    virtual Status check_transfer(const TransferCheck& check, const StateView& state,
                                  const BlockContext& block) const = 0;

    // Holdings that change with time alone (decision 018). The core calls this before every change it makes
    // to a holding of `asset` (transfer, forced_transfer, issue, burn, freeze of an amount, and the
    // movements of OpContext), once per holding and before any transfer rule is checked, so that the rules
    // and the change see the holding as of the executing block. An instrument whose terms charge such
    // holdings applies what is due through `ctx`; a refusal fails the op. Deterministic: block time only.
    virtual Status before_holding_change(const Asset& asset, const AccountId& account, HoldingContext& ctx) const {
        (void)asset, (void)account, (void)ctx;
        return Status();
    }
    // The same charges as a pure read: `stored` as it would be once settled at `time_ms` (what
    // account_holdings shows at the block time of the height it answers for).
    virtual Balance holding_as_of(const StateView& state, const Asset& asset, const AccountId& account,
                                  const Balance& stored, uint64_t time_ms) const {
        (void)state, (void)asset, (void)account, (void)time_ms;
        return stored;
    }

    // JSON <-> op, for tx_build and for showing a tx: `name` is the "op" field of the JSON object. Amounts are
    // decimal strings in their asset's units, converted through `decimals`.
    // op_from_json accepts an op whole or refuses it: an unknown member or one of the wrong type is
    // INVALID_ARGUMENT naming it (as core ops, chain/op_fields.h), never ignored.
    virtual bool owns_name(std::string_view name) const = 0;
    virtual Result<Op> op_from_json(const nlohmann::json& op, const DecimalsLookup& decimals) const = 0;
    virtual Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const = 0;

    // Every op of every instrument, in tag order, and every read query.
    virtual std::vector<InstrumentOpInfo> ops() const = 0;
    virtual std::vector<const InstrumentQuery*> queries() const = 0;
};

// The weight of one op (1 for a core op or a tag nobody owns) and of a tx: the sum of its ops', saturating.
uint64_t op_weight(const Op& op, const InstrumentRegistry& registry);
uint64_t tx_weight(const Tx& tx, const InstrumentRegistry& registry);

}  // namespace folio
