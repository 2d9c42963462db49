// The validator's consensus signer: its secp256k1 key behind a SignGuard (node/consensus/sign_guard.h) that
// starts from the persisted safety state. The engine asks it for every signature; the driver persists the
// engine's SafetyState (SafetyStateFile) before it sends what was signed.
#pragma once

#include "chain/crypto/schnorr.h"
#include "node/consensus/engine.h"
#include "node/consensus/sign_guard.h"

namespace folio::privval {

class FileSigner final : public consensus::Signer {
  public:
    FileSigner(crypto::SecretKey key, std::optional<consensus::SignedRecord> last_signed);

    const PubKey& pubkey() const override { return pubkey_; }
    Result<Signature> sign(const consensus::SignPosition& position, const Hash256& sign_hash) override;

    uint64_t signed_count() const { return signed_; }
    uint64_t refused_count() const { return refused_; }

  private:
    crypto::SecretKey key_;
    PubKey pubkey_{};
    consensus::SignGuard guard_;
    uint64_t signed_ = 0;
    uint64_t refused_ = 0;
};

}  // namespace folio::privval
