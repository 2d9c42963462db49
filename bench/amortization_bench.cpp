// Micro-benchmark of the instruments' arithmetic: amortization tables of 360 monthly instalments (the exact
// big-integer annuity and the 360 rows) and pro rata pages over many holders. Prints one JSON line.
//
//   amortization_bench [--tables N] [--holders H] [--limit L]
//
// Fixed terms and holders, so two runs do the same work; times are this thread's CPU time (on a shared machine
// wall time also counts the wait for a core).
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "contracts/amortization.h"
#include "contracts/pro_rata.h"

namespace {

using namespace folio;
using namespace folio::contracts;

double thread_cpu_s() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

uint64_t flag(int argc, char** argv, const char* name, uint64_t fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0) return std::strtoull(argv[i + 1], nullptr, 10);
    }
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const uint64_t tables = flag(argc, argv, "--tables", 2000);
    const uint64_t holder_count = flag(argc, argv, "--holders", 100000);
    const uint64_t limit = flag(argc, argv, "--limit", 1000);

    AmortizationTerms terms;
    terms.principal = 1'000'000'000'000'000;  // 10^15, the largest principal of the property tests
    terms.rate_bps = 700;
    terms.schedule = AmortizationSchedule::annuity;
    terms.period_months = 1;
    terms.instalments = 360;
    terms.first_due_ms = 1'800'000'000'000;
    Amount checksum = 0;
    const double table_start = thread_cpu_s();
    for (uint64_t i = 0; i < tables; ++i) {
        terms.rate_bps = 700 + static_cast<uint32_t>(i % 100);  // not one table computed again and again
        auto table = amortization_table(terms);
        if (!table) {
            std::fprintf(stderr, "amortization_table: %s\n", table.error().message.c_str());
            return 1;
        }
        checksum += table->total_interest;
    }
    const double table_s = thread_cpu_s() - table_start;

    std::vector<ProRataHolder> holders(holder_count);
    uint64_t all_units = 0;
    for (uint64_t i = 0; i < holder_count; ++i) {
        for (int b = 0; b < 8; ++b) holders[i].account[b] = static_cast<uint8_t>(i >> (56 - 8 * b));
        holders[i].units = 1 + (i * 7919) % 1000;
        all_units += holders[i].units;
    }
    const std::vector<Amount> totals = {123'456'789'012, 9'876'543'210};  // a coupon: interest and principal
    const HolderSource source = holders_from_span(holders);
    ProRataCursor cursor = pro_rata_start(totals.size());
    uint64_t pages = 0;
    Amount paid = 0;
    const double pro_rata_start_s = thread_cpu_s();
    for (bool done = false; !done; ++pages) {
        auto page = pro_rata_page(totals, all_units, cursor, limit, source);
        if (!page) {
            std::fprintf(stderr, "pro_rata_page: %s\n", page.error().message.c_str());
            return 1;
        }
        for (const auto& p : page->payments) paid += p.amounts[0];
        cursor = page->next;
        done = page->done;
    }
    const double pro_rata_s = thread_cpu_s() - pro_rata_start_s;
    if (paid != totals[0]) {
        std::fprintf(stderr, "pro rata paid %llu of %llu\n", static_cast<unsigned long long>(paid),
                     static_cast<unsigned long long>(totals[0]));
        return 1;
    }

    std::printf("{\"instalments\":360,\"tables\":%llu,\"tables_per_s\":%.0f,\"holders\":%llu,\"limit\":%llu,"
                "\"pages\":%llu,\"holders_per_s\":%.0f,\"checksum\":%llu}\n",
                static_cast<unsigned long long>(tables), double(tables) / table_s,
                static_cast<unsigned long long>(holder_count), static_cast<unsigned long long>(limit),
                static_cast<unsigned long long>(pages), double(holder_count) / pro_rata_s,
                static_cast<unsigned long long>(checksum));
    return 0;
}
