#include "audit/import_loader.h"

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "audit/import_checks.h"
#include "audit/csv.h"
#include "chain/crypto/hash.h"
#include "contracts/calendar.h"
#include "rpc/json_limits.h"
namespace folio::audit {
namespace import_internal {

using nlohmann::json;

const std::vector<FileSpec>& file_specs() {
    static const std::vector<FileSpec> kFiles = {
        {"accounts.csv",
         {"holder_id", "pubkey", "kyc_level", "kyc_category", "kyc_expires", "kyc_doc_hash"},
         true},
        {"assets.csv",
         {"symbol", "class", "decimals", "max_supply", "kyc_min_level", "max_holders", "transferable",
          "metadata_hash"},
         true},
        {"holdings.csv", {"symbol", "holder_id", "amount", "frozen"}, true},
        {"campaigns.csv",
         {"campaign_id", "symbol", "currency", "price", "target", "min_ticket", "opens", "closes",
          "collected", "units_sold"},
         false},
        {"movements.csv",
         {"seq", "date", "symbol", "type", "from_holder", "to_holder", "amount", "campaign", "reference"},
         true},
        {"schedules.csv",
         {"symbol", "instalment", "due_date", "currency", "principal", "interest", "status", "paid_date"},
         false},
        {"subscriptions.csv", {"campaign_id", "holder_id", "units", "amount", "date"}, false},
    };
    return kFiles;
}

static bool is_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == ':';
}

bool is_valid_id(std::string_view s, size_t max_length) {
    if (s.empty() || s.size() > max_length) return false;
    for (char c : s) {
        if (!is_id_char(c)) return false;
    }
    return true;
}

bool parse_uint(std::string_view s, uint64_t max, uint64_t& out) {
    if (s.empty() || s.size() > 20 || (s.size() > 1 && s[0] == '0')) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        const uint64_t d = static_cast<uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    if (v > max) return false;
    out = v;
    return true;
}

bool parse_hash(std::string_view s, Hash256& out) {
    if (s.size() != 64) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return from_hex_fixed(s, out);
}

namespace {

Result<std::string> read_bounded(const std::string& path, size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(Reason::NOT_FOUND, "cannot open the file");
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) return make_error(Reason::IO_ERROR, "cannot read the file");
    if (static_cast<uint64_t>(size) > max_bytes) {
        return make_error(Reason::TOO_LARGE, "larger than " + std::to_string(max_bytes) + " bytes");
    }
    in.seekg(0);
    std::string data(static_cast<size_t>(size), '\0');
    in.read(data.data(), size);
    if (!in) return make_error(Reason::IO_ERROR, "cannot read the file");
    return data;
}

}  // namespace

bool Loader::load_manifest() {
    const std::string file = "manifest.json";
    auto text = read_bounded(s_.dir + "/manifest.json", kMaxManifestBytes);
    if (!text) {
        problem(file, 1, 1, text.error().message);
        return false;
    }
    // The manifest nests two levels; a deeper document is refused before it is built.
    json doc;
    std::string why;
    if (!rpc::parse_json_bounded(*text, 8, doc, why) || !doc.is_object()) {
        problem(file, 1, 1, why.empty() ? "not a JSON object" : "not a JSON object: " + why);
        return false;
    }
    auto str = [&](const char* key) -> std::optional<std::string> {
        auto it = doc.find(key);
        if (it == doc.end() || !it->is_string()) {
            problem(file, 1, 1, std::string(key) + ": missing or not a string");
            return std::nullopt;
        }
        return it->get<std::string>();
    };
    bool ok = true;
    if (str("format").value_or("") != "folio-import") {
        problem(file, 1, 1, "format: must be \"folio-import\"");
        ok = false;
    }
    if (!doc.contains("version") || !doc["version"].is_number_unsigned() ||
        doc["version"].get<uint64_t>() != 1) {
        problem(file, 1, 1, "version: must be 1 (this folio-audit reads format version 1)");
        ok = false;
    }
    auto id = str("import_id");
    if (!id || !is_valid_id(*id, kMaxImportIdLength) || id->find(':') != std::string::npos) {
        if (id) problem(file, 1, 1, "import_id: 1 to 32 characters of A-Z a-z 0-9 . _ -");
        ok = false;
    } else {
        s_.manifest.import_id = *id;
    }
    auto cutover = str("cutover");
    if (!cutover || !parse_import_time(*cutover, s_.manifest.cutover_ms)) {
        if (cutover) problem(file, 1, 1, "cutover: a date YYYY-MM-DDTHH:MM:SSZ");
        ok = false;
    }
    const json* files = doc.contains("files") && doc["files"].is_object() ? &doc["files"] : nullptr;
    if (files == nullptr) {
        problem(file, 1, 1, "files: missing or not an object");
        return false;
    }
    for (const auto& [name, entry] : files->items()) {
        const bool known = std::any_of(file_specs().begin(), file_specs().end(),
                                       [&](const FileSpec& f) { return name == f.name; });
        ManifestFile mf;
        if (!known) {
            problem(file, 1, 1, "files: " + name + " is not a file of the import format");
            ok = false;
        } else if (!entry.is_object() || !entry.contains("sha256") || !entry["sha256"].is_string() ||
                   !parse_hash(entry["sha256"].get<std::string>(), mf.sha256) || !entry.contains("rows") ||
                   !entry["rows"].is_number_unsigned()) {
            problem(file, 1, 1, "files." + name + ": must be {sha256: 64 lowercase hex, rows: count}");
            ok = false;
        } else {
            mf.rows = entry["rows"].get<uint64_t>();
            s_.manifest.files[name] = mf;
        }
    }
    for (const auto& spec : file_specs()) {
        if (spec.required && !files->contains(spec.name)) {
            problem(file, 1, 1, std::string("files: ") + spec.name + " is required");
            ok = false;
        }
    }
    if (!doc.contains("supply") || !doc["supply"].is_object()) {
        problem(file, 1, 1, "supply: missing or not an object (declared supply per asset)");
        return false;
    }
    for (const auto& [symbol, v] : doc["supply"].items()) {
        if (!v.is_string()) {
            problem(file, 1, 1, "supply." + symbol + ": an amount as a decimal string");
            ok = false;
            continue;
        }
        s_.manifest.supply[symbol] = v.get<std::string>();
    }
    return ok;
}

void Loader::load_file(const FileSpec& spec) {
    const std::string file = spec.name;
    file_ = file;
    auto listed = s_.manifest.files.find(file);
    if (listed == s_.manifest.files.end()) return;
    auto text = read_bounded(s_.dir + "/" + file, kMaxImportFileBytes);
    if (!text) {
        problem(file, 1, 1, text.error().message);
        return;
    }
    const Hash256 digest = crypto::sha256(as_bytes(*text));
    if (digest != listed->second.sha256) {
        problem(file, 1, 1,
                "SHA-256 " + to_hex(digest) + " is not the one manifest.json gives (" +
                    to_hex(listed->second.sha256) + ")");
    }
    CsvReader reader(*text);
    CsvRecord record;
    if (!reader.next(record)) {
        if (reader.failed()) {
            problem(file, reader.problem().line, reader.problem().column, reader.problem().reason);
        } else {
            problem(file, 1, 1, "empty file: the header row is missing");
        }
        return;
    }
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        if (c >= record.fields.size() || record.fields[c] != spec.columns[c]) {
            problem(file, 1, c + 1,
                    "header: column " + std::to_string(c + 1) + " must be " + spec.columns[c]);
            return;
        }
    }
    if (record.fields.size() != spec.columns.size()) {
        problem(file, 1, spec.columns.size() + 1, "header: more columns than the format has");
        return;
    }
    uint64_t rows = 0;
    while (reader.next(record)) {
        ++rows;
        if (record.fields.size() != spec.columns.size()) {
            const size_t column = std::min(record.fields.size(), spec.columns.size()) + 1;
            problem(file, record.line, column,
                    std::to_string(record.fields.size()) + " fields, the header has " +
                        std::to_string(spec.columns.size()));
            mark_unreadable(file, record.fields);
            continue;
        }
        bool utf8 = true;
        for (size_t c = 0; c < record.fields.size() && utf8; ++c) {
            if (!field_is_utf8(record.fields[c])) {
                problem(file, record.line, c + 1, "not valid UTF-8");
                utf8 = false;
            }
        }
        if (utf8) {
            parse_row(file, record);
        } else {
            mark_unreadable(file, record.fields);
        }
    }
    if (reader.failed()) {
        problem(file, reader.problem().line, reader.problem().column, reader.problem().reason);
        return;
    }
    if (rows != listed->second.rows) {
        problem(
            file, 1, 1,
            std::to_string(rows) + " data rows, manifest.json says " + std::to_string(listed->second.rows));
    }
}

void Loader::mark_unreadable(const std::string& file, const std::vector<std::string>& f) {
    auto field = [&](size_t i) { return i < f.size() ? f[i] : std::string(); };
    // The line of a duplicate keeps the first line's checks: only a subject without a good line is marked.
    if (file == "accounts.csv" && !holder_index_.count(field(0))) t_.unreadable_holders.insert(field(0));
    if (file == "assets.csv" && !asset_index_.count(field(0))) t_.unreadable_assets.insert(field(0));
    if (file == "campaigns.csv" && !campaign_index_.count(field(0))) t_.unreadable_campaigns.insert(field(0));
    if (file == "subscriptions.csv") t_.unreadable_campaigns.insert(field(0));
    if (file == "holdings.csv") {
        t_.unreadable_assets.insert(field(0));
        t_.unreadable_holdings.insert({field(0), field(1)});
    }
    if (file == "movements.csv") t_.unreadable_assets.insert(field(2));
}

void Loader::parse_row(const std::string& file, const CsvRecord& r) {
    static const std::map<std::string, void (Loader::*)(const CsvRecord&)> kRows = {
        {"accounts.csv", &Loader::account_row},          {"assets.csv", &Loader::asset_row},
        {"holdings.csv", &Loader::holding_row},          {"movements.csv", &Loader::movement_row},
        {"schedules.csv", &Loader::schedule_row},        {"campaigns.csv", &Loader::campaign_row},
        {"subscriptions.csv", &Loader::subscription_row}};
    const size_t before = s_.problems.size();
    (this->*kRows.at(file))(r);
    if (s_.problems.size() > before) mark_unreadable(file, r.fields);
}

bool Loader::amount_field(const std::string& file, const CsvRecord& r, size_t col, const AssetRow& asset,
                          Amount& out, bool allow_zero) {
    const std::string& v = r.fields[col - 1];
    const size_t dot = v.find('.');
    if (dot != std::string::npos && v.size() - dot - 1 > asset.decimals) {
        problem(file, r.line, col,
                "'" + v + "' has more decimals than " + asset.symbol + " has (" +
                    std::to_string(asset.decimals) + ")");
        return false;
    }
    if (!parse_amount(v, asset.decimals, out)) {
        problem(file, r.line, col, "'" + v + "' is not an amount of " + asset.symbol);
        return false;
    }
    if (!allow_zero && out == 0) {
        problem(file, r.line, col, "amount must be above zero");
        return false;
    }
    return true;
}

bool Loader::time_field(const std::string& file, const CsvRecord& r, size_t col, uint64_t& out) {
    if (parse_import_time(r.fields[col - 1], out)) return true;
    problem(file, r.line, col, "bad date '" + r.fields[col - 1] + "' (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
    return false;
}

bool Loader::uint_field(const std::string& file, const CsvRecord& r, size_t col, uint64_t max,
                        uint64_t& out) {
    if (parse_uint(r.fields[col - 1], max, out)) return true;
    problem(file, r.line, col,
            "'" + r.fields[col - 1] + "' is not a whole number from 0 to " + std::to_string(max));
    return false;
}

const AssetRow* Loader::asset_field(const std::string& file, const CsvRecord& r, size_t col) {
    auto it = asset_index_.find(r.fields[col - 1]);
    if (it != asset_index_.end()) return &s_.assets[it->second];
    if (!t_.unreadable_assets.count(r.fields[col - 1])) {
        problem(file, r.line, col, "unknown symbol '" + r.fields[col - 1] + "' (not in assets.csv)");
    }
    return nullptr;
}

bool Loader::holder_field(const std::string& file, const CsvRecord& r, size_t col) {
    if (holder_index_.count(r.fields[col - 1]) || t_.unreadable_holders.count(r.fields[col - 1])) return true;
    problem(file, r.line, col, "unknown holder '" + r.fields[col - 1] + "' (not in accounts.csv)");
    return false;
}

void Loader::run() {
    if (!load_manifest()) return;
    for (const auto& spec : file_specs()) load_file(spec);
    s_.holder_index.insert(holder_index_.begin(), holder_index_.end());
    s_.asset_index.insert(asset_index_.begin(), asset_index_.end());
    for (const auto& [symbol, text] : movement_text_)
        s_.movements[symbol].sha256 = crypto::sha256(as_bytes(text));
    for (const auto& [symbol, declared] : s_.manifest.supply) {
        if (!asset_index_.count(symbol) && !t_.unreadable_assets.count(symbol)) {
            problem("manifest.json", 1, 1, "supply." + symbol + ": not an asset of assets.csv");
        }
    }
    check_across_files(s_, t_, now_ms_);
}

}  // namespace import_internal

using import_internal::Loader;

std::string ImportProblem::text() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + reason;
}

uint64_t ImportSource::data_rows() const {
    uint64_t n = 0;
    for (const auto& [name, f] : manifest.files) n += f.rows;
    return n;
}

const AssetRow* ImportSource::asset(const std::string& symbol) const {
    auto it = asset_index.find(symbol);
    return it == asset_index.end() ? nullptr : &assets[it->second];
}

const HolderRow* ImportSource::holder(const std::string& holder_id) const {
    auto it = holder_index.find(holder_id);
    return it == holder_index.end() ? nullptr : &holders[it->second];
}

ImportSource load_import_source(const std::string& dir, uint64_t now_ms) {
    ImportSource source;
    source.dir = dir;
    Loader(source, now_ms).run();
    return source;
}

bool parse_import_time(std::string_view t, uint64_t& out_ms) {
    auto digits = [&](size_t at, size_t n, uint32_t& v) {
        v = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (t[i] < '0' || t[i] > '9') return false;
            v = v * 10 + static_cast<uint32_t>(t[i] - '0');
        }
        return true;
    };
    if (t.size() != 10 && t.size() != 20) return false;
    uint32_t y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    if (!digits(0, 4, y) || t[4] != '-' || !digits(5, 2, m) || t[7] != '-' || !digits(8, 2, d)) return false;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > contracts::days_in_month(y, m)) return false;
    if (t.size() == 20) {
        if (t[10] != 'T' || !digits(11, 2, hh) || t[13] != ':' || !digits(14, 2, mm) || t[16] != ':' ||
            !digits(17, 2, ss) || t[19] != 'Z' || hh > 23 || mm > 59 || ss > 59) {
            return false;
        }
    }
    out_ms = contracts::days_from_civil({y, m, d}) * contracts::kMsPerDay +
             (uint64_t{hh} * 3600 + uint64_t{mm} * 60 + ss) * 1000;
    return true;
}

std::string format_import_time(uint64_t ms) {
    const auto date = contracts::civil_from_days(ms / contracts::kMsPerDay);
    const uint64_t s = (ms % contracts::kMsPerDay) / 1000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02uZ", date.year, date.month, date.day,
                  static_cast<unsigned>(s / 3600), static_cast<unsigned>(s / 60 % 60),
                  static_cast<unsigned>(s % 60));
    return buf;
}

}  // namespace folio::audit
