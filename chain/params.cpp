#include "chain/params.h"

#include <string>

#include "chain/block.h"
#include "chain/genesis.h"

namespace folio {
namespace {

Status within(uint64_t value, uint64_t min, uint64_t max, std::string_view unit) {
    if (value >= min && value <= max) return Status();
    std::string range = "must be between ";
    range.append(std::to_string(min)).append(" and ").append(std::to_string(max));
    if (!unit.empty()) range.append(" ").append(unit);
    return make_error(Reason::INVALID_ARGUMENT, std::move(range));
}

}  // namespace

Status check_param_value(std::string_view name, uint64_t value) {
    if (name == "block_max_txs") return within(value, 1, kMaxBlockTxs, "");
    if (name == "block_max_bytes") return within(value, kMinBlockMaxBytes, kMaxBlockMaxBytes, "bytes");
    if (name == "block_max_weight") return within(value, 1, kMaxBlockMaxWeight, "");
    // Consensus timings: a zero timeout would make every round end at once, and a huge one halts the chain
    // behind one silent proposer; ten minutes is far past any sane setting.
    if (name.rfind("consensus_", 0) == 0) {
        return within(value, name == "consensus_timeout_delta_ms" ? 0 : 1, kMaxConsensusTimingMs, "ms");
    }
    return Status();
}

uint64_t param_or_default(const StateView& state, std::string_view name) {
    uint64_t value = 0;
    if (read_param(state, name, value)) return value;
    return default_params().at(std::string(name));
}

}  // namespace folio
