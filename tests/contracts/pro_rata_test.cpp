// Pro rata pages: exact totals and the one-unit bound for random holder sets, the same payments whatever the
// page size, the cursor's encoding, and every refusal of bad arguments, bad cursors and bad holder sources.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "contracts/pro_rata.h"
#include "tests/contracts/test_seed.h"

namespace folio::contracts {
namespace {

using u128 = unsigned __int128;

AccountId account(uint64_t n) {
    AccountId id{};
    for (int i = 0; i < 8; ++i) id[i] = static_cast<uint8_t>(n >> (56 - 8 * i));  // big-endian: sorts as n
    id[31] = 0x5a;
    return id;
}

std::vector<ProRataHolder> random_holders(std::mt19937_64& rng, size_t count, uint64_t max_units) {
    std::vector<ProRataHolder> holders;
    uint64_t next = rng() % 1000;
    for (size_t i = 0; i < count; ++i) {
        next += 1 + rng() % 1000;
        // Mostly positive, of every magnitude, with some zero-unit holders among them.
        const uint64_t units = rng() % 10 == 0 ? 0 : 1 + rng() % std::max<uint64_t>(1, max_units >> (rng() % 40));
        holders.push_back({account(next), units});
    }
    return holders;
}

uint64_t units_of(const std::vector<ProRataHolder>& holders) {
    uint64_t all = 0;
    for (const auto& h : holders) all += h.units;
    return all;
}

// Pays the whole distribution in pages of `limit`, carrying the cursor through its encoding as the state does.
std::vector<ProRataPayment> pay_all(std::span<const Amount> totals, uint64_t all_units,
                                    const std::vector<ProRataHolder>& holders, size_t limit, size_t* pages = nullptr) {
    const HolderSource source = holders_from_span(holders);
    ProRataCursor cursor = pro_rata_start(totals.size());
    std::vector<ProRataPayment> out;
    for (size_t page_count = 1;; ++page_count) {
        auto page = pro_rata_page(totals, all_units, cursor, limit, source);
        EXPECT_TRUE(page) << page.error().message;
        if (!page) return out;
        EXPECT_LE(page->holders_read, limit);
        out.insert(out.end(), page->payments.begin(), page->payments.end());
        auto decoded = ProRataCursor::decode(page->next.encode());
        EXPECT_TRUE(decoded);
        if (!decoded) return out;
        EXPECT_EQ(*decoded, page->next);
        cursor = *decoded;
        if (page->done) {
            if (pages) *pages = page_count;
            return out;
        }
        EXPECT_LT(page_count, holders.size() + 2) << "paging does not end";
        if (page_count > holders.size() + 2) return out;
    }
}

bool same_payments(const std::vector<ProRataPayment>& a, const std::vector<ProRataPayment>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].account != b[i].account || a[i].units != b[i].units || a[i].amounts != b[i].amounts) return false;
    }
    return true;
}

// Each amount is within one unit of the exact share total * units / all_units, and the amounts add up to total.
void expect_exact_and_fair(const std::vector<Amount>& totals, uint64_t all_units,
                           const std::vector<ProRataPayment>& payments) {
    for (size_t part = 0; part < totals.size(); ++part) {
        u128 sum = 0;
        for (const auto& p : payments) {
            const u128 paid_scaled = static_cast<u128>(p.amounts[part]) * all_units;
            const u128 share_scaled = static_cast<u128>(totals[part]) * p.units;
            // |amount - share| < 1, scaled by all_units; the 128-bit products cannot overflow with these bounds
            // as long as sums stay below 2^128, which they do for all_units < 2^64.
            EXPECT_LT(paid_scaled, share_scaled + all_units);
            EXPECT_LT(share_scaled, paid_scaled + all_units);
            sum += p.amounts[part];
        }
        EXPECT_EQ(sum, totals[part]);
    }
}

TEST(ProRata, RandomDistributionsPayExactlyTheTotalAndEachHolderItsShare) {
    std::mt19937_64 rng(test::test_seed("ProRata"));
    for (int iteration = 0; iteration < 300; ++iteration) {
        const auto holders = random_holders(rng, 1 + rng() % 300, uint64_t(1) << (rng() % 50));
        const uint64_t all_units = units_of(holders);
        if (all_units == 0) continue;
        std::vector<Amount> totals(1 + rng() % kMaxProRataParts);
        for (auto& t : totals) t = rng() >> (rng() % 64);
        const auto payments = pay_all(totals, all_units, holders, holders.size());
        size_t with_units = 0;
        for (const auto& h : holders) with_units += h.units != 0 ? 1 : 0;
        ASSERT_EQ(payments.size(), with_units);
        expect_exact_and_fair(totals, all_units, payments);
    }
}

TEST(ProRata, PagesOfOneSevenAndAllGiveTheSamePayments) {
    std::mt19937_64 rng(test::test_seed("ProRata"));
    for (int iteration = 0; iteration < 50; ++iteration) {
        const auto holders = random_holders(rng, 1 + rng() % 200, 1'000'000);
        const uint64_t all_units = units_of(holders);
        if (all_units == 0) continue;
        const std::vector<Amount> totals = {rng() % 10'000'000, rng() % 1000};
        size_t pages_of_one = 0;
        size_t pages_of_seven = 0;
        const auto all = pay_all(totals, all_units, holders, holders.size());
        const auto by_one = pay_all(totals, all_units, holders, 1, &pages_of_one);
        const auto by_seven = pay_all(totals, all_units, holders, 7, &pages_of_seven);
        EXPECT_TRUE(same_payments(all, by_one));
        EXPECT_TRUE(same_payments(all, by_seven));
        // Paging stops at the holder that completes the units: never more pages than holders.
        EXPECT_LE(pages_of_one, holders.size());
        EXPECT_LE(pages_of_seven, (holders.size() + 6) / 7);
    }
}

TEST(ProRata, WorkedExampleOfThreeHolders) {
    // 100.00 among holders of 1, 1 and 1 units: 33.33, 33.33, 33.34 (cumulative floors 3333, 6666, 10000).
    const std::vector<ProRataHolder> holders = {{account(1), 1}, {account(2), 1}, {account(3), 1}};
    const std::vector<Amount> totals = {10000};
    const auto payments = pay_all(totals, 3, holders, 10);
    ASSERT_EQ(payments.size(), 3u);
    EXPECT_EQ(payments[0].amounts[0], 3333u);
    EXPECT_EQ(payments[1].amounts[0], 3333u);
    EXPECT_EQ(payments[2].amounts[0], 3334u);
}

TEST(ProRata, CouponWorkedExampleSplitsInterestAndPrincipal) {
    // Instalment 1 of the annuity example (58.33 interest, 806.94 principal) over 100 bonds held 33 / 33 / 34.
    const std::vector<ProRataHolder> holders = {{account(1), 33}, {account(2), 33}, {account(3), 34}};
    const std::vector<Amount> totals = {5833, 80694};
    const auto payments = pay_all(totals, 100, holders, 2);
    ASSERT_EQ(payments.size(), 3u);
    EXPECT_EQ(payments[0].amounts, (std::vector<Amount>{1924, 26629}));
    EXPECT_EQ(payments[1].amounts, (std::vector<Amount>{1925, 26629}));
    EXPECT_EQ(payments[2].amounts, (std::vector<Amount>{1984, 27436}));
}

TEST(ProRata, ZeroUnitHoldersAreReadButNotPaid) {
    const std::vector<ProRataHolder> holders = {
        {account(1), 0}, {account(2), 10}, {account(3), 0}, {account(4), 0}, {account(5), 30}};
    const std::vector<Amount> totals = {1000};
    auto page = pro_rata_page(totals, 40, pro_rata_start(1), 3, holders_from_span(holders));
    ASSERT_TRUE(page) << page.error().message;
    EXPECT_EQ(page->holders_read, 3u);  // the limit bounds the holders read, paid or not
    ASSERT_EQ(page->payments.size(), 1u);
    EXPECT_EQ(page->payments[0].account, account(2));
    EXPECT_EQ(page->payments[0].amounts[0], 250u);
    EXPECT_FALSE(page->done);
    EXPECT_EQ(page->next.last_account, account(3));

    auto rest = pro_rata_page(totals, 40, page->next, 3, holders_from_span(holders));
    ASSERT_TRUE(rest) << rest.error().message;
    EXPECT_TRUE(rest->done);
    ASSERT_EQ(rest->payments.size(), 1u);
    EXPECT_EQ(rest->payments[0].account, account(5));
    EXPECT_EQ(rest->payments[0].amounts[0], 750u);
}

TEST(ProRata, ZeroTotalPaysNothingToEveryHolder) {
    const std::vector<ProRataHolder> holders = {{account(1), 5}, {account(2), 7}};
    const std::vector<Amount> totals = {0};
    const auto payments = pay_all(totals, 12, holders, 1);
    ASSERT_EQ(payments.size(), 2u);
    EXPECT_EQ(payments[0].amounts[0], 0u);
    EXPECT_EQ(payments[1].amounts[0], 0u);
}

TEST(ProRata, NoUnitsIsRefused) {
    const std::vector<ProRataHolder> holders = {{account(1), 0}};
    const std::vector<Amount> totals = {100};
    EXPECT_EQ(pro_rata_page(totals, 0, pro_rata_start(1), 10, holders_from_span(holders)).reason(),
              Reason::INVALID_ARGUMENT);
}

TEST(ProRata, BadTotalsAndLimitsAreRefused) {
    const std::vector<ProRataHolder> holders = {{account(1), 1}};
    const auto source = holders_from_span(holders);
    const std::vector<Amount> none;
    const std::vector<Amount> five(5, 1);
    const std::vector<Amount> one = {1};
    EXPECT_EQ(pro_rata_page(none, 1, pro_rata_start(0), 10, source).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(pro_rata_page(five, 1, pro_rata_start(5), 10, source).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(pro_rata_page(one, 1, pro_rata_start(1), 0, source).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(pro_rata_page(one, 1, pro_rata_start(1), kMaxProRataPageHolders + 1, source).reason(),
              Reason::INVALID_ARGUMENT);
    EXPECT_TRUE(pro_rata_page(one, 1, pro_rata_start(1), kMaxProRataPageHolders, source));
}

TEST(ProRata, CursorsThatDoNotFitTheDistributionAreRefused) {
    const std::vector<ProRataHolder> holders = {{account(1), 3}, {account(2), 4}};
    const auto source = holders_from_span(holders);
    const std::vector<Amount> totals = {700};
    auto first = pro_rata_page(totals, 7, pro_rata_start(1), 1, source);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->next.paid, std::vector<Amount>{300});

    auto tampered = first->next;
    tampered.paid[0] = 299;
    EXPECT_EQ(pro_rata_page(totals, 7, tampered, 1, source).reason(), Reason::INVALID_ARGUMENT);
    tampered = first->next;
    tampered.paid.push_back(0);
    EXPECT_EQ(pro_rata_page(totals, 7, tampered, 1, source).reason(), Reason::INVALID_ARGUMENT);
    tampered = first->next;
    tampered.cumulative_units = 8;
    EXPECT_EQ(pro_rata_page(totals, 7, tampered, 1, source).reason(), Reason::INVALID_ARGUMENT);
    tampered = pro_rata_start(1);
    tampered.cumulative_units = 3;
    tampered.paid[0] = 300;
    EXPECT_EQ(pro_rata_page(totals, 7, tampered, 1, source).reason(), Reason::INVALID_ARGUMENT);
    // The same cursor with other totals is another distribution's.
    const std::vector<Amount> other = {800};
    EXPECT_EQ(pro_rata_page(other, 7, first->next, 1, source).reason(), Reason::INVALID_ARGUMENT);
}

TEST(ProRata, AFinishedDistributionGivesAnEmptyPage) {
    const std::vector<ProRataHolder> holders = {{account(1), 3}};
    const std::vector<Amount> totals = {10};
    auto page = pro_rata_page(totals, 3, pro_rata_start(1), 5, holders_from_span(holders));
    ASSERT_TRUE(page);
    ASSERT_TRUE(page->done);
    bool source_called = false;
    const HolderSource counting = [&](const std::optional<AccountId>&, size_t, std::vector<ProRataHolder>&) {
        source_called = true;
        return Status();
    };
    auto again = pro_rata_page(totals, 3, page->next, 5, counting);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->done);
    EXPECT_TRUE(again->payments.empty());
    EXPECT_EQ(again->next, page->next);
    EXPECT_FALSE(source_called);
}

TEST(ProRata, HolderSourcesThatBreakTheirContractAreRefused) {
    const std::vector<Amount> totals = {100};
    auto refused = [&](std::vector<ProRataHolder> holders, uint64_t all_units, size_t limit, const char* what) {
        const HolderSource raw = [holders](const std::optional<AccountId>&, size_t, std::vector<ProRataHolder>& out) {
            out = holders;
            return Status();
        };
        EXPECT_EQ(pro_rata_page(totals, all_units, pro_rata_start(1), limit, raw).reason(),
                  Reason::INVALID_ARGUMENT)
            << what;
    };
    refused({{account(2), 1}, {account(1), 1}}, 2, 10, "out of order");
    refused({{account(1), 1}, {account(1), 1}}, 2, 10, "the same account twice");
    refused({{account(1), 1}, {account(2), 1}, {account(3), 1}}, 3, 2, "more holders than the limit");
    refused({{account(1), 2}, {account(2), 2}}, 3, 10, "more units than all_units");
    refused({{account(1), 3}, {account(2), 1}}, 3, 10, "units after all_units are counted");
    refused({{account(1), 1}}, 3, 10, "exhausted before all_units");

    // A holder at or before the cursor's account.
    const std::vector<ProRataHolder> holders = {{account(1), 1}, {account(2), 1}};
    auto first = pro_rata_page(totals, 2, pro_rata_start(1), 1, holders_from_span(holders));
    ASSERT_TRUE(first);
    const HolderSource replays = [&](const std::optional<AccountId>&, size_t, std::vector<ProRataHolder>& out) {
        out = {holders[0]};
        return Status();
    };
    EXPECT_EQ(pro_rata_page(totals, 2, first->next, 1, replays).reason(), Reason::INVALID_ARGUMENT);

    // The source's own failure is passed on as it is.
    const HolderSource failing = [](const std::optional<AccountId>&, size_t, std::vector<ProRataHolder>&) {
        return Status(make_error(Reason::IO_ERROR, "read failed"));
    };
    EXPECT_EQ(pro_rata_page(totals, 2, pro_rata_start(1), 1, failing).reason(), Reason::IO_ERROR);
}

TEST(ProRata, HugeTotalsAndUnitsAreExact) {
    const Amount max = UINT64_MAX;
    const std::vector<ProRataHolder> holders = {
        {account(1), 1}, {account(2), max / 3}, {account(3), max / 3}, {account(4), max - 1 - 2 * (max / 3)}};
    const std::vector<Amount> totals = {max, max - 1, 1};
    const auto payments = pay_all(totals, max, holders, 2);
    ASSERT_EQ(payments.size(), 4u);
    expect_exact_and_fair(totals, max, payments);
    // One unit of 2^64 - 1 gets exactly one unit of 2^64 - 1.
    EXPECT_EQ(payments[0].amounts[0], 1u);

    // One holder of everything receives everything.
    const std::vector<ProRataHolder> single = {{account(9), max}};
    const auto all = pay_all(totals, max, single, 1);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].amounts, (std::vector<Amount>{max, max - 1, 1}));
}

TEST(ProRata, CursorEncodingRoundTrips) {
    ProRataCursor cursor = pro_rata_start(2);
    auto back = ProRataCursor::decode(cursor.encode());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, cursor);
    EXPECT_EQ(cursor.encode(), (Bytes{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));

    cursor.last_account = account(77);
    cursor.cumulative_units = UINT64_MAX;
    cursor.paid = {UINT64_MAX, 0, 5, 6};
    back = ProRataCursor::decode(cursor.encode());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, cursor);
}

TEST(ProRata, DamagedCursorBytesAreRefused) {
    ProRataCursor cursor;
    cursor.last_account = account(3);
    cursor.cumulative_units = 12;
    cursor.paid = {40, 2};
    const Bytes good = cursor.encode();

    for (size_t len = 0; len < good.size(); ++len) {
        EXPECT_EQ(ProRataCursor::decode(ByteView(good.data(), len)).reason(), Reason::DECODE_ERROR) << len;
    }
    Bytes trailing = good;
    trailing.push_back(0);
    EXPECT_EQ(ProRataCursor::decode(trailing).reason(), Reason::DECODE_ERROR);

    auto with = [&](size_t offset, uint8_t value) {
        Bytes b = good;
        b[offset] = value;
        return b;
    };
    const size_t parts_offset = 1 + 1 + 32 + 8;
    EXPECT_EQ(ProRataCursor::decode(with(0, 2)).reason(), Reason::DECODE_ERROR);   // version
    EXPECT_EQ(ProRataCursor::decode(with(1, 2)).reason(), Reason::DECODE_ERROR);   // started is a boolean
    EXPECT_EQ(ProRataCursor::decode(with(parts_offset, 0)).reason(), Reason::DECODE_ERROR);  // no total
    EXPECT_EQ(ProRataCursor::decode(with(parts_offset, 5)).reason(), Reason::DECODE_ERROR);  // too many
    // A non-minimal varint for the part count.
    Bytes padded(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(parts_offset));
    padded.push_back(0x82);
    padded.push_back(0x00);
    padded.insert(padded.end(), good.begin() + static_cast<std::ptrdiff_t>(parts_offset) + 1, good.end());
    EXPECT_EQ(ProRataCursor::decode(padded).reason(), Reason::DECODE_ERROR);

    // A cursor that has not started but claims units or payments.
    ProRataCursor unstarted = pro_rata_start(1);
    Bytes claims = unstarted.encode();
    claims[2] = 1;  // cumulative_units = 1
    EXPECT_EQ(ProRataCursor::decode(claims).reason(), Reason::DECODE_ERROR);
    claims = unstarted.encode();
    claims.back() = 1;  // paid = 2^56
    EXPECT_EQ(ProRataCursor::decode(claims).reason(), Reason::DECODE_ERROR);

    // Any other single-byte change either is refused or is another cursor with its own canonical bytes.
    for (size_t i = 0; i < good.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            Bytes b = good;
            b[i] ^= static_cast<uint8_t>(1u << bit);
            auto decoded = ProRataCursor::decode(b);
            if (decoded) {
                EXPECT_EQ(decoded->encode(), b) << "offset " << i << " bit " << bit;
            }
        }
    }
}

}  // namespace
}  // namespace folio::contracts
