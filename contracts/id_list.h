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

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "chain/registry.h"

namespace folio::contracts {

// The number of entries of a list (0 for one never appended to).
uint64_t id_list_size(const StateView& state, const Bytes& stem);
Status id_list_append(OpContext& ctx, const Bytes& stem, const InstrumentId& id);
// Entries start .. start + limit - 1 (fewer at the end).
std::vector<InstrumentId> id_list_page(const StateView& state, const Bytes& stem, uint64_t start, uint64_t limit);

// One page of a list as a list query answers it, with the query's `start` (default 0) and `limit` (1 ..
// max_limit, default max_limit) params: {KEY: [row of each entry], total, next (the next page's start, or
// null), height}. `row` gives an entry's JSON, or nullopt to leave it out of the page (a filter).
using IdListRow = std::function<std::optional<nlohmann::json>(const InstrumentId& id)>;
Result<nlohmann::json> id_list_query_page(const QueryContext& ctx, const Bytes& stem, const nlohmann::json& params,
                                          uint64_t max_limit, std::string_view key, const IdListRow& row);

// Big-endian pieces of state keys, so that keys sort as their numbers.
void append_be32(Bytes& key, uint32_t v);
void append_be64(Bytes& key, uint64_t v);

}  // namespace folio::contracts
