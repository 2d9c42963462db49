// The process's open-file limit (RLIMIT_NOFILE). Every RPC connection holds a descriptor and LevelDB keeps up
// to 1000 table files open, so the 1024 soft limit that most systems start a process with is too low for a
// node: foliod raises its soft limit to the hard limit at start-up (raising it up to the hard limit needs no
// privilege).
#pragma once

#include <cstdint>

#include "chain/result.h"

namespace folio::node {

struct OpenFileLimit {
    uint64_t before = 0;  // the soft limit found
    uint64_t after = 0;   // the soft limit now (the hard limit, unless that is "unlimited": then unchanged)
};

// Raises the soft RLIMIT_NOFILE to the hard limit. IO_ERROR if the limit cannot be read or set (the limit is
// then unchanged).
Result<OpenFileLimit> raise_open_file_limit();

}  // namespace folio::node
