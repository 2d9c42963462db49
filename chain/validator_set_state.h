// The validator set in the state: genesis writes the first one, validator_set_update (governance) schedules
// the next. A change committed in block H is the set of heights H+2 onwards: block H+1 was already being
// agreed among the old set while H executed, so it is still signed by it. Every change is kept (never
// pruned), so the set of any height is a pure function of the state, and the state_root commits to the whole
// history.
//
// Keys and records (chain/state.h gives the other prefixes):
//   0x0a validator_set := u32 BE index               -> ValidatorSetChange      (index 0: genesis)
//   0x09 meta "validator_set_changes"                -> u32 LE count of changes
//   ValidatorSetChange := u8 version=1, u64 effective_from, u64 committed_height, validators (chain/block.h)
// Changes are stored in index order with strictly increasing effective_from; two changes committed in one
// block share an effective height, so the second replaces the first.
#pragma once

#include <optional>

#include "chain/block.h"
#include "chain/state.h"

namespace folio {

// Heights between the block that commits a change and the first block its set signs.
inline constexpr Height kValidatorSetDelay = 2;
// Each validator's power is at most this, so the total of 1,024 validators stays far below 2^62 (the commit
// check multiplies it by 3).
inline constexpr uint64_t kMaxValidatorPower = uint64_t{1} << 48;

struct ValidatorSetChange {
    Height effective_from = 0;    // the first height this set signs
    Height committed_height = 0;  // the block whose execution wrote it (0: genesis)
    ValidatorSet set;

    Bytes encode() const;
    static bool decode(ByteView data, ValidatorSetChange& out);
    bool operator==(const ValidatorSetChange&) const = default;
};

namespace state_key {
Bytes validator_set_change(uint32_t index);
Bytes validator_set_change_count();
}  // namespace state_key

// A set a chain can run on: 1 to 1,024 validators, names of 1 to 64 bytes, valid secp256k1 consensus keys and
// Ed25519 P2P keys, no key or name twice, each power in 1..2^48. The error (INVALID_ARGUMENT, or OVERFLOW for
// the total) names the field: "validators[2].p2p_pubkey: appears twice".
Status check_validator_set(const ValidatorSet& set);

// How many changes the state holds (0 for a state written before sets lived in it).
uint32_t validator_set_change_count(const StateView& view);
// The change at `index`; false when absent.
bool read_validator_set_change(const StateView& view, uint32_t index, ValidatorSetChange& out);

// The set that signs block `height`: the last change whose effective_from <= height. A state without any
// change (written by an earlier release) gives `genesis_set` from height 0.
ValidatorSetChange validator_set_at(const StateView& view, Height height, const ValidatorSet& genesis_set);

// The index of that change, or nullopt for a state without changes.
std::optional<uint32_t> validator_set_index_at(const StateView& view, Height height);

// The writes that schedule `set` from a block at `committed_height`: appended as a new change, or replacing
// the last one when it was committed in the same block.
StateWrites schedule_validator_set(const StateView& view, Height committed_height, const ValidatorSet& set);

// The writes of genesis: change 0, effective from height 0.
StateWrites genesis_validator_set(const ValidatorSet& set);

}  // namespace folio
