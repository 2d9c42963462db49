#include "chain/crypto/ed25519.h"

#include <openssl/bn.h>

#include <memory>

namespace folio::crypto {
namespace {

struct BnDeleter {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
struct CtxDeleter {
    void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

Bn bn() {
    return Bn(BN_new());
}

}  // namespace

bool is_valid_ed25519_pubkey(const std::array<uint8_t, 32>& key) {
    std::array<uint8_t, 32> y_le = key;
    const bool x_sign = (y_le[31] & 0x80) != 0;
    y_le[31] &= 0x7f;
    std::unique_ptr<BN_CTX, CtxDeleter> ctx(BN_CTX_new());
    Bn p = bn(), y = bn(), d = bn(), y2 = bn(), u = bn(), v = bn(), t = bn(), e = bn(), one = bn();
    if (!ctx || !p || !y || !d || !y2 || !u || !v || !t || !e || !one) return false;
    // p = 2^255 - 19; d = -121665 / 121666 mod p.
    bool ok = BN_set_word(one.get(), 1) && BN_lshift(p.get(), one.get(), 255) && BN_sub_word(p.get(), 19) &&
              BN_lebin2bn(y_le.data(), static_cast<int>(y_le.size()), y.get()) != nullptr;
    if (!ok || BN_cmp(y.get(), p.get()) >= 0) return false;
    ok = BN_set_word(t.get(), 121666) && BN_mod_inverse(t.get(), t.get(), p.get(), ctx.get()) != nullptr &&
         BN_set_word(d.get(), 121665) && BN_mod_mul(d.get(), d.get(), t.get(), p.get(), ctx.get()) &&
         BN_mod_sub(d.get(), p.get(), d.get(), p.get(), ctx.get()) &&
         BN_mod_sqr(y2.get(), y.get(), p.get(), ctx.get()) &&
         BN_mod_sub(u.get(), y2.get(), one.get(), p.get(), ctx.get()) &&
         BN_mod_mul(v.get(), d.get(), y2.get(), p.get(), ctx.get()) &&
         BN_mod_add(v.get(), v.get(), one.get(), p.get(), ctx.get());
    if (!ok) return false;
    if (BN_is_zero(u.get())) return !x_sign;  // x = 0 has no negative form
    // v is never zero for y < p (d is not a square), so u / v exists; it must be a square (Euler's
    // criterion).
    ok = BN_mod_inverse(t.get(), v.get(), p.get(), ctx.get()) != nullptr &&
         BN_mod_mul(t.get(), u.get(), t.get(), p.get(), ctx.get()) && BN_rshift1(e.get(), p.get()) &&
         BN_mod_exp(t.get(), t.get(), e.get(), p.get(), ctx.get());
    return ok && BN_is_one(t.get());
}

}  // namespace folio::crypto
