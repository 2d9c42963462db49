// Whole-file reads and writes for the node's small files (config, genesis, tokens, rpc.addr): bounded reads,
// and writes that are never seen half-done.
#pragma once

#include <string>

#include "chain/result.h"

namespace folio::node {

// Writes a whole file atomically: temp file in the same directory, fsync, rename, fsync of the directory.
Status write_file_atomic(const std::string& path, const std::string& content, unsigned mode);
// Reads a whole file of at most max_bytes: NOT_FOUND, TOO_LARGE or IO_ERROR otherwise.
Result<std::string> read_text_file(const std::string& path, size_t max_bytes);

}  // namespace folio::node
