// The records that the instrument interface (chain/registry.h, OpContext) adds to the core: instrument ids,
// receipt events and lock records. Consensus data: each has one encoding, and its decoder is bounded.
//
//   InstrumentId := first 16 bytes of H("folio/instrument_id", tx_hash || u16 LE op_index)
//                   (32 hex characters in JSON), so a client knows the id of what its op creates from the
//                   tx alone (tx_build returns them) before it submits.
//
//   Event        := bytes kind (1..kMaxEventKindLength of a-z 0-9 _), u32 asset (0: none), fixed[16] id
//                   (all zero: none), varint n (<= kMaxEventAccounts), n * fixed[32] account,
//                   varint m (<= kMaxEventAmounts), m * u64 amount
//                   What an instrument did, in the words a movement register needs ("escrow_in", subscriber,
//                   amount). Carried by the receipt and committed by results_root (chain/execute.h).
//
//   lock records (state key prefix 0x0b: KeyPrefix::lock, asset id BE, account id -> LockSet)
//   LockSet      := u8 version=1, varint n (1..kMaxLocksPerHolding),
//                   n * (fixed[16] id, bytes kind (1..kMaxEventKindLength), u64 amount > 0)
//                   entries sorted by id, ids distinct. One record per holding with locks, so that
//                   account_holdings lists them with one read and the invariant Σ amounts = Balance.locked is
//                   checked per holding.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "chain/encoding.h"
#include "chain/result.h"
#include "chain/state.h"

namespace folio {

using InstrumentId = std::array<uint8_t, 16>;

InstrumentId instrument_id(const TxHash& tx_hash, uint16_t op_index);
// 32 lowercase hex; parse_instrument_id accepts exactly that (any case is refused but lowercase).
std::string instrument_id_hex(const InstrumentId& id);
bool parse_instrument_id(std::string_view hex, InstrumentId& out);

inline constexpr size_t kMaxEventKindLength = 32;
inline constexpr size_t kMaxEventAccounts = 4;
inline constexpr size_t kMaxEventAmounts = 4;
// Per receipt. A paged op pays at most its `limit` (bounded by block_max_weight) holders, one event each.
inline constexpr size_t kMaxReceiptEvents = 1u << 16;

struct Event {
    std::string kind;
    AssetId asset = 0;
    InstrumentId id{};
    std::vector<AccountId> accounts;
    std::vector<Amount> amounts;

    void encode(Writer& w) const;
    static bool decode(Reader& r, Event& out);
    // INVALID_ARGUMENT naming what breaks the grammar above; what emit() checks before it records an event.
    Status check() const;
    bool operator==(const Event&) const = default;
};

// Lock kinds and event kinds share one alphabet: 1..32 of a-z 0-9 _.
bool is_valid_record_kind(std::string_view kind);

inline constexpr size_t kMaxLocksPerHolding = 64;

struct LockEntry {
    InstrumentId id{};
    std::string kind;
    Amount amount = 0;
    bool operator==(const LockEntry&) const = default;
};

struct LockSet {
    std::vector<LockEntry> entries;  // sorted by id

    Bytes encode() const;
    static bool decode(ByteView data, LockSet& out);
    // The sum of the entries' amounts; false on overflow (never for a set that execution wrote).
    bool total(Amount& out) const;
    LockEntry* find(const InstrumentId& id);
};

namespace state_key {
Bytes locks(AssetId asset, const AccountId& account);
}  // namespace state_key

// The lock records of one holding; an empty set when it has none. Aborts on a record that does not decode
// (as read_balance: only a bug can write one).
LockSet read_locks(const StateView& view, AssetId asset, const AccountId& account);

}  // namespace folio
