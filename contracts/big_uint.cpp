#include "contracts/big_uint.h"

#include <algorithm>
#include <bit>

namespace folio::contracts {
namespace {

constexpr uint64_t kLimbBase = uint64_t(1) << 32;

// Divides the limbs in place by one non-zero limb and returns the remainder.
uint32_t divide_by_limb(std::vector<uint32_t>& limbs, uint32_t divisor) {
    uint64_t remainder = 0;
    for (size_t i = limbs.size(); i-- > 0;) {
        const uint64_t current = (remainder << 32) | limbs[i];
        limbs[i] = static_cast<uint32_t>(current / divisor);
        remainder = current % divisor;
    }
    return static_cast<uint32_t>(remainder);
}

// The limbs shifted left by 0..31 bits, written into out_size limbs (enough to hold the carry when the caller
// asks for one more limb than the input has).
std::vector<uint32_t> shift_left(const std::vector<uint32_t>& limbs, unsigned shift, size_t out_size) {
    std::vector<uint32_t> out(out_size, 0);
    uint64_t carry = 0;
    for (size_t i = 0; i < limbs.size(); ++i) {
        const uint64_t wide = (uint64_t(limbs[i]) << shift) | carry;
        out[i] = static_cast<uint32_t>(wide);
        carry = wide >> 32;
    }
    if (limbs.size() < out_size) out[limbs.size()] = static_cast<uint32_t>(carry);
    return out;
}

}  // namespace

BigUint::BigUint(uint64_t value) {
    if (value != 0) limbs_.push_back(static_cast<uint32_t>(value));
    if ((value >> 32) != 0) limbs_.push_back(static_cast<uint32_t>(value >> 32));
}

BigUint BigUint::from_u128(unsigned __int128 value) {
    BigUint out;
    while (value != 0) {
        out.limbs_.push_back(static_cast<uint32_t>(value));
        value >>= 32;
    }
    return out;
}

BigUint BigUint::power(uint32_t base, uint32_t exponent) {
    BigUint out(1);
    for (uint32_t i = 0; i < exponent; ++i) out *= base;
    return out;
}

void BigUint::trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

size_t BigUint::bit_length() const {
    if (limbs_.empty()) return 0;
    return (limbs_.size() - 1) * 32 + (32 - static_cast<size_t>(std::countl_zero(limbs_.back())));
}

bool BigUint::to_u64(uint64_t& out) const {
    if (limbs_.size() > 2) return false;
    uint64_t value = 0;
    for (size_t i = limbs_.size(); i-- > 0;) value = (value << 32) | limbs_[i];
    out = value;
    return true;
}

std::string BigUint::to_decimal() const {
    if (limbs_.empty()) return "0";
    constexpr uint32_t kChunk = 1000000000;  // nine decimal digits per division
    std::vector<uint32_t> rest = limbs_;
    std::string reversed;
    while (!rest.empty()) {
        uint32_t chunk = divide_by_limb(rest, kChunk);
        while (!rest.empty() && rest.back() == 0) rest.pop_back();
        for (int digit = 0; digit < 9 && (chunk != 0 || !rest.empty()); ++digit) {
            reversed.push_back(static_cast<char>('0' + chunk % 10));
            chunk /= 10;
        }
    }
    return std::string(reversed.rbegin(), reversed.rend());
}

BigUint& BigUint::operator+=(const BigUint& other) {
    if (other.limbs_.size() > limbs_.size()) limbs_.resize(other.limbs_.size(), 0);
    uint64_t carry = 0;
    for (size_t i = 0; i < limbs_.size(); ++i) {
        const uint64_t sum = uint64_t(limbs_[i]) + (i < other.limbs_.size() ? other.limbs_[i] : 0) + carry;
        limbs_[i] = static_cast<uint32_t>(sum);
        carry = sum >> 32;
        if (carry == 0 && i >= other.limbs_.size()) break;
    }
    if (carry != 0) limbs_.push_back(static_cast<uint32_t>(carry));
    return *this;
}

BigUint& BigUint::operator*=(uint64_t factor) {
    if (factor == 0) {
        limbs_.clear();
        return *this;
    }
    // limb * factor + carry < 2^32 * 2^64, so the carry out of each limb stays below 2^64.
    uint64_t carry = 0;
    for (auto& limb : limbs_) {
        const unsigned __int128 product = static_cast<unsigned __int128>(limb) * factor + carry;
        limb = static_cast<uint32_t>(product);
        carry = static_cast<uint64_t>(product >> 32);
    }
    while (carry != 0) {
        limbs_.push_back(static_cast<uint32_t>(carry));
        carry >>= 32;
    }
    return *this;
}

BigUint operator*(const BigUint& a, const BigUint& b) {
    BigUint out;
    if (a.is_zero() || b.is_zero()) return out;
    out.limbs_.assign(a.limbs_.size() + b.limbs_.size(), 0);
    for (size_t i = 0; i < a.limbs_.size(); ++i) {
        uint64_t carry = 0;
        for (size_t j = 0; j < b.limbs_.size(); ++j) {
            // (2^32-1)^2 + 2 * (2^32-1) = 2^64 - 1: the accumulator cannot overflow.
            const uint64_t t = uint64_t(a.limbs_[i]) * b.limbs_[j] + out.limbs_[i + j] + carry;
            out.limbs_[i + j] = static_cast<uint32_t>(t);
            carry = t >> 32;
        }
        out.limbs_[i + b.limbs_.size()] = static_cast<uint32_t>(carry);
    }
    out.trim();
    return out;
}

bool BigUint::subtract(const BigUint& other) {
    if (*this < other) return false;
    uint64_t borrow = 0;
    for (size_t i = 0; i < limbs_.size(); ++i) {
        const uint64_t diff = uint64_t(limbs_[i]) - (i < other.limbs_.size() ? other.limbs_[i] : 0) - borrow;
        limbs_[i] = static_cast<uint32_t>(diff);
        borrow = diff >> 63;  // the difference of two limbs and a borrow is negative iff it wrapped
        if (borrow == 0 && i >= other.limbs_.size()) break;
    }
    trim();
    return true;
}

// Long division in base 2^32 (Knuth, TAOCP vol. 2, 4.3.1, algorithm D): both operands are first shifted so the
// divisor's top limb has its high bit set, which makes each estimated quotient limb at most two too large; the
// estimate is corrected against the next divisor limb, and a final add-back covers the rare remaining case.
bool BigUint::divide(const BigUint& dividend, const BigUint& divisor, BigUint& quotient, BigUint& remainder) {
    if (divisor.is_zero()) return false;
    if (dividend < divisor) {
        remainder = dividend;
        quotient = BigUint();
        return true;
    }
    if (divisor.limbs_.size() == 1) {
        BigUint q = dividend;
        const uint32_t r = divide_by_limb(q.limbs_, divisor.limbs_[0]);
        q.trim();
        quotient = std::move(q);
        remainder = BigUint(r);
        return true;
    }

    const size_t n = divisor.limbs_.size();
    const size_t m = dividend.limbs_.size() - n;
    const auto shift = static_cast<unsigned>(std::countl_zero(divisor.limbs_.back()));
    const std::vector<uint32_t> v = shift_left(divisor.limbs_, shift, n);
    std::vector<uint32_t> u = shift_left(dividend.limbs_, shift, dividend.limbs_.size() + 1);
    const uint64_t v_top = v[n - 1];
    const uint64_t v_next = v[n - 2];

    BigUint q;
    q.limbs_.assign(m + 1, 0);
    for (size_t j = m + 1; j-- > 0;) {
        const uint64_t top = (uint64_t(u[j + n]) << 32) | u[j + n - 1];
        uint64_t q_hat = top / v_top;
        uint64_t r_hat = top % v_top;
        // q_hat < 2^32 before the product is formed, so q_hat * v_next fits in 64 bits.
        while (q_hat >= kLimbBase || q_hat * v_next > ((r_hat << 32) | u[j + n - 2])) {
            --q_hat;
            r_hat += v_top;
            if (r_hat >= kLimbBase) break;
        }

        // u[j .. j+n] -= q_hat * v
        uint64_t product_carry = 0;
        uint64_t borrow = 0;
        for (size_t i = 0; i < n; ++i) {
            const uint64_t product = q_hat * v[i] + product_carry;
            product_carry = product >> 32;
            const uint64_t diff = uint64_t(u[i + j]) - (product & 0xffffffffu) - borrow;
            u[i + j] = static_cast<uint32_t>(diff);
            borrow = diff >> 63;
        }
        const uint64_t diff = uint64_t(u[j + n]) - product_carry - borrow;
        u[j + n] = static_cast<uint32_t>(diff);

        if ((diff >> 63) != 0) {  // q_hat was one too large: add the divisor back
            --q_hat;
            uint64_t carry = 0;
            for (size_t i = 0; i < n; ++i) {
                const uint64_t sum = uint64_t(u[i + j]) + v[i] + carry;
                u[i + j] = static_cast<uint32_t>(sum);
                carry = sum >> 32;
            }
            u[j + n] = static_cast<uint32_t>(uint64_t(u[j + n]) + carry);
        }
        q.limbs_[j] = static_cast<uint32_t>(q_hat);
    }

    BigUint r;
    r.limbs_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const uint64_t high = i + 1 < n ? uint64_t(u[i + 1]) << (32 - shift) : 0;
        r.limbs_[i] = static_cast<uint32_t>((u[i] >> shift) | high);
    }
    q.trim();
    r.trim();
    quotient = std::move(q);
    remainder = std::move(r);
    return true;
}

std::strong_ordering operator<=>(const BigUint& a, const BigUint& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() <=> b.limbs_.size();
    for (size_t i = a.limbs_.size(); i-- > 0;) {
        if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] <=> b.limbs_[i];
    }
    return std::strong_ordering::equal;
}

}  // namespace folio::contracts
