// The import's RFC 4180 reader (audit/import_csv.h): quoting, line ends, line numbers of records that span
// lines, and each bound and malformation reported at its line and column.
#include <gtest/gtest.h>

#include "audit/csv.h"

namespace folio::audit {
namespace {

std::vector<CsvRecord> read_all(std::string_view text, CsvReader* out_reader = nullptr) {
    CsvReader reader(text);
    std::vector<CsvRecord> records;
    CsvRecord r;
    while (reader.next(r)) records.push_back(r);
    if (out_reader != nullptr) *out_reader = reader;
    return records;
}

CsvProblem problem_of(std::string_view text) {
    CsvReader reader(text);
    CsvRecord r;
    while (reader.next(r)) {
    }
    EXPECT_TRUE(reader.failed()) << text;
    return reader.problem();
}

TEST(ImportCsv, ReadsQuotedFieldsWithDoubledQuotesCommasAndLineBreaks) {
    auto records = read_all("a,\"b \"\"c\"\", d\",\"x\r\ny\"\r\nnext,,\r\n");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b \"c\", d", "x\r\ny"}));
    EXPECT_EQ(records[0].line, 1u);
    EXPECT_EQ(records[1].fields, (std::vector<std::string>{"next", "", ""}));
    EXPECT_EQ(records[1].line, 3u) << "a record starts on the physical line after a quoted line break";
}

TEST(ImportCsv, AcceptsLfLineEndsAByteOrderMarkAndNoFinalLineEnd) {
    auto records = read_all("\xEF\xBB\xBFh1,h2\n1,2");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].fields[0], "h1");
    EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2"}));
}

TEST(ImportCsv, EmptyTextHasNoRecord) {
    CsvReader reader("");
    CsvRecord r;
    EXPECT_FALSE(reader.next(r));
    EXPECT_FALSE(reader.failed());
}

TEST(ImportCsv, RefusesAQuoteInsideAnUnquotedField) {
    const auto p = problem_of("a,b\nc,d\"e\n");
    EXPECT_EQ(p.line, 2u);
    EXPECT_EQ(p.column, 2u);
    EXPECT_NE(p.reason.find("quote inside an unquoted field"), std::string::npos);
}

TEST(ImportCsv, RefusesTextAfterAClosingQuote) {
    const auto p = problem_of("\"ab\"c,d\n");
    EXPECT_EQ(p.line, 1u);
    EXPECT_EQ(p.column, 1u);
}

TEST(ImportCsv, RefusesAnUnclosedQuoteAtTheEnd) {
    const auto p = problem_of("a\n\"b,\nc\n");
    EXPECT_EQ(p.line, 2u);
    EXPECT_NE(p.reason.find("not closed"), std::string::npos);
}

TEST(ImportCsv, RefusesABareCarriageReturn) {
    const auto p = problem_of("a,b\rc\n");
    EXPECT_EQ(p.column, 2u);
}

TEST(ImportCsv, BoundsTheFieldSize) {
    std::string text = "ok\n" + std::string(kMaxCsvFieldBytes, 'x') + "\n";
    EXPECT_EQ(read_all(text).size(), 2u) << "a field of exactly the bound is read";
    text = "ok\nx," + std::string(kMaxCsvFieldBytes + 1, 'x') + "\n";
    const auto p = problem_of(text);
    EXPECT_EQ(p.line, 2u);
    EXPECT_EQ(p.column, 2u);
}

TEST(ImportCsv, BoundsTheRecordSizeAcrossQuotedLines) {
    std::string text;
    for (int i = 0; i < 20; ++i)
        text += "\"" + std::string(2000, 'y') + "\n" + std::string(1990, 'z') + "\",";
    text += "end\n";
    const auto p = problem_of(text);
    EXPECT_EQ(p.line, 1u);
    EXPECT_NE(p.reason.find("record longer"), std::string::npos) << p.reason;
}

TEST(ImportCsv, BoundsTheFieldCount) {
    std::string ok(kMaxCsvFields - 1, ',');
    EXPECT_EQ(read_all(ok + "\n").at(0).fields.size(), kMaxCsvFields);
    const auto p = problem_of(ok + ",\n");
    EXPECT_EQ(p.column, kMaxCsvFields + 1);
}

TEST(ImportCsv, LeavesEncodingToTheCaller) {
    auto records = read_all("a,r\xe9tail\n");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_TRUE(field_is_utf8(records[0].fields[0]));
    EXPECT_FALSE(field_is_utf8(records[0].fields[1]));
    EXPECT_TRUE(field_is_utf8("r\xc3\xa9tail"));
    EXPECT_FALSE(field_is_utf8("\xc0\xaf")) << "an overlong form";
}

}  // namespace
}  // namespace folio::audit
