// Block 0 is the chain's definition: it has no commit certificate, and it is trusted only because it is
// exactly what the pinned genesis produces (its state, then its header over that state's root). The wallet
// (verifying a proof at height 0) and folio-audit (the anchor of a replay) both check it here.
//
// Pure: no I/O; safe on any thread.
#pragma once

#include "chain/block.h"
#include "chain/genesis.h"

namespace folio {

// The state root of genesis_state(genesis).
Hash256 genesis_state_root(const Genesis& genesis);

// OK when `header` equals genesis_header(genesis, genesis_state_root(genesis)); BAD_SIGNATURE otherwise (the
// header is not vouched for by anything the caller trusts).
Status check_genesis_header(const BlockHeader& header, const Genesis& genesis);

}  // namespace folio
