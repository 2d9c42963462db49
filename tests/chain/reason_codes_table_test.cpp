// reason_codes_table: docs/reason-codes.md and the Reason enum list the same codes, with the same numbers
// and names, both ways.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "chain/reason.h"

namespace folio {
namespace {

// The table of docs/reason-codes.md -------------------------------------------------------------------------
std::string reason_codes_doc() {
    std::ifstream in(std::string(FOLIO_SOURCE_DIR) + "/docs/reason-codes.md");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every code reason_name knows, by walking the whole number space the groups use.
std::vector<Reason> every_reason() {
    std::vector<Reason> out;
    for (int n = 0; n < 1000; ++n) {
        if (reason_name(static_cast<Reason>(n)) != "UNKNOWN_REASON") out.push_back(static_cast<Reason>(n));
    }
    return out;
}

// The rows of "The table": lines "| NUMBER | `NAME` | ...".
std::vector<std::pair<int, std::string>> documented_rows(const std::string& doc) {
    std::vector<std::pair<int, std::string>> rows;
    std::istringstream lines(doc);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.size() < 4 || line.rfind("| ", 0) != 0 || !std::isdigit(static_cast<unsigned char>(line[2])))
            continue;
        const size_t number_end = line.find(' ', 2);
        const size_t name_begin = line.find("| `", number_end);
        const size_t name_end = line.find('`', name_begin + 3);
        if (number_end == std::string::npos || name_begin == std::string::npos ||
            name_end == std::string::npos) {
            rows.emplace_back(-1, line);  // a row this reader cannot parse is a failure, not skipped
            continue;
        }
        rows.emplace_back(std::stoi(line.substr(2, number_end - 2)),
                          line.substr(name_begin + 3, name_end - name_begin - 3));
    }
    return rows;
}

TEST(reason_codes_table, DocumentListsEveryCodeWithItsNumberAndName) {
    const std::string doc = reason_codes_doc();
    ASSERT_FALSE(doc.empty()) << "docs/reason-codes.md is missing";
    for (Reason reason : every_reason()) {
        const std::string_view name = reason_name(reason);
        Reason back;
        EXPECT_TRUE(reason_from_name(name, back) && back == reason) << name;
        const std::string row =
            "| " + std::to_string(static_cast<int>(reason)) + " | `" + std::string(name) + "` |";
        EXPECT_NE(doc.find(row), std::string::npos) << "no row starting " << row;
    }
}

TEST(reason_codes_table, EveryDocumentedRowIsACodeWithThatNumber) {
    const auto rows = documented_rows(reason_codes_doc());
    ASSERT_FALSE(rows.empty());
    std::set<int> seen;
    for (const auto& [number, name] : rows) {
        ASSERT_GE(number, 0) << "cannot read the row: " << name;
        EXPECT_TRUE(seen.insert(number).second) << "two rows for " << number;
        Reason code;
        ASSERT_TRUE(reason_from_name(name, code))
            << name << " (row " << number << ") is not in chain/reason.h";
        EXPECT_EQ(static_cast<int>(code), number) << name << " is documented as " << number;
    }
    EXPECT_EQ(seen.size(), every_reason().size());
}

}  // namespace
}  // namespace folio
