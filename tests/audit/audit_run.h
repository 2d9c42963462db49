// What the folio-audit tests share: one run of the command line in process, with its exit code and output.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "audit/app.h"

namespace folio::audit::test {

struct AuditRun {
    int code = -1;
    std::string out, err;
};

inline AuditRun audit(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    AuditRun r;
    r.code = run_audit(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

}  // namespace folio::audit::test
