// Rate-limited authentication failure lines: one per source host per window, with the count suppressed.
#include <gtest/gtest.h>

#include "rpc/auth_failure_log.h"

namespace folio::rpc {
namespace {

using namespace std::chrono_literals;
using Clock = AuthFailureLog::Clock;

TEST(rpc_auth_failure_log, RemoteHostDropsThePort) {
    EXPECT_EQ(remote_host("127.0.0.1:5000"), "127.0.0.1");
    EXPECT_EQ(remote_host("[::1]:5000"), "[::1]");
    EXPECT_EQ(remote_host("::1"), "::1");
    EXPECT_EQ(remote_host(""), "");
}

TEST(rpc_auth_failure_log, FirstFailureOfASourceIsLoggedAtOnceWithItsAddress) {
    AuthFailureLog log(10s);
    auto line = log.note("10.1.2.3:4444", "/", Clock::time_point{});
    ASSERT_TRUE(line.has_value());
    EXPECT_NE(line->find("10.1.2.3"), std::string::npos) << *line;
    EXPECT_EQ(line->find("4444"), std::string::npos) << "the port changes per connection: " << *line;
}

TEST(rpc_auth_failure_log, FailuresWithinTheWindowAreCountedAndReportedWithTheNextLine) {
    AuthFailureLog log(10s);
    const Clock::time_point t0{};
    ASSERT_TRUE(log.note("10.1.2.3:1", "/", t0));
    for (int i = 0; i < 7; ++i) EXPECT_FALSE(log.note("10.1.2.3:2", "/", t0 + 1s));
    auto later = log.note("10.1.2.3:3", "/", t0 + 10s);
    ASSERT_TRUE(later.has_value());
    EXPECT_NE(later->find("7 more"), std::string::npos) << *later;
    EXPECT_FALSE(log.note("10.1.2.3:4", "/", t0 + 11s));
}

TEST(rpc_auth_failure_log, SourcesAreLimitedIndependently) {
    AuthFailureLog log(10s);
    const Clock::time_point t0{};
    EXPECT_TRUE(log.note("10.0.0.1:1", "/", t0));
    EXPECT_TRUE(log.note("10.0.0.2:1", "/", t0));
    EXPECT_FALSE(log.note("10.0.0.1:2", "/", t0));
}

TEST(rpc_auth_failure_log, TrackedSourcesStayBoundedAndExtraOnesShareOneEntry) {
    AuthFailureLog log(10s, 4);
    const Clock::time_point t0{};
    for (int i = 0; i < 100; ++i) log.note("10.0.0." + std::to_string(i) + ":1", "/", t0);
    EXPECT_LE(log.tracked_sources(), 5u);
    // Once the window passed, quiet sources are forgotten and new ones get their own line again.
    auto fresh = log.note("10.9.9.9:1", "/", t0 + 11s);
    ASSERT_TRUE(fresh.has_value());
    EXPECT_NE(fresh->find("10.9.9.9"), std::string::npos) << *fresh;
}

}  // namespace
}  // namespace folio::rpc
