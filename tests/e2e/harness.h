// End-to-end harness: real `foliod` and `folio-wallet` processes in temporary directories, driven over
// JSON-RPC and the command line (as Bitcoin Core's test/functional does with bitcoind).
//
//   e2e::FoliodNode node;                      // a fresh temp dir; nothing runs yet
//   node.configure({{"block_interval_ms", 50}}); // optional: creates the dev datadir, then edits config.json
//   node.start();                              // foliod --dev --datadir D --rpc-bind 127.0.0.1:0, waits for
//   /health json status = node.call("chain_status");   // admin token; throws e2e::Failure on an error
//   node.kill9(); node.start();                // same datadir; the port may change (rpc.addr is re-read)
//   node.stop();                               // SIGTERM, waits, requires exit code 0
//
// Failure handling: harness calls that cannot go on throw `e2e::Failure` (GoogleTest reports an exception
// thrown in a test body as a failure of that test, and destructors still run). Every process the harness
// started is killed (SIGKILL) and every temp dir removed when its owner is destroyed, when the test fails,
// and, for processes, also when the test binary dies of a fatal signal. FOLIO_E2E_KEEP=1 keeps the temp dirs.
//
// Processes are started with posix_spawn, never fork: the test binary has threads (clients, load threads).
//
// Thread safety: a FoliodNode is used from the test's main thread; `url()`, `ws_url()` and the tokens may be
// read by other threads while the node runs; each thread makes its own rpc::Client.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/result.h"
#include "rpc/client.h"

namespace folio::e2e {

using nlohmann::json;

// Thrown by harness helpers when the test cannot go on; carries what happened.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A temp directory removed (recursively) by the destructor, unless FOLIO_E2E_KEEP is set.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

struct ProcessResult {
    int exit_code = -1;  // the exit status; 128 + N for a process killed by signal N
    std::string out;
    std::string err;
    // stdout as one JSON document (null if it is not JSON).
    json doc() const;
    std::string describe() const;  // exit code, stdout and stderr, for failure messages
};

// Runs a program to completion with stdin from /dev/null and stdout/stderr captured in files under `scratch`.
// The environment is the test's own minus every FOLIO_* variable, plus `env`. Killed after `timeout`.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env, const std::string& scratch,
                          std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Reads a whole file; throws Failure if it cannot.
std::string read_file(const std::string& path);
std::string trim(std::string s);

class FoliodNode {
  public:
    FoliodNode();
    // A node of a data directory made elsewhere (`foliod testnet`): started without --dev, on the config's
    // rpc_bind, its log beside the data directory.
    explicit FoliodNode(std::string datadir);
    // Kills the process if it still runs (SIGKILL) and removes the temp dir. On a failed test, prints the
    // end of the node's log first.
    ~FoliodNode();
    FoliodNode(const FoliodNode&) = delete;
    FoliodNode& operator=(const FoliodNode&) = delete;

    const std::string& dir() const { return tmp_.path(); }  // scratch space of the test
    std::string datadir() const { return external_datadir_.empty() ? dir_ + "/node" : external_datadir_; }
    std::string log_path() const {
        return external_datadir_.empty() ? dir_ + "/foliod.log" : external_datadir_ + ".log";
    }

    // Merges `patch` (top-level keys) into DATADIR/config.json. The node must not run. If the dev datadir
    // does not exist yet, starts and stops the node once to create it.
    void configure(const json& patch);
    // `foliod token create --scope SCOPE --name e2e-SCOPE --datadir D`: the plaintext token (DATADIR/rpc-tokens.json;
    // a running node accepts it from its next request).
    std::string create_token(const std::string& scope);

    // Starts foliod on the datadir (--dev: a dev chain is created on the first start) and waits until it
    // answers GET /health. The admin token is re-read if the node wrote one (no tokens in the config).
    void start();
    // Starts foliod as start() does, without waiting for it (to kill it while it starts).
    void spawn_only();
    // SIGTERM; the node must exit with code 0 within 30 s.
    void stop();
    // SIGKILL, and reaps the process.
    void kill9();
    // SIGSTOP and SIGCONT: a node that hangs (its sockets stay open, nothing answers) and comes back.
    void pause();
    void resume();
    void restart() {
        stop();
        start();
    }
    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }

    std::string address() const { return address_; }  // "127.0.0.1:PORT"
    std::string url() const;                          // "http://127.0.0.1:PORT"
    std::string ws_url() const;                       // "ws://127.0.0.1:PORT/ws"
    const std::string& admin_token() const { return admin_token_; }
    // For tests that use another token as the harness's admin client.
    void set_admin_token(std::string token) { admin_token_ = std::move(token); }

    // A new client (own connection) with `token` (default: the admin token).
    std::unique_ptr<rpc::Client> client(std::optional<std::string> token = std::nullopt,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    // Calls with the harness's own admin client (one keep-alive connection, made on first use and dropped by
    // start/stop/kill9 and drop_client()).
    Result<json> try_call(const std::string& method, const json& params = json::object());
    // As try_call, but an error throws Failure naming the method, reason and message.
    json call(const std::string& method, const json& params = json::object());
    // The whole JSON-RPC answer object ({result} or {error: {code, message, data}}), for tests of error data.
    json raw_call(const std::string& method, const json& params = json::object());
    void drop_client() { client_.reset(); }

    // Last lines of the node's log (stdout and stderr of every run).
    std::string log_tail(size_t lines = 40) const;

  private:
    void wait_ready();

    TempDir tmp_;
    std::string dir_;
    std::string external_datadir_;  // set: a testnet node (no --dev)
    pid_t pid_ = -1;
    std::string address_;
    std::string admin_token_;
    std::unique_ptr<rpc::Client> client_;
};

// folio-wallet with a wallet directory of its own in the test's temp space.
class Wallet {
  public:
    // `password`: FOLIO_WALLET_PASSWORD for every run; `name`: the wallet directory under the node's temp
    // dir.
    explicit Wallet(const FoliodNode& node, std::string name = "wallet",
                    std::string password = "e2e-wallet-password");

    // folio-wallet --wallet-dir W --rpc URL ARGS..., with FOLIO_RPC_TOKEN = `token` (default: the node's
    // admin token) and FOLIO_WALLET_PASSWORD.
    ProcessResult run(const std::vector<std::string>& args,
                      std::optional<std::string> token = std::nullopt) const;
    // As run, but a non-zero exit throws Failure; returns stdout parsed as JSON (the command gets --json).
    json run_json(const std::vector<std::string>& args) const;
    std::string dir() const;
    // Talks to `other` from now on (--rpc and token), keeping this wallet's directory and pinned chain.
    void use_node(const FoliodNode& other) { rpc_node_ = &other; }

  private:
    const FoliodNode& node_;
    const FoliodNode* rpc_node_;
    std::string name_;
    std::string password_;
};

// Paths of the binaries under test (compile definitions from CMake).
std::string foliod_path();
std::string wallet_path();
std::string cli_path();

}  // namespace folio::e2e
