// foliod: the Folio ledger node.
//
//   foliod --datadir DIR [--config FILE] [--rpc-bind HOST:PORT] [--dev]
//   foliod token create --scope read|submit|admin [--name NAME] [--datadir DIR] [--config FILE]
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chain/version.h"
#include "node/config.h"
#include "node/log.h"
#include "node/node.h"
#include "rpc/auth.h"
#include "rpc/scope.h"

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  foliod --datadir DIR [--config FILE] [--rpc-bind HOST:PORT] [--dev]\n"
    "  foliod token create --scope read|submit|admin [--name NAME] [--datadir DIR] [--config FILE]\n"
    "  foliod --version\n"
    "\n"
    "  --datadir DIR        where the chain, the keystore and the config live (required)\n"
    "  --config FILE        config file (default DIR/config.json; keys in docs/operations.md)\n"
    "  --rpc-bind H:P       JSON-RPC address (default 127.0.0.1:8545; port 0 picks a free one, see DIR/rpc.addr)\n"
    "  --dev                on first start, create a one-validator dev chain with operator, registrar and\n"
    "                       issuer keys in DIR's encrypted keystore\n"
    "\n"
    "exit codes: 0 clean stop, 1 runtime error, 2 usage error\n";

int usage_error(const std::string& message) {
    std::fprintf(stderr, "foliod: %s\n\n%s", message.c_str(), kUsage);
    return 2;
}

int token_create(const std::vector<std::string>& args) {
    std::string scope_name, name, datadir = ".", config_path;
    for (size_t i = 0; i < args.size(); ++i) {
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        bool ok = true;
        if (args[i] == "--scope") ok = value(scope_name);
        else if (args[i] == "--name") ok = value(name);
        else if (args[i] == "--datadir") ok = value(datadir);
        else if (args[i] == "--config") ok = value(config_path);
        else return usage_error("unknown argument " + args[i]);
        if (!ok) return usage_error(args[i] + " needs a value");
    }
    const auto parsed = folio::rpc::scope_from_name(scope_name);
    if (!parsed || *parsed == folio::rpc::Scope::Public) {
        return usage_error("--scope must be read, submit or admin");
    }
    if (name.size() > 64) return usage_error("--name is at most 64 characters");
    auto config = folio::node::load_config(datadir, config_path);
    if (!config) {
        std::fprintf(stderr, "foliod: %s\n", config.error().message.c_str());
        return 1;
    }
    auto token = folio::rpc::make_token(*parsed, name);
    config->rpc_tokens.push_back(token.record);
    const std::string path = config_path.empty() ? config->path("config.json") : config_path;
    if (auto s = folio::node::save_config(*config, path); !s) {
        std::fprintf(stderr, "foliod: %s\n", s.error().message.c_str());
        return 1;
    }
    std::printf("%s\n", token.plaintext.c_str());
    std::fprintf(stderr, "foliod: %s token stored (as a salted hash) in %s; shown once. Restart the node to use it.\n",
                 scope_name.c_str(), path.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && args[0] == "--version") {
        std::printf("%s\n", folio::version_line("foliod").c_str());
        return 0;
    }
    if (args.size() >= 2 && args[0] == "token" && args[1] == "create") {
        return token_create(std::vector<std::string>(args.begin() + 2, args.end()));
    }
    folio::node::NodeOptions options;
    for (size_t i = 0; i < args.size(); ++i) {
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) return false;
            out = args[++i];
            return true;
        };
        bool ok = true;
        if (args[i] == "--datadir") ok = value(options.datadir);
        else if (args[i] == "--config") ok = value(options.config_path);
        else if (args[i] == "--rpc-bind") ok = value(options.rpc_bind_override);
        else if (args[i] == "--dev") options.dev = true;
        else if (args[i] == "--help" || args[i] == "-h") {
            std::printf("%s", kUsage);
            return 0;
        } else {
            return usage_error("unknown argument " + args[i]);
        }
        if (!ok) return usage_error(args[i] + " needs a value");
    }
    if (options.datadir.empty()) return usage_error("--datadir is required");

    // Block the stop signals in every thread (threads inherit the mask), and wait for them here.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto node = folio::node::Node::start(options);
    if (!node) {
        folio::node::log_error("node", node.error().message);
        return 1;
    }
    folio::node::log_info("node", "foliod started; stop with SIGINT or SIGTERM");
    int sig = 0;
    sigwait(&stop_signals, &sig);
    folio::node::log_info("node", std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
    (*node)->stop();
    return 0;
}
