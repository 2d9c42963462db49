#include "keys/file_io.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <system_error>

namespace folio::keys {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) {
    return std::generic_category().message(err);  // unlike strerror, thread safe
}

Error io_error(const std::string& what, int err) {
    return make_error(Reason::IO_ERROR, what + ": " + errno_text(err));
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    // Closes now and says how it went: on a file being written, close can be the first to report a failure.
    int close() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

  private:
    int fd_;
};

// The temporary file of one write: removed when the write gives up, its removal's failure appended to the
// error so that nothing goes unreported.
class Temporary {
  public:
    explicit Temporary(std::string path) : path_(std::move(path)) {}
    ~Temporary() {
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    Temporary(const Temporary&) = delete;
    Temporary& operator=(const Temporary&) = delete;
    const std::string& path() const { return path_; }
    Error abandon(Error error) {
        if (::unlink(path_.c_str()) != 0 && errno != ENOENT)
            error.message += "; the temporary " + path_ + " could not be removed: " + errno_text(errno);
        path_.clear();
        return error;
    }
    void keep() { path_.clear(); }  // it has become the target

  private:
    std::string path_;
};

bool write_all(int fd, std::string_view content, int& err) {
    for (size_t done = 0; done < content.size();) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;  // write returns 0 for a non-empty buffer only on a broken device
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

// Moves tmp to path without ever replacing an existing path: RENAME_NOREPLACE, or on file systems without it
// link (which refuses an existing name just as atomically) then unlink. 0 or an errno.
int move_no_replace(Temporary& tmp, const std::string& path, std::string& warning) {
    if (::renameat2(AT_FDCWD, tmp.path().c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) {
        tmp.keep();
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return errno;
    if (::link(tmp.path().c_str(), path.c_str()) != 0) return errno;
    if (::unlink(tmp.path().c_str()) != 0)
        warning = "its temporary " + tmp.path() + " could not be removed: " + errno_text(errno);
    tmp.keep();
    return 0;
}

}  // namespace

Status sync_directory(const std::string& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return io_error("cannot open directory " + dir + " to sync it", errno);
    if (::fsync(fd.get()) != 0) return io_error("cannot sync directory " + dir, errno);
    return Status::success();
}

Status write_file_atomic(const std::string& path, std::string_view content, unsigned mode,
                         IfExists if_exists) {
    assert((mode & ~07777u) == 0 && "mode takes permission bits only");
    const fs::path target(path);
    const std::string name = target.filename().string();
    if (name.empty() || name == "." || name == "..")
        return make_error(Reason::INVALID_ARGUMENT, "cannot write " + path + ": it names no file");
    const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";

    std::string tmp_path = (target.parent_path() / ("." + name + ".tmp-XXXXXX")).string();
    Fd fd(::mkostemp(tmp_path.data(), O_CLOEXEC));
    if (fd.get() < 0)
        return io_error("cannot create a temporary file in " + dir + " to write " + path, errno);
    Temporary tmp(tmp_path);
    const std::string writing = "cannot write " + path + " (temporary " + tmp.path() + ")";
    int err = 0;
    if (::fchmod(fd.get(), mode) != 0) return tmp.abandon(io_error(writing + ", chmod", errno));
    if (!write_all(fd.get(), content, err)) return tmp.abandon(io_error(writing, err));
    if (::fsync(fd.get()) != 0) return tmp.abandon(io_error(writing + ", fsync", errno));
    if (fd.close() != 0) return tmp.abandon(io_error(writing + ", close", errno));

    std::string warning;  // a problem after the content is in place
    if (if_exists == IfExists::replace) {
        if (::rename(tmp.path().c_str(), path.c_str()) != 0)
            return tmp.abandon(io_error("cannot move " + tmp.path() + " to " + path, errno));
        tmp.keep();
    } else if (const int moved = move_no_replace(tmp, path, warning); moved != 0) {
        if (moved == EEXIST)
            return tmp.abandon(make_error(Reason::INVALID_ARGUMENT, path + " already exists"));
        return tmp.abandon(io_error("cannot move " + tmp.path() + " to " + path, moved));
    }
    if (Status s = sync_directory(dir); !s) warning += (warning.empty() ? "" : "; ") + s.error().message;
    if (!warning.empty())
        return make_error(Reason::IO_ERROR, path + " was written but may not survive a crash: " + warning);
    return Status::success();
}

Result<std::string> read_file_bounded(const std::string& path, size_t max_bytes, Source source) {
    // O_NONBLOCK so that opening a FIFO without a writer does not wait for one; O_NOCTTY so that reading a
    // terminal never makes it ours.
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0) {
        if (errno == ENOENT) return make_error(Reason::NOT_FOUND, path + " does not exist");
        return io_error("cannot open " + path, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return io_error("cannot stat " + path, errno);
    const bool regular = S_ISREG(st.st_mode);
    const bool stream = S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode);
    if (!regular && !(stream && source == Source::any_stream)) {
        const char* why = S_ISDIR(st.st_mode) ? " is a directory" : " is not a regular file";
        return make_error(Reason::INVALID_ARGUMENT, path + why);
    }
    auto too_large = [&] {
        return make_error(Reason::TOO_LARGE,
                          path + " is larger than " + std::to_string(max_bytes) + " bytes");
    };
    if (regular && static_cast<uint64_t>(st.st_size) > max_bytes) return too_large();
    if (!regular) {
        // A stream's reads wait for data; only the open had to be non-blocking.
        const int flags = ::fcntl(fd.get(), F_GETFL);
        if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0)
            return io_error("cannot set " + path + " to blocking reads", errno);
    }

    // One byte past the bound is read, so that a file longer than its stat said is caught.
    const size_t limit = max_bytes == SIZE_MAX ? max_bytes : max_bytes + 1;
    constexpr size_t kChunk = 64 * 1024;
    std::string out;
    out.reserve(regular ? std::min<uint64_t>(limit, static_cast<uint64_t>(st.st_size) + 1)
                        : std::min(limit, kChunk));
    while (out.size() < limit) {
        const size_t old_size = out.size();
        const size_t want = std::min(limit - old_size, std::max(kChunk, out.capacity() - old_size));
        out.resize(old_size + want);
        const ssize_t n = ::read(fd.get(), out.data() + old_size, want);
        const int err = errno;
        out.resize(old_size + static_cast<size_t>(std::max<ssize_t>(n, 0)));
        if (n < 0 && err == EINTR) continue;
        if (n < 0) {
            ::explicit_bzero(out.data(), out.size());  // what was read may be a password
            return io_error("cannot read " + path, err);
        }
        if (n == 0) break;
    }
    if (out.size() > max_bytes) {
        ::explicit_bzero(out.data(), out.size());
        return too_large();
    }
    return out;
}

}  // namespace folio::keys
