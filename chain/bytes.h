// Byte containers and hex. Fixed-size values (hashes, keys, ids) are std::array so they live on the stack and
// compare by value; variable data is Bytes.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace folio {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;
using Hash256 = std::array<uint8_t, 32>;

inline ByteView as_bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Lowercase hex of the bytes.
std::string to_hex(ByteView data);
// Parses hex of any case; nullopt on an odd length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view hex);
// Parses exactly N bytes of hex; false otherwise.
template <size_t N>
bool from_hex_fixed(std::string_view hex, std::array<uint8_t, N>& out) {
    if (hex.size() != 2 * N) return false;
    auto bytes = from_hex(hex);
    if (!bytes) return false;
    std::memcpy(out.data(), bytes->data(), N);
    return true;
}

// Hashes fixed arrays for unordered containers: their bytes are already uniformly distributed.
struct FixedBytesHasher {
    template <size_t N>
    size_t operator()(const std::array<uint8_t, N>& a) const {
        static_assert(N >= sizeof(size_t));
        size_t h;
        std::memcpy(&h, a.data(), sizeof(h));
        return h;
    }
};

// Hash and equality for unordered maps keyed by Bytes that can be searched with a ByteView, without copying the
// key into a temporary vector (C++20 heterogeneous lookup).
struct BytesKeyHash {
    using is_transparent = void;
    size_t operator()(ByteView k) const {
        return std::hash<std::string_view>()(std::string_view(reinterpret_cast<const char*>(k.data()), k.size()));
    }
    size_t operator()(const Bytes& k) const { return (*this)(ByteView(k)); }
};
struct BytesKeyEqual {
    using is_transparent = void;
    bool operator()(ByteView a, ByteView b) const {
        return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
    }
};

}  // namespace folio
