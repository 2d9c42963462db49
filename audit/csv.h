// The CSV dialect of folio-audit (docs/audit.md): RFC 4180, UTF-8, a header row, CRLF after every record
// (the RFC's line end, kept for every file so that a file's SHA-256 is stable), a field quoted with '"'
// exactly when it holds ',', '"', CR or LF, a '"' inside a quoted field doubled. No BOM.
//
// The reader takes the same dialect (LF line ends accepted too) for the files a platform hands in
// (--identities), bounded and reporting each problem as FILE:LINE:COLUMN: reason.
//
// Pure: no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chain/result.h"

namespace folio::audit {

// Appends one field, quoted when it must be.
void append_csv_field(std::string& out, std::string_view field);
// Appends one record: the fields separated by ',' and CRLF.
void append_csv_record(std::string& out, const std::vector<std::string>& fields);

struct CsvRecord {
    size_t line = 0;  // 1-based line where the record starts
    std::vector<std::string> fields;
};

struct CsvLimits {
    size_t max_records = 10'000'000;
    size_t max_fields = 64;
    size_t max_field_bytes = 4096;
};

// Parses a whole document. INVALID_ARGUMENT "NAME:LINE:COLUMN: reason" for a quote inside an unquoted field,
// text after a closing quote, an unterminated quoted field, a field or record count over the limits, or
// bytes that are not UTF-8. An empty last line is not a record.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view name, const CsvLimits& limits = {});

}  // namespace folio::audit
