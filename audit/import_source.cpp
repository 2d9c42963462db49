#include "audit/import_source.h"

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "audit/import_checks.h"
#include "audit/import_csv.h"
#include "chain/crypto/hash.h"
#include "contracts/calendar.h"
#include "rpc/json_limits.h"

namespace folio::audit {
namespace {

using nlohmann::json;

// The files of an import, in the order they are read (a file may refer only to those before it), with their
// columns. The first four are required.
struct FileSpec {
    const char* name;
    std::vector<std::string> columns;
    bool required;
};

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

bool is_id_char(char c) {
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

std::string csv_quoted(const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

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

void Loader::account_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    HolderRow h;
    h.line = r.line;
    h.holder_id = f[0];
    if (!is_valid_id(f[0], kMaxHolderIdLength)) return bad(r, 1, "holder_id: 1 to 64 of A-Z a-z 0-9 . _ - :");
    if (auto it = holder_index_.find(f[0]); it != holder_index_.end()) {
        problem(file, r.line, 1,
                "duplicate holder " + f[0] + " (first at line " +
                    std::to_string(s_.holders[it->second].line) + ")");
        return;
    }
    if (!parse_hash(f[1], h.pubkey)) return bad(r, 2, "pubkey: 64 lowercase hex (a BIP340 x-only key)");
    if (!crypto::is_valid_pubkey(h.pubkey)) return bad(r, 2, "pubkey: not a point on the secp256k1 curve");
    if (auto it = pubkey_index_.find(h.pubkey); it != pubkey_index_.end()) {
        return bad(r, 2,
                   "duplicate key: also the key of " + s_.holders[it->second].holder_id + " (line " +
                       std::to_string(s_.holders[it->second].line) + ")");
    }
    const bool any_kyc = !f[2].empty() || !f[3].empty() || !f[4].empty() || !f[5].empty();
    if (any_kyc) {
        uint64_t level = 0;
        if (!parse_uint(f[2], 255, level)) return bad(r, 3, "kyc_level: a whole number from 0 to 255");
        if (f[3].empty() || f[3].size() > 32) return bad(r, 4, "kyc_category: 1 to 32 bytes");
        if (!parse_import_time(f[4], h.kyc_expires_ms)) {
            return bad(r, 5, "bad date '" + f[4] + "' (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
        }
        if (!parse_hash(f[5], h.kyc_doc_hash)) return bad(r, 6, "kyc_doc_hash: 64 lowercase hex");
        h.has_kyc = true;
        h.kyc_level = static_cast<uint8_t>(level);
        h.kyc_category = f[3];
        h.kyc_carried = h.kyc_expires_ms > std::max(s_.manifest.cutover_ms, now_ms_);
    }
    h.account = account_id_of(h.pubkey);
    holder_index_.emplace(h.holder_id, s_.holders.size());
    pubkey_index_.emplace(h.pubkey, s_.holders.size());
    s_.holders.push_back(std::move(h));
}

void Loader::asset_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    AssetRow a;
    a.line = r.line;
    a.symbol = f[0];
    if (!is_valid_symbol(f[0])) return bad(r, 1, "symbol: 1 to 12 of A-Z 0-9 . -");
    if (asset_index_.count(f[0])) return bad(r, 1, "duplicate symbol " + f[0]);
    if (!asset_class_from_name(f[1], a.asset_class)) {
        return bad(r, 2, "class: one of equity, minibond, royalty, currency, other");
    }
    uint64_t v = 0;
    if (!parse_uint(f[2], kMaxDecimals, v)) return bad(r, 3, "decimals: 0 to 18");
    a.decimals = static_cast<uint8_t>(v);
    if (!amount_field(file, r, 4, a, a.max_supply, false)) return;
    if (!f[4].empty()) {
        if (!parse_uint(f[4], 255, v)) return bad(r, 5, "kyc_min_level: empty or 0 to 255");
        a.kyc_min_level = static_cast<uint8_t>(v);
    }
    if (!f[5].empty()) {
        if (!parse_uint(f[5], UINT32_MAX, v)) return bad(r, 6, "max_holders: empty or 0 to 4294967295");
        a.max_holders = static_cast<uint32_t>(v);
    }
    if (!f[6].empty()) {
        if (f[6] != "true" && f[6] != "false") return bad(r, 7, "transferable: empty, true or false");
        a.transferable = f[6] == "true";
    }
    if (!f[7].empty()) {
        Hash256 h{};
        if (!parse_hash(f[7], h)) return bad(r, 8, "metadata_hash: empty or 64 lowercase hex");
        a.metadata_hash = h;
    }
    auto declared = s_.manifest.supply.find(a.symbol);
    if (declared == s_.manifest.supply.end())
        return bad(r, 1, "manifest.json declares no supply for " + a.symbol);
    if (!parse_amount(declared->second, a.decimals, a.declared_supply)) {
        return bad(
            r, 1,
            "manifest.json's supply of " + a.symbol + " ('" + declared->second + "') is not an amount of it");
    }
    asset_index_.emplace(a.symbol, s_.assets.size());
    s_.assets.push_back(std::move(a));
}

void Loader::holding_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    const AssetRow* asset = asset_field(file, r, 1);
    const bool holder = holder_field(file, r, 2);
    if (asset == nullptr || !holder) return;
    const auto key = std::make_pair(f[0], f[1]);
    HoldingRow h{r.line, f[0], f[1], 0, 0};
    if (!holding_keys_.insert(key).second) {
        problem(file, r.line, 2, "duplicate holding of " + f[0] + " by " + f[1]);
        return;
    }
    if (!amount_field(file, r, 3, *asset, h.amount, false)) return;
    if (!amount_field(file, r, 4, *asset, h.frozen, true)) return;
    if (h.frozen > h.amount) {
        problem(file, r.line, 4, "frozen " + f[3] + " is more than the amount " + f[2]);
        return;
    }
    s_.holdings.push_back(std::move(h));
}

void Loader::movement_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    ++s_.movement_rows;
    uint64_t seq = 0;
    uint64_t date = 0;
    if (!uint_field(file, r, 1, UINT64_MAX, seq)) return;
    if (seq <= last_seq_) {
        problem(file, r.line, 1, "seq " + f[0] + " does not follow " + std::to_string(last_seq_));
        return;
    }
    last_seq_ = seq;
    if (!time_field(file, r, 2, date)) return;
    if (date > s_.manifest.cutover_ms) {
        problem(file, r.line, 2, "date " + f[1] + " is after the cut-over");
        return;
    }
    const AssetRow* asset = asset_field(file, r, 3);
    if (asset == nullptr) return;
    std::string& text = movement_text_[f[2]];
    for (size_t i = 0; i < f.size(); ++i) {
        if (i > 0) text += ',';
        text += csv_quoted(f[i]);
    }
    text += '\n';
    ++s_.movements[f[2]].rows;
    const std::string& type = f[3];
    const bool from_holder =
        type == "transfer" || type == "forced_transfer" || type == "redemption" || type == "subscription";
    const bool to_holder =
        type == "issue" || type == "transfer" || type == "forced_transfer" || type == "refund";
    const bool with_campaign = type == "subscription" || type == "refund";
    if (!from_holder && !to_holder) {
        problem(file, r.line, 4,
                "type: one of issue, transfer, forced_transfer, redemption, subscription, refund");
        return;
    }
    auto side = [&](size_t col, bool wanted) -> bool {
        if (!wanted) {
            if (f[col - 1].empty()) return true;
            problem(file, r.line, col, "a " + type + " has no " + (col == 5 ? "from_holder" : "to_holder"));
            return false;
        }
        if (f[col - 1].empty()) {
            problem(file, r.line, col, "a " + type + " needs a " + (col == 5 ? "from_holder" : "to_holder"));
            return false;
        }
        return holder_field(file, r, col);
    };
    if (!side(5, from_holder) || !side(6, to_holder)) return;
    if (with_campaign) {
        auto c = campaign_index_.find(f[7]);
        if (c == campaign_index_.end()) {
            if (!t_.unreadable_campaigns.count(f[7])) {
                problem(file, r.line, 8, "a " + type + " needs a campaign of campaigns.csv");
            }
            // The escrow of a campaign whose line is bad cannot be checked: neither can its currency's
            // supply.
            t_.unreadable_assets.insert(f[2]);
            return;
        }
        if (s_.campaigns[c->second].currency != f[2]) {
            problem(file, r.line, 3, "campaign " + f[7] + " collects " + s_.campaigns[c->second].currency);
            return;
        }
    } else if (!f[7].empty()) {
        problem(file, r.line, 8, "a " + type + " names no campaign");
        return;
    }
    Amount amount = 0;
    if (!amount_field(file, r, 7, *asset, amount, false)) return;
    auto add = [&](Amount& to) {
        if (checked_add(to, amount, to)) return true;
        problem(file, r.line, 7, "the sum of the movements of " + f[2] + " overflows");
        return false;
    };
    if (from_holder && !add(t_.by_holding[{f[2], f[4]}].out)) return;
    if (to_holder && !add(t_.by_holding[{f[2], f[5]}].in)) return;
    if (type == "issue" && !add(t_.issued[f[2]].in)) return;
    if (type == "redemption" && !add(t_.issued[f[2]].out)) return;
    if (type == "subscription" && !add(t_.escrow[f[7]].in)) return;
    if (type == "refund" && !add(t_.escrow[f[7]].out)) return;
}

void Loader::schedule_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    ScheduleRow s;
    s.line = r.line;
    s.symbol = f[0];
    const AssetRow* bond = asset_field(file, r, 1);
    if (bond == nullptr) return;
    if (bond->asset_class != AssetClass::minibond) {
        problem(file, r.line, 1, f[0] + " is not a minibond");
        return;
    }
    uint64_t n = 0;
    if (!uint_field(file, r, 2, UINT32_MAX, n) || !time_field(file, r, 3, s.due_ms)) return;
    s.instalment = static_cast<uint32_t>(n);
    auto& last = last_instalment_[f[0]];
    if (s.instalment != last.first + 1) {
        problem(file, r.line, 2,
                "instalment " + f[1] + " of " + f[0] + " should be " + std::to_string(last.first + 1));
        return;
    }
    if (last.first > 0 && s.due_ms <= last.second) {
        problem(file, r.line, 3, "due date " + f[2] + " is not after the previous instalment's");
        return;
    }
    last = {s.instalment, s.due_ms};
    const AssetRow* currency = asset_field(file, r, 4);
    if (currency == nullptr) return;
    if (currency->asset_class != AssetClass::currency) {
        problem(file, r.line, 4, f[3] + " is not a currency");
        return;
    }
    s.currency = f[3];
    if (!amount_field(file, r, 5, *currency, s.principal, true) ||
        !amount_field(file, r, 6, *currency, s.interest, true)) {
        return;
    }
    if (f[6] != "paid" && f[6] != "due") {
        problem(file, r.line, 7, "status: paid or due");
        return;
    }
    s.paid = f[6] == "paid";
    if (s.paid) {
        if (unpaid_seen_[f[0]]) {
            problem(file, r.line, 7, "a paid instalment after one still due");
            return;
        }
        if (!time_field(file, r, 8, s.paid_ms)) return;
        if (s.paid_ms > s_.manifest.cutover_ms) {
            problem(file, r.line, 8, "paid after the cut-over");
            return;
        }
    } else {
        unpaid_seen_[f[0]] = true;
        if (!f[7].empty()) {
            problem(file, r.line, 8, "an instalment still due has no paid_date");
            return;
        }
    }
    s_.schedules.push_back(std::move(s));
}

void Loader::campaign_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    CampaignRow c;
    c.line = r.line;
    c.campaign_id = f[0];
    if (!is_valid_id(f[0], kMaxCampaignIdLength))
        return bad(r, 1, "campaign_id: 1 to 32 of A-Z a-z 0-9 . _ - :");
    if (campaign_index_.count(f[0])) return bad(r, 1, "duplicate campaign " + f[0]);
    const AssetRow* asset = asset_field(file, r, 2);
    const AssetRow* currency = asset_field(file, r, 3);
    if (asset == nullptr || currency == nullptr) return (void)t_.unreadable_campaigns.insert(c.campaign_id);
    if (currency->asset_class != AssetClass::currency) return bad(r, 3, f[2] + " is not a currency");
    if (asset->symbol == currency->symbol) return bad(r, 2, "a campaign cannot sell its own currency");
    c.symbol = f[1];
    c.currency = f[2];
    if (!amount_field(file, r, 4, *currency, c.price, false)) return;
    if (!uint_field(file, r, 5, UINT64_MAX, c.target)) return;
    if (!amount_field(file, r, 6, *currency, c.min_ticket, true)) return;
    if (!time_field(file, r, 7, c.opens_ms) || !time_field(file, r, 8, c.closes_ms)) return;
    if (c.opens_ms > s_.manifest.cutover_ms || c.closes_ms <= s_.manifest.cutover_ms) {
        return bad(r, 8, "not running at the cut-over (opens " + f[6] + ", closes " + f[7] + ")");
    }
    if (!amount_field(file, r, 9, *currency, c.collected, true)) return;
    if (!uint_field(file, r, 10, c.target, c.units_sold)) return;
    Amount expected = 0;
    if (__builtin_mul_overflow(c.units_sold, c.price, &expected) || expected != c.collected) {
        return bad(r, 9, "collected " + f[8] + " is not units_sold x price");
    }
    campaign_index_.emplace(c.campaign_id, s_.campaigns.size());
    s_.campaigns.push_back(std::move(c));
}

void Loader::subscription_row(const CsvRecord& r) {
    const std::string& file = file_;
    const auto& f = r.fields;
    auto c = campaign_index_.find(f[0]);
    if (c == campaign_index_.end()) {
        if (!t_.unreadable_campaigns.count(f[0])) problem(file, r.line, 1, "unknown campaign '" + f[0] + "'");
        return;
    }
    const CampaignRow& campaign = s_.campaigns[c->second];
    if (!holder_field(file, r, 2)) return;
    SubscriptionRow s{r.line, f[0], f[1], 0, 0, 0};
    const AssetRow* currency = &s_.assets[asset_index_.at(campaign.currency)];
    if (!uint_field(file, r, 3, UINT64_MAX, s.units) ||
        !amount_field(file, r, 4, *currency, s.amount, false) || !time_field(file, r, 5, s.date_ms)) {
        return;
    }
    Amount expected = 0;
    if (__builtin_mul_overflow(s.units, campaign.price, &expected) || expected != s.amount) {
        problem(file, r.line, 4, "amount " + f[3] + " is not units x the campaign's price");
        return;
    }
    if (s.date_ms < campaign.opens_ms || s.date_ms > s_.manifest.cutover_ms) {
        problem(file, r.line, 5, "paid outside the campaign's opening and the cut-over");
        return;
    }
    s_.subscriptions.push_back(std::move(s));
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

}  // namespace

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
