#include "rpc/json_limits.h"

#include <nlohmann/json.hpp>

namespace folio::rpc {

unsigned json_depth(std::string_view text, unsigned max_depth) {
    unsigned depth = 0;
    unsigned deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;  // the escaped character cannot end the string
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > deepest) deepest = depth;
                if (deepest > max_depth) return max_depth + 1;
                break;
            case ']':
            case '}':
                // Unbalanced closers are the parser's to report; do not let the count wrap.
                if (depth > 0) --depth;
                break;
            default:
                break;
        }
    }
    return deepest;
}

bool parse_json_bounded(std::string_view text, unsigned max_depth, nlohmann::json& out, std::string& error) {
    // nlohmann-json takes a NUL byte for the end of the input, so "{...}\0<anything>" would parse as its
    // prefix. A raw NUL is never valid JSON text (inside strings it must be escaped): refuse it.
    if (text.find('\0') != std::string_view::npos) {
        error = "JSON text contains a NUL byte at offset " + std::to_string(text.find('\0'));
        return false;
    }
    if (json_depth(text, max_depth) > max_depth) {
        error = "JSON nests deeper than " + std::to_string(max_depth) + " levels";
        return false;
    }
    try {
        out = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        error = e.what();
        return false;
    }
    return true;
}

std::string dump_json(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace folio::rpc
