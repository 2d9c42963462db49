#include "chain/registry.h"

#include <limits>

#include "chain/tx.h"

namespace folio {

uint64_t op_weight(const Op& op, const InstrumentRegistry& registry) {
    if (is_core_tag(op.tag) || !registry.owns(op.tag)) return 1;
    return std::max<uint64_t>(1, registry.weight(op));
}

uint64_t tx_weight(const Tx& tx, const InstrumentRegistry& registry) {
    uint64_t total = 0;
    for (const Op& op : tx.ops) {
        const uint64_t w = op_weight(op, registry);
        total = w > std::numeric_limits<uint64_t>::max() - total ? std::numeric_limits<uint64_t>::max() : total + w;
    }
    return total;
}

}  // namespace folio
