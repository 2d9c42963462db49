#include "node/mempool.h"

#include <algorithm>

namespace folio::node {
namespace {
// The pending overlay keeps every key any admitted tx touched; rebuilding now and then keeps it small.
constexpr size_t kRebuildEveryBlocks = 64;
}  // namespace

Mempool::Mempool(Ledger& ledger, const InstrumentRegistry& registry, VerifyPool& verifier, MempoolLimits limits,
                 MempoolClock clock_ms)
    : ledger_(ledger), registry_(registry), verifier_(verifier), limits_(limits), clock_ms_(std::move(clock_ms)) {
    reset_pending_locked();
}

Mempool::~Mempool() = default;

void Mempool::reset_pending_locked() {
    const BlockHeader head = ledger_.head();
    pending_ = std::make_unique<BlockExecution>(
        ledger_.state(),
        BlockContext{ledger_.chain_id(), head.height + 1, std::max(clock_ms_(), head.time_ms)}, registry_);
}

std::vector<Admission> Mempool::submit(const std::vector<TxPtr>& txs,
                                       const std::function<void(const TxPtr&)>& on_admitted) {
    std::vector<Admission> out(txs.size());
    std::vector<TxPtr> to_verify;
    std::vector<size_t> positions;
    for (size_t i = 0; i < txs.size(); ++i) {
        const TxPtr& tx = txs[i];
        out[i].tx_hash = tx->tx_hash;
        if (tx->signed_tx.tx.chain_id != ledger_.chain_id()) {
            out[i].error = make_error(Reason::WRONG_CHAIN, "tx is for another chain");
            continue;
        }
        if (contains(tx->tx_hash)) {
            out[i].already_known = true;  // idempotent resubmission: same hash, nothing changes
            continue;
        }
        // A store that cannot tell whether the tx was committed must not let it in a second time.
        auto committed = ledger_.store().find_tx(tx->tx_hash);
        if (!committed) {
            out[i].error = committed.error();
        } else if (*committed) {
            out[i].already_known = true;
        } else {
            to_verify.push_back(tx);
            positions.push_back(i);
        }
    }
    // The expensive half, outside the lock and on all cores; skipped for txs that preverify() already checked.
    std::vector<bool> ok(to_verify.size(), false);
    {
        std::vector<TxPtr> unchecked;
        std::vector<size_t> unchecked_at;
        {
            std::lock_guard lock(verified_mutex_);
            for (size_t k = 0; k < to_verify.size(); ++k) {
                if (verified_.erase(to_verify[k]->signed_hash) != 0) {
                    ok[k] = true;
                } else {
                    unchecked.push_back(to_verify[k]);
                    unchecked_at.push_back(k);
                }
            }
        }
        const std::vector<bool> checked = verifier_.verify(unchecked);
        for (size_t j = 0; j < unchecked.size(); ++j) ok[unchecked_at[j]] = checked[j];
    }
    std::lock_guard lock(mutex_);
    if (pending_ == nullptr) reset_pending_locked();
    // The pending state may be as old as the last block: its txs were checked then, the new ones are checked
    // now (never earlier than the last block's time, which the reset put in the context).
    const uint64_t now_ms = clock_ms_();
    pending_->advance_time_ms(now_ms);
    for (size_t k = 0; k < to_verify.size(); ++k) {
        Admission& a = out[positions[k]];
        if (by_hash_.count(to_verify[k]->tx_hash)) {
            a.already_known = true;  // a duplicate within this batch or from a racing submit
            continue;
        }
        a = admit_locked(to_verify[k], ok[k], now_ms);
        if (on_admitted && a.ok()) on_admitted(to_verify[k]);
    }
    return out;
}

void Mempool::preverify(const std::vector<TxPtr>& txs) {
    const std::vector<bool> ok = verifier_.verify(txs);
    std::lock_guard lock(verified_mutex_);
    for (size_t i = 0; i < txs.size(); ++i) {
        if (!ok[i]) continue;  // a failing tx is checked again by its own submit, which reports it
        const uint64_t serial = ++verified_serial_;
        verified_[txs[i]->signed_hash] = serial;
        verified_order_.emplace_back(txs[i]->signed_hash, serial);
    }
    while (verified_order_.size() > kVerifiedMemory) {
        // Drop the oldest, unless its hash was remembered again since (then that newer entry stays).
        const auto& [hash, serial] = verified_order_.front();
        auto it = verified_.find(hash);
        if (it != verified_.end() && it->second == serial) verified_.erase(it);
        verified_order_.pop_front();
    }
}

Admission Mempool::admit_locked(const TxPtr& tx, bool signature_ok, uint64_t now_ms) {
    Admission a;
    a.tx_hash = tx->tx_hash;
    if (ready_.size() + future_count_ >= limits_.max_txs || bytes_ + tx->bytes.size() > limits_.max_bytes) {
        a.error = make_error(Reason::MEMPOOL_FULL, "the mempool is full; retry later");
        return a;
    }
    TxOutcome o = pending_->apply(*tx, signature_ok, /*strict=*/true);
    if (!o.included && o.error.reason == Reason::BAD_NONCE) {
        // A nonce ahead of the pending one waits for the gap to close; one behind is a replay.
        Account signer;
        const uint64_t expected = read_account(pending_->view(), tx->signed_tx.tx.signer, signer) ? signer.nonce : 0;
        if (tx->signed_tx.tx.nonce > expected) {
            auto& queue = future_[tx->signed_tx.tx.signer];
            if (queue.size() >= limits_.max_future_per_signer) {
                a.error = make_error(Reason::MEMPOOL_FULL, "too many txs of this signer wait for an earlier nonce");
                return a;
            }
            if (!queue.emplace(tx->signed_tx.tx.nonce, tx).second) {
                a.error = make_error(Reason::BAD_NONCE, "another tx with this nonce is already waiting");
                return a;
            }
            ++future_count_;
            by_hash_.emplace(tx->tx_hash, Entry{tx, now_ms});
            bytes_ += tx->bytes.size();
            return a;
        }
    }
    if (!o.included) {
        a.error = std::move(o.error);
        a.conflicting_tx = o.conflicting_tx;
        return a;
    }
    ready_.push_back(tx);
    by_hash_.emplace(tx->tx_hash, Entry{tx, now_ms});
    bytes_ += tx->bytes.size();
    promote_future_locked(tx->signed_tx.tx.signer);
    return a;
}

void Mempool::promote_future_locked(const AccountId& signer) {
    auto it = future_.find(signer);
    while (it != future_.end() && !it->second.empty()) {
        Account account;
        if (!read_account(pending_->view(), signer, account)) break;
        auto first = it->second.begin();
        if (first->first > account.nonce) break;  // the gap is still open
        TxPtr tx = first->second;
        it->second.erase(first);
        --future_count_;
        auto entry = by_hash_.find(tx->tx_hash);
        const uint64_t admitted_ms = entry != by_hash_.end() ? entry->second.admitted_ms : clock_ms_();
        if (entry != by_hash_.end()) by_hash_.erase(entry);
        bytes_ -= tx->bytes.size();
        // A nonce now behind the pending one was replaced by another tx; one that fails now is refused like
        // any tx failing its stateful check.
        if (tx->signed_tx.tx.nonce < account.nonce) continue;
        TxOutcome o = pending_->apply(*tx, /*signatures_ok=*/true, /*strict=*/true);
        if (!o.included) continue;
        ready_.push_back(tx);
        by_hash_.emplace(tx->tx_hash, Entry{tx, admitted_ms});
        bytes_ += tx->bytes.size();
    }
    if (it != future_.end() && it->second.empty()) future_.erase(it);
}

std::vector<TxPtr> Mempool::reap(size_t max_bytes, size_t max_txs) const {
    std::lock_guard lock(mutex_);
    std::vector<TxPtr> out;
    size_t total = 0;
    for (const TxPtr& tx : ready_) {
        if (out.size() >= max_txs || total + tx->bytes.size() > max_bytes) break;
        total += tx->bytes.size();
        out.push_back(tx);
    }
    return out;
}

std::vector<DroppedTx> Mempool::update(const Block& committed, const std::vector<Receipt>& receipts) {
    std::lock_guard lock(mutex_);
    // Did the block execute exactly the front of the queue, every tx succeeding as admission predicted? Then the
    // pending state is still the new head plus the remaining txs, and no re-check is needed.
    bool as_predicted = committed.txs.size() <= ready_.size();
    for (size_t i = 0; as_predicted && i < committed.txs.size(); ++i) {
        as_predicted = ready_[i]->tx_hash == committed.txs[i]->tx_hash && receipts[i].status == TxStatus::success;
    }
    for (const TxPtr& tx : committed.txs) {
        auto it = by_hash_.find(tx->tx_hash);
        if (it == by_hash_.end()) continue;
        bytes_ -= it->second.tx->bytes.size();
        by_hash_.erase(it);
    }
    if (as_predicted) {
        ready_.erase(ready_.begin(), ready_.begin() + static_cast<std::ptrdiff_t>(committed.txs.size()));
    } else {
        std::deque<TxPtr> rest;
        for (const TxPtr& tx : ready_) {
            if (by_hash_.count(tx->tx_hash)) rest.push_back(tx);
        }
        ready_ = std::move(rest);
    }
    ++blocks_since_rebuild_;
    std::vector<DroppedTx> dropped = expire_future_locked(committed.header.height + 1);
    if (as_predicted && !ready_.empty() && blocks_since_rebuild_ < kRebuildEveryBlocks) return dropped;
    for (auto& d : rebuild_locked()) dropped.push_back(std::move(d));
    return dropped;
}

std::vector<DroppedTx> Mempool::expire_future_locked(Height next_height) {
    // A tx waiting behind a nonce gap past its valid_until_height can never be included: drop it now rather
    // than hold it (and its signer's queue slot) until the gap closes.
    std::vector<DroppedTx> dropped;
    for (auto it = future_.begin(); it != future_.end();) {
        auto& queue = it->second;
        for (auto q = queue.begin(); q != queue.end();) {
            const Tx& tx = q->second->signed_tx.tx;
            if (tx.valid_until_height != 0 && tx.valid_until_height < next_height) {
                dropped.push_back(DroppedTx{q->second->tx_hash, make_error(Reason::EXPIRED, "valid_until_height passed while the tx waited for an earlier nonce")});
                by_hash_.erase(q->second->tx_hash);
                bytes_ -= q->second->bytes.size();
                --future_count_;
                q = queue.erase(q);
            } else {
                ++q;
            }
        }
        it = queue.empty() ? future_.erase(it) : std::next(it);
    }
    return dropped;
}

std::vector<DroppedTx> Mempool::rebuild_locked() {
    blocks_since_rebuild_ = 0;
    reset_pending_locked();
    std::vector<DroppedTx> dropped;
    std::deque<TxPtr> kept;
    for (TxPtr& tx : ready_) {
        TxOutcome o = pending_->apply(*tx, /*signatures_ok=*/true, /*strict=*/true);
        if (o.included) {
            kept.push_back(std::move(tx));
        } else {
            by_hash_.erase(tx->tx_hash);
            bytes_ -= tx->bytes.size();
            dropped.push_back(DroppedTx{tx->tx_hash, std::move(o.error)});
        }
    }
    ready_ = std::move(kept);
    std::vector<AccountId> signers;
    for (const auto& [signer, _] : future_) signers.push_back(signer);
    for (const auto& s : signers) promote_future_locked(s);
    return dropped;
}

bool Mempool::contains(const TxHash& hash) const {
    std::lock_guard lock(mutex_);
    return by_hash_.count(hash) != 0;
}

TxPtr Mempool::get(const TxHash& hash) const {
    std::lock_guard lock(mutex_);
    auto it = by_hash_.find(hash);
    return it == by_hash_.end() ? nullptr : it->second.tx;
}

std::optional<uint64_t> Mempool::next_nonce(const AccountId& signer) const {
    std::lock_guard lock(mutex_);
    Account account;
    const StateView& view = pending_ ? pending_->view() : ledger_.state();
    if (!read_account(view, signer, account)) return std::nullopt;
    return account.nonce;
}

size_t Mempool::size() const {
    std::lock_guard lock(mutex_);
    return ready_.size() + future_count_;
}

size_t Mempool::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

std::vector<PendingTx> Mempool::list(const std::optional<AccountId>& signer, size_t limit, size_t& matched) const {
    const uint64_t now_ms = clock_ms_();
    std::lock_guard lock(mutex_);
    std::vector<PendingTx> out;
    matched = 0;
    auto take = [&](const TxPtr& tx, bool waiting) {
        if (signer && tx->signed_tx.tx.signer != *signer) return;
        ++matched;
        if (out.size() >= limit) return;
        auto it = by_hash_.find(tx->tx_hash);
        const uint64_t admitted_ms = it != by_hash_.end() ? it->second.admitted_ms : now_ms;
        out.push_back(PendingTx{tx, now_ms > admitted_ms ? now_ms - admitted_ms : 0, waiting});
    };
    for (const TxPtr& tx : ready_) take(tx, false);
    if (signer) {
        auto it = future_.find(*signer);
        if (it != future_.end()) {
            for (const auto& [nonce, tx] : it->second) take(tx, true);
        }
    } else {
        for (const auto& [who, queue] : future_) {
            for (const auto& [nonce, tx] : queue) take(tx, true);
        }
    }
    return out;
}

}  // namespace folio::node
