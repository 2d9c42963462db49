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

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view name, const CsvLimits& limits) {
    std::vector<CsvRecord> records;
    size_t line = 1, column = 1;
    auto fail = [&](const std::string& why) {
        return make_error(Reason::INVALID_ARGUMENT,
                          std::string(name) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + why);
    };
    if (!is_valid_utf8(text)) {
        // Name the first line that is not UTF-8.
        size_t start = 0;
        for (size_t i = 0; i <= text.size(); ++i) {
            if (i == text.size() || text[i] == '\n') {
                if (!is_valid_utf8(text.substr(start, i - start))) return fail("not UTF-8");
                ++line;
                start = i + 1;
            }
        }
        return fail("not UTF-8");
    }
    size_t i = 0;
    while (i < text.size()) {
        CsvRecord record;
        record.line = line;
        std::string field;
        bool end_of_record = false;
        column = 1;
        while (!end_of_record) {
            field.clear();
            if (i < text.size() && text[i] == '"') {
                const size_t open_line = line, open_column = column;
                ++i;
                ++column;
                for (;;) {
                    if (i >= text.size()) {
                        line = open_line;
                        column = open_column;
                        return fail("a quoted field is not closed");
                    }
                    const char c = text[i++];
                    ++column;
                    if (c == '"') {
                        if (i < text.size() && text[i] == '"') {
                            field.push_back('"');
                            ++i;
                            ++column;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        ++line;
                        column = 1;
                    }
                    field.push_back(c);
                    if (field.size() > limits.max_field_bytes)
                        return fail("a field is longer than " + std::to_string(limits.max_field_bytes) + " bytes");
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                    return fail("text after a closing quote");
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                    if (text[i] == '"') return fail("a quote inside an unquoted field");
                    field.push_back(text[i++]);
                    ++column;
                    if (field.size() > limits.max_field_bytes)
                        return fail("a field is longer than " + std::to_string(limits.max_field_bytes) + " bytes");
                }
            }
            record.fields.push_back(field);
            if (record.fields.size() > limits.max_fields)
                return fail("more than " + std::to_string(limits.max_fields) + " fields");
            if (i >= text.size()) {
                end_of_record = true;
            } else if (text[i] == ',') {
                ++i;
                ++column;
            } else {
                if (text[i] == '\r') {
                    ++i;
                    if (i >= text.size() || text[i] != '\n') return fail("CR without LF");
                }
                ++i;  // LF
                ++line;
                end_of_record = true;
            }
        }
        records.push_back(std::move(record));
        if (records.size() > limits.max_records)
            return fail("more than " + std::to_string(limits.max_records) + " records");
    }
    return records;
}

}  // namespace folio::audit
