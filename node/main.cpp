// foliod: the Folio ledger node.
//
//   foliod --datadir DIR [--config FILE] [--rpc-bind HOST:PORT] [--dev]
//   foliod token create|list|revoke --datadir DIR ...   (node/token_cli.h)
//   foliod keygen | init ...                           (node/ceremony.h)
//   foliod testnet --validators N --dir DIR ...        (node/testnet.h)
//   foliod backup | restore ...                        (node/backup_cli.h)
//
// Signals: SIGTERM and SIGINT stop the node cleanly; SIGHUP rereads tokens, the log level and the log file
// (Node::reload) and never stops it. All three are blocked in every thread and taken here with sigwait.
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chain/version.h"
#include "node/backup_cli.h"
#include "node/config.h"
#include "node/log.h"
#include "node/node.h"
#include "node/ceremony.h"
#include "node/testnet.h"
#include "node/token_cli.h"

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  foliod --datadir DIR [--config FILE] [--rpc-bind HOST:PORT] [--dev]\n"
    "  foliod token create|list|revoke --datadir DIR ...   (foliod token --help)\n"
    "  foliod keygen --datadir DIR [--name NAME] [--password-file FILE]   (a validator's keys)\n"
    "  foliod init --genesis FILE --datadir DIR [--password-file FILE] [--rpc-bind H:P] [--p2p-bind H:P]\n"
    "  foliod testnet --validators N --dir DIR [--base-port P] [--observers M]   (a local consortium)\n"
    "  foliod backup --datadir DIR --out FILE [--token-file FILE]   (running or stopped node)\n"
    "  foliod restore --from FILE --datadir NEWDIR\n"
    "  foliod --version\n"
    "\n"
    "  --datadir DIR        where the chain, the keystore and the config live (required)\n"
    "  --config FILE        config file (default DIR/config.json; keys in docs/operations.md)\n"
    "  --rpc-bind H:P       JSON-RPC address (default 127.0.0.1:8545; port 0 picks a free one, see DIR/rpc.addr)\n"
    "  --dev                on first start, create a one-validator dev chain with operator, registrar and\n"
    "                       issuer keys in DIR's encrypted keystore\n"
    "\n"
    "signals: SIGTERM, SIGINT stop cleanly; SIGHUP rereads tokens, log_level and log_file (reopens the log)\n"
    "exit codes: 0 clean stop, 1 runtime error, 2 usage error\n";

int usage_error(const std::string& message) {
    std::fprintf(stderr, "foliod: %s\n\n%s", message.c_str(), kUsage);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && args[0] == "--version") {
        std::printf("%s\n", folio::version_line("foliod").c_str());
        return 0;
    }
    const std::vector<std::string> rest(args.empty() ? args.end() : args.begin() + 1, args.end());
    if (!args.empty() && args[0] == "keygen") return folio::node::run_keygen_command(rest);
    if (!args.empty() && args[0] == "init") return folio::node::run_init_command(rest);
    if (!args.empty() && args[0] == "testnet") return folio::node::run_testnet_command(rest);
    if (!args.empty() && args[0] == "backup") return folio::node::run_backup_command(rest);
    if (!args.empty() && args[0] == "restore") return folio::node::run_restore_command(rest);
    if (!args.empty() && args[0] == "token") {
        return folio::node::run_token_command(std::vector<std::string>(args.begin() + 1, args.end()));
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

    // Block the signals in every thread (threads inherit the mask), and wait for them here.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto node = folio::node::Node::start(options);
    if (!node) {
        folio::node::log_error("node", node.error().message);
        return 1;
    }
    folio::node::log_info("node", "foliod started; stop with SIGINT or SIGTERM, reload tokens and logs with SIGHUP");
    for (;;) {
        int sig = 0;
        if (sigwait(&signals, &sig) != 0) continue;
        if (sig == SIGHUP) {
            (*node)->reload();
            continue;
        }
        folio::node::log_info("node", std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
        break;
    }
    (*node)->stop();
    return 0;
}
