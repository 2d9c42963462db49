// The signed messages of consensus: proposals and votes, their wire form, and evidence of equivocation.
//
//   vote      := u8 version=1, u64 height, u32 round, u8 type (1 prevote, 2 precommit), fixed[32] block_hash
//                (zero = nil), u16 validator_index, fixed[64] signature
//   proposal  := u8 version=1, u64 height, u32 round, u32 pol_round (0xFFFFFFFF = none), fixed[32]
//   block_hash,
//                u16 proposer_index, fixed[64] signature
//   evidence  := u8 version=1, u8 kind (1 double vote, 2 double proposal), (vote vote | proposal proposal)
//
// A vote signs vote_sign_hash (chain/block.h), so the precommits of a decision are the CommitCertificate's
// signatures as they are; a proposal signs proposal_sign_hash ("folio/proposal"). Validators are named by
// their index in the height's ValidatorSet. round < kMaxRound, and a pol_round is none or below round: a
// decoder refuses anything else, so every decoded message re-encodes to the same bytes.
#pragma once

#include <variant>

#include "chain/block.h"
#include "chain/result.h"

namespace folio::consensus {

using Round = uint32_t;
// "No round": a proposal without proof-of-lock, no lock, no valid block.
inline constexpr Round kNoRound = kNoPolRound;
// Rounds at or past this are refused as malformed. Round r waits at least r * timeout_delta_ms, so a correct
// validator never gets near it; the bound keeps kNoRound distinct and round arithmetic far from overflow.
inline constexpr Round kMaxRound = 1u << 20;

struct Vote {
    Height height = 0;
    Round round = 0;
    VoteType type = VoteType::prevote;
    BlockHash block_hash{};  // zero hash: a vote for nil
    uint16_t validator_index = 0;
    Signature signature{};

    bool is_nil() const { return block_hash == BlockHash{}; }
    Hash256 sign_hash(const ChainId& chain_id) const;
    Bytes encode() const;
    static Result<Vote> decode(ByteView data);
    bool operator==(const Vote&) const = default;
};

struct Proposal {
    Height height = 0;
    Round round = 0;
    Round pol_round = kNoRound;  // the round of the polka behind a re-proposed block, or kNoRound
    BlockHash block_hash{};
    uint16_t proposer_index = 0;
    Signature signature{};

    Hash256 sign_hash(const ChainId& chain_id) const;
    Bytes encode() const;
    static Result<Proposal> decode(ByteView data);
    bool operator==(const Proposal&) const = default;
};

// Two messages of one validator for one (height, round, kind) that differ: proof that it equivocated. Both
// signatures have been verified before evidence is made.
struct DoubleVote {
    Vote first;
    Vote second;
};
struct DoubleProposal {
    Proposal first;
    Proposal second;
};
struct Evidence {
    std::variant<DoubleVote, DoubleProposal> proof;

    uint16_t validator_index() const;
    Height height() const;
    Round round() const;
    Bytes encode() const;
    static Result<Evidence> decode(ByteView data);
};

// Checks that both messages of the evidence are signed by the named member of the height's set. Decoding
// checks only the shape: evidence received from elsewhere must pass this before it is believed.
Status verify_evidence(const Evidence& evidence, const ChainId& chain_id, const ValidatorSet& validators);

// "prevote" / "precommit".
const char* vote_type_name(VoteType type);

}  // namespace folio::consensus
