// Whole-file writes that are never seen half-done and whole-file reads that are always bounded: the one
// implementation behind every small file foliod and folio-wallet keep (key files, passwords, config, genesis,
// tokens, wallet.json, signed-tx files).
//
// Contract: success, or an Error whose message names the path (and the directory, for a directory failure)
// and the system's reason (strerror text). Nothing here throws. Calls may run concurrently from threads or
// processes, on the same target too: each write uses its own temporary file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "chain/result.h"

namespace folio::keys {

// What write_file_atomic does when the target already exists.
enum class IfExists {
    replace,  // the target is replaced atomically (a symlink there is itself replaced, never followed)
    refuse,  // INVALID_ARGUMENT "PATH already exists", nothing written; checked atomically at the move, so of
             // two writers racing on one new path exactly one wins
};

// Writes content to path atomically and durably:
//   1. a temporary ".NAME.tmp-XXXXXX" is created in path's directory with O_EXCL (a unique name, so that
//      concurrent writers never share one; a leading dot, so that it never looks like the real file);
//   2. its mode is set to `mode` with fchmod (whatever the umask), content written, the file fsynced and
//   closed;
//   3. it is moved into place: rename for replace; renameat2(RENAME_NOREPLACE) for refuse, or link + unlink
//      where the file system lacks that call (equally atomic);
//   4. the directory is fsynced, so that the new name survives a crash.
// On a failure in 1-3 the temporary is removed and the target is as it was: IO_ERROR (or INVALID_ARGUMENT
// for refuse, see IfExists). A failure in 4, or in removing the temporary after link, is IO_ERROR too, its
// message saying that PATH was written but may not survive a crash: the new content is in place.
// `mode` is permission bits only (at most 07777); secrets use 0600.
Status write_file_atomic(const std::string& path, std::string_view content, unsigned mode,
                         IfExists if_exists = IfExists::replace);

// fsync of a directory, so that names created or moved in it survive a crash. IO_ERROR naming dir.
Status sync_directory(const std::string& dir);

// Which kinds of file read_file_bounded accepts.
enum class Source {
    regular_file,  // anything else (directory, FIFO, device) is INVALID_ARGUMENT "PATH is not a regular file"
    any_stream,    // also FIFOs and character devices (a pipe from `<(command)`, /dev/stdin); not directories
};

// Reads a whole file of at most max_bytes. The bound is enforced while reading (at most max_bytes + 1 bytes
// are ever read), not only by stat, so a file that grows meanwhile, a /proc file that stats as empty or an
// endless stream is still cut at the bound. Opening never blocks (a FIFO without a writer reads as empty).
//   NOT_FOUND         PATH does not exist;
//   TOO_LARGE         "PATH is larger than MAX_BYTES bytes";
//   INVALID_ARGUMENT  not a kind of file that `source` allows;
//   IO_ERROR          open or read failed.
Result<std::string> read_file_bounded(const std::string& path, size_t max_bytes,
                                      Source source = Source::regular_file);

}  // namespace folio::keys
