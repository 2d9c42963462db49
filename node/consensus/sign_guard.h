// The rule that keeps a validator from ever signing two conflicting messages, as a pure object the signer
// consults before each signature: positions (height, round, step) only move up; at the last signed position
// the same sign hash gets the same signature back, anything else is refused.
//
// The guard starts from the last message the validator signed and persisted (SafetyState::last_signed), so
// after a restart it refuses what the crashed process could have sent. A signature made but not yet
// persisted never left (the driver persists before it broadcasts), so forgetting it in a crash is safe.
#pragma once

#include <optional>

#include "node/consensus/safety_state.h"

namespace folio::consensus {

struct SignedRecord {
    SignPosition position;
    Hash256 sign_hash{};
    Signature signature{};
    bool operator==(const SignedRecord&) const = default;
};

// The record of SafetyState::last_signed (nullopt if nothing was signed), its sign hash computed for
// chain_id.
std::optional<SignedRecord> last_signed_record(const SafetyState& state, const ChainId& chain_id);

class SignGuard {
  public:
    explicit SignGuard(std::optional<SignedRecord> last = std::nullopt) : last_(std::move(last)) {}

    enum class Verdict {
        sign,           // above the last position: sign, then record()
        return_stored,  // the last position with its own sign hash: stored_signature() is the answer
        refuse,         // below the last position, or the last position with other bytes
    };
    Verdict check(const SignPosition& position, const Hash256& sign_hash) const;
    // The refusal as an error naming both positions (for the driver's log).
    Error refusal(const SignPosition& position, const Hash256& sign_hash) const;
    const Signature& stored_signature() const { return last_->signature; }
    void record(const SignedRecord& record) { last_ = record; }
    const std::optional<SignedRecord>& last() const { return last_; }

  private:
    std::optional<SignedRecord> last_;
};

}  // namespace folio::consensus
