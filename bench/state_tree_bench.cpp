// State tree micro-benchmark: blocks of ~1,000 transfers (3,000 written keys) applied to a tree of 1M leaves,
// then proof generation and verification. Prints one JSON line.
//
//   state_tree_bench [--leaves N] [--blocks B] [--keys K] [--kept V] [--proofs P]
//
// Writes are 90% rewrites of existing keys (balances, nonces) and 10% new keys (new holdings), with a fixed
// seed, so two runs do the same work. The first V blocks are a warm-up, not measured: until V versions are
// retained the arenas grow (and the kernel zeroes their pages); after that a running node's tree reuses freed
// slots, and that steady state is what the B measured blocks show.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "chain/crypto/hash.h"
#include "chain/state_tree.h"

namespace {

using folio::Hash256;
using Clock = std::chrono::steady_clock;

// CPU time of this thread: on a machine shared with other work, wall time also counts the time spent waiting
// for a core, which says nothing about the tree.
double thread_cpu_s() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

Hash256 key_of_index(uint64_t i) {
    uint8_t le[8];
    for (int b = 0; b < 8; ++b) le[b] = static_cast<uint8_t>(i >> (8 * b));
    return folio::crypto::tags::state_key()(folio::ByteView(le, sizeof(le)));
}

Hash256 random_value(std::mt19937_64& rng) {
    Hash256 v;
    for (size_t i = 0; i < v.size(); i += 8) {
        const uint64_t x = rng();
        std::memcpy(v.data() + i, &x, 8);
    }
    return v;
}

long rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    }
    return -1;
}

uint64_t arg(int argc, char** argv, const char* name, uint64_t fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0) return std::strtoull(argv[i + 1], nullptr, 10);
    }
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const uint64_t leaves = arg(argc, argv, "--leaves", 1'000'000);
    const uint64_t blocks = arg(argc, argv, "--blocks", 200);
    const uint64_t keys_per_block = arg(argc, argv, "--keys", 3'000);
    const uint64_t kept = arg(argc, argv, "--kept", 128);
    const uint64_t proofs = arg(argc, argv, "--proofs", 100'000);
    std::mt19937_64 rng(42);

    const long rss_before_kib = rss_kib();
    std::vector<folio::StateLeaf> initial;
    initial.reserve(leaves);
    for (uint64_t i = 0; i < leaves; ++i) initial.push_back({key_of_index(i), random_value(rng)});

    folio::StateTree tree(kept);
    auto start = Clock::now();
    tree.rebuild(0, std::move(initial));
    const double rebuild_s = seconds_since(start);
    const long rss_after_rebuild_kib = rss_kib();
    const folio::StateTreeStats fresh = tree.stats();

    uint64_t next_new_key = leaves;
    std::vector<double> apply_ms, apply_cpu_ms;
    double apply_total_s = 0;
    for (uint64_t b = 1; b <= kept + blocks; ++b) {
        std::vector<folio::StateUpdate> batch;
        batch.reserve(keys_per_block);
        for (uint64_t i = 0; i < keys_per_block; ++i) {
            const uint64_t index = rng() % 10 == 0 ? next_new_key++ : rng() % leaves;
            batch.push_back({key_of_index(index), random_value(rng)});
        }
        const double cpu_start = thread_cpu_s();
        start = Clock::now();
        tree.apply(b, std::move(batch));
        const double s = seconds_since(start);
        if (b <= kept) continue;
        apply_cpu_ms.push_back((thread_cpu_s() - cpu_start) * 1e3);
        apply_total_s += s;
        apply_ms.push_back(s * 1e3);
    }
    std::sort(apply_ms.begin(), apply_ms.end());
    std::sort(apply_cpu_ms.begin(), apply_cpu_ms.end());
    const folio::StateTreeStats after = tree.stats();

    std::vector<Hash256> proof_keys;
    for (uint64_t i = 0; i < proofs; ++i) {
        // Half present keys, half absent ones (non-inclusion proofs).
        proof_keys.push_back(key_of_index(i % 2 == 0 ? rng() % leaves : next_new_key + rng()));
    }
    std::vector<folio::StateProof> made;
    made.reserve(proofs);
    const uint64_t version = tree.latest_version();
    start = Clock::now();
    for (const Hash256& k : proof_keys) made.push_back(*tree.prove(version, k));
    const double prove_s = seconds_since(start);

    size_t proof_bytes = 0;
    for (const auto& p : made) proof_bytes += p.encode().size();

    const Hash256 root = tree.root();
    size_t verified = 0;
    start = Clock::now();
    for (size_t i = 0; i < made.size(); ++i) {
        const auto& p = made[i];
        const std::optional<Hash256> value =
            p.leaf && p.leaf->key_hash == proof_keys[i] ? std::optional(p.leaf->value_hash) : std::nullopt;
        verified += folio::verify_state_proof(root, proof_keys[i], value, p) ? 1 : 0;
    }
    const double verify_s = seconds_since(start);
    if (verified != made.size()) {
        std::fprintf(stderr, "state_tree_bench: %zu of %zu proofs failed to verify\n", made.size() - verified,
                     made.size());
        return 1;
    }

    auto pct = [](const std::vector<double>& sorted, double q) {
        return sorted[std::min(sorted.size() - 1, size_t(q * double(sorted.size())))];
    };
    std::printf(
        "{\"bench\":\"state_tree\",\"leaves\":%llu,\"blocks\":%llu,\"keys_per_block\":%llu,\"versions_kept\":%llu,"
        "\"rebuild_s\":%.3f,\"rebuild_leaves_per_s\":%.0f,"
        "\"apply_ms_mean\":%.3f,\"apply_ms_p50\":%.3f,\"apply_ms_p99\":%.3f,\"apply_ms_max\":%.3f,"
        "\"apply_cpu_ms_p50\":%.3f,\"apply_cpu_ms_p99\":%.3f,"
        "\"apply_keys_per_s\":%.0f,\"prove_per_s\":%.0f,\"proof_verify_per_s\":%.0f,\"proof_bytes_mean\":%.1f,"
        "\"tree_bytes_per_leaf_one_version\":%.1f,\"tree_bytes_per_leaf_all_versions\":%.1f,"
        "\"inner_nodes_per_leaf\":%.3f,\"rss_mib_tree_after_rebuild\":%.1f,\"rss_mib_end\":%.1f}\n",
        static_cast<unsigned long long>(leaves), static_cast<unsigned long long>(blocks),
        static_cast<unsigned long long>(keys_per_block), static_cast<unsigned long long>(kept), rebuild_s,
        leaves / rebuild_s, apply_total_s * 1e3 / blocks, pct(apply_ms, 0.5), pct(apply_ms, 0.99), apply_ms.back(),
        pct(apply_cpu_ms, 0.5), pct(apply_cpu_ms, 0.99),
        blocks * keys_per_block / apply_total_s, proofs / prove_s, proofs / verify_s,
        double(proof_bytes) / proofs, double(fresh.bytes) / leaves,
        double(after.bytes) / tree.leaf_count(), double(fresh.inner_nodes) / fresh.leaf_nodes,
        (rss_after_rebuild_kib - rss_before_kib) / 1024.0, rss_kib() / 1024.0);
    return 0;
}
