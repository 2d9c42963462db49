// folio-wallet's command line: the table of commands and options (from which parsing, validation of names
// and --help all come, so no option is described twice), the parser, and the validators of option values.
// Every value is checked and bounded here or in the command before anything is read from disk or the node;
// a bad one is a usage Failure (exit 2) naming the option.
//
//   folio-wallet [global options] COMMAND [options] [ARGS]      (global options may also follow COMMAND)
//
// Pure: no I/O, no environment.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/types.h"
#include "wallet/outcome.h"

namespace folio::wallet {

struct OptionSpec {
    std::string_view name;        // "--asset"
    std::string_view value_name;  // "SYMBOL"; empty for a flag
    std::string_view help;
    bool required = false;
    bool hidden = false;  // accepted, documented in docs/wallet.md, not listed by --help
};

struct CommandSpec {
    std::string_view name;
    std::string_view args;     // positional arguments in the usage line ("FILE"), empty for none
    size_t n_args = 0;         // exactly this many positionals
    std::string_view summary;  // one line, for the command list
    std::string_view details;  // paragraphs for COMMAND --help
    std::vector<OptionSpec> options;
};

// Options every command accepts, before or after the command name.
const std::vector<OptionSpec>& global_options();
const std::vector<CommandSpec>& command_specs();
const CommandSpec* find_command(std::string_view name);

struct ParsedArgs {
    std::string command;  // empty when only --help (or nothing) was given
    // Option name ("--asset") -> value; flags map to "". Each option at most once.
    std::map<std::string, std::string, std::less<>> options;
    std::vector<std::string> args;
    bool help = false;  // --help / -h anywhere, or the `help` command

    bool has(std::string_view option) const { return options.find(option) != options.end(); }
    // The value of an option, nullopt when absent.
    std::optional<std::string> get(std::string_view option) const;
};

// Parses argv without the program name. Accepts "--opt value" and "--opt=value"; "--" ends the options.
// Refuses unknown commands and options, options of another command, a repeated option, a missing value, a
// value given to a flag, missing required options and the wrong number of arguments (unless --help).
Expected<ParsedArgs> parse_args(const std::vector<std::string>& argv);

std::string main_help();
std::string command_help(const CommandSpec& spec);

// ---- Validators: each returns the typed value or a usage Failure naming `option`. ----
inline constexpr size_t kMaxPathLength = 4096;
inline constexpr size_t kMaxUrlLength = 2048;
inline constexpr size_t kMaxTokenLength = 512;
inline constexpr size_t kMaxCursorLength = 512;
inline constexpr uint64_t kMaxHeight = uint64_t{1} << 62;
inline constexpr uint64_t kMaxWaitMs = 3'600'000;  // an hour: longer waits are a job for a scheduler
inline constexpr uint64_t kMaxValidBlocks = 1'000'000;
inline constexpr uint64_t kMaxHistoryLimit = 200;  // the node's bound for account_history

// A decimal integer in [min, max]: digits only, no sign, no leading zeros, no spaces.
Expected<uint64_t> parse_uint_option(std::string_view option, std::string_view text, uint64_t min,
                                     uint64_t max);
Expected<std::string> parse_path_option(std::string_view option, std::string_view text);
// "http://host:port[/path]" with a host and a port in 1..65535; https is refused (the client speaks plain
// HTTP: reach a remote node through a TLS-terminating proxy or an SSH tunnel).
Expected<std::string> parse_rpc_url(std::string_view source, std::string_view text);
// 1..512 printable ASCII characters, no spaces.
Expected<std::string> parse_token(std::string_view source, std::string_view text);
Expected<std::string> parse_key_name(std::string_view option, std::string_view text);
// 1-12 of A-Z 0-9 . - ; lower case is refused with a hint rather than silently upper-cased, because symbols
// are case-sensitive identifiers on the chain.
Expected<std::string> parse_symbol(std::string_view option, std::string_view text);
Expected<AccountId> parse_address(std::string_view option, std::string_view text);
// 64 hex characters (upper case accepted).
Expected<TxHash> parse_tx_hash(std::string_view source, std::string_view text);
// Syntax only (digits, at most one '.', at most 18 decimals, at most 40 characters); the asset's decimals are
// checked by parse_amount_for once they are known.
Expected<std::string> parse_amount_text(std::string_view option, std::string_view text);
Expected<Amount> parse_amount_for(std::string_view option, std::string_view text, uint8_t decimals,
                                  std::string_view symbol);
// At most 256 bytes of UTF-8 (the tx limit).
Expected<std::string> parse_memo(std::string_view option, std::string_view text);
// 1..64 bytes of UTF-8 without control characters.
Expected<std::string> parse_client_ref(std::string_view option, std::string_view text);
// A power of two in the keystore's bounds.
Expected<uint64_t> parse_scrypt_n(std::string_view option, std::string_view text);

}  // namespace folio::wallet
