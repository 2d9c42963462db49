#include "audit/export_output.h"

#include <filesystem>

#include "chain/crypto/bech32m.h"
#include "chain/crypto/hash.h"
#include "keys/file_io.h"

namespace folio::audit {

std::string source_usage(const ParsedArgs& args) {
    if (args.has("--datadir") == args.has("--rpc")) return "give exactly one of --datadir DIR and --rpc URL";
    if (args.has("--genesis") && args.has("--chain-id")) return "give at most one of --genesis and --chain-id";
    return "";
}

std::optional<OutputOptions> output_options(const ParsedArgs& args, std::string& why) {
    OutputOptions o;
    const std::string format = args.get("--format").value_or("csv");
    if (format == "json") {
        o.format = ExportFormat::json;
    } else if (format != "csv") {
        why = "--format: csv or json, not " + format;
        return std::nullopt;
    }
    auto out = args.get("--out");
    if (!out || out->empty()) {
        why = "--out FILE is required (the manifest is written to FILE.manifest.json)";
        return std::nullopt;
    }
    o.out = *out;
    return o;
}

std::optional<Height> height_option(const ParsedArgs& args, const char* name, std::string& why) {
    auto v = args.get(name);
    if (!v) return std::nullopt;
    if (v->empty() || v->size() > 19 || v->find_first_not_of("0123456789") != std::string::npos) {
        why = std::string(name) + ": not a height";
        return std::nullopt;
    }
    return std::stoull(*v);
}

std::optional<ExportStart> export_start(const ParsedArgs& args, bool range, std::string& why) {
    why = source_usage(args);
    if (!why.empty()) return std::nullopt;
    ExportStart start;
    auto output = output_options(args, why);
    if (!output) return std::nullopt;
    start.output = std::move(*output);
    if (range) {
        start.from = height_option(args, "--from", why).value_or(0);
        if (!why.empty()) return std::nullopt;
        start.to = height_option(args, "--to", why);
        if (!why.empty()) return std::nullopt;
    }
    return start;
}

Result<Height> range_end(const ExportStart& start, Height head) {
    const Height to = start.to.value_or(head);
    if (to > head)
        return make_error(Reason::INVALID_ARGUMENT,
                          "--to " + std::to_string(to) + ": the chain has blocks up to " + std::to_string(head));
    if (start.from > to)
        return make_error(Reason::INVALID_ARGUMENT,
                          "--from " + std::to_string(start.from) + " is after --to " + std::to_string(to));
    return to;
}

int usage_failed(std::ostream& err, const char* command, const std::string& message) {
    return command_failed(err, command, kExitUsage,
                          message + " (see folio-audit " + std::string(command) + " --help)");
}

int open_failed(std::ostream& err, const char* command, const SourceError& e) {
    if (e.code == kExitUsage) return usage_failed(err, command, e.message);
    return command_failed(err, command, e.code, e.message);
}

std::string address_or_empty(const std::optional<AccountId>& a) {
    return a ? crypto::encode_address(*a) : std::string();
}

Result<nlohmann::json> manifest_base(ExportSource& source, const char* export_name, Height height) {
    auto header = source.header(height);
    if (!header) return header.error();
    return nlohmann::json{{"export", export_name},
                          {"chain_id", to_hex(source.chain_id())},
                          {"height", height},
                          {"block_hash", to_hex(header->hash())},
                          {"state_root", to_hex(header->state_root)},
                          {"block_time", iso8601_utc(header->time_ms)},
                          {"verified", source.verified()},
                          {"source", source.description()}};
}

Status write_export(const OutputOptions& options, ExportTable& table, nlohmann::json manifest) {
    nlohmann::json columns = nlohmann::json::array();
    for (const Column& c : table.columns()) columns.push_back(c.name);
    const size_t rows = table.rows();
    const std::string content = table.finish();
    const Hash256 digest = crypto::sha256(ByteView(reinterpret_cast<const uint8_t*>(content.data()), content.size()));
    manifest["format"] = options.format == ExportFormat::csv ? "csv" : "json";
    manifest["file"] = std::filesystem::path(options.out).filename().string();
    manifest["bytes"] = content.size();
    manifest["sha256"] = to_hex(digest);
    manifest["rows"] = rows;
    manifest["columns"] = std::move(columns);
    if (Status s = keys::write_file_atomic(options.out, content, 0644); !s) return s;
    return keys::write_file_atomic(options.out + ".manifest.json",
                                   manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                                   0644);
}

Result<RecordedSupply> supply_at(ExportSource& source, const AssetFacts& asset, Height height) {
    auto recorded = source.recorded_supply(asset, height);
    if (!recorded) return recorded.error();
    if (*recorded) return std::move(**recorded);
    RecordedSupply sum{0, 0, "sum of the balance history at block " + std::to_string(height)};
    std::optional<AccountId> after;
    constexpr size_t kPage = 10'000;
    for (;;) {
        auto page = source.holders(asset, height, after, kPage, false);
        if (!page) return page.error();
        for (const HolderRow& row : *page) {
            if (!checked_add(sum.supply, row.balance.amount, sum.supply))
                return make_error(Reason::CORRUPTION, "the holdings of " + asset.symbol + " overflow");
            ++sum.holders;
        }
        if (page->size() < kPage) return sum;
        after = page->back().account;
    }
}

int command_failed(std::ostream& err, const char* command, int code, const std::string& message) {
    err << "folio-audit " << command << ": " << message << "\n";
    return code;
}

int read_failure_code(const Error& e) {
    return e.reason == Reason::IO_ERROR || e.reason == Reason::UNAVAILABLE || e.reason == Reason::TIMEOUT ||
                   e.reason == Reason::NOT_AUTHORIZED
               ? kExitUnreadable
               : kExitDiscrepancy;
}

}  // namespace folio::audit
