#include "node/commit_hub.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"

namespace folio::node {

using nlohmann::json;

CommitHub::CommitHub() : timer_([this] { timer_loop(); }) {}

CommitHub::~CommitHub() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    timer_.join();
}

json CommitHub::committed_result(Height height, uint32_t index, const Receipt& receipt) {
    json r = {{"status", receipt.status == TxStatus::success ? "committed" : "failed"}, {"height", height}, {"index", index}};
    if (receipt.status != TxStatus::success) {
        r["reason"] = std::string(reason_name(receipt.reason));
        r["op_index"] = receipt.op_index;
    }
    return r;
}

uint64_t CommitHub::wait_tx(const TxHash& tx, Clock::time_point deadline, TxCallback callback) {
    std::lock_guard lock(mutex_);
    const uint64_t handle = next_handle_++;
    waiters_.emplace(handle, Waiter{tx, deadline, std::move(callback)});
    waiters_by_tx_.emplace(tx, handle);
    cv_.notify_all();
    return handle;
}

void CommitHub::set_deadline(uint64_t handle, Clock::time_point deadline) {
    std::lock_guard lock(mutex_);
    auto it = waiters_.find(handle);
    if (it == waiters_.end()) return;  // already answered
    it->second.deadline = deadline;
    cv_.notify_all();
}

void CommitHub::resolve(uint64_t handle, const json& result) {
    TxCallback cb = take_waiter(handle);
    if (cb) cb(result);
}

bool CommitHub::cancel(uint64_t handle) {
    return static_cast<bool>(take_waiter(handle));
}

CommitHub::TxCallback CommitHub::take_waiter(uint64_t handle) {
    std::lock_guard lock(mutex_);
    auto it = waiters_.find(handle);
    if (it == waiters_.end()) return nullptr;  // already answered by a commit or the timer
    TxCallback cb = std::move(it->second.callback);
    auto range = waiters_by_tx_.equal_range(it->second.tx);
    for (auto w = range.first; w != range.second; ++w) {
        if (w->second == handle) {
            waiters_by_tx_.erase(w);
            break;
        }
    }
    waiters_.erase(it);
    return cb;
}

void CommitHub::fire_tx(const TxHash& tx, const json& result) {
    std::vector<TxCallback> callbacks;
    std::vector<std::pair<std::shared_ptr<rpc::SessionChannel>, std::string>> notices;
    {
        std::lock_guard lock(mutex_);
        auto range = waiters_by_tx_.equal_range(tx);
        for (auto w = range.first; w != range.second; ++w) {
            auto it = waiters_.find(w->second);
            if (it == waiters_.end()) continue;
            callbacks.push_back(std::move(it->second.callback));
            waiters_.erase(it);
        }
        waiters_by_tx_.erase(tx);
        auto subs = tx_subscriptions_.equal_range(tx);
        for (auto it = subs.first; it != subs.second; ++it) {
            auto sub = subscriptions_.find(it->second);
            if (sub == subscriptions_.end()) continue;
            if (auto s = sub->second.session.lock()) notices.emplace_back(s, sub->first);
            subscriptions_.erase(sub);  // a tx subscription fires once
        }
        tx_subscriptions_.erase(tx);
    }
    for (auto& cb : callbacks) cb(result);
    for (auto& [session, id] : notices) session->notify(id, result);
}

void CommitHub::on_commit(const Block& block, const std::vector<Receipt>& receipts) {
    if (commit_listener_) commit_listener_(block);
    const Height h = block.header.height;
    json block_note = {{"height", h},
                       {"hash", to_hex(block.header.hash())},
                       {"time_ms", block.header.time_ms},
                       {"tx_count", block.txs.size()}};
    std::vector<std::pair<std::shared_ptr<rpc::SessionChannel>, std::string>> block_subs;
    std::multimap<AccountId, std::pair<std::shared_ptr<rpc::SessionChannel>, std::string>> account_subs;
    bool any_waiters = false;
    {
        std::lock_guard lock(mutex_);
        any_waiters = !waiters_by_tx_.empty();
        for (const auto& [id, sub] : subscriptions_) {
            auto session = sub.session.lock();
            if (!session) continue;
            if (sub.kind == Kind::blocks) block_subs.emplace_back(session, id);
            if (sub.kind == Kind::account) account_subs.emplace(sub.key, std::make_pair(session, id));
        }
    }
    for (auto& [session, id] : block_subs) session->notify(id, block_note);
    bool any_tx_subs = false;
    {
        std::lock_guard lock(mutex_);
        any_tx_subs = !tx_subscriptions_.empty();
    }
    for (uint32_t i = 0; i < receipts.size(); ++i) {
        const Receipt& r = receipts[i];
        if (any_waiters || any_tx_subs) fire_tx(r.tx_hash, committed_result(h, i, r));
        if (account_subs.empty()) continue;
        for (const AccountId& account : r.accounts) {
            auto range = account_subs.equal_range(account);
            if (range.first == range.second) continue;
            json note = {{"height", h}, {"index", i}, {"tx_hash", to_hex(r.tx_hash)},
                         {"account", crypto::encode_address(account)},
                         {"status", r.status == TxStatus::success ? "committed" : "failed"}};
            if (r.status != TxStatus::success) note["reason"] = std::string(reason_name(r.reason));
            for (auto it = range.first; it != range.second; ++it) it->second.first->notify(it->second.second, note);
        }
    }
}

void CommitHub::on_dropped(const std::vector<DroppedTx>& dropped) {
    for (const auto& d : dropped) {
        json r = {{"status", d.error.reason == Reason::EXPIRED ? "expired" : "unknown"},
                  {"reason", std::string(reason_name(d.error.reason))},
                  {"message", d.error.message}};
        fire_tx(d.tx_hash, r);
    }
}

std::string CommitHub::add_subscription(const std::shared_ptr<rpc::SessionChannel>& session, Kind kind, const Hash256& key) {
    std::string id = rpc::make_subscription_id();
    bool watch = false;
    {
        std::lock_guard lock(mutex_);
        subscriptions_.emplace(id, Subscription{kind, session, session->id(), key});
        if (kind == Kind::tx) tx_subscriptions_.emplace(key, id);
        watch = sessions_watched_.emplace(session->id(), true).second;
    }
    if (watch) {
        const uint64_t sid = session->id();
        session->on_close([this, sid] { drop_session(sid); });
    }
    return id;
}

std::string CommitHub::subscribe_blocks(const std::shared_ptr<rpc::SessionChannel>& session) {
    return add_subscription(session, Kind::blocks, Hash256{});
}
std::string CommitHub::subscribe_tx(const std::shared_ptr<rpc::SessionChannel>& session, const TxHash& tx) {
    return add_subscription(session, Kind::tx, tx);
}
std::string CommitHub::subscribe_account(const std::shared_ptr<rpc::SessionChannel>& session, const AccountId& account) {
    return add_subscription(session, Kind::account, account);
}

bool CommitHub::unsubscribe(uint64_t session_id, const std::string& subscription) {
    std::lock_guard lock(mutex_);
    auto it = subscriptions_.find(subscription);
    // A session may only cancel its own subscriptions.
    if (it == subscriptions_.end() || it->second.session_id != session_id) return false;
    if (it->second.kind == Kind::tx) erase_tx_index_locked(it->second.key, subscription);
    subscriptions_.erase(it);
    return true;
}

void CommitHub::erase_tx_index_locked(const TxHash& tx, const std::string& subscription) {
    auto range = tx_subscriptions_.equal_range(tx);
    for (auto it = range.first; it != range.second; ++it) {
        if (it->second == subscription) {
            tx_subscriptions_.erase(it);
            return;
        }
    }
}

void CommitHub::drop_session(uint64_t session_id) {
    std::lock_guard lock(mutex_);
    for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
        if (it->second.session_id == session_id) {
            if (it->second.kind == Kind::tx) erase_tx_index_locked(it->second.key, it->first);
            it = subscriptions_.erase(it);
        } else {
            ++it;
        }
    }
    sessions_watched_.erase(session_id);
}

void CommitHub::timer_loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        Clock::time_point next = Clock::time_point::max();
        for (const auto& [handle, w] : waiters_) next = std::min(next, w.deadline);
        if (next == Clock::time_point::max()) {
            cv_.wait(lock);
            continue;
        }
        cv_.wait_until(lock, next);
        const auto now = Clock::now();
        std::vector<uint64_t> due;
        for (const auto& [handle, w] : waiters_) {
            if (w.deadline <= now) due.push_back(handle);
        }
        if (due.empty()) continue;
        lock.unlock();
        for (uint64_t h : due) resolve(h, json{{"status", "pending"}});
        lock.lock();
    }
    // At shutdown every waiter still gets its one answer.
    std::vector<uint64_t> rest;
    for (const auto& [handle, w] : waiters_) rest.push_back(handle);
    lock.unlock();
    for (uint64_t h : rest) resolve(h, json{{"status", "pending"}});
}

size_t CommitHub::waiters() const {
    std::lock_guard lock(mutex_);
    return waiters_.size();
}

size_t CommitHub::subscriptions() const {
    std::lock_guard lock(mutex_);
    return subscriptions_.size();
}

}  // namespace folio::node
