// The big integer under the annuity formula: checked against 128-bit arithmetic where that is exact, and against
// the division identity (q * d + r = a, r < d) with limb patterns that reach algorithm D's rare corrections.
#include <gtest/gtest.h>

#include <ostream>
#include <random>

#include "contracts/big_uint.h"
#include "tests/contracts/test_seed.h"

namespace folio::contracts {

// gtest's messages show the number, not its bytes (found by argument-dependent lookup, so outside the unnamed
// namespace).
void PrintTo(const BigUint& value, std::ostream* os) { *os << value.to_decimal(); }

namespace {

using u128 = unsigned __int128;

u128 random_u128(std::mt19937_64& rng) {
    // Mixed widths, so that one-limb, two-limb and four-limb operands all occur.
    const u128 v = (static_cast<u128>(rng()) << 64) | rng();
    return v >> (rng() % 128);
}

// Limbs drawn from the values where a long division's estimate goes wrong: all ones, a lone high bit, zero.
BigUint random_big(std::mt19937_64& rng, size_t max_limbs) {
    const size_t limbs = 1 + rng() % max_limbs;
    BigUint out;
    for (size_t i = 0; i < limbs; ++i) {
        uint32_t limb = 0;
        switch (rng() % 5) {
            case 0: limb = 0xffffffffu; break;
            case 1: limb = 0x80000000u; break;
            case 2: limb = 0; break;
            case 3: limb = 1; break;
            default: limb = static_cast<uint32_t>(rng()); break;
        }
        out *= uint64_t(1) << 32;
        out += BigUint(limb);
    }
    return out;
}

TEST(BigUint, DecimalDigitsOfPowers) {
    EXPECT_EQ(BigUint().to_decimal(), "0");
    EXPECT_EQ(BigUint(7).to_decimal(), "7");
    EXPECT_EQ(BigUint::power(2, 64).to_decimal(), "18446744073709551616");
    EXPECT_EQ(BigUint::power(10, 30).to_decimal(), "1000000000000000000000000000000");
    EXPECT_EQ(BigUint::power(10, 9).to_decimal(), "1000000000");
    EXPECT_EQ(BigUint::power(3, 0).to_decimal(), "1");
    EXPECT_EQ(BigUint::power(2, 300).bit_length(), 301u);
}

TEST(BigUint, PowersMatch128BitArithmetic) {
    for (uint32_t base : {2u, 3u, 10000u, 120700u, 125000u}) {
        u128 expected = 1;
        for (uint32_t e = 0; expected <= (~u128(0)) / base; ++e) {
            EXPECT_EQ(BigUint::power(base, e), BigUint::from_u128(expected)) << base << "^" << e;
            expected *= base;
        }
    }
}

TEST(BigUint, ArithmeticMatches128BitArithmetic) {
    std::mt19937_64 rng(test::test_seed("BigUint"));
    for (int i = 0; i < 20000; ++i) {
        const u128 a = random_u128(rng);
        const u128 b = random_u128(rng);
        const uint64_t small = rng() >> (rng() % 64);
        const BigUint big_a = BigUint::from_u128(a);
        const BigUint big_b = BigUint::from_u128(b);

        EXPECT_EQ((a < b), (big_a < big_b));
        EXPECT_EQ((a == b), (big_a == big_b));
        if (a <= ~b) {
            EXPECT_EQ(big_a + big_b, BigUint::from_u128(a + b));
        }
        if (small == 0 || a <= (~u128(0)) / small) {
            EXPECT_EQ(big_a * small, BigUint::from_u128(a * small));
        }
        const u128 a64 = static_cast<uint64_t>(a);
        const u128 b64 = static_cast<uint64_t>(b);
        EXPECT_EQ(BigUint::from_u128(a64) * BigUint::from_u128(b64), BigUint::from_u128(a64 * b64));

        BigUint diff = big_a;
        EXPECT_EQ(diff.subtract(big_b), a >= b);
        EXPECT_EQ(diff, a >= b ? BigUint::from_u128(a - b) : big_a);  // unchanged when refused

        if (b != 0) {
            BigUint q;
            BigUint r;
            ASSERT_TRUE(BigUint::divide(big_a, big_b, q, r));
            EXPECT_EQ(q, BigUint::from_u128(a / b)) << "a=" << big_a.to_decimal() << " b=" << big_b.to_decimal();
            EXPECT_EQ(r, BigUint::from_u128(a % b));
        }
        uint64_t out = 0;
        EXPECT_EQ(big_a.to_u64(out), (a >> 64) == 0);
        if ((a >> 64) == 0) {
            EXPECT_EQ(out, static_cast<uint64_t>(a));
        }
    }
}

TEST(BigUint, DivisionRecoversQuotientAndRemainderOfLargeOperands) {
    std::mt19937_64 rng(test::test_seed("BigUint"));
    for (int i = 0; i < 3000; ++i) {
        const BigUint divisor = random_big(rng, 12);
        if (divisor.is_zero()) continue;
        const BigUint quotient = random_big(rng, 12);
        BigUint remainder = random_big(rng, 12);
        BigUint ignored;
        ASSERT_TRUE(BigUint::divide(remainder, divisor, ignored, remainder));  // now below the divisor
        const BigUint dividend = quotient * divisor + remainder;

        BigUint q;
        BigUint r;
        ASSERT_TRUE(BigUint::divide(dividend, divisor, q, r));
        EXPECT_EQ(q, quotient) << "dividend " << dividend.to_decimal() << " divisor " << divisor.to_decimal();
        EXPECT_EQ(r, remainder);
        EXPECT_LT(r, divisor);
    }
}

// A divisor with its high bit set and a dividend whose estimated quotient limb survives the two-limb
// correction: the add-back step of the long division must fix it.
TEST(BigUint, DivisionCorrectsAnEstimateThatIsOneTooLarge) {
    auto from_limbs = [](std::initializer_list<uint32_t> high_to_low) {
        BigUint out;
        for (uint32_t limb : high_to_low) {
            out *= uint64_t(1) << 32;
            out += BigUint(limb);
        }
        return out;
    };
    const BigUint dividend = from_limbs({0x7fffffff, 0x80000000, 0, 0});
    const BigUint divisor = from_limbs({0x80000000, 0, 1});
    BigUint q;
    BigUint r;
    ASSERT_TRUE(BigUint::divide(dividend, divisor, q, r));
    EXPECT_EQ(q, BigUint(0xfffffffeu));
    EXPECT_LT(r, divisor);
    EXPECT_EQ(q * divisor + r, dividend);
}

TEST(BigUint, ProductIsCommutativeAndDistributesOverSum) {
    std::mt19937_64 rng(test::test_seed("BigUint"));
    for (int i = 0; i < 500; ++i) {
        const BigUint a = random_big(rng, 40);
        const BigUint b = random_big(rng, 40);
        const BigUint c = random_big(rng, 40);
        EXPECT_EQ(a * b, b * a);
        EXPECT_EQ(a * (b + c), a * b + a * c);
        BigUint back = a * b + c;
        ASSERT_TRUE(back.subtract(a * b));
        EXPECT_EQ(back, c);
    }
}

TEST(BigUint, SubtractionBelowZeroIsRefusedAndChangesNothing) {
    BigUint small(5);
    EXPECT_FALSE(small.subtract(BigUint::power(2, 200)));
    EXPECT_EQ(small, BigUint(5));
    BigUint big = BigUint::power(2, 200);
    ASSERT_TRUE(big.subtract(big));
    EXPECT_TRUE(big.is_zero());
}

TEST(BigUint, DivisionByZeroIsRefusedAndChangesNothing) {
    BigUint q(1);
    BigUint r(2);
    EXPECT_FALSE(BigUint::divide(BigUint(10), BigUint(), q, r));
    EXPECT_EQ(q, BigUint(1));
    EXPECT_EQ(r, BigUint(2));
}

}  // namespace
}  // namespace folio::contracts
