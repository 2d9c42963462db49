// The Bloom filter the store gives LevelDB: it covers only the records looked up by exact key that may be
// absent (tx index, block-hash index, meta), not the balance versions and history entries that make up most
// keys and are only ever reached by seeking.
//
// Why: LevelDB keeps each open table's filter in memory for as long as the table is open, so a filter over
// every key makes the node's memory grow with the size of the database (~10 bits per key, 6 keys per
// transfer). Covering one key in six keeps `find_tx` on a tx never committed (each submit) answered from
// memory without disk reads, at a sixth of the memory.
//
// Tables written under another filter (another name) are still read correctly: LevelDB only skips their
// filter. Thread safety: stateless apart from the wrapped policy, which LevelDB may call from any thread.
#pragma once

#include <leveldb/filter_policy.h>

#include <memory>

namespace folio {

std::unique_ptr<const leveldb::FilterPolicy> new_point_lookup_filter();

}  // namespace folio
