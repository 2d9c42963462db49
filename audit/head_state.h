// The check that a stored chain's state is whole, for the exports: every leaf read from the store
// (checksums verified), the state tree rebuilt over them, and the root compared with the head header's
// state_root, as a node's open does (chain/ledger.h) but without the Ledger: an export needs no genesis
// document (a 100,000-account genesis takes longer to parse than the whole register takes to export), no
// proofs, no commits, and no copy of the state in memory (it reads the few records it needs from the store,
// which nothing writes while the export holds the data directory).
#pragma once

#include "chain/store.h"

namespace folio::audit {

// The head header once the state checks out. CORRUPTION when the rebuilt root is not the head's state_root
// (naming both and the height) or a leaf cannot be read; the store's errors otherwise.
Result<BlockHeader> verify_head_state(const Store& store);

}  // namespace folio::audit
