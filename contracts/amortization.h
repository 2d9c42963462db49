// Amortization tables of loans and minibonds: from the terms (principal, annual rate, schedule, period, number of
// instalments, deferral, first due date) to each instalment's due date, interest, principal and outstanding
// amount, exactly and in integers. Pure functions: no state, no clock (the caller passes `now_ms`), no I/O, so the
// instrument that executes coupons, the queries that show a table and the wallet all compute the same table.
//
// Rules (docs/instruments.md, "Amortization tables"), amounts in the currency's smallest unit:
//   D = 10000 * 12 / period_months, R = rate_bps, B = D + R (per-period rate R / D)
//   interest on outstanding O       I = floor((2*O*R + D) / 2D)                          (half up)
//   constant                        K = floor(P/m), the last K = P - (m-1) * floor(P/m)
//   annuity (constant payments)     A = floor((2*P*R*B^m + Q) / 2Q), Q = D * (B^m - D^m), exact big integers;
//                                   K = min(A - I, O), the last K = what remains
//   bullet (in fine)                K = 0, the last K = P
//   deferral g                      g interest-only instalments (K = 0), then the schedule on m = n - g
// An annuity at R = 0 is the constant schedule (the two coincide and Q would be zero). Sum of K = P always.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "chain/result.h"
#include "chain/types.h"

namespace folio::contracts {

enum class AmortizationSchedule : uint8_t { constant = 0, annuity = 1, bullet = 2 };
// "constant", "annuity", "bullet" (the names of the minibond_terms op).
std::string_view schedule_name(AmortizationSchedule schedule);
bool schedule_from_name(std::string_view name, AmortizationSchedule& out);

// Bounds of the terms (refused outside with INVALID_ARGUMENT). The principal bound keeps every payment, which is
// at most 1.5 * P + 1, inside an Amount; the rate bound (50% a year) is far above any lawful loan rate.
inline constexpr Amount kMaxPrincipal = Amount(1) << 63;
inline constexpr uint32_t kMaxRateBps = 5000;
inline constexpr uint16_t kMaxInstalments = 360;

struct AmortizationTerms {
    Amount principal = 0;       // P, 1..kMaxPrincipal
    uint32_t rate_bps = 0;      // annual nominal rate, 0..kMaxRateBps
    AmortizationSchedule schedule = AmortizationSchedule::constant;
    uint32_t period_months = 1;  // 1, 3, 6 or 12
    uint16_t instalments = 1;    // n, 1..kMaxInstalments
    uint16_t deferral = 0;       // g, 0..n-1 interest-only instalments first
    uint64_t first_due_ms = 0;   // due date of instalment 1, UTC; the last due date must be <= kMaxCalendarMs
    bool operator==(const AmortizationTerms&) const = default;
};

// P = nominal per unit * units: OVERFLOW when the product exceeds kMaxPrincipal, INVALID_ARGUMENT when zero.
Result<Amount> principal_of(Amount nominal, uint64_t units);

// OK, or INVALID_ARGUMENT naming the first term out of bounds.
Status check_terms(const AmortizationTerms& terms);

struct Instalment {
    uint16_t number = 0;      // 1..n
    uint64_t due_ms = 0;      // first_due_ms + (number - 1) * period_months calendar months
    Amount payment = 0;       // interest + principal
    Amount interest = 0;
    Amount principal = 0;
    Amount outstanding = 0;   // principal still owed after this instalment
    bool operator==(const Instalment&) const = default;
};

struct AmortizationTable {
    std::vector<Instalment> instalments;  // n rows, in order
    Amount total_interest = 0;
    Amount total_payment = 0;             // total_interest + P
};

// The table of the terms. Refusals: check_terms' INVALID_ARGUMENT, or OVERFLOW when the total of the payments
// would not fit in an Amount (a long bullet at a high rate on a principal near the bound), so every amount and
// every sum of amounts of an accepted table fits in an Amount.
Result<AmortizationTable> amortization_table(const AmortizationTerms& terms);

// The instalment's interest on outstanding O at the terms' rate and period (the half-up rule above).
Amount period_interest(Amount outstanding, uint32_t rate_bps, uint32_t period_months);

// What asset_schedule shows for an instalment at now_ms:
//   paid     it was paid (even late, even after a default mark: the money arrived)
//   default  marked defaulted and not paid
//   future   before its due instant
//   due      from its due instant to the end of that UTC day: payable, not yet late
//   late     unpaid after its due date
enum class InstalmentStatus : uint8_t { future = 0, due = 1, late = 2, paid = 3, defaulted = 4 };
// "future", "due", "late", "paid", "default".
std::string_view instalment_status_name(InstalmentStatus status);
InstalmentStatus instalment_status(const Instalment& instalment, bool paid, bool defaulted, uint64_t now_ms);
// The status of each row of the table; `paid` and `defaulted` list instalment numbers in any order.
// INVALID_ARGUMENT when a number is not an instalment of the table.
Result<std::vector<InstalmentStatus>> instalment_statuses(const AmortizationTable& table,
                                                          std::span<const uint16_t> paid,
                                                          std::span<const uint16_t> defaulted, uint64_t now_ms);

}  // namespace folio::contracts
