// The audit log, DATADIR/audit.log: one JSON line per accepted submission (a tx admitted to the mempool by
// tx_submit or tx_sign_submit), saying who submitted what, which a registrar will ask:
//
//   {"time":"2026-12-01T18:46:36.123Z","time_ms":1764614796123,"token":"backend","method":"tx_submit",
//    "tx_hash":"<64 hex>","signer":"folio1...","client_ref":"order-42"}
//
// `token` is the name of the caller's token (null for a token without a name); `client_ref` is null when the
// tx has none. A resubmission of a known tx changes nothing and adds no line.
//
// Durability: entries are buffered in memory, then formatted, written (append, O_APPEND) and fsynced by
// sync(), which the block producer calls before it commits each block. A tx is recorded when it is admitted,
// before any block can include it, so every committed tx has its line on disk before its block is: after a
// crash the log may hold lines of txs that never got into a block (the chain decides what happened), never
// the reverse. record() runs under the mempool's lock, so it only moves the entry into the buffer; formatting
// happens in sync(). The buffer is bounded: at max_buffered entries they are written out at once (no fsync).
//
// A write or fsync that fails marks the log broken: sync() then fails on every call, so the producer stops
// committing rather than commit txs whose lines may be lost; lines recorded meanwhile are dropped.
//
// Thread safety: every member may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "chain/result.h"
#include "chain/types.h"

namespace folio::node {

struct AuditEntry {
    uint64_t time_ms = 0;    // when it was accepted, milliseconds since the Unix epoch, UTC
    std::string token_name;  // empty: a token without a name (or none)
    std::string method;      // "tx_submit", "tx_sign_submit"
    TxHash tx_hash{};
    AccountId signer{};
    std::optional<std::string> client_ref;
};

// The JSON line for an entry, with its trailing newline.
std::string audit_line(const AuditEntry& entry);

class AuditLog {
  public:
    // Well above a block (block_max_txs 5000): a sync() per block empties the buffer long before.
    static constexpr size_t kDefaultMaxBuffered = 16384;
    // Opens (creates, mode 0600) the file for appending.
    static Result<std::unique_ptr<AuditLog>> open(const std::string& path,
                                                  size_t max_buffered = kDefaultMaxBuffered);
    ~AuditLog();
    AuditLog(const AuditLog&) = delete;
    AuditLog& operator=(const AuditLog&) = delete;

    void record(AuditEntry entry);
    // Writes the buffered lines and fsyncs the file (nothing to do: returns at once). IO_ERROR once broken.
    Status sync();

    const std::string& path() const { return path_; }

  private:
    AuditLog(std::string path, int fd, size_t max_buffered);
    // Appends `data` whole; the failure's text, if any.
    std::optional<std::string> append(const std::string& data) const;
    static std::string lines_of(const std::vector<AuditEntry>& entries);

    const std::string path_;
    const int fd_;
    const size_t max_buffered_;
    std::mutex io_mu_;  // one sync() at a time; taken before mu_
    std::mutex mu_;     // the buffer and the state; never held across an fsync
    std::vector<AuditEntry> buffer_;
    bool unsynced_ = false;  // written out by record() since the last fsync
    std::optional<std::string> broken_;
};

}  // namespace folio::node
