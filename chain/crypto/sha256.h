// SHA-256 (FIPS 180-4) as a compression function and a small streaming hasher, with no heap allocation and no
// library dispatch: the state tree hashes ~30 64-byte messages per transfer, where OpenSSL's EVP layer (a
// context copy that allocates, provider lookups) cost more than the compression itself. The x86 SHA
// extensions are used when the CPU has them (checked once at start-up); otherwise a portable implementation
// gives the same digests.
//
// Internal to chain/crypto: the rest of the code hashes through chain/crypto/hash.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "chain/bytes.h"

namespace folio::crypto::internal {

using Sha256Words = std::array<uint32_t, 8>;

inline constexpr Sha256Words kSha256Init = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// Compresses `blocks` 64-byte blocks at `data` into `state`, with the fastest implementation this CPU has.
void sha256_compress(Sha256Words& state, const uint8_t* data, size_t blocks);
// The portable implementation, and the SHA-extension one (only valid if sha256_cpu_has_extensions()); exposed
// so that tests check both against each other and against OpenSSL.
void sha256_compress_portable(Sha256Words& state, const uint8_t* data, size_t blocks);
void sha256_compress_shani(Sha256Words& state, const uint8_t* data, size_t blocks);
bool sha256_cpu_has_extensions();

// A SHA-256 computation that may start from a midstate (words after `bytes_done` bytes, a multiple of 64).
class Sha256Stream {
  public:
    explicit Sha256Stream(const Sha256Words& state = kSha256Init, uint64_t bytes_done = 0)
        : state_(state), total_(bytes_done) {}

    void update(const uint8_t* data, size_t size);
    Hash256 finish();
    // The words after a whole number of blocks (buffer empty): the midstate of a prefix.
    const Sha256Words& words() const { return state_; }

  private:
    Sha256Words state_;
    uint64_t total_;
    size_t buffered_ = 0;
    uint8_t buffer_[64];
};

}  // namespace folio::crypto::internal
