#include "chain/ops.h"

#include "chain/tx.h"  // is_valid_utf8

namespace folio {
namespace {

constexpr uint8_t kOpVersion = 1;
constexpr uint8_t kPolicyVersion = 1;

Writer start(size_t reserve = 64) {
    Writer w(reserve);
    w.u8(kOpVersion);
    return w;
}

Op finish_op(OpTag tag, Writer& w) { return Op{static_cast<uint16_t>(tag), w.take()}; }

bool read_symbol(Reader& r, std::string& out) {
    if (!r.str("asset", kMaxSymbolLength, out)) return false;
    if (!is_valid_symbol(out)) return r.fail("asset", "not a valid symbol (1-12 of A-Z 0-9 . -)");
    return true;
}

bool read_role(Reader& r, Role& out) {
    uint8_t raw;
    if (!r.u8("role", raw)) return false;
    if (raw != role_bit(Role::operator_) && raw != role_bit(Role::registrar) && raw != role_bit(Role::issuer)) {
        return r.fail("role", "unknown role " + std::to_string(raw));
    }
    out = static_cast<Role>(raw);
    return true;
}

Result<DecodedCoreOp> decoded(OpTag tag, CoreOp op, Reader& r) {
    if (!r.finish()) {
        return make_error(Reason::DECODE_ERROR, std::string(core_op_name(static_cast<uint16_t>(tag))) + ": " + r.error());
    }
    return DecodedCoreOp{tag, std::move(op)};
}

}  // namespace

Policy Policy::class_default(AssetClass c) {
    Policy p;
    p.kyc_min_level = c == AssetClass::other ? 0 : 1;
    return p;
}

Bytes Policy::encode() const {
    Writer w(8);
    w.u8(kPolicyVersion);
    w.u8(kyc_min_level);
    w.u32(max_holders);
    w.boolean(transferable);
    return w.take();
}

bool Policy::decode(ByteView data, Policy& out, std::string& error) {
    Reader r(data);
    Policy p;
    bool ok = r.version("policy version", kPolicyVersion) && r.u8("kyc_min_level", p.kyc_min_level) &&
              r.u32("max_holders", p.max_holders) && r.boolean("transferable", p.transferable) && r.finish();
    if (!ok) {
        error = r.error();
        return false;
    }
    out = p;
    return true;
}

Op encode_op(const AccountRegisterOp& op) {
    Writer w = start();
    w.fixed_bytes(op.pubkey);
    return finish_op(OpTag::account_register, w);
}

Op encode_op(const KycAttestOp& op) {
    Writer w = start(128);
    w.fixed_bytes(op.account);
    w.u8(op.level);
    w.str(op.category);
    w.u64(op.expires_ms);
    w.fixed_bytes(op.doc_hash);
    return finish_op(OpTag::kyc_attest, w);
}

Op encode_op(const KeyRotateOp& op) {
    Writer w = start(128);
    w.fixed_bytes(op.new_pubkey);
    w.boolean(op.recovery);
    if (op.recovery) {
        w.fixed_bytes(op.account);
        w.fixed_bytes(op.legal_ref);
    }
    return finish_op(OpTag::key_rotate, w);
}

Op encode_op(const RoleOp& op, bool grant) {
    Writer w = start();
    w.fixed_bytes(op.account);
    w.u8(static_cast<uint8_t>(op.role));
    w.str(op.asset);
    return finish_op(grant ? OpTag::role_grant : OpTag::role_revoke, w);
}

Op encode_op(const AssetCreateOp& op) {
    Writer w = start(96);
    w.str(op.symbol);
    w.u8(static_cast<uint8_t>(op.asset_class));
    w.u8(op.decimals);
    w.u64(op.max_supply);
    w.fixed_bytes(op.metadata_hash);
    w.bytes(op.policy ? op.policy->encode() : Bytes());
    return finish_op(OpTag::asset_create, w);
}

Op encode_op(const IssueOp& op) {
    Writer w = start(16 + op.to.size() * 40);
    w.str(op.asset);
    w.varint(op.to.size());
    for (const auto& r : op.to) {
        w.fixed_bytes(r.account);
        w.u64(r.amount);
    }
    return finish_op(OpTag::issue, w);
}

Op encode_op(const TransferOp& op) {
    Writer w = start();
    w.str(op.asset);
    w.fixed_bytes(op.to);
    w.u64(op.amount);
    return finish_op(OpTag::transfer, w);
}

Op encode_op(const BurnOp& op) {
    Writer w = start();
    w.str(op.asset);
    w.u64(op.amount);
    return finish_op(OpTag::burn, w);
}

Op encode_op(const FreezeOp& op, bool freeze) {
    Writer w = start();
    w.u8(static_cast<uint8_t>(op.target));
    if (op.target != FreezeTarget::asset) w.fixed_bytes(op.account);
    if (op.target != FreezeTarget::account) w.str(op.asset);
    if (op.target == FreezeTarget::holding) w.u64(op.amount);
    return finish_op(freeze ? OpTag::freeze : OpTag::unfreeze, w);
}

Op encode_op(const ForcedTransferOp& op) {
    Writer w = start(128);
    w.str(op.asset);
    w.fixed_bytes(op.from);
    w.fixed_bytes(op.to);
    w.u64(op.amount);
    w.fixed_bytes(op.legal_ref);
    return finish_op(OpTag::forced_transfer, w);
}

Op encode_op(const ParamUpdateOp& op) {
    Writer w = start();
    w.str(op.name);
    w.u64(op.value);
    return finish_op(OpTag::param_update, w);
}

Op encode_op(const ValidatorSetUpdateOp& op) {
    Writer w = start(16 + op.validators.validators.size() * 120);
    w.raw(op.validators.encode());
    return finish_op(OpTag::validator_set_update, w);
}

Op encode_op(const KeySetUpdateOp& op) {
    Writer w = start(8 + op.keys.size() * 33);
    w.varint(op.keys.size());
    for (const auto& k : op.keys) {
        w.fixed_bytes(k.pubkey);
        w.u8(k.weight);
    }
    w.u16(op.threshold);
    return finish_op(OpTag::key_set_update, w);
}

bool is_core_tag(uint16_t tag) {
    return tag >= static_cast<uint16_t>(OpTag::account_register) &&
           tag <= static_cast<uint16_t>(OpTag::key_set_update);
}

std::string_view core_op_name(uint16_t tag) {
    switch (static_cast<OpTag>(tag)) {
        case OpTag::account_register: return "account_register";
        case OpTag::kyc_attest: return "kyc_attest";
        case OpTag::key_rotate: return "key_rotate";
        case OpTag::role_grant: return "role_grant";
        case OpTag::role_revoke: return "role_revoke";
        case OpTag::asset_create: return "asset_create";
        case OpTag::issue: return "issue";
        case OpTag::transfer: return "transfer";
        case OpTag::burn: return "burn";
        case OpTag::freeze: return "freeze";
        case OpTag::unfreeze: return "unfreeze";
        case OpTag::forced_transfer: return "forced_transfer";
        case OpTag::param_update: return "param_update";
        case OpTag::validator_set_update: return "validator_set_update";
        case OpTag::key_set_update: return "key_set_update";
    }
    return "";
}

Result<DecodedCoreOp> decode_core_op(const Op& op) {
    if (!is_core_tag(op.tag)) {
        return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
    }
    const auto tag = static_cast<OpTag>(op.tag);
    Reader r(op.payload);
    r.version("op version", kOpVersion);
    switch (tag) {
        case OpTag::account_register: {
            AccountRegisterOp o;
            r.fixed_bytes("pubkey", o.pubkey);
            return decoded(tag, o, r);
        }
        case OpTag::kyc_attest: {
            KycAttestOp o;
            if (r.fixed_bytes("account", o.account) && r.u8("level", o.level) &&
                r.str("category", kMaxCategoryLength, o.category) && !is_valid_utf8(o.category)) {
                r.fail("category", "not valid UTF-8");
            }
            r.u64("expires_ms", o.expires_ms) && r.fixed_bytes("doc_hash", o.doc_hash);
            return decoded(tag, std::move(o), r);
        }
        case OpTag::key_rotate: {
            KeyRotateOp o;
            if (r.fixed_bytes("new_pubkey", o.new_pubkey) && r.boolean("recovery", o.recovery) && o.recovery) {
                r.fixed_bytes("account", o.account) && r.fixed_bytes("legal_ref", o.legal_ref);
            }
            return decoded(tag, o, r);
        }
        case OpTag::role_grant:
        case OpTag::role_revoke: {
            RoleOp o;
            if (r.fixed_bytes("account", o.account) && read_role(r, o.role) &&
                r.str("asset", kMaxSymbolLength, o.asset) && !o.asset.empty()) {
                if (!is_valid_symbol(o.asset)) r.fail("asset", "not a valid symbol");
                else if (o.role != Role::issuer) r.fail("asset", "only the issuer role is granted per asset");
            }
            return decoded(tag, std::move(o), r);
        }
        case OpTag::asset_create: {
            AssetCreateOp o;
            uint8_t cls = 0;
            Bytes policy;
            if (r.str("symbol", kMaxSymbolLength, o.symbol) && !is_valid_symbol(o.symbol)) {
                r.fail("symbol", "not a valid symbol (1-12 of A-Z 0-9 . -)");
            }
            if (r.u8("class", cls) && cls >= kAssetClassCount) r.fail("class", "unknown asset class");
            if (r.u8("decimals", o.decimals) && o.decimals > kMaxDecimals) r.fail("decimals", "more than 18");
            r.u64("max_supply", o.max_supply) && r.fixed_bytes("metadata_hash", o.metadata_hash) &&
                r.bytes("policy", 64, policy);
            o.asset_class = static_cast<AssetClass>(cls);
            if (r.ok() && !policy.empty()) {
                Policy p;
                std::string why;
                if (Policy::decode(policy, p, why)) o.policy = p;
                else r.fail("policy", why);
            }
            return decoded(tag, std::move(o), r);
        }
        case OpTag::issue: {
            IssueOp o;
            uint64_t n = 0;
            if (read_symbol(r, o.asset) && r.varint_max("recipients", kMaxIssueRecipients, n)) {
                if (n == 0) r.fail("recipients", "at least one recipient");
                o.to.resize(n);
                for (auto& rec : o.to) {
                    if (!r.fixed_bytes("recipient account", rec.account) || !r.u64("recipient amount", rec.amount)) break;
                }
            }
            return decoded(tag, std::move(o), r);
        }
        case OpTag::transfer: {
            TransferOp o;
            read_symbol(r, o.asset) && r.fixed_bytes("to", o.to) && r.u64("amount", o.amount);
            return decoded(tag, std::move(o), r);
        }
        case OpTag::burn: {
            BurnOp o;
            read_symbol(r, o.asset) && r.u64("amount", o.amount);
            return decoded(tag, std::move(o), r);
        }
        case OpTag::freeze:
        case OpTag::unfreeze: {
            FreezeOp o;
            uint8_t target = 0;
            if (r.u8("target", target)) {
                if (target > 2) r.fail("target", "unknown freeze target");
                o.target = static_cast<FreezeTarget>(target);
                if (o.target != FreezeTarget::asset) r.fixed_bytes("account", o.account);
                if (o.target != FreezeTarget::account) read_symbol(r, o.asset);
                if (o.target == FreezeTarget::holding) r.u64("amount", o.amount);
            }
            return decoded(tag, std::move(o), r);
        }
        case OpTag::forced_transfer: {
            ForcedTransferOp o;
            read_symbol(r, o.asset) && r.fixed_bytes("from", o.from) && r.fixed_bytes("to", o.to) &&
                r.u64("amount", o.amount) && r.fixed_bytes("legal_ref", o.legal_ref);
            return decoded(tag, std::move(o), r);
        }
        case OpTag::param_update: {
            ParamUpdateOp o;
            if (r.str("name", kMaxParamNameLength, o.name) && !is_valid_utf8(o.name)) r.fail("name", "not valid UTF-8");
            r.u64("value", o.value);
            return decoded(tag, std::move(o), r);
        }
        case OpTag::validator_set_update: {
            ValidatorSetUpdateOp o;
            if (!r.ok()) return decoded(tag, std::move(o), r);
            // The set is the rest of the payload, in its own grammar (chain/block.h), which bounds its size.
            auto set = ValidatorSet::decode(ByteView(op.payload).subspan(1));
            if (!set) {
                return make_error(Reason::DECODE_ERROR, "validator_set_update: " + set.error().message);
            }
            for (const Validator& v : set->validators) {
                // Names travel as JSON text (tx_get, the wallet): bytes that are not UTF-8 could not come back.
                if (!is_valid_utf8(v.name)) {
                    return make_error(Reason::DECODE_ERROR, "validator_set_update: name: not valid UTF-8");
                }
            }
            o.validators = std::move(*set);
            return DecodedCoreOp{tag, std::move(o)};
        }
        case OpTag::key_set_update: {
            KeySetUpdateOp o;
            uint64_t n = 0;
            if (r.varint_max("key count", kMaxKeySetKeys, n)) {
                o.keys.resize(n);
                for (auto& k : o.keys) {
                    if (!r.fixed_bytes("pubkey", k.pubkey) || !r.u8("weight", k.weight)) break;
                }
                r.u16("threshold", o.threshold);
            }
            return decoded(tag, std::move(o), r);
        }
    }
    return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
}

}  // namespace folio
