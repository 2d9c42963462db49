// Verifying a holding without trusting the node that served it. What the wallet trusts is only its own copy
// of the genesis (its chain id and validator set); from the node's proof_holding answer it takes raw bytes
// and checks them:
//
//   1. header_hex decodes as a BlockHeader whose chain_id is the pinned one (and whose height is the one
//      asked for, if any);
//   2. commit_hex decodes as a CommitCertificate that verify_commit accepts for that header against the
//      validator set of its height: precommits of more than 2/3 of the voting power. Block 0 has no certificate:
//      its header must instead equal the genesis header recomputed from the pinned genesis (state root
//      included). The set of a height comes from the chain of set changes the proof carries, checked from the
//      genesis set on: change i (1, 2, ... in order) is the record validator_set_change(i) proven against the
//      state root of the header that committed it, whose certificate verifies against the set in force at that
//      height; its set signs from committed height + 2. When the proof carries the count of changes at the
//      holding's height, it must be exactly the changes served plus genesis, so that none was left out;
//   3. the state keys are recomputed here: symbol(SYMBOL), then asset(id) with the id read from the verified
//      symbol record, then balance(id, account); each served key must equal ours, and each proof must verify
//      against header.state_root with key_hash = H("folio/state_key", key) and value_hash =
//      H("folio/state_value", value) (a null value: a non-inclusion proof, i.e. a zero balance);
//   4. the verified records decode, and the asset record names the symbol asked for.
// The asset record (decimals, for display) may be left out: a node keeps no history of asset records, so at a
// past height it offers one only if it has not changed since. The caller then verifies a proof at the head
// and takes the decimals from there (they never change); verify_holding reports the verified asset id.
// Any other field of the node's answer (its height, state_root, balance...) is ignored, or compared and
// refused when it disagrees. Pure: no I/O; safe on any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/block.h"
#include "chain/genesis.h"
#include "chain/state.h"

namespace folio::wallet {

// One entry of a proof, as served.
struct ServedEntry {
    Bytes key;
    std::optional<Bytes> value;  // nullopt: the node claims the key is absent
    Bytes proof;                 // an encoded StateProof
};

// One validator set change as served: the block that committed it and the change's record there.
struct ServedSetChange {
    uint32_t index = 0;
    Bytes header;
    Bytes commit;
    ServedEntry entry;  // an empty proof: the node could not serve it (verification then fails)
};

// The bytes of a proof_holding answer. Nothing in it is trusted.
struct HoldingProof {
    Bytes header;
    Bytes commit;  // may be empty for block 0
    ServedEntry symbol;
    std::optional<ServedEntry> asset;    // may be absent (see above)
    std::optional<ServedEntry> balance;  // absent only when the node shows that the symbol is not taken
    std::vector<ServedSetChange> set_changes;  // oldest first; empty from a node of a release before them
    std::optional<ServedEntry> set_count;      // entries.validator_set_changes, at the holding's height
};

// Reads the shape of a proof_holding result (docs/rpc-shapes.md): hex fields present and well-formed. Checks
// nothing cryptographic. DECODE_ERROR naming the field.
Result<HoldingProof> holding_proof_from_json(const nlohmann::json& result);

struct VerifiedHolding {
    BlockHeader header;
    size_t set_changes = 0;  // validator set changes verified on the way from genesis
    BlockHash block_hash{};
    uint64_t signed_power = 0;  // of the validators whose precommits verified (0 for block 0)
    uint64_t total_power = 0;
    AssetId asset_id = 0;        // from the verified symbol record
    std::optional<Asset> asset;  // verified, when the proof carried the asset record
    Balance balance;             // all zero when the proof shows no balance record
};

// Errors (the reason says which check failed, the message says how):
//   DECODE_ERROR   header, certificate, a proof or a record does not decode
//   WRONG_CHAIN    the header is for another chain
//   INVALID_ARGUMENT the header is not at the expected height, or a served key is not the one recomputed here
//   BAD_SIGNATURE  a certificate does not carry > 2/3 of the power of its height's validator set
//   INVALID_ARGUMENT also: set changes out of order, or fewer than the proven count
//   CORRUPTION     a proof does not verify against the header's state root, or a record contradicts its key
//   UNKNOWN_ASSET  verified: no asset has this symbol at that height
Result<VerifiedHolding> verify_holding(const HoldingProof& proof, const Genesis& genesis,
                                       const ChainId& chain_id, std::string_view symbol,
                                       const AccountId& account, std::optional<Height> expected_height);

}  // namespace folio::wallet
