#include "chain/crypto/bech32m.h"

#include <cctype>

namespace folio::crypto {
namespace {

constexpr char kCharset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr uint32_t kBech32mConst = 0x2bc830a3;
constexpr size_t kMaxLength = 90;

uint32_t polymod(const std::vector<uint8_t>& values) {
    static constexpr uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint32_t chk = 1;
    for (uint8_t v : values) {
        const uint32_t top = chk >> 25;
        chk = (chk & 0x1ffffff) << 5 ^ v;
        for (int i = 0; i < 5; ++i) {
            if ((top >> i) & 1) chk ^= kGen[i];
        }
    }
    return chk;
}

std::vector<uint8_t> hrp_expand(std::string_view hrp) {
    std::vector<uint8_t> out;
    out.reserve(hrp.size() * 2 + 1);
    for (char c : hrp) out.push_back(static_cast<uint8_t>(c) >> 5);
    out.push_back(0);
    for (char c : hrp) out.push_back(static_cast<uint8_t>(c) & 31);
    return out;
}

int charset_index(char c) {
    for (int i = 0; i < 32; ++i) {
        if (kCharset[i] == c) return i;
    }
    return -1;
}

}  // namespace

std::string bech32m_encode(std::string_view hrp_in, const std::vector<uint8_t>& data5) {
    std::string hrp(hrp_in);
    for (char& c : hrp) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<uint8_t> values = hrp_expand(hrp);
    values.insert(values.end(), data5.begin(), data5.end());
    values.insert(values.end(), 6, 0);
    const uint32_t mod = polymod(values) ^ kBech32mConst;
    std::string out = hrp + "1";
    for (uint8_t d : data5) out.push_back(kCharset[d]);
    for (int i = 0; i < 6; ++i) out.push_back(kCharset[(mod >> (5 * (5 - i))) & 31]);
    return out;
}

std::optional<Bech32Decoded> bech32m_decode(std::string_view text) {
    if (text.size() > kMaxLength) return std::nullopt;
    bool has_lower = false, has_upper = false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u > 126) return std::nullopt;
        has_lower |= std::islower(u) != 0;
        has_upper |= std::isupper(u) != 0;
    }
    if (has_lower && has_upper) return std::nullopt;
    const size_t sep = text.rfind('1');
    if (sep == std::string_view::npos || sep == 0 || sep + 7 > text.size()) return std::nullopt;
    Bech32Decoded out;
    out.hrp.reserve(sep);
    for (size_t i = 0; i < sep; ++i) out.hrp.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
    std::vector<uint8_t> values;
    for (size_t i = sep + 1; i < text.size(); ++i) {
        const int v = charset_index(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
        if (v < 0) return std::nullopt;
        values.push_back(static_cast<uint8_t>(v));
    }
    std::vector<uint8_t> check = hrp_expand(out.hrp);
    check.insert(check.end(), values.begin(), values.end());
    if (polymod(check) != kBech32mConst) return std::nullopt;
    out.data.assign(values.begin(), values.end() - 6);
    return out;
}

std::optional<std::vector<uint8_t>> convert_bits(ByteView in, int from_bits, int to_bits, bool pad) {
    uint32_t acc = 0;
    int bits = 0;
    const uint32_t max_value = (1u << to_bits) - 1;
    std::vector<uint8_t> out;
    for (uint8_t v : in) {
        if (v >> from_bits) return std::nullopt;
        acc = acc << from_bits | v;
        bits += from_bits;
        while (bits >= to_bits) {
            bits -= to_bits;
            out.push_back(static_cast<uint8_t>((acc >> bits) & max_value));
        }
    }
    if (pad) {
        if (bits > 0) out.push_back(static_cast<uint8_t>((acc << (to_bits - bits)) & max_value));
    } else if (bits >= from_bits || ((acc << (to_bits - bits)) & max_value) != 0) {
        return std::nullopt;
    }
    return out;
}

std::string encode_address(const Hash256& account_id) {
    auto data5 = convert_bits(account_id, 8, 5, true);
    return bech32m_encode(kAddressPrefix, *data5);
}

std::optional<Hash256> decode_address(std::string_view address) {
    auto decoded = bech32m_decode(address);
    if (!decoded || decoded->hrp != kAddressPrefix) return std::nullopt;
    auto bytes = convert_bits(decoded->data, 5, 8, false);
    if (!bytes || bytes->size() != 32) return std::nullopt;
    Hash256 id;
    std::copy(bytes->begin(), bytes->end(), id.begin());
    return id;
}

}  // namespace folio::crypto
