// The phases of an import and the txs each one submits, planned from a validated source alone: the same files
// always give the same txs in the same order, with the same client_ref (imp:<import_id>:<phase>:<line>, the
// line of the first source row a tx carries), so that a rerun after a crash recognizes what committed.
//
// Phases run in the table's order, each one committed before the next starts (an issue needs its asset
// committed). A phase whose `plan` is empty is validated but not submitted yet: its instrument is not on the
// chain (minibond schedules, campaigns and their subscriptions); adding one is adding its planner here.
//
// Pure: no I/O.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "audit/import_source.h"

namespace folio::audit {

// Who signs a phase's txs: an account with this role on the chain (docs/ops.md).
enum class SignerRole { operator_, issuer };
std::string_view signer_role_name(SignerRole role);

struct PlannedTx {
    std::string phase;
    uint64_t line = 0;  // first source line the tx carries
    uint64_t rows = 0;  // source rows it carries
    std::string client_ref;
    SignerRole signer = SignerRole::operator_;
    nlohmann::json ops = nlohmann::json::array();
    std::string memo;
};

struct PhaseSpec {
    std::string_view name;
    std::string_view file;  // the source file whose lines the client_refs name
    SignerRole signer;
    std::function<std::vector<PlannedTx>(const ImportSource&)> plan;  // empty: validated, not submitted
    std::string_view not_submitted;                                   // why, when plan is empty
};

const std::vector<PhaseSpec>& import_phases();

// Bounds on one tx, below the chain's (64 ops, 128 KiB, 1,000 recipients of an issue).
inline constexpr size_t kHoldersPerAccountTx = 32;    // account_register + kyc_attest each
inline constexpr size_t kRecipientsPerIssueTx = 500;  // one issue op
inline constexpr size_t kFreezesPerTx = 64;

// The memo of an asset's asset_create tx: its legacy movement history, by digest (docs/import.md).
std::string movements_memo(const std::string& import_id, const std::string& symbol, const MovementSummary& m);

}  // namespace folio::audit
