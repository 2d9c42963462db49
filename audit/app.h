// folio-audit's entry point without main(), so that tests can run the whole program in process.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace folio::audit {

// Parses the command line and runs the command; returns the exit code (audit/cli.h).
int run_audit(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

}  // namespace folio::audit
