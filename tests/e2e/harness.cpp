#include "tests/e2e/harness.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

extern char** environ;

namespace folio::e2e {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// ---- Children killed when the test binary dies of a fatal signal ------------------------------------------
// A crashed test must not leave a foliod behind holding a port and a LevelDB lock. The handler only calls
// kill(), which is async-signal-safe, on the pids recorded here.
constexpr size_t kMaxChildren = 64;
std::atomic<pid_t> g_children[kMaxChildren];

void kill_children_on_fatal_signal(int sig) {
    for (auto& c : g_children) {
        const pid_t pid = c.load();
        if (pid > 0) ::kill(pid, SIGKILL);
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void install_fatal_signal_cleanup() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT}) {
            struct sigaction sa {};
            sa.sa_handler = kill_children_on_fatal_signal;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESETHAND;
            ::sigaction(sig, &sa, nullptr);
        }
        ::signal(SIGPIPE, SIG_IGN);
    });
}

void remember_child(pid_t pid) {
    for (auto& c : g_children) {
        pid_t empty = 0;
        if (c.compare_exchange_strong(empty, pid)) return;
    }
}

void forget_child(pid_t pid) {
    for (auto& c : g_children) {
        pid_t p = pid;
        if (c.compare_exchange_strong(p, 0)) return;
    }
}

// ---- Spawning ---------------------------------------------------------------------------------------------

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        if (entry.rfind("FOLIO_", 0) == 0) continue;  // the host's wallet settings must not leak in
        const std::string name(entry.substr(0, entry.find('=')));
        if (extra.count(name)) continue;
        env.emplace_back(entry);
    }
    for (const auto& [k, v] : extra) {
        std::string entry = k;
        entry += '=';
        entry += v;
        env.push_back(std::move(entry));
    }
    return env;
}

// Starts `program args` with stdin /dev/null and stdout/stderr appended to the given files.
pid_t spawn(const std::string& program, const std::vector<std::string>& args,
            const std::vector<std::string>& env, const std::string& out_path, const std::string& err_path) {
    install_fatal_signal_cleanup();
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    // Its own process group: a terminal's Ctrl-C reaches the test, which then kills the child itself.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, defaults;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGSEGV, SIGABRT}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&attr, &defaults);

    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        std::string m = "posix_spawn ";
        m += program;
        m += ": ";
        m += std::strerror(rc);
        throw Failure(m);
    }
    remember_child(pid);
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// Waits for `pid` until `deadline`; the exit code (decode_status), or nullopt if it still runs.
std::optional<int> wait_until(pid_t pid, Clock::time_point deadline) {
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            forget_child(pid);
            return decode_status(status);
        }
        if (r < 0 && errno != EINTR) {
            forget_child(pid);
            return -1;
        }
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

int kill_and_reap(pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    forget_child(pid);
    return decode_status(status);
}

bool keep_temp() {
    const char* v = std::getenv("FOLIO_E2E_KEEP");
    return v != nullptr && *v != '\0' && std::string(v) != "0";
}

}  // namespace

// ---- Small helpers ----------------------------------------------------------------------------------------

std::string foliod_path() {
    return FOLIO_E2E_FOLIOD;
}
std::string wallet_path() {
    return FOLIO_E2E_WALLET;
}

std::string cli_path() {
    return FOLIO_E2E_CLI;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Failure("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(i);
}

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = (base != nullptr && *base != '\0') ? base : "/tmp";
    tmpl += "/folio-e2e-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) throw Failure("mkdtemp " + tmpl + ": " + std::strerror(errno));
    path_ = buf.data();
}

TempDir::~TempDir() {
    if (keep_temp()) {
        std::cerr << "[e2e] kept " << path_ << "\n";
        return;
    }
    std::error_code ec;
    fs::remove_all(path_, ec);
}

json ProcessResult::doc() const {
    return json::parse(out, nullptr, /*allow_exceptions=*/false);
}

std::string ProcessResult::describe() const {
    std::string s = "exit code ";
    s += std::to_string(exit_code);
    s += "\n--- stdout ---\n";
    s += out;
    s += "\n--- stderr ---\n";
    s += err;
    return s;
}

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env, const std::string& scratch,
                          std::chrono::milliseconds timeout) {
    static std::atomic<unsigned> counter{0};
    const std::string stem = scratch + "/run-" + std::to_string(counter++);
    const std::string out_path = stem + ".out", err_path = stem + ".err";
    const pid_t pid = spawn(program, args, child_environment(env), out_path, err_path);
    ProcessResult r;
    if (auto code = wait_until(pid, Clock::now() + timeout)) {
        r.exit_code = *code;
    } else {
        kill_and_reap(pid);
        r.exit_code = -1;
        r.err = "[e2e] killed after the timeout\n";
    }
    std::error_code ec;
    if (fs::exists(out_path, ec)) r.out = read_file(out_path);
    if (fs::exists(err_path, ec)) r.err += read_file(err_path);
    fs::remove(out_path, ec);
    fs::remove(err_path, ec);
    return r;
}

// ---- FoliodNode -------------------------------------------------------------------------------------------

FoliodNode::FoliodNode() : dir_(tmp_.path()) {}

FoliodNode::FoliodNode(std::string datadir) : dir_(tmp_.path()), external_datadir_(std::move(datadir)) {}

FoliodNode::~FoliodNode() {
    client_.reset();
    if (pid_ > 0) {
        kill_and_reap(pid_);
        pid_ = -1;
    }
    if (::testing::Test::HasFailure()) {
        std::cerr << "[e2e] foliod log (" << log_path() << "), last lines:\n" << log_tail(60) << "\n";
    }
}

std::string FoliodNode::url() const {
    return "http://" + address_;
}
std::string FoliodNode::ws_url() const {
    return "ws://" + address_ + "/ws";
}

std::string FoliodNode::log_tail(size_t lines) const {
    std::ifstream in(log_path());
    std::deque<std::string> last;
    for (std::string line; std::getline(in, line);) {
        last.push_back(line);
        if (last.size() > lines) last.pop_front();
    }
    std::string s;
    for (const auto& l : last) {
        s += l;
        s += '\n';
    }
    return s;
}

void FoliodNode::configure(const json& patch) {
    if (running()) throw Failure("configure: the node runs; stop it first");
    const std::string path = datadir() + "/config.json";
    if (!fs::exists(datadir() + "/genesis.json")) {
        start();
        stop();
    }
    json config = json::parse(read_file(path));
    for (const auto& [key, value] : patch.items()) config[key] = value;
    std::ofstream(path, std::ios::trunc) << config.dump(2) << "\n";
}

std::string FoliodNode::create_token(const std::string& scope) {
    if (!fs::exists(datadir() + "/genesis.json")) {
        start();
        stop();
    }
    ProcessResult r = run_process(
        foliod_path(),
        {"token", "create", "--scope", scope, "--name", "e2e-" + scope, "--datadir", datadir()}, {}, dir_);
    if (r.exit_code != 0) throw Failure("foliod token create: " + r.describe());
    const std::string token = trim(r.out);
    if (token.empty()) throw Failure("foliod token create printed no token: " + r.describe());
    return token;
}

void FoliodNode::start() {
    spawn_only();
    wait_ready();
}

void FoliodNode::spawn_only() {
    if (running()) throw Failure("start: the node already runs");
    client_.reset();
    // Files of the previous run must not be taken for this run's.
    std::error_code ec;
    // (rpc-admin.token stays: the admin token is the same across restarts.)
    fs::remove(datadir() + "/rpc.addr", ec);
    {
        std::ofstream log(log_path(), std::ios::app);
        log << "[e2e] ---- start foliod ----\n";
    }
    const std::vector<std::string> args =
        external_datadir_.empty()
            ? std::vector<std::string>{"--dev", "--datadir", datadir(), "--rpc-bind", "127.0.0.1:0"}
            : std::vector<std::string>{"--datadir", datadir()};
    pid_ = spawn(foliod_path(), args, child_environment({}), log_path(), log_path());
}

void FoliodNode::wait_ready() {
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    const std::string addr_file = datadir() + "/rpc.addr";
    for (;;) {
        if (auto code = wait_until(pid_, Clock::now())) {
            pid_ = -1;
            std::string m = "foliod exited with code ";
            m += std::to_string(*code);
            m += " before it was ready:\n";
            m += log_tail();
            throw Failure(m);
        }
        std::error_code ec;
        if (fs::exists(addr_file, ec)) {
            address_ = trim(read_file(addr_file));
            auto health = rpc::http_request("GET", url() + "/health", {}, {}, std::chrono::seconds(2));
            if (health && health->status == 200) break;
        }
        if (Clock::now() > deadline) {
            kill9();
            throw Failure("foliod did not answer GET /health within 60 s:\n" + log_tail());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const std::string token_file = datadir() + "/rpc-admin.token";
    std::error_code ec;
    if (fs::exists(token_file, ec)) admin_token_ = trim(read_file(token_file));
}

void FoliodNode::stop() {
    if (!running()) throw Failure("stop: the node does not run");
    client_.reset();
    ::kill(pid_, SIGTERM);
    const auto code = wait_until(pid_, Clock::now() + std::chrono::seconds(30));
    if (!code) {
        kill_and_reap(pid_);
        pid_ = -1;
        throw Failure("foliod did not stop within 30 s of SIGTERM:\n" + log_tail());
    }
    pid_ = -1;
    if (*code != 0) {
        std::string m = "foliod exited with code ";
        m += std::to_string(*code);
        m += " after SIGTERM (expected 0):\n";
        m += log_tail();
        throw Failure(m);
    }
}

void FoliodNode::kill9() {
    if (!running()) throw Failure("kill9: the node does not run");
    client_.reset();
    const int code = kill_and_reap(pid_);
    pid_ = -1;
    if (code != 128 + SIGKILL) {
        std::string m = "foliod ended with ";
        m += std::to_string(code);
        m += " instead of being killed by SIGKILL";
        throw Failure(m);
    }
    std::ofstream(log_path(), std::ios::app) << "[e2e] ---- foliod killed with SIGKILL ----\n";
}

void FoliodNode::pause() {
    if (!running()) throw Failure("pause: the node does not run");
    client_.reset();
    ::kill(pid_, SIGSTOP);
    std::ofstream(log_path(), std::ios::app) << "[e2e] ---- foliod stopped with SIGSTOP ----\n";
}

void FoliodNode::resume() {
    if (!running()) throw Failure("resume: the node does not run");
    ::kill(pid_, SIGCONT);
}

std::unique_ptr<rpc::Client> FoliodNode::client(std::optional<std::string> token,
                                                std::chrono::milliseconds timeout) const {
    rpc::ClientOptions options;
    options.timeout = timeout;
    return std::make_unique<rpc::Client>(url(), token ? *token : admin_token_, options);
}

Result<json> FoliodNode::try_call(const std::string& method, const json& params) {
    if (!client_) client_ = client();
    return client_->call(method, params);
}

json FoliodNode::call(const std::string& method, const json& params) {
    auto r = try_call(method, params);
    if (!r) {
        std::string m = method;
        m += ' ';
        m += params.dump();
        m += " failed: ";
        m += reason_name(r.reason());
        m += ": ";
        m += r.error().message;
        throw Failure(m);
    }
    return std::move(r).value();
}

json FoliodNode::raw_call(const std::string& method, const json& params) {
    if (!client_) client_ = client();
    const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
    auto reply = client_->post(request.dump());
    if (!reply) throw Failure(method + ": transport failure: " + reply.error().message);
    json doc = json::parse(reply->body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        throw Failure(method + ": answer is not a JSON object: " + reply->body);
    return doc;
}

// ---- Wallet -----------------------------------------------------------------------------------------------

Wallet::Wallet(const FoliodNode& node, std::string name, std::string password)
    : node_(node), rpc_node_(&node), name_(std::move(name)), password_(std::move(password)) {}

std::string Wallet::dir() const {
    return node_.dir() + "/" + name_;
}

ProcessResult Wallet::run(const std::vector<std::string>& args, std::optional<std::string> token) const {
    std::vector<std::string> full = {"--wallet-dir", dir(), "--rpc", rpc_node_->url()};
    full.insert(full.end(), args.begin(), args.end());
    std::map<std::string, std::string> env = {{"FOLIO_WALLET_PASSWORD", password_}, {"HOME", node_.dir()}};
    const std::string t = token ? *token : rpc_node_->admin_token();
    if (!t.empty()) env["FOLIO_RPC_TOKEN"] = t;
    return run_process(wallet_path(), full, env, node_.dir());
}

json Wallet::run_json(const std::vector<std::string>& args) const {
    std::vector<std::string> with_json = args;
    with_json.push_back("--json");
    ProcessResult r = run(with_json);
    std::string cmd = "folio-wallet";
    for (const auto& a : args) {
        cmd += ' ';
        cmd += a;
    }
    if (r.exit_code != 0) throw Failure(cmd + ": " + r.describe());
    json doc = r.doc();
    if (doc.is_discarded() || doc.is_null()) throw Failure(cmd + ": stdout is not JSON: " + r.describe());
    return doc;
}

}  // namespace folio::e2e
