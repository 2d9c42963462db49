// folio-audit: see docs/audit.md.
#include <iostream>

#include "audit/app.h"

int main(int argc, char** argv) {
    return folio::audit::run_audit(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
