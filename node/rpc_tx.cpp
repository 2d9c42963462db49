// tx_build, tx_submit, tx_sign_submit: from ops in JSON to an admitted tx.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "node/audit_log.h"
#include "node/block_producer.h"
#include "node/log.h"
#include "node/bft_driver.h"
#include "node/rpc_common.h"
#include "node/op_reference.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

constexpr uint64_t kDefaultMaxWaitBlocks = 10000;  // default_params() value, if the state lacks the param

std::string indexed(const char* name, size_t i) {
    std::string s = name;
    s += '[';
    s += std::to_string(i);
    s += ']';
    return s;
}

// Converts the ops of a tx. Decimals come from the latest state, or from an asset_create earlier in the same
// array (a tx may create an asset and issue it at once).
Result<std::vector<Op>> ops_from_json(const NodeServices& s, const json& ops) {
    if (ops.empty()) return make_error(Reason::NO_OPS, "ops: a tx needs at least one op");
    if (ops.size() > kMaxOpsPerTx) {
        std::string m = "ops: at most ";
        m += std::to_string(kMaxOpsPerTx);
        m += " ops per tx";
        return make_error(Reason::TOO_LARGE, std::move(m));
    }
    std::map<std::string, uint8_t, std::less<>> created;
    const StateView& state = s.ledger.state();
    const DecimalsLookup lookup = [&](std::string_view symbol) -> std::optional<uint8_t> {
        if (auto it = created.find(symbol); it != created.end()) return it->second;
        return state_decimals(state, symbol);
    };
    std::vector<Op> out;
    out.reserve(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) {
        auto op = op_from_json(ops[i], lookup, s.registry);
        if (!op) {
            std::string m = indexed("ops", i);
            m += '.';
            m += op.error().message;
            if (op.error().reason == Reason::UNKNOWN_ASSET) {
                m += " (an asset created by a tx still pending is known once that tx is committed)";
            }
            return make_error(op.error().reason, std::move(m));
        }
        if (op->tag == static_cast<uint16_t>(OpTag::asset_create)) {
            auto decoded = decode_core_op(*op);
            if (decoded) {
                const auto& create = std::get<AssetCreateOp>(decoded->op);
                created.emplace(create.symbol, create.decimals);
            }
        }
        out.push_back(std::move(*op));
    }
    return out;
}

// Builds an unsigned tx for `signer` from the params ops, memo?, client_ref?, nonce?, valid_until_height?.
Result<Tx> build_tx(const NodeServices& s, const AccountId& signer, const json& p) {
    Tx tx;
    tx.chain_id = s.ledger.chain_id();
    tx.signer = signer;
    auto ops = ops_from_json(s, p.at("ops"));
    if (!ops) return ops.error();
    tx.ops = std::move(*ops);
    if (p.contains("memo")) {
        tx.memo = p["memo"].get<std::string>();
        if (tx.memo.size() > kMaxMemoBytes) return make_error(Reason::MEMO_TOO_LONG, "memo: at most 256 bytes");
        if (!is_valid_utf8(tx.memo)) return make_error(Reason::INVALID_ARGUMENT, "memo: not valid UTF-8");
    }
    if (p.contains("client_ref")) {
        std::string ref = p["client_ref"].get<std::string>();
        if (ref.empty() || ref.size() > kMaxClientRefBytes) {
            return make_error(Reason::INVALID_ARGUMENT, "client_ref: 1 to 64 bytes");
        }
        tx.client_ref = std::move(ref);
    }
    // The next nonce counts the signer's txs still in the mempool, so consecutive builds do not collide.
    const std::optional<uint64_t> next = s.mempool.next_nonce(signer);
    if (!next) {
        std::string m = "signer ";
        m += address(signer);
        m += " is not a registered account";
        return make_error(Reason::UNKNOWN_SIGNER, std::move(m));
    }
    tx.nonce = uint_or(p, "nonce", *next);
    uint64_t max_wait = kDefaultMaxWaitBlocks;
    (void)read_param(s.ledger.state(), "tx_max_wait_blocks", max_wait);
    tx.valid_until_height = uint_or(p, "valid_until_height", s.ledger.height() + max_wait);
    // The encoder trusts its input; the decoder holds every bound (op payload sizes, the whole tx's size).
    auto check = decode_tx(tx.encode());
    if (!check) return check.error();
    return tx;
}

// Admission::error is a default Error when the tx was admitted, and a default Error's reason is INTERNAL, not
// OK: a refusal always carries a message, so an INTERNAL without one is taken for an admission.
bool admitted(const Admission& a) {
    return a.ok() || (a.error.reason == Reason::INTERNAL && a.error.message.empty());
}

void log_refusal(const rpc::CallContext& ctx, std::string_view what, const Error& error) {
    if (!log_enabled(LogLevel::debug)) return;
    std::string line = "refused ";
    line += what;
    line += " from ";
    line += ctx.remote.empty() ? "in-process" : ctx.remote;
    if (!ctx.token_name.empty()) line += " (token " + ctx.token_name + ")";
    line += ": ";
    line += reason_name(error.reason);
    line += ": ";
    line += error.message;
    log_debug("rpc", line);
}

RpcOutcome admit(NodeServices& s, const TxPtr& tx, const rpc::CallContext& ctx, const char* method) {
    // Called under the mempool's lock, in admission order: the txs are gossiped in the order of this node's
    // queue, so that a block another validator builds from them executes the front of this queue as
    // predicted (concurrent RPC threads handing them over after the lock would shuffle them, and each
    // reordering breaks the pending-state chains of the keys involved: node/pending_state.h).
    std::function<void(const TxPtr&)> record;
    if (s.audit != nullptr || s.consensus != nullptr) {
        record = [&](const TxPtr& admitted_tx) {
            if (s.audit != nullptr) {
                const Tx& t = admitted_tx->signed_tx.tx;
                s.audit->record(
                    AuditEntry{now_ms(), ctx.token_name, method, admitted_tx->tx_hash, t.signer, t.client_ref});
            }
            if (s.consensus != nullptr) s.consensus->tx_admitted(admitted_tx);
        };
    }
    std::vector<Admission> admissions = s.mempool.submit({tx}, record);
    const Admission& a = admissions.at(0);
    if (!admitted(a)) {
        s.metrics.txs_refused++;
        log_refusal(ctx, "tx " + to_hex(a.tx_hash), a.error);
        if (a.error.reason == Reason::DUPLICATE_CLIENT_REF) {
            return RpcOutcome::failure(a.error, json{{"tx_hash", to_hex(a.conflicting_tx)}});
        }
        return RpcOutcome::failure(a.error);
    }
    if (!a.already_known) {
        s.metrics.txs_submitted++;
        if (s.wake_producer) s.wake_producer();
    }
    return RpcOutcome::success({{"tx_hash", to_hex(a.tx_hash)}, {"already_known", a.already_known}});
}

// The shape decode_submitted() needs, checked before params are validated (a batch's preparation sees them raw).
bool looks_submittable(const json& p) {
    if (!p.is_object()) return false;
    auto tx = p.find("tx");
    if (tx == p.end() || !tx->is_string() || tx->get_ref<const std::string&>().size() > kTxHexMaxLength) return false;
    auto sigs = p.find("signatures");
    return sigs == p.end() || (sigs->is_array() && sigs->size() <= kMaxSignatures);
}

Result<TxPtr> decode_submitted(const json& p) {
    auto bytes = from_hex(p["tx"].get_ref<const std::string&>());
    if (!bytes) return make_error(Reason::DECODE_ERROR, "tx: not hex");
    if (!p.contains("signatures")) {
        auto signed_tx = decode_signed_tx(*bytes);
        if (signed_tx) return std::move(*signed_tx);
        if (decode_tx(*bytes)) {
            return make_error(Reason::MISSING_SIGNATURE,
                              "tx is unsigned: pass its signatures as signatures:[{pubkey, signature}]");
        }
        return signed_tx.error();
    }
    auto tx = decode_tx(*bytes);
    if (!tx) return tx.error();
    const json& sigs = p["signatures"];
    if (sigs.empty()) return make_error(Reason::MISSING_SIGNATURE, "signatures: at least one");
    SignedTx stx{std::move(*tx), {}};
    for (size_t i = 0; i < sigs.size(); ++i) {
        const json& e = sigs[i];
        TxSignature sig;
        const bool ok = e.is_object() && e.size() == 2 && e.contains("pubkey") && e["pubkey"].is_string() &&
                        e.contains("signature") && e["signature"].is_string() &&
                        from_hex_fixed(e["pubkey"].get_ref<const std::string&>(), sig.pubkey) &&
                        from_hex_fixed(e["signature"].get_ref<const std::string&>(), sig.signature);
        if (!ok) {
            std::string m = indexed("signatures", i);
            m += ": must be {pubkey: 64 hex, signature: 128 hex}";
            return make_error(Reason::INVALID_ARGUMENT, std::move(m));
        }
        stx.signatures.push_back(sig);
    }
    // Through the decoder again, so that the signed form obeys every bound a tx received whole would.
    return decode_signed_tx(stx.encode());
}

std::vector<rpc::ParamSpec> tx_body_params(const InstrumentRegistry& registry) {
    return {{.name = "ops", .type = rpc::ParamType::Array, .required = true,
             .description = "1 to 64 ops in their JSON form ({op: NAME, ...fields}); every op, its fields, units, "
                            "signer and reasons: docs/ops.md (and the item schemas here). An op is accepted whole "
                            "or refused: a field the op does not have (a typo, another op's field) or of the wrong "
                            "type is INVALID_ARGUMENT naming it, e.g. `ops[0].assets: unknown field of op freeze`. "
                            "An asset_create earlier in the array makes its decimals known to the ops after it.",
             .max_length = kMaxOpsPerTx,
             .items_schema = ops_item_schema(registry).dump()},
            {.name = "memo", .type = rpc::ParamType::String,
             .description = "Free text, at most 256 bytes of UTF-8. It stays on the register forever: put "
                            "references here, never personal data.",
             .max_length = kMaxMemoBytes,
             .too_long = Reason::MEMO_TOO_LONG},
            {.name = "client_ref", .type = rpc::ParamType::String,
             .description = "1 to 64 bytes, unique per signer: a retry with the same client_ref is refused with "
                            "DUPLICATE_CLIENT_REF and the first tx's hash, so a backend never issues twice.",
             .max_length = kMaxClientRefBytes},
            {.name = "valid_until_height", .type = rpc::ParamType::Unsigned,
             .description = "Last height the tx may be included at. Default: the head + the chain parameter "
                            "tx_max_wait_blocks."}};
}

const std::vector<Reason> kSubmitRefusals = {
    Reason::DECODE_ERROR,      Reason::TOO_LARGE,       Reason::BAD_SIGNATURE,        Reason::MISSING_SIGNATURE,
    Reason::WRONG_CHAIN,       Reason::BAD_NONCE,       Reason::EXPIRED,              Reason::DUPLICATE_CLIENT_REF,
    Reason::UNKNOWN_SIGNER,    Reason::NOT_AUTHORIZED,  Reason::INSUFFICIENT_BALANCE, Reason::KYC_REQUIRED,
    Reason::KYC_EXPIRED,       Reason::ASSET_FROZEN,    Reason::ACCOUNT_FROZEN,       Reason::BALANCE_FROZEN,
    Reason::SUPPLY_CAP,        Reason::UNKNOWN_ASSET,   Reason::POLICY_REFUSED,       Reason::KYC_EXPIRY_IN_PAST,
    Reason::MEMPOOL_FULL};

std::vector<Reason> with(std::vector<Reason> base, std::initializer_list<Reason> more) {
    for (Reason r : more) {
        if (std::find(base.begin(), base.end(), r) == base.end()) base.push_back(r);
    }
    return base;
}

constexpr const char* kSubmitSchema = R"({"type":"object","required":["tx_hash"],
"properties":{"tx_hash":{"type":"string"},"already_known":{"type":"boolean"}}})";

}  // namespace

Status register_tx_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    std::vector<rpc::ParamSpec> build_params = {address_param("signer", "Address of the account that signs.")};
    for (auto& p : tx_body_params(s->registry)) build_params.push_back(std::move(p));
    build_params.push_back({.name = "nonce", .type = rpc::ParamType::Unsigned,
                            .description = "Default: the signer's next nonce, counting its txs in the mempool."});
    if (Status st = table.add({
            .name = "tx_build",
            .scope = rpc::Scope::Read,
            .summary = "Encodes an unsigned tx from ops in JSON and gives the sighash to sign.",
            .description = "Nothing is submitted. Sign `sighash` (32 bytes) with BIP340 Schnorr by a current key "
                           "of the signer, then call `tx_submit {tx, signatures:[{pubkey, signature}]}`. Amounts "
                           "are decimal strings with at most the asset's decimals.",
            .params = std::move(build_params),
            .result_description = "{tx: unsigned tx hex, sighash, tx_hash (= sighash), nonce, valid_until_height, "
                                  "instrument_ids}: instrument_ids[i] is the id (32 hex) that op i gets if it "
                                  "creates an instrument record (a transfer request, a campaign, a "
                                  "distribution): the first 16 bytes of H(\"folio/instrument_id\", tx_hash || "
                                  "u16 LE i), known before the tx is submitted",
            .result_schema = R"({"type":"object","required":["tx","sighash","nonce","valid_until_height","instrument_ids"],
"properties":{"tx":{"type":"string"},"sighash":{"type":"string"},"tx_hash":{"type":"string"},
"nonce":{"type":"integer"},"valid_until_height":{"type":"integer"},
"instrument_ids":{"type":"array","items":{"type":"string","pattern":"^[0-9a-f]{32}$"}}}})",
            .errors = {Reason::BAD_ADDRESS, Reason::UNKNOWN_SIGNER, Reason::NO_OPS, Reason::UNKNOWN_OP,
                       Reason::UNKNOWN_ASSET, Reason::BAD_AMOUNT, Reason::BAD_SYMBOL, Reason::MEMO_TOO_LONG,
                       Reason::TOO_LARGE},
            .example_params = examples::kTxBuildParams,
            .example_result = examples::kTxBuildResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) -> RpcOutcome {
                auto signer = parse_address(p, "signer");
                if (!signer) return RpcOutcome::failure(signer.error());
                auto tx = build_tx(*s, *signer, p);
                if (!tx) return RpcOutcome::failure(tx.error());
                const TxHash tx_hash = tx->hash();
                const std::string hash = to_hex(tx_hash);
                json ids = json::array();
                for (size_t i = 0; i < tx->ops.size(); ++i)
                    ids.push_back(instrument_id_hex(instrument_id(tx_hash, static_cast<uint16_t>(i))));
                return RpcOutcome::success({{"tx", to_hex(tx->encode())},
                                            {"sighash", hash},
                                            {"tx_hash", hash},
                                            {"nonce", tx->nonce},
                                            {"valid_until_height", tx->valid_until_height},
                                            {"instrument_ids", std::move(ids)}});
            }),
        });
        !st) {
        return st;
    }
    if (Status st = table.add({
            .name = "tx_submit",
            .scope = rpc::Scope::Submit,
            .summary = "Submits a signed tx to the mempool; answers its tx_hash once admitted.",
            .description = "Either `tx` is the signed encoding, or `tx` is the unsigned encoding from `tx_build` "
                           "and `signatures` carries the BIP340 signatures over its sighash. The tx is checked "
                           "against the latest state with every pending tx applied: a refusal answers with "
                           "`data.reason` and the tx never enters a block. Submitting a tx the node already has "
                           "(pending or committed) answers the same `tx_hash` with `already_known: true` and "
                           "changes nothing. DUPLICATE_CLIENT_REF carries `data.tx_hash`, the first tx with that "
                           "client_ref. Follow the tx with `tx_wait` or `subscribe_tx`.",
            .params = {{.name = "tx", .type = rpc::ParamType::String, .required = true,
                        .description = "Signed tx in hex, or unsigned (with `signatures`). At most 128 KiB.",
                        .max_length = kTxHexMaxLength},
                       {.name = "signatures", .type = rpc::ParamType::Array,
                        .description = "1 to 16 {pubkey: 64 hex, signature: 128 hex} over the sighash, when `tx` "
                                       "is unsigned.",
                        .max_length = kMaxSignatures}},
            .result_description = "{tx_hash, already_known}",
            .result_schema = kSubmitSchema,
            .errors = kSubmitRefusals,
            .example_params = examples::kTxSubmitParams,
            .example_result = examples::kTxSubmitResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext& ctx) -> RpcOutcome {
                auto tx = decode_submitted(p);
                if (!tx) {
                    s->metrics.txs_refused++;
                    log_refusal(ctx, "an undecodable tx", tx.error());
                    return RpcOutcome::failure(tx.error());
                }
                return admit(*s, *tx, ctx, "tx_submit");
            }),
            // A batch's signatures are checked together on all cores; each call then admits without checking.
            .batch_prepare =
                [s](const std::vector<const json*>& params, const rpc::CallContext&) {
                    std::vector<TxPtr> txs;
                    for (const json* p : params) {
                        if (p == nullptr || !looks_submittable(*p)) continue;
                        auto tx = decode_submitted(*p);
                        if (tx) txs.push_back(std::move(*tx));
                    }
                    if (!txs.empty()) s->mempool.preverify(txs);
                },
        });
        !st) {
        return st;
    }
    std::vector<rpc::ParamSpec> sign_params = {
        {.name = "key", .type = rpc::ParamType::String, .required = true,
         .description = "Name of a key of the node keystore (node_keys lists them); its account signs.",
         .max_length = 64}};
    for (auto& p : tx_body_params(s->registry)) sign_params.push_back(std::move(p));
    return table.add({
        .name = "tx_sign_submit",
        .scope = rpc::Scope::Admin,
        .summary = "Builds a tx for an account of the node keystore, signs it with that key and submits it.",
        .description = "An operator convenience (in `--dev` the keys `operator`, `registrar` and `issuer` exist). "
                       "The signer is the account whose current key is the named key; the nonce is picked under a "
                       "lock, so concurrent calls with one key get consecutive nonces. Refusals are those of "
                       "`tx_submit`.",
        .params = std::move(sign_params),
        .result_description = "{tx_hash, already_known}",
        .result_schema = kSubmitSchema,
        .errors = with(kSubmitRefusals, {Reason::NOT_FOUND, Reason::NO_OPS, Reason::UNKNOWN_OP, Reason::BAD_ADDRESS,
                                         Reason::BAD_AMOUNT, Reason::BAD_SYMBOL, Reason::MEMO_TOO_LONG}),
        .example_params = examples::kTxSignSubmitParams,
        .example_result = examples::kTxSignSubmitResult,
        .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext& ctx) -> RpcOutcome {
            const std::string& name = p["key"].get_ref<const std::string&>();
            auto key = s->keys.find(name);
            if (key == s->keys.end()) {
                std::string m = "no key named ";
                m += name;
                m += " in the node keystore";
                return not_found(std::move(m));
            }
            auto account = account_of_pubkey(s->ledger.state(), key->second.pubkey);
            if (!account) {
                std::string m = "key ";
                m += name;
                m += " is not the current key of any account";
                return not_found(std::move(m));
            }
            // Held from the nonce to the admission: the next call sees this tx in the mempool's next_nonce.
            std::lock_guard lock(s->sign_mutex);
            auto tx = build_tx(*s, *account, p);
            if (!tx) return RpcOutcome::failure(tx.error());
            SignedTx stx{std::move(*tx), {}};
            sign_tx(stx, key->second.secret);
            return admit(*s, make_envelope(std::move(stx)), ctx, "tx_sign_submit");
        }),
    });
}

}  // namespace folio::node::rpcm
