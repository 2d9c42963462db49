// Tells whoever waits what became of txs and blocks: tx_wait callers (answered on commit, drop or timeout) and
// WebSocket subscribers (blocks, one tx, one account). The block producer reports each commit here.
//
// Thread safety: every method may be called from any thread. Callbacks run on the thread that reports the
// event (the producer) or on the hub's timer thread; they must not block.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "chain/block.h"
#include "chain/execute.h"
#include "node/mempool.h"
#include "rpc/context.h"

namespace folio::node {

class CommitHub {
public:
    using Clock = std::chrono::steady_clock;
    // Receives the tx_wait result object: {status, height?, index?, reason?}.
    using TxCallback = std::function<void(const nlohmann::json& result)>;

    CommitHub();
    ~CommitHub();
    CommitHub(const CommitHub&) = delete;
    CommitHub& operator=(const CommitHub&) = delete;

    // Calls `callback` once: when the tx commits or is dropped, or with {status: "pending"} at the deadline.
    // Returns a handle to resolve the wait at once (the caller found the tx already committed after registering:
    // registering first and looking second means no commit can slip between the two).
    // A wait registered with Clock::time_point::max() has no deadline until set_deadline() gives it one: the
    // caller registers, looks, and arms the timer only once its look found the tx pending, so the timer can
    // never answer "pending" for a tx the look would have found unknown or committed.
    uint64_t wait_tx(const TxHash& tx, Clock::time_point deadline, TxCallback callback);
    void set_deadline(uint64_t handle, Clock::time_point deadline);
    void resolve(uint64_t handle, const nlohmann::json& result);
    // Ends a wait without calling its callback, so that the caller answers it otherwise (an error). False if
    // it was already answered (by a commit, a drop or the deadline).
    bool cancel(uint64_t handle);

    std::string subscribe_blocks(const std::shared_ptr<rpc::SessionChannel>& session);
    std::string subscribe_tx(const std::shared_ptr<rpc::SessionChannel>& session, const TxHash& tx);
    std::string subscribe_account(const std::shared_ptr<rpc::SessionChannel>& session, const AccountId& account);
    bool unsubscribe(uint64_t session_id, const std::string& subscription);

    void on_commit(const Block& block, const std::vector<Receipt>& receipts);
    // Work that must follow every commit on the committing thread, before the notices (the node's archive of
    // validator set proofs, node/validator_set_archive.h). Set once, before the first commit.
    void set_commit_listener(std::function<void(const Block&)> listener) { commit_listener_ = std::move(listener); }
    void on_dropped(const std::vector<DroppedTx>& dropped);

    size_t waiters() const;
    size_t subscriptions() const;

    // The tx_wait / subscribe_tx result for a committed tx.
    static nlohmann::json committed_result(Height height, uint32_t index, const Receipt& receipt);

private:
    enum class Kind { blocks, tx, account };
    struct Subscription {
        Kind kind;
        std::weak_ptr<rpc::SessionChannel> session;
        uint64_t session_id;
        Hash256 key{};  // tx hash or account id
    };
    struct Waiter {
        TxHash tx{};
        Clock::time_point deadline;
        TxCallback callback;
    };

    std::string add_subscription(const std::shared_ptr<rpc::SessionChannel>& session, Kind kind, const Hash256& key);
    void drop_session(uint64_t session_id);
    // Removes a wait and hands back its callback; empty if it was already answered.
    TxCallback take_waiter(uint64_t handle);
    void erase_tx_index_locked(const TxHash& tx, const std::string& subscription);
    void fire_tx(const TxHash& tx, const nlohmann::json& result);
    void timer_loop();

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    uint64_t next_handle_ = 1;
    std::map<uint64_t, Waiter> waiters_;
    std::unordered_multimap<TxHash, uint64_t, FixedBytesHasher> waiters_by_tx_;
    std::map<std::string, Subscription> subscriptions_;
    // tx subscriptions by tx hash, so a commit looks up its txs instead of walking every subscription.
    std::unordered_multimap<TxHash, std::string, FixedBytesHasher> tx_subscriptions_;
    std::map<uint64_t, bool> sessions_watched_;
    std::thread timer_;
    std::function<void(const Block&)> commit_listener_;
};

}  // namespace folio::node
