#include "contracts/calendar.h"

namespace folio::contracts {
namespace {

constexpr uint32_t kEpochYear = 1970;
constexpr uint32_t kLastYear = 9999;

// Leap years in 1..year.
uint64_t leap_years_through(uint32_t year) { return year / 4 - year / 100 + year / 400; }

// Days from 1970-01-01 to January 1 of `year` (year >= 1970).
uint64_t days_before_year(uint32_t year) {
    return 365 * uint64_t(year - kEpochYear) + leap_years_through(year - 1) - leap_years_through(kEpochYear - 1);
}

// Days from January 1 to the first of `month` in a common year; a leap day is added from March on.
constexpr uint32_t kDaysBeforeMonth[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

}  // namespace

bool is_leap_year(uint32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

uint32_t days_in_month(uint32_t year, uint32_t month) {
    constexpr uint32_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

uint64_t days_from_civil(const CivilDate& date) {
    const uint32_t leap_day = date.month > 2 && is_leap_year(date.year) ? 1 : 0;
    return days_before_year(date.year) + kDaysBeforeMonth[date.month - 1] + leap_day + (date.day - 1);
}

CivilDate civil_from_days(uint64_t days) {
    // 146,097 days per 400 Gregorian years: the estimate is within a year of the answer, then corrected.
    auto year = static_cast<uint32_t>(kEpochYear + days * 400 / 146097);
    while (year > kEpochYear && days_before_year(year) > days) --year;
    while (days_before_year(year + 1) <= days) ++year;
    auto day_of_year = static_cast<uint32_t>(days - days_before_year(year));
    CivilDate date;
    date.year = year;
    date.month = 1;
    while (date.month < 12 && day_of_year >= days_in_month(year, date.month)) {
        day_of_year -= days_in_month(year, date.month);
        ++date.month;
    }
    date.day = day_of_year + 1;
    return date;
}

bool add_calendar_months(uint64_t time_ms, uint32_t months, uint64_t& out) {
    if (time_ms > kMaxCalendarMs) return false;
    const uint64_t time_of_day_ms = time_ms % kMsPerDay;
    const CivilDate start = civil_from_days(time_ms / kMsPerDay);
    const uint64_t month_index = uint64_t(start.year) * 12 + (start.month - 1) + months;
    if (month_index / 12 > kLastYear) return false;
    CivilDate target;
    target.year = static_cast<uint32_t>(month_index / 12);
    target.month = static_cast<uint32_t>(month_index % 12) + 1;
    const uint32_t last_day = days_in_month(target.year, target.month);
    target.day = start.day < last_day ? start.day : last_day;
    out = days_from_civil(target) * kMsPerDay + time_of_day_ms;
    return true;
}

}  // namespace folio::contracts
