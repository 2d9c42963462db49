// What a validator must keep across a crash so that it never signs two conflicting messages and never forgets
// a lock: the engine hands a SafetyState to the driver (Action PersistSafetyState) before anything it signed
// may leave, and a restarted engine starts from the last one written.
//
//   safety := u8 version=1, u64 height, u32 round, u8 step (0 propose, 1 prevote, 2 precommit),
//             u32 locked_round, fixed[32] locked_block, u32 valid_round, fixed[32] valid_block,
//             varint n (<= kMaxValidators), n * vote (the polka: prevotes for valid_block in valid_round),
//             u8 n_earlier (<= 2), n_earlier * signed, signed last   (node/consensus/messages.h)
//   signed := u8 kind (0 none, 1 proposal, 2 vote), [proposal | vote]
//
// The polka is kept so that a validator that restarts with a valid block can still justify re-proposing it:
// without those prevotes, validators that missed them refuse the re-proposal (line 28 of the algorithm) while
// it, locked, refuses every other block, and the chain can stall (the simulation found it). CometBFT gets the
// same from replaying its WAL.
//
// Rounds are kNoRound (0xFFFFFFFF) when there is no lock or no valid block; the block is then the zero hash.
#pragma once

#include <variant>

#include "node/consensus/messages.h"

namespace folio::consensus {

enum class Step : uint8_t { propose = 0, prevote = 1, precommit = 2 };
const char* step_name(Step step);

// Where a signed message sits in the order a correct validator signs in: (height, round, step), a proposal
// before its round's prevote before its precommit. The engine only ever signs at a position above the last.
struct SignPosition {
    Height height = 0;
    Round round = 0;
    Step step = Step::propose;
    auto operator<=>(const SignPosition&) const = default;
};

using SignedMessage = std::variant<std::monostate, Proposal, Vote>;

struct SafetyState {
    Height height = 0;
    Round round = 0;
    Step step = Step::propose;
    Round locked_round = kNoRound;
    BlockHash locked_block{};
    Round valid_round = kNoRound;
    BlockHash valid_block{};
    std::vector<Vote> valid_polka;  // more than 2/3 of the power, prevoting valid_block in valid_round
    // The last message this validator signed (never signed differently), and the ones it signed before it in
    // the same height and round: all are sent again after a restart, since a message dropped on the way and
    // then lost with its signer's memory would otherwise be missing for good.
    SignedMessage last_signed;
    std::vector<SignedMessage> earlier_in_round;

    // Position of last_signed; nullopt if nothing was signed.
    std::optional<SignPosition> last_signed_position() const;
    Bytes encode() const;
    static Result<SafetyState> decode(ByteView data);
    bool operator==(const SafetyState&) const = default;
};

}  // namespace folio::consensus
