// The CSV dialect of folio-audit (docs/audit.md, docs/import.md): RFC 4180, UTF-8, a header row.
//
// Writing: CRLF after every record (the RFC's line end, kept for every file so that a file's SHA-256 is
// stable), a field quoted with '"' exactly when it holds ',', '"', CR or LF, a '"' inside a quoted field
// doubled. No BOM.
//
// Reading, one reader for every file a platform hands in (the import's register, --identities): records
// end with CRLF or LF; a quoted field may span lines; a UTF-8 byte order mark at the very start is skipped;
// the last record may lack its line end; every size is bounded, so that a hostile file costs no more than
// its own bytes.
//
//   CsvReader r(text);
//   CsvRecord rec;
//   while (r.next(rec)) { ... rec.line, rec.fields ... }
//   if (r.failed()) report(r.problem());   // the reader stops at the first malformed record
//
// Problems are positions and reasons (FILE:LINE:COLUMN: reason once the caller adds the file): LINE is the
// physical line (1-based) where the record starts, COLUMN the field's number (1-based). A field that is not
// UTF-8 is not a reading error: the record is returned and field_is_utf8() says which field to refuse, so
// that the caller names the column and goes on with the next line. parse_csv() reads a whole document and
// refuses it at its first problem, a field that is not UTF-8 included.
//
// Pure: no I/O. Thread safety: one thread per reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chain/result.h"

namespace folio::audit {

// Appends one field, quoted when it must be.
void append_csv_field(std::string& out, std::string_view field);
// Appends one record: the fields separated by ',' and CRLF.
void append_csv_record(std::string& out, const std::vector<std::string>& fields);

inline constexpr size_t kMaxCsvFieldBytes = 4096;
inline constexpr size_t kMaxCsvRecordBytes = 64 * 1024;
inline constexpr size_t kMaxCsvFields = 64;

struct CsvRecord {
    uint64_t line = 0;  // physical line where the record starts
    std::vector<std::string> fields;
};

struct CsvProblem {
    uint64_t line = 0;
    uint64_t column = 0;
    std::string reason;
};

class CsvReader {
  public:
    explicit CsvReader(std::string_view text);

    // The next record into `out`; false at the end of the text or after a malformed record (failed()).
    bool next(CsvRecord& out);
    bool failed() const { return failed_; }
    const CsvProblem& problem() const { return problem_; }

  private:
    bool fail(uint64_t line, uint64_t column, std::string reason);

    std::string_view text_;
    size_t pos_ = 0;
    uint64_t line_ = 1;
    bool failed_ = false;
    CsvProblem problem_;
};

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool field_is_utf8(std::string_view s);

// A whole document: INVALID_ARGUMENT "NAME:LINE:COLUMN: reason" at the first malformed record, the first
// field that is not UTF-8, or past `max_records` records.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view name,
                                         size_t max_records = 10'000'000);

}  // namespace folio::audit
