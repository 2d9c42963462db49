// A legacy register to import (docs/import.md): manifest.json and its CSV files, read, parsed and checked
// before anything is submitted. Every problem is kept, as FILE:LINE:COLUMN: reason, so that one run lists
// them all; a line with a problem is left out of the checks that would only repeat it (a holding whose amount
// cannot be read is not also reported as not summing to its movements).
//
//   auto source = load_import_source(dir, now_ms);
//   if (!source.problems.empty()) { print them; exit 1; }   // nothing is submitted
//
// load_import_source reads files (bounded: kMaxImportFileBytes each); validate_import_source is pure and
// takes the current time as an argument (KYC must still run when the attestation is recorded).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chain/result.h"
#include "chain/types.h"

namespace folio::audit {

inline constexpr size_t kMaxImportFileBytes = size_t{256} << 20;
inline constexpr size_t kMaxManifestBytes = size_t{1} << 20;
inline constexpr size_t kMaxImportIdLength = 32;
inline constexpr size_t kMaxHolderIdLength = 64;
inline constexpr size_t kMaxCampaignIdLength = 32;

struct ImportProblem {
    std::string file;
    uint64_t line = 0;
    uint64_t column = 0;
    std::string reason;
    std::string text() const;  // "FILE:LINE:COLUMN: reason"
};

struct ManifestFile {
    Hash256 sha256{};
    uint64_t rows = 0;
};

struct Manifest {
    std::string import_id;
    uint64_t cutover_ms = 0;
    std::map<std::string, ManifestFile> files;
    std::map<std::string, std::string>
        supply;  // symbol -> declared supply, as written (parsed with the asset)
};

struct HolderRow {
    uint64_t line = 0;
    std::string holder_id;
    PubKey pubkey{};
    AccountId account{};
    bool has_kyc = false;  // the four KYC fields are all empty when false
    uint8_t kyc_level = 0;
    std::string kyc_category;
    uint64_t kyc_expires_ms = 0;
    Hash256 kyc_doc_hash{};
    bool kyc_carried = false;  // set by validation: the attestation is still running, so it is recorded
};

struct AssetRow {
    uint64_t line = 0;
    std::string symbol;
    AssetClass asset_class = AssetClass::other;
    uint8_t decimals = 0;
    Amount max_supply = 0;
    std::optional<uint8_t> kyc_min_level;
    std::optional<uint32_t> max_holders;
    std::optional<bool> transferable;
    std::optional<Hash256> metadata_hash;
    Amount declared_supply = 0;  // manifest.json's supply
};

struct HoldingRow {
    uint64_t line = 0;
    std::string symbol;
    std::string holder_id;
    Amount amount = 0;
    Amount frozen = 0;
};

// What the movement history of one asset adds up to, and the digest recorded on chain with the asset.
struct MovementSummary {
    uint64_t rows = 0;
    Hash256
        sha256{};  // of the asset's records, each written back as RFC 4180 and ended with LF, in file order
};

struct ScheduleRow {
    uint64_t line = 0;
    std::string symbol;
    uint32_t instalment = 0;
    uint64_t due_ms = 0;
    std::string currency;
    Amount principal = 0;
    Amount interest = 0;
    bool paid = false;
    uint64_t paid_ms = 0;
};

struct CampaignRow {
    uint64_t line = 0;
    std::string campaign_id;
    std::string symbol;
    std::string currency;
    Amount price = 0;       // in the currency, per unit
    uint64_t target = 0;    // units offered
    Amount min_ticket = 0;  // in the currency
    uint64_t opens_ms = 0;
    uint64_t closes_ms = 0;
    Amount collected = 0;  // in the currency, in escrow at the cut-over
    uint64_t units_sold = 0;
};

struct SubscriptionRow {
    uint64_t line = 0;
    std::string campaign_id;
    std::string holder_id;
    uint64_t units = 0;
    Amount amount = 0;
    uint64_t date_ms = 0;
};

struct ImportSource {
    std::string dir;
    Manifest manifest;
    std::vector<HolderRow> holders;
    std::vector<AssetRow> assets;
    std::vector<HoldingRow> holdings;
    std::vector<ScheduleRow> schedules;
    std::vector<CampaignRow> campaigns;
    std::vector<SubscriptionRow> subscriptions;
    std::map<std::string, MovementSummary> movements;  // by symbol
    uint64_t movement_rows = 0;
    std::vector<ImportProblem> problems;
    std::map<std::string, size_t> holder_index;  // holder_id -> holders[i]
    std::map<std::string, size_t> asset_index;   // symbol -> assets[i]

    uint64_t data_rows() const;  // rows of every CSV file, headers excluded
    const AssetRow* asset(const std::string& symbol) const;
    const HolderRow* holder(const std::string& holder_id) const;
};

// Reads DIR/manifest.json and the files it lists, checks their SHA-256, parses each line and runs the
// checks across files. `now_ms`: KYC attestations that end before max(cut-over, now) are expired.
ImportSource load_import_source(const std::string& dir, uint64_t now_ms);

// Dates as the files write them: "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ"; false for anything
// else, a day that does not exist included.
bool parse_import_time(std::string_view text, uint64_t& out_ms);
std::string format_import_time(uint64_t ms);

}  // namespace folio::audit
