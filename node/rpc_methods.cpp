#include "node/rpc_methods.h"

#include "node/rpc_common.h"

namespace folio::node {

Status register_node_methods(rpc::MethodTable& table, NodeServices& services) {
    for (auto reg : {rpcm::register_chain_methods, rpcm::register_block_range_methods,
                     rpcm::register_tx_methods, rpcm::register_tx_query_methods,
                     rpcm::register_account_methods, rpcm::register_asset_methods, rpcm::register_proof_methods,
                     rpcm::register_subscribe_methods, rpcm::register_mempool_methods,
                     rpcm::register_consensus_methods, rpcm::register_backup_methods,
                     rpcm::register_instrument_methods}) {
        if (Status s = reg(table, services); !s) return s;
    }
    return Status::success();
}

}  // namespace folio::node
