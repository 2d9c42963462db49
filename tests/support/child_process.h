// What the crash tests share: starting the process they kill, reaping it, and reading their knobs from the
// environment. posix_spawn, not fork: the test process has threads (LevelDB's, the verify pool's), and a bare
// fork() could leave the child holding a lock no thread will release.
#pragma once

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace folio::test {

// The value of an environment variable as a decimal integer; nullopt if unset, empty or not a number.
inline std::optional<uint64_t> env_u64(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    char* end = nullptr;
    const uint64_t n = std::strtoull(v, &end, 10);
    if (!end || *end != '\0') return std::nullopt;
    return n;
}

// Starts args[0] with args; its pid, or -1 with `error` set.
inline pid_t spawn_process(std::vector<std::string> args, std::string& error) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
    if (rc != 0) {
        error = "posix_spawn " + args[0] + ": " + std::strerror(rc);
        return -1;
    }
    return pid;
}

// Waits for the process to end; its wait status.
inline int reap_process(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

}  // namespace folio::test
