#include "node/consensus/safety_state.h"

#include "chain/encoding.h"

namespace folio::consensus {
namespace {
constexpr uint8_t kSafetyVersion = 1;
constexpr uint8_t kLastNone = 0;
constexpr uint8_t kLastProposal = 1;
constexpr uint8_t kLastVote = 2;
constexpr size_t kMaxEarlierInRound = 2;
constexpr size_t kVoteBytes = 1 + 8 + 4 + 1 + 32 + 2 + 64;
constexpr size_t kProposalBytes = 1 + 8 + 4 + 4 + 32 + 2 + 64;

void put_signed(Writer& w, const SignedMessage& m) {
    if (const auto* p = std::get_if<Proposal>(&m)) {
        w.u8(kLastProposal);
        w.raw(p->encode());
    } else if (const auto* v = std::get_if<Vote>(&m)) {
        w.u8(kLastVote);
        w.raw(v->encode());
    } else {
        w.u8(kLastNone);
    }
}

// Reads one signed message; an error message on failure.
std::optional<std::string> get_signed(Reader& r, SignedMessage& out) {
    uint8_t kind = 0;
    if (!r.u8("signed kind", kind)) return r.error();
    ByteView bytes;
    if (kind == kLastProposal) {
        if (!r.raw("proposal", kProposalBytes, bytes)) return r.error();
        auto p = Proposal::decode(bytes);
        if (!p) return p.error().message;
        out = *p;
    } else if (kind == kLastVote) {
        if (!r.raw("vote", kVoteBytes, bytes)) return r.error();
        auto v = Vote::decode(bytes);
        if (!v) return v.error().message;
        out = *v;
    } else if (kind == kLastNone) {
        out = std::monostate{};
    } else {
        return std::string("signed kind must be 0, 1 or 2");
    }
    return std::nullopt;
}
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
    Writer w(128 + 160 + valid_polka.size() * 120);
    w.u8(kSafetyVersion);
    w.u64(height);
    w.u32(round);
    w.u8(static_cast<uint8_t>(step));
    w.u32(locked_round);
    w.fixed_bytes(locked_block);
    w.u32(valid_round);
    w.fixed_bytes(valid_block);
    w.varint(valid_polka.size());
    for (const Vote& v : valid_polka) w.raw(v.encode());
    w.u8(static_cast<uint8_t>(earlier_in_round.size()));
    for (const SignedMessage& m : earlier_in_round) put_signed(w, m);
    put_signed(w, last_signed);
    return w.take();
}

Result<SafetyState> SafetyState::decode(ByteView data) {
    Reader r(data);
    SafetyState s;
    uint8_t step = 0;
    if (!(r.version("safety state version", kSafetyVersion) && r.u64("height", s.height) &&
          r.u32("round", s.round) && r.u8("step", step) && r.u32("locked_round", s.locked_round) &&
          r.fixed_bytes("locked_block", s.locked_block) && r.u32("valid_round", s.valid_round) &&
          r.fixed_bytes("valid_block", s.valid_block))) {
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
    uint64_t polka = 0;
    if (!r.varint_max("valid_polka count", kMaxValidators, polka)) {
        return make_error(Reason::DECODE_ERROR, "safety state: " + r.error());
    }
    for (uint64_t i = 0; i < polka; ++i) {
        ByteView bytes;
        if (!r.raw("valid_polka vote", kVoteBytes, bytes)) {
            return make_error(Reason::DECODE_ERROR, "safety state: " + r.error());
        }
        auto v = Vote::decode(bytes);
        if (!v) return make_error(Reason::DECODE_ERROR, "safety state: " + v.error().message);
        if (v->type != VoteType::prevote || v->round != s.valid_round || v->block_hash != s.valid_block) {
            return make_error(Reason::DECODE_ERROR,
                              "safety state: a valid_polka vote is not for the valid block");
        }
        s.valid_polka.push_back(*v);
    }
    uint8_t earlier = 0;
    if (!r.u8("n_earlier", earlier) || earlier > kMaxEarlierInRound) {
        return make_error(Reason::DECODE_ERROR, "safety state: n_earlier must be at most 2");
    }
    for (uint8_t i = 0; i <= earlier; ++i) {
        SignedMessage m;
        if (auto error = get_signed(r, m)) return make_error(Reason::DECODE_ERROR, "safety state: " + *error);
        if (i < earlier) {
            if (std::holds_alternative<std::monostate>(m)) {
                return make_error(Reason::DECODE_ERROR, "safety state: an empty earlier message");
            }
            s.earlier_in_round.push_back(std::move(m));
        } else {
            s.last_signed = std::move(m);
        }
    }
    if (!r.finish()) return make_error(Reason::DECODE_ERROR, "safety state: " + r.error());
    // The earlier messages are of the last one's height and round, in signing order.
    const auto last = s.last_signed_position();
    std::optional<SignPosition> previous;
    for (const SignedMessage& m : s.earlier_in_round) {
        SafetyState one;
        one.last_signed = m;
        const auto pos = one.last_signed_position();
        if (!last || pos->height != last->height || pos->round != last->round || !(*pos < *last) ||
            (previous && !(*previous < *pos))) {
            return make_error(Reason::DECODE_ERROR, "safety state: earlier messages out of order");
        }
        previous = pos;
    }
    return s;
}

}  // namespace folio::consensus
