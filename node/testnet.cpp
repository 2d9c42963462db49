#include "node/testnet.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "chain/genesis.h"
#include "keys/file_io.h"
#include "keys/keystore.h"
#include "node/block_producer.h"
#include "node/ceremony.h"
#include "node/config.h"

namespace folio::node {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMaxNodes = 64;
constexpr uint64_t kDefaultBasePort = 26600;
// A local testnet's keys are real keys in a real keystore, with --dev's lighter scrypt cost so that the
// nodes start in a second.
constexpr uint64_t kTestnetScryptN = 1u << 14;

constexpr const char* kUsage =
    "usage: foliod testnet --validators N --dir DIR [--base-port P] [--observers M]\n"
    "\n"
    "Writes a local consortium of N validators and M observers (default 0) into DIR (missing or empty):\n"
    "DIR/nodeI/ with its keys, the shared genesis.json and a config.json with rpc_bind 127.0.0.1:P+2I and\n"
    "p2p_bind 127.0.0.1:P+2I+1 (P default 26600). Start node I with `foliod --datadir DIR/nodeI`, or all of\n"
    "them with scripts/testnet.sh start DIR. node0's keystore holds the operator, registrar and issuer "
    "keys.\n";

int usage_error(const std::string& message) {
    std::fprintf(stderr, "foliod testnet: %s\n\n%s", message.c_str(), kUsage);
    return 2;
}

bool parse_count(const std::string& text, uint64_t max, uint64_t& out) {
    if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    out = std::stoull(text);
    return out <= max;
}

std::string random_password() {
    std::array<uint8_t, 24> bytes{};
    crypto::random_bytes(bytes.data(), bytes.size());
    return to_hex(bytes);
}

struct NodePlan {
    std::string name;
    bool validator = false;
    uint16_t rpc_port = 0, p2p_port = 0;
    ValidatorKeys keys;
};

Status write_nodes(const fs::path& root, uint64_t validators, uint64_t observers, uint64_t base_port) {
    keys::ScryptParams params;
    params.n = kTestnetScryptN;
    std::vector<NodePlan> nodes;
    std::map<std::string, PubKey> genesis_keys;
    for (uint64_t i = 0; i < validators + observers; ++i) {
        NodePlan n;
        n.validator = i < validators;
        n.name = (n.validator ? "validator-" : "observer-") + std::to_string(i);
        n.rpc_port = static_cast<uint16_t>(base_port + 2 * i);
        n.p2p_port = static_cast<uint16_t>(base_port + 2 * i + 1);
        const fs::path dir = root / ("node" + std::to_string(i));
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec)
            return make_error(
                Reason::IO_ERROR,
                std::string("cannot create ").append(dir.string()).append(": ").append(ec.message()));
        fs::permissions(dir, fs::perms::owner_all, ec);
        const std::string password = random_password();
        if (Status s = keys::write_file_atomic((dir / "keystore.password").string(), password + "\n", 0600);
            !s)
            return s;
        if (n.validator) {
            auto made = create_validator_keys(dir.string(), "validator", password, params);
            if (!made) return made.error();
            n.keys = *made;
        } else {
            // An observer has a P2P identity and an empty keystore: no validator key.
            auto made = create_observer_keys(dir.string());
            if (!made) return made.error();
            n.keys.p2p_pubkey = *made;
            if (auto keystore = keys::Keystore::open((dir / "keystore").string(), true); !keystore)
                return keystore.error();
        }
        if (i == 0) {
            auto keystore = keys::Keystore::open((dir / "keystore").string(), true);
            if (!keystore) return keystore.error();
            for (const char* name : {"operator", "registrar", "issuer"}) {
                auto info = keystore->generate(name, password, params);
                if (!info) return info.error();
                genesis_keys[name] = info->pubkey;
            }
        }
        nodes.push_back(std::move(n));
    }

    Genesis g;
    g.chain_name = "folio-testnet";
    g.genesis_time_ms = now_ms();
    for (const NodePlan& n : nodes)
        if (n.validator)
            g.validators.validators.push_back(
                Validator{n.name, n.keys.consensus_pubkey, n.keys.p2p_pubkey, 1});
    g.accounts.push_back(
        GenesisAccount{"operator", genesis_keys["operator"], role_bit(Role::operator_), std::nullopt});
    g.accounts.push_back(
        GenesisAccount{"registrar", genesis_keys["registrar"], role_bit(Role::registrar), std::nullopt});
    g.accounts.push_back(
        GenesisAccount{"issuer", genesis_keys["issuer"], role_bit(Role::issuer), std::nullopt});
    g.params = default_params();
    const std::string genesis_json = g.to_json() + "\n";

    for (size_t i = 0; i < nodes.size(); ++i) {
        const fs::path dir = root / ("node" + std::to_string(i));
        NodeConfig config;
        config.datadir = dir.string();
        config.rpc_bind = "127.0.0.1:" + std::to_string(nodes[i].rpc_port);
        config.keystore_password_file = "keystore.password";
        config.p2p.bind = "127.0.0.1:" + std::to_string(nodes[i].p2p_port);
        for (size_t j = 0; j < nodes.size(); ++j) {
            if (j == i) continue;
            // Validators dial each other; observers dial the validators, which accept them by key.
            if (nodes[j].validator) {
                config.p2p.peers.push_back(p2p::PeerEndpoint{"127.0.0.1:" + std::to_string(nodes[j].p2p_port),
                                                             nodes[j].keys.p2p_pubkey});
            } else if (nodes[i].validator) {
                config.p2p.observer_keys.push_back(nodes[j].keys.p2p_pubkey);
            }
        }
        if (Status s = save_config(config, (dir / "config.json").string()); !s) return s;
        if (Status s = keys::write_file_atomic((dir / "genesis.json").string(), genesis_json, 0644); !s)
            return s;
    }
    return {};
}

}  // namespace

int run_testnet_command(const std::vector<std::string>& args) {
    uint64_t validators = 0, observers = 0, base_port = kDefaultBasePort;
    bool have_validators = false;
    std::string dir;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "--help" || flag == "-h") {
            std::printf("%s", kUsage);
            return 0;
        }
        if (i + 1 >= args.size()) return usage_error(flag + " needs a value");
        const std::string& v = args[++i];
        if (flag == "--validators") {
            if (!parse_count(v, kMaxNodes, validators) || validators < 1)
                return usage_error("--validators must be 1 to " + std::to_string(kMaxNodes));
            have_validators = true;
        } else if (flag == "--observers") {
            if (!parse_count(v, kMaxNodes, observers))
                return usage_error("--observers must be 0 to " + std::to_string(kMaxNodes));
        } else if (flag == "--base-port") {
            if (!parse_count(v, 65535, base_port) || base_port < 1)
                return usage_error("--base-port must be 1 to 65535");
        } else if (flag == "--dir") {
            dir = v;
        } else {
            return usage_error("unknown argument " + flag);
        }
    }
    if (!have_validators) return usage_error("--validators is required");
    if (dir.empty()) return usage_error("--dir is required");
    const uint64_t nodes = validators + observers;
    if (nodes > kMaxNodes) return usage_error("at most " + std::to_string(kMaxNodes) + " nodes in all");
    if (base_port + 2 * nodes - 1 > 65535)
        return usage_error("ports " + std::to_string(base_port) + ".." +
                           std::to_string(base_port + 2 * nodes - 1) +
                           " go past 65535: choose a lower --base-port");
    std::error_code ec;
    const fs::path target = fs::absolute(dir);
    if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
        return usage_error(dir + " exists and is not an empty directory");

    // Written beside the target under a temporary name, then renamed: a failure leaves nothing behind.
    std::string staging_name = ".";
    staging_name.append(target.filename().string()).append(".tmp-").append(std::to_string(::getpid()));
    const fs::path staging = target.parent_path() / staging_name;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec) {
        std::fprintf(stderr, "foliod testnet: cannot create %s: %s\n", staging.c_str(), ec.message().c_str());
        return 1;
    }
    fs::permissions(staging, fs::perms::owner_all, ec);
    if (Status s = write_nodes(staging, validators, observers, base_port); !s) {
        fs::remove_all(staging, ec);
        std::fprintf(stderr, "foliod testnet: %s\n", s.error().message.c_str());
        return 1;
    }
    fs::rename(staging, target, ec);  // replaces an empty directory atomically
    if (ec) {
        fs::remove_all(staging, ec);
        std::fprintf(stderr, "foliod testnet: cannot move the testnet into %s: %s\n", dir.c_str(),
                     ec.message().c_str());
        return 1;
    }
    // The testnet is whole either way; a failed directory sync only means it might not survive a power loss.
    (void)keys::sync_directory(target.parent_path().string());
    std::printf("testnet of %llu validators and %llu observers in %s\n", (unsigned long long)validators,
                (unsigned long long)observers, target.c_str());
    for (uint64_t i = 0; i < nodes; ++i) {
        std::printf("  node%llu  %-9s rpc 127.0.0.1:%llu  p2p 127.0.0.1:%llu  foliod --datadir %s/node%llu\n",
                    (unsigned long long)i, i < validators ? "validator" : "observer",
                    (unsigned long long)(base_port + 2 * i), (unsigned long long)(base_port + 2 * i + 1),
                    target.c_str(), (unsigned long long)i);
    }
    std::printf("start them all: scripts/testnet.sh start %s\n", target.c_str());
    return 0;
}

}  // namespace folio::node
