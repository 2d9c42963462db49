#include "audit/csv.h"

#include "chain/tx.h"

namespace folio::audit {

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void append_csv_record(std::string& out, const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_csv_field(out, fields[i]);
    }
    out.append("\r\n");
}

CsvReader::CsvReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::fail(uint64_t line, uint64_t column, std::string reason) {
    failed_ = true;
    problem_ = CsvProblem{line, column, std::move(reason)};
    return false;
}

bool CsvReader::next(CsvRecord& out) {
    if (failed_ || pos_ >= text_.size()) return false;
    out.line = line_;
    out.fields.clear();
    const size_t record_start = pos_;
    std::string field;
    bool quoted = false;      // inside a quoted field
    bool was_quoted = false;  // the current field was quoted (only a separator or line end may follow)
    auto end_field = [&]() -> bool {
        if (out.fields.size() >= kMaxCsvFields) {
            return fail(out.line, out.fields.size() + 1,
                        "more than " + std::to_string(kMaxCsvFields) + " fields");
        }
        out.fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
        return true;
    };
    while (pos_ < text_.size()) {
        if (pos_ - record_start > kMaxCsvRecordBytes) {
            return fail(out.line, out.fields.size() + 1,
                        "record longer than " + std::to_string(kMaxCsvRecordBytes) + " bytes");
        }
        const char c = text_[pos_];
        const uint64_t column = out.fields.size() + 1;
        if (quoted) {
            ++pos_;
            if (c == '"') {
                if (pos_ < text_.size() && text_[pos_] == '"') {
                    field += '"';
                    ++pos_;
                } else {
                    quoted = false;
                    was_quoted = true;
                }
                continue;
            }
            if (c == '\n') ++line_;
            field += c;
        } else if (c == ',') {
            ++pos_;
            if (!end_field()) return false;
            continue;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r') {
                if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n') {
                    return fail(out.line, column, "a CR that does not end a line (CRLF) outside quotes");
                }
                ++pos_;
            }
            ++pos_;
            ++line_;
            return end_field();
        } else if (c == '"') {
            if (!field.empty() || was_quoted) {
                return fail(out.line, column,
                            "a quote inside an unquoted field (quote the field and double it)");
            }
            quoted = true;
            ++pos_;
        } else {
            if (was_quoted) return fail(out.line, column, "text after the closing quote of a field");
            field += c;
            ++pos_;
        }
        if (field.size() > kMaxCsvFieldBytes) {
            return fail(out.line, column,
                        "field longer than " + std::to_string(kMaxCsvFieldBytes) + " bytes");
        }
    }
    if (quoted)
        return fail(out.line, out.fields.size() + 1,
                    "a quoted field is not closed before the end of the file");
    return end_field();
}

bool field_is_utf8(std::string_view s) {
    return is_valid_utf8(s);
}

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view name, size_t max_records) {
    auto fail = [&](uint64_t line, uint64_t column, const std::string& why) {
        return make_error(Reason::INVALID_ARGUMENT,
                          std::string(name) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + why);
    };
    std::vector<CsvRecord> records;
    CsvReader reader(text);
    CsvRecord record;
    while (reader.next(record)) {
        for (size_t f = 0; f < record.fields.size(); ++f) {
            if (!field_is_utf8(record.fields[f])) return fail(record.line, f + 1, "not UTF-8");
        }
        if (records.size() >= max_records)
            return fail(record.line, 1, "more than " + std::to_string(max_records) + " records");
        records.push_back(std::move(record));
        record = CsvRecord{};
    }
    if (reader.failed()) return fail(reader.problem().line, reader.problem().column, reader.problem().reason);
    return records;
}

}  // namespace folio::audit
