// The JSON-RPC methods of foliod, as entries of the rpc method table (rpc/method.h): chain_*, block_*, tx_*,
// account_*, asset_*, proof_*, mempool_list, node_keys and the WebSocket subscriptions. Shapes: docs/rpc-shapes.md (a
// contract with the wallet and the demo: fields may be added, never renamed); reference: docs/rpc.md, generated
// from the table.
//
// Thread safety: register before the server starts. The handlers run on the server's I/O threads and read the
// ledger, mempool and hub through `services`, which must outlive the table.
#pragma once

#include "chain/result.h"
#include "node/services.h"
#include "rpc/method.h"

namespace folio::node {

// Adds every node method to `table`; INVALID_ARGUMENT if an entry is malformed or a name is taken (a bug).
Status register_node_methods(rpc::MethodTable& table, NodeServices& services);

}  // namespace folio::node
