// The node's side of `node_backup`: one backup at a time, written on its own thread from a snapshot of the
// store (node/backup/backup_writer.h) into DATADIR/backups/NAME while blocks keep committing.
//
// The RPC names only a file name, never a path: an admin token lets its holder make backups, not write files
// anywhere the node may. `foliod backup` moves the file to where the operator wants it.
//
// Thread safety: start() may be called from any thread; `done` runs on the backup's thread. The destructor
// cancels a backup in progress (its temporary is removed) and waits for its thread: destroy the service
// before the store.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json_fwd.hpp>

#include "chain/result.h"
#include "chain/store.h"
#include "node/backup/backup_format.h"

namespace folio::node {

// What `foliod backup` prints and node_backup answers about a written backup: chain id, height, block hash,
// state root, chunks, records, bytes and the trailer's digest.
nlohmann::json backup_summary_json(const backup::BackupSummary& summary);

struct BackupDone {
    std::string path;
    backup::BackupSummary summary;
};

class BackupService {
  public:
    BackupService(const Store& store, std::string dir) : store_(store), dir_(std::move(dir)) {}
    ~BackupService();
    BackupService(const BackupService&) = delete;
    BackupService& operator=(const BackupService&) = delete;

    // A name is 1 to 100 of [A-Za-z0-9._-], not starting with '.' or '-'.
    static bool valid_name(const std::string& name);
    // Starts writing dir/name. INVALID_ARGUMENT for a bad name or one that exists; UNAVAILABLE while another
    // backup runs; IO_ERROR if the directory cannot be made. `done` gets the outcome once the file is whole
    // (or the error, with no file left).
    Status start(const std::string& name, std::function<void(Result<BackupDone>)> done);
    const std::string& dir() const { return dir_; }

  private:
    const Store& store_;
    const std::string dir_;
    std::mutex mu_;
    std::thread worker_;
    bool running_ = false;
    std::atomic<bool> cancel_{false};
};

}  // namespace folio::node
