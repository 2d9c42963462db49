// The instruments' holding hook (decision 018): before the core changes a holding, the registry may charge what
// the asset's terms say accrues on it with time (a melting currency's demurrage). The hook sees the holding's
// account alone; its charges move available units out of that holding without transfer rules, keep the asset's
// holder count, and are journaled with the op that caused them.
#include "chain/core_ops.h"

namespace folio {

class HoldingCharges final : public HoldingContext {
public:
    HoldingCharges(CoreOps& core, Asset& asset, const AccountId& account)
        : core_(core), asset_(asset), account_(account) {}

    bool get(ByteView key, Bytes& value) const override { return core_.ctx_.get(key, value); }
    const BlockContext& block() const override { return core_.ctx_.block(); }
    // The registry narrows writes to the hooked instrument's own prefix; the core keeps its own prefixes.
    Status put(Bytes key, Bytes value) override {
        if (key.empty() || key[0] < static_cast<uint8_t>(KeyPrefix::first_contract)) {
            return make_error(Reason::NOT_AUTHORIZED, "a holding hook writes only instrument state");
        }
        core_.ctx_.put(std::move(key), std::move(value));
        return Status();
    }
    Status charge(const AccountId& to, Amount amount) override {
        if (amount == 0) return Status();
        if (to == account_) return make_error(Reason::SELF_TRANSFER, "a holding cannot be charged to itself");
        Account receiver;
        if (!read_account(core_.ctx_, to, receiver)) {
            return make_error(Reason::UNKNOWN_ACCOUNT, "the charge's receiver is not registered");
        }
        const Balance from_before = core_.balance_of(asset_.id, account_);
        if (from_before.available() < amount) {
            return CoreOps::short_holding("charge exceeds the available holding", asset_, from_before.available(),
                                          "available", amount);
        }
        const Balance to_before = core_.balance_of(asset_.id, to);
        Balance to_after = to_before;
        if (!checked_add(to_before.amount, amount, to_after.amount)) {
            return make_error(Reason::OVERFLOW, "the charge's receiver holding would overflow");
        }
        Balance from_after = from_before;
        from_after.amount -= amount;
        const uint64_t holders_before = asset_.holders;
        core_.store_balance(asset_, account_, from_before, from_after);
        core_.store_balance(asset_, to, to_before, to_after);
        if (asset_.holders != holders_before) core_.store_asset(asset_);
        core_.ctx_.touch(account_);
        core_.ctx_.touch(to);
        return Status();
    }
    Status emit(Event event) override { return core_.ctx_.emit(std::move(event)); }

private:
    CoreOps& core_;
    Asset& asset_;
    const AccountId& account_;
};

Status CoreOps::settle(Asset& asset, const AccountId& account) {
    HoldingCharges charges(*this, asset, account);
    return registry_.before_holding_change(asset, account, charges);
}

}  // namespace folio
