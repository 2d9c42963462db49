// `foliod backup` and `foliod restore` (docs/operations.md, "Backups and restores").
//
//   foliod backup  --datadir DIR --out FILE [--token-file FILE]
//   foliod restore --from FILE --datadir NEWDIR
//
// backup: on a stopped node (DIR's lock is free, and held while the backup is written) the database is read
// directly; on a running node (node/datadir_lock.h says which) through the admin RPC node_backup, at the
// address in DIR/rpc.addr with the token of --token-file (default DIR/rpc-admin.token), and the file it
// writes in DIR/backups is moved to FILE. FILE must not exist; it appears whole or not at all.
// restore: node/backup/restore.h.
// Both print one JSON object describing the backup on stdout.
#pragma once

#include <string>
#include <vector>

namespace folio::node {

// `args` are the words after the command. Exit code: 0 done, 1 runtime error, 2 usage error.
int run_backup_command(const std::vector<std::string>& args);
int run_restore_command(const std::vector<std::string>& args);

}  // namespace folio::node
