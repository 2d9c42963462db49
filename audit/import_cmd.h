// `folio-audit import`: a legacy register into a running node (docs/import.md). Validation first (every
// problem as FILE:LINE:COLUMN: reason on stderr, exit 1 and nothing submitted), then the phases of
// audit/import_plan.h through tx_sign_submit, then the consistency report (exit 0 only if all is equal).
#pragma once

#include <ostream>

#include "audit/cli.h"

namespace folio::audit {

// The command's entry in the command table (audit/cli.cpp).
CommandSpec import_command_spec();

int run_import(const ParsedArgs& args, std::ostream& out, std::ostream& err);

}  // namespace folio::audit
