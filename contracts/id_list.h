// Append-only lists of instrument ids in an instrument's state, for queries that page through records by
// something other than their id (the votes of an asset, the pledges of an account). Queries read state by key
// alone, so a list keeps its own count:
//
//   stem || 0x00             -> u64 count
//   stem || 0x01 || u64 BE k -> fixed[16] id of the k-th entry (0-based, in the order appended)
//
// `stem` starts with the instrument's state prefix and identifies the list (a tag byte and the asset or
// account it is about).
#pragma once

#include <vector>

#include "chain/registry.h"

namespace folio::contracts {

// The number of entries of a list (0 for one never appended to).
uint64_t id_list_size(const StateView& state, const Bytes& stem);
Status id_list_append(OpContext& ctx, const Bytes& stem, const InstrumentId& id);
// Entries start .. start + limit - 1 (fewer at the end).
std::vector<InstrumentId> id_list_page(const StateView& state, const Bytes& stem, uint64_t start, uint64_t limit);

// Big-endian pieces of state keys, so that keys sort as their numbers.
void append_be32(Bytes& key, uint32_t v);
void append_be64(Bytes& key, uint64_t v);

}  // namespace folio::contracts
