// Leveled logging to stderr (and a file, if configured): one line per event, UTC timestamp, level, component.
// Per-tx events are debug only: an info line per tx would cost more than the tx (docs/performance.md).
//
// Thread safety: every function may be called from any thread; lines are written whole.
#pragma once

#include <string>
#include <string_view>

namespace folio::node {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

bool parse_log_level(std::string_view name, LogLevel& out);
void set_log_level(LogLevel level);
// Also appends to this file (created 0600 if missing); empty: stderr only. Returns false if it cannot be opened.
bool set_log_file(const std::string& path);
bool log_enabled(LogLevel level);
void log_line(LogLevel level, std::string_view component, std::string_view message);

inline void log_debug(std::string_view c, std::string_view m) {
    if (log_enabled(LogLevel::debug)) log_line(LogLevel::debug, c, m);
}
inline void log_info(std::string_view c, std::string_view m) { log_line(LogLevel::info, c, m); }
inline void log_warn(std::string_view c, std::string_view m) { log_line(LogLevel::warn, c, m); }
inline void log_error(std::string_view c, std::string_view m) { log_line(LogLevel::error, c, m); }

}  // namespace folio::node
