// The seed of a randomized contracts test: FOLIO_SEED when set, else a fresh one; printed either way so that a
// failure can be replayed with FOLIO_SEED=<n>.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace folio::contracts::test {

inline uint64_t test_seed(const char* suite) {
    uint64_t seed;
    if (const char* env = std::getenv("FOLIO_SEED")) {
        seed = std::strtoull(env, nullptr, 10);
    } else {
        std::random_device rd;
        seed = (static_cast<uint64_t>(rd()) << 32) ^ rd();
    }
    std::printf("%s seed: %llu (replay with FOLIO_SEED=%llu)\n", suite, static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(seed));
    std::fflush(stdout);
    return seed;
}

}  // namespace folio::contracts::test
