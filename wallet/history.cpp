#include "wallet/history.h"

#include <nlohmann/json.hpp>

#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

// The raw string of a member, "" when it is missing or not a string: for comparisons, never for display.
std::string raw(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A member made safe to show: a string or an unsigned number, else "?".
std::string shown(const json& j, const char* key) {
    if (!j.is_object()) return "?";
    auto it = j.find(key);
    if (it == j.end()) return "?";
    if (it->is_string()) return printable(it->get_ref<const std::string&>(), 100);
    if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());  // a JSON built, not parsed
    return "?";
}

bool names_account(const json& v, std::string_view account) {
    if (v.is_string()) return v.get_ref<const std::string&>() == account;
    if (v.is_array() || v.is_object()) {
        for (const auto& item : v) {
            if (names_account(item, account)) return true;
        }
    }
    return false;
}

// A key in a table cell: enough of it to recognise, the whole of it in --json.
std::string short_key(const json& op, const char* key) {
    const std::string k = shown(op, key);
    return k.size() > 16 ? cat(k.substr(0, 16), "...") : k;
}

// What an op that names the account did to it, in words that leave the account's own address out.
std::string relative_description(const std::string& name, const json& op) {
    if (name == "account_register") return cat("account registered with key ", short_key(op, "pubkey"));
    if (name == "kyc_attest") {
        std::string expires = shown(op, "expires_ms");
        if (op.contains("expires_ms") && op["expires_ms"].is_number_unsigned())
            expires = format_time_ms(op["expires_ms"].get<uint64_t>());
        return cat("KYC level ", shown(op, "level"), " (", shown(op, "category"), ") attested, expires ",
                   expires);
    }
    if (name == "key_rotate") {
        if (op.contains("account"))
            return cat("key recovered to ", short_key(op, "new_pubkey"), " (legal ref ",
                       shown(op, "legal_ref"), ")");
        return cat("key rotated to ", short_key(op, "new_pubkey"));
    }
    if (name == "role_grant" || name == "role_revoke") {
        std::string s = cat("role ", shown(op, "role"), name == "role_grant" ? " granted" : " revoked");
        if (op.contains("asset")) s += cat(" on ", shown(op, "asset"));
        return s;
    }
    if (name == "freeze" || name == "unfreeze") {
        const char* done = name == "freeze" ? " frozen" : " unfrozen";
        if (op.contains("asset") && op.contains("amount"))
            return cat(shown(op, "amount"), " ", shown(op, "asset"), done);
        return cat("account", done);
    }
    return describe_op(op);
}

class LineBuilder {
  public:
    LineBuilder(std::string_view account, std::string signer, std::vector<AccountLine>& out)
        : account_(account), signer_(std::move(signer)), signed_(signer_ == account_), out_(out) {}

    void add(const json& op, size_t index) {
        const std::string name = raw(op, "op");
        if (name.empty()) {
            if (signed_ || names_account(op, account_)) push(index, "", "", "", "", describe_op(op));
            return;
        }
        const std::string asset = op.contains("asset") ? shown(op, "asset") : std::string();
        if (name == "transfer") {
            const std::string to = raw(op, "to");
            const std::string amount = shown(op, "amount");
            if (signed_ && to == account_) return push(index, "self", amount, asset, "", "transfer");
            if (signed_) return push(index, "out", amount, asset, display(to), "transfer");
            if (to == account_) return push(index, "in", amount, asset, display(signer_), "transfer");
            return;
        }
        if (name == "issue") return add_issue(op, index, asset);
        if (name == "forced_transfer") {
            const std::string from = raw(op, "from"), to = raw(op, "to");
            const std::string amount = shown(op, "amount");
            const std::string what = cat("forced transfer (legal ref ", shown(op, "legal_ref"), ")");
            if (from == account_ && to == account_) return push(index, "self", amount, asset, "", what);
            if (from == account_) return push(index, "out", amount, asset, display(to), what);
            if (to == account_) return push(index, "in", amount, asset, display(from), what);
            if (signed_) push(index, "", "", asset, "", describe_op(op));
            return;
        }
        if (name == "burn") {
            if (signed_) push(index, "out", shown(op, "amount"), asset, "", "burn");
            return;
        }
        json fields = op;
        fields.erase("op");
        if (names_account(fields, account_))
            return push(index, "", "", asset, counterparty_of_signer(), relative_description(name, op));
        if (!signed_) return;
        // The account's own op about something else: the signer's own key, another account, an asset.
        if (name == "key_rotate") return push(index, "", "", "", "", relative_description(name, op));
        push(index, "", "", asset, op.contains("account") ? shown(op, "account") : "", describe_op(op));
    }

  private:
    void add_issue(const json& op, size_t index, const std::string& asset) {
        const json empty = json::array();
        const json& to = op.contains("to") && op["to"].is_array() ? op["to"] : empty;
        bool received = false;
        for (const auto& r : to) {
            if (raw(r, "account") != account_) continue;
            received = true;
            push(index, "in", shown(r, "amount"), asset, counterparty_of_signer(), "issue");
        }
        if (received || !signed_) return;
        const std::string cp = to.size() == 1 ? shown(to[0], "account") : cat(to.size(), " accounts");
        push(index, "", "", asset, cp, describe_op(op));
    }

    // The other side is never the account itself.
    std::string display(const std::string& address) const {
        return address == account_ ? std::string() : printable(address, 100);
    }
    std::string counterparty_of_signer() const { return display(signer_); }

    void push(size_t index, std::string direction, std::string amount, std::string asset, std::string cp,
              std::string what) {
        out_.push_back({index, std::move(direction), std::move(amount), std::move(asset), std::move(cp),
                        std::move(what)});
    }

    std::string_view account_;
    std::string signer_;
    bool signed_;
    std::vector<AccountLine>& out_;
};

const json& ops_of(const json& entry) {
    static const json none = json::array();
    if (!entry.is_object()) return none;
    auto it = entry.find("ops");
    return it != entry.end() && it->is_array() ? *it : none;
}

}  // namespace

std::vector<AccountLine> lines_for_account(const json& entry, std::string_view account) {
    std::vector<AccountLine> out;
    LineBuilder builder(account, raw(entry, "signer"), out);
    const json& ops = ops_of(entry);
    for (size_t i = 0; i < ops.size(); ++i) builder.add(ops[i], i);
    return out;
}

json entry_for_account(const json& entry, std::string_view account) {
    if (!entry.is_object()) return json::object();
    json out = entry;
    const json& ops = ops_of(entry);
    out["ops_in_tx"] = ops.size();
    const bool signed_by = raw(entry, "signer") == account;
    json lines = json::array();
    for (const AccountLine& l : lines_for_account(entry, account)) {
        json op = ops[l.op_index];
        // Other investors' shares of one issue are theirs to see, not this account's.
        if (!signed_by && raw(op, "op") == "issue" && op.contains("to") && op["to"].is_array()) {
            json own = json::array();
            for (const auto& r : op["to"]) {
                if (raw(r, "account") == account) own.push_back(r);
            }
            op["to"] = std::move(own);
        }
        json line = {
            {"op_index", l.op_index}, {"direction", l.direction}, {"what", l.what}, {"op", std::move(op)}};
        if (!l.amount.empty()) line["amount"] = l.amount;
        if (!l.asset.empty()) line["asset"] = l.asset;
        if (!l.counterparty.empty()) line["counterparty"] = l.counterparty;
        lines.push_back(std::move(line));
    }
    out["ops"] = std::move(lines);
    return out;
}

std::string history_text(const json& entries, std::string_view account) {
    Table table{{"HEIGHT", "TIME", "STATUS", "DIR", "AMOUNT", "COUNTERPARTY", "WHAT", "MEMO", "TX"},
                {true, false, false, false, true},
                {}};
    if (!entries.is_array()) return "  (no txs)\n";
    for (const auto& e : entries) {
        if (!e.is_object()) continue;
        const std::string height = shown(e, "height");
        const std::string time = e.contains("time_ms") && e["time_ms"].is_number_unsigned()
                                     ? format_time_ms(e["time_ms"].get<uint64_t>())
                                     : "";
        std::string status = shown(e, "status");
        if (e.contains("reason")) status += cat(" (", shown(e, "reason"), ")");
        const std::string memo = printable(raw(e, "memo"), 40);
        const std::string hash = printable(raw(e, "tx_hash"), 64);
        const std::string tx = hash.size() > 16 ? cat(hash.substr(0, 16), "...") : hash;
        const std::vector<AccountLine> lines = lines_for_account(e, account);
        if (lines.empty())
            table.rows.push_back({height, time, status, "-", "", "", "(no op names this account)", memo, tx});
        for (const AccountLine& l : lines) {
            std::string amount;
            if (!l.direction.empty() && !l.amount.empty()) {
                const char* sign = l.direction == "in" ? "+" : l.direction == "out" ? "-" : "";
                amount = cat(sign, l.amount, l.asset.empty() ? "" : " ", l.asset);
            }
            table.rows.push_back({height, time, status, l.direction.empty() ? "-" : l.direction, amount,
                                  l.counterparty, l.what, memo, tx});
        }
    }
    return table.rows.empty() ? "  (no txs)\n" : table.render();
}

}  // namespace folio::wallet
