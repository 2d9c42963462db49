// The LevelDB Env the store runs on: the default one, except that table files are read with pread on a file
// opened for that read, where LevelDB's default maps up to 1,000 of them into memory.
//
// Why: a mapped table's pages count in the node's resident memory for as long as the table is open, and the
// blocks read from it bypass the block cache, so the node's memory would follow the size of the database and
// the kernel's page cache instead of its own bounds (block cache, memtables, the open tables' indexes). With
// pread, the kernel keeps the pages in its page cache (not the node's memory) and the block cache bounds what
// the node keeps. Opening the file for each read keeps the node's file descriptors from growing with the
// number of tables; reads reach a table file only on a block-cache miss or in a compaction, so the open is
// not on a hot path.
//
// Thread safety: as leveldb::Env; the returned Env lives until the process exits.
#pragma once

#include <leveldb/env.h>

namespace folio {

leveldb::Env* table_pread_env();

}  // namespace folio
