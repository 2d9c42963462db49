// What the three exports share: their common options, the chain point a manifest names, and the writing of
// FILE and FILE.manifest.json (docs/audit.md).
//
// The manifest:
//   {"export": "register"|"movements"|"statement", "format": "csv"|"json", "file": NAME, "bytes": N,
//    "sha256": HEX (of the file's bytes), "rows": N, "columns": [NAME...], "chain_id", "height",
//    "block_hash", "state_root", "block_time" (ISO 8601 UTC of the block at "height"), "verified": BOOL,
//    "source", ... the export's own fields (asset, supply, holders, totals ...)}
// Both files are written atomically (temp file, fsync, rename), the manifest last: a manifest names a file
// that is whole.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "audit/export_source.h"
#include "audit/export_table.h"
#include "audit/sources.h"

namespace folio::audit {

// The source options every export takes: exactly one of --datadir and --rpc, at most one of --genesis and
// --chain-id. "" when they are right, else the usage message.
std::string source_usage(const ParsedArgs& args);

// --format (csv by default) and --out; nullopt with a usage message in `why`.
struct OutputOptions {
    ExportFormat format = ExportFormat::csv;
    std::string out;
};
std::optional<OutputOptions> output_options(const ParsedArgs& args, std::string& why);

// A height option: nullopt when absent; a usage message in `why` when it is not a height.
std::optional<Height> height_option(const ParsedArgs& args, const char* name, std::string& why);

// What every export checks first: the source options, --format and --out, and for a range export --from
// (default 0) and --to. nullopt with the usage message in `why`.
struct ExportStart {
    OutputOptions output;
    Height from = 0;
    std::optional<Height> to;
};
std::optional<ExportStart> export_start(const ParsedArgs& args, bool range, std::string& why);
// --to (default the head), at most the head and not before --from.
Result<Height> range_end(const ExportStart& start, Height head);

// A usage error of `command`: the message and where its help is, exit 2.
int usage_failed(std::ostream& err, const char* command, const std::string& message);
// The source could not be opened: a usage error, or the error's own exit code.
int open_failed(std::ostream& err, const char* command, const SourceError& e);

std::string address_or_empty(const std::optional<AccountId>& a);

// chain_id, height, block_hash, state_root, block_time of block `height`, and verified and source.
Result<nlohmann::json> manifest_base(ExportSource& source, const char* export_name, Height height);

// Writes the table's bytes to options.out and the manifest beside it, completing the manifest with the
// file's name, size, digest, row count and columns. IO_ERROR naming the file.
Status write_export(const OutputOptions& options, ExportTable& table, nlohmann::json manifest);

// The supply and holder count at `height`: the chain's record when it has one there, else the sum over the
// balance history (source says which).
Result<RecordedSupply> supply_at(ExportSource& source, const AssetFacts& asset, Height height);

// The end of a command: prints "folio-audit COMMAND: MESSAGE" to err and returns the code.
int command_failed(std::ostream& err, const char* command, int code, const std::string& message);

// Exit code of a read error during an export: damage is 1, an unreadable source 3.
int read_failure_code(const Error& e);

}  // namespace folio::audit
