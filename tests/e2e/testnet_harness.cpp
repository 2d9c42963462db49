#include "tests/e2e/testnet_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "chain/genesis.h"
#include "chain/ops.h"
#include "chain/tx.h"
#include "keys/keystore.h"
#include "keys/passwords.h"

namespace folio::e2e {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool port_free(uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

// A run of `count` consecutive free ports: foliod testnet numbers them from its base port.
uint16_t free_port_run(size_t count) {
    std::mt19937 rng(std::random_device{}());
    for (int attempt = 0; attempt < 200; ++attempt) {
        const uint16_t base = static_cast<uint16_t>(20000 + rng() % 30000);
        bool all = true;
        for (size_t k = 0; k < count && all; ++k) all = port_free(static_cast<uint16_t>(base + k));
        if (all) return base;
    }
    throw Failure("no run of " + std::to_string(count) + " free loopback ports");
}

json read_json(const std::string& path) {
    return json::parse(read_file(path));
}

void write_json(const std::string& path, const json& doc) {
    std::ofstream out(path, std::ios::trunc);
    out << doc.dump(2) << "\n";
    if (!out) throw Failure("cannot write " + path);
}

}  // namespace

Testnet::Testnet(Options options) : options_(options), dir_(tmp_.path() + "/net") {
    const size_t n = options.validators + options.observers;
    const uint16_t base = free_port_run(2 * n);
    std::vector<std::string> args = {"testnet",
                                     "--validators",
                                     std::to_string(options.validators),
                                     "--observers",
                                     std::to_string(options.observers),
                                     "--dir",
                                     dir_,
                                     "--base-port",
                                     std::to_string(base)};
    ProcessResult made = run_process(foliod_path(), args, {}, tmp_.path());
    if (made.exit_code != 0) throw Failure("foliod testnet: " + made.describe());

    // Every dialed address goes through a proxy of that link.
    for (size_t i = 0; i < n; ++i) {
        const std::string config_path = dir_ + "/node" + std::to_string(i) + "/config.json";
        json config = read_json(config_path);
        for (json& peer : config["p2p_peers"]) {
            const std::string address = peer["address"];
            const uint16_t port = static_cast<uint16_t>(std::stoul(address.substr(address.rfind(':') + 1)));
            const size_t j = (port - base - 1) / 2;
            auto proxy = std::make_unique<FaultProxy>(port);
            peer["address"] = proxy->address();
            links_[{i, j}] = std::move(proxy);
        }
        write_json(config_path, config);
        nodes_.push_back(std::make_unique<FoliodNode>(dir_ + "/node" + std::to_string(i)));
    }
}

Testnet::~Testnet() = default;

void Testnet::start_all() {
    // Each start waits for the node's RPC only: consensus starts once enough of them are up.
    for (auto& node : nodes_) node->start();
}

FaultProxy* Testnet::link(size_t from, size_t to) {
    auto it = links_.find({from, to});
    return it == links_.end() ? nullptr : it->second.get();
}

void Testnet::partition(const std::vector<std::vector<size_t>>& groups, FaultProxy::Mode mode) {
    std::map<size_t, size_t> group_of;
    for (size_t g = 0; g < groups.size(); ++g)
        for (size_t i : groups[g]) group_of[i] = g;
    for (auto& [key, proxy] : links_) {
        auto a = group_of.find(key.first), b = group_of.find(key.second);
        const bool same = a != group_of.end() && b != group_of.end() && a->second == b->second;
        proxy->set_mode(same ? FaultProxy::Mode::pass : mode);
    }
}

void Testnet::heal() {
    for (auto& [key, proxy] : links_) proxy->set_mode(FaultProxy::Mode::pass);
}

void Testnet::isolate(size_t i, FaultProxy::Mode mode) {
    for (auto& [key, proxy] : links_)
        if (key.first == i || key.second == i) proxy->set_mode(mode);
}

std::optional<uint64_t> Testnet::height(size_t i) {
    FoliodNode& n = node(i);
    if (!n.running()) return std::nullopt;
    auto client = n.client(std::nullopt, std::chrono::seconds(2));
    auto status = client->call("chain_status", json::object());
    if (!status) return std::nullopt;
    return (*status)["height"].get<uint64_t>();
}

void Testnet::wait_height(size_t i, uint64_t target, std::chrono::milliseconds within) {
    const auto deadline = Clock::now() + within;
    std::optional<uint64_t> last;
    while (Clock::now() < deadline) {
        last = height(i);
        if (last && *last >= target) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw Failure("node" + std::to_string(i) + " did not reach height " + std::to_string(target) +
                  " within " + std::to_string(within.count()) + " ms (at " +
                  (last ? std::to_string(*last) : "no answer") + "):\n" + node(i).log_tail(30));
}

std::string Testnet::block_hash(size_t i, uint64_t h) {
    return node(i).call("block_get", {{"height", h}})["hash"].get<std::string>();
}

// ---- LoadGenerator ----------------------------------------------------------------------------------------

LoadGenerator::LoadGenerator(Testnet& net, double txs_per_s) : net_(net), rate_(txs_per_s) {}

LoadGenerator::~LoadGenerator() {
    stop();
}

void LoadGenerator::start() {
    thread_ = std::thread([this] { run(); });
}

void LoadGenerator::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

std::set<std::string> LoadGenerator::acknowledged() const {
    std::lock_guard lock(mu_);
    return acknowledged_;
}

void LoadGenerator::run() {
    const std::string node0 = net_.dir() + "/node0";
    auto password = keys::read_password_file(node0 + "/keystore.password");
    auto keystore = keys::Keystore::open(node0 + "/keystore", false);
    if (!password || !keystore) throw Failure("load: cannot open node0's keystore");
    auto key = keystore->unlock("operator", *password);
    if (!key) throw Failure("load: cannot unlock the operator key: " + key.error().message);
    auto genesis = parse_genesis(read_file(node0 + "/genesis.json"));
    if (!genesis) throw Failure("load: genesis: " + genesis.error().message);
    const ChainId chain_id = genesis->chain_id();
    const AccountId operator_id = account_id_of(key->pubkey());

    std::mt19937_64 rng(std::random_device{}());
    std::vector<std::unique_ptr<rpc::Client>> clients(net_.size());
    uint64_t nonce = 0;
    const auto period = std::chrono::duration<double>(1.0 / rate_);
    auto next = Clock::now();
    while (!stop_) {
        std::this_thread::sleep_until(next);
        next += std::chrono::duration_cast<Clock::duration>(period);
        // A fresh investor key: each registration is a new account, so no two txs conflict but by nonce.
        std::array<uint8_t, 32> seed{};
        for (auto& b : seed) b = static_cast<uint8_t>(rng());
        auto investor = crypto::SecretKey::from_bytes(seed);
        if (!investor) continue;
        Tx tx;
        tx.chain_id = chain_id;
        tx.signer = operator_id;
        tx.nonce = nonce;
        tx.valid_until_height = 1'000'000;
        tx.ops.push_back(encode_op(AccountRegisterOp{investor->pubkey()}));
        SignedTx stx{tx, {}};
        sign_tx(stx, *key);
        const std::string hex = to_hex(stx.encode());
        // Sent to every running node: a node killed after acknowledging must not take the tx with it.
        bool acked = false;
        std::string hash;
        for (size_t i = 0; i < net_.size(); ++i) {
            if (!net_.node(i).running()) continue;
            if (!clients[i]) clients[i] = net_.node(i).client(std::nullopt, std::chrono::seconds(2));
            auto r = clients[i]->call("tx_submit", {{"tx", hex}});
            if (r) {
                acked = true;
                hash = (*r)["tx_hash"].get<std::string>();
            } else if (r.error().reason == Reason::UNAVAILABLE || r.error().reason == Reason::TIMEOUT ||
                       r.error().reason == Reason::IO_ERROR) {
                clients[i].reset();  // a node that went away: a new connection next time
            }
        }
        if (acked) {
            std::lock_guard lock(mu_);
            acknowledged_.insert(hash);
            ++nonce;
        } else {
            ++refused_;
        }
    }
}

}  // namespace folio::e2e
