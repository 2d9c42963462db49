#include "chain/op_fields.h"

#include <nlohmann/json.hpp>
#include <string>

#include "chain/ops.h"
#include "chain/types.h"
#include "chain/validator_set.h"

namespace folio {
namespace {

using nlohmann::json;
using K = OpFieldKind;

using R = Reason;

constexpr std::string_view kRoleNames[] = {"operator", "registrar", "issuer"};
constexpr std::string_view kAssetClassNames[] = {"equity", "minibond", "royalty", "currency", "other"};

constexpr OpField kAccountRegister[] = {
    {"pubkey", K::hex32, true, "BIP340 x-only public key of the new account's first key"},
    {"account", K::address, false, "the account id the key gives (as tx_get shows it); must match the key"},
};

constexpr OpField kKycAttest[] = {
    {"account", K::address, true, "the attested account"},
    {.name = "level", .kind = K::unsigned_integer, .required = true, .description = "KYC level", .max = 255},
    {.name = "category", .kind = K::text, .required = true,
     .description = "investor category (\"retail\", \"professional\"...)", .max = kMaxCategoryLength},
    {.name = "expires_ms", .kind = K::unsigned_integer, .required = true,
     .description = "when the attestation expires; must be after the block's time",
     .unit = "milliseconds since the Unix epoch (UTC)"},
    {"doc_hash", K::hex32, true, "hash of the off-chain KYC document"},
};

constexpr OpField kKeyRotate[] = {
    {"new_pubkey", K::hex32, true, "the key that replaces the signer's (or the recovered account's) key"},
    {"account", K::address, false,
     "recovery by the registrar: the account whose key is lost (with legal_ref)"},
    {"legal_ref", K::hex32, false, "recovery: hash of the legal act that orders it (with account)"},
};

constexpr OpField kRole[] = {
    {.name = "account", .kind = K::address, .required = true, .description = "the account that gets or loses the role"},
    {.name = "role", .kind = K::name, .required = true, .description = "the role", .names = kRoleNames},
    {.name = "asset", .kind = K::symbol, .required = false,
     .description = "issuer rights on this asset only (role issuer)"},
};

constexpr OpField kPolicy[] = {
    {.name = "kyc_min_level", .kind = K::unsigned_integer, .required = false,
     .description = "receivers need at least this KYC level", .max = 255},
    {.name = "max_holders", .kind = K::unsigned_integer, .required = false,
     .description = "most holders at once; 0 = no limit", .unit = "accounts", .max = UINT32_MAX},
    {"transferable", K::boolean, false, "false: only issue and forced_transfer move it"},
};

constexpr OpField kAssetCreate[] = {
    {"symbol", K::symbol, true, "the new asset's symbol"},
    {.name = "class", .kind = K::name, .required = true, .description = "the asset class",
     .names = kAssetClassNames},
    {.name = "decimals", .kind = K::unsigned_integer, .required = true,
     .description = "how many decimals its amounts have", .unit = "decimal places", .max = kMaxDecimals},
    {"max_supply", K::amount, true, "the supply cap, with at most `decimals` decimals"},
    {"metadata_hash", K::hex32, false, "hash of the off-chain terms; default none (zero)"},
    {"policy", K::object, false, "transfer rules; missing fields take the class default", kPolicy},
};

constexpr OpField kRecipient[] = {
    {"account", K::address, true, "the receiver"},
    {"amount", K::amount, true, "what it receives"},
};

constexpr OpField kIssue[] = {
    {"asset", K::symbol, true, "the asset issued"},
    {.name = "to", .kind = K::array, .required = true, .description = "the recipients", .members = kRecipient,
     .max = kMaxIssueRecipients},
};

constexpr OpField kTransfer[] = {
    {"asset", K::symbol, true, "the asset moved"},
    {"to", K::address, true, "the receiver"},
    {"amount", K::amount, true, "what moves"},
};

constexpr OpField kBurn[] = {
    {"asset", K::symbol, true, "the asset burned"},
    {"amount", K::amount, true, "what the signer's holding loses"},
};

constexpr OpField kFreeze[] = {
    {"account", K::address, false, "an account alone: the whole account"},
    {"asset", K::symbol, false, "an asset alone: the whole asset"},
    {"amount", K::amount, false, "with account and asset: that much of the holding"},
};

constexpr OpField kForcedTransfer[] = {
    {"asset", K::symbol, true, "the asset moved"},
    {"from", K::address, true, "the holder it is taken from"},
    {"to", K::address, true, "the receiver"},
    {"amount", K::amount, true, "what moves"},
    {"legal_ref", K::hex32, true, "hash of the court order or legal act"},
};

constexpr OpField kParamUpdate[] = {
    {.name = "name", .kind = K::text, .required = true, .description = "the chain parameter",
     .max = kMaxParamNameLength},
    {"value", K::unsigned_integer, true, "its new value"},
};

constexpr OpField kValidator[] = {
    {.name = "name", .kind = K::text, .required = true, .description = "the validator's name, unique in the set",
     .max = 64},
    {"consensus_pubkey", K::hex32, true, "BIP340 x-only key that signs its votes, unique in the set"},
    {"p2p_pubkey", K::hex32, true, "Ed25519 key of its TLS 1.3 P2P certificate, unique in the set"},
    {.name = "power", .kind = K::unsigned_integer, .required = true,
     .description = "its voting power, 1 to 2^48 (execution refuses others)", .unit = "votes"},
};

constexpr OpField kValidatorSetUpdate[] = {
    {.name = "validators", .kind = K::array, .required = true,
     .description = "the whole new set, not empty; it signs from two blocks after the one that commits it",
     .members = kValidator, .max = kMaxValidators},
};

constexpr OpField kWeightedKey[] = {
    {"pubkey", K::hex32, true, "BIP340 x-only public key; no other account's key"},
    {.name = "weight", .kind = K::unsigned_integer, .required = false,
     .description = "what its signature counts toward the threshold, at least 1; default 1", .max = 255},
};

constexpr OpField kKeySetUpdate[] = {
    {.name = "keys", .kind = K::array, .required = true,
     .description = "the signer's new keys, at least one, each once (they replace all its current keys)",
     .members = kWeightedKey, .max = kMaxKeySetKeys},
    {.name = "threshold", .kind = K::unsigned_integer, .required = true,
     .description = "the weight of distinct keys a tx of this account needs, 1 to the total weight",
     .max = UINT16_MAX},
};

// The reasons of each op, from its parser (chain/op_json.cpp) and its execution (chain/core_ops.cpp).
// INVALID_ARGUMENT is every op's (a field unknown, missing or of the wrong type).
constexpr Reason kAccountRegisterReasons[] = {R::INVALID_ARGUMENT, R::BAD_ADDRESS, R::NOT_AUTHORIZED,
                                              R::PUBKEY_IN_USE, R::ACCOUNT_EXISTS};
constexpr Reason kKycAttestReasons[] = {R::INVALID_ARGUMENT, R::BAD_ADDRESS, R::NOT_AUTHORIZED,
                                        R::UNKNOWN_ACCOUNT, R::KYC_EXPIRY_IN_PAST};
constexpr Reason kKeyRotateReasons[] = {R::INVALID_ARGUMENT, R::BAD_ADDRESS, R::NOT_AUTHORIZED,
                                        R::UNKNOWN_ACCOUNT, R::PUBKEY_IN_USE};
constexpr Reason kRoleGrantReasons[] = {R::INVALID_ARGUMENT, R::BAD_ADDRESS, R::BAD_SYMBOL,
                                        R::NOT_AUTHORIZED, R::UNKNOWN_ACCOUNT, R::UNKNOWN_ASSET};
constexpr Reason kRoleRevokeReasons[] = {R::INVALID_ARGUMENT, R::BAD_ADDRESS, R::BAD_SYMBOL, R::NOT_AUTHORIZED,
                                         R::UNKNOWN_ACCOUNT, R::UNKNOWN_ASSET, R::ROLE_NOT_HELD};
constexpr Reason kAssetCreateReasons[] = {R::INVALID_ARGUMENT, R::BAD_SYMBOL, R::BAD_AMOUNT,
                                          R::NOT_AUTHORIZED, R::ASSET_EXISTS, R::OVERFLOW};
constexpr Reason kIssueReasons[] = {R::INVALID_ARGUMENT, R::BAD_ADDRESS,    R::BAD_SYMBOL,     R::BAD_AMOUNT,
                                    R::UNKNOWN_ASSET,    R::NOT_AUTHORIZED, R::UNKNOWN_ACCOUNT, R::ASSET_FROZEN,
                                    R::ACCOUNT_FROZEN,   R::KYC_REQUIRED,   R::KYC_EXPIRED,    R::POLICY_REFUSED,
                                    R::SUPPLY_CAP,       R::OVERFLOW};
constexpr Reason kTransferReasons[] = {
    R::INVALID_ARGUMENT, R::BAD_ADDRESS,    R::BAD_SYMBOL,           R::BAD_AMOUNT,     R::UNKNOWN_ASSET,
    R::UNKNOWN_ACCOUNT,  R::SELF_TRANSFER,  R::ASSET_FROZEN,         R::ACCOUNT_FROZEN, R::POLICY_REFUSED,
    R::KYC_REQUIRED,     R::KYC_EXPIRED,    R::INSUFFICIENT_BALANCE, R::BALANCE_FROZEN, R::OVERFLOW};
constexpr Reason kBurnReasons[] = {R::INVALID_ARGUMENT, R::BAD_SYMBOL, R::BAD_AMOUNT, R::UNKNOWN_ASSET,
                                   R::NOT_AUTHORIZED, R::INSUFFICIENT_BALANCE};
constexpr Reason kFreezeReasons[] = {R::INVALID_ARGUMENT, R::BAD_ADDRESS,     R::BAD_SYMBOL,
                                     R::BAD_AMOUNT,       R::UNKNOWN_ASSET,   R::NOT_AUTHORIZED,
                                     R::UNKNOWN_ACCOUNT,  R::INSUFFICIENT_BALANCE};
constexpr Reason kForcedTransferReasons[] = {
    R::INVALID_ARGUMENT, R::BAD_ADDRESS,   R::BAD_SYMBOL,   R::BAD_AMOUNT,  R::UNKNOWN_ASSET,
    R::NOT_AUTHORIZED,   R::UNKNOWN_ACCOUNT, R::SELF_TRANSFER, R::KYC_REQUIRED, R::KYC_EXPIRED,
    R::POLICY_REFUSED,   R::INSUFFICIENT_BALANCE, R::OVERFLOW};
constexpr Reason kParamUpdateReasons[] = {R::INVALID_ARGUMENT, R::NOT_AUTHORIZED, R::UNKNOWN_PARAM};
constexpr Reason kValidatorSetUpdateReasons[] = {R::INVALID_ARGUMENT, R::NOT_AUTHORIZED, R::OVERFLOW};
constexpr Reason kKeySetUpdateReasons[] = {R::INVALID_ARGUMENT, R::PUBKEY_IN_USE};

constexpr std::string_view kIssuerOrRegistrar =
    "the asset's issuer (its creator or an account granted issuer rights on it) or the registrar";

constexpr OpShape kShapes[] = {
    {"account_register", "registers an account by its first key", kAccountRegister,
     "an account with the operator role", true, kAccountRegisterReasons},
    {"kyc_attest", "records (or replaces) an account's KYC attestation", kKycAttest,
     "an account with the operator or the registrar role", true, kKycAttestReasons},
    {"key_rotate", "replaces the signer's key, or recovers a lost account's", kKeyRotate,
     "the account itself, with its current key; a recovery (account and legal_ref): the registrar", false,
     kKeyRotateReasons},
    {"role_grant", "grants a role, chain-wide or issuer rights on one asset", kRole, "the registrar", true,
     kRoleGrantReasons},
    {"role_revoke", "revokes a role", kRole, "the registrar", true, kRoleRevokeReasons},
    {"asset_create", "creates an asset; the signer becomes its issuer", kAssetCreate,
     "an account with the issuer role", true, kAssetCreateReasons},
    {"issue", "issues units of an asset to recipients", kIssue, kIssuerOrRegistrar, true, kIssueReasons},
    {"transfer", "moves units from the signer to an account", kTransfer, "the holder the units leave", false,
     kTransferReasons},
    {"burn", "destroys units of the signer's holding", kBurn,
     "the asset's issuer or the registrar, from its own holding", true, kBurnReasons},
    {"freeze", "freezes an account, an asset, or part of a holding", kFreeze,
     "an account: the registrar; an asset or a holding: the asset's issuer or the registrar", true,
     kFreezeReasons},
    {"unfreeze", "lifts a freeze (same fields as freeze)", kFreeze,
     "as freeze: the registrar for an account, the asset's issuer or the registrar otherwise", true,
     kFreezeReasons},
    {"forced_transfer", "moves units between two holders by legal order", kForcedTransfer, "the registrar",
     true, kForcedTransferReasons},
    {"param_update", "sets a chain parameter (block limits and timings within their bounds)", kParamUpdate,
     "the governance rule: a registrar, or the one account genesis names", true, kParamUpdateReasons},
    {"validator_set_update", "replaces the validator set from two blocks after this one", kValidatorSetUpdate,
     "the governance rule: a registrar, or the one account genesis names", true, kValidatorSetUpdateReasons},
    {"key_set_update", "replaces the signer's keys by a weighted key set with a threshold", kKeySetUpdate,
     "the account itself, signed by keys carrying its current threshold", false, kKeySetUpdateReasons},
};

bool has_kind(const json& v, OpFieldKind kind) {
    switch (kind) {
        case K::unsigned_integer:
            // Parsed text gives non-negative integers as unsigned; a json built in C++ may hold them signed.
            return v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
        case K::boolean:
            return v.is_boolean();
        case K::object:
            return v.is_object();
        case K::array:
            return v.is_array();
        case K::text:
        case K::address:
        case K::symbol:
        case K::amount:
        case K::hex32:
        case K::instrument_id:
        case K::name:
            return v.is_string();
    }
    return false;
}

Status refuse(const std::string& path, std::string_view why) {
    std::string m = path;
    m += ": ";
    m += why;
    return make_error(Reason::INVALID_ARGUMENT, std::move(m));
}

std::string joined(const std::string& prefix, std::string_view name) {
    if (prefix.empty()) return std::string(name);
    std::string s = prefix;
    s += '.';
    s += name;
    return s;
}

Status check_members(const json& object, std::span<const OpField> fields, const std::string& prefix,
                     const OpShape& shape) {
    for (const auto& [key, value] : object.items()) {
        if (prefix.empty() && key == "op") continue;
        const OpField* field = nullptr;
        for (const OpField& f : fields) {
            if (f.name == key) field = &f;
        }
        const std::string path = joined(prefix, key);
        if (field == nullptr) {
            std::string why = "unknown field of op ";
            why += shape.op;
            return refuse(path, why);
        }
        if (!has_kind(value, field->kind)) {
            std::string why = "must be ";
            why += op_field_kind_expectation(field->kind);
            return refuse(path, why);
        }
        // The row's bound, checked here for every op (an instrument's parser may rely on it): a value above
        // it would otherwise be truncated by a narrower field.
        if (field->kind == K::unsigned_integer && field->max != 0 && value.get<uint64_t>() > field->max) {
            return refuse(path, "at most " + std::to_string(field->max));
        }
        if (field->kind == K::object) {
            if (Status s = check_members(value, field->members, path, shape); !s) return s;
        } else if (field->kind == K::array) {
            for (size_t i = 0; i < value.size(); ++i) {
                std::string item = path;
                item += '[';
                item += std::to_string(i);
                item += ']';
                if (!value[i].is_object()) return refuse(item, "must be an object");
                if (Status s = check_members(value[i], field->members, item, shape); !s) return s;
            }
        }
    }
    for (const OpField& f : fields) {
        if (f.required && !object.contains(f.name)) return refuse(joined(prefix, f.name), "missing");
    }
    return Status();
}

}  // namespace

std::span<const OpShape> core_op_shapes() {
    return kShapes;
}

const OpShape* find_core_op_shape(std::string_view op) {
    for (const OpShape& s : kShapes) {
        if (s.op == op) return &s;
    }
    return nullptr;
}

std::string_view op_field_kind_expectation(OpFieldKind kind) {
    switch (kind) {
        case K::text:
            return "a string";
        case K::unsigned_integer:
            return "a non-negative integer";
        case K::boolean:
            return "true or false";
        case K::address:
            return "a folio address (a string)";
        case K::symbol:
            return "an asset symbol (a string)";
        case K::amount:
            return "a decimal string";
        case K::hex32:
            return "64 hex characters (a string)";
        case K::instrument_id:
            return "32 lowercase hex characters (a string)";
        case K::name:
            return "a name (a string)";
        case K::object:
            return "an object";
        case K::array:
            return "an array of objects";
    }
    return "";
}

Status check_op_fields(const json& op, const OpShape& shape) {
    if (!op.is_object()) return make_error(Reason::INVALID_ARGUMENT, "an op must be a JSON object");
    return check_members(op, shape.fields, "", shape);
}

}  // namespace folio
