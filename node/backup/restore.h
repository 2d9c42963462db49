// `foliod restore`: a backup file (node/backup/backup_format.h) into a new data directory.
//
// Nothing is written until the whole backup has been checked (a bad chunk is refused by its offset). The data
// directory must not exist or be empty. The database and genesis.json are built in a temporary directory
// beside it, the database reopened as a node would open it (its state rebuilt and checked against the last
// header's state_root, which must be the backup's), and only then is the directory moved to its name: a
// restore that fails or is killed leaves no data directory behind, at most a dot-named temporary.
//
// The restored directory holds `chain/` and `genesis.json` only: the node's config, keystore, password and
// P2P key come from the operator's own copies, and a validator's consensus-safety.bin from its machine
// (docs/operations.md, "Backups and restores").
#pragma once

#include <string>

#include "chain/result.h"
#include "node/backup/backup_format.h"

namespace folio::backup {

class BackupReader;

// Writes every record of the backup, once the whole file is checked, into a new database at `db_path` (one
// batch per chunk). `durable`: synced at the end, as a restore needs; false for a scratch copy (folio-audit
// verify --backup) that nothing reopens after a crash. Nothing is written if the backup is damaged.
Result<BackupSummary> load_backup_database(const BackupReader& reader, const std::string& db_path,
                                           bool durable);

// INVALID_ARGUMENT for a data directory that exists and is not empty (or is not a directory); the reader's
// errors for a bad backup (backup_reader.h); CORRUPTION if the restored database does not reopen at the
// backup's block and state root.
Result<BackupSummary> restore_backup(const std::string& backup_path, const std::string& datadir);

}  // namespace folio::backup
