// Bounds of the consensus parameters, shared by genesis (parse_genesis) and param_update, so that neither can
// set a value the block check or the engine cannot live with.
//
//   block_max_txs                  1 .. kMaxBlockTxs (the body grammar's bound, chain/block.h)
//   block_max_bytes                kMinBlockMaxBytes .. kMaxBlockMaxBytes (the sum of a block's signed txs)
//   block_max_weight               1 .. kMaxBlockMaxWeight (the sum of a block's op weights, chain/registry.h)
//   consensus_timeout_delta_ms     0 .. kMaxConsensusTimingMs
//   consensus_* (other timings)    1 .. kMaxConsensusTimingMs
// Other parameters are not bounded here.
#pragma once

#include <cstdint>
#include <string_view>

#include "chain/result.h"
#include "chain/state.h"
#include "chain/tx.h"

namespace folio {

// Small limits stay possible (tests, tiny chains); a tx larger than the chain's block_max_bytes can never be
// included, so keep the limit above kMaxTxBytes on a real chain.
inline constexpr uint64_t kMinBlockMaxBytes = 1024;
inline constexpr uint64_t kMaxBlockMaxBytes = uint64_t{64} << 20;

inline constexpr uint64_t kMaxBlockMaxWeight = 1'000'000;

// OK, or INVALID_ARGUMENT with a message saying the allowed range ("must be between 1 and 100000").
Status check_param_value(std::string_view name, uint64_t value);

// A consensus parameter of `state`, or its default (chain/genesis.h) for a chain whose genesis predates it: the
// genesis state holds only the parameters of the release that wrote it.
uint64_t param_or_default(const StateView& state, std::string_view name);

}  // namespace folio
