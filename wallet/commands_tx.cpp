// transfer, sign, submit: building, signing and sending txs. The wallet signs only what it encoded itself
// (transfer) or decoded and showed (sign); the chain id it signs with is always the pinned one.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "contracts/registry.h"
#include "keys/file_io.h"
#include "keys/passwords.h"
#include "rpc/json_limits.h"
#include "wallet/commands.h"
#include "wallet/text.h"
#include "wallet/tx_file.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

Failure with_tx_hash(Failure f, const TxHash& h) {
    f.details.emplace_back("tx_hash", to_hex(h));
    return f;
}

json wait_json(const TxHash& h, const TxWaitResult& w) {
    json j = {{"tx_hash", to_hex(h)}, {"status", w.status}};
    if (w.height) j["height"] = *w.height;
    return j;
}

std::string wait_human(const TxHash& h, const TxWaitResult& w) {
    if (w.status == "committed")
        return cat("Committed at height ", w.height.value_or(0), "\n  tx ", to_hex(h), "\n");
    return cat("Submitted (not waiting for the commit)\n  tx ", to_hex(h),
               "\n  follow it: folio-wallet tx-status ", to_hex(h), " --wait\n");
}

// "Transfer" -> "transfer", for the question asked before signing.
std::string lowercase_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

Expected<LoadedTx> read_tx_arg(const Context& ctx) {
    auto path = parse_path_option("FILE", ctx.args().args.at(0));
    if (!path) return path.failure();
    auto text = keys::read_file_bounded(*path, kMaxTxFileBytes);
    if (!text) return usage_error(text.error().message);
    auto bytes = parse_tx_text(*text);
    if (!bytes) return input_error(bytes.error().reason, cat(*path, ": ", bytes.error().message));
    auto loaded = decode_any_tx(*bytes);
    if (!loaded) return input_error(loaded.error().reason, cat(*path, ": ", loaded.error().message));
    return std::move(*loaded);
}

Done check_tx_chain(const Tx& tx, const PinnedChain& pinned, std::string_view chain_name) {
    if (tx.chain_id == pinned.chain_id) return done();
    return Failure{
        ExitCode::refused,
        "WRONG_CHAIN",
        cat("the tx is for chain ", to_hex(tx.chain_id), ", not the pinned chain '", chain_name, "' (",
            to_hex(pinned.chain_id), ")"),
        "refusing it: a tx signed for another chain must be signed by a wallet pinned to that chain",
        {}};
}

}  // namespace

const InstrumentRegistry& registry() {
    static const auto r = contracts::make_registry();
    return *r;
}


Expected<uint64_t> wait_ms_option(const Context& ctx) {
    auto w = ctx.args().get("--wait-ms");
    if (!w) return kDefaultWaitMs;
    return parse_uint_option("--wait-ms", *w, 0, kMaxWaitMs);
}

Expected<uint64_t> valid_blocks_option(const Context& ctx) {
    auto vb = ctx.args().get("--valid-blocks");
    if (!vb) return kDefaultValidBlocks;
    return parse_uint_option("--valid-blocks", *vb, 1, kMaxValidBlocks);
}

Failure unregistered_key_failure(const SelectedKey& key) {
    return Failure{ExitCode::refused,
                   "UNKNOWN_ACCOUNT",
                   cat("account ", crypto::encode_address(key.account), " of key '", key.name,
                       "' is not registered on this chain"),
                   cat("ask your platform to register public key ", to_hex(key.info.pubkey)),
                   {{"pubkey", to_hex(key.info.pubkey)}}};
}

Done check_new_password(const Context& ctx, const std::string& password) {
    if (ctx.args().has("--allow-weak-password")) return done();
    if (Status s = keys::check_new_password(password); !s) {
        return Failure{
            ExitCode::keystore,
            "WEAK_PASSWORD",
            s.error().message,
            "choose a longer one (a few words make a good password), or pass --allow-weak-password",
            {}};
    }
    return done();
}

Expected<AccountInfo> account_for_key(NodeClient& node, const SelectedKey& key) {
    const std::string address = crypto::encode_address(key.account);
    auto account = node.account(key.account);
    if (!account) {
        const std::string& r = account.failure().reason;
        if (r == "NOT_FOUND" || r == "UNKNOWN_ACCOUNT") return unregistered_key_failure(key);
        return account.failure();
    }
    for (const PubKey& k : account->pubkeys) {
        if (k == key.info.pubkey) return account;
    }
    return Failure{
        ExitCode::refused,
        "NOT_ACCOUNT_KEY",
        cat("key '", key.name, "' is not a current key of account ", address),
        "was the key rotated by another wallet, or recovered by the registrar? use the account's current key",
        {}};
}

Failure not_committed_failure(const TxHash& hash, const TxWaitResult& w, uint64_t wait_ms) {
    Failure f;
    f.exit = ExitCode::refused;
    if (w.status == "failed") {
        f.reason = w.reason.empty() ? "FAILED" : w.reason;
        f.message = cat("the tx was included at height ", w.height.value_or(0), " but failed (", f.reason,
                        "): its ops were rolled back; its nonce is used");
    } else if (w.status == "expired") {
        f.reason = "EXPIRED";
        f.message = "the tx expired before it was included";
    } else if (w.status == "unknown") {
        f.reason = "UNKNOWN_TX";
        f.message = "the node does not know the tx (never submitted to it, or dropped from its mempool)";
        if (!w.reason.empty()) f.details.emplace_back("drop_reason", w.reason);
    } else {
        f.exit = ExitCode::node;
        f.reason = "TIMEOUT";
        f.message = wait_ms == 0 ? std::string("the tx is pending: submitted, not committed yet")
                                 : cat("the tx was submitted but not committed within ", wait_ms, " ms");
        f.hint = cat("it may still commit: follow it with folio-wallet tx-status ", to_hex(hash), " --wait");
    }
    return with_tx_hash(std::move(f), hash);
}

Expected<TxWaitResult> submit_and_wait(NodeClient& node, const SignedTx& stx, uint64_t wait_ms) {
    const TxHash hash = stx.tx.hash();
    auto submitted = node.submit(stx.encode());
    if (!submitted) {
        Failure f = submitted.failure();
        // Unreachable, or no answer: the tx may have reached the node, and its hash lets the caller look it
        // up.
        if (f.exit != ExitCode::refused) return with_tx_hash(std::move(f), hash);
        // The node said no: nothing was recorded, so this tx's hash is not shown as if it were. The first tx
        // of a DUPLICATE_CLIENT_REF is recorded, and named for what it is.
        if (f.reason == "DUPLICATE_CLIENT_REF") {
            for (auto& [k, v] : f.details) {
                if (k != "tx_hash") continue;
                k = "first_tx_hash";
                f.hint = cat("the tx that used this client ref first is ", v, "; nothing new was recorded");
            }
        }
        return f;
    }
    if (*submitted != hash)
        return with_tx_hash(bad_answer("tx_submit", "the tx hash is not the tx's own"), hash);
    if (wait_ms == 0) return TxWaitResult{"submitted", std::nullopt, {}};
    auto w = node.wait(hash, wait_ms);
    if (!w) return with_tx_hash(w.failure(), hash);
    if (w->status == "committed") return w;
    return not_committed_failure(hash, *w, wait_ms);
}

namespace {

// The options every signed command reads as transfer does: --memo, --client-ref, --valid-blocks, --wait-ms.
Expected<TxRequest> tx_request_options(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    TxRequest request;
    if (auto m = a.get("--memo")) {
        auto v = parse_memo("--memo", *m);
        if (!v) return v.failure();
        request.memo = *v;
    }
    if (auto c = a.get("--client-ref")) {
        auto v = parse_client_ref("--client-ref", *c);
        if (!v) return v.failure();
        request.client_ref = *v;
    }
    auto valid_blocks = valid_blocks_option(ctx);
    if (!valid_blocks) return valid_blocks.failure();
    request.valid_blocks = *valid_blocks;
    auto wait_ms = wait_ms_option(ctx);
    if (!wait_ms) return wait_ms.failure();
    request.wait_ms = *wait_ms;
    return request;
}

}  // namespace

Expected<Report> submit_ops(Context& ctx, std::vector<Op> ops, const DecimalsLookup& decimals,
                            std::string_view what) {
    auto request = tx_request_options(ctx);
    if (!request) return request.failure();
    auto key = ctx.key();
    if (!key) return key.failure();
    request->ops = std::move(ops);
    request->decimals = decimals;
    request->what = std::string(what);
    if (!request->what.empty())
        request->what[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(request->what[0])));
    return sign_and_submit(ctx, *key, std::move(*request));
}

Expected<Report> cmd_transfer(Context& ctx) {
    const ParsedArgs& a = ctx.args();
    auto symbol = parse_symbol("--asset", *a.get("--asset"));
    if (!symbol) return symbol.failure();
    auto to = parse_address("--to", *a.get("--to"));
    if (!to) return to.failure();
    auto amount_text = parse_amount_text("--amount", *a.get("--amount"));
    if (!amount_text) return amount_text.failure();
    auto request = tx_request_options(ctx);
    if (!request) return request.failure();

    auto key = ctx.key();
    if (!key) return key.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    auto asset = (*node)->asset(*symbol);
    if (!asset) return asset.failure();
    auto amount = parse_amount_for("--amount", *amount_text, asset->decimals, *symbol);
    if (!amount) return amount.failure();
    // The ledger refuses a plain transfer of an approval asset (APPROVAL_REQUIRED): ask the issuer instead.
    auto approval = needs_approval(**node, *symbol);
    if (!approval) return approval.failure();
    if (*approval) return send_transfer_request(ctx, std::move(*request), *asset, *to, *amount);
    if (a.has("--expires"))
        return usage_error(cat("--expires: ", *symbol, " needs no approval, so there is no request to expire"),
                           "leave --expires out: the transfer moves at once");

    request->ops.push_back(encode_op(TransferOp{*symbol, *to, *amount}));
    request->decimals = decimals_of(*asset);
    request->what = "Transfer";
    return sign_and_submit(ctx, *key, std::move(*request));
}

DecimalsLookup decimals_of(const AssetInfo& asset) {
    return [asset](std::string_view s) -> std::optional<uint8_t> {
        if (s == asset.symbol) return asset.decimals;
        return std::nullopt;
    };
}

Expected<Report> sign_and_submit(Context& ctx, const SelectedKey& key, TxRequest request) {
    auto pinned = ctx.pinned();
    if (!pinned) return pinned.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    auto account = account_for_key(**node, key);
    if (!account) return account.failure();
    auto head = (*node)->head_height();
    if (!head) return head.failure();

    Tx tx;
    tx.chain_id = (*pinned)->chain_id;
    tx.signer = key.account;
    tx.nonce = account->nonce;
    tx.valid_until_height = *head + request.valid_blocks;
    tx.ops = std::move(request.ops);
    tx.memo = request.memo;
    tx.client_ref = request.client_ref;
    // What is shown and signed is the tx decoded back from its own bytes, so that the summary can never
    // describe something other than what the signature covers.
    auto decoded = decode_tx(tx.encode());
    if (!decoded) return failure_of(decoded.error(), ExitCode::internal);
    const std::string& chain_name = (*ctx.wallet())->state().chain_name;
    if (!ctx.options().json)
        ctx.note(cat(request.what, " from key '", key.name, "':\n",
                     describe_tx(*decoded, request.decimals, registry(), chain_name)));
    if (Done d = ctx.confirm(cat("Sign and submit this ", lowercase_first(request.what), "?")); !d)
        return d.failure();
    auto secret = ctx.unlock(key);
    if (!secret) return secret.failure();
    SignedTx stx{*decoded, {}};
    sign_tx(stx, *secret);
    if (request.out_path) {
        // Another party signs it too (`sign FILE`, then `submit FILE`): written, not submitted.
        const std::string hex = to_hex(stx.encode());
        if (Status s = keys::write_file_atomic(*request.out_path, cat(hex, "\n"), 0644, keys::IfExists::refuse); !s)
            return write_failure(s.error());
        json doc = {{"tx", hex},
                    {"tx_hash", to_hex(decoded->hash())},
                    {"out", *request.out_path},
                    {"decoded", tx_to_json(*decoded, request.decimals, registry())}};
        return Report{rpc::dump_json(doc),
                      cat(request.what, " signed by key '", key.name, "' and written to ", *request.out_path,
                          "\n  tx ", to_hex(decoded->hash()), "\n  the other party: folio-wallet sign ",
                          *request.out_path, " --out FILE, then folio-wallet submit FILE\n")};
    }
    auto result = submit_and_wait(**node, stx, request.wait_ms);
    if (!result) return result.failure();
    json doc = wait_json(decoded->hash(), *result);
    doc["tx"] = tx_to_json(*decoded, request.decimals, registry());
    return Report{rpc::dump_json(doc), wait_human(decoded->hash(), *result)};
}

Expected<Report> cmd_sign(Context& ctx) {
    std::optional<std::string> out_path;
    if (auto o = ctx.args().get("--out")) {
        auto p = parse_path_option("--out", *o);
        if (!p) return p.failure();
        // Checked now as well as at the write, so that nobody types a password for nothing.
        if (::access(p->c_str(), F_OK) == 0)
            return usage_error(cat("--out: ", *p, " exists already; it is never overwritten"));
        out_path = *p;
    }
    auto loaded = read_tx_arg(ctx);
    if (!loaded) return loaded.failure();
    auto pinned = ctx.pinned();
    if (!pinned) return pinned.failure();
    const std::string& chain_name = (*ctx.wallet())->state().chain_name;
    if (Done d = check_tx_chain(loaded->tx, **pinned, chain_name); !d) return d.failure();
    auto key = ctx.key();
    if (!key) return key.failure();
    for (const TxSignature& s : loaded->signatures) {
        if (s.pubkey == key->info.pubkey)
            return usage_error(cat("the tx is already signed by key '", key->name, "'"));
    }
    if (loaded->signatures.size() >= kMaxSignatures)
        return usage_error("the tx already carries the most signatures a tx may have");
    // Offline: no decimals are known, so amounts are shown in base units.
    const DecimalsLookup no_decimals;
    if (!ctx.options().json) {
        std::string text = cat("Tx to sign with key '", key->name, "':\n",
                               describe_tx(loaded->tx, no_decimals, registry(), chain_name));
        if (!loaded->signatures.empty())
            text += cat("  It already carries ", loaded->signatures.size(), " signature(s).\n");
        if (loaded->tx.signer != key->account) {
            text += cat("  Note: this key signs for ", crypto::encode_address(key->account),
                        ", not for the tx's signer.\n");
        }
        ctx.note(text);
    }
    if (Done d = ctx.confirm("Sign this tx?"); !d) return d.failure();
    auto secret = ctx.unlock(*key);
    if (!secret) return secret.failure();
    SignedTx stx{loaded->tx, loaded->signatures};
    sign_tx(stx, *secret);
    const Bytes bytes = stx.encode();
    // A last look at what leaves the wallet: it must decode and every signature must verify.
    auto check = decode_signed_tx(bytes);
    if (!check || !verify_signatures(**check))
        return Failure{ExitCode::internal, "INTERNAL", "the signed tx does not verify", {}, {}};
    const std::string hex = to_hex(bytes);
    if (out_path) {
        if (Status s = keys::write_file_atomic(*out_path, cat(hex, "\n"), 0644, keys::IfExists::refuse); !s)
            return write_failure(s.error());
    }
    json doc = {{"tx", hex},
                {"tx_hash", to_hex(stx.tx.hash())},
                {"signatures", stx.signatures.size()},
                {"decoded", tx_to_json(stx.tx, no_decimals, registry())}};
    if (out_path) doc["out"] = *out_path;
    std::string human = out_path
                            ? cat("Signed tx written to ", *out_path, "\n  tx ", to_hex(stx.tx.hash()), "\n")
                            : cat(hex, "\n");
    return Report{rpc::dump_json(doc), human};
}

Expected<Report> cmd_submit(Context& ctx) {
    auto wait_ms = wait_ms_option(ctx);
    if (!wait_ms) return wait_ms.failure();
    auto loaded = read_tx_arg(ctx);
    if (!loaded) return loaded.failure();
    if (loaded->signatures.empty()) {
        return usage_error("the tx is not signed", "sign it first: folio-wallet sign FILE --out SIGNED");
    }
    auto pinned = ctx.pinned();
    if (!pinned) return pinned.failure();
    const std::string& chain_name = (*ctx.wallet())->state().chain_name;
    if (Done d = check_tx_chain(loaded->tx, **pinned, chain_name); !d) return d.failure();
    SignedTx stx{loaded->tx, loaded->signatures};
    if (!verify_signatures(*make_envelope(stx))) {
        return Failure{ExitCode::refused,
                       "BAD_SIGNATURE",
                       "a signature of the tx does not verify",
                       "it was not submitted",
                       {}};
    }
    auto node = ctx.node();
    if (!node) return node.failure();
    auto result = submit_and_wait(**node, stx, *wait_ms);
    if (!result) return result.failure();
    return Report{rpc::dump_json(wait_json(stx.tx.hash(), *result)), wait_human(stx.tx.hash(), *result)};
}

// Who must sign `tx` (its signer, then every account a contract op names), each once, as execution counts them.
std::vector<AccountId> required_signers_of(const Tx& tx) {
    std::vector<AccountId> required{tx.signer};
    for (const Op& op : tx.ops) {
        if (is_core_tag(op.tag)) continue;
        for (const AccountId& extra : registry().required_signers(op)) {
            if (std::find(required.begin(), required.end(), extra) == required.end()) required.push_back(extra);
        }
    }
    return required;
}

Expected<Report> cmd_show(Context& ctx) {
    auto loaded = read_tx_arg(ctx);
    if (!loaded) return loaded.failure();
    auto pinned = ctx.pinned();
    if (!pinned) return pinned.failure();
    const std::string& chain_name = (*ctx.wallet())->state().chain_name;
    if (Done d = check_tx_chain(loaded->tx, **pinned, chain_name); !d) return d.failure();
    auto node = ctx.node();
    if (!node) return node.failure();
    NodeClient* client = *node;
    auto head = client->head_height();
    if (!head) return head.failure();
    // Decimals asked of the node once per symbol; an asset it does not know is shown in base units.
    auto known = std::make_shared<std::map<std::string, std::optional<uint8_t>, std::less<>>>();
    const DecimalsLookup decimals = [client, known](std::string_view symbol) -> std::optional<uint8_t> {
        if (auto it = known->find(symbol); it != known->end()) return it->second;
        auto asset = client->asset(symbol);
        const std::optional<uint8_t> d = asset ? std::optional<uint8_t>(asset->decimals) : std::nullopt;
        known->emplace(std::string(symbol), d);
        return d;
    };
    const Tx& tx = loaded->tx;
    std::string text = cat("Tx in ", ctx.args().args.at(0), ":\n", describe_tx(tx, decimals, registry(), chain_name));
    if (tx.valid_until_height) {
        text += tx.valid_until_height > *head
                    ? cat("  Expires in ", tx.valid_until_height - *head, " block(s) (head is ", *head, ")\n")
                    : cat("  EXPIRED: the head is at height ", *head, "\n");
    }
    json signers = json::array();
    bool complete = true;
    text += "  Signatures:\n";
    for (const AccountId& id : required_signers_of(tx)) {
        auto account = client->account(id);
        bool signed_by = false;
        if (account) {
            for (const TxSignature& s : loaded->signatures) {
                const auto& keys = account->pubkeys;
                signed_by = signed_by || std::find(keys.begin(), keys.end(), s.pubkey) != keys.end();
            }
        }
        complete = complete && signed_by;
        const std::string address = crypto::encode_address(id);
        const char* role = id == tx.signer ? "signer" : "co-signer";
        text += cat("    ", address, " (", role, "): ",
                    !account ? "no such account on the node" : signed_by ? "signed" : "MISSING", "\n");
        signers.push_back({{"account", address}, {"role", role}, {"signed", signed_by}});
    }
    text += complete ? "  Every required signer has signed: it can be submitted.\n"
                     : "  Not complete: the missing signers sign it with folio-wallet sign FILE --out FILE2.\n";
    json doc = {{"tx_hash", to_hex(tx.hash())},
                {"decoded", tx_to_json(tx, decimals, registry())},
                {"head_height", *head},
                {"signatures", loaded->signatures.size()},
                {"signers", signers},
                {"complete", complete}};
    return Report{rpc::dump_json(doc), text};
}

namespace {

// What tx_get says of a tx in a block, checked, for people: its place and content.
Expected<std::string> describe_included(const json& got, json& doc) {
    if (!got.is_object()) return bad_answer("tx_get", "not an object");
    for (const char* k : {"index", "op_index"}) {
        if (got.contains(k) && got[k].is_number_unsigned()) doc[k] = got[k];
    }
    auto tx = got.find("tx");
    if (tx == got.end() || !tx->is_object()) return bad_answer("tx_get", "no tx");
    doc["tx"] = *tx;
    std::string s;
    if (auto signer = tx->find("signer"); signer != tx->end() && signer->is_string())
        s += cat("  signer ", printable(signer->get<std::string>(), 100), "\n");
    if (auto ops = tx->find("ops"); ops != tx->end() && ops->is_array()) {
        for (const auto& op : *ops) s += cat("  ", describe_op(op), "\n");
    }
    if (auto memo = tx->find("memo");
        memo != tx->end() && memo->is_string() && !memo->get<std::string>().empty())
        s += cat("  memo: ", printable(memo->get<std::string>(), 256), "\n");
    return s;
}

}  // namespace

namespace {

// The status now, without waiting. tx_get decides whatever the node has (committed, failed, pending): a
// tx_wait with timeout_ms 0 may answer "pending" for a hash the node has never seen when its deadline timer
// fires before its look in the store. Only a tx the node has neither committed nor pending is asked of
// tx_wait, for "expired" and a drop reason.
Expected<TxWaitResult> status_now(NodeClient& node, const TxHash& hash, std::optional<json>& got) {
    auto g = node.call("tx_get", {{"tx_hash", to_hex(hash)}});
    if (g) {
        TxWaitResult w;
        if (!g->is_object() || !g->contains("status") || !(*g)["status"].is_string())
            return bad_answer("tx_get", "no status");
        w.status = (*g)["status"].get<std::string>();
        if (w.status != "committed" && w.status != "failed" && w.status != "pending")
            return bad_answer("tx_get", cat("unknown status '", printable(w.status, 20), "'"));
        if (g->contains("height") && (*g)["height"].is_number_unsigned())
            w.height = (*g)["height"].get<Height>();
        if (g->contains("reason") && (*g)["reason"].is_string())
            w.reason = printable((*g)["reason"].get<std::string>(), 40);
        got = std::move(*g);
        return w;
    }
    if (g.failure().reason != "NOT_FOUND") return g.failure();
    auto w = node.wait(hash, 0);
    if (!w) return w;
    if (w->status != "expired" && w->status != "unknown") return TxWaitResult{"unknown", std::nullopt, {}};
    return w;
}

}  // namespace

Expected<Report> cmd_tx_status(Context& ctx) {
    auto hash = parse_tx_hash("HASH", ctx.args().args.at(0));
    if (!hash) return hash.failure();
    uint64_t wait_ms = ctx.args().has("--wait") ? kDefaultWaitMs : 0;
    if (ctx.args().has("--wait-ms")) {
        auto w = wait_ms_option(ctx);
        if (!w) return w.failure();
        wait_ms = *w;
    }
    auto node = ctx.node();
    if (!node) return node.failure();
    std::optional<json> got;
    auto w = wait_ms == 0 ? status_now(**node, *hash, got) : (*node)->wait(*hash, wait_ms);
    if (!w) return with_tx_hash(w.failure(), *hash);
    const std::string hex = to_hex(*hash);
    if (w->status == "pending" && wait_ms == 0) {
        return Report{rpc::dump_json(wait_json(*hash, *w)),
                      cat("Pending: the node has the tx, not committed yet\n  tx ", hex,
                          "\n  wait for it: folio-wallet tx-status ", hex, " --wait\n")};
    }
    if (w->status != "committed") return not_committed_failure(*hash, *w, wait_ms);
    json doc = wait_json(*hash, *w);
    if (!got) {
        auto g = (*node)->call("tx_get", {{"tx_hash", hex}});
        if (!g) return with_tx_hash(g.failure(), *hash);
        got = std::move(*g);
    }
    auto details = describe_included(*got, doc);
    if (!details) return with_tx_hash(details.failure(), *hash);
    return Report{rpc::dump_json(doc), cat(wait_human(*hash, *w), *details)};
}

}  // namespace folio::wallet
