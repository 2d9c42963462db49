#include "node/consensus/safety_state.h"

#include "chain/encoding.h"

namespace folio::consensus {
namespace {
constexpr uint8_t kSafetyVersion = 1;
constexpr uint8_t kLastNone = 0;
constexpr uint8_t kLastProposal = 1;
constexpr uint8_t kLastVote = 2;
}  // namespace

const char* step_name(Step step) {
    switch (step) {
        case Step::propose:
            return "propose";
        case Step::prevote:
            return "prevote";
        case Step::precommit:
            return "precommit";
    }
    return "unknown";
}

std::optional<SignPosition> SafetyState::last_signed_position() const {
    if (const auto* p = std::get_if<Proposal>(&last_signed))
        return SignPosition{p->height, p->round, Step::propose};
    if (const auto* v = std::get_if<Vote>(&last_signed)) {
        return SignPosition{v->height, v->round,
                            v->type == VoteType::prevote ? Step::prevote : Step::precommit};
    }
    return std::nullopt;
}

Bytes SafetyState::encode() const {
    Writer w(128 + 160);
    w.u8(kSafetyVersion);
    w.u64(height);
    w.u32(round);
    w.u8(static_cast<uint8_t>(step));
    w.u32(locked_round);
    w.fixed_bytes(locked_block);
    w.u32(valid_round);
    w.fixed_bytes(valid_block);
    if (const auto* p = std::get_if<Proposal>(&last_signed)) {
        w.u8(kLastProposal);
        w.raw(p->encode());
    } else if (const auto* v = std::get_if<Vote>(&last_signed)) {
        w.u8(kLastVote);
        w.raw(v->encode());
    } else {
        w.u8(kLastNone);
    }
    return w.take();
}

Result<SafetyState> SafetyState::decode(ByteView data) {
    Reader r(data);
    SafetyState s;
    uint8_t step = 0;
    uint8_t kind = 0;
    if (!(r.version("safety state version", kSafetyVersion) && r.u64("height", s.height) &&
          r.u32("round", s.round) && r.u8("step", step) && r.u32("locked_round", s.locked_round) &&
          r.fixed_bytes("locked_block", s.locked_block) && r.u32("valid_round", s.valid_round) &&
          r.fixed_bytes("valid_block", s.valid_block) && r.u8("last_kind", kind))) {
        return make_error(Reason::DECODE_ERROR, "safety state: " + r.error());
    }
    if (step > static_cast<uint8_t>(Step::precommit)) {
        return make_error(Reason::DECODE_ERROR, "safety state: step must be 0, 1 or 2");
    }
    s.step = static_cast<Step>(step);
    const bool lock_ok = (s.locked_round == kNoRound) == (s.locked_block == BlockHash{});
    const bool valid_ok = (s.valid_round == kNoRound) == (s.valid_block == BlockHash{});
    if (!lock_ok || !valid_ok) {
        return make_error(Reason::DECODE_ERROR,
                          "safety state: a round without a block or a block without a round");
    }
    ByteView rest;
    if (!r.raw("last_signed", r.remaining(), rest))
        return make_error(Reason::DECODE_ERROR, "safety state: " + r.error());
    if (kind == kLastProposal) {
        auto p = Proposal::decode(rest);
        if (!p) return make_error(Reason::DECODE_ERROR, "safety state: " + p.error().message);
        s.last_signed = *p;
    } else if (kind == kLastVote) {
        auto v = Vote::decode(rest);
        if (!v) return make_error(Reason::DECODE_ERROR, "safety state: " + v.error().message);
        s.last_signed = *v;
    } else if (kind != kLastNone || !rest.empty()) {
        return make_error(Reason::DECODE_ERROR,
                          "safety state: last_kind must be 0, 1 or 2 and end the record");
    }
    return s;
}

}  // namespace folio::consensus
