#include "node/consensus/messages.h"

#include "chain/encoding.h"

namespace folio::consensus {
namespace {
constexpr uint8_t kMessageVersion = 1;
constexpr uint8_t kEvidenceDoubleVote = 1;
constexpr uint8_t kEvidenceDoubleProposal = 2;

void put_vote(Writer& w, const Vote& v) {
    w.u8(kMessageVersion);
    w.u64(v.height);
    w.u32(v.round);
    w.u8(static_cast<uint8_t>(v.type));
    w.fixed_bytes(v.block_hash);
    w.u16(v.validator_index);
    w.fixed_bytes(v.signature);
}

bool get_vote(Reader& r, Vote& v) {
    uint8_t type = 0;
    if (!(r.version("vote version", kMessageVersion) && r.u64("height", v.height) &&
          r.u32("round", v.round) && r.u8("type", type) && r.fixed_bytes("block_hash", v.block_hash) &&
          r.u16("validator_index", v.validator_index) && r.fixed_bytes("signature", v.signature))) {
        return false;
    }
    if (v.round >= kMaxRound) return r.fail("round", "too large");
    if (type != static_cast<uint8_t>(VoteType::prevote) &&
        type != static_cast<uint8_t>(VoteType::precommit)) {
        return r.fail("type", "must be 1 (prevote) or 2 (precommit)");
    }
    v.type = static_cast<VoteType>(type);
    return true;
}

void put_proposal(Writer& w, const Proposal& p) {
    w.u8(kMessageVersion);
    w.u64(p.height);
    w.u32(p.round);
    w.u32(p.pol_round);
    w.fixed_bytes(p.block_hash);
    w.u16(p.proposer_index);
    w.fixed_bytes(p.signature);
}

bool get_proposal(Reader& r, Proposal& p) {
    if (!(r.version("proposal version", kMessageVersion) && r.u64("height", p.height) &&
          r.u32("round", p.round) && r.u32("pol_round", p.pol_round) &&
          r.fixed_bytes("block_hash", p.block_hash) && r.u16("proposer_index", p.proposer_index) &&
          r.fixed_bytes("signature", p.signature))) {
        return false;
    }
    if (p.round >= kMaxRound) return r.fail("round", "too large");
    if (p.pol_round != kNoRound && p.pol_round >= p.round) return r.fail("pol_round", "must be below round");
    if (p.block_hash == BlockHash{}) return r.fail("block_hash", "a proposal names a block");
    return true;
}

Error decode_error(const char* what, const Reader& r) {
    return make_error(Reason::DECODE_ERROR, std::string(what) + ": " + r.error());
}
}  // namespace

Hash256 Vote::sign_hash(const ChainId& chain_id) const {
    return vote_sign_hash(chain_id, height, round, type, block_hash);
}

Bytes Vote::encode() const {
    Writer w(1 + 8 + 4 + 1 + 32 + 2 + 64);
    put_vote(w, *this);
    return w.take();
}

Result<Vote> Vote::decode(ByteView data) {
    Reader r(data);
    Vote v;
    if (!get_vote(r, v) || !r.finish()) return decode_error("vote", r);
    return v;
}

Hash256 Proposal::sign_hash(const ChainId& chain_id) const {
    return proposal_sign_hash(chain_id, height, round, pol_round, block_hash);
}

Bytes Proposal::encode() const {
    Writer w(1 + 8 + 4 + 4 + 32 + 2 + 64);
    put_proposal(w, *this);
    return w.take();
}

Result<Proposal> Proposal::decode(ByteView data) {
    Reader r(data);
    Proposal p;
    if (!get_proposal(r, p) || !r.finish()) return decode_error("proposal", r);
    return p;
}

uint16_t Evidence::validator_index() const {
    if (const auto* d = std::get_if<DoubleVote>(&proof)) return d->first.validator_index;
    return std::get<DoubleProposal>(proof).first.proposer_index;
}

Height Evidence::height() const {
    if (const auto* d = std::get_if<DoubleVote>(&proof)) return d->first.height;
    return std::get<DoubleProposal>(proof).first.height;
}

Round Evidence::round() const {
    if (const auto* d = std::get_if<DoubleVote>(&proof)) return d->first.round;
    return std::get<DoubleProposal>(proof).first.round;
}

Bytes Evidence::encode() const {
    Writer w(2 + 2 * 120);
    w.u8(kMessageVersion);
    if (const auto* d = std::get_if<DoubleVote>(&proof)) {
        w.u8(kEvidenceDoubleVote);
        put_vote(w, d->first);
        put_vote(w, d->second);
    } else {
        const auto& p = std::get<DoubleProposal>(proof);
        w.u8(kEvidenceDoubleProposal);
        put_proposal(w, p.first);
        put_proposal(w, p.second);
    }
    return w.take();
}

Result<Evidence> Evidence::decode(ByteView data) {
    Reader r(data);
    uint8_t kind = 0;
    if (!r.version("evidence version", kMessageVersion) || !r.u8("kind", kind))
        return decode_error("evidence", r);
    Evidence e;
    if (kind == kEvidenceDoubleVote) {
        DoubleVote d;
        if (get_vote(r, d.first) && get_vote(r, d.second)) {
            const bool same_slot = d.first.height == d.second.height && d.first.round == d.second.round &&
                                   d.first.type == d.second.type &&
                                   d.first.validator_index == d.second.validator_index;
            if (!same_slot || d.first.block_hash == d.second.block_hash) {
                r.fail("votes", "must be of one validator, height, round and type, for different blocks");
            }
        }
        e.proof = d;
    } else if (kind == kEvidenceDoubleProposal) {
        DoubleProposal d;
        if (get_proposal(r, d.first) && get_proposal(r, d.second)) {
            const bool same_slot = d.first.height == d.second.height && d.first.round == d.second.round &&
                                   d.first.proposer_index == d.second.proposer_index;
            const bool differ =
                d.first.block_hash != d.second.block_hash || d.first.pol_round != d.second.pol_round;
            if (!same_slot || !differ)
                r.fail("proposals", "must be of one proposer, height and round, and differ");
        }
        e.proof = d;
    } else {
        r.fail("kind", "must be 1 (double vote) or 2 (double proposal)");
    }
    if (!r.finish()) return decode_error("evidence", r);
    return e;
}

Status verify_evidence(const Evidence& evidence, const ChainId& chain_id, const ValidatorSet& validators) {
    const uint16_t index = evidence.validator_index();
    if (index >= validators.validators.size()) {
        return make_error(Reason::NOT_AUTHORIZED,
                          "evidence names validator index " + std::to_string(index) + " outside the set");
    }
    const PubKey& key = validators.validators[index].consensus_key;
    auto check = [&](const Hash256& msg, const Signature& sig) { return crypto::verify(sig, msg, key); };
    bool ok = false;
    if (const auto* d = std::get_if<DoubleVote>(&evidence.proof)) {
        ok = check(d->first.sign_hash(chain_id), d->first.signature) &&
             check(d->second.sign_hash(chain_id), d->second.signature);
    } else {
        const auto& p = std::get<DoubleProposal>(evidence.proof);
        ok = check(p.first.sign_hash(chain_id), p.first.signature) &&
             check(p.second.sign_hash(chain_id), p.second.signature);
    }
    if (!ok)
        return make_error(Reason::BAD_SIGNATURE,
                          "evidence signature of " + validators.validators[index].name + " does not verify");
    return Status();
}

const char* vote_type_name(VoteType type) {
    return type == VoteType::prevote ? "prevote" : "precommit";
}

}  // namespace folio::consensus
