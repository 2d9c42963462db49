#include "node/backup/restore.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "chain/ledger.h"
#include "keys/file_io.h"
#include "node/backup/backup_reader.h"

namespace folio::backup {
namespace {

namespace fs = std::filesystem;

// The temporary directory of one restore, removed unless it became the data directory.
class TemporaryDir {
  public:
    explicit TemporaryDir(std::string path) : path_(std::move(path)) {}
    ~TemporaryDir() {
        if (path_.empty()) return;
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TemporaryDir(const TemporaryDir&) = delete;
    TemporaryDir& operator=(const TemporaryDir&) = delete;
    const std::string& path() const { return path_; }
    void keep() { path_.clear(); }

  private:
    std::string path_;
};

Status check_target(const fs::path& datadir) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(datadir, ec);
    if (!fs::exists(st)) return Status();
    if (!fs::is_directory(st)) {
        return make_error(Reason::INVALID_ARGUMENT, datadir.string() + " exists and is not a directory");
    }
    if (!fs::is_empty(datadir, ec) || ec) {
        return make_error(Reason::INVALID_ARGUMENT,
                          datadir.string() +
                              " is not empty: a restore goes into a new or empty data "
                              "directory, never over a node's files");
    }
    return Status();
}

// Opens the restored database as the node does and checks that it stands at the backup's block.
Result<std::string> check_database(const std::string& db_path, const BackupHeader& header) {
    LedgerOptions lo;
    lo.store.path = db_path;
    lo.store.create_if_missing = false;
    lo.store.verify_checksums = true;
    auto ledger = Ledger::open(lo, "");
    if (!ledger)
        return make_error(Reason::CORRUPTION,
                          "the restored database does not open: " + ledger.error().message);
    const BlockHeader head = (*ledger)->head();
    if (head.height != header.height || head.hash() != header.block_hash ||
        head.state_root != header.state_root || (*ledger)->chain_id() != header.chain_id) {
        return make_error(Reason::CORRUPTION,
                          "the restored database stands at block " + std::to_string(head.height) + " " +
                              to_hex(head.hash()) + ", not at the backup's block " +
                              std::to_string(header.height) + " " + to_hex(header.block_hash));
    }
    return (*ledger)->store().genesis_json();
}

}  // namespace

Result<BackupSummary> load_backup_database(const BackupReader& reader, const std::string& db_path,
                                           bool durable) {
    StoreOptions so;
    so.path = db_path;
    so.create_if_missing = true;
    so.sync = durable;
    auto store = Store::open(so);
    if (!store) return store.error();
    std::vector<std::pair<Bytes, Bytes>> batch;
    auto written = reader.for_each_chunk([&](const std::vector<std::pair<ByteView, ByteView>>& records) {
        batch.clear();
        for (const auto& [k, v] : records)
            batch.emplace_back(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
        return (*store)->put_records(batch);
    });
    if (!written) return written.error();
    if (durable) {
        if (Status s = (*store)->sync_records(); !s) return s.error();
    }
    return written;
}

Result<BackupSummary> restore_backup(const std::string& backup_path, const std::string& datadir) {
    auto reader = BackupReader::open(backup_path);
    if (!reader) return reader.error();
    // The whole file first: a damaged backup is refused before anything is written.
    auto summary = (*reader)->verify();
    if (!summary) return summary.error();

    fs::path target = fs::absolute(fs::path(datadir)).lexically_normal();
    if (target.filename().empty()) target = target.parent_path();
    if (Status s = check_target(target); !s) return s.error();
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec)
        return make_error(Reason::IO_ERROR,
                          "cannot create " + target.parent_path().string() + ": " + ec.message());
    std::string temp_name = ".";  // appended: g++ 12 warns falsely (-Wrestrict) on `"." + name + ...` at -O3
    temp_name += target.filename().string();
    temp_name += ".restore-XXXXXX";
    std::string temp_template = (target.parent_path() / temp_name).string();
    if (::mkdtemp(temp_template.data()) == nullptr) {
        return make_error(Reason::IO_ERROR, "cannot create a temporary directory beside " + target.string() +
                                                ": " + std::generic_category().message(errno));
    }
    TemporaryDir temp(temp_template);
    // A data directory holds keys: only its owner may enter (as foliod keygen and --dev make it).
    if (::chmod(temp.path().c_str(), 0700) != 0) {
        return make_error(Reason::IO_ERROR,
                          "cannot chmod " + temp.path() + ": " + std::generic_category().message(errno));
    }
    const std::string db_path = (fs::path(temp.path()) / "chain").string();
    if (auto loaded = load_backup_database(**reader, db_path, /*durable=*/true); !loaded)
        return loaded.error();
    auto genesis = check_database(db_path, (*reader)->header());
    if (!genesis) return genesis.error();
    if (Status s = keys::write_file_atomic((fs::path(temp.path()) / "genesis.json").string(), *genesis, 0644);
        !s) {
        return s.error();
    }
    if (Status s = keys::sync_directory(temp.path()); !s) return s.error();
    // rename(2) replaces an empty directory and refuses a non-empty one (ENOTEMPTY), atomically.
    if (::rename(temp.path().c_str(), target.c_str()) != 0) {
        const int err = errno;
        if (err == ENOTEMPTY || err == EEXIST) {
            return make_error(Reason::INVALID_ARGUMENT,
                              target.string() + " is not empty any more: nothing restored");
        }
        return make_error(Reason::IO_ERROR, "cannot move the restored directory to " + target.string() +
                                                ": " + std::generic_category().message(err));
    }
    temp.keep();
    if (Status s = keys::sync_directory(target.parent_path().string()); !s) return s.error();
    return summary;
}

}  // namespace folio::backup
