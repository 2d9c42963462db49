// Parsing untrusted JSON within bounds. nlohmann-json has no nesting limit (a 500k-deep document parses, and
// its destruction recurses), so depth is checked by a scan of the raw text before the parser sees it.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace folio::rpc {

inline constexpr unsigned kDefaultMaxJsonDepth = 32;

// Deepest nesting of arrays and objects in `text` ("1" is 0, "[1]" is 1, "[{}]" is 2), ignoring brackets
// inside strings. Stops counting, and returns max_depth + 1, as soon as the text goes deeper than
// `max_depth`.
unsigned json_depth(std::string_view text, unsigned max_depth);

// Parses `text` into `out`. On failure returns false and says why in `error` (syntax, depth, invalid UTF-8, a
// NUL byte anywhere: the parser would otherwise stop there and ignore the rest).
bool parse_json_bounded(std::string_view text, unsigned max_depth, nlohmann::json& out, std::string& error);

// Serializes without throwing: invalid UTF-8 in a string (a memo, say) is replaced by U+FFFD.
std::string dump_json(const nlohmann::json& value);

}  // namespace folio::rpc
