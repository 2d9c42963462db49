#include "chain/signature_cache.h"

#include <algorithm>

namespace folio {

// Insertion order is a deque of (hash, serial); the map holds each remembered hash's latest serial. forget()
// erases from the map only, so the deque may hold stale pairs: they are skipped when they reach the front,
// and the deque itself is bounded at twice the entries so that forgetting never lets it grow without end.
struct SignatureCache::Shard {
    mutable std::mutex mutex;
    std::unordered_map<Hash256, uint64_t, FixedBytesHasher> serial_of;
    std::deque<std::pair<Hash256, uint64_t>> order;  // oldest first
    uint64_t next_serial = 0;
};

SignatureCache::SignatureCache(size_t max_entries)
    : max_per_shard_(std::max<size_t>(1, (max_entries + kShards - 1) / kShards)),
      shards_(std::make_unique<Shard[]>(kShards)) {}

SignatureCache::~SignatureCache() = default;

SignatureCache::Shard& SignatureCache::shard_of(const Hash256& hash) const {
    // The hash is a SHA-256 output: any byte of it is uniform. FixedBytesHasher reads the first ones for the
    // map.
    return shards_[hash[31] % kShards];
}

bool SignatureCache::contains(const Hash256& signed_hash) const {
    Shard& s = shard_of(signed_hash);
    bool found;
    {
        std::lock_guard lock(s.mutex);
        found = s.serial_of.count(signed_hash) != 0;
    }
    (found ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
    return found;
}

void SignatureCache::insert(const Hash256& signed_hash) {
    Shard& s = shard_of(signed_hash);
    uint64_t evicted = 0;
    {
        std::lock_guard lock(s.mutex);
        const uint64_t serial = ++s.next_serial;
        s.serial_of[signed_hash] = serial;
        s.order.emplace_back(signed_hash, serial);
        while (s.serial_of.size() > max_per_shard_ || s.order.size() > 2 * max_per_shard_) {
            const auto [hash, oldest] = s.order.front();
            s.order.pop_front();
            auto it = s.serial_of.find(hash);
            // A stale pair (forgotten, or the hash inserted again since) removes nothing.
            if (it != s.serial_of.end() && it->second == oldest) {
                s.serial_of.erase(it);
                ++evicted;
            }
        }
    }
    if (evicted != 0) evicted_.fetch_add(evicted, std::memory_order_relaxed);
}

void SignatureCache::forget(const std::vector<TxPtr>& txs) {
    for (const TxPtr& tx : txs) {
        Shard& s = shard_of(tx->signed_hash);
        std::lock_guard lock(s.mutex);
        s.serial_of.erase(tx->signed_hash);
    }
}

size_t SignatureCache::size() const {
    size_t n = 0;
    for (size_t i = 0; i < kShards; ++i) {
        std::lock_guard lock(shards_[i].mutex);
        n += shards_[i].serial_of.size();
    }
    return n;
}

SignatureCacheStats SignatureCache::stats() const {
    return SignatureCacheStats{hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed),
                               evicted_.load(std::memory_order_relaxed), size()};
}

std::vector<bool> CachedVerifier::verify(const std::vector<TxPtr>& txs) {
    std::vector<bool> ok(txs.size(), false);
    std::vector<TxPtr> unchecked;
    std::vector<size_t> unchecked_at;
    for (size_t i = 0; i < txs.size(); ++i) {
        if (cache_.contains(txs[i]->signed_hash)) {
            ok[i] = true;
        } else {
            unchecked.push_back(txs[i]);
            unchecked_at.push_back(i);
        }
    }
    if (unchecked.empty()) return ok;
    const std::vector<bool> checked = fallback_.verify(unchecked);
    for (size_t j = 0; j < unchecked.size(); ++j) {
        ok[unchecked_at[j]] = checked[j];
        if (checked[j]) cache_.insert(unchecked[j]->signed_hash);
    }
    return ok;
}

}  // namespace folio
