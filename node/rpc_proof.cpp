// proof_holding: what an account held of an asset at a height, with state proofs a client checks against the
// block header and its commit certificate, trusting nothing the node says.
#include <nlohmann/json.hpp>

#include "chain/state_proof.h"
#include "chain/validator_set_state.h"
#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

// How often a proof at the head is tried again when a block lands while it is being built.
constexpr int kHeadAttempts = 3;

struct Entry {
    json value;      // the entry's JSON, or null when it cannot be proven at this height
    bool ok = false;
};

// An entry {key, value, proof} for `key`, checked here against `root` before it is handed out.
Result<Entry> prove_entry(const Ledger& ledger, Height height, const Hash256& root, const Bytes& key,
                          const std::optional<Bytes>& value) {
    auto proof = ledger.prove(height, key);
    if (!proof) {
        std::string m = "no state proof at height ";
        m += std::to_string(height);
        m += "; proofs are kept from height ";
        m += std::to_string(ledger.oldest_provable_height());
        return make_error(Reason::NOT_FOUND, std::move(m));
    }
    std::optional<Hash256> value_hash;
    if (value) value_hash = Ledger::value_hash(*value);
    Entry e;
    e.ok = verify_state_proof(root, Ledger::key_hash(key), value_hash, *proof);
    e.value = {{"key", to_hex(key)}, {"value", value ? json(to_hex(*value)) : json(nullptr)}, {"proof", to_hex(proof->encode())}};
    return e;
}

// The validator set changes a verifier needs to know who signs `height`, from the genesis set on: for each change
// committed at or below `height`, the header and certificate of the block that committed it and the archived
// proof of its record there (node/validator_set_archive.h). Fills `count` with the number of changes (genesis
// included) the state at `height` holds, which the count entry proves.
Result<json> validator_set_chain(const Ledger& ledger, const StateView& state, Height height, uint32_t& count) {
    const Store& store = ledger.store();
    json changes = json::array();
    const uint32_t stored = validator_set_change_count(state);
    count = stored == 0 ? 0 : 1;
    for (uint32_t i = 1; i < stored; ++i) {
        ValidatorSetChange c;
        if (!read_validator_set_change(state, i, c)) {
            return make_error(Reason::CORRUPTION, "validator set change " + std::to_string(i) + " is missing");
        }
        if (c.committed_height > height) break;
        count = i + 1;
        auto header = store.header(c.committed_height);
        if (!header) return header.error();
        auto commit = store.commit(c.committed_height);
        if (!commit) return commit.error();
        auto archived = store.validator_set_proof(i);
        if (!archived) return archived.error();
        const bool have_proof = *archived && !(*archived)->empty();
        const Bytes key = state_key::validator_set_change(i);
        changes.push_back({{"index", i},
                           {"height", c.committed_height},
                           {"effective_from", c.effective_from},
                           {"header_hex", to_hex(header->encode())},
                           {"commit_hex", to_hex(commit->encode())},
                           {"entry",
                            {{"key", to_hex(key)},
                             {"value", to_hex(c.encode())},
                             {"proof", have_proof ? json(to_hex(**archived)) : json(nullptr)}}}});
    }
    return changes;
}

RpcOutcome internal(const char* what) {
    std::string m = "proof_holding: the ";
    m += what;
    m += " proof does not verify against the block's state_root";
    return RpcOutcome::failure(make_error(Reason::INTERNAL, std::move(m)));
}

// The proof at `height`. `retry` is set when the head moved while the asset entry was being read.
RpcOutcome prove_holding(const NodeServices& s, const StateView& state, const AccountId& account, const Asset& asset,
                         Height height, bool at_head, bool& retry) {
    retry = false;
    const Ledger& ledger = s.ledger;
    const Store& store = ledger.store();
    auto header = store.header(height);
    if (!header) return RpcOutcome::failure(header.error());
    json commit_hex = nullptr;  // block 0 has no certificate: genesis is checked against the chain id instead
    if (height > 0) {
        auto commit = store.commit(height);
        if (!commit) return RpcOutcome::failure(commit.error());
        commit_hex = to_hex(commit->encode());
    }
    const Hash256& root = header->state_root;

    // The symbol index never changes once written, so the latest value is the one at any height after creation.
    const Bytes symbol_key = state_key::symbol(asset.symbol);
    Bytes symbol_value;
    if (!state.get(symbol_key, symbol_value)) {
        std::string m = "no asset ";
        m += asset.symbol;
        return not_found(std::move(m));
    }
    auto symbol = prove_entry(ledger, height, root, symbol_key, symbol_value);
    if (!symbol) return RpcOutcome::failure(symbol.error());
    if (!symbol->ok) return internal("symbol");

    // The balance history keeps every record in force; an all-zero one is the absence of a leaf.
    auto stored_balance = store.balance_at(asset.id, account, height);
    if (!stored_balance) return RpcOutcome::failure(stored_balance.error());
    const Balance balance = *stored_balance;
    std::optional<Bytes> balance_value;
    if (!balance.empty()) balance_value = balance.encode();
    auto bal = prove_entry(ledger, height, root, state_key::balance(asset.id, account), balance_value);
    if (!bal) return RpcOutcome::failure(bal.error());
    if (!bal->ok) return internal("balance");

    json entries = {{"symbol", std::move(symbol->value)}, {"balance", std::move(bal->value)}};
    uint32_t set_count = 0;
    auto set_chain = validator_set_chain(ledger, state, height, set_count);
    if (!set_chain) return RpcOutcome::failure(set_chain.error());
    std::optional<Bytes> count_value;
    if (set_count > 0) {
        Writer w;
        w.u32(set_count);
        count_value = w.take();
    }
    auto count_entry = prove_entry(ledger, height, root, state_key::validator_set_change_count(), count_value);
    if (!count_entry) return RpcOutcome::failure(count_entry.error());
    if (!count_entry->ok) return internal("validator set count");
    entries["validator_set_changes"] = std::move(count_entry->value);
    // Asset records change (supply, holders) and no history of them is kept: the latest record is offered, and
    // only when it is the one in force at `height` (always so at the head, barring a block landing meanwhile).
    Bytes asset_value;
    if (state.get(state_key::asset(asset.id), asset_value)) {
        auto a = prove_entry(ledger, height, root, state_key::asset(asset.id), asset_value);
        if (!a) return RpcOutcome::failure(a.error());
        if (a->ok) {
            entries["asset"] = std::move(a->value);
        } else if (at_head) {
            retry = true;
        }
    }
    return RpcOutcome::success({{"height", height},
                                {"chain_id", to_hex(ledger.chain_id())},
                                {"account", address(account)},
                                {"asset", asset.symbol},
                                {"asset_id", asset.id},
                                {"decimals", asset.decimals},
                                {"block_hash", to_hex(header->hash())},
                                {"header_hex", to_hex(header->encode())},
                                {"commit_hex", std::move(commit_hex)},
                                {"state_root", to_hex(root)},
                                {"entries", std::move(entries)},
                                {"validator_sets", std::move(*set_chain)},
                                {"balance",
                                 {{"amount", format_amount(balance.amount, asset.decimals)},
                                  {"locked", format_amount(balance.locked, asset.decimals)},
                                  {"frozen", format_amount(balance.frozen, asset.decimals)}}}});
}

RpcOutcome proof_holding(const NodeServices& s, const json& p) {
    auto account = parse_address(p, "account");
    if (!account) return RpcOutcome::failure(account.error());
    auto asset = find_asset(s.ledger.state(), p["asset"].get<std::string>());
    if (!asset) return RpcOutcome::failure(asset.error());
    const bool given = p.contains("height");
    for (int attempt = 1;; ++attempt) {
        // At the head, the snapshot holds the state still at the height proven, so the asset record read here is
        // the one in force there.
        const Ledger::Snapshot snap = s.ledger.snapshot();
        const Height head = snap.height();
        auto height = parse_height(p, head);
        if (!height) return RpcOutcome::failure(height.error());
        const Height oldest = s.ledger.oldest_provable_height();
        if (*height < oldest) {
            std::string m = "no state proof at height ";
            m += std::to_string(*height);
            m += ": the oldest provable height is ";
            m += std::to_string(oldest);
            return not_found(std::move(m));
        }
        if (*height < asset->created_height) {
            std::string m = "asset ";
            m += asset->symbol;
            m += " did not exist at height ";
            m += std::to_string(*height);
            m += " (created at ";
            m += std::to_string(asset->created_height);
            m += ")";
            return RpcOutcome::failure(make_error(Reason::UNKNOWN_ASSET, std::move(m)));
        }
        bool retry = false;
        RpcOutcome out = prove_holding(s, snap.state(), *account, *asset, *height, *height == head, retry);
        if (!retry || given || attempt >= kHeadAttempts) return out;
    }
}

}  // namespace

Status register_proof_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    return table.add({
        .name = "proof_holding",
        .scope = rpc::Scope::Read,
        .summary = "What an account held of an asset at a height, with state proofs checkable against the block.",
        .description =
            "A verifier needs no trust in the node: it decodes `header_hex`, checks its `chain_id` and that "
            "`commit_hex` is a certificate of that header by more than 2/3 of the power of the validator set of its "
            "height (block 0 has none: it is checked against the chain id), then checks each entry's `proof` (an "
            "encoded StateProof) "
            "against the header's `state_root` with key_hash = H(\"folio/state_key\", key) and value_hash = "
            "H(\"folio/state_value\", value); a null value is a proof that the key holds nothing.\n\n"
            "Entries: `symbol` (symbol -> asset id), `balance` (the Balance record; null when the account held "
            "nothing: a non-inclusion proof) and `asset` (the asset record, which gives the decimals). The node keeps "
            "no history of asset records (supply and holder count change with every issue), so `asset` is present "
            "at the head and, at an older height, only when the record has not changed since; the decimals never "
            "change, so an `asset` entry proven at the head serves any height. Proofs are kept for recent heights "
            "only: an older height is NOT_FOUND, with the oldest provable height in the message (chain_status "
            "gives it too).\n\n"
            "The set of a height is the genesis set as changed by `validator_set_update`. `validator_sets` lists "
            "every change committed at or below `height`, oldest first: `index` (1 for the first change), `height` "
            "(the block that committed it), `effective_from` (height + 2, the first block it signs), that block's "
            "`header_hex` and `commit_hex`, and `entry`, the change's state record with its proof against that "
            "header's `state_root` (`proof` null when the node could not archive it). A verifier starts from the "
            "genesis set, checks each change's certificate against the set in force at its height and takes the "
            "change's set from its height + 2 on; `entries.validator_set_changes` proves how many changes (genesis "
            "included) the state at `height` holds, so that none is left out.",
        .params = {address_param("account", "Address (folio1...)."),
                   symbol_param("asset", "Symbol: 1-12 of A-Z 0-9 . -"),
                   height_param("Height to prove at (default: the head); from oldest_provable_height to the head.")},
        .result_description = "{height, chain_id, account, asset, asset_id, decimals, block_hash, header_hex, "
                              "commit_hex, state_root, entries:{symbol, asset?, balance: {key, value|null, proof}, "
                              "validator_set_changes}, validator_sets:[{index, height, effective_from, header_hex, "
                              "commit_hex, entry}], balance:{amount, locked, frozen}}",
        .result_schema = R"({"type":"object","required":["height","chain_id","header_hex","commit_hex","state_root","entries","balance"],
"properties":{"height":{"type":"integer"},"chain_id":{"type":"string"},"account":{"type":"string"},"asset":{"type":"string"},
"asset_id":{"type":"integer"},"decimals":{"type":"integer"},"block_hash":{"type":"string"},"header_hex":{"type":"string"},
"commit_hex":{"type":["string","null"]},"state_root":{"type":"string"},
"entries":{"type":"object","required":["symbol","balance"],"properties":{
 "symbol":{"type":"object","required":["key","value","proof"]},
 "asset":{"type":"object","required":["key","value","proof"]},
 "balance":{"type":"object","required":["key","value","proof"],"properties":{"value":{"type":["string","null"]}}},
 "validator_set_changes":{"type":"object","required":["key","value","proof"]}}},
"validator_sets":{"type":"array","items":{"type":"object","required":["index","height","effective_from","header_hex","commit_hex","entry"]}},
"balance":{"type":"object","required":["amount","locked","frozen"]}}})",
        .errors = {Reason::BAD_ADDRESS, Reason::BAD_SYMBOL, Reason::UNKNOWN_ASSET, Reason::NOT_FOUND},
        .example_params = examples::kProofHoldingParams,
        .example_result = examples::kProofHoldingResult,
        .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) { return proof_holding(*s, p); }),
    });
}

}  // namespace folio::node::rpcm
