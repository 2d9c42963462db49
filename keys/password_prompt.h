// The terminal password prompt: a line read from stdin with echo off. Other password sources, and how a CLI
// chooses among them: keys/passwords.h.
#pragma once

#include <string>

#include "chain/result.h"

namespace folio::keys {

// Prints prompt on stderr and reads one line from stdin with echo off, restoring the terminal afterwards.
// With confirm, asks a second time and refuses (INVALID_ARGUMENT) if the two differ. UNAVAILABLE when stdin
// is not a terminal (a script must use a file or the environment); INVALID_ARGUMENT for an empty password.
// At most 1 KiB of a line is kept. Not thread safe (there is one terminal): it swaps signal handlers for the
// duration, so that a ^C cannot leave echo off.
Result<std::string> prompt_password(const std::string& prompt, bool confirm);

}  // namespace folio::keys
