#include "node/backup_service.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "node/backup/backup_writer.h"
#include "node/log.h"

namespace folio::node {

BackupService::~BackupService() {
    cancel_ = true;
    std::thread worker;
    {
        // Not held across the join: the worker takes the lock once more before it ends.
        std::lock_guard lock(mu_);
        worker = std::move(worker_);
    }
    if (worker.joinable()) worker.join();
}

bool BackupService::valid_name(const std::string& name) {
    if (name.empty() || name.size() > 100 || name[0] == '.' || name[0] == '-') return false;
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

Status BackupService::start(const std::string& name, std::function<void(Result<BackupDone>)> done) {
    if (!valid_name(name)) {
        return make_error(Reason::INVALID_ARGUMENT,
                          "name must be 1 to 100 of A-Z a-z 0-9 . _ - and not start with '.' or '-'");
    }
    std::lock_guard lock(mu_);
    if (running_)
        return make_error(Reason::UNAVAILABLE,
                          "a backup is already being written: try again when it is done");
    if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
        return make_error(Reason::IO_ERROR,
                          "cannot create " + dir_ + ": " + std::generic_category().message(errno));
    }
    const std::string path = dir_ + "/" + name;
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ec))) {
        return make_error(Reason::INVALID_ARGUMENT, path + " already exists");
    }
    // The previous backup's thread has ended (running_ is false): collect it before starting the next.
    if (worker_.joinable()) worker_.join();
    running_ = true;
    worker_ = std::thread([this, path, done = std::move(done)] {
        log_info("backup", "writing " + path + " from a snapshot of the database");
        auto summary = backup::write_store_backup(store_, path, &cancel_);
        if (summary) {
            log_info("backup", "wrote " + path + ": block " + std::to_string(summary->header.height) + ", " +
                                   std::to_string(summary->records) + " records, " +
                                   std::to_string(summary->bytes) + " bytes");
        } else {
            log_warn("backup", path + ": " + summary.error().message);
        }
        {
            std::lock_guard inner(mu_);
            running_ = false;
        }
        if (summary) {
            done(BackupDone{path, std::move(summary).value()});
        } else {
            done(summary.error());
        }
    });
    return Status();
}

nlohmann::json backup_summary_json(const backup::BackupSummary& s) {
    return {{"chain_id", to_hex(s.header.chain_id)},
            {"height", s.header.height},
            {"block_hash", to_hex(s.header.block_hash)},
            {"state_root", to_hex(s.header.state_root)},
            {"chunks", s.chunks},
            {"records", s.records},
            {"bytes", s.bytes},
            {"digest", to_hex(s.digest)}};
}

}  // namespace folio::node
