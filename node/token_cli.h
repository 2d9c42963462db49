// `foliod token ...`: the token lifecycle on a data directory, with or without a running node.
//
//   foliod token create --datadir DIR --scope read|submit|admin --name NAME [--config FILE]
//   foliod token list   --datadir DIR [--config FILE] [--json]
//   foliod token revoke --datadir DIR NAME
//   foliod token --help
//
// Tokens live in DIR/rpc-tokens.json (node/token_file.h); a running node rereads it at its next request. The
// config's rpc_tokens are listed too but changed only by editing the config (then SIGHUP). --datadir is
// required and must exist: nothing is ever written into the current directory.
#pragma once

#include <string>
#include <vector>

namespace folio::node {

// `args` are the words after "token". Returns the exit code: 0 done, 1 runtime error, 2 usage error.
int run_token_command(const std::vector<std::string>& args);

}  // namespace folio::node
