// Identifier and quantity types of the ledger. Distinct types for ids so that an AssetId cannot be passed
// where an AccountId is expected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chain/bytes.h"
#include "chain/crypto/schnorr.h"

namespace folio {

using AccountId = Hash256;   // tagged hash of the account's first key; survives key rotation
using TxHash = Hash256;
using BlockHash = Hash256;
using ChainId = Hash256;     // tagged hash of the canonical genesis
using PubKey = crypto::PubKey;
using Signature = crypto::Signature;
using Height = uint64_t;
using Amount = uint64_t;     // in the asset's smallest unit
using AssetId = uint32_t;    // assigned in creation order; fixed width in storage keys

AccountId account_id_of(const PubKey& first_key);

// Asset classes (docs/reason-codes.md, KYC_REQUIRED): all but `other` require a KYC'd receiver by default.
enum class AssetClass : uint8_t { equity = 0, minibond = 1, royalty = 2, currency = 3, other = 4 };
inline constexpr uint8_t kAssetClassCount = 5;
std::string_view asset_class_name(AssetClass c);
bool asset_class_from_name(std::string_view name, AssetClass& out);

// Chain-wide roles, a bit set on the account. Issuer rights on a single asset are a separate grant.
enum class Role : uint8_t { operator_ = 1, registrar = 2, issuer = 4 };
inline constexpr uint32_t role_bit(Role r) { return static_cast<uint32_t>(r); }
std::string_view role_name(Role r);
bool role_from_name(std::string_view name, Role& out);

// 1-12 characters of A-Z 0-9 . - (docs/encoding.md).
bool is_valid_symbol(std::string_view symbol);
inline constexpr size_t kMaxSymbolLength = 12;
inline constexpr uint8_t kMaxDecimals = 18;

// Amounts as people write them: "12.50" for 1250 units of a 2-decimal asset. Parsing refuses more decimals
// than the asset has, signs, exponents, empty parts and overflow; formatting always writes exactly `decimals`.
bool parse_amount(std::string_view text, uint8_t decimals, Amount& out);
std::string format_amount(Amount amount, uint8_t decimals);

// Overflow-checked arithmetic: false (and out unchanged) when the result does not fit.
inline bool checked_add(Amount a, Amount b, Amount& out) {
    if (a > UINT64_MAX - b) return false;
    out = a + b;
    return true;
}
inline bool checked_sub(Amount a, Amount b, Amount& out) {
    if (b > a) return false;
    out = a - b;
    return true;
}

}  // namespace folio
