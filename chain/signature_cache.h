// The "verified once" rule: a signed tx whose signatures were checked (at submit, by the mempool) is not
// checked again when its block is checked or executed. The cache remembers the signed_hash of each signed tx
// whose every signature verified: that hash covers the tx and all its (pubkey, signature) pairs (chain/tx.h),
// so a hit means exactly these bytes were verified, and a tx with one signature changed misses.
//
// Only successes are remembered: a failure costs its sender the verification each time, and cannot push good
// entries out. The cache is bounded by a number of entries (each a fixed-size hash, so the count bounds the
// bytes); at the bound the oldest insertions go first. A committed block's txs are forgotten after the commit
// (forget()): a committed tx can never be in a later block (its nonce is used).
//
// Thread safety: every method may be called from any thread. The entries are split over shards by hash, each
// with its own mutex, so the submit threads and the block check rarely wait for each other.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "chain/tx.h"

namespace folio {

// The pure half of the signature check (chain/execute.h): ok[i] = verify_signatures(*txs[i]).
class TxSignatureVerifier {
  public:
    virtual ~TxSignatureVerifier() = default;
    virtual std::vector<bool> verify(const std::vector<TxPtr>& txs) = 0;
};

struct SignatureCacheStats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t evicted = 0;  // pushed out by the bound (forget() does not count)
    size_t entries = 0;
};

class SignatureCache {
  public:
    static constexpr size_t kDefaultMaxEntries = size_t{1} << 18;  // above a full mempool (200,000 txs)

    // Keeps at most max_entries hashes (at least one per shard).
    explicit SignatureCache(size_t max_entries = kDefaultMaxEntries);
    ~SignatureCache();
    SignatureCache(const SignatureCache&) = delete;
    SignatureCache& operator=(const SignatureCache&) = delete;

    // True if the signed tx with this signed_hash verified before (and is still remembered). Counts a hit or
    // miss.
    bool contains(const Hash256& signed_hash) const;
    // Remembers that every signature of this signed tx verified.
    void insert(const Hash256& signed_hash);
    // Forgets these txs (a committed block's).
    void forget(const std::vector<TxPtr>& txs);

    size_t size() const;
    size_t max_entries() const { return max_per_shard_ * kShards; }
    SignatureCacheStats stats() const;

  private:
    static constexpr size_t kShards = 16;
    struct Shard;
    Shard& shard_of(const Hash256& hash) const;

    const size_t max_per_shard_;
    std::unique_ptr<Shard[]> shards_;
    mutable std::atomic<uint64_t> hits_{0}, misses_{0};
    std::atomic<uint64_t> evicted_{0};
};

// The node's signature check: the cache first, the fallback (the verify pool, on all cores) for the others,
// whose successes it then remembers. The mempool verifies through it at submit; the block check through it,
// so that a block of txs the mempool admitted costs no verification.
class CachedVerifier final : public TxSignatureVerifier {
  public:
    CachedVerifier(SignatureCache& cache, TxSignatureVerifier& fallback)
        : cache_(cache), fallback_(fallback) {}
    std::vector<bool> verify(const std::vector<TxPtr>& txs) override;
    SignatureCache& cache() { return cache_; }

  private:
    SignatureCache& cache_;
    TxSignatureVerifier& fallback_;
};

}  // namespace folio
