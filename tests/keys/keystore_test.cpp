// The keystore's contract (keys/keystore.h) and its file format (docs/keystore.md). The tamper tests
// recompute the checksum from the documented grammar, so they also check that the documentation matches the
// code.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "keys/keystore.h"

namespace folio::keys {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const ScryptParams kFast{uint64_t{1} << 10, 8, 1};  // the minimum N, so that tests stay fast

class keystore : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "folio-keystore-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        root_ = tmpl;
        auto ks = Keystore::open(root_ + "/keys", true);
        ASSERT_TRUE(ks.ok()) << ks.error().message;
        ks_.emplace(std::move(*ks));
    }
    void TearDown() override { fs::remove_all(root_); }

    Keystore& ks() { return *ks_; }
    std::string path(const std::string& name) { return ks().key_path(name); }

    json read_json(const std::string& name) {
        std::ifstream in(path(name));
        return json::parse(in);
    }
    void write_raw(const std::string& name, const std::string& text) {
        std::ofstream(path(name), std::ios::trunc) << text;
    }
    void write_json(const std::string& name, const json& doc) { write_raw(name, doc.dump(2)); }
    std::vector<std::string> dir_entries() {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(ks().dir())) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

    std::string root_;
    std::optional<Keystore> ks_;
};

Bytes hex(const json& v) {
    return *from_hex(v.get<std::string>());
}

// The checksum as docs/keystore.md defines it, written independently of keystore.cpp.
void recompute_checksum(json& doc) {
    Writer w;
    w.str("folio/keystore");
    w.u8(1);
    w.str(doc["name"].get<std::string>());
    w.raw(hex(doc["pubkey"]));
    w.u64(doc["created_ms"].get<uint64_t>());
    w.str("scrypt");
    w.u64(doc["kdf"]["n"].get<uint64_t>());
    w.u32(doc["kdf"]["r"].get<uint32_t>());
    w.u32(doc["kdf"]["p"].get<uint32_t>());
    w.bytes(hex(doc["kdf"]["salt"]));
    w.str("aes-256-gcm");
    w.raw(hex(doc["cipher"]["iv"]));
    w.bytes(hex(doc["cipher"]["ciphertext"]));
    w.raw(hex(doc["cipher"]["tag"]));
    w.raw(hex(doc["password_check"]));
    static const crypto::TaggedHasher hasher("folio/keystore_checksum");
    doc["checksum"] = to_hex(hasher(w.data()));
}

// Changes one hex digit (the first) of a hex string.
std::string flip_hex(std::string s) {
    s[0] = s[0] == '0' ? '1' : '0';
    return s;
}

TEST_F(keystore, GenerateListUnlockRoundTrip) {
    auto made = ks().generate("alice", "correct horse", kFast);
    ASSERT_TRUE(made.ok()) << made.error().message;
    ASSERT_TRUE(ks().generate("bob", "battery staple", kFast).ok());

    auto listed = ks().list();
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].name, "alice");
    EXPECT_EQ((*listed)[0].pubkey, made->pubkey);
    EXPECT_EQ((*listed)[0].kdf.n, kFast.n);
    EXPECT_EQ((*listed)[1].name, "bob");

    auto key = ks().unlock("alice", "correct horse");
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_EQ(key->pubkey(), made->pubkey);
}

TEST_F(keystore, DefaultScryptParamsRoundTrip) {
    auto made = ks().generate("operator", "pw");
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ(made->kdf.n, uint64_t{1} << 17);
    EXPECT_EQ(read_json("operator")["kdf"]["n"], 1 << 17);
    auto key = ks().unlock("operator", "pw");
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_EQ(key->pubkey(), made->pubkey);
}

// A known answer: files written by any earlier build must keep unlocking. The vector is the example of
// docs/keystore.md, so the page cannot drift from the format either.
TEST_F(keystore, DocumentedExampleUnlocks) {
    std::ifstream doc_in(FOLIO_SOURCE_DIR "/docs/keystore.md");
    ASSERT_TRUE(doc_in.good());
    const std::string doc((std::istreambuf_iterator<char>(doc_in)), std::istreambuf_iterator<char>());
    const size_t start = doc.find("```json\n");
    ASSERT_NE(start, std::string::npos);
    const size_t end = doc.find("```", start + 8);
    ASSERT_NE(end, std::string::npos);
    write_raw("alice", doc.substr(start + 8, end - start - 8));

    auto key = ks().unlock("alice", "correct horse battery staple");
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_EQ(key->bytes(), crypto::sha256(as_bytes("folio keystore example")));
    EXPECT_EQ(ks().unlock("alice", "correct horse battery stapler").reason(), Reason::NOT_AUTHORIZED);
}

TEST_F(keystore, WrongPasswordRefusedAsSuch) {
    ASSERT_TRUE(ks().generate("alice", "right", kFast).ok());
    auto key = ks().unlock("alice", "wrong");
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.reason(), Reason::NOT_AUTHORIZED);
    EXPECT_NE(key.error().message.find("wrong password"), std::string::npos) << key.error().message;
    EXPECT_EQ(ks().unlock("alice", "").reason(), Reason::NOT_AUTHORIZED);
}

TEST_F(keystore, ImportedKeySignsVerifiably) {
    auto secret = crypto::SecretKey::generate();
    const crypto::PubKey expected = secret.pubkey();
    auto made = ks().import("registrar", secret, "pw", kFast);
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ(made->pubkey, expected);

    auto key = ks().unlock("registrar", "pw");
    ASSERT_TRUE(key.ok()) << key.error().message;
    const Hash256 msg = crypto::sha256(as_bytes("a sighash"));
    const auto sig = crypto::sign(*key, msg);
    auto info = ks().info("registrar");
    ASSERT_TRUE(info.ok());
    EXPECT_TRUE(crypto::verify(sig, msg, info->pubkey));
}

TEST_F(keystore, ImportOfInvalidSecretRefused) {
    crypto::SecretKey zero;  // all zero bytes: not a valid secp256k1 scalar
    EXPECT_EQ(ks().import("zero", zero, "pw", kFast).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_TRUE(dir_entries().empty());
}

TEST_F(keystore, FilesAre0600AndDirectory0700WhateverTheUmask) {
    const mode_t old = ::umask(0277);  // would give 0400 files and an unusable 0500 directory
    auto created = Keystore::open(root_ + "/other/keys/", true);
    ASSERT_TRUE(created.ok()) << created.error().message;
    auto made = created->generate("alice", "pw", kFast);
    ::umask(old);
    ASSERT_TRUE(made.ok()) << made.error().message;
    struct stat st;
    ASSERT_EQ(::stat((root_ + "/other/keys").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0700u);
    ASSERT_EQ(::stat(created->key_path("alice").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(keystore, WritesLeaveNoTemporaryFiles) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    EXPECT_EQ(dir_entries(), std::vector<std::string>{"alice.key"});
}

TEST_F(keystore, RefusesToOverwriteAnExistingKey) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    const json before = read_json("alice");
    auto again = ks().generate("alice", "other", kFast);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_NE(again.error().message.find("already exists"), std::string::npos) << again.error().message;
    EXPECT_EQ(read_json("alice"), before);
    EXPECT_TRUE(ks().unlock("alice", "pw").ok());
}

TEST_F(keystore, ConcurrentWritersOfOneNameExactlyOneWins) {
    std::atomic<int> wins{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] { wins += ks().generate("race", "pw", kFast).ok() ? 1 : 0; });
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1);
    EXPECT_EQ(dir_entries(), std::vector<std::string>{"race.key"});
}

TEST_F(keystore, InvalidNamesRefused) {
    const std::vector<std::string> bad_names = {
        "", std::string(65, 'a'), ".hidden", "..", "a/b", "../x", "a b", "é", "a\nb", "a:b", "a*"};
    for (const auto& bad : bad_names) {
        SCOPED_TRACE(bad);
        EXPECT_EQ(ks().generate(bad, "pw", kFast).reason(), Reason::INVALID_ARGUMENT);
        EXPECT_EQ(ks().unlock(bad, "pw").reason(), Reason::INVALID_ARGUMENT);
    }
    EXPECT_TRUE(dir_entries().empty());
    for (const std::string& good :
         std::vector<std::string>{"a", std::string(64, 'z'), "node-1.validator_key", "A.B-C_9"})
        EXPECT_TRUE(validate_key_name(good).ok()) << good;
}

TEST_F(keystore, EmptyPasswordRefusedAtCreation) {
    EXPECT_EQ(ks().generate("alice", "", kFast).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_TRUE(dir_entries().empty());
}

TEST_F(keystore, OutOfBoundsScryptParamsRefused) {
    const ScryptParams bad[] = {
        {uint64_t{1} << 9, 8, 1},    // N below 2^10
        {1000, 8, 1},                // N not a power of two
        {uint64_t{1} << 25, 1, 1},   // N above 2^24
        {uint64_t{1} << 20, 16, 1},  // 128*N*r = 2 GiB
        {uint64_t{1} << 10, 0, 1},
        {uint64_t{1} << 10, 33, 1},
        {uint64_t{1} << 10, 8, 0},
        {uint64_t{1} << 10, 8, 17},
    };
    for (const auto& p : bad) {
        SCOPED_TRACE(std::to_string(p.n) + "," + std::to_string(p.r) + "," + std::to_string(p.p));
        EXPECT_EQ(validate_scrypt_params(p).reason(), Reason::INVALID_ARGUMENT);
        EXPECT_EQ(ks().generate("k", "pw", p).reason(), Reason::INVALID_ARGUMENT);
    }
    EXPECT_TRUE(dir_entries().empty());
    EXPECT_TRUE(validate_scrypt_params({uint64_t{1} << 20, 8, 1}).ok());  // exactly 1 GiB
}

TEST_F(keystore, UnknownKeyIsNotFound) {
    EXPECT_EQ(ks().unlock("nobody", "pw").reason(), Reason::NOT_FOUND);
    EXPECT_EQ(ks().info("nobody").reason(), Reason::NOT_FOUND);
}

TEST_F(keystore, OpenWithoutCreateNeedsAnExistingDirectory) {
    EXPECT_EQ(Keystore::open(root_ + "/missing", false).reason(), Reason::NOT_FOUND);
    EXPECT_FALSE(fs::exists(root_ + "/missing"));
    std::ofstream(root_ + "/plain-file") << "x";
    EXPECT_EQ(Keystore::open(root_ + "/plain-file", true).reason(), Reason::INVALID_ARGUMENT);
}

TEST_F(keystore, ListIgnoresFilesThatAreNotKeys) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    std::ofstream(ks().dir() + "/.alice.key.tmp-0011223344556677") << "partial";
    std::ofstream(ks().dir() + "/notes.txt") << "hello";
    std::ofstream(ks().dir() + "/bad name.key") << "{}";
    auto listed = ks().list();
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].name, "alice");
}

TEST_F(keystore, ListReportsADamagedKeyRatherThanSkippingIt) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    ASSERT_TRUE(ks().generate("bob", "pw", kFast).ok());
    write_raw("bob", "garbage");
    auto listed = ks().list();
    ASSERT_FALSE(listed.ok());
    EXPECT_EQ(listed.reason(), Reason::CORRUPTION);
    EXPECT_NE(listed.error().message.find("bob.key"), std::string::npos) << listed.error().message;
}

// ---- tampering ------------------------------------------------------------------------------------------

struct Edit {
    const char* what;
    std::function<void(json&)> apply;
};

const std::vector<Edit>& edits() {
    static const std::vector<Edit> all = {
        {"ciphertext", [](json& d) { d["cipher"]["ciphertext"] = flip_hex(d["cipher"]["ciphertext"]); }},
        {"tag", [](json& d) { d["cipher"]["tag"] = flip_hex(d["cipher"]["tag"]); }},
        {"iv", [](json& d) { d["cipher"]["iv"] = flip_hex(d["cipher"]["iv"]); }},
        {"pubkey", [](json& d) { d["pubkey"] = to_hex(crypto::SecretKey::generate().pubkey()); }},
        {"name", [](json& d) { d["name"] = "alicf"; }},
        {"salt", [](json& d) { d["kdf"]["salt"] = flip_hex(d["kdf"]["salt"]); }},
        {"n", [](json& d) { d["kdf"]["n"] = 2048; }},
        {"r", [](json& d) { d["kdf"]["r"] = 9; }},
        {"p", [](json& d) { d["kdf"]["p"] = 2; }},
        {"created_ms", [](json& d) { d["created_ms"] = d["created_ms"].get<uint64_t>() + 1; }},
        {"password_check", [](json& d) { d["password_check"] = flip_hex(d["password_check"]); }},
    };
    return all;
}

TEST_F(keystore, FlippedFieldRefusedAsTamperedBeforeAnyPasswordCheck) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    const json original = read_json("alice");
    for (const auto& edit : edits()) {
        SCOPED_TRACE(edit.what);
        json doc = original;
        edit.apply(doc);
        write_json("alice", doc);
        for (const auto& r : {ks().unlock("alice", "pw").reason(), ks().unlock("alice", "wrong").reason()})
            EXPECT_EQ(r, Reason::CORRUPTION);
        auto info = ks().info("alice");
        ASSERT_FALSE(info.ok());
        EXPECT_NE(info.error().message.find("tampered"), std::string::npos) << info.error().message;
    }
    write_json("alice", original);
    EXPECT_TRUE(ks().unlock("alice", "pw").ok());
}

// Someone who edits the file and recomputes the checksum is stopped by AES-GCM (the fields are its AAD). A
// new salt or cost makes a different key, which cannot be told from a wrong password: refused all the same.
TEST_F(keystore, EditWithRecomputedChecksumStillRefused) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    const json original = read_json("alice");
    for (const auto& edit : edits()) {
        SCOPED_TRACE(edit.what);
        json doc = original;
        edit.apply(doc);
        recompute_checksum(doc);
        // A changed name must also move to the matching file name, or the rename itself is what gets caught.
        const std::string file = doc["name"];
        write_json(file, doc);
        auto key = ks().unlock(file, "pw");
        ASSERT_FALSE(key.ok());
        const std::string w = edit.what;
        if (w == "salt" || w == "n" || w == "r" || w == "p" || w == "password_check") {
            EXPECT_EQ(key.reason(), Reason::NOT_AUTHORIZED);
        } else {
            EXPECT_EQ(key.reason(), Reason::CORRUPTION);
            EXPECT_NE(key.error().message.find("tampered"), std::string::npos) << key.error().message;
        }
        if (file != "alice") fs::remove(path(file));
    }
}

TEST_F(keystore, ChecksumFollowsTheDocumentedGrammar) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    const json original = read_json("alice");
    json recomputed = original;
    recompute_checksum(recomputed);
    EXPECT_EQ(recomputed["checksum"], original["checksum"]);
}

TEST_F(keystore, RenamedKeyFileRefused) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    fs::rename(path("alice"), path("bob"));
    auto key = ks().unlock("bob", "pw");
    EXPECT_EQ(key.reason(), Reason::CORRUPTION);
    EXPECT_NE(key.error().message.find("renamed"), std::string::npos) << key.error().message;
}

TEST_F(keystore, HostileFieldsRefusedNamingTheField) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    const json original = read_json("alice");
    const std::pair<std::function<void(json&)>, const char*> cases[] = {
        {[](json& d) { d["kdf"]["n"] = uint64_t{1} << 30; }, "kdf.n"},
        {[](json& d) { d["kdf"]["n"] = uint64_t{1} << 23; }, "kdf.n"},  // 8 GiB with r = 8
        {[](json& d) { d["kdf"]["n"] = 1025; }, "kdf.n"},
        {[](json& d) { d["kdf"]["n"] = -1024; }, "kdf.n"},
        {[](json& d) { d["kdf"]["n"] = 1024.0; }, "kdf.n"},
        {[](json& d) { d["kdf"]["r"] = 1000; }, "kdf.r"},
        {[](json& d) { d["kdf"]["p"] = 0; }, "kdf.p"},
        {[](json& d) { d["kdf"]["name"] = "pbkdf2"; }, "kdf.name"},
        {[](json& d) { d["kdf"]["salt"] = "abcd"; }, "kdf.salt"},
        {[](json& d) { d["kdf"]["salt"] = std::string(1 << 15, 'a'); }, "kdf.salt"},
        {[](json& d) { d["cipher"].erase("tag"); }, "cipher.tag"},
        {[](json& d) { d["cipher"]["iv"] = "XYZ"; }, "cipher.iv"},
        {[](json& d) { d["cipher"]["name"] = "aes-128-cbc"; }, "cipher.name"},
        {[](json& d) { d["pubkey"] = std::string(d["pubkey"]).substr(0, 62); }, "pubkey"},
        {[](json& d) {
             std::string s = d["pubkey"];
             for (auto& c : s) c = static_cast<char>(std::toupper(c));
             d["pubkey"] = s;
         },
         "pubkey"},
        {[](json& d) { d["name"] = "../../etc/passwd"; }, "name"},
        {[](json& d) { d["name"] = 7; }, "name"},
        {[](json& d) { d["format"] = "other"; }, "format"},
        {[](json& d) { d["kdf"] = "scrypt"; }, "kdf"},
    };
    for (const auto& [apply, field] : cases) {
        SCOPED_TRACE(field);
        json doc = original;
        apply(doc);
        write_json("alice", doc);
        const auto start = std::chrono::steady_clock::now();
        auto key = ks().unlock("alice", "pw");
        // Refused before scrypt could allocate what the hostile parameters ask for.
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
        ASSERT_FALSE(key.ok());
        EXPECT_EQ(key.reason(), Reason::CORRUPTION);
        EXPECT_NE(key.error().message.find(std::string("'") + field + "'"), std::string::npos)
            << key.error().message;
    }
}

TEST_F(keystore, UnknownVersionRefused) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    json doc = read_json("alice");
    doc["version"] = 2;
    write_json("alice", doc);
    EXPECT_EQ(ks().info("alice").reason(), Reason::BAD_VERSION);
}

TEST_F(keystore, MalformedFilesRefused) {
    ASSERT_TRUE(ks().generate("alice", "pw", kFast).ok());
    const std::string cases[] = {"", "not json", "[1,2,3]", std::string(20000, '[') + std::string(20000, ']'),
                                 "{\"a\":" + std::string(70000, ' ') + "1}"};
    for (const auto& text : cases) {
        SCOPED_TRACE(text.substr(0, 20));
        write_raw("alice", text);
        EXPECT_EQ(ks().unlock("alice", "pw").reason(), Reason::CORRUPTION);
    }
}

}  // namespace
}  // namespace folio::keys
