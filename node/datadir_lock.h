// One foliod per data directory: an exclusive flock on DATADIR/foliod.lock, held until the node exits, the
// file holding the owner's pid. A second foliod is refused with "another foliod (pid N) is using DIR" before
// it touches anything (LevelDB's own lock would only say "lock ... already held by process"). A file left by
// a crash is not held by anyone, so it never blocks a restart: the kernel drops a flock with its process.
#pragma once

#include <string>

#include "chain/result.h"

namespace folio::node {

inline constexpr const char* kLockFileName = "foliod.lock";

class DatadirLock {
  public:
    // UNAVAILABLE "another foliod (pid N) is using DIR" if held; IO_ERROR if the file cannot be opened.
    static Result<DatadirLock> acquire(const std::string& datadir);
    DatadirLock(DatadirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    DatadirLock& operator=(DatadirLock&&) = delete;
    DatadirLock(const DatadirLock&) = delete;
    ~DatadirLock();

  private:
    explicit DatadirLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace folio::node
