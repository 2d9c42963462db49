// folio-wallet: see docs/wallet.md.
#include <iostream>

#include "wallet/app.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return folio::wallet::run_wallet(args, folio::wallet::Io{std::cout, std::cerr, nullptr});
}
