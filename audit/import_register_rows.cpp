#include "audit/import_loader.h"

#include "chain/crypto/hash.h"
#include "contracts/calendar.h"

namespace folio::audit::import_internal {

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
        append_csv_field(text, f[i]);
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

}  // namespace folio::audit::import_internal
