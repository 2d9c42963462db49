#include "wallet/verify.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/hash.h"
#include "chain/encoding.h"
#include "chain/genesis_check.h"
#include "chain/state_proof.h"
#include "chain/validator_set_state.h"
#include "wallet/text.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

// Bounds on what a served field may be, far above anything honest (a header is 273 bytes, a proof at most
// ~8 KiB, a certificate of 1024 validators ~68 KiB), so that a hostile node cannot make us decode megabytes.
constexpr size_t kMaxFieldHexChars = 512 * 1024;
// Far above any governance history: each change is one governance tx.
constexpr size_t kMaxServedSetChanges = 10000;

Result<Bytes> hex_field(const json& j, const char* name, const std::string& where) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string())
        return make_error(Reason::DECODE_ERROR, cat(where, name, ": missing or not a string"));
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > kMaxFieldHexChars) return make_error(Reason::DECODE_ERROR, cat(where, name, ": too long"));
    auto bytes = from_hex(s);
    if (!bytes) return make_error(Reason::DECODE_ERROR, cat(where, name, ": not hex"));
    return std::move(*bytes);
}

Result<ServedEntry> entry_from_json(const json& entries, const char* name) {
    const std::string where = cat("entries.", name, ".");
    auto it = entries.find(name);
    if (it == entries.end() || !it->is_object())
        return make_error(Reason::DECODE_ERROR, cat("entries.", name, ": missing"));
    ServedEntry e;
    auto key = hex_field(*it, "key", where);
    if (!key) return key.error();
    e.key = std::move(*key);
    auto proof = hex_field(*it, "proof", where);
    if (!proof) return proof.error();
    e.proof = std::move(*proof);
    if (it->contains("value") && !(*it)["value"].is_null()) {
        auto value = hex_field(*it, "value", where);
        if (!value) return value.error();
        e.value = std::move(*value);
    }
    return e;
}

// Checks one served entry against our own key and the verified root.
Status check_entry(const ServedEntry& e, const Bytes& expected_key, const Hash256& state_root,
                   const char* what) {
    if (e.key != expected_key) {
        return make_error(Reason::INVALID_ARGUMENT,
                          cat("the node's ", what, " key is not the state key of what was asked"));
    }
    std::string why;
    auto proof = StateProof::decode(e.proof, &why);
    if (!proof) return make_error(Reason::DECODE_ERROR, cat("the ", what, " proof does not decode: ", why));
    const Hash256 key_hash = crypto::tags::state_key()(expected_key);
    std::optional<Hash256> value_hash;
    if (e.value) value_hash = crypto::tags::state_value()(*e.value);
    if (!verify_state_proof(state_root, key_hash, value_hash, *proof)) {
        return make_error(
            Reason::CORRUPTION,
            cat("the ", what, " proof does not verify against the block's state root (the node's ",
                e.value ? "record" : "claim that there is no record", " is not what the chain holds)"));
    }
    return Status();
}

// A certificate of `header` by `set`, with the power that signed it.
Result<uint64_t> check_certificate(const Bytes& commit, const BlockHeader& header, const ChainId& chain_id,
                                   const ValidatorSet& set, const std::string& what) {
    auto cert = CommitCertificate::decode(commit);
    if (!cert) {
        return make_error(Reason::DECODE_ERROR,
                          cat("the commit certificate", what, " does not decode: ", cert.error().message));
    }
    if (Status s = verify_commit(*cert, chain_id, header, set); !s) {
        return make_error(Reason::BAD_SIGNATURE, cat("the commit certificate", what, " does not verify: ", s.error().message));
    }
    uint64_t power = 0;
    for (const auto& sig : cert->signatures) power += set.validators[sig.validator_index].power;
    return power;
}

// The set that signs `height` among verified changes (ordered by effective_from, the first from height 0).
const ValidatorSet& set_at(const std::vector<ValidatorSetChange>& sets, Height height) {
    size_t i = 0;
    while (i + 1 < sets.size() && sets[i + 1].effective_from <= height) ++i;
    return sets[i].set;
}

// Walks the served changes from the genesis set on; each is taken only once its block's certificate verified
// against the set of that block's height and its record verified against that block's state root.
Result<std::vector<ValidatorSetChange>> verify_set_changes(const std::vector<ServedSetChange>& served,
                                                           const Genesis& genesis, const ChainId& chain_id) {
    std::vector<ValidatorSetChange> sets{ValidatorSetChange{0, 0, genesis.validators}};
    for (size_t k = 0; k < served.size(); ++k) {
        const ServedSetChange& c = served[k];
        const std::string what = cat(" of validator set change ", k + 1);
        if (c.index != k + 1) return make_error(Reason::INVALID_ARGUMENT, cat("validator set changes out of order at ", k + 1));
        auto header = BlockHeader::decode(c.header);
        if (!header) return make_error(Reason::DECODE_ERROR, cat("the header", what, " does not decode"));
        if (header->chain_id != chain_id) return make_error(Reason::WRONG_CHAIN, cat("the header", what, " is for another chain"));
        if (header->height == 0) return make_error(Reason::INVALID_ARGUMENT, cat("validator set change ", k + 1, " at block 0"));
        auto power = check_certificate(c.commit, *header, chain_id, set_at(sets, header->height), what);
        if (!power) return power.error();
        if (Status s = check_entry(c.entry, state_key::validator_set_change(c.index), header->state_root,
                                   "validator set change");
            !s) {
            return s.error();
        }
        ValidatorSetChange change;
        if (!c.entry.value || !ValidatorSetChange::decode(*c.entry.value, change)) {
            return make_error(Reason::DECODE_ERROR, cat("the record", what, " does not decode"));
        }
        if (change.committed_height != header->height ||
            change.effective_from != header->height + kValidatorSetDelay ||
            change.effective_from <= sets.back().effective_from) {
            return make_error(Reason::CORRUPTION, cat("the record", what, " contradicts the block that holds it"));
        }
        sets.push_back(std::move(change));
    }
    return sets;
}

}  // namespace

Result<HoldingProof> holding_proof_from_json(const json& result) {
    if (!result.is_object()) return make_error(Reason::DECODE_ERROR, "the proof is not a JSON object");
    HoldingProof p;
    auto header = hex_field(result, "header_hex", "");
    if (!header) return header.error();
    p.header = std::move(*header);
    if (result.contains("commit_hex") && !result["commit_hex"].is_null()) {
        auto commit = hex_field(result, "commit_hex", "");
        if (!commit) return commit.error();
        p.commit = std::move(*commit);
    }
    auto entries = result.find("entries");
    if (entries == result.end() || !entries->is_object())
        return make_error(Reason::DECODE_ERROR, "entries: missing");
    if (entries->contains("validator_set_changes")) {
        auto count = entry_from_json(*entries, "validator_set_changes");
        if (!count) return count.error();
        p.set_count = std::move(*count);
    }
    if (auto sets = result.find("validator_sets"); sets != result.end()) {
        if (!sets->is_array() || sets->size() > kMaxServedSetChanges)
            return make_error(Reason::DECODE_ERROR, "validator_sets: not an array of at most 10000 changes");
        for (size_t i = 0; i < sets->size(); ++i) {
            const json& c = (*sets)[i];
            const std::string where = cat("validator_sets[", i, "].");
            if (!c.is_object() || !c.contains("index") || !c["index"].is_number_unsigned() ||
                c["index"].get<uint64_t>() > UINT32_MAX || !c.contains("entry") || !c["entry"].is_object()) {
                return make_error(Reason::DECODE_ERROR, cat(where, "index or entry: missing"));
            }
            ServedSetChange change;
            change.index = static_cast<uint32_t>(c["index"].get<uint64_t>());
            auto header = hex_field(c, "header_hex", where);
            if (!header) return header.error();
            change.header = std::move(*header);
            auto commit = hex_field(c, "commit_hex", where);
            if (!commit) return commit.error();
            change.commit = std::move(*commit);
            json entry = {{"entry", c["entry"]}};
            // A change the node could not archive comes with a null proof: kept as an empty one, refused later.
            if (entry["entry"].contains("proof") && entry["entry"]["proof"].is_null()) entry["entry"]["proof"] = "";
            auto e = entry_from_json(entry, "entry");
            if (!e) return make_error(Reason::DECODE_ERROR, cat(where, e.error().message));
            change.entry = std::move(*e);
            p.set_changes.push_back(std::move(change));
        }
    }
    auto symbol = entry_from_json(*entries, "symbol");
    if (!symbol) return symbol.error();
    p.symbol = std::move(*symbol);
    // For a symbol nobody holds, a node may leave out the entries that would follow from it.
    if (!p.symbol.value && !entries->contains("asset") && !entries->contains("balance")) return p;
    if (entries->contains("asset")) {
        auto asset = entry_from_json(*entries, "asset");
        if (!asset) return asset.error();
        p.asset = std::move(*asset);
    }
    auto balance = entry_from_json(*entries, "balance");
    if (!balance) return balance.error();
    p.balance = std::move(*balance);
    return p;
}

Result<VerifiedHolding> verify_holding(const HoldingProof& proof, const Genesis& genesis,
                                       const ChainId& chain_id, std::string_view symbol,
                                       const AccountId& account, std::optional<Height> expected_height) {
    VerifiedHolding out;
    // 1. The header.
    auto header = BlockHeader::decode(proof.header);
    if (!header)
        return make_error(Reason::DECODE_ERROR, cat("the header does not decode: ", header.error().message));
    out.header = *header;
    out.block_hash = header->hash();
    if (header->chain_id != chain_id) {
        return make_error(Reason::WRONG_CHAIN,
                          cat("the header is for chain ", to_hex(header->chain_id), ", not the pinned one"));
    }
    if (expected_height && header->height != *expected_height) {
        return make_error(Reason::INVALID_ARGUMENT, cat("asked for height ", *expected_height,
                                                        ", the header is at height ", header->height));
    }
    // 2. Who signed it: the set of its height, from the verified chain of set changes.
    auto sets = verify_set_changes(proof.set_changes, genesis, chain_id);
    if (!sets) return sets.error();
    out.set_changes = sets->size() - 1;
    const Hash256& root = header->state_root;
    // The count of changes in the verified state: all of them must have been served.
    if (proof.set_count) {
        if (Status s = check_entry(*proof.set_count, state_key::validator_set_change_count(), root,
                                   "validator set count");
            !s) {
            return s.error();
        }
        uint32_t count = 0;
        if (proof.set_count->value) {
            Reader r(*proof.set_count->value);
            if (!r.u32("count", count) || !r.finish())
                return make_error(Reason::DECODE_ERROR, "the validator set count does not decode");
        }
        // A chain written before sets lived in the state has no count and no changes.
        const size_t expected = count == 0 ? 0 : count - 1;
        if (proof.set_changes.size() != expected) {
            return make_error(Reason::INVALID_ARGUMENT,
                              cat("the chain holds ", expected, " validator set changes at height ", header->height,
                                  "; the node served ", proof.set_changes.size()));
        }
    }
    const ValidatorSet& signers = set_at(*sets, header->height);
    out.total_power = signers.total_power();
    if (header->height == 0) {
        if (Status s = check_genesis_header(*header, genesis); !s) return s.error();
    } else {
        auto power = check_certificate(proof.commit, *header, chain_id, signers, "");
        if (!power) return power.error();
        out.signed_power = *power;
    }
    // 3. symbol -> asset id.
    if (Status s = check_entry(proof.symbol, state_key::symbol(symbol), root, "symbol"); !s) return s.error();
    if (!proof.symbol.value) {
        return make_error(Reason::UNKNOWN_ASSET,
                          cat("verified: no asset ", symbol, " exists at height ", header->height));
    }
    AssetId asset_id = 0;
    {
        Reader r(*proof.symbol.value);
        if (!r.u32("asset id", asset_id) || !r.finish()) {
            return make_error(Reason::DECODE_ERROR, cat("the symbol record does not decode: ", r.error()));
        }
    }
    out.asset_id = asset_id;
    // 4. The asset record, when served.
    if (proof.asset) {
        const ServedEntry& asset = *proof.asset;
        if (Status s = check_entry(asset, state_key::asset(asset_id), root, "asset"); !s) return s.error();
        if (!asset.value) {
            return make_error(Reason::CORRUPTION,
                              cat("verified: the chain has no record for asset id ", asset_id));
        }
        Asset a;
        if (!Asset::decode(*asset.value, a))
            return make_error(Reason::DECODE_ERROR, "the asset record does not decode");
        if (a.symbol != symbol || a.id != asset_id) {
            return make_error(Reason::CORRUPTION, "the asset record does not match its symbol index");
        }
        out.asset = std::move(a);
    }
    if (!proof.balance) return make_error(Reason::DECODE_ERROR, "the balance entry is missing");
    const ServedEntry& balance = *proof.balance;
    // 5. The balance: a record, or a verified absence (zero).
    if (Status s = check_entry(balance, state_key::balance(asset_id, account), root, "balance"); !s) {
        return s.error();
    }
    if (balance.value && !Balance::decode(*balance.value, out.balance)) {
        return make_error(Reason::DECODE_ERROR, "the balance record does not decode");
    }
    return out;
}

}  // namespace folio::wallet
