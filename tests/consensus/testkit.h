// What the consensus tests and the simulation share: deterministic validator keys, a plain-key signer, a
// verifier that checks each distinct signature once, and validator sets built from powers.
#pragma once

#include <unordered_map>
#include <vector>

#include "chain/crypto/schnorr.h"
#include "node/consensus/engine.h"

namespace folio::consensus::test {

// The secret key of test validator i (the same in every run).
const crypto::SecretKey& test_key(uint32_t i);

// Signs with a plain key and zero auxiliary randomness, so that a run's signatures, and so its trace, are the
// same every time (BIP340 allows any aux; the randomness only hardens against side channels).
class KeySigner final : public Signer {
  public:
    explicit KeySigner(uint32_t key_index);
    const PubKey& pubkey() const override { return pubkey_; }
    Result<Signature> sign(const SignPosition& position, const Hash256& sign_hash) override;
    uint64_t signatures() const { return signatures_; }

  private:
    uint32_t key_index_;
    PubKey pubkey_{};
    uint64_t signatures_ = 0;
};

// Signs any sign hash with test validator i's key (for messages a test or an equivocator forges).
Signature sign_as(uint32_t key_index, const Hash256& sign_hash);

// Verifies each distinct (signature, message, key) once; the simulation shares one between all its engines.
class CachingVerifier final : public SignatureVerifier {
  public:
    bool verify(const Signature& signature, const Hash256& message, const PubKey& key) override;
    uint64_t verified() const { return verified_; }

  private:
    std::unordered_map<Hash256, bool, FixedBytesHasher> cache_;
    uint64_t verified_ = 0;
};

// Validators named v0, v1, ... with test_key(i) and the given powers.
std::shared_ptr<const ValidatorSet> make_validator_set(const std::vector<uint64_t>& powers);

ChainId test_chain_id();

}  // namespace folio::consensus::test
