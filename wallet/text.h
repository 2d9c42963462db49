// Text for people: string building, tables, times, and ops described in words. Pure functions.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace folio::wallet {

namespace detail {
inline void append_one(std::string& s, std::string_view v) {
    s.append(v);
}
template <std::integral T>
void append_one(std::string& s, T v) {
    s += std::to_string(v);
}
}  // namespace detail

// Concatenates strings and integers. Appending, rather than `"lit" + std::to_string(x)`, also keeps g++ 12 at
// -O3 free of its -Wrestrict false positive.
template <typename... A>
std::string cat(const A&... parts) {
    std::string s;
    (detail::append_one(s, parts), ...);
    return s;
}

// Untrusted text made safe to echo in one line: control characters and invalid UTF-8 become '?', and
// anything beyond `max` bytes is cut with "...".
std::string printable(std::string_view text, size_t max = 80);

// A table with one header row; columns are separated by two spaces. Right-aligned columns suit amounts.
struct Table {
    std::vector<std::string> headers;
    std::vector<bool> right_aligned;  // per column; missing = left
    std::vector<std::vector<std::string>> rows;

    std::string render() const;
};

// "2025-11-24 15:04:05 UTC" for Unix milliseconds.
std::string format_time_ms(uint64_t time_ms);

// One op (as op_to_json or the node writes it) in words: "transfer 12.50 ACME to folio1...". Never throws:
// an op it does not know is shown as its name and compact JSON.
std::string describe_op(const nlohmann::json& op);

}  // namespace folio::wallet
