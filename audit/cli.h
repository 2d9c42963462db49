// folio-audit's command line: the table of commands and their options (from which parsing and --help come,
// so no option is described twice) and the parser. A bad command line is a usage error (exit 2) naming the
// option; values are checked by the command before anything is read.
//
//   folio-audit COMMAND [options]        folio-audit --version | --help | COMMAND --help
//
// Pure: no I/O, no environment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/result.h"

namespace folio::audit {

// Exit codes of every command (docs/audit.md).
enum ExitCode : int {
    kExitVerified = 0,     // the check passed
    kExitDiscrepancy = 1,  // a discrepancy or damage was found
    kExitUsage = 2,        // the command line is wrong
    kExitUnreadable = 3,   // what was to be audited could not be read (a running node's datadir, no node...)
};

struct OptionSpec {
    std::string_view name;        // "--datadir"
    std::string_view value_name;  // "DIR"; empty for a flag
    std::string_view help;
    bool repeatable = false;  // may be given several times (--witness)
};

struct CommandSpec {
    std::string_view name;
    std::string_view usage;  // the synopsis after the command name
    std::string_view summary;
    std::string_view details;
    std::vector<OptionSpec> options;
};

const std::vector<CommandSpec>& command_specs();
const CommandSpec* find_command(std::string_view name);

struct ParsedArgs {
    std::string command;  // empty with --version or --help alone
    std::map<std::string, std::vector<std::string>, std::less<>> options;  // flags hold one ""
    bool help = false;
    bool version = false;

    bool has(std::string_view option) const { return options.find(option) != options.end(); }
    std::optional<std::string> get(std::string_view option) const;
    std::vector<std::string> all(std::string_view option) const;
};

// Accepts "--opt value" and "--opt=value". Refuses an unknown command or option, a missing value, a value
// given to a flag and a repeated option that is not repeatable (INVALID_ARGUMENT naming it).
Result<ParsedArgs> parse_args(const std::vector<std::string>& argv);

// The text of --help: the command list, or one command's usage and options.
std::string help_text(const CommandSpec* command);

}  // namespace folio::audit
