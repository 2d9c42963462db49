// The core ops: the instrument-neutral rules of the register. Each op is `tag: u16, payload: bytes` inside a tx;
// this file gives each core tag its payload grammar and decoder. Tags >= kFirstContractTag belong to the
// instrument registry (chain/registry.h) and are decoded there.
//
// Payload grammars (all integers little-endian, see chain/encoding.h):
//   account_register := u8 version=1, fixed[32] pubkey
//   kyc_attest       := u8 version=1, fixed[32] account, u8 level, bytes category (<= 32, UTF-8), u64 expires_ms,
//                       fixed[32] doc_hash
//   key_rotate       := u8 version=1, fixed[32] new_pubkey, u8 recovery (0|1),
//                       [fixed[32] account, fixed[32] legal_ref]            (present iff recovery = 1)
//   role_grant       := u8 version=1, fixed[32] account, u8 role, bytes asset (symbol, empty = chain-wide)
//   role_revoke      := same as role_grant
//   asset_create     := u8 version=1, bytes symbol, u8 class, u8 decimals, u64 max_supply,
//                       fixed[32] metadata_hash (zero = none), bytes policy (encoded Policy, empty = class default)
//   issue            := u8 version=1, bytes asset, varint n (1..1000), n * (fixed[32] account, u64 amount)
//   transfer         := u8 version=1, bytes asset, fixed[32] to, u64 amount
//   burn             := u8 version=1, bytes asset, u64 amount
//   freeze/unfreeze  := u8 version=1, u8 target (0 account, 1 asset, 2 holding), [fixed[32] account],
//                       [bytes asset], [u64 amount]     (account for 0 and 2, asset for 1 and 2, amount for 2)
//   forced_transfer  := u8 version=1, bytes asset, fixed[32] from, fixed[32] to, u64 amount, fixed[32] legal_ref
//   param_update     := u8 version=1, bytes name (<= 32, UTF-8), u64 value
//   validator_set_update := u8 version=1, validators (chain/block.h: the whole new set, at most 1,024)
//   key_set_update   := u8 version=1, varint n (<= 16), n * (fixed[32] pubkey, u8 weight), u16 threshold
//   Policy           := u8 version=1, u8 kyc_min_level, u32 max_holders (0 = no limit), u8 transferable (0|1)
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chain/encoding.h"
#include "chain/result.h"
#include "chain/types.h"
#include "chain/validator_set.h"

namespace folio {

enum class OpTag : uint16_t {
    account_register = 1,
    kyc_attest = 2,
    key_rotate = 3,
    role_grant = 4,
    role_revoke = 5,
    asset_create = 6,
    issue = 7,
    transfer = 8,
    burn = 9,
    freeze = 10,
    unfreeze = 11,
    forced_transfer = 12,
    param_update = 13,
    validator_set_update = 14,
    key_set_update = 15,
};
inline constexpr uint16_t kFirstContractTag = 0x0100;
inline constexpr size_t kMaxIssueRecipients = 1000;
inline constexpr size_t kMaxCategoryLength = 32;
inline constexpr size_t kMaxParamNameLength = 32;
inline constexpr size_t kMaxKeySetKeys = 16;  // = kMaxAccountKeys (chain/state.h) and kMaxSignatures (chain/tx.h)

// Transfer rules of an asset, checked by the one check_transfer hook that issue, transfer and forced_transfer
// call. Class defaults: every class but `other` requires the receiver's KYC level >= 1.
struct Policy {
    uint8_t kyc_min_level = 0;
    uint32_t max_holders = 0;  // 0 = no limit
    bool transferable = true;  // false: only issue and forced_transfer move it

    static Policy class_default(AssetClass c);
    Bytes encode() const;
    static bool decode(ByteView data, Policy& out, std::string& error);
    bool operator==(const Policy&) const = default;
};

struct AccountRegisterOp { PubKey pubkey{}; };
struct KycAttestOp {
    AccountId account{};
    uint8_t level = 0;
    std::string category;
    uint64_t expires_ms = 0;
    Hash256 doc_hash{};
};
struct KeyRotateOp {
    PubKey new_pubkey{};
    bool recovery = false;  // registrar recovery of `account` after key loss
    AccountId account{};
    Hash256 legal_ref{};
};
struct RoleOp {
    AccountId account{};
    Role role = Role::operator_;
    std::string asset;  // non-empty only for Role::issuer on one asset
};
struct AssetCreateOp {
    std::string symbol;
    AssetClass asset_class = AssetClass::other;
    uint8_t decimals = 0;
    Amount max_supply = 0;
    Hash256 metadata_hash{};
    std::optional<Policy> policy;
};
struct IssueOp {
    struct Recipient { AccountId account{}; Amount amount = 0; };
    std::string asset;
    std::vector<Recipient> to;
};
struct TransferOp { std::string asset; AccountId to{}; Amount amount = 0; };
struct BurnOp { std::string asset; Amount amount = 0; };
enum class FreezeTarget : uint8_t { account = 0, asset = 1, holding = 2 };
struct FreezeOp {
    FreezeTarget target = FreezeTarget::account;
    AccountId account{};
    std::string asset;
    Amount amount = 0;
};
struct ForcedTransferOp { std::string asset; AccountId from{}, to{}; Amount amount = 0; Hash256 legal_ref{}; };
struct ParamUpdateOp { std::string name; uint64_t value = 0; };
// The whole new set (chain/validator_set_state.h says when it takes effect).
struct ValidatorSetUpdateOp { ValidatorSet validators; };
// Replaces the signer's keys; the tx is signed to the account's current threshold.
struct KeySetUpdateOp {
    struct Key {
        PubKey pubkey{};
        uint8_t weight = 1;
        bool operator==(const Key&) const = default;
    };
    std::vector<Key> keys;
    uint16_t threshold = 1;
};

using CoreOp = std::variant<AccountRegisterOp, KycAttestOp, KeyRotateOp, RoleOp, AssetCreateOp, IssueOp,
                            TransferOp, BurnOp, FreezeOp, ForcedTransferOp, ParamUpdateOp, ValidatorSetUpdateOp,
                            KeySetUpdateOp>;

// An op as carried in a tx.
struct Op {
    uint16_t tag = 0;
    Bytes payload;
    bool operator==(const Op&) const = default;
};

// Encoders: each returns the Op (tag + payload) for a core op.
Op encode_op(const AccountRegisterOp& op);
Op encode_op(const KycAttestOp& op);
Op encode_op(const KeyRotateOp& op);
Op encode_op(const RoleOp& op, bool grant);
Op encode_op(const AssetCreateOp& op);
Op encode_op(const IssueOp& op);
Op encode_op(const TransferOp& op);
Op encode_op(const BurnOp& op);
Op encode_op(const FreezeOp& op, bool freeze);
Op encode_op(const ForcedTransferOp& op);
Op encode_op(const ParamUpdateOp& op);
Op encode_op(const ValidatorSetUpdateOp& op);
Op encode_op(const KeySetUpdateOp& op);

// A decoded core op with the information the tag carries beyond its payload type.
struct DecodedCoreOp {
    OpTag tag;
    CoreOp op;
};

bool is_core_tag(uint16_t tag);
// Decodes a core op's payload; the error says which field failed and where. Unknown core tags fail.
Result<DecodedCoreOp> decode_core_op(const Op& op);
// Lowercase op name as in JSON ("account_register"), or "" for a tag that is not a core op.
std::string_view core_op_name(uint16_t tag);

}  // namespace folio
