// init, keygen, list, address: the commands that need no node.
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "keys/file_io.h"
#include "keys/passwords.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {

using nlohmann::json;

Expected<Report> cmd_init(Context& ctx) {
    auto path = parse_path_option("--genesis", *ctx.args().get("--genesis"));
    if (!path) return path.failure();
    auto text = keys::read_file_bounded(*path, kMaxGenesisBytes);
    if (!text) return usage_error(cat("--genesis: ", text.error().message));
    // Only an explicit --rpc is remembered: $FOLIO_RPC_URL belongs to the shell, not to the wallet.
    const std::string rpc_url = ctx.args().has("--rpc") ? ctx.options().rpc_url.value_or("") : "";
    auto w = ctx.wallet(true);
    if (!w) return w.failure();
    auto id = (*w)->init(*text, rpc_url);
    if (!id) return id.failure();
    const WalletState& st = (*w)->state();
    json doc = {{"wallet_dir", (*w)->dir()}, {"chain_id", to_hex(*id)}, {"chain_name", st.chain_name}};
    if (!st.rpc_url.empty()) doc["rpc"] = st.rpc_url;
    std::string human = cat("Wallet ", (*w)->dir(), " is pinned to chain '", printable(st.chain_name),
                            "'\n  chain id ", to_hex(*id), "\n");
    if (!st.rpc_url.empty()) human += cat("  default node ", st.rpc_url, "\n");
    return Report{rpc::dump_json(doc), human};
}

Expected<Report> cmd_keygen(Context& ctx) {
    auto name = parse_key_name("--name", *ctx.args().get("--name"));
    if (!name) return name.failure();
    keys::ScryptParams params;
    if (auto n = ctx.args().get("--scrypt-n")) {
        auto v = parse_scrypt_n("--scrypt-n", *n);
        if (!v) return v.failure();
        params.n = *v;
    }
    auto w = ctx.wallet(true);
    if (!w) return w.failure();
    keys::Keystore& ks = (*w)->keystore();
    if (ks.info(*name)) {
        return usage_error(cat("a key named '", *name, "' exists already"),
                           "keys are never overwritten: choose another name");
    }
    auto pw = ctx.password(cat("New password for key '", *name, "': "), true);
    if (!pw) return pw.failure();
    if (Done d = check_new_password(ctx, *pw); !d) {
        keys::wipe_string(*pw);
        return d.failure();
    }
    auto info = ks.generate(*name, *pw, params);
    keys::wipe_string(*pw);
    if (!info) return keystore_failure(info.error());
    // A record left by a key of this name that was removed by hand must not apply to the new key.
    if ((*w)->state().keys.count(*name)) {
        if (Done d = (*w)->update([&](WalletState& st) { st.keys.erase(*name); }); !d) return d.failure();
    }
    const std::string address = crypto::encode_address(account_id_of(info->pubkey));
    json doc = {{"name", info->name}, {"pubkey", to_hex(info->pubkey)}, {"address", address}};
    std::string human = cat("Created key '", info->name, "' in ", ks.dir(), "\n  public key  ",
                            to_hex(info->pubkey), "\n  address     ", address,
                            "\n  (the account exists once your platform registers the public key)\n");
    return Report{rpc::dump_json(doc), human};
}

Expected<Report> cmd_list(Context& ctx) {
    auto w = ctx.wallet();
    if (!w) return w.failure();
    auto listed = (*w)->keystore().list();
    if (!listed) return keystore_failure(listed.error());
    // The key commands use without --key, marked for people; not an error when there is none.
    auto chosen = (*w)->select_key(std::nullopt);
    const std::string default_name = chosen ? chosen->name : "";
    json doc = {{"keys", json::array()}};
    Table table{{"NAME", "STATUS", "ADDRESS"}, {}, {}};
    for (const keys::KeyInfo& k : *listed) {
        const auto& records = (*w)->state().keys;
        auto it = records.find(k.name);
        std::string status = "active";
        json entry = {{"name", k.name},
                      {"pubkey", to_hex(k.pubkey)},
                      {"address", crypto::encode_address((*w)->account_of(k.name, k.pubkey))},
                      {"created_ms", k.created_ms}};
        if (it != records.end() && !it->second.rotated_to.empty()) {
            status = cat("rotated to ", it->second.rotated_to);
            entry["rotated_to"] = it->second.rotated_to;
        } else if (it != records.end() && !it->second.rotation_of.empty()) {
            status = cat("pending rotation of ", it->second.rotation_of);
            entry["rotation_of"] = it->second.rotation_of;
        }
        entry["status"] = status.starts_with("rotated")   ? "rotated"
                          : status.starts_with("pending") ? "pending"
                                                          : "active";
        entry["default"] = k.name == default_name;
        if (k.name == default_name) status += " (default)";
        table.rows.push_back({k.name, status, entry["address"].get<std::string>()});
        doc["keys"].push_back(std::move(entry));
    }
    std::string human =
        listed->empty() ? "No keys yet: create one with folio-wallet keygen --name NAME\n" : table.render();
    return Report{rpc::dump_json(doc), human};
}

Expected<Report> cmd_address(Context& ctx) {
    auto key = ctx.key();
    if (!key) return key.failure();
    const std::string address = crypto::encode_address(key->account);
    const std::string pubkey = to_hex(key->info.pubkey);
    json doc = {{"key", key->name}, {"address", address}, {"pubkey", pubkey}};
    return Report{rpc::dump_json(doc), cat(ctx.args().has("--pubkey") ? pubkey : address, "\n")};
}

CommandFn find_command_fn(std::string_view name) {
    static const std::pair<std::string_view, CommandFn> table[] = {
        {"init", cmd_init},           {"keygen", cmd_keygen},         {"list", cmd_list},
        {"address", cmd_address},     {"holdings", cmd_holdings},     {"history", cmd_history},
        {"tx-status", cmd_tx_status}, {"transfer", cmd_transfer},     {"sign", cmd_sign},
        {"submit", cmd_submit},       {"rotate-key", cmd_rotate_key}, {"verify-holding", cmd_verify_holding},
        {"subscribe", cmd_subscribe}, {"withdraw", cmd_withdraw},
        {"vote", cmd_vote},           {"votes", cmd_votes},           {"pledge", cmd_pledge},
        {"claim", cmd_claim},         {"schedule", cmd_schedule},     {"dvp", cmd_dvp},
        {"show", cmd_show},           {"pending", cmd_pending},       {"cancel", cmd_cancel},
        {"redeem", cmd_redeem},
    };
    for (const auto& [n, fn] : table) {
        if (n == name) return fn;
    }
    return nullptr;
}

}  // namespace folio::wallet
