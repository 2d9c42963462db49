// The consistency report of an import: the source, line by line, against what the ledger holds, read back
// over RPC after the last phase committed. Per asset: class, decimals, max_supply, policy, supply, holder
// count, and the digest of its movement history in the memo of its asset_create tx; per holder: its address
// and key, its KYC attestation, and each holding's amount and frozen part (and no holding the source does not
// have). What a phase only validated (schedules, campaign escrow) is listed with its source figures as
// not_submitted, never as equal.
//
// Written as import-report.json and import-report.csv (docs/import.md); equal() decides the exit code.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "audit/import_plan.h"
#include "chain/result.h"
#include "rpc/client.h"

namespace folio::audit {

enum class CheckStatus { equal, differs, not_submitted };

struct ReportCheck {
    std::string kind;     // "asset", "holder", "schedule", "campaign"
    std::string subject;  // symbol, holder_id, campaign_id
    std::string field;    // "supply", "ACME.amount", "kyc_level"...
    std::string source;
    std::string ledger;
    CheckStatus status = CheckStatus::equal;
};

struct ImportReport {
    std::string import_id;
    std::string chain_id;
    uint64_t height = 0;  // chain height when the ledger was read
    std::vector<ReportCheck> checks;
    size_t count(CheckStatus s) const;
    bool equal() const { return count(CheckStatus::differs) == 0; }
};

// Reads the ledger and compares. `committed`: client_ref -> tx hash of the import's txs (the assets phase's
// give the movement memos). Transport failures and unreadable answers are errors, not differences.
Result<ImportReport> build_import_report(rpc::Client& client, const ImportSource& source,
                                         const std::map<std::string, std::string>& committed);

// Writes DIR/import-report.json and DIR/import-report.csv.
Status write_import_report(const ImportReport& report, const std::string& dir);

}  // namespace folio::audit
