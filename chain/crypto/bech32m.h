// Bech32m (BIP350) strings, and Folio addresses: bech32m with prefix "folio" over a 32-byte account id.
// A mistyped address fails the checksum and is refused; mixed case is refused; output is lowercase.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/bytes.h"

namespace folio::crypto {

struct Bech32Decoded {
    std::string hrp;            // lowercase
    std::vector<uint8_t> data;  // 5-bit groups, checksum removed
};

// Encodes 5-bit groups under a human-readable part (lowercased). Caller keeps hrp valid (1..83 chars 33..126).
std::string bech32m_encode(std::string_view hrp, const std::vector<uint8_t>& data5);
// Decodes any bech32m string (BIP350 rules: length <= 90, one case, a valid checksum with the bech32m constant).
std::optional<Bech32Decoded> bech32m_decode(std::string_view text);

// Regroups bits (8 -> 5 with padding, 5 -> 8 refusing non-zero padding), as in BIP173.
std::optional<std::vector<uint8_t>> convert_bits(ByteView in, int from_bits, int to_bits, bool pad);

inline constexpr std::string_view kAddressPrefix = "folio";

std::string encode_address(const Hash256& account_id);
// The account id of a "folio1..." address; nullopt for a wrong prefix, length, or checksum.
std::optional<Hash256> decode_address(std::string_view address);

}  // namespace folio::crypto
