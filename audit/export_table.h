// The rows of one export, written as CSV (audit/csv.h) or JSON. The columns are fixed per export and
// typed: a text cell is a JSON string, an integer cell a JSON number, an amount cell a decimal string with
// the asset's decimals (as everywhere in Folio); an empty cell is null in JSON. The JSON form is
//   {"columns": [NAME...], "rows": [{NAME: VALUE, ...}, ...]}
// with the members of a row in column order.
//
// Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace folio::audit {

enum class ExportFormat { csv, json };
enum class CellKind { text, integer, amount };

struct Column {
    std::string name;
    CellKind kind = CellKind::text;
};

class ExportTable {
  public:
    ExportTable(std::vector<Column> columns, ExportFormat format);
    const std::vector<Column>& columns() const { return columns_; }
    // One row, a cell per column in order ("" for none). An integer cell holds decimal digits only.
    void add_row(const std::vector<std::string>& cells);
    size_t rows() const { return rows_; }
    // The file's bytes; the table is empty afterwards.
    std::string finish();

  private:
    std::vector<Column> columns_;
    ExportFormat format_;
    std::string out_;
    size_t rows_ = 0;
};

// "2026-12-02T05:22:46.123Z": the ISO 8601 UTC form of a time in ms since the epoch.
std::string iso8601_utc(uint64_t time_ms);

}  // namespace folio::audit
