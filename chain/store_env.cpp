#include "chain/store_env.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace folio {
namespace {

leveldb::Status io_error(const std::string& path, int error) {
    return leveldb::Status::IOError(path, std::strerror(error));
}

class OpenForEachReadFile final : public leveldb::RandomAccessFile {
  public:
    explicit OpenForEachReadFile(std::string path) : path_(std::move(path)) {}

    leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result, char* scratch) const override {
        const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return io_error(path_, errno);
        size_t done = 0;
        leveldb::Status status;
        while (done < n) {
            const ssize_t got = ::pread(fd, scratch + done, n - done, static_cast<off_t>(offset + done));
            if (got < 0) {
                if (errno == EINTR) continue;
                status = io_error(path_, errno);
                break;
            }
            if (got == 0) break;  // end of file: LevelDB checks the length it gets
            done += static_cast<size_t>(got);
        }
        ::close(fd);
        *result = leveldb::Slice(scratch, status.ok() ? done : 0);
        return status;
    }

  private:
    const std::string path_;
};

class TablePreadEnv final : public leveldb::EnvWrapper {
  public:
    TablePreadEnv() : leveldb::EnvWrapper(leveldb::Env::Default()) {}

    leveldb::Status NewRandomAccessFile(const std::string& path,
                                        leveldb::RandomAccessFile** result) override {
        // A missing or unreadable file is reported here, as the default Env does, not at the first read.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            *result = nullptr;
            return errno == ENOENT ? leveldb::Status::NotFound(path, std::strerror(errno))
                                   : io_error(path, errno);
        }
        ::close(fd);
        *result = new OpenForEachReadFile(path);
        return leveldb::Status::OK();
    }
};

}  // namespace

leveldb::Env* table_pread_env() {
    // Never destroyed: LevelDB's background thread may outlive static destructors.
    static TablePreadEnv* env = new TablePreadEnv();
    return env;
}

}  // namespace folio
