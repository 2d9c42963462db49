// A node's P2P identity: its Ed25519 key (DATADIR/p2p_key.pem, PKCS#8 PEM, mode 0600) and the self-signed
// certificate it presents in TLS 1.3. Peers pin the raw 32-byte public key, so the certificate's fields carry
// nothing anyone checks; TLS's CertificateVerify proves the peer holds the private key.
//
// Thread safety: a NodeIdentity is immutable once made and may be shared between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "chain/result.h"
#include "node/p2p/options.h"

struct evp_pkey_st;
struct x509_st;

namespace folio::p2p {

class NodeIdentity {
  public:
    // A fresh key from the OS random source.
    static NodeIdentity generate();
    // Reads the key file: NOT_FOUND if missing; INVALID_ARGUMENT if it is readable by group or others, is not
    // PEM, or holds a key that is not Ed25519 (each naming the path).
    static Result<NodeIdentity> load(const std::string& path);

    const PeerKey& public_key() const { return public_key_; }
    // The private key as PKCS#8 PEM (what the key file holds).
    std::string private_key_pem() const;
    // Borrowed OpenSSL handles, alive as long as this identity.
    evp_pkey_st* key() const { return key_.get(); }
    x509_st* certificate() const { return certificate_.get(); }

  private:
    explicit NodeIdentity(std::shared_ptr<evp_pkey_st> key);
    std::shared_ptr<evp_pkey_st> key_;
    std::shared_ptr<x509_st> certificate_;
    PeerKey public_key_{};
};

// Creates a new key file at path (mode 0600, written atomically; refuses to replace an existing file, so a
// node's identity is never lost by accident) and returns its identity. For `foliod keygen` and `testnet`.
Result<NodeIdentity> create_key_file(const std::string& path);

// The raw public key of an Ed25519 certificate; nullopt for any other kind of key.
std::optional<PeerKey> ed25519_key_of(x509_st* certificate);

}  // namespace folio::p2p
