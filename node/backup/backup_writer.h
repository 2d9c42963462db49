// Writing a backup file (node/backup/backup_format.h): from a store's snapshot while the node keeps
// committing, or record by record for tests and tools.
//
// Never a half-written backup under the final name: the file is written as ".NAME.tmp-XXXXXX" beside it
// (mode 0600), fsynced, and only then moved to its name (refused if that exists) and its directory fsynced.
// A failure or a destructor before finish() removes the temporary.
//
// Thread safety: a BackupFileWriter is used by one thread. write_store_backup may run on any thread while
// others commit to the store.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "chain/result.h"
#include "chain/store.h"
#include "node/backup/backup_format.h"

namespace folio::backup {

class BackupFileWriter {
  public:
    // Creates the temporary beside `path` and writes the header. INVALID_ARGUMENT if `path` exists; IO_ERROR
    // naming the path.
    static Result<std::unique_ptr<BackupFileWriter>> create(const std::string& path,
                                                            const BackupHeader& header);
    ~BackupFileWriter();
    BackupFileWriter(const BackupFileWriter&) = delete;
    BackupFileWriter& operator=(const BackupFileWriter&) = delete;

    // Appends a record; keys must increase strictly (INVALID_ARGUMENT naming the key otherwise) and stay in
    // the format's bounds.
    Status add(ByteView key, ByteView value);
    // Writes the last chunk and the trailer, fsyncs, moves the file to its name and fsyncs the directory.
    Result<BackupSummary> finish();

  private:
    BackupFileWriter(std::string path, std::string temp_path, int fd, const BackupHeader& header);
    Status write_out(ByteView data);
    Status flush_chunk();

    std::string path_;
    std::string temp_path_;
    int fd_ = -1;
    BackupSummary summary_;
    Hash256 previous_{};
    Bytes chunk_;  // the open chunk's records
    uint32_t chunk_records_ = 0;
    Bytes last_key_;
    bool finished_ = false;
};

// Writes every record of `store`, as one snapshot of it saw them, to `path`. `cancel` (optional), once set,
// stops the backup with CANCELLED and leaves no file. The summary's header names the snapshot's last block.
Result<BackupSummary> write_store_backup(const Store& store, const std::string& path,
                                         const std::atomic<bool>* cancel = nullptr);

}  // namespace folio::backup
