// folio-cli: calls any JSON-RPC method of a Folio node (docs/operations.md, "folio-cli").
#include <iostream>

#include "rpc/cli/app.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return folio::cli::run_cli(args, std::cout, std::cerr);
}
