// Calendar months in UTC, for due dates that recur on the same day of each month. Proleptic Gregorian dates from
// 1970-01-01 to 9999-12-31; times are milliseconds since the Unix epoch, never negative. Pure integer arithmetic:
// no time zone, no leap seconds (a UTC day is 86,400,000 ms, as in Unix time), no C library call.
#pragma once

#include <cstdint>

namespace folio::contracts {

struct CivilDate {
    uint32_t year = 1970;  // 1970..9999
    uint32_t month = 1;    // 1..12
    uint32_t day = 1;      // 1..days_in_month(year, month)
    bool operator==(const CivilDate&) const = default;
};

inline constexpr uint64_t kMsPerDay = 86'400'000;
// 9999-12-31T23:59:59.999Z: the last instant with a four-digit year.
inline constexpr uint64_t kMaxCalendarMs = 253'402'300'799'999;

bool is_leap_year(uint32_t year);
uint32_t days_in_month(uint32_t year, uint32_t month);
// Days from 1970-01-01 to the date (the date must be valid and not before 1970).
uint64_t days_from_civil(const CivilDate& date);
// The date `days` days after 1970-01-01.
CivilDate civil_from_days(uint64_t days);

// time_ms plus `months` calendar months: the same time of day on the same day of the month, the day clamped to
// the last day of a shorter month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year). Always counted from
// time_ms itself, never chained, so Jan 31 + 2 months is Mar 31. False (out unchanged) when time_ms or the result
// is after kMaxCalendarMs.
bool add_calendar_months(uint64_t time_ms, uint32_t months, uint64_t& out);

}  // namespace folio::contracts
