#include "wallet/text.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "chain/tx.h"

namespace folio::wallet {

using nlohmann::json;

std::string printable(std::string_view text, size_t max) {
    std::string out;
    const bool utf8 = is_valid_utf8(text);
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        // Whole UTF-8 sequences only, so that a cut never leaves half a character.
        const size_t len = !utf8 || c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (out.size() + len > max) break;
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
            out += '?';
        else
            out.append(text.substr(i, len));
        i += len;
    }
    if (i < text.size()) out += "...";
    return out;
}

namespace {

// Display width: UTF-8 continuation bytes take no column.
size_t width(std::string_view s) {
    size_t w = 0;
    for (char c : s) w += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return w;
}

}  // namespace

std::string Table::render() const {
    std::vector<size_t> widths(headers.size(), 0);
    for (size_t c = 0; c < headers.size(); ++c) widths[c] = width(headers[c]);
    for (const auto& row : rows) {
        for (size_t c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], width(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string s;
        for (size_t c = 0; c < widths.size(); ++c) {
            const std::string& cell = c < cells.size() ? cells[c] : std::string();
            const size_t pad = widths[c] - std::min(widths[c], width(cell));
            const bool right = c < right_aligned.size() && right_aligned[c];
            const bool last = c + 1 == widths.size();
            if (c > 0) s += "  ";
            if (right) s.append(pad, ' ');
            s += cell;
            if (!right && !last) s.append(pad, ' ');
        }
        s += '\n';
        return s;
    };
    std::string out = line(headers);
    for (const auto& row : rows) out += line(row);
    return out;
}

std::string format_time_ms(uint64_t time_ms) {
    const std::time_t secs = static_cast<std::time_t>(time_ms / 1000);
    std::tm tm{};
    if (!::gmtime_r(&secs, &tm)) return cat(time_ms, " ms");
    char buf[40];
    if (std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) return cat(time_ms, " ms");
    return buf;
}

namespace {

// dump() throws on invalid UTF-8 (STACK.md); what we show must never throw.
std::string safe_dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string field(const json& op, const char* name) {
    auto it = op.find(name);
    if (it == op.end()) return "?";
    if (it->is_string()) return printable(it->get_ref<const std::string&>(), 100);
    if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
    return printable(safe_dump(*it), 100);
}

std::string freeze_target(const json& op) {
    const bool account = op.contains("account"), asset = op.contains("asset");
    if (account && asset)
        return cat(field(op, "amount"), " ", field(op, "asset"), " of ", field(op, "account"));
    if (asset) return cat("asset ", field(op, "asset"));
    return cat("account ", field(op, "account"));
}

}  // namespace

std::string describe_op(const json& op) {
    if (!op.is_object() || !op.contains("op") || !op["op"].is_string()) return printable(safe_dump(op), 200);
    const std::string name = op["op"].get<std::string>();
    if (name == "transfer")
        return cat("transfer ", field(op, "amount"), " ", field(op, "asset"), " to ", field(op, "to"));
    if (name == "burn") return cat("burn ", field(op, "amount"), " ", field(op, "asset"));
    if (name == "issue") {
        std::string s = cat("issue ", field(op, "asset"), ":");
        const json& to = op.contains("to") ? op["to"] : json();
        if (!to.is_array()) return cat(s, " ?");
        size_t shown = 0;
        for (const auto& r : to) {
            if (shown == 5) {
                s += cat(" and ", to.size() - shown, " more");
                break;
            }
            s += cat(shown ? ", " : " ", field(r, "amount"), " to ", field(r, "account"));
            ++shown;
        }
        return s;
    }
    if (name == "forced_transfer") {
        return cat("forced transfer of ", field(op, "amount"), " ", field(op, "asset"), " from ",
                   field(op, "from"), " to ", field(op, "to"), " (legal ref ", field(op, "legal_ref"), ")");
    }
    if (name == "account_register")
        return cat("register account ", field(op, "account"), " with key ", field(op, "pubkey"));
    if (name == "key_rotate") {
        if (op.contains("account")) {
            return cat("recover account ", field(op, "account"), " to key ", field(op, "new_pubkey"),
                       " (legal ref ", field(op, "legal_ref"), ")");
        }
        return cat("rotate the signer's key to ", field(op, "new_pubkey"));
    }
    if (name == "kyc_attest") {
        std::string expires = field(op, "expires_ms");
        if (op.contains("expires_ms") && op["expires_ms"].is_number_unsigned()) {
            expires = format_time_ms(op["expires_ms"].get<uint64_t>());
        }
        return cat("attest KYC level ", field(op, "level"), " (", field(op, "category"), ") of ",
                   field(op, "account"), ", expires ", expires);
    }
    if (name == "role_grant" || name == "role_revoke") {
        const bool grant = name == "role_grant";
        std::string s = cat(grant ? "grant role " : "revoke role ", field(op, "role"));
        if (op.contains("asset")) s += cat(" on ", field(op, "asset"));
        return cat(s, grant ? " to " : " from ", field(op, "account"));
    }
    if (name == "asset_create") {
        return cat("create asset ", field(op, "symbol"), " (", field(op, "class"), ", ",
                   field(op, "decimals"), " decimals, max supply ", field(op, "max_supply"), ")");
    }
    if (name == "freeze" || name == "unfreeze") return cat(name, " ", freeze_target(op));
    if (name == "param_update") return cat("set parameter ", field(op, "name"), " to ", field(op, "value"));
    if (name == "key_set_update" && op.contains("keys") && op["keys"].is_array()) {
        // Every key in full: the holders approve exactly which keys will control the account.
        std::string s = "set the signer's keys to";
        for (const json& k : op["keys"]) {
            s += cat(" ", field(k, "pubkey"), " (weight ", k.contains("weight") ? field(k, "weight") : "1", ")");
        }
        return cat(s, ", threshold ", field(op, "threshold"));
    }
    if (name == "validator_set_update" && op.contains("validators") && op["validators"].is_array()) {
        std::string s = cat("replace the validator set by ", std::to_string(op["validators"].size()), ":");
        for (const json& v : op["validators"]) {
            s += cat(" ", field(v, "name"), " (power ", field(v, "power"), ", consensus key ",
                     field(v, "consensus_pubkey"), ", p2p key ", field(v, "p2p_pubkey"), ")");
        }
        return s;
    }
    json rest = op;
    rest.erase("op");
    return cat(printable(name, 40), " ", printable(safe_dump(rest), 200));
}

}  // namespace folio::wallet
