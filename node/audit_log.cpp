#include "node/audit_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "chain/crypto/bech32m.h"
#include "keys/file_io.h"

namespace folio::node {
namespace {

std::string utc_text(uint64_t ms) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char text[96];
    std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

}  // namespace

std::string audit_line(const AuditEntry& e) {
    nlohmann::ordered_json j;
    j["time"] = utc_text(e.time_ms);
    j["time_ms"] = e.time_ms;
    j["token"] =
        e.token_name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.token_name);
    j["method"] = e.method;
    j["tx_hash"] = to_hex(e.tx_hash);
    j["signer"] = crypto::encode_address(e.signer);
    j["client_ref"] = e.client_ref ? nlohmann::ordered_json(*e.client_ref) : nlohmann::ordered_json(nullptr);
    // client_ref is bytes from the tx: never let a non-UTF-8 one make the line unwritable.
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path, size_t max_buffered) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return make_error(Reason::IO_ERROR,
                          "cannot open the audit log " + path + ": " + std::strerror(errno));
    // A file created now must keep its name after a crash too.
    const std::string dir = std::filesystem::path(path).parent_path().string();
    if (Status s = keys::sync_directory(dir.empty() ? "." : dir); !s) {
        ::close(fd);
        return s.error();
    }
    return std::unique_ptr<AuditLog>(new AuditLog(path, fd, max_buffered));
}

AuditLog::AuditLog(std::string path, int fd, size_t max_buffered)
    : path_(std::move(path)), fd_(fd), max_buffered_(max_buffered == 0 ? 1 : max_buffered) {}

AuditLog::~AuditLog() {
    (void)sync();
    ::close(fd_);
}

std::optional<std::string> AuditLog::append(const std::string& data) const {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return "cannot write the audit log " + path_ + ": " + std::strerror(n < 0 ? errno : ENOSPC);
        done += static_cast<size_t>(n);
    }
    return std::nullopt;
}

std::string AuditLog::lines_of(const std::vector<AuditEntry>& entries) {
    std::string text;
    for (const auto& e : entries) text += audit_line(e);
    return text;
}

void AuditLog::record(AuditEntry entry) {
    std::lock_guard lock(mu_);
    if (broken_) return;
    buffer_.push_back(std::move(entry));
    if (buffer_.size() >= max_buffered_) {
        // Only when far more txs are admitted between two blocks than a block holds. Written under mu_, so
        // that a sync() that takes the buffer later never fsyncs before these lines are in the file.
        broken_ = append(lines_of(buffer_));
        unsynced_ = true;
        buffer_.clear();
    }
}

Status AuditLog::sync() {
    std::lock_guard io(io_mu_);
    std::vector<AuditEntry> entries;
    {
        std::lock_guard lock(mu_);
        if (broken_) return make_error(Reason::IO_ERROR, *broken_);
        if (buffer_.empty() && !unsynced_) return Status();
        entries.swap(buffer_);
        unsynced_ = false;
    }
    // Formatted here, on the producer's thread, not under the mempool's lock where record() runs.
    std::optional<std::string> failure = append(lines_of(entries));
    if (!failure && ::fdatasync(fd_) != 0)
        failure = "cannot fsync the audit log " + path_ + ": " + std::strerror(errno);
    if (!failure) return Status();
    std::lock_guard lock(mu_);
    broken_ = failure;
    return make_error(Reason::IO_ERROR, *failure);
}

}  // namespace folio::node
