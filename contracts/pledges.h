// Pledges (nantissement, docs/instruments.md "Pledges"): a holder pledges part of its available units to a
// beneficiary (a lender) under a signed agreement; the units stay the holder's but are locked until the
// beneficiary releases them or the registrar enforces the pledge and moves them to the beneficiary.
//
//   pledge payload         := u8 version=1, bytes symbol (<= 12), u64 amount (> 0), fixed[32] beneficiary,
//                             fixed[32] doc_hash
//   pledge_release payload := u8 version=1, fixed[16] id
//   pledge_enforce payload := u8 version=1, fixed[16] id, fixed[32] legal_ref
//
//   state (prefix 0x46):
//     'p' id             -> PledgeRecord (below)
//     'a' account ...    -> the pledges the account gave (an id list, contracts/id_list.h)
//     'b' beneficiary ...-> the pledges made to the beneficiary (an id list)
//   the lock itself is a core lock record of kind "pledge" with the pledge's id.
#pragma once

#include <memory>

#include "contracts/registry.h"

namespace folio::contracts {

inline constexpr uint16_t kPledgeTag = 0x0160;
inline constexpr uint16_t kPledgeReleaseTag = 0x0161;
inline constexpr uint16_t kPledgeEnforceTag = 0x0162;
inline constexpr uint8_t kPledgePrefix = 0x46;
inline constexpr std::string_view kPledgeLockKind = "pledge";
inline constexpr uint64_t kMaxPledgeListLimit = 100;

struct PledgeOp {
    std::string asset;
    Amount amount = 0;
    AccountId beneficiary{};
    Hash256 doc_hash{};
};

enum class PledgeStatus : uint8_t { active = 1, released = 2, enforced = 3 };

//   PledgeRecord := u8 version=1, u32 asset, fixed[32] pledger, fixed[32] beneficiary, u64 amount,
//                   fixed[32] doc_hash, u64 created_height, u8 status, u64 ended_height, fixed[32] legal_ref
struct PledgeRecord {
    AssetId asset = 0;
    AccountId pledger{};
    AccountId beneficiary{};
    Amount amount = 0;
    Hash256 doc_hash{};
    Height created_height = 0;
    PledgeStatus status = PledgeStatus::active;
    Height ended_height = 0;  // 0 while active
    Hash256 legal_ref{};      // the enforcement's legal reference; zero otherwise

    Bytes encode() const;
    static bool decode(ByteView data, PledgeRecord& out);
};

Op encode_pledge(const PledgeOp& op);
Op encode_pledge_release(const InstrumentId& id);
Op encode_pledge_enforce(const InstrumentId& id, const Hash256& legal_ref);

std::unique_ptr<Instrument> make_pledges_instrument();

}  // namespace folio::contracts
