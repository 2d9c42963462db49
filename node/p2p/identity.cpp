#include "node/p2p/identity.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "keys/file_io.h"

namespace folio::p2p {
namespace {

constexpr size_t kMaxKeyFileBytes = 16u << 10;
// The certificate is only a carrier for the key (peers pin the key), so it never expires in practice.
constexpr long kCertificateValiditySeconds = 100L * 365 * 24 * 3600;

std::shared_ptr<x509_st> make_self_signed(EVP_PKEY* key, const PeerKey& public_key) {
    std::shared_ptr<X509> cert(X509_new(), X509_free);
    if (!cert) throw std::bad_alloc();
    const std::string name = "folio-p2p-" + peer_key_hex(public_key).substr(0, 16);
    X509_NAME* subject = X509_get_subject_name(cert.get());
    const bool ok =
        X509_set_version(cert.get(), 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) == 1 &&
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), kCertificateValiditySeconds) != nullptr &&
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0) == 1 &&
        X509_set_issuer_name(cert.get(), subject) == 1 && X509_set_pubkey(cert.get(), key) == 1 &&
        X509_sign(cert.get(), key, nullptr) > 0;  // Ed25519 signs without a separate digest
    // Only allocation can fail here with a key we made or checked ourselves.
    if (!ok) throw std::runtime_error("p2p: cannot make the self-signed certificate");
    return cert;
}

std::optional<PeerKey> raw_public_key(EVP_PKEY* key) {
    if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) return std::nullopt;
    PeerKey out{};
    size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(key, out.data(), &len) != 1 || len != out.size()) return std::nullopt;
    return out;
}

}  // namespace

NodeIdentity::NodeIdentity(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {
    public_key_ = raw_public_key(key_.get()).value();
    certificate_ = make_self_signed(key_.get(), public_key_);
}

NodeIdentity NodeIdentity::generate() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (key == nullptr) throw std::runtime_error("p2p: Ed25519 key generation failed");
    return NodeIdentity(std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free));
}

Result<NodeIdentity> NodeIdentity::load(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return make_error(Reason::NOT_FOUND, path + " does not exist");
        return make_error(Reason::IO_ERROR, path + ": " + std::strerror(errno));
    }
    if ((st.st_mode & 077) != 0) {
        return make_error(
            Reason::INVALID_ARGUMENT,
            path + " is readable by others (it holds the node's P2P private key): chmod 600 " + path);
    }
    auto text = keys::read_file_bounded(path, kMaxKeyFileBytes);
    if (!text) return text.error();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(text->data(), static_cast<int>(text->size())), BIO_free);
    if (!bio) throw std::bad_alloc();
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (key == nullptr) return make_error(Reason::INVALID_ARGUMENT, path + ": not a PEM private key");
    std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
    if (!raw_public_key(key)) {
        return make_error(Reason::INVALID_ARGUMENT, path + ": not an Ed25519 key (P2P keys are Ed25519)");
    }
    return NodeIdentity(std::move(owned));
}

std::string NodeIdentity::private_key_pem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        throw std::runtime_error("p2p: cannot write the private key as PEM");
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

Result<NodeIdentity> create_key_file(const std::string& path) {
    NodeIdentity identity = NodeIdentity::generate();
    Status written = keys::write_file_atomic(path, identity.private_key_pem(), 0600, keys::IfExists::refuse);
    if (!written) return written.error();
    return identity;
}

std::optional<PeerKey> ed25519_key_of(x509_st* certificate) {
    if (certificate == nullptr) return std::nullopt;
    return raw_public_key(X509_get0_pubkey(certificate));
}

}  // namespace folio::p2p
