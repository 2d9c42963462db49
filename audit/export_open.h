// Opening the source of an export from its command line (docs/audit.md):
//   --datadir DIR          a stopped node's data directory or a copy: DIR/genesis.json must agree with the
//                          stored genesis (and the anchor, when --genesis or --chain-id is given); the
//                          database is opened without creating anything, every read verifying checksums,
//                          and the state is rebuilt and checked against the head's state_root;
//   --rpc URL              a node's read RPC (token: --token or $FOLIO_RPC_TOKEN); the node is trusted;
//   --verify               with either: the chain is first replayed from its genesis up to the export's
//                          height, every block checked as `folio-audit verify` checks it, into a scratch
//                          database, and the export reads that replay (--rpc then needs the anchor).
#pragma once

#include <functional>
#include <memory>
#include <ostream>

#include "audit/export_source.h"
#include "audit/sources.h"

namespace folio::audit {

class OpenedSource {
  public:
    virtual ~OpenedSource() = default;
    virtual ExportSource& source() = 0;
};

// The export's last height from the source's head: the command's bounds check (a usage error beyond the
// head).
using TargetHeight = std::function<Result<Height>(Height head)>;

struct OpenOutcome {
    std::unique_ptr<OpenedSource> opened;
    std::optional<SourceError> error;
};

// With --verify the replay stops at target(head) and the source's head() is that height.
OpenOutcome open_export_source(const ParsedArgs& args, const TargetHeight& target, std::ostream& err);

}  // namespace folio::audit
