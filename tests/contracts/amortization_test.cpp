// Amortization tables: the worked examples of docs/instruments.md to the cent, each schedule's rule, due dates,
// the refusal of every term out of bounds, and the properties of random tables (sum of principal = P).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "contracts/amortization.h"
#include "contracts/calendar.h"
#include "tests/contracts/test_seed.h"

namespace folio::contracts {
namespace {

// 2027-01-15T00:00:00Z, the first due date of the documented examples.
const uint64_t kFirstDue = days_from_civil(CivilDate{2027, 1, 15}) * kMsPerDay;

uint64_t date_ms(uint32_t year, uint32_t month, uint32_t day) {
    return days_from_civil(CivilDate{year, month, day}) * kMsPerDay;
}

AmortizationTerms terms_of(Amount principal, uint32_t rate_bps, AmortizationSchedule schedule,
                           uint32_t period_months, uint16_t instalments, uint16_t deferral = 0) {
    AmortizationTerms t;
    t.principal = principal;
    t.rate_bps = rate_bps;
    t.schedule = schedule;
    t.period_months = period_months;
    t.instalments = instalments;
    t.deferral = deferral;
    t.first_due_ms = kFirstDue;
    return t;
}

// {payment, interest, principal, outstanding} of each row, in cents.
struct Row {
    Amount payment, interest, principal, outstanding;
};

void expect_rows(const AmortizationTable& table, const std::vector<Row>& rows) {
    ASSERT_EQ(table.instalments.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const Instalment& got = table.instalments[i];
        EXPECT_EQ(got.number, i + 1);
        EXPECT_EQ(got.payment, rows[i].payment) << "instalment " << i + 1;
        EXPECT_EQ(got.interest, rows[i].interest) << "instalment " << i + 1;
        EXPECT_EQ(got.principal, rows[i].principal) << "instalment " << i + 1;
        EXPECT_EQ(got.outstanding, rows[i].outstanding) << "instalment " << i + 1;
    }
}

AmortizationTable table_of(const AmortizationTerms& terms) {
    auto table = amortization_table(terms);
    EXPECT_TRUE(table) << table.error().message;
    return table ? std::move(table).value() : AmortizationTable{};
}

TEST(Amortization, AnnuityWorkedExampleToTheCent) {
    // 10,000.00 EUR at 7% a year, 12 monthly instalments: A = 865.27.
    const auto table = table_of(terms_of(1'000'000, 700, AmortizationSchedule::annuity, 1, 12));
    expect_rows(table, {{86527, 5833, 80694, 919306},
                        {86527, 5363, 81164, 838142},
                        {86527, 4889, 81638, 756504},
                        {86527, 4413, 82114, 674390},
                        {86527, 3934, 82593, 591797},
                        {86527, 3452, 83075, 508722},
                        {86527, 2968, 83559, 425163},
                        {86527, 2480, 84047, 341116},
                        {86527, 1990, 84537, 256579},
                        {86527, 1497, 85030, 171549},
                        {86527, 1001, 85526, 86023},
                        {86525, 502, 86023, 0}});
    EXPECT_EQ(table.total_interest, 38322u);
    EXPECT_EQ(table.total_payment, 1'038'322u);
}

TEST(Amortization, ConstantAmortizationRepaysEqualPrincipalAndTheRestLast) {
    const auto table = table_of(terms_of(1'000'000, 700, AmortizationSchedule::constant, 1, 12));
    expect_rows(table, {{89166, 5833, 83333, 916667},
                        {88680, 5347, 83333, 833334},
                        {88194, 4861, 83333, 750001},
                        {87708, 4375, 83333, 666668},
                        {87222, 3889, 83333, 583335},
                        {86736, 3403, 83333, 500002},
                        {86250, 2917, 83333, 416669},
                        {85764, 2431, 83333, 333336},
                        {85277, 1944, 83333, 250003},
                        {84791, 1458, 83333, 166670},
                        {84305, 972, 83333, 83337},
                        {83823, 486, 83337, 0}});
    EXPECT_EQ(table.total_interest, 37916u);
}

TEST(Amortization, BulletPaysInterestEachPeriodAndPrincipalAtTheEnd) {
    const auto table = table_of(terms_of(1'000'000, 700, AmortizationSchedule::bullet, 1, 12));
    std::vector<Row> rows(11, Row{5833, 5833, 0, 1'000'000});
    rows.push_back({1'005'833, 5833, 1'000'000, 0});
    expect_rows(table, rows);
    EXPECT_EQ(table.total_interest, 69996u);
}

TEST(Amortization, DeferralPaysInterestOnlyThenTheScheduleOnTheRest) {
    // Three interest-only months, then an annuity over the nine that remain.
    const auto table = table_of(terms_of(1'000'000, 700, AmortizationSchedule::annuity, 1, 12, 3));
    expect_rows(table, {{5833, 5833, 0, 1'000'000},
                        {5833, 5833, 0, 1'000'000},
                        {5833, 5833, 0, 1'000'000},
                        {114377, 5833, 108544, 891456},
                        {114377, 5200, 109177, 782279},
                        {114377, 4563, 109814, 672465},
                        {114377, 3923, 110454, 562011},
                        {114377, 3278, 111099, 450912},
                        {114377, 2630, 111747, 339165},
                        {114377, 1978, 112399, 226766},
                        {114377, 1323, 113054, 113712},
                        {114375, 663, 113712, 0}});
    EXPECT_EQ(table.total_interest, 46890u);

    const auto constant = table_of(terms_of(1'000'000, 700, AmortizationSchedule::constant, 1, 4, 2));
    expect_rows(constant, {{5833, 5833, 0, 1'000'000},
                           {5833, 5833, 0, 1'000'000},
                           {505833, 5833, 500000, 500000},
                           {502917, 2917, 500000, 0}});
}

TEST(Amortization, ZeroRateAnnuityIsTheConstantSchedule) {
    const auto annuity = table_of(terms_of(1'000'000, 0, AmortizationSchedule::annuity, 1, 12));
    const auto constant = table_of(terms_of(1'000'000, 0, AmortizationSchedule::constant, 1, 12));
    EXPECT_EQ(annuity.instalments, constant.instalments);
    std::vector<Row> rows;
    Amount outstanding = 1'000'000;
    for (int i = 0; i < 11; ++i) {
        outstanding -= 83333;
        rows.push_back({83333, 0, 83333, outstanding});
    }
    rows.push_back({83337, 0, 83337, 0});
    expect_rows(annuity, rows);
    EXPECT_EQ(annuity.total_interest, 0u);

    const auto bullet = table_of(terms_of(1'000'000, 0, AmortizationSchedule::bullet, 1, 3));
    expect_rows(bullet, {{0, 0, 0, 1'000'000}, {0, 0, 0, 1'000'000}, {1'000'000, 0, 1'000'000, 0}});
}

TEST(Amortization, QuarterlyAnnuityFallsDueEveryThreeMonths) {
    // 10,000.00 at 6% a year, 8 quarterly instalments: D = 40,000, so 1.5% a quarter.
    auto terms = terms_of(1'000'000, 600, AmortizationSchedule::annuity, 3, 8);
    const auto table = table_of(terms);
    expect_rows(table, {{133584, 15000, 118584, 881416},
                        {133584, 13221, 120363, 761053},
                        {133584, 11416, 122168, 638885},
                        {133584, 9583, 124001, 514884},
                        {133584, 7723, 125861, 389023},
                        {133584, 5835, 127749, 261274},
                        {133584, 3919, 129665, 131609},
                        {133583, 1974, 131609, 0}});
    EXPECT_EQ(table.total_interest, 68671u);
    const std::vector<uint64_t> due = {date_ms(2027, 1, 15),  date_ms(2027, 4, 15), date_ms(2027, 7, 15),
                                       date_ms(2027, 10, 15), date_ms(2028, 1, 15), date_ms(2028, 4, 15),
                                       date_ms(2028, 7, 15),  date_ms(2028, 10, 15)};
    for (size_t i = 0; i < due.size(); ++i) EXPECT_EQ(table.instalments[i].due_ms, due[i]) << i + 1;
}

TEST(Amortization, MonthEndDueDatesAreClampedToShorterMonths) {
    auto terms = terms_of(1'000'000, 700, AmortizationSchedule::annuity, 1, 5);
    terms.first_due_ms = date_ms(2028, 1, 31) + 9 * 3600 * 1000;  // 09:00 UTC on January 31 of a leap year
    const auto table = table_of(terms);
    const std::vector<uint64_t> due = {date_ms(2028, 1, 31), date_ms(2028, 2, 29), date_ms(2028, 3, 31),
                                       date_ms(2028, 4, 30), date_ms(2028, 5, 31)};
    for (size_t i = 0; i < due.size(); ++i) {
        EXPECT_EQ(table.instalments[i].due_ms, due[i] + 9 * 3600 * 1000) << "instalment " << i + 1;
    }
}

TEST(Amortization, RoundingThatRepaysEarlyLeavesZeroInstalments) {
    // 0.03 over five months: the annuity rounds up to 0.01 with no interest, so the loan is repaid by the third
    // instalment; principal never exceeds what is outstanding and the last two rows are zero.
    const auto table = table_of(terms_of(3, 700, AmortizationSchedule::annuity, 1, 5));
    expect_rows(table, {{1, 0, 1, 2}, {1, 0, 1, 1}, {1, 0, 1, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}});
}

TEST(Amortization, PrincipalIsNominalTimesUnits) {
    auto p = principal_of(100'00, 100);
    ASSERT_TRUE(p);
    EXPECT_EQ(*p, 1'000'000u);
    EXPECT_EQ(principal_of(0, 5).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(principal_of(5, 0).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(principal_of(uint64_t(1) << 32, uint64_t(1) << 31).value(), kMaxPrincipal);
    EXPECT_EQ(principal_of(uint64_t(1) << 32, (uint64_t(1) << 31) + 1).reason(), Reason::OVERFLOW);
    EXPECT_EQ(principal_of(UINT64_MAX, UINT64_MAX).reason(), Reason::OVERFLOW);
}

TEST(Amortization, TermsOutOfBoundsAreRefused) {
    const auto good = terms_of(1'000'000, 700, AmortizationSchedule::annuity, 1, 12);
    ASSERT_TRUE(check_terms(good));
    auto expect_refused = [](const AmortizationTerms& t, const char* what) {
        EXPECT_EQ(check_terms(t).reason(), Reason::INVALID_ARGUMENT) << what;
        EXPECT_EQ(amortization_table(t).reason(), Reason::INVALID_ARGUMENT) << what;
    };
    auto t = good;
    t.principal = 0;
    expect_refused(t, "zero principal");
    t.principal = kMaxPrincipal + 1;
    expect_refused(t, "principal above 2^63");
    t = good;
    t.rate_bps = kMaxRateBps + 1;
    expect_refused(t, "rate above 5000 bps");
    t = good;
    t.schedule = static_cast<AmortizationSchedule>(3);
    expect_refused(t, "unknown schedule");
    for (uint32_t period : {0u, 2u, 4u, 5u, 7u, 24u}) {
        t = good;
        t.period_months = period;
        expect_refused(t, "period");
    }
    t = good;
    t.instalments = 0;
    t.deferral = 0;
    expect_refused(t, "no instalment");
    t.instalments = kMaxInstalments + 1;
    expect_refused(t, "more than 360 instalments");
    t = good;
    t.deferral = t.instalments;
    expect_refused(t, "deferral of every instalment");
    t = good;
    t.first_due_ms = date_ms(9999, 1, 1);
    t.instalments = 13;
    expect_refused(t, "due dates after 9999");
    t.first_due_ms = kMaxCalendarMs + 1;
    t.instalments = 1;
    expect_refused(t, "first due date after 9999");
    t.instalments = 12;
    t.first_due_ms = date_ms(9999, 1, 31);
    ASSERT_TRUE(check_terms(t)) << "the last due date is 9999-12-31";

    t = good;
    t.rate_bps = kMaxRateBps;
    t.instalments = kMaxInstalments;
    t.period_months = 1;
    ASSERT_TRUE(check_terms(t));
}

TEST(Amortization, TablesWhosePaymentsOverflowAreRefused) {
    // A 30-year monthly bullet at 50% pays 15 times its principal in interest.
    auto t = terms_of(kMaxPrincipal, kMaxRateBps, AmortizationSchedule::bullet, 1, kMaxInstalments);
    EXPECT_EQ(amortization_table(t).reason(), Reason::OVERFLOW);
    // The largest one-instalment loan still fits: P + P/2 interest.
    t = terms_of(kMaxPrincipal, kMaxRateBps, AmortizationSchedule::annuity, 12, 1);
    const auto table = table_of(t);
    ASSERT_EQ(table.instalments.size(), 1u);
    EXPECT_EQ(table.instalments[0].interest, kMaxPrincipal / 2);
    EXPECT_EQ(table.instalments[0].payment, kMaxPrincipal + kMaxPrincipal / 2);
}

TEST(Amortization, InterestRoundsHalfUp) {
    // D = 120,000 monthly: O * R / D = 0.5 exactly rounds up, just below stays down.
    EXPECT_EQ(period_interest(60, 1000, 1), 1u);   // 60 * 1000 / 120000 = 0.5
    EXPECT_EQ(period_interest(59, 1000, 1), 0u);   // 0.4917
    EXPECT_EQ(period_interest(180, 1000, 1), 2u);  // 1.5
    EXPECT_EQ(period_interest(100, 5000, 12), 50u);
    EXPECT_EQ(period_interest(kMaxPrincipal, kMaxRateBps, 12), kMaxPrincipal / 2);
}

TEST(Amortization, RandomTablesRepayExactlyThePrincipal) {
    std::mt19937_64 rng(test::test_seed("Amortization"));
    const AmortizationSchedule schedules[] = {AmortizationSchedule::constant, AmortizationSchedule::annuity,
                                              AmortizationSchedule::bullet};
    const uint32_t periods[] = {1, 3, 6, 12};
    for (int iteration = 0; iteration < 3000; ++iteration) {
        AmortizationTerms t;
        // Principals of every magnitude up to 10^15.
        const uint64_t magnitude = uint64_t(1) << (rng() % 50);
        t.principal = 1 + rng() % std::min<uint64_t>(magnitude, 1'000'000'000'000'000);
        t.rate_bps = static_cast<uint32_t>(rng() % (kMaxRateBps + 1));
        t.schedule = schedules[rng() % 3];
        t.period_months = periods[rng() % 4];
        t.instalments = static_cast<uint16_t>(1 + rng() % kMaxInstalments);
        t.deferral = static_cast<uint16_t>(rng() % 4 == 0 ? rng() % t.instalments : 0);
        t.first_due_ms = rng() % date_ms(2500, 1, 1);
        const std::string what = "P=" + std::to_string(t.principal) + " R=" + std::to_string(t.rate_bps) + " " +
                                 std::string(schedule_name(t.schedule)) + " period=" +
                                 std::to_string(t.period_months) + " n=" + std::to_string(t.instalments) +
                                 " g=" + std::to_string(t.deferral);
        auto result = amortization_table(t);
        ASSERT_TRUE(result) << what << ": " << result.error().message;
        const AmortizationTable& table = *result;
        ASSERT_EQ(table.instalments.size(), t.instalments) << what;

        Amount outstanding = t.principal;
        unsigned __int128 principal_sum = 0;
        unsigned __int128 interest_sum = 0;
        for (const Instalment& row : table.instalments) {
            EXPECT_EQ(row.interest, period_interest(outstanding, t.rate_bps, t.period_months)) << what;
            EXPECT_LE(row.principal, outstanding) << what;
            EXPECT_EQ(row.payment, row.interest + row.principal) << what;
            if (row.number <= t.deferral) {
                EXPECT_EQ(row.principal, 0u) << what;
            }
            outstanding -= row.principal;
            EXPECT_EQ(row.outstanding, outstanding) << what;
            principal_sum += row.principal;
            interest_sum += row.interest;
            uint64_t expected_due = 0;
            ASSERT_TRUE(add_calendar_months(t.first_due_ms, (row.number - 1u) * t.period_months, expected_due));
            EXPECT_EQ(row.due_ms, expected_due) << what;
        }
        EXPECT_EQ(principal_sum, t.principal) << what;
        EXPECT_EQ(outstanding, 0u) << what;
        EXPECT_EQ(interest_sum, table.total_interest) << what;
        EXPECT_EQ(table.total_payment, table.total_interest + t.principal) << what;

        // An annuity's payments are equal until rounding has repaid the loan, except the last.
        if (t.schedule == AmortizationSchedule::annuity && t.rate_bps > 0 && t.instalments - t.deferral > 1) {
            const Amount annuity = table.instalments[t.deferral].payment;
            for (size_t i = t.deferral; i + 1 < table.instalments.size(); ++i) {
                const Instalment& row = table.instalments[i];
                if (row.outstanding == 0) break;
                EXPECT_EQ(row.payment, annuity) << what << " instalment " << row.number;
            }
        }
    }
}

TEST(Amortization, StatusOfAnInstalmentFollowsItsDueDay) {
    Instalment row;
    row.number = 1;
    row.due_ms = date_ms(2027, 3, 15) + 10 * 3600 * 1000;  // 10:00 UTC
    const uint64_t end_of_day = date_ms(2027, 3, 16);
    EXPECT_EQ(instalment_status(row, false, false, row.due_ms - 1), InstalmentStatus::future);
    EXPECT_EQ(instalment_status(row, false, false, row.due_ms), InstalmentStatus::due);
    EXPECT_EQ(instalment_status(row, false, false, end_of_day - 1), InstalmentStatus::due);
    EXPECT_EQ(instalment_status(row, false, false, end_of_day), InstalmentStatus::late);
    EXPECT_EQ(instalment_status(row, false, true, end_of_day), InstalmentStatus::defaulted);
    EXPECT_EQ(instalment_status(row, true, true, end_of_day), InstalmentStatus::paid);
    EXPECT_EQ(instalment_status(row, true, false, row.due_ms - 1), InstalmentStatus::paid);
    EXPECT_EQ(instalment_status_name(InstalmentStatus::defaulted), "default");
    EXPECT_EQ(instalment_status_name(InstalmentStatus::late), "late");
}

TEST(Amortization, StatusesOfATable) {
    const auto table = table_of(terms_of(1'000'000, 700, AmortizationSchedule::annuity, 1, 12));
    // On 2027-04-15 at noon: #1 and #2 paid, #3 defaulted, #4 due today, #5.. in the future.
    const uint64_t now = date_ms(2027, 4, 15) + 12 * 3600 * 1000;
    const std::vector<uint16_t> paid = {2, 1};
    const std::vector<uint16_t> defaulted = {3};
    auto statuses = instalment_statuses(table, paid, defaulted, now);
    ASSERT_TRUE(statuses);
    ASSERT_EQ(statuses->size(), 12u);
    EXPECT_EQ((*statuses)[0], InstalmentStatus::paid);
    EXPECT_EQ((*statuses)[1], InstalmentStatus::paid);
    EXPECT_EQ((*statuses)[2], InstalmentStatus::defaulted);
    EXPECT_EQ((*statuses)[3], InstalmentStatus::due);
    for (size_t i = 4; i < 12; ++i) EXPECT_EQ((*statuses)[i], InstalmentStatus::future);

    auto later = instalment_statuses(table, paid, {}, date_ms(2027, 5, 1));
    ASSERT_TRUE(later);
    EXPECT_EQ((*later)[2], InstalmentStatus::late);
    EXPECT_EQ((*later)[3], InstalmentStatus::late);

    const std::vector<uint16_t> unknown = {13};
    EXPECT_EQ(instalment_statuses(table, unknown, {}, now).reason(), Reason::INVALID_ARGUMENT);
    const std::vector<uint16_t> zero = {0};
    EXPECT_EQ(instalment_statuses(table, {}, zero, now).reason(), Reason::INVALID_ARGUMENT);
}

TEST(Amortization, ScheduleNamesRoundTrip) {
    for (auto s : {AmortizationSchedule::constant, AmortizationSchedule::annuity, AmortizationSchedule::bullet}) {
        AmortizationSchedule back = AmortizationSchedule::bullet;
        ASSERT_TRUE(schedule_from_name(schedule_name(s), back));
        EXPECT_EQ(back, s);
    }
    AmortizationSchedule out = AmortizationSchedule::annuity;
    EXPECT_FALSE(schedule_from_name("Annuity", out));
    EXPECT_FALSE(schedule_from_name("", out));
    EXPECT_EQ(out, AmortizationSchedule::annuity);
}

}  // namespace
}  // namespace folio::contracts
