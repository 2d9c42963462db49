// The tagged hashes every tx hash and state root rests on, against their definition
// SHA256(SHA256(tag) || SHA256(tag) || m) computed with OpenSSL in one piece: the midstate copy and the
// two-part form must give the same digest for every length and split.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdio>
#include <random>

#include "chain/crypto/hash.h"

namespace folio::crypto {
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

TEST(tagged_hash, TaggedHashFromMidstateMatchesTheDefinition) {
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

TEST(tagged_hash, TaggedHashOf64BytesMatchesTheDefinitionForEverySplit) {
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
}  // namespace folio::crypto
