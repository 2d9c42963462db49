// The rules of the core ops (who may do what: docs/reason-codes.md, NOT_AUTHORIZED), applied through an OpContext.
// Internal to execution: only chain/execute.cpp uses it.
#pragma once

#include "chain/registry.h"

namespace folio {

// What the core rules read and write: the executing state, unguarded (OpContext's prefix guard is for
// instruments; the movements an instrument asks for are written by the core on its behalf).
class CoreContext : public StateView {
public:
    virtual const BlockContext& block() const = 0;
    virtual const AccountId& signer() const = 0;
    virtual void put(Bytes key, Bytes value) = 0;
    virtual void erase(Bytes key) = 0;
    virtual void touch(const AccountId& account) = 0;
    // Adds an event to the tx's receipt (the charges of a holding hook).
    virtual Status emit(Event event) = 0;
};

class CoreOps {
public:
    CoreOps(CoreContext& ctx, const InstrumentRegistry& registry) : ctx_(ctx), registry_(registry) {}

    Status apply(const DecodedCoreOp& op);
    // The one transfer path: policy hook, balances, holder counts. Used by transfer, forced_transfer and
    // contract ops.
    Status move(TransferKind kind, std::string_view symbol, const AccountId& from, const AccountId& to, Amount amount);

    // chain/core_ops_instrument.cpp: the movements OpContext offers instruments (chain/registry.h).
    Status mint(std::string_view symbol, const AccountId& to, Amount amount);
    Status burn_from(std::string_view symbol, const AccountId& from, Amount amount);
    Status lock(std::string_view kind, const InstrumentId& id, std::string_view symbol, const AccountId& account,
                Amount amount);
    Status unlock(std::string_view kind, const InstrumentId& id, std::string_view symbol, const AccountId& account,
                  Amount amount);
    Status escrow_in(std::string_view symbol, const AccountId& from, Amount amount);
    Status escrow_out(std::string_view symbol, const AccountId& to, Amount amount);

private:
    Status account_register(const AccountRegisterOp& op);
    Status kyc_attest(const KycAttestOp& op);
    Status key_rotate(const KeyRotateOp& op);
    Status role_change(const RoleOp& op, bool grant);
    Status asset_create(const AssetCreateOp& op);
    Status issue(const IssueOp& op);
    Status burn(const BurnOp& op);
    Status freeze(const FreezeOp& op, bool freeze);
    Status forced_transfer(const ForcedTransferOp& op);
    Status param_update(const ParamUpdateOp& op);
    // chain/core_ops_sets.cpp: the ops that replace a whole set.
    Status validator_set_update(const ValidatorSetUpdateOp& op);
    Status key_set_update(const KeySetUpdateOp& op);

    // chain/core_ops_holding.cpp: the instruments' holding hook (InstrumentRegistry::before_holding_change),
    // run before the core changes the holding of `account`. Charges keep `asset` (its holder count) current.
    Status settle(Asset& asset, const AccountId& account);

    // The policy hook that issue, transfer and forced_transfer all pass through.
    Status check_transfer(const TransferCheck& check) const;
    Status load_asset(std::string_view symbol, Asset& asset) const;
    Status load_account(const AccountId& id, Account& account) const;
    bool is_registrar() const;
    // param_update and validator_set_update: the signer satisfies the chain's governance rule.
    Status check_governance(std::string_view op_name) const;
    bool is_asset_issuer(const Asset& asset) const;
    Balance balance_of(AssetId asset, const AccountId& account) const;
    // Writes a balance, deleting the leaf when it is empty and keeping the asset's holder count.
    void store_balance(Asset& asset, const AccountId& account, const Balance& before, const Balance& after);
    void store_asset(const Asset& asset) { ctx_.put(state_key::asset(asset.id), asset.encode()); }
    // The issue rules for one recipient (transfer hook, supply cap, holding), shared by issue and mint.
    Status issue_to(Asset& asset, const AccountId& to, Amount amount);
    // "available balance is too small: 80.00 ACME available, 100.00 asked": the caller sees what it may do.
    static Error short_holding(std::string_view why, const Asset& asset, Amount has, std::string_view has_what,
                               Amount asked);

    CoreContext& ctx_;
    const InstrumentRegistry& registry_;
    friend class HoldingCharges;  // chain/core_ops_holding.cpp: writes balances for settle()
};

}  // namespace folio
