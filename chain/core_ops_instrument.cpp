// The movements OpContext offers instruments (chain/registry.h): mint and burn with the core's supply rules,
// locks behind Balance.locked, and the per-asset escrow. Each keeps, per asset, Σ amount + escrow = supply,
// Σ lock records = locked and locked + frozen <= amount; each refuses before it writes anything.
#include <algorithm>

#include "chain/core_ops.h"

namespace folio {
namespace {

Error refuse(Reason reason, std::string message) { return make_error(reason, std::move(message)); }

}  // namespace

Status CoreOps::mint(std::string_view symbol, const AccountId& to, Amount amount) {
    Asset asset;
    if (Status s = load_asset(symbol, asset); !s) return s;
    if (Status s = issue_to(asset, to, amount); !s) return s;
    store_asset(asset);
    return Status();
}

Status CoreOps::burn_from(std::string_view symbol, const AccountId& from, Amount amount) {
    Asset asset;
    if (Status s = load_asset(symbol, asset); !s) return s;
    if (amount == 0) return refuse(Reason::BAD_AMOUNT, "burned amount must be positive");
    if (Status s = settle(asset, from); !s) return s;
    const Balance before = balance_of(asset.id, from);
    if (before.available() < amount) {
        return short_holding("burn exceeds the available holding", asset, before.available(), "available", amount);
    }
    Balance after = before;
    after.amount -= amount;
    asset.supply -= amount;  // supply >= any holding
    store_balance(asset, from, before, after);
    store_asset(asset);
    ctx_.touch(from);
    return Status();
}

Status CoreOps::lock(std::string_view kind, const InstrumentId& id, std::string_view symbol,
                     const AccountId& account, Amount amount) {
    if (!is_valid_record_kind(kind)) return refuse(Reason::INVALID_ARGUMENT, "lock kind is not 1..32 of a-z 0-9 _");
    Asset asset;
    if (Status s = load_asset(symbol, asset); !s) return s;
    if (amount == 0) return refuse(Reason::BAD_AMOUNT, "locked amount must be positive");
    if (Status s = settle(asset, account); !s) return s;
    const Balance before = balance_of(asset.id, account);
    if (before.available() < amount) {
        return short_holding("lock exceeds the available holding", asset, before.available(), "available", amount);
    }
    LockSet locks = read_locks(ctx_, asset.id, account);
    if (LockEntry* entry = locks.find(id)) {
        if (entry->kind != kind) return refuse(Reason::INVALID_ARGUMENT, "id is locked under another kind");
        entry->amount += amount;  // <= amount of the holding, so no overflow
    } else {
        if (locks.entries.size() >= kMaxLocksPerHolding) {
            return refuse(Reason::TOO_LARGE, "a holding carries at most 64 locks");
        }
        LockEntry added{id, std::string(kind), amount};
        locks.entries.insert(std::upper_bound(locks.entries.begin(), locks.entries.end(), added,
                                              [](const LockEntry& a, const LockEntry& b) { return a.id < b.id; }),
                             std::move(added));
    }
    Balance after = before;
    after.locked += amount;
    store_balance(asset, account, before, after);
    ctx_.put(state_key::locks(asset.id, account), locks.encode());
    ctx_.touch(account);
    return Status();
}

Status CoreOps::unlock(std::string_view kind, const InstrumentId& id, std::string_view symbol,
                       const AccountId& account, Amount amount) {
    Asset asset;
    if (Status s = load_asset(symbol, asset); !s) return s;
    if (amount == 0) return refuse(Reason::BAD_AMOUNT, "unlocked amount must be positive");
    LockSet locks = read_locks(ctx_, asset.id, account);
    LockEntry* entry = locks.find(id);
    if (!entry || entry->kind != kind) return refuse(Reason::UNKNOWN_ID, "no lock of this kind and id on the holding");
    if (entry->amount < amount) {
        return short_holding("unlock exceeds the lock", asset, entry->amount, "locked under this id", amount);
    }
    // Settled while the units are still locked: locked units do not melt, so they start melting from now.
    if (Status s = settle(asset, account); !s) return s;
    entry->amount -= amount;
    if (entry->amount == 0) locks.entries.erase(locks.entries.begin() + (entry - locks.entries.data()));
    const Balance before = balance_of(asset.id, account);
    Balance after = before;
    after.locked -= amount;  // the lock record is part of locked
    store_balance(asset, account, before, after);
    if (locks.entries.empty()) ctx_.erase(state_key::locks(asset.id, account));
    else ctx_.put(state_key::locks(asset.id, account), locks.encode());
    ctx_.touch(account);
    return Status();
}

Status CoreOps::escrow_in(std::string_view symbol, const AccountId& from, Amount amount) {
    Asset asset;
    if (Status s = load_asset(symbol, asset); !s) return s;
    if (amount == 0) return refuse(Reason::BAD_AMOUNT, "escrowed amount must be positive");
    if (asset.frozen) return refuse(Reason::ASSET_FROZEN, asset.symbol + " is frozen");
    Account from_account;
    if (Status s = load_account(from, from_account); !s) return s;
    if (from_account.frozen) return refuse(Reason::ACCOUNT_FROZEN, "sender is frozen");
    if (Status s = settle(asset, from); !s) return s;
    const Balance before = balance_of(asset.id, from);
    if (before.available() < amount) {
        return short_holding("available balance is too small", asset, before.available(), "available", amount);
    }
    Amount escrow;
    if (!checked_add(asset.escrow, amount, escrow)) return refuse(Reason::OVERFLOW, "escrow would overflow");
    Balance after = before;
    after.amount -= amount;
    asset.escrow = escrow;  // <= supply, as the units left a holding
    store_balance(asset, from, before, after);
    store_asset(asset);
    ctx_.touch(from);
    return Status();
}

Status CoreOps::escrow_out(std::string_view symbol, const AccountId& to, Amount amount) {
    Asset asset;
    if (Status s = load_asset(symbol, asset); !s) return s;
    if (amount == 0) return refuse(Reason::BAD_AMOUNT, "amount out of escrow must be positive");
    if (asset.escrow < amount) {
        return short_holding("escrow is smaller than the amount", asset, asset.escrow, "in escrow", amount);
    }
    Account to_account;
    if (Status s = load_account(to, to_account); !s) return s;
    if (Status s = settle(asset, to); !s) return s;
    TransferCheck check{TransferKind::settlement, &asset, nullptr, nullptr, &to, &to_account, amount};
    if (Status s = check_transfer(check); !s) return s;
    const Balance before = balance_of(asset.id, to);
    Balance after = before;
    if (!checked_add(before.amount, amount, after.amount)) return refuse(Reason::OVERFLOW, "holding would overflow");
    asset.escrow -= amount;
    store_balance(asset, to, before, after);
    store_asset(asset);
    ctx_.touch(to);
    return Status();
}

}  // namespace folio
