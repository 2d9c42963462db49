#include "chain/core_ops.h"

#include "chain/crypto/bech32m.h"
#include "chain/crypto/schnorr.h"
#include "chain/genesis.h"
#include "chain/params.h"

namespace folio {
namespace {

Error refuse(Reason reason, std::string message) { return make_error(reason, std::move(message)); }

const Hash256 kZeroHash{};

}  // namespace

Error CoreOps::short_holding(std::string_view why, const Asset& asset, Amount has, std::string_view has_what,
                             Amount asked) {
    std::string m(why);
    m += ": ";
    m += format_amount(has, asset.decimals);
    m += ' ';
    m += asset.symbol;
    m += ' ';
    m += has_what;
    m += ", ";
    m += format_amount(asked, asset.decimals);
    m += " asked";
    return refuse(Reason::INSUFFICIENT_BALANCE, std::move(m));
}

Status CoreOps::load_asset(std::string_view symbol, Asset& asset) const {
    AssetId id;
    if (!read_asset_id(ctx_, symbol, id) || !read_asset(ctx_, id, asset)) {
        return refuse(Reason::UNKNOWN_ASSET, "no asset " + std::string(symbol));
    }
    return Status();
}

Status CoreOps::load_account(const AccountId& id, Account& account) const {
    if (!read_account(ctx_, id, account)) return refuse(Reason::UNKNOWN_ACCOUNT, "account is not registered");
    return Status();
}

bool CoreOps::is_registrar() const {
    Account signer;
    return read_account(ctx_, ctx_.signer(), signer) && signer.has_role(Role::registrar);
}

Status CoreOps::check_governance(std::string_view op_name) const {
    // The chain's rule (chain/genesis.h, GovernanceRule): a named account when genesis wrote one, otherwise the
    // registrar role. Either may be held by M of N officers (key_set_update): the tx's signatures met that
    // account's threshold before any op ran.
    Bytes named;
    if (ctx_.get(governance_account_key(), named)) {
        AccountId governance{};
        if (named.size() != governance.size()) return make_error(Reason::CORRUPTION, "governance account record");
        std::copy(named.begin(), named.end(), governance.begin());
        if (governance == ctx_.signer()) return Status();
        return refuse(Reason::NOT_AUTHORIZED, std::string(op_name) + " follows the governance rule: signed by " +
                                                  crypto::encode_address(governance) + " alone");
    }
    if (is_registrar()) return Status();
    return refuse(Reason::NOT_AUTHORIZED, std::string(op_name) + " follows the governance rule (registrar)");
}

bool CoreOps::is_asset_issuer(const Asset& asset) const {
    if (asset.issuer == ctx_.signer()) return true;
    Bytes unused;
    return ctx_.get(state_key::asset_issuer(asset.id, ctx_.signer()), unused);
}

Balance CoreOps::balance_of(AssetId asset, const AccountId& account) const {
    Balance b;
    read_balance(ctx_, asset, account, b);
    return b;
}

void CoreOps::store_balance(Asset& asset, const AccountId& account, const Balance& before, const Balance& after) {
    if (after.empty()) ctx_.erase(state_key::balance(asset.id, account));
    else ctx_.put(state_key::balance(asset.id, account), after.encode());
    // A holder is an account with a non-zero amount; counts cannot overflow (bounded by the number of accounts).
    if (before.amount == 0 && after.amount != 0) ++asset.holders;
    if (before.amount != 0 && after.amount == 0) --asset.holders;
}

Status CoreOps::check_transfer(const TransferCheck& check) const {
    const Asset& asset = *check.asset;
    const Policy& policy = asset.policy;
    if (check.kind != TransferKind::forced_transfer) {
        if (asset.frozen) return refuse(Reason::ASSET_FROZEN, asset.symbol + " is frozen");
        if (check.from_account && check.from_account->frozen) return refuse(Reason::ACCOUNT_FROZEN, "sender is frozen");
        if (check.to_account->frozen) return refuse(Reason::ACCOUNT_FROZEN, "receiver is frozen");
        if (check.kind == TransferKind::transfer && !policy.transferable) {
            return refuse(Reason::POLICY_REFUSED, asset.symbol + " is not transferable between holders");
        }
    }
    if (policy.kyc_min_level > 0) {
        const auto& kyc = check.to_account->kyc;
        if (!kyc || kyc->level < policy.kyc_min_level) {
            return refuse(Reason::KYC_REQUIRED, "receiver lacks a KYC attestation of level " +
                                                    std::to_string(policy.kyc_min_level));
        }
        if (kyc->expires_ms <= ctx_.block().time_ms) return refuse(Reason::KYC_EXPIRED, "receiver's KYC has expired");
    }
    if (policy.max_holders != 0 && asset.holders >= policy.max_holders) {
        // A new holder is refused at the limit unless the sender hands over its whole holding and so stops
        // being one: the count would not grow.
        Balance to_balance, from_balance;
        const bool receiver_is_new = !read_balance(ctx_, asset.id, *check.to, to_balance) || to_balance.amount == 0;
        const bool sender_leaves = check.from && read_balance(ctx_, asset.id, *check.from, from_balance) &&
                                   from_balance.amount == check.amount;
        if (receiver_is_new && !sender_leaves) {
            return refuse(Reason::POLICY_REFUSED, asset.symbol + " has reached its holder limit");
        }
    }
    return registry_.check_transfer(check, ctx_, ctx_.block());
}

Status CoreOps::move(TransferKind kind, std::string_view symbol, const AccountId& from, const AccountId& to,
                     Amount amount) {
    if (amount == 0) return refuse(Reason::BAD_AMOUNT, "amount must be positive");
    if (from == to) return refuse(Reason::SELF_TRANSFER, "sender and receiver are the same account");
    Asset asset;
    Account from_account, to_account;
    if (Status s = load_asset(symbol, asset); !s) return s;
    if (Status s = load_account(from, from_account); !s) return s;
    if (Status s = load_account(to, to_account); !s) return s;
    if (Status s = settle(asset, from); !s) return s;
    if (Status s = settle(asset, to); !s) return s;
    TransferCheck check{kind, &asset, &from, &from_account, &to, &to_account, amount};
    if (Status s = check_transfer(check); !s) return s;

    const uint64_t holders_before = asset.holders;
    const Balance from_before = balance_of(asset.id, from);
    Balance from_after = from_before;
    if (kind == TransferKind::forced_transfer) {
        // A court-ordered transfer may take frozen units but never locked ones (those back other commitments).
        if (from_before.amount - from_before.locked < amount) {
            return short_holding("holding is smaller than the amount", asset,
                                 from_before.amount - from_before.locked, "not locked", amount);
        }
        from_after.amount -= amount;
        from_after.frozen = std::min(from_after.frozen, from_after.amount - from_after.locked);
    } else {
        if (from_before.available() < amount) {
            if (from_before.amount - from_before.locked >= amount) {
                return refuse(Reason::BALANCE_FROZEN,
                              "part of the holding is frozen: " +
                                  format_amount(from_before.available(), asset.decimals) + " " +
                                  asset.symbol + " available");
            }
            return short_holding("available balance is too small", asset, from_before.available(),
                                 "available", amount);
        }
        from_after.amount -= amount;
    }
    store_balance(asset, from, from_before, from_after);
    const Balance to_before = balance_of(asset.id, to);
    Balance to_after = to_before;
    if (!checked_add(to_before.amount, amount, to_after.amount)) {
        return refuse(Reason::OVERFLOW, "receiver's holding would overflow");
    }
    store_balance(asset, to, to_before, to_after);
    // A move changes its asset's record only through the holder count; rewriting an unchanged record would
    // leave the same state at the cost of an encode and a write per transfer.
    if (asset.holders != holders_before) store_asset(asset);
    ctx_.touch(from);
    ctx_.touch(to);
    return Status();
}

Status CoreOps::apply(const DecodedCoreOp& op) {
    switch (op.tag) {
        case OpTag::account_register: return account_register(std::get<AccountRegisterOp>(op.op));
        case OpTag::kyc_attest: return kyc_attest(std::get<KycAttestOp>(op.op));
        case OpTag::key_rotate: return key_rotate(std::get<KeyRotateOp>(op.op));
        case OpTag::role_grant: return role_change(std::get<RoleOp>(op.op), true);
        case OpTag::role_revoke: return role_change(std::get<RoleOp>(op.op), false);
        case OpTag::asset_create: return asset_create(std::get<AssetCreateOp>(op.op));
        case OpTag::issue: return issue(std::get<IssueOp>(op.op));
        case OpTag::transfer: {
            const auto& t = std::get<TransferOp>(op.op);
            return move(TransferKind::transfer, t.asset, ctx_.signer(), t.to, t.amount);
        }
        case OpTag::burn: return burn(std::get<BurnOp>(op.op));
        case OpTag::freeze: return freeze(std::get<FreezeOp>(op.op), true);
        case OpTag::unfreeze: return freeze(std::get<FreezeOp>(op.op), false);
        case OpTag::forced_transfer: return forced_transfer(std::get<ForcedTransferOp>(op.op));
        case OpTag::param_update: return param_update(std::get<ParamUpdateOp>(op.op));
        case OpTag::validator_set_update: return validator_set_update(std::get<ValidatorSetUpdateOp>(op.op));
        case OpTag::key_set_update: return key_set_update(std::get<KeySetUpdateOp>(op.op));
    }
    return refuse(Reason::UNKNOWN_OP, "op is not applicable");
}

Status CoreOps::account_register(const AccountRegisterOp& op) {
    Account signer;
    if (!read_account(ctx_, ctx_.signer(), signer) || !signer.has_role(Role::operator_)) {
        return refuse(Reason::NOT_AUTHORIZED, "account_register needs the operator role");
    }
    if (!crypto::is_valid_pubkey(op.pubkey)) return refuse(Reason::INVALID_ARGUMENT, "pubkey is not a curve point");
    Bytes unused;
    if (ctx_.get(state_key::pubkey(op.pubkey), unused)) return refuse(Reason::PUBKEY_IN_USE, "key belongs to an account");
    const AccountId id = account_id_of(op.pubkey);
    if (ctx_.get(state_key::account(id), unused)) return refuse(Reason::ACCOUNT_EXISTS, "account already registered");
    Account account;
    account.keys.push_back(op.pubkey);
    ctx_.put(state_key::account(id), account.encode());
    ctx_.put(state_key::pubkey(op.pubkey), Bytes(id.begin(), id.end()));
    ctx_.touch(id);
    return Status();
}

Status CoreOps::kyc_attest(const KycAttestOp& op) {
    Account signer;
    if (!read_account(ctx_, ctx_.signer(), signer) ||
        !(signer.has_role(Role::operator_) || signer.has_role(Role::registrar))) {
        return refuse(Reason::NOT_AUTHORIZED, "kyc_attest needs the operator or registrar role");
    }
    Account account;
    if (Status s = load_account(op.account, account); !s) return s;
    // An attestation expired on arrival would let a receiver look attested (account_get) while every transfer
    // to it fails KYC_EXPIRED: refuse it. Same instant rule as KYC_EXPIRED: expired from expires_ms on.
    if (op.expires_ms <= ctx_.block().time_ms) {
        return refuse(Reason::KYC_EXPIRY_IN_PAST,
                      "expires_ms " + std::to_string(op.expires_ms) + " is not after the block time " +
                          std::to_string(ctx_.block().time_ms) + " (milliseconds since the Unix epoch, UTC)");
    }
    account.kyc = Kyc{op.level, op.category, op.expires_ms, op.doc_hash, ctx_.signer(), ctx_.block().height};
    // The signer's own record may be the one attested: re-read nothing, write the attested account last.
    ctx_.put(state_key::account(op.account), account.encode());
    ctx_.touch(op.account);
    return Status();
}

Status CoreOps::key_rotate(const KeyRotateOp& op) {
    AccountId target = ctx_.signer();
    if (op.recovery) {
        if (!is_registrar()) return refuse(Reason::NOT_AUTHORIZED, "key recovery needs the registrar role");
        if (op.legal_ref == kZeroHash) return refuse(Reason::INVALID_ARGUMENT, "key recovery needs a legal_ref");
        target = op.account;
    }
    Account account;
    if (Status s = load_account(target, account); !s) return s;
    if (!crypto::is_valid_pubkey(op.new_pubkey)) return refuse(Reason::INVALID_ARGUMENT, "new_pubkey is not a curve point");
    Bytes unused;
    if (ctx_.get(state_key::pubkey(op.new_pubkey), unused)) return refuse(Reason::PUBKEY_IN_USE, "key belongs to an account");
    // A rotation (or a recovery) leaves one key of weight 1, threshold 1, whatever key set the account had: after
    // a key loss the registrar restores access, and the holder sets up a new key set with key_set_update.
    for (const PubKey& old : account.keys) ctx_.erase(state_key::pubkey(old));
    account.keys.assign(1, op.new_pubkey);
    account.weights.clear();
    account.threshold = 1;
    ctx_.put(state_key::account(target), account.encode());
    ctx_.put(state_key::pubkey(op.new_pubkey), Bytes(target.begin(), target.end()));
    ctx_.touch(target);
    return Status();
}

Status CoreOps::role_change(const RoleOp& op, bool grant) {
    if (!is_registrar()) return refuse(Reason::NOT_AUTHORIZED, "roles are granted by the registrar");
    Account account;
    if (Status s = load_account(op.account, account); !s) return s;
    ctx_.touch(op.account);
    if (!op.asset.empty()) {
        Asset asset;
        if (Status s = load_asset(op.asset, asset); !s) return s;
        Bytes key = state_key::asset_issuer(asset.id, op.account);
        Bytes unused;
        const bool held = ctx_.get(key, unused) || asset.issuer == op.account;
        if (grant) {
            ctx_.put(std::move(key), Bytes());
        } else {
            if (!held) return refuse(Reason::ROLE_NOT_HELD, "account has no issuer rights on " + op.asset);
            if (asset.issuer == op.account) {
                return refuse(Reason::NOT_AUTHORIZED, "the creating issuer keeps its rights; use forced ops instead");
            }
            ctx_.erase(std::move(key));
        }
        return Status();
    }
    if (!grant && !account.has_role(op.role)) return refuse(Reason::ROLE_NOT_HELD, "account does not hold the role");
    if (grant) account.roles |= role_bit(op.role);
    else account.roles &= ~role_bit(op.role);
    ctx_.put(state_key::account(op.account), account.encode());
    return Status();
}

Status CoreOps::asset_create(const AssetCreateOp& op) {
    Account signer;
    if (!read_account(ctx_, ctx_.signer(), signer) || !signer.has_role(Role::issuer)) {
        return refuse(Reason::NOT_AUTHORIZED, "asset_create needs the issuer role");
    }
    if (op.max_supply == 0) return refuse(Reason::INVALID_ARGUMENT, "max_supply must be positive");
    Bytes unused;
    if (ctx_.get(state_key::symbol(op.symbol), unused)) return refuse(Reason::ASSET_EXISTS, op.symbol + " exists");
    uint32_t next_id = 1;
    Bytes counter;
    if (ctx_.get(state_key::meta("next_asset_id"), counter)) {
        Reader r(counter);
        if (!r.u32("next_asset_id", next_id) || !r.finish()) return refuse(Reason::CORRUPTION, "bad asset counter");
    }
    if (next_id == UINT32_MAX) return refuse(Reason::OVERFLOW, "asset ids exhausted");
    Asset asset;
    asset.id = next_id;
    asset.symbol = op.symbol;
    asset.asset_class = op.asset_class;
    asset.decimals = op.decimals;
    asset.max_supply = op.max_supply;
    asset.issuer = ctx_.signer();
    asset.policy = op.policy ? *op.policy : Policy::class_default(op.asset_class);
    asset.metadata_hash = op.metadata_hash;
    asset.created_height = ctx_.block().height;
    store_asset(asset);
    Writer id_bytes;
    id_bytes.u32(asset.id);
    ctx_.put(state_key::symbol(op.symbol), id_bytes.take());
    Writer next;
    next.u32(next_id + 1);
    ctx_.put(state_key::meta("next_asset_id"), next.take());
    return Status();
}

Status CoreOps::issue(const IssueOp& op) {
    Asset asset;
    if (Status s = load_asset(op.asset, asset); !s) return s;
    if (!is_asset_issuer(asset) && !is_registrar()) {
        return refuse(Reason::NOT_AUTHORIZED, "only the issuer of " + op.asset + " or the registrar may issue");
    }
    for (const auto& rec : op.to) {
        if (Status s = issue_to(asset, rec.account, rec.amount); !s) return s;
    }
    store_asset(asset);
    return Status();
}

Status CoreOps::issue_to(Asset& asset, const AccountId& to, Amount amount) {
    if (amount == 0) return refuse(Reason::BAD_AMOUNT, "issued amount must be positive");
    Account to_account;
    if (Status s = load_account(to, to_account); !s) return s;
    if (Status s = settle(asset, to); !s) return s;
    TransferCheck check{TransferKind::issue, &asset, nullptr, nullptr, &to, &to_account, amount};
    if (Status s = check_transfer(check); !s) return s;
    Amount new_supply;
    if (!checked_add(asset.supply, amount, new_supply)) return refuse(Reason::OVERFLOW, "supply would overflow");
    if (new_supply > asset.max_supply) return refuse(Reason::SUPPLY_CAP, "issue exceeds max_supply of " + asset.symbol);
    asset.supply = new_supply;
    const Balance before = balance_of(asset.id, to);
    Balance after = before;
    if (!checked_add(before.amount, amount, after.amount)) return refuse(Reason::OVERFLOW, "holding would overflow");
    store_balance(asset, to, before, after);
    ctx_.touch(to);
    return Status();
}

Status CoreOps::burn(const BurnOp& op) {
    Asset asset;
    if (Status s = load_asset(op.asset, asset); !s) return s;
    if (!is_asset_issuer(asset) && !is_registrar()) {
        return refuse(Reason::NOT_AUTHORIZED, "only the issuer of " + op.asset + " or the registrar may burn");
    }
    if (op.amount == 0) return refuse(Reason::BAD_AMOUNT, "burned amount must be positive");
    if (Status s = settle(asset, ctx_.signer()); !s) return s;
    const Balance before = balance_of(asset.id, ctx_.signer());
    if (before.available() < op.amount) {
        return short_holding("burn exceeds the available holding", asset, before.available(), "available",
                             op.amount);
    }
    Balance after = before;
    after.amount -= op.amount;
    asset.supply -= op.amount;  // supply >= any holding, so it cannot underflow
    store_balance(asset, ctx_.signer(), before, after);
    store_asset(asset);
    return Status();
}

Status CoreOps::freeze(const FreezeOp& op, bool freeze) {
    if (op.target == FreezeTarget::account) {
        if (!is_registrar()) return refuse(Reason::NOT_AUTHORIZED, "freezing an account needs the registrar role");
        Account account;
        if (Status s = load_account(op.account, account); !s) return s;
        account.frozen = freeze;
        ctx_.put(state_key::account(op.account), account.encode());
        ctx_.touch(op.account);
        return Status();
    }
    Asset asset;
    if (Status s = load_asset(op.asset, asset); !s) return s;
    if (!is_asset_issuer(asset) && !is_registrar()) {
        return refuse(Reason::NOT_AUTHORIZED, "only the issuer of " + op.asset + " or the registrar may freeze it");
    }
    if (op.target == FreezeTarget::asset) {
        asset.frozen = freeze;
        store_asset(asset);
        return Status();
    }
    Account account;
    if (Status s = load_account(op.account, account); !s) return s;
    if (op.amount == 0) return refuse(Reason::BAD_AMOUNT, "frozen amount must be positive");
    if (Status s = settle(asset, op.account); !s) return s;
    const Balance before = balance_of(asset.id, op.account);
    Balance after = before;
    if (freeze) {
        if (before.available() < op.amount) {
            return short_holding("freeze exceeds the available holding", asset, before.available(),
                                 "available", op.amount);
        }
        after.frozen += op.amount;
    } else {
        if (before.frozen < op.amount) {
            return short_holding("unfreeze exceeds the frozen amount", asset, before.frozen, "frozen",
                                 op.amount);
        }
        after.frozen -= op.amount;
    }
    store_balance(asset, op.account, before, after);
    store_asset(asset);
    ctx_.touch(op.account);
    return Status();
}

Status CoreOps::forced_transfer(const ForcedTransferOp& op) {
    if (!is_registrar()) return refuse(Reason::NOT_AUTHORIZED, "forced_transfer is the registrar's alone");
    if (op.legal_ref == kZeroHash) return refuse(Reason::INVALID_ARGUMENT, "forced_transfer needs a legal_ref");
    return move(TransferKind::forced_transfer, op.asset, op.from, op.to, op.amount);
}

Status CoreOps::param_update(const ParamUpdateOp& op) {
    // Governance rule of this chain: the registrar (genesis may name another rule in a later version).
    if (Status s = check_governance("param_update"); !s) return s;
    uint64_t current;
    if (!read_param(ctx_, op.name, current)) return refuse(Reason::UNKNOWN_PARAM, "no parameter " + op.name);
    if (Status s = check_param_value(op.name, op.value); !s) return refuse(s.reason(), op.name + ": " + s.error().message);
    Writer w;
    w.u64(op.value);
    ctx_.put(state_key::param(op.name), w.take());
    return Status();
}

}  // namespace folio
