#include "keys/password_prompt.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iterator>
#include <optional>
#include <system_error>

#include "keys/passwords.h"

namespace folio::keys {
namespace {

// A signal that ends the process mid-prompt must not leave the terminal without echo (the shell does not
// restore it): these handlers put the saved settings back, then let the previous disposition act.
constexpr int kRestoreSignals[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP};
struct termios g_saved_termios;
struct sigaction g_saved_actions[std::size(kRestoreSignals)];

void restore_and_reraise(int sig) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
    for (size_t i = 0; i < std::size(kRestoreSignals); ++i)
        if (kRestoreSignals[i] == sig) ::sigaction(sig, &g_saved_actions[i], nullptr);
    ::raise(sig);  // blocked until this handler returns, then handled as before the prompt
}

// Reads one line from stdin (at most 1 KiB kept); false on end of input before a newline or a read error.
bool read_line(std::string& out) {
    constexpr size_t kMaxPasswordBytes = 1024;
    out.clear();
    out.reserve(kMaxPasswordBytes);
    char c;
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        if (c == '\n') break;
        if (out.size() < kMaxPasswordBytes) out.push_back(c);
    }
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return true;
}

}  // namespace

Result<std::string> prompt_password(const std::string& prompt, bool confirm) {
    if (!::isatty(STDIN_FILENO))
        return make_error(Reason::UNAVAILABLE,
                          "cannot prompt for a password: stdin is not a terminal "
                          "(use a password file or an environment variable)");
    struct termios quiet;
    if (::tcgetattr(STDIN_FILENO, &g_saved_termios) != 0)
        return make_error(Reason::IO_ERROR, "cannot read the settings of the terminal on stdin: " +
                                                std::generic_category().message(errno));
    quiet = g_saved_termios;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the Enter key still moves to the next line
    struct sigaction handler {};
    handler.sa_handler = restore_and_reraise;
    sigemptyset(&handler.sa_mask);
    for (size_t i = 0; i < std::size(kRestoreSignals); ++i)
        ::sigaction(kRestoreSignals[i], &handler, &g_saved_actions[i]);
    std::fputs(prompt.c_str(), stderr);
    std::fflush(stderr);
    // TCSAFLUSH drops what was typed ahead, which the terminal has already echoed.
    const bool quiet_set = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    std::string first, second;
    bool got = quiet_set && read_line(first);
    if (got && confirm) {
        std::fputs("Repeat the password: ", stderr);
        std::fflush(stderr);
        got = read_line(second);
    }
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
    for (size_t i = 0; i < std::size(kRestoreSignals); ++i)
        ::sigaction(kRestoreSignals[i], &g_saved_actions[i], nullptr);

    std::optional<Error> error;
    if (!quiet_set)
        error = make_error(Reason::IO_ERROR, "cannot turn off echo on the terminal");
    else if (!got)
        error = make_error(Reason::INVALID_ARGUMENT, "no password entered (end of input)");
    else if (first.empty())
        error = make_error(Reason::INVALID_ARGUMENT, "the password must not be empty");
    else if (confirm && first != second)
        error = make_error(Reason::INVALID_ARGUMENT, "the passwords do not match");
    wipe_string(second);
    if (!error) return Result<std::string>(std::move(first));
    wipe_string(first);
    return *error;
}

}  // namespace folio::keys
