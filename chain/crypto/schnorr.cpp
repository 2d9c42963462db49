#include "chain/crypto/schnorr.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <cstdlib>

namespace folio::crypto {
namespace {

// Verification needs no randomization; signing uses a context randomized once against side channels.
const secp256k1_context* verify_ctx() {
    static const secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    return ctx;
}

const secp256k1_context* sign_ctx() {
    static const secp256k1_context* ctx = [] {
        secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
        std::array<uint8_t, 32> seed;
        random_bytes(seed.data(), seed.size());
        if (!secp256k1_context_randomize(c, seed.data())) std::abort();
        wipe(seed.data(), seed.size());
        return c;
    }();
    return ctx;
}

struct Keypair {
    secp256k1_keypair kp;
    ~Keypair() { wipe(&kp, sizeof(kp)); }
};

bool make_keypair(const SecretKey& key, Keypair& out) {
    return secp256k1_keypair_create(sign_ctx(), &out.kp, key.bytes().data()) == 1;
}

}  // namespace

void random_bytes(uint8_t* out, size_t len) {
    if (RAND_priv_bytes(out, static_cast<int>(len)) != 1) std::abort();
}

void wipe(void* p, size_t len) { OPENSSL_cleanse(p, len); }

SecretKey::~SecretKey() { wipe(bytes_.data(), bytes_.size()); }

SecretKey::SecretKey(SecretKey&& other) noexcept : bytes_(other.bytes_) { wipe(other.bytes_.data(), 32); }

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
    if (this != &other) {
        bytes_ = other.bytes_;
        wipe(other.bytes_.data(), 32);
    }
    return *this;
}

SecretKey SecretKey::generate() {
    std::array<uint8_t, 32> bytes;
    for (;;) {
        random_bytes(bytes.data(), bytes.size());
        if (secp256k1_ec_seckey_verify(verify_ctx(), bytes.data()) == 1) break;
    }
    SecretKey key(bytes);
    wipe(bytes.data(), bytes.size());
    return key;
}

std::optional<SecretKey> SecretKey::from_bytes(ByteView bytes) {
    if (bytes.size() != 32) return std::nullopt;
    if (secp256k1_ec_seckey_verify(verify_ctx(), bytes.data()) != 1) return std::nullopt;
    std::array<uint8_t, 32> raw;
    std::copy(bytes.begin(), bytes.end(), raw.begin());
    SecretKey key(raw);
    wipe(raw.data(), raw.size());
    return key;
}

PubKey SecretKey::pubkey() const {
    Keypair kp;
    if (!make_keypair(*this, kp)) std::abort();  // a SecretKey is valid by construction
    secp256k1_xonly_pubkey xonly;
    PubKey out;
    if (secp256k1_keypair_xonly_pub(sign_ctx(), &xonly, nullptr, &kp.kp) != 1 ||
        secp256k1_xonly_pubkey_serialize(sign_ctx(), out.data(), &xonly) != 1) {
        std::abort();
    }
    return out;
}

Signature sign(const SecretKey& key, const Hash256& msg32) {
    Hash256 aux;
    random_bytes(aux.data(), aux.size());
    auto sig = sign_with_aux(key, msg32, aux);
    if (!sig) std::abort();  // signing with a valid key cannot fail
    return *sig;
}

std::optional<Signature> sign_with_aux(const SecretKey& key, ByteView msg, const Hash256& aux_rand) {
    Keypair kp;
    if (!make_keypair(key, kp)) return std::nullopt;
    Signature sig;
    secp256k1_schnorrsig_extraparams params = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
    params.ndata = const_cast<uint8_t*>(aux_rand.data());
    if (secp256k1_schnorrsig_sign_custom(sign_ctx(), sig.data(), msg.data(), msg.size(), &kp.kp, &params) != 1) {
        return std::nullopt;
    }
    return sig;
}

bool verify(const Signature& sig, ByteView msg, const PubKey& pubkey) {
    secp256k1_xonly_pubkey xonly;
    if (secp256k1_xonly_pubkey_parse(verify_ctx(), &xonly, pubkey.data()) != 1) return false;
    return secp256k1_schnorrsig_verify(verify_ctx(), sig.data(), msg.data(), msg.size(), &xonly) == 1;
}

bool is_valid_pubkey(const PubKey& pubkey) {
    secp256k1_xonly_pubkey xonly;
    return secp256k1_xonly_pubkey_parse(verify_ctx(), &xonly, pubkey.data()) == 1;
}

}  // namespace folio::crypto
