#include "chain/genesis_check.h"

#include "chain/crypto/hash.h"
#include "chain/state_tree.h"

namespace folio {

Hash256 genesis_state_root(const Genesis& genesis) {
    std::vector<StateLeaf> leaves;
    for (const StateWrite& w : genesis_state(genesis)) {
        if (!w.value) continue;
        leaves.push_back({crypto::tags::state_key()(w.key), crypto::tags::state_value()(*w.value)});
    }
    StateTree tree(1);
    return tree.rebuild(0, std::move(leaves));
}

Status check_genesis_header(const BlockHeader& header, const Genesis& genesis) {
    if (!(header == genesis_header(genesis, genesis_state_root(genesis)))) {
        return make_error(Reason::BAD_SIGNATURE,
                          "block 0's header is not the one the pinned genesis produces");
    }
    return Status();
}

}  // namespace folio
