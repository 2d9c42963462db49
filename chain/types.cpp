#include "chain/types.h"

#include <array>

#include "chain/crypto/hash.h"

namespace folio {

AccountId account_id_of(const PubKey& first_key) { return crypto::tags::account_id()(first_key); }

namespace {
constexpr std::array<std::string_view, kAssetClassCount> kClassNames = {"equity", "minibond", "royalty", "currency",
                                                                          "other"};
}

std::string_view asset_class_name(AssetClass c) {
    const auto i = static_cast<size_t>(c);
    return i < kClassNames.size() ? kClassNames[i] : "unknown";
}

bool asset_class_from_name(std::string_view name, AssetClass& out) {
    for (size_t i = 0; i < kClassNames.size(); ++i) {
        if (kClassNames[i] == name) {
            out = static_cast<AssetClass>(i);
            return true;
        }
    }
    return false;
}

std::string_view role_name(Role r) {
    switch (r) {
        case Role::operator_: return "operator";
        case Role::registrar: return "registrar";
        case Role::issuer: return "issuer";
    }
    return "unknown";
}

bool role_from_name(std::string_view name, Role& out) {
    for (Role r : {Role::operator_, Role::registrar, Role::issuer}) {
        if (role_name(r) == name) {
            out = r;
            return true;
        }
    }
    return false;
}

bool is_valid_symbol(std::string_view symbol) {
    if (symbol.empty() || symbol.size() > kMaxSymbolLength) return false;
    for (char c : symbol) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool parse_amount(std::string_view text, uint8_t decimals, Amount& out) {
    if (text.empty() || decimals > kMaxDecimals) return false;
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    if (whole.empty()) return false;
    if (dot != std::string_view::npos && (frac.empty() || frac.size() > decimals)) return false;
    Amount value = 0;
    auto push_digit = [&value](char c) {
        if (c < '0' || c > '9') return false;
        const Amount digit = static_cast<Amount>(c - '0');
        if (value > (UINT64_MAX - digit) / 10) return false;
        value = value * 10 + digit;
        return true;
    };
    for (char c : whole) {
        if (!push_digit(c)) return false;
    }
    for (char c : frac) {
        if (!push_digit(c)) return false;
    }
    for (size_t i = frac.size(); i < decimals; ++i) {
        if (!push_digit('0')) return false;
    }
    out = value;
    return true;
}

std::string format_amount(Amount amount, uint8_t decimals) {
    std::string digits = std::to_string(amount);
    if (decimals == 0) return digits;
    if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, 1, '.');
    return digits;
}

}  // namespace folio
