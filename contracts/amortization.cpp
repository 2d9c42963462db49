#include "contracts/amortization.h"

#include <algorithm>
#include <string>

#include "contracts/big_uint.h"
#include "contracts/calendar.h"

namespace folio::contracts {
namespace {

// D: the per-period rate is R / D with R in basis points of an annual rate.
uint32_t period_denominator(uint32_t period_months) { return 10000 * 12 / period_months; }

bool valid_period(uint32_t period_months) {
    return period_months == 1 || period_months == 3 || period_months == 6 || period_months == 12;
}

Error invalid(std::string message) { return make_error(Reason::INVALID_ARGUMENT, std::move(message)); }

// A = floor((2*P*R*B^m + Q) / 2Q), Q = D * (B^m - D^m). B^m has up to 17 bits per instalment, so the numerator
// and Q are exact big integers; A itself is below 1.5 * P + 1 and fits in an Amount.
Result<Amount> annuity_payment(Amount principal, uint32_t rate_bps, uint32_t denominator, uint32_t count) {
    BigUint growth = BigUint::power(denominator + rate_bps, count);  // B^m
    BigUint q = growth;
    if (!q.subtract(BigUint::power(denominator, count))) {
        return make_error(Reason::INTERNAL, "annuity: B^m below D^m");
    }
    q *= denominator;
    const BigUint numerator = growth * principal * (uint64_t(2) * rate_bps) + q;
    BigUint payment;
    BigUint remainder;
    uint64_t out = 0;
    if (!BigUint::divide(numerator, q * 2, payment, remainder) || !payment.to_u64(out)) {
        return make_error(Reason::INTERNAL, "annuity: payment out of range");
    }
    return out;
}

}  // namespace

std::string_view schedule_name(AmortizationSchedule schedule) {
    switch (schedule) {
        case AmortizationSchedule::constant: return "constant";
        case AmortizationSchedule::annuity: return "annuity";
        case AmortizationSchedule::bullet: return "bullet";
    }
    return "unknown";
}

bool schedule_from_name(std::string_view name, AmortizationSchedule& out) {
    for (auto s : {AmortizationSchedule::constant, AmortizationSchedule::annuity, AmortizationSchedule::bullet}) {
        if (schedule_name(s) == name) {
            out = s;
            return true;
        }
    }
    return false;
}

Result<Amount> principal_of(Amount nominal, uint64_t units) {
    const unsigned __int128 product = static_cast<unsigned __int128>(nominal) * units;
    if (product == 0) return invalid("principal: nominal and units must be positive");
    if (product > kMaxPrincipal) {
        return make_error(Reason::OVERFLOW, "principal: nominal * units exceeds 2^63");
    }
    return static_cast<Amount>(product);
}

Status check_terms(const AmortizationTerms& terms) {
    if (terms.principal == 0 || terms.principal > kMaxPrincipal) {
        return invalid("principal must be between 1 and 2^63");
    }
    if (terms.rate_bps > kMaxRateBps) return invalid("rate_bps must be at most " + std::to_string(kMaxRateBps));
    if (terms.schedule != AmortizationSchedule::constant && terms.schedule != AmortizationSchedule::annuity &&
        terms.schedule != AmortizationSchedule::bullet) {
        return invalid("schedule must be constant, annuity or bullet");
    }
    if (!valid_period(terms.period_months)) return invalid("period_months must be 1, 3, 6 or 12");
    if (terms.instalments == 0 || terms.instalments > kMaxInstalments) {
        return invalid("instalments must be between 1 and " + std::to_string(kMaxInstalments));
    }
    if (terms.deferral >= terms.instalments) return invalid("deferral must be below the number of instalments");
    uint64_t last_due_ms = 0;
    if (!add_calendar_months(terms.first_due_ms, (terms.instalments - 1u) * terms.period_months, last_due_ms)) {
        return invalid("due dates must fall before the year 10000");
    }
    return Status();
}

Amount period_interest(Amount outstanding, uint32_t rate_bps, uint32_t period_months) {
    const auto denominator = static_cast<unsigned __int128>(period_denominator(period_months));
    const unsigned __int128 twice = static_cast<unsigned __int128>(outstanding) * rate_bps * 2;
    // At most O * R / D + 1 <= O / 2 + 1 within the bounds of the terms.
    return static_cast<Amount>((twice + denominator) / (2 * denominator));
}

Result<AmortizationTable> amortization_table(const AmortizationTerms& terms) {
    if (Status s = check_terms(terms); !s) return s.error();
    const uint32_t n = terms.instalments;
    const uint32_t amortizing = n - terms.deferral;  // m
    AmortizationSchedule schedule = terms.schedule;
    if (schedule == AmortizationSchedule::annuity && terms.rate_bps == 0) schedule = AmortizationSchedule::constant;

    Amount annuity = 0;
    if (schedule == AmortizationSchedule::annuity) {
        auto a = annuity_payment(terms.principal, terms.rate_bps, period_denominator(terms.period_months),
                                 amortizing);
        if (!a) return a.error();
        annuity = *a;
    }
    const Amount constant_part = terms.principal / amortizing;

    AmortizationTable table;
    table.instalments.reserve(n);
    Amount outstanding = terms.principal;
    for (uint32_t k = 1; k <= n; ++k) {
        Instalment row;
        row.number = static_cast<uint16_t>(k);
        if (!add_calendar_months(terms.first_due_ms, (k - 1) * terms.period_months, row.due_ms)) {
            return make_error(Reason::INTERNAL, "due date out of range after check_terms");
        }
        row.interest = period_interest(outstanding, terms.rate_bps, terms.period_months);
        if (k == n) {
            row.principal = outstanding;
        } else if (k > terms.deferral) {
            switch (schedule) {
                case AmortizationSchedule::constant: row.principal = constant_part; break;
                // A >= I: the annuity at the exact rate is at least the interest on P, and O never exceeds P.
                // The bound by O only matters when rounding would repay the loan before its last instalment.
                case AmortizationSchedule::annuity:
                    row.principal = std::min(annuity > row.interest ? annuity - row.interest : 0, outstanding);
                    break;
                case AmortizationSchedule::bullet: row.principal = 0; break;
            }
        }
        outstanding -= row.principal;
        row.outstanding = outstanding;
        // interest <= P / 2 + 1 and principal <= P <= 2^63, so the sum fits.
        row.payment = row.interest + row.principal;
        if (!checked_add(table.total_interest, row.interest, table.total_interest) ||
            !checked_add(table.total_payment, row.payment, table.total_payment)) {
            return make_error(Reason::OVERFLOW, "the total of the payments exceeds 2^64 - 1");
        }
        table.instalments.push_back(row);
    }
    return table;
}

std::string_view instalment_status_name(InstalmentStatus status) {
    switch (status) {
        case InstalmentStatus::future: return "future";
        case InstalmentStatus::due: return "due";
        case InstalmentStatus::late: return "late";
        case InstalmentStatus::paid: return "paid";
        case InstalmentStatus::defaulted: return "default";
    }
    return "unknown";
}

InstalmentStatus instalment_status(const Instalment& instalment, bool paid, bool defaulted, uint64_t now_ms) {
    if (paid) return InstalmentStatus::paid;
    if (defaulted) return InstalmentStatus::defaulted;
    if (now_ms < instalment.due_ms) return InstalmentStatus::future;
    const uint64_t end_of_due_day_ms = (instalment.due_ms / kMsPerDay + 1) * kMsPerDay;
    return now_ms < end_of_due_day_ms ? InstalmentStatus::due : InstalmentStatus::late;
}

Result<std::vector<InstalmentStatus>> instalment_statuses(const AmortizationTable& table,
                                                          std::span<const uint16_t> paid,
                                                          std::span<const uint16_t> defaulted, uint64_t now_ms) {
    const size_t n = table.instalments.size();
    std::vector<bool> is_paid(n, false);
    std::vector<bool> is_defaulted(n, false);
    auto mark = [n](std::span<const uint16_t> numbers, std::vector<bool>& flags) {
        for (uint16_t number : numbers) {
            if (number == 0 || number > n) return false;
            flags[number - 1] = true;
        }
        return true;
    };
    if (!mark(paid, is_paid) || !mark(defaulted, is_defaulted)) {
        return invalid("instalment numbers must be between 1 and " + std::to_string(n));
    }
    std::vector<InstalmentStatus> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        out.push_back(instalment_status(table.instalments[i], is_paid[i], is_defaulted[i], now_ms));
    }
    return out;
}

}  // namespace folio::contracts
