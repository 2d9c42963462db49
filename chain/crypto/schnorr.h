// BIP340 Schnorr signatures over secp256k1 (libsecp256k1 schnorrsig), x-only 32-byte public keys.
//
// Thread safety: all functions may be called from any thread; they share one read-only verification context
// and one signing context randomized at start-up from the OS random source.
#pragma once

#include <optional>

#include "chain/bytes.h"

namespace folio::crypto {

using PubKey = std::array<uint8_t, 32>;     // x-only public key
using Signature = std::array<uint8_t, 64>;

// A secret key that wipes its bytes when destroyed. Move-only so that copies do not linger in memory.
class SecretKey {
public:
    SecretKey() = default;
    explicit SecretKey(const std::array<uint8_t, 32>& bytes) : bytes_(bytes) {}
    ~SecretKey();
    SecretKey(SecretKey&& other) noexcept;
    SecretKey& operator=(SecretKey&& other) noexcept;
    SecretKey(const SecretKey&) = delete;
    SecretKey& operator=(const SecretKey&) = delete;

    // A fresh valid key from the OS random source (OpenSSL RAND_priv_bytes, seeded by getrandom).
    static SecretKey generate();
    // nullopt if the bytes are not a valid secret key (zero or >= the group order).
    static std::optional<SecretKey> from_bytes(ByteView bytes);

    const std::array<uint8_t, 32>& bytes() const { return bytes_; }
    PubKey pubkey() const;

private:
    std::array<uint8_t, 32> bytes_{};
};

// Signs a 32-byte message (a sighash) with fresh auxiliary randomness, as BIP340 recommends.
Signature sign(const SecretKey& key, const Hash256& msg32);
// Signs with caller-given aux_rand and any message length: for the BIP340 test vectors.
std::optional<Signature> sign_with_aux(const SecretKey& key, ByteView msg, const Hash256& aux_rand);

// Pure check of (signature, message, pubkey): no state, safe to run on any thread.
bool verify(const Signature& sig, ByteView msg, const PubKey& pubkey);
// True if the 32 bytes are the x coordinate of a point on the curve.
bool is_valid_pubkey(const PubKey& pubkey);

// Fills the buffer from the OS random source; aborts if the source fails (nothing safe can be done then).
void random_bytes(uint8_t* out, size_t len);
// Overwrites memory in a way the compiler may not elide.
void wipe(void* p, size_t len);

}  // namespace folio::crypto
