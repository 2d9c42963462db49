#include "audit/import_plan.h"

#include "chain/crypto/bech32m.h"

namespace folio::audit {
namespace {

using nlohmann::json;

std::string client_ref(const ImportSource& s, std::string_view phase, uint64_t line) {
    return "imp:" + s.manifest.import_id + ":" + std::string(phase) + ":" + std::to_string(line);
}

PlannedTx start_tx(const ImportSource& s, std::string_view phase, uint64_t line, SignerRole signer) {
    PlannedTx tx;
    tx.phase = phase;
    tx.line = line;
    tx.client_ref = client_ref(s, phase, line);
    tx.signer = signer;
    return tx;
}

// Each holder's account_register, followed by its kyc_attest when the attestation is still running.
std::vector<PlannedTx> plan_accounts(const ImportSource& s) {
    std::vector<PlannedTx> out;
    for (size_t i = 0; i < s.holders.size(); i += kHoldersPerAccountTx) {
        PlannedTx tx = start_tx(s, "accounts", s.holders[i].line, SignerRole::operator_);
        for (size_t j = i; j < std::min(s.holders.size(), i + kHoldersPerAccountTx); ++j) {
            const HolderRow& h = s.holders[j];
            tx.ops.push_back({{"op", "account_register"}, {"pubkey", to_hex(h.pubkey)}});
            if (h.kyc_carried) {
                tx.ops.push_back({{"op", "kyc_attest"},
                                  {"account", crypto::encode_address(h.account)},
                                  {"level", h.kyc_level},
                                  {"category", h.kyc_category},
                                  {"expires_ms", h.kyc_expires_ms},
                                  {"doc_hash", to_hex(h.kyc_doc_hash)}});
            }
            ++tx.rows;
        }
        out.push_back(std::move(tx));
    }
    return out;
}

// One asset_create per tx, so that the tx's memo pins that asset's movement history.
std::vector<PlannedTx> plan_assets(const ImportSource& s) {
    std::vector<PlannedTx> out;
    for (const AssetRow& a : s.assets) {
        PlannedTx tx = start_tx(s, "assets", a.line, SignerRole::issuer);
        json op = {{"op", "asset_create"},
                   {"symbol", a.symbol},
                   {"class", std::string(asset_class_name(a.asset_class))},
                   {"decimals", a.decimals},
                   {"max_supply", format_amount(a.max_supply, a.decimals)}};
        if (a.metadata_hash) op["metadata_hash"] = to_hex(*a.metadata_hash);
        json policy = json::object();
        if (a.kyc_min_level) policy["kyc_min_level"] = *a.kyc_min_level;
        if (a.max_holders) policy["max_holders"] = *a.max_holders;
        if (a.transferable) policy["transferable"] = *a.transferable;
        if (!policy.empty()) op["policy"] = std::move(policy);
        tx.ops.push_back(std::move(op));
        auto m = s.movements.find(a.symbol);
        tx.memo = movements_memo(s.manifest.import_id, a.symbol,
                                 m == s.movements.end() ? MovementSummary{} : m->second);
        tx.rows = 1;
        out.push_back(std::move(tx));
    }
    return out;
}

// Consecutive holdings of one asset, up to kRecipientsPerIssueTx, in one issue op.
std::vector<PlannedTx> plan_holdings(const ImportSource& s) {
    std::vector<PlannedTx> out;
    for (size_t i = 0; i < s.holdings.size();) {
        const HoldingRow& first = s.holdings[i];
        const uint8_t decimals = s.asset(first.symbol)->decimals;
        PlannedTx tx = start_tx(s, "holdings", first.line, SignerRole::issuer);
        json to = json::array();
        for (; i < s.holdings.size() && s.holdings[i].symbol == first.symbol &&
               to.size() < kRecipientsPerIssueTx;
             ++i) {
            const HoldingRow& h = s.holdings[i];
            to.push_back({{"account", crypto::encode_address(s.holder(h.holder_id)->account)},
                          {"amount", format_amount(h.amount, decimals)}});
        }
        tx.rows = to.size();
        tx.ops.push_back({{"op", "issue"}, {"asset", first.symbol}, {"to", std::move(to)}});
        out.push_back(std::move(tx));
    }
    return out;
}

// The frozen part of each holding, once it is issued.
std::vector<PlannedTx> plan_frozen(const ImportSource& s) {
    std::vector<PlannedTx> out;
    for (const HoldingRow& h : s.holdings) {
        if (h.frozen == 0) continue;
        if (out.empty() || out.back().ops.size() >= kFreezesPerTx) {
            out.push_back(start_tx(s, "frozen", h.line, SignerRole::issuer));
        }
        out.back().ops.push_back({{"op", "freeze"},
                                  {"account", crypto::encode_address(s.holder(h.holder_id)->account)},
                                  {"asset", h.symbol},
                                  {"amount", format_amount(h.frozen, s.asset(h.symbol)->decimals)}});
        ++out.back().rows;
    }
    return out;
}

}  // namespace

std::string_view signer_role_name(SignerRole role) {
    return role == SignerRole::operator_ ? "operator" : "issuer";
}

std::string movements_memo(const std::string& import_id, const std::string& symbol,
                           const MovementSummary& m) {
    return "import " + import_id + ": legacy movements of " + symbol + ", " + std::to_string(m.rows) +
           " rows, sha256 " + to_hex(m.sha256);
}

const std::vector<PhaseSpec>& import_phases() {
    static const std::vector<PhaseSpec> kPhases = {
        {"accounts", "accounts.csv", SignerRole::operator_, plan_accounts, {}},
        {"assets", "assets.csv", SignerRole::issuer, plan_assets, {}},
        {"holdings", "holdings.csv", SignerRole::issuer, plan_holdings, {}},
        {"frozen", "holdings.csv", SignerRole::issuer, plan_frozen, {}},
        {"schedules",
         "schedules.csv",
         SignerRole::issuer,
         {},
         "validated only: the chain has no minibond schedule instrument yet"},
        {"campaigns",
         "campaigns.csv",
         SignerRole::issuer,
         {},
         "validated only: the chain has no campaign instrument (nor its escrow) yet"},
        {"subscriptions",
         "subscriptions.csv",
         SignerRole::issuer,
         {},
         "validated only: subscriptions go into a campaign's escrow, which the chain does not have yet"},
    };
    return kPhases;
}

}  // namespace folio::audit
