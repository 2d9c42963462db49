// Where a CLI or a service takes a keystore password from: a file, the environment, or the terminal prompt
// (keys/password_prompt.h), tried in the caller's order. Passwords travel as std::string; a caller done with
// one should wipe_string() it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chain/result.h"

namespace folio::keys {

inline constexpr size_t kMaxPasswordFileBytes = 64 * 1024;

// The first line of a regular file, its "\n" or "\r\n" stripped. INVALID_ARGUMENT if that line is empty, the
// file is over kMaxPasswordFileBytes or not a regular file; NOT_FOUND / IO_ERROR if it cannot be read.
Result<std::string> read_password_file(const std::string& path);
// The value of an environment variable. NOT_FOUND if unset, INVALID_ARGUMENT if empty. Note that the
// environment of a process is readable by its user (/proc/PID/environ): prefer a file for long-running
// processes.
Result<std::string> read_password_env(const std::string& var);

// One place a CLI may take a password from; obtain_password tries them in the caller's order.
struct PasswordSource {
    enum class Kind { file, env, prompt };
    Kind kind;
    std::string arg;       // the file's path, the variable's name, or the prompt's text
    bool confirm = false;  // prompt only: ask twice (when choosing a new password)
};
// The password from the first source that is present: an env source whose variable is unset and a prompt
// source when stdin is no terminal are passed over; any other failure (an unreadable file, an empty value, a
// mismatched confirmation) is returned at once rather than hidden by a later source. NOT_FOUND if no source
// was present.
Result<std::string> obtain_password(const std::vector<PasswordSource>& sources);

// The shortest new keystore password accepted without an explicit override (`--allow-weak-password`), in
// characters (UTF-8 code points, so that a passphrase in any script counts what its user typed). Existing
// keystores are never refused for their password: the rule is for new ones only.
inline constexpr size_t kMinNewPasswordChars = 10;
// OK when `password` has at least kMinNewPasswordChars characters; else INVALID_ARGUMENT saying how many it
// has (the password itself is never in the message).
Status check_new_password(std::string_view password);

// Overwrites and clears a string that held a password.
void wipe_string(std::string& s);

}  // namespace folio::keys
