#include <gtest/gtest.h>

#include <random>

#include "chain/encoding.h"

namespace folio {
namespace {

Bytes hex(std::string_view h) { return *from_hex(h); }

TEST(encoding, FixedIntegersAreLittleEndian) {
    Writer w;
    w.u16(0x0102);
    w.u32(0x03040506);
    w.u64(0x0708090a0b0c0d0eULL);
    EXPECT_EQ(to_hex(w.data()), "0201" "06050403" "0e0d0c0b0a090807");
}

TEST(encoding, VarintKnownEncodings) {
    const std::pair<uint64_t, const char*> cases[] = {
        {0, "00"}, {1, "01"}, {127, "7f"}, {128, "8001"}, {300, "ac02"}, {16384, "808001"},
        {UINT64_MAX, "ffffffffffffffffff01"}};
    for (const auto& [value, expected] : cases) {
        Writer w;
        w.varint(value);
        EXPECT_EQ(to_hex(w.data()), expected);
        EXPECT_EQ(varint_size(value), w.size());
        Reader r(w.data());
        uint64_t back;
        ASSERT_TRUE(r.varint("v", back));
        EXPECT_TRUE(r.finish());
        EXPECT_EQ(back, value);
    }
}

TEST(decoder_rejects, NonMinimalVarint) {
    for (const char* bad : {"8000", "ff00", "808000", "8080808080808080808000"}) {
        const Bytes input_r = hex(bad);
        Reader r(input_r);
        uint64_t v;
        EXPECT_FALSE(r.varint("len", v)) << bad;
        EXPECT_NE(r.error().find("len at offset 0"), std::string::npos) << r.error();
    }
}

TEST(decoder_rejects, VarintOver64Bits) {
    const Bytes input_r = hex("ffffffffffffffffff02");
        Reader r(input_r);
    uint64_t v;
    EXPECT_FALSE(r.varint("amount", v));
    EXPECT_NE(r.error().find("64 bits"), std::string::npos);
}

TEST(decoder_rejects, TruncatedInput) {
    const Bytes input_r = hex("0102");
        Reader r(input_r);
    uint32_t v;
    EXPECT_FALSE(r.u32("nonce", v));
    EXPECT_NE(r.error().find("nonce at offset 0: truncated"), std::string::npos) << r.error();
}

TEST(decoder_rejects, TrailingBytes) {
    const Bytes input_r = hex("0100");
        Reader r(input_r);
    uint8_t v;
    ASSERT_TRUE(r.u8("x", v));
    EXPECT_FALSE(r.finish());
    EXPECT_NE(r.error().find("1 trailing bytes"), std::string::npos) << r.error();
}

TEST(decoder_rejects, UnknownVersion) {
    const Bytes input_r = hex("02");
        Reader r(input_r);
    EXPECT_FALSE(r.version("tx version", 1));
    EXPECT_NE(r.error().find("unknown version 2"), std::string::npos) << r.error();
}

TEST(decoder_rejects, BytesOverBound) {
    Writer w;
    w.bytes(Bytes(300, 0xaa));
    Reader r(w.data());
    Bytes out;
    EXPECT_FALSE(r.bytes("memo", 256, out));
    EXPECT_NE(r.error().find("exceeds the bound 256"), std::string::npos) << r.error();
}

TEST(decoder_rejects, LengthBeyondInput) {
    const Bytes input_r = hex("0501");
        Reader r(input_r);
    Bytes out;
    EXPECT_FALSE(r.bytes("payload", 1000, out));
}

TEST(decoder_rejects, BooleanOtherThanZeroOrOne) {
    const Bytes input_r = hex("02");
        Reader r(input_r);
    bool b;
    EXPECT_FALSE(r.boolean("flag", b));
}

TEST(decoder_rejects, FirstErrorIsKept) {
    const Bytes input_r = hex("");
        Reader r(input_r);
    uint8_t a;
    uint64_t b;
    EXPECT_FALSE(r.u8("first", a));
    EXPECT_FALSE(r.u64("second", b));
    EXPECT_NE(r.error().find("first"), std::string::npos);
}

TEST(encoding, RandomizedRoundTrip) {
    const uint64_t seed = std::random_device{}();
    std::printf("encoding.RandomizedRoundTrip seed=%llu\n", static_cast<unsigned long long>(seed));
    std::mt19937_64 rng(seed);
    for (int iter = 0; iter < 2000; ++iter) {
        const uint64_t a = rng() >> (rng() % 64);
        const uint32_t b = static_cast<uint32_t>(rng());
        Bytes blob(rng() % 300);
        for (auto& x : blob) x = static_cast<uint8_t>(rng());
        Writer w;
        w.varint(a);
        w.u32(b);
        w.bytes(blob);
        w.u64(a);
        Reader r(w.data());
        uint64_t a2, a3;
        uint32_t b2;
        Bytes blob2;
        ASSERT_TRUE(r.varint("a", a2) && r.u32("b", b2) && r.bytes("blob", 300, blob2) && r.u64("a", a3) &&
                    r.finish())
            << "seed=" << seed << " " << r.error();
        EXPECT_EQ(a, a2);
        EXPECT_EQ(a, a3);
        EXPECT_EQ(b, b2);
        EXPECT_EQ(blob, blob2);
        // Any strict prefix of a valid encoding is refused, never misread.
        const size_t cut = rng() % w.size();
        Reader pr(ByteView(w.data()).first(cut));
        bool all = pr.varint("a", a2) && pr.u32("b", b2) && pr.bytes("blob", 300, blob2) && pr.u64("a", a3) &&
                   pr.finish();
        EXPECT_FALSE(all) << "seed=" << seed;
    }
}

}  // namespace
}  // namespace folio
