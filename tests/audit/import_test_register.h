// A small legacy register written by the import's unit tests: a currency, an equity with a frozen holding, a
// minibond with a schedule part paid, a running campaign, and the movements that lead to the holdings. A test
// changes one file or one line and checks the problem validation names.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "chain/types.h"

namespace folio::audit::test {

class TestRegister {
  public:
    TestRegister();
    // The files as written by write(); tests edit them first.
    std::map<std::string, std::vector<std::string>> lines;  // file -> lines, the header first, no line ends
    std::map<std::string, std::string> declared_supply;
    // Extra bytes appended to a file after its hash went into the manifest.
    std::map<std::string, std::string> appended_after_hash;
    std::string import_id = "unit-1";

    // Writes manifest.json (hashes and rows of the files as they are) and the files into `dir`.
    void write(const std::string& dir) const;
    static std::string pubkey_hex(unsigned n);  // the x-only key of secret key n (1, 2, ...)
    static std::string off_curve_hex();         // an x with no curve point
};

}  // namespace folio::audit::test
