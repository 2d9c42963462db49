#include "node/mempool.h"

#include <algorithm>

#include "chain/params.h"

namespace folio::node {

Mempool::Mempool(Ledger& ledger, const InstrumentRegistry& registry, CachedVerifier& signatures, MempoolLimits limits,
                 MempoolClock clock_ms)
    : ledger_(ledger), registry_(registry), signatures_(signatures), limits_(limits), clock_ms_(std::move(clock_ms)),
      pending_(ledger.state()) {}

Mempool::~Mempool() = default;

BlockContext Mempool::next_block_context() const {
    // Never earlier than the last block's time: the next block's time is at least that (an NTP step back of
    // the node's clock cannot make an expired attestation look valid again).
    const BlockHeader head = ledger_.head();
    return BlockContext{ledger_.chain_id(), head.height + 1, std::max(clock_ms_(), head.time_ms)};
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
    // The expensive half, outside the lock and on all cores; the cache answers for txs preverify() checked.
    const std::vector<bool> ok = signatures_.verify(to_verify);
    std::lock_guard lock(mutex_);
    const BlockContext ctx = next_block_context();
    const uint64_t now_ms = clock_ms_();
    for (size_t k = 0; k < to_verify.size(); ++k) {
        Admission& a = out[positions[k]];
        if (by_hash_.count(to_verify[k]->tx_hash)) {
            a.already_known = true;  // a duplicate within this batch or from a racing submit
            continue;
        }
        a = admit_locked(to_verify[k], ok[k], ctx, now_ms);
        if (on_admitted && a.ok()) on_admitted(to_verify[k]);
    }
    return out;
}

void Mempool::preverify(const std::vector<TxPtr>& txs) {
    // A failing tx is not remembered: its own submit checks it again and reports it.
    (void)signatures_.verify(txs);
}

TxOutcome Mempool::apply_locked(const TxPtr& tx, bool signature_ok, const BlockContext& ctx) {
    BlockExecution exec(pending_, ctx, registry_, &ledger_.store());
    TxOutcome o = exec.apply(*tx, signature_ok, /*strict=*/true);
    if (o.included) pending_.add(tx->tx_hash, exec.finish().writes);
    return o;
}

void Mempool::make_ready_locked(const TxPtr& tx, uint64_t admitted_ms, uint64_t seq) {
    ready_.emplace(seq, tx);
    Entry entry{tx, admitted_ms, seq, std::nullopt};
    if (const Height until = tx->signed_tx.tx.valid_until_height; until != 0) {
        entry.expiry = expiry_.emplace(until, tx->tx_hash);
    }
    by_hash_.insert_or_assign(tx->tx_hash, std::move(entry));
    bytes_ += tx->bytes.size();
}

void Mempool::remove_locked(const TxHash& hash) {
    auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return;
    const Entry& e = it->second;
    if (e.seq != 0) {
        ready_.erase(e.seq);
    } else {
        const Tx& tx = e.tx->signed_tx.tx;
        auto queue = future_.find(tx.signer);
        if (queue != future_.end() && queue->second.erase(tx.nonce) != 0) {
            --future_count_;
            if (queue->second.empty()) future_.erase(queue);
        }
    }
    if (e.expiry) expiry_.erase(*e.expiry);
    bytes_ -= e.tx->bytes.size();
    by_hash_.erase(it);
}

Admission Mempool::admit_locked(const TxPtr& tx, bool signature_ok, const BlockContext& ctx, uint64_t now_ms) {
    Admission a;
    a.tx_hash = tx->tx_hash;
    if (ready_.size() + future_count_ >= limits_.max_txs || bytes_ + tx->bytes.size() > limits_.max_bytes) {
        a.error = make_error(Reason::MEMPOOL_FULL, "the mempool is full; retry later");
        return a;
    }
    // A tx that outweighs a whole block could never be included.
    if (const uint64_t max_weight = param_or_default(ledger_.state(), "block_max_weight"),
        weight = tx_weight(tx->signed_tx.tx, registry_);
        weight > max_weight) {
        a.error = make_error(Reason::TOO_LARGE, "the tx's ops weigh " + std::to_string(weight) +
                                                    ", more than block_max_weight " + std::to_string(max_weight));
        return a;
    }
    TxOutcome o = apply_locked(tx, signature_ok, ctx);
    if (!o.included && o.error.reason == Reason::BAD_NONCE) {
        // A nonce ahead of the pending one waits for the gap to close; one behind is a replay.
        Account signer;
        const uint64_t expected = read_account(pending_, tx->signed_tx.tx.signer, signer) ? signer.nonce : 0;
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
            by_hash_.emplace(tx->tx_hash, Entry{tx, now_ms, 0, std::nullopt});
            bytes_ += tx->bytes.size();
            return a;
        }
    }
    if (!o.included) {
        a.error = std::move(o.error);
        a.conflicting_tx = o.conflicting_tx;
        return a;
    }
    make_ready_locked(tx, now_ms, ++next_seq_);
    promote_future_locked(tx->signed_tx.tx.signer, ctx);
    return a;
}

void Mempool::promote_future_locked(const AccountId& signer, const BlockContext& ctx) {
    auto it = future_.find(signer);
    while (it != future_.end() && !it->second.empty()) {
        Account account;
        if (!read_account(pending_, signer, account)) break;
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
        TxOutcome o = apply_locked(tx, /*signature_ok=*/true, ctx);
        if (!o.included) continue;
        make_ready_locked(tx, admitted_ms, ++next_seq_);
    }
    if (it != future_.end() && it->second.empty()) future_.erase(it);
}

std::vector<TxPtr> Mempool::reap(size_t max_bytes, size_t max_txs) const {
    std::lock_guard lock(mutex_);
    std::vector<TxPtr> out;
    size_t total = 0;
    for (const auto& [seq, tx] : ready_) {
        if (out.size() >= max_txs || total + tx->bytes.size() > max_bytes) break;
        total += tx->bytes.size();
        out.push_back(tx);
    }
    return out;
}

std::vector<DroppedTx> Mempool::update(const Block& committed, const ExecutionResult& result,
                                       const std::vector<TxPtr>& not_included) {
    std::lock_guard lock(mutex_);
    const BlockContext ctx = next_block_context();
    // The block's txs leave, whether this mempool held them ready or waiting (or not at all).
    TxHashSet included;
    for (const TxPtr& tx : committed.txs) {
        auto it = by_hash_.find(tx->tx_hash);
        if (it == by_hash_.end()) continue;
        if (it->second.seq != 0) included.insert(tx->tx_hash);
        remove_locked(tx->tx_hash);
    }
    std::vector<DroppedTx> dropped;
    const TxHashSet expired = expired_ready_locked(ctx.height);
    for (const TxHash& hash : expired) {
        dropped.push_back(DroppedTx{hash, make_error(Reason::EXPIRED, "valid_until_height passed while the tx was pending")});
        remove_locked(hash);
    }
    TxHashSet suspect;
    for (const TxPtr& tx : not_included) {
        auto it = by_hash_.find(tx->tx_hash);
        if (it != by_hash_.end() && it->second.seq != 0 && expired.count(tx->tx_hash) == 0) suspect.insert(tx->tx_hash);
    }
    const TxHashSet stale = pending_.settle(result.writes, included, expired, suspect);
    // Re-checked in queue order, each on the state left by the txs before it; they keep their place.
    std::vector<std::pair<uint64_t, TxPtr>> recheck;
    recheck.reserve(stale.size());
    for (const TxHash& hash : stale) {
        auto it = by_hash_.find(hash);
        if (it != by_hash_.end()) recheck.emplace_back(it->second.seq, it->second.tx);
    }
    std::sort(recheck.begin(), recheck.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [seq, tx] : recheck) {
        ++rechecked_;
        TxOutcome o = apply_locked(tx, /*signature_ok=*/true, ctx);
        if (o.included) continue;
        dropped.push_back(DroppedTx{tx->tx_hash, std::move(o.error)});
        remove_locked(tx->tx_hash);
    }
    for (auto& d : expire_future_locked(ctx.height)) dropped.push_back(std::move(d));
    // The block may have closed a nonce gap (a tx of the signer's that this node never saw).
    std::vector<AccountId> signers;
    for (const auto& [signer, _] : future_) signers.push_back(signer);
    for (const auto& s : signers) promote_future_locked(s, ctx);
    // A committed tx can never be in a later block: its signature verdict is of no more use.
    signatures_.cache().forget(committed.txs);
    return dropped;
}

uint64_t Mempool::rechecked_total() const {
    std::lock_guard lock(mutex_);
    return rechecked_;
}

TxHashSet Mempool::expired_ready_locked(Height next_height) {
    TxHashSet out;
    for (auto it = expiry_.begin(); it != expiry_.end() && it->first < next_height; ++it) out.insert(it->second);
    return out;
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
    if (!read_account(pending_, signer, account)) return std::nullopt;
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
    for (const auto& [seq, tx] : ready_) take(tx, false);
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
