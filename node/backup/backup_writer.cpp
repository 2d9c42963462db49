#include "node/backup/backup_writer.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "chain/encoding.h"
#include "keys/file_io.h"

namespace folio::backup {
namespace {

namespace fs = std::filesystem;

Error io_error(const std::string& what, int err) {
    return make_error(Reason::IO_ERROR, what + ": " + std::generic_category().message(err));
}

}  // namespace

BackupFileWriter::BackupFileWriter(std::string path, std::string temp_path, int fd,
                                   const BackupHeader& header)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {
    summary_.header = header;
}

BackupFileWriter::~BackupFileWriter() {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) ::unlink(temp_path_.c_str());
}

Result<std::unique_ptr<BackupFileWriter>> BackupFileWriter::create(const std::string& path,
                                                                   const BackupHeader& header) {
    const fs::path target(path);
    const std::string name = target.filename().string();
    if (name.empty() || name == "." || name == "..") {
        return make_error(Reason::INVALID_ARGUMENT,
                          "cannot write a backup to " + path + ": it names no file");
    }
    std::error_code ec;
    if (fs::exists(fs::symlink_status(target, ec))) {
        return make_error(Reason::INVALID_ARGUMENT, path + " already exists: a backup never replaces a file");
    }
    std::string temp_name = ".";  // appended: g++ 12 warns falsely (-Wrestrict) on `"." + name + ...` at -O3
    temp_name += name;
    temp_name += ".tmp-XXXXXX";
    std::string temp = (target.parent_path() / temp_name).string();
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return io_error("cannot create a temporary file beside " + path, errno);
    std::unique_ptr<BackupFileWriter> writer(new BackupFileWriter(path, temp, fd, header));
    if (::fchmod(fd, 0600) != 0) return io_error("cannot chmod " + temp, errno);
    const Bytes encoded = header.encode();
    if (Status s = writer->write_out(encoded); !s) return s.error();
    // The header's own digest starts the chain.
    std::copy(encoded.end() - static_cast<std::ptrdiff_t>(kDigestBytes), encoded.end(),
              writer->previous_.begin());
    return writer;
}

Status BackupFileWriter::write_out(ByteView data) {
    for (size_t done = 0; done < data.size();) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return io_error("cannot write " + temp_path_ + " (backup " + path_ + ")", n < 0 ? errno : EIO);
        done += static_cast<size_t>(n);
    }
    summary_.bytes += data.size();
    return Status();
}

Status BackupFileWriter::add(ByteView key, ByteView value) {
    if (finished_) return make_error(Reason::INTERNAL, "backup " + path_ + " is already finished");
    if (key.empty() || key.size() > kMaxKeyBytes) {
        return make_error(Reason::INVALID_ARGUMENT, "record key " + to_hex(key) + " is not 1 to " +
                                                        std::to_string(kMaxKeyBytes) + " bytes");
    }
    if (value.size() > kMaxValueBytes) {
        return make_error(Reason::INVALID_ARGUMENT, "record " + to_hex(key) + " has a value over " +
                                                        std::to_string(kMaxValueBytes) + " bytes");
    }
    if (!last_key_.empty() &&
        !std::lexicographical_compare(last_key_.begin(), last_key_.end(), key.begin(), key.end())) {
        return make_error(Reason::INVALID_ARGUMENT, "record key " + to_hex(key) + " does not follow " +
                                                        to_hex(last_key_) + " in key order");
    }
    last_key_.assign(key.begin(), key.end());
    Writer w(key.size() + value.size() + 20);
    w.bytes(key);
    w.bytes(value);
    chunk_.insert(chunk_.end(), w.data().begin(), w.data().end());
    ++chunk_records_;
    ++summary_.records;
    if (chunk_.size() >= kChunkTargetBytes) return flush_chunk();
    return Status();
}

Status BackupFileWriter::flush_chunk() {
    if (chunk_records_ == 0) return Status();
    Writer prefix(kChunkPrefixBytes);
    prefix.u8(kChunkTag);
    prefix.u32(chunk_records_);
    prefix.u32(static_cast<uint32_t>(chunk_.size()));
    Bytes whole = prefix.take();
    whole.insert(whole.end(), chunk_.begin(), chunk_.end());
    previous_ = chained_digest(previous_, whole);
    whole.insert(whole.end(), previous_.begin(), previous_.end());
    if (Status s = write_out(whole); !s) return s;
    ++summary_.chunks;
    chunk_.clear();
    chunk_records_ = 0;
    return Status();
}

Result<BackupSummary> BackupFileWriter::finish() {
    if (finished_) return make_error(Reason::INTERNAL, "backup " + path_ + " is already finished");
    if (Status s = flush_chunk(); !s) return s.error();
    Writer t(kTrailerBytes);
    t.u8(kTrailerTag);
    t.u64(summary_.chunks);
    t.u64(summary_.records);
    previous_ = chained_digest(previous_, t.data());
    t.fixed_bytes(previous_);
    if (Status s = write_out(t.data()); !s) return s.error();
    summary_.digest = previous_;
    if (::fsync(fd_) != 0) return io_error("cannot fsync " + temp_path_, errno);
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return io_error("cannot close " + temp_path_, errno);
    if (::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE) != 0) {
        if (errno == EEXIST) {
            return make_error(Reason::INVALID_ARGUMENT,
                              path_ + " already exists: a backup never replaces a file");
        }
        if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
            return io_error("cannot move the backup to " + path_, errno);
        // A file system without RENAME_NOREPLACE: link refuses an existing name just as atomically.
        if (::link(temp_path_.c_str(), path_.c_str()) != 0)
            return io_error("cannot move the backup to " + path_, errno);
        ::unlink(temp_path_.c_str());
    }
    finished_ = true;
    const fs::path parent = fs::path(path_).parent_path();
    if (Status s = keys::sync_directory(parent.empty() ? "." : parent.string()); !s) return s.error();
    return summary_;
}

Result<BackupSummary> write_store_backup(const Store& store, const std::string& path,
                                         const std::atomic<bool>* cancel) {
    const auto snapshot = store.record_snapshot();
    auto head = snapshot->head();
    if (!head) return head.error();
    BackupHeader header;
    header.chain_id = head->chain_id;
    header.height = head->height;
    header.block_hash = head->hash();
    header.state_root = head->state_root;
    auto writer = BackupFileWriter::create(path, header);
    if (!writer) return writer.error();
    Status copied = snapshot->for_each([&](ByteView key, ByteView value) -> Status {
        if (cancel != nullptr && cancel->load()) {
            return make_error(Reason::UNAVAILABLE, "backup " + path + " cancelled: the node is stopping");
        }
        return (*writer)->add(key, value);
    });
    if (!copied) return copied.error();
    return (*writer)->finish();
}

}  // namespace folio::backup
