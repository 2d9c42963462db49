// A node without sockets, for the RPC method tests: a real Ledger (LevelDB in a temp dir) from a dev-like
// genesis, a Mempool, a CommitHub, and a method table holding the node's methods, called through the rpc
// Dispatcher in process. produce() plays the block producer: reap, build, commit, update the mempool, tell the
// hub.
//
//   rpc_fixture::NodeRpc node;                       // operator, registrar, issuer; alice and bob with KYC
//   json r = node.ok("tx_sign_submit", {{"key","issuer"},{"ops",...}});
//   node.produce();
//   EXPECT_EQ(node.ok("tx_wait", {{"tx_hash", r["tx_hash"]}})["status"], "committed");
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "chain/block_builder.h"
#include "chain/verify_pool.h"
#include "node/backup_service.h"
#include "node/services.h"
#include "rpc/dispatcher.h"
#include "rpc/method.h"

namespace folio::node::test {

using nlohmann::json;

// A WebSocket session as the node sees it: keeps what is pushed to it.
class FakeSession final : public rpc::SessionChannel {
public:
    explicit FakeSession(uint64_t id) : id_(id) {}
    bool notify(std::string_view subscription_id, const json& result) override;
    void on_close(std::function<void()> callback) override;
    bool is_open() const override { return open_; }
    uint64_t id() const override { return id_; }
    // Ends the session: runs the on_close callbacks.
    void close();

    struct Note {
        std::string subscription;
        json result;
    };
    std::vector<Note> notes() const;
    std::vector<Note> notes_for(const std::string& subscription) const;

private:
    const uint64_t id_;
    mutable std::mutex mu_;
    std::vector<Note> notes_;
    std::vector<std::function<void()>> on_close_;
    std::atomic<bool> open_{true};
};

// A party with a key this test holds.
struct Party {
    std::string name;
    std::shared_ptr<crypto::SecretKey> key;
    PubKey pubkey{};
    AccountId id{};
    std::string address;
};

class NodeRpc {
public:
    static constexpr uint64_t kKycExpiresMs = 4102444800000ull;  // 2100-01-01

    // Genesis: operator, registrar, issuer (node keystore keys, their roles), alice and bob (KYC level 1, keys
    // held by the test), carol (no account: a key to register), and the asset EURX (currency, 2 decimals,
    // issuer `issuer`) with alice 100.00 and bob 50.00. `proof_versions_kept` bounds the provable heights.
    // `store_env` (tests/chain/failing_env.h), if given, is the file system of the ledger's LevelDB, opened
    // without a block cache so that every read reaches it; it must outlive the node.
    explicit NodeRpc(size_t proof_versions_kept = 256, leveldb::Env* store_env = nullptr);
    ~NodeRpc();

    Party operator_, registrar, issuer, alice, bob, carol;
    crypto::SecretKey validator;

    // The whole JSON-RPC response to one call (waits up to 10 s).
    json call(const std::string& method, const json& params, rpc::Scope scope = rpc::Scope::Admin,
              std::shared_ptr<rpc::SessionChannel> session = nullptr);
    // The same, answered later: for tx_wait across a block.
    std::future<json> call_async(const std::string& method, const json& params, rpc::Scope scope = rpc::Scope::Admin,
                                 std::shared_ptr<rpc::SessionChannel> session = nullptr);
    // The result; a test failure if the call answered an error.
    json ok(const std::string& method, const json& params, std::shared_ptr<rpc::SessionChannel> session = nullptr);
    // The error object {code, message, data}; a test failure if the call succeeded.
    json err(const std::string& method, const json& params, rpc::Scope scope = rpc::Scope::Admin,
             std::shared_ptr<rpc::SessionChannel> session = nullptr);

    // Commits one block of every ready mempool tx, preceded by `front` (txs that bypass the mempool, to make a
    // tx fail at execution). Returns the block.
    Block produce(const std::vector<TxPtr>& front = {});

    // Closes the node (ledger, mempool, hub, methods) and opens it again on the same directory, as a restarted
    // foliod would. The mempool starts empty; what was committed is now in LevelDB's table files.
    void restart();

    // Builds with tx_build, signs with the party's key, submits the signed hex; returns tx_submit's response.
    json build_sign_submit(const Party& signer, const json& ops, const json& extra = json::object());
    // A signed tx made here, without the RPC (for txs that must bypass the mempool).
    TxPtr make_tx(const Party& signer, std::vector<Op> ops, uint64_t nonce);

    Ledger& ledger() { return *ledger_; }
    const InstrumentRegistry& registry() const { return *registry_; }
    Mempool& mempool() { return *mempool_; }
    CommitHub& hub() { return *hub_; }
    NodeMetrics& metrics() { return metrics_; }
    const rpc::MethodTable& table() const { return *table_; }
    int wakes() const { return wakes_.load(); }
    // The node's wall clock as the mempool and produce() read it: fixed at `ms`, or the real clock for 0.
    void set_clock_ms(uint64_t ms) { clock_ms_ = ms; }
    uint64_t clock_ms() const;

private:
    void start(const std::string& genesis_json);
    void stop();

    std::string dir_;
    LedgerOptions ledger_options_;
    std::unique_ptr<InstrumentRegistry> registry_;
    std::unique_ptr<Ledger> ledger_;
    std::unique_ptr<VerifyPool> verifier_;
    std::unique_ptr<SignatureCache> signature_cache_;
    std::unique_ptr<CachedVerifier> signatures_;
    std::unique_ptr<Mempool> mempool_;
    NodeMetrics metrics_;
    NodeConfig config_;
    std::map<std::string, NodeKey> keys_;
    std::mutex sign_mutex_;
    std::atomic<int> wakes_{0};
    std::unique_ptr<CommitHub> hub_;
    std::unique_ptr<NodeServices> services_;
    std::unique_ptr<BackupService> backup_;  // node_backup writes into dir_ + ".backups"
    std::shared_ptr<rpc::MethodTable> table_;
    std::unique_ptr<rpc::Dispatcher> dispatcher_;
    uint64_t next_block_time_ms_ = 0;
    std::atomic<uint64_t> clock_ms_{0};
};

// The error's data.reason, or "" when absent.
std::string reason_of(const json& error);

}  // namespace folio::node::test
