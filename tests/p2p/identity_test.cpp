// The node's P2P identity (node/p2p/identity.h): the key file and the certificate made from it.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "node/p2p/identity.h"

namespace folio::p2p {
namespace {

class TempDir {
  public:
    TempDir() {
        char tmpl[] = "/tmp/folio-p2p-key-XXXXXX";
        if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

void write_file(const std::string& path, const std::string& text, mode_t mode) {
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
}

TEST(p2p_identity, KeyFileIsWrittenMode0600AndLoadsTheSameKey) {
    TempDir dir;
    auto made = create_key_file(dir.file("p2p_key.pem"));
    ASSERT_TRUE(made) << made.error().message;
    struct stat st {};
    ASSERT_EQ(::stat(dir.file("p2p_key.pem").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto loaded = NodeIdentity::load(dir.file("p2p_key.pem"));
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->public_key(), made->public_key());
}

TEST(p2p_identity, AnExistingKeyFileIsNeverReplaced) {
    TempDir dir;
    auto first = create_key_file(dir.file("p2p_key.pem"));
    ASSERT_TRUE(first);
    auto second = create_key_file(dir.file("p2p_key.pem"));
    EXPECT_FALSE(second);
    auto loaded = NodeIdentity::load(dir.file("p2p_key.pem"));
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->public_key(), first->public_key());
}

TEST(p2p_identity, KeyFileReadableByOthersIsRefusedNamingIt) {
    TempDir dir;
    write_file(dir.file("k.pem"), NodeIdentity::generate().private_key_pem(), 0644);
    auto loaded = NodeIdentity::load(dir.file("k.pem"));
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_NE(loaded.error().message.find("chmod 600"), std::string::npos);
}

TEST(p2p_identity, MissingKeyFileIsNotFound) {
    TempDir dir;
    EXPECT_EQ(NodeIdentity::load(dir.file("absent.pem")).reason(), Reason::NOT_FOUND);
}

TEST(p2p_identity, KeysOtherThanEd25519AreRefused) {
    TempDir dir;
    EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    ASSERT_NE(ec, nullptr);
    BIO* bio = BIO_new(BIO_s_mem());
    ASSERT_EQ(PEM_write_bio_PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr), 1);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    write_file(dir.file("ec.pem"), std::string(data, static_cast<size_t>(len)), 0600);
    BIO_free(bio);
    EVP_PKEY_free(ec);
    auto loaded = NodeIdentity::load(dir.file("ec.pem"));
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("not an Ed25519 key"), std::string::npos);
}

TEST(p2p_identity, GarbageIsNotAKey) {
    TempDir dir;
    write_file(dir.file("junk.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 0600);
    EXPECT_EQ(NodeIdentity::load(dir.file("junk.pem")).reason(), Reason::INVALID_ARGUMENT);
}

TEST(p2p_identity, CertificateCarriesTheRawPublicKey) {
    const NodeIdentity id = NodeIdentity::generate();
    auto key = ed25519_key_of(id.certificate());
    ASSERT_TRUE(key);
    EXPECT_EQ(*key, id.public_key());
    EXPECT_NE(id.public_key(), NodeIdentity::generate().public_key());
}

TEST(p2p_identity, PeerKeyHexIsLowercaseAndParsesBackStrictly) {
    const NodeIdentity id = NodeIdentity::generate();
    const std::string hex = peer_key_hex(id.public_key());
    ASSERT_EQ(hex.size(), 64u);
    EXPECT_EQ(parse_peer_key(hex), id.public_key());
    EXPECT_FALSE(parse_peer_key(hex.substr(1)));
    EXPECT_FALSE(parse_peer_key(hex + "00"));
    EXPECT_FALSE(parse_peer_key("zz" + hex.substr(2)));
}

}  // namespace
}  // namespace folio::p2p
