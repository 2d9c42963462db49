// folio-wallet as a function: parses argv, runs the command, prints its report (text, or one JSON document
// with --json) or its failure, and returns the process exit code (wallet/outcome.h). main() is this and
// nothing more, so tests drive the whole program in-process.
#pragma once

#include <string>
#include <vector>

#include "wallet/context.h"

namespace folio::wallet {

// argv without the program name. Failures print "error: ..." (and "hint: ...") on io.err; with --json they
// also print {"error": {"reason", "message", "hint"?, "exit_code", ...details}} on io.out.
int run_wallet(const std::vector<std::string>& argv, Io io);

}  // namespace folio::wallet
