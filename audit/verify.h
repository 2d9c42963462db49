// folio-audit verify: the chain replayed from its genesis without trusting the node (docs/audit.md).
//
//   --datadir DIR  a stopped node's data directory or a copy: DIR/genesis.json must agree with the stored
//                  genesis; the database is opened without creating anything, with paranoid checks (a node
//                  holding it: exit 3); the replay reads its blocks, then every record is read with
//                  checksums, decoded by its prefix's grammar and compared with the replay's
//                  (chain/store_audit.h).
//   --rpc URL      a node's raw blocks (block_range), anchored on --genesis or --chain-id; each --witness
//                  must serve the same hash for the last block.
//   --backup FILE  a backup written by `foliod backup`, anchored on --genesis or --chain-id: every chunk is
//                  checked (damage is named by its offset), the records are loaded into a private scratch
//                  database, and that is verified as a data directory is; the backup's header must name the
//                  block its records end at.
//
// The replay (and a loaded backup) live in scratch databases under $TMPDIR (removed at the end). Stops at the first discrepancy
// with the height, the tx when one is named, and both values.
#pragma once

#include <ostream>

#include "audit/cli.h"

namespace folio::audit {

// Runs the command; returns the exit code (cli.h). The outcome goes to `out` (text or --json), progress and
// errors to `err`.
int run_verify(const ParsedArgs& args, std::ostream& out, std::ostream& err);

}  // namespace folio::audit
