// The store's filter answers "maybe" for every key it was built over and for every key of a kind it does not
// cover, and "no" for most absent keys of the kinds it covers: a wrong "no" would make find_tx miss a stored
// tx.
#include <gtest/gtest.h>
#include <leveldb/slice.h>

#include <string>
#include <vector>

#include "chain/store_filter.h"

namespace folio {
namespace {

std::string key_of(char kind, int i) {
    return std::string(1, kind) + "key-" + std::to_string(i);
}

TEST(store_filter, CoveredKeysMatchAndMostAbsentOnesDoNot) {
    auto filter = new_point_lookup_filter();
    std::vector<std::string> keys;
    for (int i = 0; i < 1000; ++i) keys.push_back(key_of("tBMva"[i % 5], i));
    std::vector<leveldb::Slice> slices(keys.begin(), keys.end());
    std::string bits;
    filter->CreateFilter(slices.data(), static_cast<int>(slices.size()), &bits);

    for (const auto& k : keys) EXPECT_TRUE(filter->KeyMayMatch(k, bits)) << k;
    int false_matches = 0;
    for (int i = 1000; i < 3000; ++i) false_matches += filter->KeyMayMatch(key_of('t', i), bits);
    EXPECT_LT(false_matches, 60) << "10 bits per key give ~1% false matches";
    // Uncovered kinds are never ruled out, present or not.
    EXPECT_TRUE(filter->KeyMayMatch(key_of('v', 5000), bits));
    EXPECT_TRUE(filter->KeyMayMatch(key_of('s', 1), bits));
}

TEST(store_filter, FilterSizeFollowsOnlyTheCoveredKeys) {
    auto filter = new_point_lookup_filter();
    std::vector<std::string> keys;
    for (int i = 0; i < 6000; ++i) keys.push_back(key_of(i % 6 == 0 ? 't' : 'v', i));
    std::vector<leveldb::Slice> slices(keys.begin(), keys.end());
    std::string bits;
    filter->CreateFilter(slices.data(), static_cast<int>(slices.size()), &bits);
    // 1,000 covered keys at 10 bits each, not 6,000.
    EXPECT_LT(bits.size(), 1400u);
}

}  // namespace
}  // namespace folio
