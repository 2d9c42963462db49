// The arithmetic of the transport's limits (node/p2p/limits.h), with time passed in.
#include <gtest/gtest.h>

#include <random>

#include "node/p2p/limits.h"

namespace folio::p2p {
namespace {

TEST(p2p_limits, TokenBucketAllowsTheBurstThenTheRate) {
    TokenBucket bucket(10, 5, 1000);
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(bucket.take(1, 1000)) << i;
    EXPECT_FALSE(bucket.take(1, 1000));
    EXPECT_FALSE(bucket.take(1, 1050));  // half a token
    EXPECT_TRUE(bucket.take(1, 1100));   // 10/s: one token per 100 ms
    EXPECT_FALSE(bucket.take(1, 1100));
}

TEST(p2p_limits, TokenBucketRefillsUpToTheBurstOnly) {
    TokenBucket bucket(1000, 3, 0);
    EXPECT_TRUE(bucket.take(3, 0));
    EXPECT_FALSE(bucket.take(4, 60000));  // a minute idle still holds 3
    EXPECT_TRUE(bucket.take(3, 60000));
}

TEST(p2p_limits, TokenBucketRefusalTakesNothing) {
    TokenBucket bucket(1, 10, 0);
    EXPECT_FALSE(bucket.take(11, 0));
    EXPECT_TRUE(bucket.take(10, 0));
}

TEST(p2p_limits, ReconnectDelayDoublesPerFailureUpToTheMaximum) {
    // random = 0 takes the top of the jitter range: the delay itself.
    EXPECT_EQ(reconnect_delay_ms(100, 5000, 0, 0), 100u);
    EXPECT_EQ(reconnect_delay_ms(100, 5000, 1, 0), 200u);
    EXPECT_EQ(reconnect_delay_ms(100, 5000, 3, 0), 800u);
    EXPECT_EQ(reconnect_delay_ms(100, 5000, 6, 0), 5000u);
    EXPECT_EQ(reconnect_delay_ms(100, 5000, 1000, 0), 5000u);  // no overflow after many failures
}

TEST(p2p_limits, ReconnectJitterStaysBetweenHalfAndAllOfTheDelay) {
    const uint64_t seed = std::random_device{}();
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 10000; ++i) {
        const unsigned failures = static_cast<unsigned>(rng() % 12);
        const uint64_t full = reconnect_delay_ms(100, 30000, failures, 0);
        const uint64_t d = reconnect_delay_ms(100, 30000, failures, rng());
        ASSERT_GE(d, full / 2) << "seed " << seed;
        ASSERT_LE(d, full) << "seed " << seed;
    }
}

}  // namespace
}  // namespace folio::p2p
