// Reading a backup file (node/backup/backup_format.h) without trusting it: for `foliod restore` and
// `folio-audit verify --backup`.
//
//   auto reader = BackupReader::open(path);           // the header checked: magic, version, its digest
//   reader->header();                                  // chain id, height, block hash, state root
//   reader->for_each_record([](ByteView key, ByteView value) { ...; return Status(); });
//
// Every failure names the file and the offset where the bad part starts:
//   NOT_FOUND    no such file;  IO_ERROR  it cannot be read;
//   CORRUPTION   anything that is not a whole, intact backup: wrong magic or version, a header, chunk or
//                trailer whose digest does not match (damage, or a chunk dropped, repeated or moved), a
//                record out of key order or out of bounds, a truncated file, bytes after the trailer.
// for_each_record hands out records only after the whole file has been checked, so a caller never acts on
// part of a damaged backup; it checks each chunk again as it reads it (a file changed in between fails the
// same way).
//
// Thread safety: a reader is used by one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chain/result.h"
#include "node/backup/backup_format.h"

namespace folio::backup {

class BackupReader {
  public:
    using RecordFn = std::function<Status(ByteView key, ByteView value)>;
    // One chunk's records, in key order; the views live until the function returns.
    using ChunkFn = std::function<Status(const std::vector<std::pair<ByteView, ByteView>>& records)>;

    static Result<std::unique_ptr<BackupReader>> open(const std::string& path);
    ~BackupReader();
    BackupReader(const BackupReader&) = delete;
    BackupReader& operator=(const BackupReader&) = delete;

    const BackupHeader& header() const { return header_; }
    const std::string& path() const { return path_; }

    // Checks every chunk, the key order, the trailer and the end of the file.
    Result<BackupSummary> verify() const;
    // verify(), then every record in key order; fn's first error stops it and is returned.
    Result<BackupSummary> for_each_record(const RecordFn& fn) const;
    // As for_each_record, a chunk at a time (restores write a chunk per batch).
    Result<BackupSummary> for_each_chunk(const ChunkFn& fn) const;

  private:
    BackupReader(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
    Status read_at(uint64_t offset, size_t n, Bytes& out) const;
    Error damaged(uint64_t offset, const std::string& why) const;
    Status check_header();
    // One pass over the chunks and the trailer; fn (may be empty) gets each chunk once it is checked.
    Result<BackupSummary> scan(const ChunkFn* fn) const;

    std::string path_;
    int fd_ = -1;
    uint64_t size_ = 0;
    BackupHeader header_;
    Hash256 header_digest_{};
};

}  // namespace folio::backup
