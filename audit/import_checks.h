// Internal to the import's validation (audit/import_source.cpp): what the line-by-line pass tallies, and the
// checks across files that use it (sums, supply, KYC, campaigns). Not a public interface.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>

#include "audit/import_source.h"

namespace folio::audit {

// Credits and debits kept apart, so that a history read in any order never goes below zero in arithmetic.
struct Flow {
    Amount in = 0;
    Amount out = 0;
};

struct ImportTallies {
    std::map<std::pair<std::string, std::string>, Flow> by_holding;  // (symbol, holder_id)
    std::map<std::string, Flow> issued;                              // by symbol: issues in, redemptions out
    std::map<std::string, Flow> escrow;                              // by campaign_id
    // Lines with a problem: what they would have counted toward is not checked again.
    std::set<std::string> unreadable_assets;   // a symbol with a bad asset, holding or movement line
    std::set<std::string> unreadable_holders;  // a holder whose accounts.csv line is bad
    std::set<std::string> unreadable_campaigns;
    std::set<std::pair<std::string, std::string>> unreadable_holdings;
};

// The checks across files, once every line is read: movements against holdings, supply against the manifest
// and max_supply, KYC of holders where the class needs it, campaigns against subscriptions and escrow.
void check_across_files(ImportSource& source, const ImportTallies& tallies, uint64_t now_ms);

}  // namespace folio::audit
