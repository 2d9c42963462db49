// The driver's check of vote and proposal signatures: each distinct (signature, message, key) verified once.
// Gossip re-sends messages on purpose, so without this a validator would verify every vote several times.
// Bounded: past kMaxEntries it forgets everything and starts over, which costs verifications again but never
// gives a wrong answer (a verdict is a fact about fixed bytes). Driver thread only.
#pragma once

#include <unordered_map>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "node/consensus/engine.h"

namespace folio::node {

class VoteSignatureCache final : public consensus::SignatureVerifier {
  public:
    static constexpr size_t kMaxEntries = 1 << 16;

    bool verify(const Signature& signature, const Hash256& message, const PubKey& key) override {
        Writer w(128);
        w.fixed_bytes(signature);
        w.fixed_bytes(message);
        w.fixed_bytes(key);
        const Hash256 id = crypto::sha256(w.data());
        if (auto it = known_.find(id); it != known_.end()) return it->second;
        if (known_.size() >= kMaxEntries) known_.clear();
        const bool ok = crypto::verify(signature, message, key);
        known_.emplace(id, ok);
        return ok;
    }

  private:
    std::unordered_map<Hash256, bool, FixedBytesHasher> known_;
};

}  // namespace folio::node
