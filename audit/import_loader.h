// Internals of the import's loader (audit/import_source.h), shared by the files that read each kind of row:
// import_source.cpp (the manifest, the files, the field readers), import_register_rows.cpp (accounts,
// assets, holdings, movements) and import_instrument_rows.cpp (schedules, campaigns, subscriptions).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "audit/csv.h"
#include "audit/import_checks.h"
#include "audit/import_source.h"

namespace folio::audit::import_internal {

// The files of an import, in the order they are read (a file may refer only to those before it), with their
// columns. The first four are required.
struct FileSpec {
    const char* name;
    std::vector<std::string> columns;
    bool required;
};
const std::vector<FileSpec>& file_specs();

// 1..max_length of A-Z a-z 0-9 . _ - :
bool is_valid_id(std::string_view s, size_t max_length);
// Decimal without sign, leading zero or exponent, at most `max`.
bool parse_uint(std::string_view s, uint64_t max, uint64_t& out);
// 64 lowercase hex.
bool parse_hash(std::string_view s, Hash256& out);

// One file's lines, parsed in order; a parse step reports its problems through `problem` and keeps or drops
// the row.
class Loader {
  public:
    Loader(ImportSource& source, uint64_t now_ms) : s_(source), now_ms_(now_ms) {}

    void run();

  private:
    void problem(const std::string& file, uint64_t line, uint64_t column, std::string reason) {
        s_.problems.push_back(ImportProblem{file, line, column, std::move(reason)});
    }
    bool load_manifest();
    void load_file(const FileSpec& spec);
    void parse_row(const std::string& file, const CsvRecord& r);
    void bad(const CsvRecord& r, size_t column, std::string reason) {
        problem(file_, r.line, column, std::move(reason));
    }
    // A line with a problem: what it would count toward is left out of the checks across files.
    void mark_unreadable(const std::string& file, const std::vector<std::string>& fields);

    void account_row(const CsvRecord& r);
    void asset_row(const CsvRecord& r);
    void holding_row(const CsvRecord& r);
    void movement_row(const CsvRecord& r);
    void schedule_row(const CsvRecord& r);
    void campaign_row(const CsvRecord& r);
    void subscription_row(const CsvRecord& r);

    // Field readers: true with the value, or false after reporting FILE:LINE:COLUMN.
    bool amount_field(const std::string& file, const CsvRecord& r, size_t col, const AssetRow& asset,
                      Amount& out, bool allow_zero);
    bool time_field(const std::string& file, const CsvRecord& r, size_t col, uint64_t& out);
    bool uint_field(const std::string& file, const CsvRecord& r, size_t col, uint64_t max, uint64_t& out);
    const AssetRow* asset_field(const std::string& file, const CsvRecord& r, size_t col);
    // A holder of accounts.csv; one whose own line is bad counts as known (its problem is reported there).
    bool holder_field(const std::string& file, const CsvRecord& r, size_t col);

    ImportSource& s_;
    uint64_t now_ms_;
    ImportTallies t_;
    std::map<std::string, size_t, std::less<>> holder_index_;
    std::map<PubKey, size_t> pubkey_index_;
    std::map<std::string, size_t, std::less<>> asset_index_;
    std::map<std::string, size_t, std::less<>> campaign_index_;
    std::set<std::pair<std::string, std::string>> holding_keys_;
    std::map<std::string, std::string> movement_text_;  // symbol -> its records, for the digest
    std::map<std::string, std::pair<uint32_t, uint64_t>> last_instalment_;  // symbol -> (number, due)
    std::map<std::string, bool> unpaid_seen_;
    uint64_t last_seq_ = 0;
    std::string file_;  // the file being read
};

}  // namespace folio::audit::import_internal
