#include "node/ceremony.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "chain/genesis.h"
#include "keys/file_io.h"
#include "keys/passwords.h"
#include "node/config.h"
#include "node/p2p/identity.h"

namespace folio::node {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxGenesisBytes = 16u << 20;

constexpr const char* kKeygenUsage =
    "usage: foliod keygen --datadir DIR [--name NAME] [--password-file FILE]\n"
    "\n"
    "Creates this operator's validator keys in DIR (made with mode 0700 if missing): the consensus key in\n"
    "DIR/keystore (encrypted with the password) and the P2P key in DIR/p2p_key.pem. Prints the validator's\n"
    "genesis entry {name, consensus_pubkey, p2p_pubkey, power} as JSON. Never replaces an existing key.\n"
    "The password comes from --password-file, else from the terminal (asked twice).\n";

constexpr const char* kInitUsage =
    "usage: foliod init --genesis FILE --datadir DIR [--password-file FILE] [--rpc-bind H:P] [--p2p-bind "
    "H:P]\n"
    "\n"
    "Prepares DIR for the chain of FILE: checks the genesis and this node's keys against it (a node whose\n"
    "keys are not a validator's runs as an observer), then writes DIR/genesis.json and DIR/config.json\n"
    "(keystore_password_file, rpc_bind, p2p_bind; add p2p_peers before the first start).\n";

struct Args {
    std::string datadir, name = "validator", password_file, genesis, rpc_bind, p2p_bind;
};

int usage_error(const char* usage, const std::string& message) {
    std::fprintf(stderr, "foliod: %s\n\n%s", message.c_str(), usage);
    return 2;
}

int runtime_error(const std::string& message) {
    std::fprintf(stderr, "foliod: %s\n", message.c_str());
    return 1;
}

// Parses `--flag value` pairs among `allowed`; nullopt after printing a usage error into `code`.
std::optional<Args> parse(const std::vector<std::string>& args, const char* usage,
                          const std::vector<std::string>& allowed, int& code) {
    Args a;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (std::find(allowed.begin(), allowed.end(), flag) == allowed.end()) {
            code = usage_error(usage, "unknown argument " + flag);
            return std::nullopt;
        }
        if (i + 1 >= args.size()) {
            code = usage_error(usage, flag + " needs a value");
            return std::nullopt;
        }
        const std::string& v = args[++i];
        if (flag == "--datadir")
            a.datadir = v;
        else if (flag == "--name")
            a.name = v;
        else if (flag == "--password-file")
            a.password_file = v;
        else if (flag == "--genesis")
            a.genesis = v;
        else if (flag == "--rpc-bind")
            a.rpc_bind = v;
        else if (flag == "--p2p-bind")
            a.p2p_bind = v;
    }
    if (a.datadir.empty()) {
        code = usage_error(usage, "--datadir is required");
        return std::nullopt;
    }
    return a;
}

bool wants_help(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

Status make_private_dir(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(Reason::IO_ERROR, "cannot create " + dir + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);
    if (ec) return make_error(Reason::IO_ERROR, "cannot set the mode of " + dir + ": " + ec.message());
    return {};
}

}  // namespace

Result<ValidatorKeys> create_validator_keys(const std::string& datadir, const std::string& key_name,
                                            const std::string& password, const keys::ScryptParams& params) {
    const fs::path dir(datadir);
    const std::string p2p_path = (dir / "p2p_key.pem").string();
    if (fs::exists(p2p_path))
        return make_error(Reason::INVALID_ARGUMENT,
                          p2p_path + " already exists: keygen never replaces a key");
    if (Status s = make_private_dir(datadir); !s) return s.error();
    auto keystore = keys::Keystore::open((dir / "keystore").string(), true);
    if (!keystore) return keystore.error();
    if (auto existing = keystore->info(key_name)) {
        return make_error(Reason::INVALID_ARGUMENT,
                          keystore->key_path(key_name) + " already exists (consensus key " +
                              to_hex(existing->pubkey) + "): keygen never replaces a key");
    }
    auto info = keystore->generate(key_name, password, params);
    if (!info) return info.error();
    auto identity = p2p::create_key_file(p2p_path);
    if (!identity) return identity.error();
    ValidatorKeys out;
    out.consensus_pubkey = info->pubkey;
    std::copy(identity->public_key().begin(), identity->public_key().end(), out.p2p_pubkey.begin());
    return out;
}

Result<Hash256> create_observer_keys(const std::string& datadir) {
    if (Status s = make_private_dir(datadir); !s) return s.error();
    auto identity = p2p::create_key_file((fs::path(datadir) / "p2p_key.pem").string());
    if (!identity) return identity.error();
    Hash256 out{};
    std::copy(identity->public_key().begin(), identity->public_key().end(), out.begin());
    return out;
}

std::string validator_entry_json(const std::string& name, const ValidatorKeys& keys, uint64_t power) {
    const nlohmann::json entry = {{"name", name},
                                  {"consensus_pubkey", to_hex(keys.consensus_pubkey)},
                                  {"p2p_pubkey", to_hex(keys.p2p_pubkey)},
                                  {"power", power}};
    return entry.dump(2);
}

int run_keygen_command(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::printf("%s", kKeygenUsage);
        return 0;
    }
    int code = 0;
    auto a = parse(args, kKeygenUsage, {"--datadir", "--name", "--password-file"}, code);
    if (!a) return code;
    if (Status s = keys::validate_key_name(a->name); !s)
        return usage_error(kKeygenUsage, "--name: " + s.error().message);
    std::vector<keys::PasswordSource> sources;
    if (!a->password_file.empty()) sources.push_back({keys::PasswordSource::Kind::file, a->password_file});
    sources.push_back(
        {keys::PasswordSource::Kind::prompt, "new keystore password for the validator key: ", true});
    auto password = keys::obtain_password(sources);
    if (!password) {
        if (password.error().reason == Reason::NOT_FOUND)
            return usage_error(kKeygenUsage, "no password: give --password-file FILE or run on a terminal");
        return runtime_error(password.error().message);
    }
    if (Status s = keys::check_new_password(*password); !s) {
        keys::wipe_string(*password);
        return runtime_error(s.error().message);
    }
    auto made = create_validator_keys(a->datadir, "validator", *password, keys::ScryptParams{});
    keys::wipe_string(*password);
    if (!made) return runtime_error(made.error().message);
    std::printf("%s\n", validator_entry_json(a->name, *made, 1).c_str());
    std::fprintf(
        stderr,
        "foliod: keys written in %s; send the JSON above (public keys only) to whoever assembles the "
        "genesis file\n",
        a->datadir.c_str());
    return 0;
}

int run_init_command(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::printf("%s", kInitUsage);
        return 0;
    }
    int code = 0;
    auto a = parse(args, kInitUsage,
                   {"--datadir", "--genesis", "--password-file", "--rpc-bind", "--p2p-bind"}, code);
    if (!a) return code;
    if (a->genesis.empty()) return usage_error(kInitUsage, "--genesis is required");
    auto text = keys::read_file_bounded(a->genesis, kMaxGenesisBytes);
    if (!text) return runtime_error(text.error().message);
    auto genesis = parse_genesis(*text);
    if (!genesis) return runtime_error(a->genesis + ": " + genesis.error().message);

    const fs::path dir(a->datadir);
    const std::string genesis_path = (dir / "genesis.json").string();
    if (fs::exists(genesis_path)) {
        auto existing_text = keys::read_file_bounded(genesis_path, kMaxGenesisBytes);
        auto existing =
            existing_text ? parse_genesis(*existing_text) : Result<Genesis>(existing_text.error());
        if (existing && existing->chain_id() == genesis->chain_id()) {
            std::printf("%s already holds this chain (%s); nothing changed\n", a->datadir.c_str(),
                        to_hex(genesis->chain_id()).c_str());
            return 0;
        }
        return runtime_error(genesis_path + " already holds another chain: init never replaces a chain");
    }

    // The node's role: the validator whose consensus key this keystore holds, if any.
    std::string role = "observer (no validator key in " + (dir / "keystore").string() + ")";
    if (auto keystore = keys::Keystore::open((dir / "keystore").string(), false)) {
        if (auto info = keystore->info("validator")) {
            role = "observer (its validator key " + to_hex(info->pubkey) + " is not in the genesis set)";
            for (const Validator& v : genesis->validators.validators) {
                if (v.consensus_key != info->pubkey) continue;
                auto identity = p2p::NodeIdentity::load((dir / "p2p_key.pem").string());
                if (!identity) return runtime_error(identity.error().message);
                if (!std::equal(identity->public_key().begin(), identity->public_key().end(),
                                v.p2p_key.begin()))
                    return runtime_error("genesis names this validator (" + v.name + ") with p2p_pubkey " +
                                         to_hex(v.p2p_key) + ", but " + (dir / "p2p_key.pem").string() +
                                         " holds another key");
                role = "validator " + v.name;
            }
        }
    }

    if (Status s = make_private_dir(a->datadir); !s) return runtime_error(s.error().message);
    const std::string config_path = (dir / "config.json").string();
    if (!fs::exists(config_path)) {
        NodeConfig config;
        config.datadir = a->datadir;
        if (!a->rpc_bind.empty()) config.rpc_bind = a->rpc_bind;
        if (!a->p2p_bind.empty()) config.p2p.bind = a->p2p_bind;
        if (!a->password_file.empty())
            config.keystore_password_file = fs::absolute(a->password_file).string();
        if (Status s = save_config(config, config_path); !s) return runtime_error(s.error().message);
    }
    // genesis.json last: its presence marks the data directory as initialized.
    if (Status s = keys::write_file_atomic(genesis_path, *text, 0644); !s)
        return runtime_error(s.error().message);
    std::printf("%s prepared for chain %s as %s; config in %s\n", a->datadir.c_str(),
                to_hex(genesis->chain_id()).c_str(), role.c_str(), config_path.c_str());
    return 0;
}

}  // namespace folio::node
