#include "node/token_cli.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "node/block_producer.h"
#include "node/config.h"
#include "node/token_file.h"
#include "rpc/scope.h"

namespace folio::node {
namespace {

constexpr const char* kTokenUsage =
    "usage:\n"
    "  foliod token create --datadir DIR --scope read|submit|admin --name NAME [--config FILE]\n"
    "  foliod token list   --datadir DIR [--config FILE] [--json]\n"
    "  foliod token revoke --datadir DIR NAME\n"
    "\n"
    "  create   makes a token and prints it once on stdout; DIR/rpc-tokens.json keeps only its salted hash\n"
    "  list     names, scopes and creation times of DIR/rpc-tokens.json and of the config's rpc_tokens\n"
    "  revoke   deletes the token NAME from DIR/rpc-tokens.json (revoking \"admin\" also deletes "
    "rpc-admin.token)\n"
    "\n"
    "A running foliod on DIR takes the change from its next request: no restart, no signal.\n"
    "NAME: 1 to 64 of A-Z a-z 0-9 . _ -, unique; it is shown in the log and the audit log.\n"
    "exit codes: 0 done, 1 runtime error, 2 usage error\n";

int usage_error(const std::string& message) {
    std::fprintf(stderr, "foliod token: %s\n\n%s", message.c_str(), kTokenUsage);
    return 2;
}

int runtime_error(const std::string& message) {
    std::fprintf(stderr, "foliod token: %s\n", message.c_str());
    return 1;
}

struct TokenArgs {
    std::string datadir, config_path, scope, name;
    bool json = false;
    std::vector<std::string> positional;
};

// Parses flags; nullopt after printing a usage error into `code`.
std::optional<TokenArgs> parse_args(const std::vector<std::string>& args, int& code) {
    TokenArgs out;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& target) {
            if (i + 1 >= args.size()) return false;
            target = args[++i];
            return true;
        };
        bool ok = true;
        if (a == "--datadir")
            ok = value(out.datadir);
        else if (a == "--config")
            ok = value(out.config_path);
        else if (a == "--scope")
            ok = value(out.scope);
        else if (a == "--name")
            ok = value(out.name);
        else if (a == "--json")
            out.json = true;
        else if (!a.empty() && a[0] == '-') {
            code = usage_error("unknown argument " + a);
            return std::nullopt;
        } else {
            out.positional.push_back(a);
        }
        if (!ok) {
            code = usage_error(a + " needs a value");
            return std::nullopt;
        }
    }
    if (out.datadir.empty()) {
        code = usage_error("--datadir is required");
        return std::nullopt;
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(out.datadir, ec)) {
        code = runtime_error("data directory " + out.datadir + " does not exist");
        return std::nullopt;
    }
    return out;
}

std::string utc_date(uint64_t ms) {
    if (ms == 0) return "-";
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

int create(const TokenArgs& a) {
    if (!a.positional.empty()) return usage_error("unexpected argument " + a.positional[0]);
    const auto scope = rpc::scope_from_name(a.scope);
    if (!scope || *scope == rpc::Scope::Public) return usage_error("--scope must be read, submit or admin");
    if (a.name.empty()) return usage_error("--name is required (it names the token in logs and for revoke)");
    if (Status s = check_token_name(a.name); !s) return usage_error(s.error().message);
    auto config = load_config(a.datadir, a.config_path);
    if (!config) return runtime_error(config.error().message);
    std::vector<std::string> taken;
    for (const auto& t : config->rpc_tokens) taken.push_back(t.name);
    auto lock = TokenFileLock::acquire(a.datadir);
    if (!lock) return runtime_error(lock.error().message);
    const std::string path = config->path(kTokenFileName);
    auto file = load_token_file(path);
    if (!file) return runtime_error(file.error().message);
    auto plaintext = add_token(*file, *scope, a.name, now_ms(), taken);
    if (!plaintext) {
        if (plaintext.reason() == Reason::INVALID_ARGUMENT) return usage_error(plaintext.error().message);
        return runtime_error(plaintext.error().message);
    }
    if (Status s = save_token_file(*file, path); !s) return runtime_error(s.error().message);
    std::printf("%s\n", plaintext->c_str());
    std::fflush(stdout);
    std::fprintf(
        stderr,
        "foliod token: %s token \"%s\" stored (as a salted hash) in %s; shown once. A running node accepts "
        "it from its next request.\n",
        a.scope.c_str(), a.name.c_str(), path.c_str());
    return 0;
}

int list(const TokenArgs& a) {
    if (!a.positional.empty()) return usage_error("unexpected argument " + a.positional[0]);
    auto config = load_config(a.datadir, a.config_path);
    if (!config) return runtime_error(config.error().message);
    const std::string path = config->path(kTokenFileName);
    auto file = load_token_file(path);
    if (!file) return runtime_error(file.error().message);
    const std::string config_file = config->config_path.empty() ? "config" : config->config_path;
    if (a.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& t : file->tokens) {
            out.push_back({{"name", t.record.name},
                           {"scope", rpc::scope_name(t.record.scope)},
                           {"created_ms", t.created_ms},
                           {"created", utc_date(t.created_ms)},
                           {"source", path}});
        }
        for (const auto& t : config->rpc_tokens) {
            out.push_back({{"name", t.name},
                           {"scope", rpc::scope_name(t.scope)},
                           {"created_ms", nullptr},
                           {"created", nullptr},
                           {"source", config_file}});
        }
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-24s %-7s %-21s %s\n", "NAME", "SCOPE", "CREATED (UTC)", "SOURCE");
    for (const auto& t : file->tokens) {
        std::printf("%-24s %-7s %-21s %s\n", t.record.name.c_str(),
                    std::string(rpc::scope_name(t.record.scope)).c_str(), utc_date(t.created_ms).c_str(),
                    kTokenFileName);
    }
    for (const auto& t : config->rpc_tokens) {
        std::printf("%-24s %-7s %-21s %s\n", t.name.empty() ? "(no name)" : t.name.c_str(),
                    std::string(rpc::scope_name(t.scope)).c_str(), "-", config_file.c_str());
    }
    if (file->tokens.empty() && config->rpc_tokens.empty()) std::fprintf(stderr, "foliod token: no tokens\n");
    return 0;
}

int revoke(const TokenArgs& a) {
    if (a.positional.size() != 1) return usage_error("revoke takes the name of one token");
    const std::string& name = a.positional[0];
    auto config = load_config(a.datadir, a.config_path);
    if (!config) return runtime_error(config.error().message);
    auto lock = TokenFileLock::acquire(a.datadir);
    if (!lock) return runtime_error(lock.error().message);
    const std::string path = config->path(kTokenFileName);
    auto file = load_token_file(path);
    if (!file) return runtime_error(file.error().message);
    if (Status s = revoke_token(*file, name); !s) {
        for (const auto& t : config->rpc_tokens) {
            if (t.name == name) {
                return runtime_error("token " + name + " is in " + config->config_path +
                                     " (rpc_tokens): remove it there, then send the node SIGHUP");
            }
        }
        return runtime_error(s.error().message);
    }
    if (Status s = save_token_file(*file, path); !s) return runtime_error(s.error().message);
    // The admin token's plaintext file holds a token that no longer works: a tool must not pick it up.
    const std::string admin_file = config->path(kAdminTokenFileName);
    std::error_code ec;
    if (name == "admin" && std::filesystem::exists(admin_file, ec)) {
        std::filesystem::remove(admin_file, ec);
        if (ec)
            std::fprintf(stderr, "foliod token: cannot delete %s: %s\n", admin_file.c_str(),
                         ec.message().c_str());
    }
    std::fprintf(stderr,
                 "foliod token: token \"%s\" revoked; a running node refuses it from its next request.\n",
                 name.c_str());
    return 0;
}

}  // namespace

int run_token_command(const std::vector<std::string>& args) {
    if (args.empty()) return usage_error("create, list or revoke?");
    const std::string& command = args[0];
    if (command == "--help" || command == "-h" || command == "help") {
        std::printf("%s", kTokenUsage);
        return 0;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest) {
        if (a == "--help" || a == "-h") {
            std::printf("%s", kTokenUsage);
            return 0;
        }
    }
    if (command != "create" && command != "list" && command != "revoke") {
        return usage_error("unknown token command " + command);
    }
    int code = 0;
    auto parsed = parse_args(rest, code);
    if (!parsed) return code;
    if (command == "create") return create(*parsed);
    if (command == "list") return list(*parsed);
    return revoke(*parsed);
}

}  // namespace folio::node
