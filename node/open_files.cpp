#include "node/open_files.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace folio::node {

Result<OpenFileLimit> raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return make_error(Reason::IO_ERROR, std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
    }
    OpenFileLimit result{limit.rlim_cur, limit.rlim_cur};
    // An unlimited hard limit is not a number of descriptors a process can be given (the kernel caps it at
    // fs.nr_open, and setrlimit refuses more): leave such a soft limit as it is.
    if (limit.rlim_max == RLIM_INFINITY || limit.rlim_cur >= limit.rlim_max) return result;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return make_error(Reason::IO_ERROR, "setrlimit(RLIMIT_NOFILE, " + std::to_string(limit.rlim_max) +
                                                "): " + std::strerror(errno));
    }
    result.after = limit.rlim_cur;
    return result;
}

}  // namespace folio::node
