#include "chain/op_json.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "chain/op_fields.h"

namespace folio {
namespace {

using nlohmann::json;

struct FieldError {
    Reason reason;
    std::string message;
};

[[noreturn]] void fail(const std::string& field, const std::string& why, Reason reason = Reason::INVALID_ARGUMENT) {
    throw FieldError{reason, field + ": " + why};
}

const json& need(const json& j, const std::string& field) {
    if (!j.contains(field) || j.at(field).is_null()) fail(field, "missing");
    return j.at(field);
}

std::string str(const json& j, const std::string& field, size_t max_len) {
    const json& v = need(j, field);
    if (!v.is_string()) fail(field, "must be a string");
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > max_len) fail(field, "longer than " + std::to_string(max_len) + " bytes");
    return s;
}

uint64_t uint(const json& j, const std::string& field) {
    const json& v = need(j, field);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) {
        fail(field, "must be a non-negative integer");
    }
    return v.get<uint64_t>();
}

template <size_t N>
std::array<uint8_t, N> hex(const json& j, const std::string& field) {
    std::array<uint8_t, N> out;
    if (!from_hex_fixed(str(j, field, 2 * N + 1), out)) fail(field, "must be " + std::to_string(2 * N) + " hex characters");
    return out;
}

AccountId address(const json& j, const std::string& field) {
    auto id = crypto::decode_address(str(j, field, 100));
    if (!id) fail(field, "not a folio address (wrong prefix, length or checksum)", Reason::BAD_ADDRESS);
    return *id;
}

std::string symbol(const json& j, const std::string& field) {
    std::string s = str(j, field, 64);
    if (!is_valid_symbol(s)) fail(field, "not a valid symbol (1-12 of A-Z 0-9 . -)", Reason::BAD_SYMBOL);
    return s;
}

uint8_t decimals_of(const DecimalsLookup& lookup, const std::string& sym) {
    auto d = lookup ? lookup(sym) : std::nullopt;
    if (!d) fail("asset", "no asset " + sym, Reason::UNKNOWN_ASSET);
    return *d;
}

Amount amount(const json& j, const std::string& field, uint8_t decimals) {
    const std::string text = str(j, field, 64);
    Amount a;
    if (!parse_amount(text, decimals, a)) {
        fail(field, "\"" + text + "\" is not an amount with at most " + std::to_string(decimals) + " decimals",
             Reason::BAD_AMOUNT);
    }
    return a;
}

// The fields and their types were checked against the op's row (chain/op_fields.h); here only their values.
Policy policy(const json& j, AssetClass cls) {
    Policy p = Policy::class_default(cls);
    if (j.contains("kyc_min_level")) {
        const uint64_t level = uint(j, "kyc_min_level");
        if (level > 255) fail("policy.kyc_min_level", "at most 255");
        p.kyc_min_level = static_cast<uint8_t>(level);
    }
    if (j.contains("max_holders")) {
        const uint64_t m = uint(j, "max_holders");
        if (m > UINT32_MAX) fail("policy.max_holders", "too large");
        p.max_holders = static_cast<uint32_t>(m);
    }
    if (j.contains("transferable")) p.transferable = j.at("transferable").get<bool>();
    return p;
}

Op freeze_from_json(const json& j, bool freeze, const DecimalsLookup& lookup) {
    FreezeOp f;
    const bool has_account = j.contains("account"), has_asset = j.contains("asset"), has_amount = j.contains("amount");
    if (has_account && has_asset) {
        if (!has_amount) fail("amount", "required when both account and asset are given (a holding)");
        f.target = FreezeTarget::holding;
        f.account = address(j, "account");
        f.asset = symbol(j, "asset");
        f.amount = amount(j, "amount", decimals_of(lookup, f.asset));
    } else if (has_account) {
        f.target = FreezeTarget::account;
        f.account = address(j, "account");
    } else if (has_asset) {
        f.target = FreezeTarget::asset;
        f.asset = symbol(j, "asset");
    } else {
        fail("account", "freeze needs an account, an asset, or both with an amount");
    }
    // Else an amount given without its account would freeze the whole asset.
    if (has_amount && f.target != FreezeTarget::holding) {
        fail("amount", "only a holding (account and asset) takes an amount");
    }
    return encode_op(f, freeze);
}

// Runs `read` on item i of an array field, prefixing its errors with "field[i].".
template <typename F>
void in_item(const std::string& field, size_t i, F&& read) {
    try {
        read();
    } catch (const FieldError& e) {
        throw FieldError{e.reason, field + "[" + std::to_string(i) + "]." + e.message};
    }
}

// The bounds of the encoding only. The rules of a set (not empty, no key twice, valid points, powers, a reachable
// threshold) are execution's (check_validator_set, CoreOps::key_set_update): a set refused there is refused at
// submit with the same reason and message, and any op a block can carry has a JSON form that builds it again.
Op validator_set_update_from_json(const json& j) {
    const json& list = need(j, "validators");
    if (!list.is_array() || list.size() > kMaxValidators) {
        fail("validators", "must be an array of at most " + std::to_string(kMaxValidators) + " validators");
    }
    ValidatorSetUpdateOp op;
    for (size_t i = 0; i < list.size(); ++i) {
        in_item("validators", i, [&] {
            Validator v;
            v.name = str(list[i], "name", 64);
            v.consensus_key = hex<32>(list[i], "consensus_pubkey");
            v.p2p_key = hex<32>(list[i], "p2p_pubkey");
            v.power = uint(list[i], "power");
            op.validators.validators.push_back(std::move(v));
        });
    }
    return encode_op(op);
}

Op key_set_update_from_json(const json& j) {
    const json& list = need(j, "keys");
    if (!list.is_array() || list.size() > kMaxKeySetKeys) {
        fail("keys", "must be an array of at most " + std::to_string(kMaxKeySetKeys) + " keys");
    }
    KeySetUpdateOp op;
    for (size_t i = 0; i < list.size(); ++i) {
        in_item("keys", i, [&] {
            KeySetUpdateOp::Key k;
            k.pubkey = hex<32>(list[i], "pubkey");
            if (list[i].contains("weight")) {
                const uint64_t w = uint(list[i], "weight");
                if (w > 255) fail("weight", "at most 255");
                k.weight = static_cast<uint8_t>(w);
            }
            op.keys.push_back(k);
        });
    }
    const uint64_t threshold = uint(j, "threshold");
    if (threshold > UINT16_MAX) fail("threshold", "at most " + std::to_string(UINT16_MAX));
    op.threshold = static_cast<uint16_t>(threshold);
    return encode_op(op);
}

Op core_op_from_json(const std::string& name, const json& j, const DecimalsLookup& lookup) {
    if (name == "account_register") {
        const AccountRegisterOp a{hex<32>(j, "pubkey")};
        // Accepted so that an op as tx_get shows it can be built again, but never a second meaning.
        if (j.contains("account") && address(j, "account") != account_id_of(a.pubkey)) {
            fail("account", "is not the account id of pubkey");
        }
        return encode_op(a);
    }
    if (name == "kyc_attest") {
        KycAttestOp k;
        k.account = address(j, "account");
        const uint64_t level = uint(j, "level");
        if (level > 255) fail("level", "at most 255");
        k.level = static_cast<uint8_t>(level);
        k.category = str(j, "category", kMaxCategoryLength);
        k.expires_ms = uint(j, "expires_ms");
        k.doc_hash = hex<32>(j, "doc_hash");
        return encode_op(k);
    }
    if (name == "key_rotate") {
        KeyRotateOp k;
        k.new_pubkey = hex<32>(j, "new_pubkey");
        if (j.contains("account") || j.contains("legal_ref")) {
            k.recovery = true;
            k.account = address(j, "account");
            k.legal_ref = hex<32>(j, "legal_ref");
        }
        return encode_op(k);
    }
    if (name == "role_grant" || name == "role_revoke") {
        RoleOp r;
        r.account = address(j, "account");
        if (!role_from_name(str(j, "role", 16), r.role)) fail("role", "must be operator, registrar or issuer");
        if (j.contains("asset")) {
            r.asset = symbol(j, "asset");
            if (r.role != Role::issuer) fail("asset", "only the issuer role is granted on one asset");
        }
        return encode_op(r, name == "role_grant");
    }
    if (name == "asset_create") {
        AssetCreateOp a;
        a.symbol = symbol(j, "symbol");
        if (!asset_class_from_name(str(j, "class", 16), a.asset_class)) {
            fail("class", "must be equity, minibond, royalty, currency or other");
        }
        const uint64_t decimals = uint(j, "decimals");
        if (decimals > kMaxDecimals) fail("decimals", "at most 18");
        a.decimals = static_cast<uint8_t>(decimals);
        a.max_supply = amount(j, "max_supply", a.decimals);
        if (j.contains("metadata_hash")) a.metadata_hash = hex<32>(j, "metadata_hash");
        if (j.contains("policy")) a.policy = policy(j.at("policy"), a.asset_class);
        return encode_op(a);
    }
    if (name == "issue") {
        IssueOp i;
        i.asset = symbol(j, "asset");
        const uint8_t d = decimals_of(lookup, i.asset);
        const json& to = need(j, "to");
        if (!to.is_array() || to.empty() || to.size() > kMaxIssueRecipients) {
            fail("to", "must be an array of 1 to " + std::to_string(kMaxIssueRecipients) + " recipients");
        }
        for (size_t k = 0; k < to.size(); ++k) {
            const std::string where = "to[" + std::to_string(k) + "]";
            if (!to[k].is_object()) fail(where, "must be {account, amount}");
            try {
                i.to.push_back(IssueOp::Recipient{address(to[k], "account"), amount(to[k], "amount", d)});
            } catch (const FieldError& e) {
                throw FieldError{e.reason, where + "." + e.message};
            }
        }
        return encode_op(i);
    }
    if (name == "transfer") {
        TransferOp t;
        t.asset = symbol(j, "asset");
        t.to = address(j, "to");
        t.amount = amount(j, "amount", decimals_of(lookup, t.asset));
        return encode_op(t);
    }
    if (name == "burn") {
        BurnOp b;
        b.asset = symbol(j, "asset");
        b.amount = amount(j, "amount", decimals_of(lookup, b.asset));
        return encode_op(b);
    }
    if (name == "freeze" || name == "unfreeze") return freeze_from_json(j, name == "freeze", lookup);
    if (name == "forced_transfer") {
        ForcedTransferOp f;
        f.asset = symbol(j, "asset");
        f.from = address(j, "from");
        f.to = address(j, "to");
        f.amount = amount(j, "amount", decimals_of(lookup, f.asset));
        f.legal_ref = hex<32>(j, "legal_ref");
        return encode_op(f);
    }
    if (name == "param_update") {
        ParamUpdateOp p;
        p.name = str(j, "name", kMaxParamNameLength);
        p.value = uint(j, "value");
        return encode_op(p);
    }
    if (name == "validator_set_update") return validator_set_update_from_json(j);
    if (name == "key_set_update") return key_set_update_from_json(j);
    fail("op", "unknown op \"" + name + "\"", Reason::UNKNOWN_OP);
}

std::string addr(const AccountId& id) { return crypto::encode_address(id); }

std::string amount_text(const DecimalsLookup& lookup, const std::string& sym, Amount a) {
    auto d = lookup ? lookup(sym) : std::nullopt;
    // An asset unknown to the lookup (created later in the same block) is shown in base units.
    return d ? format_amount(a, *d) : std::to_string(a);
}

json core_op_to_json(const DecodedCoreOp& d, const DecimalsLookup& lookup) {
    json j;
    j["op"] = std::string(core_op_name(static_cast<uint16_t>(d.tag)));
    std::visit(
        [&](const auto& o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, AccountRegisterOp>) {
                j["pubkey"] = to_hex(o.pubkey);
                j["account"] = addr(account_id_of(o.pubkey));
            } else if constexpr (std::is_same_v<T, KycAttestOp>) {
                j["account"] = addr(o.account);
                j["level"] = o.level;
                j["category"] = o.category;
                j["expires_ms"] = o.expires_ms;
                j["doc_hash"] = to_hex(o.doc_hash);
            } else if constexpr (std::is_same_v<T, KeyRotateOp>) {
                j["new_pubkey"] = to_hex(o.new_pubkey);
                if (o.recovery) {
                    j["account"] = addr(o.account);
                    j["legal_ref"] = to_hex(o.legal_ref);
                }
            } else if constexpr (std::is_same_v<T, RoleOp>) {
                j["account"] = addr(o.account);
                j["role"] = std::string(role_name(o.role));
                if (!o.asset.empty()) j["asset"] = o.asset;
            } else if constexpr (std::is_same_v<T, AssetCreateOp>) {
                j["symbol"] = o.symbol;
                j["class"] = std::string(asset_class_name(o.asset_class));
                j["decimals"] = o.decimals;
                j["max_supply"] = format_amount(o.max_supply, o.decimals);
                j["metadata_hash"] = to_hex(o.metadata_hash);
                if (o.policy) {
                    j["policy"] = {{"kyc_min_level", o.policy->kyc_min_level},
                                   {"max_holders", o.policy->max_holders},
                                   {"transferable", o.policy->transferable}};
                }
            } else if constexpr (std::is_same_v<T, IssueOp>) {
                j["asset"] = o.asset;
                j["to"] = json::array();
                for (const auto& r : o.to) j["to"].push_back({{"account", addr(r.account)}, {"amount", amount_text(lookup, o.asset, r.amount)}});
            } else if constexpr (std::is_same_v<T, TransferOp>) {
                j["asset"] = o.asset;
                j["to"] = addr(o.to);
                j["amount"] = amount_text(lookup, o.asset, o.amount);
            } else if constexpr (std::is_same_v<T, BurnOp>) {
                j["asset"] = o.asset;
                j["amount"] = amount_text(lookup, o.asset, o.amount);
            } else if constexpr (std::is_same_v<T, FreezeOp>) {
                if (o.target != FreezeTarget::asset) j["account"] = addr(o.account);
                if (o.target != FreezeTarget::account) j["asset"] = o.asset;
                if (o.target == FreezeTarget::holding) j["amount"] = amount_text(lookup, o.asset, o.amount);
            } else if constexpr (std::is_same_v<T, ForcedTransferOp>) {
                j["asset"] = o.asset;
                j["from"] = addr(o.from);
                j["to"] = addr(o.to);
                j["amount"] = amount_text(lookup, o.asset, o.amount);
                j["legal_ref"] = to_hex(o.legal_ref);
            } else if constexpr (std::is_same_v<T, ParamUpdateOp>) {
                j["name"] = o.name;
                j["value"] = o.value;
            } else if constexpr (std::is_same_v<T, ValidatorSetUpdateOp>) {
                j["validators"] = json::array();
                for (const auto& v : o.validators.validators) {
                    j["validators"].push_back({{"name", v.name},
                                               {"consensus_pubkey", to_hex(v.consensus_key)},
                                               {"p2p_pubkey", to_hex(v.p2p_key)},
                                               {"power", v.power}});
                }
            } else if constexpr (std::is_same_v<T, KeySetUpdateOp>) {
                j["keys"] = json::array();
                for (const auto& k : o.keys) j["keys"].push_back({{"pubkey", to_hex(k.pubkey)}, {"weight", k.weight}});
                j["threshold"] = o.threshold;
            }
        },
        d.op);
    return j;
}

}  // namespace

Result<Op> op_from_json(const json& op, const DecimalsLookup& decimals, const InstrumentRegistry& registry) {
    if (!op.is_object()) return make_error(Reason::INVALID_ARGUMENT, "an op must be a JSON object");
    if (!op.contains("op") || !op.at("op").is_string()) return make_error(Reason::INVALID_ARGUMENT, "op: missing op name");
    const std::string name = op.at("op").get<std::string>();
    if (registry.owns_name(name)) return registry.op_from_json(op, decimals);
    const OpShape* shape = find_core_op_shape(name);
    if (shape == nullptr) return make_error(Reason::UNKNOWN_OP, "op: unknown op \"" + name + "\"");
    if (Status s = check_op_fields(op, *shape); !s) return s.error();
    try {
        return core_op_from_json(name, op, decimals);
    } catch (const FieldError& e) {
        return make_error(e.reason, e.message);
    }
}

Result<json> op_to_json(const Op& op, const DecimalsLookup& decimals, const InstrumentRegistry& registry) {
    if (is_core_tag(op.tag)) {
        auto d = decode_core_op(op);
        if (!d) return d.error();
        return core_op_to_json(*d, decimals);
    }
    json out;
    if (Status s = registry.op_to_json(op, decimals, out); !s) return s.error();
    return out;
}

json tx_to_json(const Tx& tx, const DecimalsLookup& decimals, const InstrumentRegistry& registry) {
    json j = {{"version", kTxVersion},
              {"chain_id", to_hex(tx.chain_id)},
              {"signer", addr(tx.signer)},
              {"nonce", tx.nonce},
              {"valid_until_height", tx.valid_until_height},
              {"memo", tx.memo}};
    if (tx.client_ref) j["client_ref"] = *tx.client_ref;
    j["ops"] = json::array();
    for (const Op& op : tx.ops) {
        auto o = op_to_json(op, decimals, registry);
        j["ops"].push_back(o ? *o : json{{"op", "unknown"}, {"tag", op.tag}, {"payload", to_hex(op.payload)}});
    }
    return j;
}

}  // namespace folio
