// Official BIP340 and BIP350 vectors: if these fail, no signature or address of ours can be trusted.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "chain/crypto/bech32m.h"
#include "chain/crypto/hash.h"
#include "chain/crypto/schnorr.h"

namespace folio::crypto {
namespace {

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, ',')) cols.push_back(col);
    if (!line.empty() && line.back() == ',') cols.emplace_back();
    return cols;
}

TEST(bip340_vectors, AllOfficialVectorsPass) {
    std::ifstream in(FOLIO_SHARED_DIR "/vectors/bip340-test-vectors.csv");
    ASSERT_TRUE(in.good()) << "missing ../shared/vectors/bip340-test-vectors.csv";
    std::string line;
    std::getline(in, line);  // header
    int checked = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto cols = split_csv(line);
        ASSERT_GE(cols.size(), 7u) << line;
        SCOPED_TRACE("vector " + cols[0]);
        PubKey pub;
        Signature sig;
        const bool pub_parses = from_hex_fixed(cols[2], pub);
        ASSERT_TRUE(pub_parses);
        ASSERT_TRUE(from_hex_fixed(cols[5], sig));
        auto msg = from_hex(cols[4]);
        ASSERT_TRUE(msg.has_value());
        const bool expected = cols[6] == "TRUE";
        if (!cols[1].empty()) {
            auto sk_bytes = from_hex(cols[1]);
            auto sk = SecretKey::from_bytes(*sk_bytes);
            ASSERT_TRUE(sk.has_value());
            EXPECT_EQ(to_hex(sk->pubkey()), to_hex(pub));
            Hash256 aux;
            ASSERT_TRUE(from_hex_fixed(cols[3], aux));
            auto produced = sign_with_aux(*sk, *msg, aux);
            ASSERT_TRUE(produced.has_value());
            EXPECT_EQ(to_hex(*produced), to_hex(sig));
        }
        EXPECT_EQ(verify(sig, *msg, pub), expected);
        ++checked;
    }
    EXPECT_GE(checked, 19);
}

TEST(bip340_vectors, FreshKeySignsAndVerifies) {
    const SecretKey key = SecretKey::generate();
    const Hash256 msg = sha256(as_bytes("folio"));
    const Signature sig = sign(key, msg);
    EXPECT_TRUE(verify(sig, msg, key.pubkey()));
    Hash256 other = msg;
    other[0] ^= 1;
    EXPECT_FALSE(verify(sig, other, key.pubkey()));
}

TEST(tagged_hash, MatchesBip340Definition) {
    // H(tag, m) = SHA256(SHA256(tag) || SHA256(tag) || m), computed here the slow way.
    const Hash256 tag_hash = sha256(as_bytes("folio/tx"));
    Bytes buf(tag_hash.begin(), tag_hash.end());
    buf.insert(buf.end(), tag_hash.begin(), tag_hash.end());
    const std::string m = "message";
    buf.insert(buf.end(), m.begin(), m.end());
    EXPECT_EQ(to_hex(tags::tx()(as_bytes(m))), to_hex(sha256(buf)));
    EXPECT_EQ(to_hex(tags::tx()(as_bytes("mess"), as_bytes("age"))), to_hex(sha256(buf)));
}

TEST(tagged_hash, Sha256KnownAnswer) {
    EXPECT_EQ(to_hex(sha256(as_bytes("abc"))),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(bech32m_vectors, ValidStringsDecode) {
    for (const char* s : {"A1LQFN3A", "a1lqfn3a",
                          "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
                          "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
                          "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
                          "split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "?1v759aa"}) {
        SCOPED_TRACE(s);
        auto decoded = bech32m_decode(s);
        ASSERT_TRUE(decoded.has_value());
        std::string lower(s);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(bech32m_encode(decoded->hrp, decoded->data), lower);
    }
}

TEST(bech32m_vectors, InvalidStringsRefused) {
    for (const std::string& s : {std::string(" 1xj0phk"), std::string("\x7f") + "1g6xzxy", std::string("\x80") + "1vctc34",
                                std::string("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4"),
                                std::string("qyrz8wqd2c9m"), std::string("1qyrz8wqd2c9m"), std::string("y1b0jsk6g"),
                                std::string("lt1igcx5c0"), std::string("in1muywd"), std::string("mm1crxm3i"),
                                std::string("au1s5cgom"), std::string("M1VUXWEZ"), std::string("16plkw9"),
                                std::string("1p2gdwpf"), std::string("A1LQfN3A")}) {
        SCOPED_TRACE(s);
        EXPECT_FALSE(bech32m_decode(s).has_value());
    }
}

TEST(bech32m_vectors, Bech32ChecksumIsNotBech32m) {
    // BIP173 (bech32, the older constant) strings must not pass as bech32m.
    for (const char* s : {"A12UEL5L", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "?1ezyfcl"}) {
        EXPECT_FALSE(bech32m_decode(s).has_value()) << s;
    }
}

TEST(address, RoundTripsAndRefusesTypos) {
    Hash256 id = sha256(as_bytes("account"));
    const std::string addr = encode_address(id);
    EXPECT_EQ(addr.rfind("folio1", 0), 0u);
    auto back = decode_address(addr);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, id);
    // Every single-character substitution is caught by the checksum.
    for (size_t i = 6; i < addr.size(); ++i) {
        std::string typo = addr;
        typo[i] = typo[i] == 'q' ? 'p' : 'q';
        EXPECT_FALSE(decode_address(typo).has_value()) << typo;
    }
    EXPECT_FALSE(decode_address("bc1" + addr.substr(6)).has_value());
    std::string upper = addr;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(decode_address(upper).has_value()) << "an all-uppercase address is the same address";
}

}  // namespace
}  // namespace folio::crypto
