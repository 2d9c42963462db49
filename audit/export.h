// folio-audit's legal exports (docs/audit.md): the register of holders at a height, the register of
// movements of an asset, and an owner's statement, each as CSV or JSON with a manifest, from --datadir or
// --rpc (audit/export_open.h). Totals are checked before anything is written: rows that do not sum to the
// recorded supply or holder count, or movements that do not lead to the stored balances, exit 1 and write
// nothing.
#pragma once

#include <ostream>

#include "audit/cli.h"

namespace folio::audit {

int run_register(const ParsedArgs& args, std::ostream& out, std::ostream& err);
int run_movements(const ParsedArgs& args, std::ostream& out, std::ostream& err);
int run_statement(const ParsedArgs& args, std::ostream& out, std::ostream& err);

}  // namespace folio::audit
