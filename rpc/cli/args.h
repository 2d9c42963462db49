// folio-cli's command line and the params it sends, as bitcoin-cli's are to bitcoind:
//
//   folio-cli [--datadir DIR | --rpc URL --token-file F] [--json] METHOD [JSON | key=value ...]
//   folio-cli [connection options] help [METHOD]
//   folio-cli --help | --version
//
// Options come before METHOD; everything after it is params. Pure: no I/O, no environment. Every value is
// checked here; a bad one is a usage Failure (exit 2, wallet/outcome.h) naming it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wallet/outcome.h"

namespace folio::cli {

struct CliArgs {
    std::optional<std::string> datadir;     // --datadir: rpc.addr and rpc-admin.token are read from it
    std::optional<std::string> rpc_url;     // --rpc
    std::optional<std::string> token_file;  // --token-file: first line (overrides the data dir's token)
    bool json = false;                      // --json: print the result as the node sent it
    bool usage = false;                     // --help: print the usage text
    bool version = false;                   // --version
    bool help = false;                      // the `help` command; `method` is the one asked about, if any
    std::string method;
    std::vector<std::string> params;  // the words after METHOD
};

using wallet::Expected;

// Parses argv without the program name. Accepts "--opt value" and "--opt=value".
Expected<CliArgs> parse_cli_args(const std::vector<std::string>& argv);

std::string usage_text();

// The params object of a call to the method `spec` describes (its OpenRPC entry, from rpc_methods):
//   no words                 -> {}
//   one word, a JSON object or array  -> sent as it is (by name or by position)
//   key=value words          -> {key: value}, each key a param of the method, each value converted by the
//                               param's declared type: strings (amounts, addresses) stay text, integers and
//                               booleans are parsed, objects and arrays are JSON.
Expected<nlohmann::json> build_params(const nlohmann::json& spec, const std::vector<std::string>& words);

}  // namespace folio::cli
