#include "node/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace folio::node {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::info)};
std::mutex g_mutex;
int g_file_fd = -1;

std::string_view level_name(LogLevel l) {
    switch (l) {
        case LogLevel::debug: return "DEBUG";
        case LogLevel::info: return "INFO";
        case LogLevel::warn: return "WARN";
        case LogLevel::error: return "ERROR";
    }
    return "?";
}
}  // namespace

bool parse_log_level(std::string_view name, LogLevel& out) {
    for (LogLevel l : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
        std::string lower(level_name(l));
        for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
        if (name == lower) {
            out = l;
            return true;
        }
    }
    return false;
}

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }

bool set_log_file(const std::string& path) {
    std::lock_guard lock(g_mutex);
    if (g_file_fd >= 0) ::close(g_file_fd);
    g_file_fd = -1;
    if (path.empty()) return true;
    g_file_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    return g_file_fd >= 0;
}

bool log_enabled(LogLevel level) { return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed); }

void log_line(LogLevel level, std::string_view component, std::string_view message) {
    if (!log_enabled(level)) return;
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char stamp[96];
    std::snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    std::string line;
    line.reserve(64 + message.size());
    line.append(stamp).append(" ").append(level_name(level)).append(" [").append(component).append("] ");
    line.append(message).append("\n");
    std::lock_guard lock(g_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    if (g_file_fd >= 0) {
        ssize_t unused = ::write(g_file_fd, line.data(), line.size());
        (void)unused;  // a log line that cannot be written has nowhere else to go
    }
}

}  // namespace folio::node
