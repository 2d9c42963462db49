// The node's archive of validator set proofs. A holding proof at height H needs, for each validator set
// change before it, the state proof of the change's record at the height that committed it: a light client
// trusts the genesis set only, and learns each later set from a header certified by the set before it. The
// state tree keeps recent heights only (LedgerOptions::proof_versions_kept), so the node proves each change's
// record just after its block commits and keeps the proof in the store (chain/store.h, 'P').
//
// Thread safety: call from the one thread that commits (after each commit) or before it starts.
#pragma once

#include "chain/ledger.h"

namespace folio::node {

// Archives the proof of every change not archived yet, newest first, stopping at the first one already there.
// A change whose height is no longer provable (a node upgraded from a release without the archive, or stopped
// between a commit and its archive) is archived as an empty record, so that proof_holding says it cannot
// serve it, and named once in the error (NOT_FOUND); the others are still archived. IO_ERROR from the store.
Status archive_validator_set_proofs(Ledger& ledger);

}  // namespace folio::node
