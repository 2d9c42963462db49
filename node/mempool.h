// The mempool: txs admitted for the next blocks. Admission runs the stateless checks, the signature checks (in
// parallel over a batch) and a stateful check against the latest state *with every admitted tx applied*, so a
// refusal comes back at submit time with its reason code, and a block reaped from the front executes as
// checked. Each signer's txs are ordered by nonce; a tx whose nonce is ahead waits (bounded) until the gap closes.
//
// Interface expected by block producers (node/block_producer.h): check (submit), reap(max_bytes, max_txs), update(block).
//
// Signatures are checked through the node's CachedVerifier (chain/signature_cache.h): a tx verified at submit is
// remembered there, so the block check of a block carrying it verifies nothing again; update() forgets the
// committed block's txs. The pending state (node/pending_state.h) is never rebuilt: after a block, only the txs
// on keys the block changed are applied again.
//
// Thread safety: all methods may be called from any thread; one internal mutex, never held across I/O.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "chain/execute.h"
#include "chain/ledger.h"
#include "chain/signature_cache.h"
#include "node/pending_state.h"

namespace folio::node {

struct MempoolLimits {
    size_t max_txs = 200000;
    size_t max_bytes = 256u << 20;
    size_t max_future_per_signer = 256;  // txs held back by a nonce gap, per signer
};

struct Admission {
    TxHash tx_hash{};
    bool already_known = false;  // pending or committed before: nothing changed
    Error error{Reason::OK, {}};  // reason OK when admitted or already known
    TxHash conflicting_tx{};     // DUPLICATE_CLIENT_REF: the first tx with this client_ref
    bool ok() const { return error.reason == Reason::OK; }
};

struct DroppedTx {
    TxHash tx_hash{};
    Error error;
};

// A tx still pending, as mempool_list shows it.
struct PendingTx {
    TxPtr tx;
    uint64_t age_ms = 0;   // since it was admitted, by the mempool's clock
    bool waiting = false;  // held back until an earlier nonce of its signer arrives
};

// The node's wall clock in milliseconds since the Unix epoch (UTC); tests pass their own.
using MempoolClock = std::function<uint64_t()>;

class Mempool {
public:
    Mempool(Ledger& ledger, const InstrumentRegistry& registry, CachedVerifier& signatures, MempoolLimits limits,
            MempoolClock clock_ms);
    ~Mempool();

    // Admits each tx or says why not, one Admission per tx, in order. The stateful check runs at the time
    // max(last block's time, clock_ms()) read at this call, so an attestation that expired while no block was
    // made is seen as expired (the next block's time is at least now); blocks carry their own time.
    // `on_admitted` runs for each tx newly admitted, under the mempool's lock, so before any reap() can see the
    // tx: the audit log records the submission there (node/audit_log.h). It must not block.
    std::vector<Admission> submit(const std::vector<TxPtr>& txs,
                                  const std::function<void(const TxPtr&)>& on_admitted = {});

    // Checks the signatures of txs about to be submitted one by one (a JSON-RPC batch of tx_submit calls)
    // together on all cores; the signature cache remembers those that verified, so that their submit() skips
    // the check.
    void preverify(const std::vector<TxPtr>& txs);

    // The oldest admitted txs, in admission order, within the bounds. They stay pending until update().
    std::vector<TxPtr> reap(size_t max_bytes, size_t max_txs) const;

    // After a block is committed (`result` is its execution: writes and receipts): forgets its txs, drops the
    // txs past their valid_until_height, and re-checks, against the new state, only the pending txs that built
    // on a key the block changed (and those built on them), and `not_included` (txs this node's proposer reaped
    // but could not include, BuiltBlock::excluded); the others stay as admitted. Returns the txs dropped, each
    // with its reason.
    std::vector<DroppedTx> update(const Block& committed, const ExecutionResult& result,
                                  const std::vector<TxPtr>& not_included = {});
    // How many pending txs update() has re-checked since the mempool was made (for tests and metrics).
    uint64_t rechecked_total() const;

    bool contains(const TxHash& hash) const;
    // The pending tx with this hash, or null.
    TxPtr get(const TxHash& hash) const;
    // The nonce a new tx of this signer should carry: its committed nonce plus its admitted txs.
    std::optional<uint64_t> next_nonce(const AccountId& signer) const;
    size_t size() const;
    size_t bytes() const;

    // The pending txs in the order blocks would take them (admitted ones oldest first, then those waiting for
    // an earlier nonce, by signer and nonce), only `signer`'s when given, at most `limit` of them. `matched`
    // gets how many pending txs the filter matches, beyond the limit too. Holds the lock for one pass over
    // the pending txs.
    std::vector<PendingTx> list(const std::optional<AccountId>& signer, size_t limit, size_t& matched) const;

private:
    struct Entry {
        TxPtr tx;
        uint64_t admitted_ms = 0;  // by clock_ms_, for mempool_list's age
        uint64_t seq = 0;          // its place in ready_ (0 while it waits for an earlier nonce)
        std::optional<std::multimap<Height, TxHash>::iterator> expiry;  // its entry in expiry_, if ready
    };
    // The context a tx is checked in: the next height, at max(last block's time, clock_ms()).
    BlockContext next_block_context() const;
    Admission admit_locked(const TxPtr& tx, bool signature_ok, const BlockContext& ctx, uint64_t now_ms);
    // Applies a tx on the pending state in strict mode and, if it passes, records its writes there.
    TxOutcome apply_locked(const TxPtr& tx, bool signature_ok, const BlockContext& ctx);
    void make_ready_locked(const TxPtr& tx, uint64_t admitted_ms, uint64_t seq);
    // Forgets a pending tx (ready or waiting) everywhere but in the pending state.
    void remove_locked(const TxHash& hash);
    void promote_future_locked(const AccountId& signer, const BlockContext& ctx);
    std::vector<DroppedTx> expire_future_locked(Height next_height);
    TxHashSet expired_ready_locked(Height next_height);

    Ledger& ledger_;
    const InstrumentRegistry& registry_;
    CachedVerifier& signatures_;
    const MempoolLimits limits_;
    const MempoolClock clock_ms_;

    mutable std::mutex mutex_;
    // Admission order: the pending state is the head state plus these, applied in order.
    std::map<uint64_t, TxPtr> ready_;
    uint64_t next_seq_ = 0;
    std::unordered_map<TxHash, Entry, FixedBytesHasher> by_hash_;
    std::map<AccountId, std::map<uint64_t, TxPtr>> future_;
    // Ready txs with a valid_until_height, by it: the ones a new height leaves behind are found without a scan.
    std::multimap<Height, TxHash> expiry_;
    size_t future_count_ = 0;
    size_t bytes_ = 0;
    PendingState pending_;
    uint64_t rechecked_ = 0;
};

}  // namespace folio::node
