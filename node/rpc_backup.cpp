// node_backup: a backup of the database written from a snapshot while the node keeps committing
// (node/backup_service.h; the file format in docs/operations.md).
#include <nlohmann/json.hpp>

#include "node/backup_service.h"
#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

json backup_json(const BackupDone& done) {
    json out = backup_summary_json(done.summary);
    out["path"] = done.path;
    return out;
}

}  // namespace

Status register_backup_methods(rpc::MethodTable& table, NodeServices& services) {
    BackupService* backups = services.backup;
    return table.add({
        .name = "node_backup",
        .scope = rpc::Scope::Admin,
        .summary =
            "Writes a backup of the database, as one snapshot sees it, to DATADIR/backups/NAME while the "
            "node keeps committing; answers once the file is whole.",
        .description =
            "The backup holds every record of the database at the snapshot's block (its height, hash and "
            "state "
            "root are in the file's header and in the answer): blocks, state, indexes and genesis; never "
            "keys, "
            "passwords, tokens, the config or the validator's signing state. It is written beside its name, "
            "fsynced and only then renamed, so a file under NAME is always whole. `foliod backup --datadir "
            "DIR "
            "--out FILE` calls this on a running node and moves the file to FILE; `foliod restore` makes a "
            "data "
            "directory of it. One backup at a time (UNAVAILABLE while one runs). Format and procedure: "
            "docs/operations.md, \"Backups and restores\".",
        .params = {{.name = "name",
                    .type = rpc::ParamType::String,
                    .required = true,
                    .description =
                        "File name in DATADIR/backups (1 to 100 of A-Z a-z 0-9 . _ -, not starting "
                        "with '.' or '-'); must not exist.",
                    .max_length = 100}},
        .result_description =
            "{path, chain_id, height, block_hash, state_root, chunks, records, bytes, digest}",
        .result_schema =
            R"({"type":"object","required":["path","chain_id","height","block_hash","state_root","chunks","records","bytes","digest"],
"properties":{"path":{"type":"string"},"chain_id":{"type":"string"},"height":{"type":"integer"},
"block_hash":{"type":"string"},"state_root":{"type":"string"},"chunks":{"type":"integer"},
"records":{"type":"integer"},"bytes":{"type":"integer"},"digest":{"type":"string"}}})",
        .errors = {Reason::UNAVAILABLE, Reason::IO_ERROR, Reason::CORRUPTION},
        .example_params = examples::kNodeBackupParams,
        .example_result = examples::kNodeBackupResult,
        .handler =
            [backups](const json& p, const rpc::CallContext&, rpc::Respond respond) {
                if (backups == nullptr) {
                    respond(
                        RpcOutcome::failure(make_error(Reason::UNAVAILABLE, "this node makes no backups")));
                    return;
                }
                // Answered from the backup's thread: the I/O thread is free while the file is written.
                auto shared = std::make_shared<rpc::Respond>(std::move(respond));
                Status started =
                    backups->start(p["name"].get<std::string>(), [shared](Result<BackupDone> done) {
                        if (!done) {
                            (*shared)(RpcOutcome::failure(done.error()));
                        } else {
                            (*shared)(RpcOutcome::success(backup_json(*done)));
                        }
                    });
                if (!started) (*shared)(RpcOutcome::failure(started.error()));
            },
    });
}

}  // namespace folio::node::rpcm
