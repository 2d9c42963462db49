#include "audit/head_state.h"

#include "chain/ledger.h"
#include "chain/state_tree.h"

namespace folio::audit {

Result<BlockHeader> verify_head_state(const Store& store) {
    if (!store.initialized()) return make_error(Reason::NOT_FOUND, "the database holds no chain");
    auto head = store.header(store.height());
    if (!head) return head.error();
    std::vector<StateLeaf> leaves;
    Status s = store.for_each_state(
        [&](Bytes key, Bytes value) { leaves.push_back(StateLeaf{Ledger::key_hash(key), Ledger::value_hash(value)}); });
    if (!s) return s.error();
    StateTree tree(1);
    const Hash256 root = tree.rebuild(head->height, std::move(leaves));
    if (root != head->state_root) {
        return make_error(Reason::CORRUPTION, "the stored state hashes to " + to_hex(root) + ", not block " +
                                                  std::to_string(head->height) + "'s state_root " +
                                                  to_hex(head->state_root) + ": the database is damaged");
    }
    return head;
}

}  // namespace folio::audit
