// folio-cli as a function, so that tests run the whole program in-process: parse the command line, find the
// node (a data dir's rpc.addr and rpc-admin.token, or --rpc and --token-file), learn the method from the
// node's rpc_methods, call it and print the result. Exit codes are folio-wallet's (wallet/outcome.h).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace folio::cli {

int run_cli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

}  // namespace folio::cli
