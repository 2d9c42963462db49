// The genesis spec: what a chain starts from. Written as JSON (genesis/*.json, docs/genesis.md), parsed into
// this struct, and identified by chain_id = H("folio/genesis", canonical encoding of the parsed struct), so
// that whitespace or key order in the file never changes the chain.
//
//   genesis  := u8 version=1, bytes chain_name, u64 genesis_time_ms, validators (chain/block.h),
//               u8 governance_rule, [fixed[32] governance_account if the rule is 1 (account)],
//               varint n, n * account, varint n, n * asset, varint n, n * param
//   account  := bytes name, fixed[32] pubkey, u32 roles, u8 has_kyc, [u8 level, bytes category, u64 expires_ms,
//               fixed[32] doc_hash]
//   asset    := bytes symbol, u8 class, u8 decimals, u64 max_supply, fixed[32] issuer_pubkey,
//               fixed[32] metadata_hash, bytes policy, varint n, n * (fixed[32] account_pubkey, u64 amount)
//   param    := bytes name, u64 value             (sorted by name, names unique)
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chain/block.h"
#include "chain/result.h"
#include "chain/state.h"

namespace folio {

// Who signs param_update and validator_set_update: any account holding the registrar role, or one named
// account (which key_set_update may make M of N officers). The rule is fixed at genesis.
enum class GovernanceRule : uint8_t { registrar = 0, account = 1 };

struct GenesisAccount {
    std::string name;  // a label for people and keystores; not an on-chain identity
    PubKey pubkey{};
    uint32_t roles = 0;
    std::optional<Kyc> kyc;
};

struct GenesisAsset {
    std::string symbol;
    AssetClass asset_class = AssetClass::other;
    uint8_t decimals = 0;
    Amount max_supply = 0;
    PubKey issuer{};  // the pubkey of a genesis account with the issuer role
    Hash256 metadata_hash{};
    std::optional<Policy> policy;
    std::vector<std::pair<PubKey, Amount>> balances;
};

struct Genesis {
    std::string chain_name;
    uint64_t genesis_time_ms = 0;
    ValidatorSet validators;
    GovernanceRule governance = GovernanceRule::registrar;
    AccountId governance_account{};  // the rule `account`: one of the genesis accounts
    std::vector<GenesisAccount> accounts;
    std::vector<GenesisAsset> assets;
    std::map<std::string, uint64_t> params;  // as the file sets them; defaults fill the rest in the state

    Bytes encode() const;
    ChainId chain_id() const;
    // The JSON form (genesis/dev.json); parse_genesis(to_json()) gives back an equal chain_id.
    std::string to_json() const;
};

// Upper bound of the consensus_* timing parameters (ms).
inline constexpr uint64_t kMaxConsensusTimingMs = 600000;

// The parameters every chain has, with their defaults; genesis may set them and param_update change them.
const std::map<std::string, uint64_t>& default_params();

// Parses and validates a genesis file's text. An error names the offending field ("accounts[2].pubkey: ...").
Result<Genesis> parse_genesis(std::string_view json_text);

// The state writes of height 0: accounts, key index, assets, balances, params, validator set (change 0), and
// under the rule `account` the governance account (governance_account_key()).
StateWrites genesis_state(const Genesis& genesis);

// The state key that holds the governance account (32 bytes) on a chain whose rule is `account`; absent under
// the rule `registrar`.
Bytes governance_account_key();

// Header of block 0, given the root of genesis_state.
BlockHeader genesis_header(const Genesis& genesis, const Hash256& state_root);

}  // namespace folio
