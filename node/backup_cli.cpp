#include "node/backup_cli.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>

#include "keys/file_io.h"
#include "keys/passwords.h"
#include "node/backup/backup_reader.h"
#include "node/backup/backup_writer.h"
#include "node/backup/restore.h"
#include "node/backup_service.h"
#include "node/datadir_lock.h"
#include "rpc/client.h"

namespace folio::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kBackupUsage =
    "usage: foliod backup --datadir DIR --out FILE [--token-file FILE]\n"
    "  a stopped node's database is read directly; a running node's through the admin RPC node_backup\n"
    "  (its address from DIR/rpc.addr, the token from --token-file, default DIR/rpc-admin.token)\n";
constexpr const char* kRestoreUsage =
    "usage: foliod restore --from FILE --datadir NEWDIR\n"
    "  checks the whole backup, then makes NEWDIR (absent or empty) with chain/ and genesis.json\n";

int usage(const char* text, const std::string& message) {
    std::fprintf(stderr, "foliod: %s\n\n%s", message.c_str(), text);
    return 2;
}

int failed(const std::string& message) {
    std::fprintf(stderr, "foliod: %s\n", message.c_str());
    return 1;
}

// --name value pairs; false with the message for anything else.
bool parse_flags(const std::vector<std::string>& args, const std::vector<std::string>& known,
                 std::map<std::string, std::string>& out, std::string& error) {
    for (size_t i = 0; i < args.size(); ++i) {
        if (std::find(known.begin(), known.end(), args[i]) == known.end()) {
            error = "unknown argument " + args[i];
            return false;
        }
        if (i + 1 >= args.size()) {
            error = args[i] + " needs a value";
            return false;
        }
        out[args[i]] = args[i + 1];
        ++i;
    }
    return true;
}


Error errno_error(const std::string& what, int err) {
    return make_error(Reason::IO_ERROR, what + ": " + std::generic_category().message(err));
}

// Copies `from` to a temporary beside `to`, fsyncs it and moves it to `to` (never replacing a file).
Status copy_no_replace(const std::string& from, const std::string& to) {
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return errno_error("cannot open " + from, errno);
    const fs::path target(to);
    // Appended, not `"." + name + ...`: g++ 12 warns falsely (-Wrestrict) on that at -O3.
    std::string temp_name = ".";
    temp_name += target.filename().string();
    temp_name += ".tmp-XXXXXX";
    std::string temp = (target.parent_path() / temp_name).string();
    const int out = ::mkostemp(temp.data(), O_CLOEXEC);
    if (out < 0) {
        const int err = errno;
        ::close(in);
        return errno_error("cannot create a temporary file beside " + to, err);
    }
    Status result;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(in, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            result = errno_error("cannot read " + from, errno);
            break;
        }
        if (n == 0) break;
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out, buffer + done, static_cast<size_t>(n - done));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                result = errno_error("cannot write " + temp, w < 0 ? errno : EIO);
                break;
            }
            done += w;
        }
        if (!result) break;
    }
    ::close(in);
    if (result && ::fchmod(out, 0600) != 0) result = errno_error("cannot chmod " + temp, errno);
    if (result && ::fsync(out) != 0) result = errno_error("cannot fsync " + temp, errno);
    if (::close(out) != 0 && result) result = errno_error("cannot close " + temp, errno);
    if (result && ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) != 0) {
        result = errno_error("cannot move the backup to " + to, errno);
    }
    if (!result) {
        ::unlink(temp.c_str());
        return result;
    }
    return keys::sync_directory(target.parent_path().empty() ? "." : target.parent_path().string());
}

// Moves the node's backup file to where the operator asked: a rename on one file system, else a copy.
Status move_backup(const std::string& from, const std::string& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
        const fs::path parent = fs::path(to).parent_path();
        return keys::sync_directory(parent.empty() ? "." : parent.string());
    }
    if (errno != EXDEV) return errno_error("cannot move " + from + " to " + to, errno);
    if (Status s = copy_no_replace(from, to); !s) return s;
    ::unlink(from.c_str());
    return Status();
}

Result<json> backup_stopped(const std::string& datadir, const std::string& out) {
    const std::string db_path = (fs::path(datadir) / "chain").string();
    std::error_code ec;
    if (!fs::is_directory(db_path, ec)) {
        return make_error(Reason::NOT_FOUND, datadir + " holds no database (no " + db_path + ")");
    }
    StoreOptions so;
    so.path = db_path;
    so.create_if_missing = false;
    auto store = Store::open(so);
    if (!store) return store.error();
    auto summary = backup::write_store_backup(**store, out);
    if (!summary) return summary.error();
    json j = backup_summary_json(*summary);
    j["path"] = out;
    j["node"] = "stopped";
    return j;
}

Result<json> backup_running(const std::string& datadir, const std::string& out,
                            const std::string& token_file) {
    const std::string addr_path = (fs::path(datadir) / "rpc.addr").string();
    auto addr = keys::read_file_bounded(addr_path, 256);
    if (!addr) {
        return make_error(Reason::UNAVAILABLE, "the node holding " + datadir + " has no RPC address yet (" +
                                                   addr.error().message + "): try again once it listens");
    }
    std::string address = *addr;
    while (!address.empty() && (address.back() == '\n' || address.back() == '\r')) address.pop_back();
    auto token = keys::read_password_file(token_file);
    if (!token) return make_error(token.reason(), "token: " + token.error().message);
    rpc::ClientOptions options;
    options.timeout = std::chrono::hours(12);  // the answer comes once the whole file is written
    rpc::Client client("http://" + address, *token, options);
    keys::wipe_string(*token);
    const std::string name = "foliod-backup-" + std::to_string(::getpid()) + "-" +
                             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count()) +
                             ".fbk";
    auto answer = client.call("node_backup", {{"name", name}});
    if (!answer) return make_error(answer.reason(), "node_backup: " + answer.error().message);
    const std::string written = (*answer)["path"].get<std::string>();
    if (Status s = move_backup(written, out); !s) return s.error();
    json j = *answer;
    j["path"] = out;
    j["node"] = "running";
    return j;
}

}  // namespace

int run_backup_command(const std::vector<std::string>& args) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s", kBackupUsage);
        return 0;
    }
    std::map<std::string, std::string> flags;
    std::string error;
    if (!parse_flags(args, {"--datadir", "--out", "--token-file"}, flags, error))
        return usage(kBackupUsage, error);
    if (!flags.count("--datadir")) return usage(kBackupUsage, "--datadir is required");
    if (!flags.count("--out")) return usage(kBackupUsage, "--out is required");
    const std::string datadir = flags["--datadir"];
    const std::string out = fs::absolute(flags["--out"]).string();
    std::error_code ec;
    if (!fs::is_directory(datadir, ec)) return failed("data directory " + datadir + " does not exist");
    if (fs::exists(fs::symlink_status(out, ec)))
        return failed(out + " already exists: a backup never replaces a file");
    Result<json> done = make_error(Reason::INTERNAL, "no backup made");
    auto lock = DatadirLock::acquire(datadir);
    if (lock) {
        // Stopped: the lock stays held while the database is read, so that no node starts on it meanwhile.
        done = backup_stopped(datadir, out);
    } else if (lock.reason() == Reason::UNAVAILABLE) {
        const std::string token_file = flags.count("--token-file")
                                           ? flags["--token-file"]
                                           : (fs::path(datadir) / "rpc-admin.token").string();
        done = backup_running(datadir, out, token_file);
    } else {
        return failed(lock.error().message);
    }
    if (!done) return failed(std::string(reason_name(done.reason())) + ": " + done.error().message);
    std::printf("%s\n", done->dump().c_str());
    return 0;
}

int run_restore_command(const std::vector<std::string>& args) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s", kRestoreUsage);
        return 0;
    }
    std::map<std::string, std::string> flags;
    std::string error;
    if (!parse_flags(args, {"--from", "--datadir"}, flags, error)) return usage(kRestoreUsage, error);
    if (!flags.count("--from")) return usage(kRestoreUsage, "--from is required");
    if (!flags.count("--datadir")) return usage(kRestoreUsage, "--datadir is required");
    auto summary = backup::restore_backup(flags["--from"], flags["--datadir"]);
    if (!summary) return failed(std::string(reason_name(summary.reason())) + ": " + summary.error().message);
    json j = backup_summary_json(*summary);
    j["datadir"] = flags["--datadir"];
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

}  // namespace folio::node
