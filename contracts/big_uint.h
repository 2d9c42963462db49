// A small unsigned integer of any size, for the few computations whose intermediate values do not fit in 128
// bits: an annuity's Bⁿ for n up to 360 has a few thousand bits. Exact, deterministic, no allocation beyond the
// limbs themselves, and no operation that can fail silently: subtraction below zero and division by zero are
// refused through their return value, never wrapped or asserted.
//
// Values are kept normalized (no zero high limbs), so two equal values have equal limbs and compare by value.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace folio::contracts {

class BigUint {
public:
    BigUint() = default;  // zero
    explicit BigUint(uint64_t value);
    // From a 128-bit value (what the exact products of two 64-bit amounts need).
    static BigUint from_u128(unsigned __int128 value);
    // base^exponent, by repeated multiplication (exponents here are instalment counts, a few hundred at most).
    static BigUint power(uint32_t base, uint32_t exponent);

    bool is_zero() const { return limbs_.empty(); }
    // Number of significant bits; 0 for zero.
    size_t bit_length() const;
    // True and the value when it fits in 64 bits; false (out unchanged) otherwise.
    bool to_u64(uint64_t& out) const;
    // Decimal digits, for test messages and diagnostics.
    std::string to_decimal() const;

    BigUint& operator+=(const BigUint& other);
    BigUint& operator*=(uint64_t factor);
    friend BigUint operator+(BigUint a, const BigUint& b) { return a += b; }
    friend BigUint operator*(BigUint a, uint64_t b) { return a *= b; }
    friend BigUint operator*(const BigUint& a, const BigUint& b);

    // *this -= other; false (and *this unchanged) when other > *this.
    [[nodiscard]] bool subtract(const BigUint& other);
    // Quotient and remainder of dividend / divisor; false (outputs unchanged) when divisor is zero.
    [[nodiscard]] static bool divide(const BigUint& dividend, const BigUint& divisor, BigUint& quotient,
                                     BigUint& remainder);

    friend std::strong_ordering operator<=>(const BigUint& a, const BigUint& b);
    friend bool operator==(const BigUint& a, const BigUint& b) = default;

private:
    void trim();
    std::vector<uint32_t> limbs_;  // little-endian base 2^32
};

}  // namespace folio::contracts
