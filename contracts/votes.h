// Holder votes (docs/instruments.md "Holder votes"): an issuer asks the holders of an asset a question with a
// fixed number of options; each account that held units at the snapshot height casts one ballot, weighted by
// its units then or counted once; the tally states quorum and majority.
//
//   vote_create payload := u8 version=1, bytes symbol (<= 12), fixed[32] question_hash, u8 options
//                          (2..kMaxVoteOptions), u64 snapshot_height, u64 close_height, u8 weighting
//                          (1 units, 2 holders), u16 quorum_bps (<= 10000), u16 majority_bps (1..10000)
//   vote_cast payload   := u8 version=1, fixed[16] id, u8 option (1..kMaxVoteOptions)
//
//   state (prefix 0x47):
//     'v' id                 -> VoteRecord (below)
//     'b' id account         -> u8 version=1, u8 option, u64 weight   (one ballot per account)
//     'l' asset BE ...       -> the asset's votes in creation order (an id list, contracts/id_list.h)
#pragma once

#include <memory>

#include "contracts/registry.h"

namespace folio::contracts {

inline constexpr uint16_t kVoteCreateTag = 0x0170;
inline constexpr uint16_t kVoteCastTag = 0x0171;
inline constexpr uint8_t kVotePrefix = 0x47;
inline constexpr uint8_t kMaxVoteOptions = 16;
inline constexpr uint32_t kBpsDenominator = 10000;
// The most votes one vote_list call returns.
inline constexpr uint64_t kMaxVoteListLimit = 100;

enum class VoteWeighting : uint8_t { units = 1, holders = 2 };

struct VoteCreateOp {
    std::string asset;
    Hash256 question_hash{};
    uint8_t options = 0;
    Height snapshot_height = 0;
    Height close_height = 0;
    VoteWeighting weighting = VoteWeighting::units;
    uint16_t quorum_bps = 0;
    uint16_t majority_bps = 0;
};

struct VoteCastOp {
    InstrumentId id{};
    uint8_t option = 0;
};

//   VoteRecord := u8 version=1, u32 asset, fixed[32] question_hash, u8 options, u64 snapshot_height,
//                 u64 close_height, u8 weighting, u16 quorum_bps, u16 majority_bps, u64 total_weight,
//                 u64 created_height, u64 voters, u64 cast_weight, options * u64 option weight
struct VoteRecord {
    AssetId asset = 0;
    Hash256 question_hash{};
    uint8_t options = 0;
    Height snapshot_height = 0;
    Height close_height = 0;
    VoteWeighting weighting = VoteWeighting::units;
    uint16_t quorum_bps = 0;
    uint16_t majority_bps = 0;
    uint64_t total_weight = 0;  // units held at the snapshot (supply - escrow), or holders at the snapshot
    Height created_height = 0;
    uint64_t voters = 0;
    uint64_t cast_weight = 0;
    std::vector<uint64_t> tally;  // one weight per option

    Bytes encode() const;
    static bool decode(ByteView data, VoteRecord& out);
};

// What a tally says, from a record and the last committed height.
struct VoteOutcome {
    bool closed = false;
    bool quorum_reached = false;
    uint8_t leading_option = 0;  // 0: no ballot yet, or a tie for the lead
    bool passed = false;
};
VoteOutcome vote_outcome(const VoteRecord& vote, Height committed_height);

Op encode_vote_create(const VoteCreateOp& op);
Op encode_vote_cast(const VoteCastOp& op);

std::unique_ptr<Instrument> make_votes_instrument();

}  // namespace folio::contracts
