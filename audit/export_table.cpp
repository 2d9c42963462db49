#include "audit/export_table.h"

#include <time.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "audit/csv.h"

namespace folio::audit {

ExportTable::ExportTable(std::vector<Column> columns, ExportFormat format)
    : columns_(std::move(columns)), format_(format) {
    std::vector<std::string> names;
    for (const Column& c : columns_) names.push_back(c.name);
    if (format_ == ExportFormat::csv) {
        append_csv_record(out_, names);
    } else {
        out_ = "{\"columns\":" + nlohmann::json(names).dump() + ",\"rows\":[";
    }
}

void ExportTable::add_row(const std::vector<std::string>& cells) {
    ++rows_;
    if (format_ == ExportFormat::csv) {
        append_csv_record(out_, cells);
        return;
    }
    if (rows_ > 1) out_.push_back(',');
    out_.append("\n{");
    for (size_t i = 0; i < columns_.size(); ++i) {
        if (i > 0) out_.push_back(',');
        out_.append(nlohmann::json(columns_[i].name).dump());
        out_.push_back(':');
        const std::string& cell = i < cells.size() ? cells[i] : std::string();
        if (cell.empty()) {
            out_.append("null");
        } else if (columns_[i].kind == CellKind::integer) {
            out_.append(cell);
        } else {
            out_.append(nlohmann::json(cell).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
    }
    out_.push_back('}');
}

std::string ExportTable::finish() {
    if (format_ == ExportFormat::json) out_.append("\n]}\n");
    return std::move(out_);
}

std::string iso8601_utc(uint64_t time_ms) {
    const time_t secs = static_cast<time_t>(time_ms / 1000);
    struct tm tm {};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned>(time_ms % 1000));
    return buf;
}

}  // namespace folio::audit
