// Admission of gossiped txs (node/bft_driver.h), on a thread of its own. Checking a batch's signatures and
// applying it to the pending state takes milliseconds per hundred txs; on the driver's thread it would hold
// every vote and proposal queued behind it, and each height would wait for the gossip of the next one.
#include "node/bft_driver.h"
#include "node/log.h"

namespace folio::node {
namespace {

// Txs waiting for admission; past it a gossiped batch is dropped (its txs stay in the sender's mempool,
// which proposes them in its own turn).
constexpr size_t kMaxQueuedGossipTxs = 50000;

}  // namespace

void ConsensusProducer::queue_gossiped_txs(const p2p::PeerKey& peer, const p2p::TxsMessage& m) {
    {
        std::lock_guard lock(admission_mutex_);
        if (admission_stopping_) return;
        if (admission_queued_txs_ + m.txs.size() > kMaxQueuedGossipTxs) {
            std::lock_guard counters(mutex_);
            ++counters_.gossip_batches_dropped;
            return;
        }
        admission_queued_txs_ += m.txs.size();
        admission_queue_.emplace_back(peer, m);
    }
    admission_cv_.notify_one();
}

void ConsensusProducer::run_tx_admission() {
    for (;;) {
        std::pair<p2p::PeerKey, p2p::TxsMessage> next;
        {
            std::unique_lock lock(admission_mutex_);
            admission_cv_.wait(lock, [&] { return admission_stopping_ || !admission_queue_.empty(); });
            if (admission_stopping_) return;
            next = std::move(admission_queue_.front());
            admission_queue_.pop_front();
            admission_queued_txs_ -= next.second.txs.size();
        }
        admit_gossiped_txs(next.first, next.second);
    }
}

void ConsensusProducer::admit_gossiped_txs(const p2p::PeerKey& peer, const p2p::TxsMessage& m) {
    std::vector<Admission> admissions = mempool_.submit(m.txs);
    size_t admitted = 0;
    for (const Admission& a : admissions) {
        if (a.ok() && !a.already_known) ++admitted;
        // A tx that fails its stateless checks was never valid anywhere: its sender relays garbage. A state
        // refusal (nonce, balance, full mempool) may just be a race, and drops nobody.
        if (!a.ok() && (a.error.reason == Reason::BAD_SIGNATURE || a.error.reason == Reason::WRONG_CHAIN ||
                        a.error.reason == Reason::DECODE_ERROR)) {
            transport_->drop_peer(peer, std::string("gossiped tx ") + to_hex(a.tx_hash) + ": " +
                                            std::string(reason_name(a.error.reason)) + ": " +
                                            a.error.message);
            return;
        }
    }
    if (admitted > 0) wake();  // the driver steps TxsAvailable
}

}  // namespace folio::node
