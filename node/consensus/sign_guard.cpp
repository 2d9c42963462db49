#include "node/consensus/sign_guard.h"

#include <string>

namespace folio::consensus {
namespace {

std::string describe(const SignPosition& p) {
    return "height " + std::to_string(p.height) + " round " + std::to_string(p.round) + " " +
           step_name(p.step);
}

}  // namespace

std::optional<SignedRecord> last_signed_record(const SafetyState& state, const ChainId& chain_id) {
    if (const auto* p = std::get_if<Proposal>(&state.last_signed))
        return SignedRecord{*state.last_signed_position(), p->sign_hash(chain_id), p->signature};
    if (const auto* v = std::get_if<Vote>(&state.last_signed))
        return SignedRecord{*state.last_signed_position(), v->sign_hash(chain_id), v->signature};
    return std::nullopt;
}

SignGuard::Verdict SignGuard::check(const SignPosition& position, const Hash256& sign_hash) const {
    if (!last_ || position > last_->position) return Verdict::sign;
    if (position == last_->position && sign_hash == last_->sign_hash) return Verdict::return_stored;
    return Verdict::refuse;
}

Error SignGuard::refusal(const SignPosition& position, const Hash256& sign_hash) const {
    if (!last_) return make_error(Reason::INTERNAL, "sign guard: nothing signed, nothing to refuse");
    if (position == last_->position && sign_hash != last_->sign_hash) {
        return make_error(
            Reason::NOT_AUTHORIZED,
            "refused to sign at " + describe(position) +
                ": other bytes were already signed there (a second signature would equivocate)");
    }
    return make_error(Reason::NOT_AUTHORIZED, "refused to sign at " + describe(position) +
                                                  ": below the last signed position, " +
                                                  describe(last_->position));
}

}  // namespace folio::consensus
