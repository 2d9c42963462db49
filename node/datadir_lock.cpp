#include "node/datadir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace folio::node {

Result<DatadirLock> DatadirLock::acquire(const std::string& datadir) {
    const std::string path = (std::filesystem::path(datadir) / kLockFileName).string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return make_error(Reason::IO_ERROR, "cannot open " + path + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int e = errno;
        std::string owner;
        if (e == EWOULDBLOCK) {
            char buf[32] = {};
            const ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
            for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i) owner += buf[i];
        }
        ::close(fd);
        if (e != EWOULDBLOCK)
            return make_error(Reason::IO_ERROR, "cannot lock " + path + ": " + std::strerror(e));
        return make_error(Reason::UNAVAILABLE, "another foliod (pid " +
                                                   (owner.empty() ? std::string("unknown") : owner) +
                                                   ") is using " + datadir);
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        const int e = errno;
        ::close(fd);
        return make_error(Reason::IO_ERROR, "cannot write " + path + ": " + std::strerror(e));
    }
    return DatadirLock(fd);
}

DatadirLock::~DatadirLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace folio::node
