// Our SHA-256 (chain/crypto/sha256.h) against OpenSSL's: every state root and tx hash rests on it, so each
// implementation (portable, SHA extensions) must give OpenSSL's digest for every length and split.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdio>
#include <random>

#include "chain/crypto/hash.h"
#include "chain/crypto/sha256.h"

namespace folio::crypto::internal {
namespace {

Hash256 openssl_sha256(const Bytes& data) {
    Hash256 out;
    unsigned int len = 0;
    EXPECT_EQ(EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr), 1);
    return out;
}

Bytes random_bytes(std::mt19937_64& rng, size_t n) {
    Bytes b(n);
    for (auto& x : b) x = static_cast<uint8_t>(rng());
    return b;
}

// Hashes `data` with the given compression function by hand: whole blocks, then FIPS 180-4 padding.
Hash256 sha256_with(void (*compress)(Sha256Words&, const uint8_t*, size_t), const Bytes& data) {
    Sha256Words st = kSha256Init;
    Bytes padded = data;
    padded.push_back(0x80);
    while (padded.size() % 64 != 56) padded.push_back(0);
    const uint64_t bits = data.size() * 8;
    for (int i = 7; i >= 0; --i) padded.push_back(static_cast<uint8_t>(bits >> (8 * i)));
    compress(st, padded.data(), padded.size() / 64);
    Hash256 out;
    for (int i = 0; i < 8; ++i) {
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<uint8_t>(st[i] >> (24 - 8 * j));
    }
    return out;
}

TEST(sha256, PortableCompressionMatchesOpenSsl) {
    const uint64_t seed = std::random_device{}();
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    std::mt19937_64 rng(seed);
    for (size_t n = 0; n < 300; ++n) {
        const Bytes data = random_bytes(rng, n);
        ASSERT_EQ(sha256_with(sha256_compress_portable, data), openssl_sha256(data)) << "length " << n;
    }
}

TEST(sha256, ShaExtensionCompressionMatchesOpenSsl) {
    if (!sha256_cpu_has_extensions()) GTEST_SKIP() << "this CPU has no SHA extensions";
    const uint64_t seed = std::random_device{}();
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    std::mt19937_64 rng(seed);
    for (size_t n = 0; n < 300; ++n) {
        const Bytes data = random_bytes(rng, n);
        ASSERT_EQ(sha256_with(sha256_compress_shani, data), openssl_sha256(data)) << "length " << n;
    }
    const Bytes big = random_bytes(rng, 1 << 20);
    EXPECT_EQ(sha256_with(sha256_compress_shani, big), openssl_sha256(big));
}

TEST(sha256, StreamGivesTheSameDigestForAnySplit) {
    const uint64_t seed = std::random_device{}();
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 2000; ++round) {
        const Bytes data = random_bytes(rng, rng() % 400);
        Sha256Stream s;
        size_t done = 0;
        while (done < data.size()) {
            const size_t part = std::min<size_t>(data.size() - done, rng() % 130);
            s.update(data.data() + done, part);
            done += part;
        }
        ASSERT_EQ(s.finish(), openssl_sha256(data)) << "length " << data.size();
    }
}

TEST(sha256, TaggedHashFromMidstateMatchesTheDefinition) {
    const uint64_t seed = std::random_device{}();
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    std::mt19937_64 rng(seed);
    const Hash256 tag_hash = openssl_sha256(Bytes{'f', 'o', 'l', 'i', 'o', '/', 't', 'x'});
    for (size_t n = 0; n < 200; ++n) {
        const Bytes a = random_bytes(rng, n), b = random_bytes(rng, rng() % 70);
        Bytes whole(tag_hash.begin(), tag_hash.end());
        whole.insert(whole.end(), tag_hash.begin(), tag_hash.end());
        whole.insert(whole.end(), a.begin(), a.end());
        whole.insert(whole.end(), b.begin(), b.end());
        ASSERT_EQ(tags::tx()(a, b), openssl_sha256(whole)) << "lengths " << n << ", " << b.size();
    }
}

TEST(sha256, TaggedHashOf64BytesMatchesTheDefinitionForEverySplit) {
    const uint64_t seed = std::random_device{}();
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    std::mt19937_64 rng(seed);
    const Hash256 tag_hash = openssl_sha256(Bytes{'f', 'o', 'l', 'i', 'o', '/', 't', 'x'});
    const Bytes message = random_bytes(rng, 64);
    Bytes whole(tag_hash.begin(), tag_hash.end());
    whole.insert(whole.end(), tag_hash.begin(), tag_hash.end());
    whole.insert(whole.end(), message.begin(), message.end());
    const Hash256 expected = openssl_sha256(whole);
    for (size_t split = 0; split <= 64; ++split) {
        const ByteView a(message.data(), split), b(message.data() + split, 64 - split);
        ASSERT_EQ(tags::tx()(a, b), expected) << "split " << split;
    }
}

}  // namespace
}  // namespace folio::crypto::internal
