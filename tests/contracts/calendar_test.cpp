// Civil dates and calendar months in UTC: every day of the supported range against the C library's gmtime_r,
// and the month-end rule of due dates.
#include <gtest/gtest.h>

#include <ctime>
#include <random>

#include "contracts/calendar.h"
#include "tests/contracts/test_seed.h"

namespace folio::contracts {
namespace {

uint64_t ms_of(uint32_t year, uint32_t month, uint32_t day, uint64_t time_of_day_ms = 0) {
    return days_from_civil(CivilDate{year, month, day}) * kMsPerDay + time_of_day_ms;
}

TEST(Calendar, EveryDayRoundTripsAndMatchesGmtime) {
    const uint64_t last_day = kMaxCalendarMs / kMsPerDay;
    CivilDate previous = civil_from_days(0);
    EXPECT_EQ(previous, (CivilDate{1970, 1, 1}));
    for (uint64_t days = 1; days <= last_day; ++days) {
        const CivilDate date = civil_from_days(days);
        ASSERT_EQ(days_from_civil(date), days);
        // The day after `previous`: next day, or the first of the next month or year.
        const bool next_day = date.year == previous.year && date.month == previous.month &&
                              date.day == previous.day + 1;
        const bool next_month = date.day == 1 && previous.day == days_in_month(previous.year, previous.month) &&
                                ((date.year == previous.year && date.month == previous.month + 1) ||
                                 (date.year == previous.year + 1 && date.month == 1 && previous.month == 12));
        ASSERT_TRUE(next_day || next_month) << date.year << "-" << date.month << "-" << date.day;
        if (days % 997 == 0) {
            const auto secs = static_cast<std::time_t>(days * 86400);
            std::tm tm{};
            ASSERT_NE(::gmtime_r(&secs, &tm), nullptr);
            EXPECT_EQ(date, (CivilDate{static_cast<uint32_t>(tm.tm_year + 1900),
                                       static_cast<uint32_t>(tm.tm_mon + 1), static_cast<uint32_t>(tm.tm_mday)}));
        }
        previous = date;
    }
    EXPECT_EQ(previous, (CivilDate{9999, 12, 31}));
}

TEST(Calendar, LeapYearsFollowTheGregorianRule) {
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_FALSE(is_leap_year(1900));
    EXPECT_FALSE(is_leap_year(2100));
    EXPECT_FALSE(is_leap_year(2023));
    EXPECT_EQ(days_in_month(2024, 2), 29u);
    EXPECT_EQ(days_in_month(2100, 2), 28u);
    EXPECT_EQ(days_from_civil(CivilDate{2000, 3, 1}), 11017u);
}

TEST(Calendar, MonthEndIsClampedAndNeverChained) {
    uint64_t out = 0;
    const uint64_t noon = 12 * 3600 * 1000;
    ASSERT_TRUE(add_calendar_months(ms_of(2027, 1, 31, noon), 1, out));
    EXPECT_EQ(out, ms_of(2027, 2, 28, noon));
    ASSERT_TRUE(add_calendar_months(ms_of(2028, 1, 31, noon), 1, out));
    EXPECT_EQ(out, ms_of(2028, 2, 29, noon));
    ASSERT_TRUE(add_calendar_months(ms_of(2027, 1, 31, noon), 2, out));
    EXPECT_EQ(out, ms_of(2027, 3, 31, noon));
    ASSERT_TRUE(add_calendar_months(ms_of(2027, 1, 31, noon), 3, out));
    EXPECT_EQ(out, ms_of(2027, 4, 30, noon));
    ASSERT_TRUE(add_calendar_months(ms_of(2027, 8, 31), 6, out));
    EXPECT_EQ(out, ms_of(2028, 2, 29));
    ASSERT_TRUE(add_calendar_months(ms_of(2027, 11, 15), 3, out));
    EXPECT_EQ(out, ms_of(2028, 2, 15));
    ASSERT_TRUE(add_calendar_months(ms_of(2027, 5, 10, 1), 0, out));
    EXPECT_EQ(out, ms_of(2027, 5, 10, 1));
    ASSERT_TRUE(add_calendar_months(ms_of(2027, 5, 10), 12 * 300, out));
    EXPECT_EQ(out, ms_of(2327, 5, 10));
}

TEST(Calendar, MonthsAfterTheYear9999AreRefused) {
    uint64_t out = 7;
    EXPECT_TRUE(add_calendar_months(ms_of(9999, 11, 30), 1, out));
    EXPECT_EQ(out, ms_of(9999, 12, 30));
    EXPECT_FALSE(add_calendar_months(ms_of(9999, 12, 1), 1, out));
    EXPECT_FALSE(add_calendar_months(kMaxCalendarMs + 1, 0, out));
    EXPECT_FALSE(add_calendar_months(0, UINT32_MAX, out));
    EXPECT_EQ(out, ms_of(9999, 12, 30));
}

TEST(Calendar, AddingMonthsKeepsTheDayWhenTheMonthHasIt) {
    std::mt19937_64 rng(test::test_seed("Calendar"));
    for (int i = 0; i < 20000; ++i) {
        const uint64_t start = rng() % (ms_of(9000, 1, 1));
        const auto months = static_cast<uint32_t>(rng() % 12000);
        uint64_t out = 0;
        ASSERT_TRUE(add_calendar_months(start, months, out));
        const CivilDate from = civil_from_days(start / kMsPerDay);
        const CivilDate to = civil_from_days(out / kMsPerDay);
        EXPECT_EQ(out % kMsPerDay, start % kMsPerDay);
        EXPECT_EQ(to.year * 12 + to.month, from.year * 12 + from.month + months);
        EXPECT_EQ(to.day, std::min(from.day, days_in_month(to.year, to.month)));
    }
}

}  // namespace
}  // namespace folio::contracts
