// The ledger state: typed records under typed keys. Every record below is a leaf of the state tree (its path is
// H("folio/state_key", key), its value hash H over the encoded record), so the state_root commits to all of it.
//
// Keys (prefix byte, then fixed-width fields; asset ids big-endian so that iteration follows creation order):
//   0x01 account   := AccountId                 -> Account
//   0x02 pubkey    := PubKey                    -> AccountId (a key belongs to one account at most)
//   0x03 asset     := AssetId(u32 BE)           -> Asset
//   0x04 symbol    := symbol bytes              -> AssetId (u32 LE)
//   0x05 balance   := AssetId(BE), AccountId    -> Balance
//   0x06 clientref := AccountId, client_ref     -> TxHash of the tx that used it
//   0x07 issuer    := AssetId(BE), AccountId    -> empty (issuer rights on one asset, by role_grant)
//   0x08 param     := name                      -> u64 LE
//   0x09 meta      := name                      -> bytes ("next_asset_id" -> u32 LE)
//   0x0a validator set changes (chain/validator_set_state.h)
//   0x0b lock      := AssetId(BE), AccountId    -> LockSet (chain/instrument.h): the locks behind Balance.locked
//   0x40..0xff       contract state, under the prefix the instrument registry assigns
//
// Records:
//   Account := u8 version=1, varint n_keys (1..8), n_keys * fixed[32] pubkey, u8 threshold, u32 roles,
//              u64 nonce, u8 frozen, u8 has_kyc, [Kyc]                        (every key weighs 1)
//            | u8 version=2, varint n_keys (1..16), n_keys * (fixed[32] pubkey, u8 weight (1..255)),
//              u16 threshold, u32 roles, u64 nonce, u8 frozen, u8 has_kyc, [Kyc]
//              Version 2 only for what version 1 cannot say (a weight other than 1, more than 8 keys, a
//              threshold above 255): one encoding per account, so the records of existing chains stay as they are.
//   Kyc     := u8 level, bytes category (<= 32), u64 expires_ms, fixed[32] doc_hash, fixed[32] attested_by,
//              u64 attested_height
//   Asset   := u8 version=1, u32 id, bytes symbol, u8 class, u8 decimals, u64 max_supply, u64 supply,
//              u64 holders, fixed[32] issuer, u8 frozen, bytes policy (encoded Policy), fixed[32] metadata_hash,
//              u64 created_height
//            | u8 version=2, the same fields, u64 escrow (> 0)
//              escrow: the units instruments hold apart (campaign subscriptions, distributions being paid), so
//              that per asset Σ balance amounts + escrow = supply. Version 2 only while escrow > 0: one
//              encoding per asset, and the records of existing chains stay as they are.
//   Balance := u8 version=1, u64 amount, u64 locked, u64 frozen       (available = amount - locked - frozen)
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chain/ops.h"
#include "chain/types.h"

namespace folio {

enum class KeyPrefix : uint8_t {
    account = 0x01,
    pubkey = 0x02,
    asset = 0x03,
    symbol = 0x04,
    balance = 0x05,
    client_ref = 0x06,
    asset_issuer = 0x07,
    param = 0x08,
    meta = 0x09,
    validator_set = 0x0a,  // chain/validator_set_state.h
    lock = 0x0b,           // chain/instrument.h
    first_contract = 0x40,
};

namespace state_key {
Bytes account(const AccountId& id);
Bytes pubkey(const PubKey& key);
Bytes asset(AssetId id);
Bytes symbol(std::string_view symbol);
Bytes balance(AssetId asset, const AccountId& account);
Bytes client_ref(const AccountId& account, std::string_view ref);
Bytes asset_issuer(AssetId asset, const AccountId& account);
Bytes param(std::string_view name);
Bytes meta(std::string_view name);
// Parses a balance key back into its parts; false for any other key.
bool parse_balance(ByteView key, AssetId& asset, AccountId& account);
}  // namespace state_key

struct Kyc {
    uint8_t level = 0;
    std::string category;
    uint64_t expires_ms = 0;
    Hash256 doc_hash{};
    AccountId attested_by{};
    Height attested_height = 0;
    // The Kyc fields of the Account record, alone (the store's KYC history keeps them per height).
    Bytes encode() const;
    static bool decode(ByteView data, Kyc& out);
    bool operator==(const Kyc&) const = default;
};

inline constexpr size_t kMaxAccountKeys = 16;

struct Account {
    std::vector<PubKey> keys;
    // One weight per key, in the order of `keys`; empty when every key weighs 1 (the form every record had before
    // key_set_update). Use weight_of(), which reads both forms.
    std::vector<uint8_t> weights;
    uint16_t threshold = 1;
    uint32_t roles = 0;
    uint64_t nonce = 0;  // the next nonce this account must use
    bool frozen = false;
    std::optional<Kyc> kyc;

    bool has_role(Role r) const { return (roles & role_bit(r)) != 0; }
    bool has_key(const PubKey& k) const;
    // The weight of the key at `index` of `keys`.
    uint8_t weight_of(size_t index) const { return weights.empty() ? 1 : weights[index]; }
    // The weight `k` carries toward the threshold; 0 for a key not of this account.
    uint32_t weight_of_key(const PubKey& k) const;
    uint32_t total_weight() const;
    Bytes encode() const;
    static bool decode(ByteView data, Account& out);
    bool operator==(const Account&) const = default;
};

struct Asset {
    AssetId id = 0;
    std::string symbol;
    AssetClass asset_class = AssetClass::other;
    uint8_t decimals = 0;
    Amount max_supply = 0;
    Amount supply = 0;
    uint64_t holders = 0;
    AccountId issuer{};
    bool frozen = false;
    Policy policy;
    Hash256 metadata_hash{};
    Height created_height = 0;
    Amount escrow = 0;

    Bytes encode() const;
    static bool decode(ByteView data, Asset& out);
    bool operator==(const Asset&) const = default;
};

struct Balance {
    Amount amount = 0;
    Amount locked = 0;
    Amount frozen = 0;

    // What the holder may move now; never negative because apply keeps locked + frozen <= amount.
    Amount available() const { return amount - locked - frozen; }
    bool empty() const { return amount == 0 && locked == 0 && frozen == 0; }
    Bytes encode() const;
    static bool decode(ByteView data, Balance& out);
    bool operator==(const Balance&) const = default;
};

// Read access to a committed state. Implementations: the node's in-memory state (Ledger, chain/ledger.h) and the
// execution overlay. get() returns false when the key is absent.
class StateView {
public:
    virtual ~StateView() = default;
    virtual bool get(ByteView key, Bytes& value) const = 0;
};

// A block's writes: key -> new value, or nullopt for a deletion. Ordered, so that iteration is deterministic.
struct StateWrite {
    Bytes key;
    std::optional<Bytes> value;
};
using StateWrites = std::vector<StateWrite>;

// Typed reads over a StateView; false when absent. A stored record that does not decode can only come from
// our own bug (the store verifies checksums and the state root on open), so it aborts rather than being taken
// for an absent record, which would fork the state.
bool read_account(const StateView& view, const AccountId& id, Account& out);
bool read_asset(const StateView& view, AssetId id, Asset& out);
bool read_asset_id(const StateView& view, std::string_view symbol, AssetId& out);
bool read_balance(const StateView& view, AssetId asset, const AccountId& account, Balance& out);
bool read_param(const StateView& view, std::string_view name, uint64_t& out);

}  // namespace folio
