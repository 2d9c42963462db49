// rotate-key: a new key for the same account. Written so that an interruption at any step (before the new key
// is stored, before or after key_rotate is submitted, before wallet.json records the outcome) is finished by
// running the command again: the new key is recorded as `rotation_of` the old one before anything is
// submitted, a rerun reuses it, and asks the node whether it already is the account's key.
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "keys/passwords.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

constexpr uint64_t kRotateValidBlocks = 1000;

// "alice" -> "alice.2"; "alice.2" -> "alice.3": the first free NAME.N.
std::string default_new_name(const std::string& old, const keys::Keystore& ks) {
    std::string base = old;
    const size_t dot = base.rfind('.');
    if (dot != std::string::npos && dot + 1 < base.size() &&
        base.find_first_not_of("0123456789", dot + 1) == std::string::npos) {
        base.resize(dot);
    }
    for (uint64_t n = 2;; ++n) {
        const std::string suffix = cat(".", n);
        std::string name = base.substr(0, keys::kMaxKeyNameLength - suffix.size()) + suffix;
        if (!ks.info(name) && name != old) return name;
    }
}

}  // namespace

Expected<Report> cmd_rotate_key(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    std::optional<std::string> new_name;
    if (auto n = a.get("--new-name")) {
        auto v = parse_key_name("--new-name", *n);
        if (!v) return v.failure();
        new_name = *v;
    }
    std::optional<std::string> new_password_file;
    if (auto f = a.get("--new-password-file")) {
        auto p = parse_path_option("--new-password-file", *f);
        if (!p) return p.failure();
        new_password_file = *p;
    }
    std::optional<uint64_t> scrypt_n;
    if (auto n = a.get("--scrypt-n")) {
        auto v = parse_scrypt_n("--scrypt-n", *n);
        if (!v) return v.failure();
        scrypt_n = *v;
    }
    auto wait_ms = wait_ms_option(ctx);
    if (!wait_ms) return wait_ms.failure();

    auto old_key = ctx.key();
    if (!old_key) return old_key.failure();
    WalletDir& w = **ctx.wallet();
    keys::Keystore& ks = w.keystore();
    const auto& records = w.state().keys;
    if (auto it = records.find(old_key->name); it != records.end() && !it->second.rotation_of.empty()) {
        return usage_error(
            cat("key '", old_key->name, "' is the pending replacement of '", it->second.rotation_of, "'"),
            cat("finish that rotation first: folio-wallet rotate-key --key ", it->second.rotation_of));
    }
    // A rotation of this key that was started and not recorded as finished.
    std::optional<std::string> pending;
    for (const auto& [name, rec] : records) {
        if (rec.rotation_of == old_key->name && ks.info(name)) pending = name;
    }
    if (pending && new_name && *new_name != *pending) {
        return usage_error(cat("a rotation of '", old_key->name, "' to '", *pending, "' is pending"),
                           "run rotate-key again without --new-name to finish it");
    }
    if (!pending) {
        if (!new_name) new_name = default_new_name(old_key->name, ks);
        if (ks.info(*new_name)) return usage_error(cat("a key named '", *new_name, "' exists already"));
    } else {
        new_name = *pending;
    }

    auto pinned = ctx.pinned();
    if (!pinned) return pinned.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    const AccountId account_id = old_key->account;
    const std::string address = crypto::encode_address(account_id);

    auto finish = [&](const PubKey& new_pub, std::optional<TxHash> tx_hash,
                      Height height) -> Expected<Report> {
        if (Done d = w.update([&](WalletState& st) {
                KeyRecord& old_rec = st.keys[old_key->name];
                old_rec.account = account_id;
                old_rec.rotated_to = *new_name;
                old_rec.rotated_at_height = height;
                KeyRecord& new_rec = st.keys[*new_name];
                new_rec.account = account_id;
                new_rec.rotation_of.clear();
            });
            !d) {
            return d.failure();
        }
        json doc = {{"account", address},
                    {"old_key", old_key->name},
                    {"new_key", *new_name},
                    {"new_pubkey", to_hex(new_pub)},
                    {"status", "committed"}};
        if (tx_hash) doc["tx_hash"] = to_hex(*tx_hash);
        if (height) doc["height"] = height;
        std::string human = cat("Account ", address, " now signs with key '", *new_name, "'\n  public key ",
                                to_hex(new_pub), "\n");
        if (tx_hash) human += cat("  tx ", to_hex(*tx_hash), " committed at height ", height, "\n");
        human += cat("  key '", old_key->name, "' is retired; --key ", old_key->name, " now selects '",
                     *new_name, "'\n");
        return Report{rpc::dump_json(doc), human};
    };

    if (pending) {
        auto info = ks.info(*pending);
        if (!info) return keystore_failure(info.error());
        auto owner = (*node)->account_of_key(info->pubkey);
        if (!owner) return owner.failure();
        if (*owner == account_id) {
            ctx.note(cat("The rotation to '", *pending, "' was already committed; recording it."));
            return finish(info->pubkey, std::nullopt, 0);
        }
        ctx.note(cat("Finishing the pending rotation to key '", *pending, "'."));
    }
    auto account = account_for_key(**node, *old_key);
    if (!account) return account.failure();
    auto head = (*node)->head_height();
    if (!head) return head.failure();
    if (!ctx.options().json) {
        ctx.note(cat("Rotate the key of account ", address, "\n  from key '", old_key->name, "' (",
                     to_hex(old_key->info.pubkey), ")\n  to ", pending ? "key '" : "a new key '", *new_name,
                     "'"));
    }
    if (Done d = ctx.confirm("Rotate the key?"); !d) return d.failure();
    std::string password;
    auto secret = ctx.unlock(*old_key, &password);
    if (!secret) return secret.failure();

    PubKey new_pub{};
    if (pending) {
        keys::wipe_string(password);
        new_pub = ks.info(*new_name)->pubkey;
    } else {
        if (new_password_file) {
            keys::wipe_string(password);
            auto pw = keys::read_password_file(*new_password_file);
            if (!pw)
                return Failure{ExitCode::keystore,
                               "NO_PASSWORD",
                               cat("--new-password-file: ", pw.error().message),
                               {},
                               {}};
            password = std::move(*pw);
            // The old key's password, reused, was accepted when that key was made; a new one meets the rule.
            if (Done d = check_new_password(ctx, password); !d) {
                keys::wipe_string(password);
                return d.failure();
            }
        }
        keys::ScryptParams params = old_key->info.kdf;
        if (scrypt_n) params.n = *scrypt_n;
        auto info = ks.generate(*new_name, password, params);
        keys::wipe_string(password);
        if (!info) return keystore_failure(info.error());
        new_pub = info->pubkey;
        // Recorded before anything is submitted, so that a rerun finds and reuses this key.
        if (Done d = w.update([&](WalletState& st) {
                KeyRecord& rec = st.keys[*new_name];
                rec.account = account_id;
                rec.rotation_of = old_key->name;
            });
            !d) {
            return d.failure();
        }
    }

    Tx tx;
    tx.chain_id = (*pinned)->chain_id;
    tx.signer = account_id;
    tx.nonce = account->nonce;
    tx.valid_until_height = *head + kRotateValidBlocks;
    tx.ops.push_back(encode_op(KeyRotateOp{new_pub, false, {}, {}}));
    SignedTx stx{tx, {}};
    sign_tx(stx, *secret);
    auto result = submit_and_wait(**node, stx, *wait_ms);
    if (!result) {
        Failure f = result.failure();
        if (f.hint.empty())
            f.hint = cat("the new key '", *new_name, "' is kept; run rotate-key again to retry with it");
        return f;
    }
    if (result->status != "committed") {
        return Failure{ExitCode::node,
                       "NOT_WAITED",
                       cat("key_rotate was submitted (tx ", to_hex(tx.hash()), ") but not waited for"),
                       "run rotate-key again to record the rotation once it is committed",
                       {{"tx_hash", to_hex(tx.hash())}}};
    }
    return finish(new_pub, tx.hash(), result->height.value_or(0));
}

}  // namespace folio::wallet
