#include "wallet/context.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "keys/passwords.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

}  // namespace

Expected<CommonOptions> resolve_common_options(const ParsedArgs& args) {
    CommonOptions o;
    if (auto dir = args.get("--wallet-dir")) {
        auto p = parse_path_option("--wallet-dir", *dir);
        if (!p) return p.failure();
        o.wallet_dir = *p;
    } else if (auto e = env("FOLIO_WALLET_DIR"); e && !e->empty()) {
        auto p = parse_path_option("$FOLIO_WALLET_DIR", *e);
        if (!p) return p.failure();
        o.wallet_dir = *p;
    } else {
        auto home = env("HOME");
        if (!home || home->empty())
            return usage_error("no wallet directory: give --wallet-dir, or set $FOLIO_WALLET_DIR or $HOME");
        o.wallet_dir = cat(*home, "/.folio-wallet");
    }
    if (auto url = args.get("--rpc")) {
        auto u = parse_rpc_url("--rpc", *url);
        if (!u) return u.failure();
        o.rpc_url = *u;
    } else if (auto e = env("FOLIO_RPC_URL"); e && !e->empty()) {
        auto u = parse_rpc_url("$FOLIO_RPC_URL", *e);
        if (!u) return u.failure();
        o.rpc_url = *u;
    }
    if (args.has("--token") && args.has("--token-file"))
        return usage_error("give --token or --token-file, not both");
    if (auto t = args.get("--token")) {
        auto v = parse_token("--token", *t);
        if (!v) return v.failure();
        o.token = *v;
    } else if (auto f = args.get("--token-file")) {
        auto p = parse_path_option("--token-file", *f);
        if (!p) return p.failure();
        // Same format as a password file: the first line.
        auto text = keys::read_password_file(*p);
        if (!text) return usage_error(cat("--token-file: ", text.error().message));
        auto v = parse_token("--token-file", *text);
        keys::wipe_string(*text);
        if (!v) return v.failure();
        o.token = *v;
    } else if (auto e = env("FOLIO_RPC_TOKEN"); e && !e->empty()) {
        auto v = parse_token("$FOLIO_RPC_TOKEN", *e);
        if (!v) return v.failure();
        o.token = *v;
    }
    if (auto k = args.get("--key")) {
        auto v = parse_key_name("--key", *k);
        if (!v) return v.failure();
        o.key = *v;
    }
    if (auto f = args.get("--password-file")) {
        auto p = parse_path_option("--password-file", *f);
        if (!p) return p.failure();
        o.password_file = *p;
    }
    o.json = args.has("--json");
    o.yes = args.has("--yes");
    return o;
}

Expected<bool> confirm_on_terminal(std::ostream& err, const std::string& question) {
    if (!::isatty(STDIN_FILENO)) {
        return usage_error("confirmation needed but stdin is not a terminal",
                           "pass --yes to proceed without asking");
    }
    err << question << " [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return answer == "y" || answer == "Y" || answer == "yes";
}

Context::Context(ParsedArgs args, CommonOptions options, Io io)
    : args_(std::move(args)), options_(std::move(options)), io_(std::move(io)) {}

Context::~Context() = default;

void Context::note(const std::string& text) {
    io_.err << text << "\n";
}

Expected<WalletDir*> Context::wallet(bool create) {
    if (!wallet_) {
        auto w = WalletDir::open(options_.wallet_dir, create);
        if (!w) return w.failure();
        wallet_ = std::move(*w);
    }
    return wallet_.get();
}

Expected<const PinnedChain*> Context::pinned() {
    auto w = wallet();
    if (!w) return w.failure();
    return (*w)->pinned();
}

Expected<SelectedKey> Context::key() {
    auto w = wallet();
    if (!w) return w.failure();
    auto k = (*w)->select_key(options_.key);
    if (k && !k->note.empty()) note(k->note);
    return k;
}

Expected<NodeClient*> Context::node() {
    if (node_) return node_.get();
    auto p = pinned();
    if (!p) return p.failure();
    std::string url = options_.rpc_url.value_or("");
    if (url.empty()) {
        // The URL init remembered; it was validated then, and is again in case wallet.json was edited.
        const std::string& saved = wallet_->state().rpc_url;
        if (!saved.empty()) {
            auto u = parse_rpc_url("wallet.json rpc", saved);
            if (!u) return u.failure();
            url = *u;
        } else {
            url = kDefaultRpcUrl;
        }
    }
    auto client = std::make_unique<NodeClient>(url, options_.token);
    if (Done d = client->check_chain((*p)->chain_id, wallet_->state().chain_name); !d) return d.failure();
    node_ = std::move(client);
    return node_.get();
}

Expected<std::string> Context::password(const std::string& prompt, bool new_password) {
    std::vector<keys::PasswordSource> sources;
    if (options_.password_file)
        sources.push_back({keys::PasswordSource::Kind::file, *options_.password_file});
    sources.push_back({keys::PasswordSource::Kind::env, "FOLIO_WALLET_PASSWORD"});
    sources.push_back({keys::PasswordSource::Kind::prompt, prompt, new_password});
    auto pw = keys::obtain_password(sources);
    if (pw) return std::move(*pw);
    if (pw.reason() == Reason::NOT_FOUND && !options_.password_file) {
        return Failure{ExitCode::keystore,
                       "NO_PASSWORD",
                       "no password: stdin is not a terminal",
                       "give --password-file FILE or set $FOLIO_WALLET_PASSWORD",
                       {}};
    }
    return Failure{
        ExitCode::keystore, "NO_PASSWORD", cat("cannot read the password: ", pw.error().message), {}, {}};
}

Expected<crypto::SecretKey> Context::unlock(const SelectedKey& key, std::string* password_out) {
    auto pw = password(cat("Password for key '", key.name, "': "), false);
    if (!pw) return pw.failure();
    auto w = wallet();
    if (!w) return w.failure();
    auto secret = (*w)->keystore().unlock(key.name, *pw);
    if (password_out && secret) *password_out = *pw;
    keys::wipe_string(*pw);
    if (!secret) return keystore_failure(secret.error());
    return std::move(*secret);
}

Done Context::confirm(const std::string& question) {
    if (options_.yes || options_.json) return done();
    auto yes = io_.confirm(question);
    if (!yes) return yes.failure();
    if (!*yes) return Failure{ExitCode::usage, "DECLINED", "not confirmed; nothing was done", {}, {}};
    return done();
}

}  // namespace folio::wallet
