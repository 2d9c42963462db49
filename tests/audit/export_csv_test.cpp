// The CSV dialect of the exports (audit/csv.h): fields quoted exactly when RFC 4180 needs it, CRLF after
// every record, and the reader's refusals named FILE:LINE:COLUMN.
#include <gtest/gtest.h>

#include "audit/csv.h"
#include "audit/export_table.h"

namespace folio::audit::test {
namespace {

TEST(export_csv, QuotesFieldsWithCommaQuoteCrOrLfOnly) {
    std::string out;
    append_csv_record(out, {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", "é"});
    EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,é\r\n");
}

TEST(export_csv, ReadsBackWhatItWrites) {
    std::string out;
    const std::vector<std::string> fields = {"a,b", "say \"hi\"", "two\r\nlines", ""};
    append_csv_record(out, fields);
    append_csv_record(out, {"x", "y", "z", "w"});
    auto records = parse_csv(out, "f.csv");
    ASSERT_TRUE(records.ok()) << records.error().message;
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[0].fields, fields);
    EXPECT_EQ((*records)[1].line, 3u);  // the quoted field spans a line
}

// The one reader of folio-audit (the import's too): COLUMN is the field's number.
TEST(export_csv, RefusalsNameTheLineAndColumn) {
    auto r = parse_csv("a,b\nc,d\"e\n", "f.csv");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "f.csv:2:2: a quote inside an unquoted field (quote the field and double it)");
    r = parse_csv("a,\"b\"x\n", "f.csv");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "f.csv:1:2: text after the closing quote of a field");
    r = parse_csv("a\nb,\"open\n", "f.csv");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "f.csv:2:2: a quoted field is not closed before the end of the file");
    r = parse_csv("ok\n\xff\xfe\n", "f.csv");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "f.csv:2:1: not UTF-8");
    r = parse_csv("a\nb\nc\n", "f.csv", 2);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "f.csv:3:1: more than 2 records");
    r = parse_csv("\xEF\xBB\xBF" "a,b\r\n", "f.csv");  // a byte order mark is skipped
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ((*r)[0].fields, (std::vector<std::string>{"a", "b"}));
}

TEST(export_csv, IsoDatesAreUtcWithMilliseconds) {
    EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(iso8601_utc(1764000002123ULL), "2025-11-24T16:00:02.123Z");
}

TEST(export_csv, JsonTablesTypeTheirCells) {
    ExportTable t({{"name", CellKind::text}, {"height", CellKind::integer}, {"amount", CellKind::amount}},
                  ExportFormat::json);
    t.add_row({"a\"b", "7", "1.50"});
    t.add_row({"", "8", "0"});
    EXPECT_EQ(t.finish(),
              "{\"columns\":[\"name\",\"height\",\"amount\"],\"rows\":[\n{\"name\":\"a\\\"b\",\"height\":7,"
              "\"amount\":\"1.50\"},\n{\"name\":null,\"height\":8,\"amount\":\"0\"}\n]}\n");
}

}  // namespace
}  // namespace folio::audit::test
