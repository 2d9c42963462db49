// What this build is: the release version (CMake's project version) and the git commit it was configured
// from ("unknown" outside a git checkout). Not consensus data: nothing hashed or signed depends on it.
// The values live in a file generated at configure time (cmake/version.cmake), so a commit rebuilds only it.
#pragma once

#include <string>
#include <string_view>

namespace folio {

std::string_view version();     // "0.1.0"
std::string_view git_commit();  // "dc02e9d1a2b3" (12 hex digits) or "unknown"

// "foliod 0.1.0 (commit dc02e9d1a2b3)": the line every binary prints for --version.
inline std::string version_line(std::string_view program) {
    std::string s(program);
    s += ' ';
    s += version();
    s += " (commit ";
    s += git_commit();
    s += ')';
    return s;
}

}  // namespace folio
