#include "contracts/equity.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "contracts/equity_queries.h"
#include "contracts/equity_state.h"
#include "contracts/json_fields.h"

namespace folio::contracts {
namespace {

using nlohmann::json;
using K = OpFieldKind;
using namespace equity_state;


Error refuse(Reason reason, std::string message) { return make_error(reason, std::move(message)); }


// ---- who may

bool is_registrar(const StateView& state, const AccountId& signer) {
    Account a;
    return read_account(state, signer, a) && a.has_role(Role::registrar);
}
bool is_issuer_of(const StateView& state, const Asset& asset, const AccountId& signer) {
    Bytes unused;
    return asset.issuer == signer || state.get(state_key::asset_issuer(asset.id, signer), unused);
}

Status load_asset(const StateView& state, std::string_view symbol, Asset& asset) {
    AssetId id;
    if (!read_asset_id(state, symbol, id) || !read_asset(state, id, asset)) {
        return refuse(Reason::UNKNOWN_ASSET, "no asset " + std::string(symbol));
    }
    return Status();
}

Status check_lockup(const EquityPolicy& p, const Asset& asset, const BlockContext& block) {
    if ((p.lockup_until_ms != 0 && block.time_ms < p.lockup_until_ms) ||
        (p.lockup_until_height != 0 && block.height < p.lockup_until_height)) {
        return refuse(Reason::LOCKED_UP, asset.symbol + " is locked up until " +
                                             (p.lockup_until_ms != 0 ? "time_ms " + std::to_string(p.lockup_until_ms)
                                                                     : std::string()) +
                                             (p.lockup_until_ms != 0 && p.lockup_until_height != 0 ? " and " : "") +
                                             (p.lockup_until_height != 0
                                                  ? "height " + std::to_string(p.lockup_until_height)
                                                  : std::string()));
    }
    return Status();
}

// ---- ops as data

constexpr OpField kPolicySetFields[] = {
    {"asset", K::symbol, true, "the asset the policy rules"},
    {"approval", K::boolean, true, "true: holders move units only by transfer_request and the issuer's approval"},
    {.name = "lockup_until_ms", .kind = K::unsigned_integer, .required = false,
     .description = "no transfer before this block time", .unit = "milliseconds since the Unix epoch (UTC)"},
    {"lockup_until_height", K::unsigned_integer, false, "no transfer before this block height"},
    {.name = "max_holders", .kind = K::unsigned_integer, .required = false,
     .description = "at most this many holders (0 or absent: no limit)", .max = UINT32_MAX},
    {.name = "kyc_min_level", .kind = K::unsigned_integer, .required = false,
     .description = "a receiver needs a KYC attestation of at least this level", .max = 255},
};
constexpr OpField kTransferRequestFields[] = {
    {"asset", K::symbol, true, "the asset moved"},
    {"to", K::address, true, "the receiver"},
    {"amount", K::amount, true, "what moves; locked on the sender's holding until decided"},
    {.name = "expires_ms", .kind = K::unsigned_integer, .required = true,
     .description = "after this block time the request can no longer be approved",
     .unit = "milliseconds since the Unix epoch (UTC)"},
};
constexpr OpField kIdFields[] = {
    {"id", K::instrument_id, true, "the transfer request (tx_build's instrument_ids of the request's op)"},
};
constexpr Reason kPolicySetReasons[] = {Reason::UNKNOWN_ASSET, Reason::NOT_AUTHORIZED};
constexpr Reason kRequestReasons[] = {Reason::UNKNOWN_ASSET, Reason::POLICY_REFUSED, Reason::LOCKED_UP,
                                      Reason::INVALID_ARGUMENT, Reason::BAD_AMOUNT, Reason::INSUFFICIENT_BALANCE,
                                      Reason::TOO_LARGE};
constexpr Reason kApproveReasons[] = {Reason::UNKNOWN_ID, Reason::NOT_AUTHORIZED, Reason::NOT_PENDING,
                                      Reason::PENDING_EXPIRED, Reason::LOCKED_UP, Reason::KYC_REQUIRED,
                                      Reason::KYC_EXPIRED, Reason::POLICY_REFUSED};
constexpr Reason kRejectReasons[] = {Reason::UNKNOWN_ID, Reason::NOT_AUTHORIZED, Reason::NOT_PENDING};

const OpShape kShapes[] = {
    {"policy_set", "Sets an asset's equity policy: approval, lock-up, holder limit, KYC level", kPolicySetFields,
     "the asset's issuer or the registrar", true, kPolicySetReasons},
    {"transfer_request", "Asks to transfer units of an approval asset; the amount is locked until decided",
     kTransferRequestFields, "the holder", false, kRequestReasons},
    {"transfer_approve", "Approves a pending transfer request: the locked units move", kIdFields,
     "the asset's issuer", true, kApproveReasons},
    {"transfer_reject", "Rejects a pending transfer request: the units are unlocked", kIdFields, "the asset's issuer",
     true, kRejectReasons},
    {"transfer_cancel", "Cancels a pending transfer request: the units are unlocked", kIdFields,
     "the sender; anyone once the request expired", false, kRejectReasons},
};
constexpr uint16_t kTags[] = {kPolicySetTag, kTransferRequestTag, kTransferApproveTag, kTransferRejectTag,
                              kTransferCancelTag};

const OpShape* shape_of(uint16_t tag) {
    for (size_t i = 0; i < std::size(kTags); ++i) {
        if (kTags[i] == tag) return &kShapes[i];
    }
    return nullptr;
}

// ---- payloads

Status decode_policy_set(const Op& op, PolicySetOp& out) {
    Reader r(op.payload);
    PolicySetOp p;
    bool has_ms = false, has_height = false;
    uint64_t ms = 0, height = 0;
    if (!(r.version("policy_set version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
          r.boolean("approval", p.approval) && r.boolean("has lockup_until_ms", has_ms) &&
          (!has_ms || r.u64("lockup_until_ms", ms)) && r.boolean("has lockup_until_height", has_height) &&
          (!has_height || r.u64("lockup_until_height", height)) && r.u64("max_holders", p.max_holders) &&
          r.u8("kyc_min_level", p.kyc_min_level) && r.finish())) {
        return refuse(Reason::DECODE_ERROR, r.error());
    }
    if (!is_valid_symbol(p.asset)) return refuse(Reason::DECODE_ERROR, "asset: not a symbol");
    if (p.max_holders > UINT32_MAX) return refuse(Reason::DECODE_ERROR, "max_holders: above 2^32 - 1");
    if (has_ms) p.lockup_until_ms = ms;
    if (has_height) p.lockup_until_height = height;
    out = std::move(p);
    return Status();
}

Status decode_transfer_request(const Op& op, TransferRequestOp& out) {
    Reader r(op.payload);
    TransferRequestOp t;
    if (!(r.version("transfer_request version", 1) && r.str("asset", kMaxSymbolLength, t.asset) &&
          r.fixed_bytes("to", t.to) && r.u64("amount", t.amount) && r.u64("expires_ms", t.expires_ms) && r.finish())) {
        return refuse(Reason::DECODE_ERROR, r.error());
    }
    if (!is_valid_symbol(t.asset)) return refuse(Reason::DECODE_ERROR, "asset: not a symbol");
    out = std::move(t);
    return Status();
}

Status decode_id(const Op& op, InstrumentId& out) {
    Reader r(op.payload);
    if (!(r.version("request decision version", 1) && r.fixed_bytes("id", out) && r.finish())) {
        return refuse(Reason::DECODE_ERROR, r.error());
    }
    return Status();
}

class Equity final : public Instrument {
public:
    uint8_t state_prefix() const override { return kEquityPrefix; }
    bool owns(uint16_t tag) const override { return shape_of(tag) != nullptr; }
    std::string_view op_name(uint16_t tag) const override {
        const OpShape* s = shape_of(tag);
        return s ? s->op : std::string_view();
    }
    Status check_op(const Op& op) const override;
    uint64_t weight(const Op&) const override { return 1; }
    std::vector<AccountId> required_signers(const Op&) const override { return {}; }
    Status apply(const Op& op, OpContext& ctx) const override;
    Status check_transfer(const TransferCheck& check, const StateView& state, const BlockContext& block) const override;
    bool owns_name(std::string_view name) const override {
        return std::any_of(std::begin(kShapes), std::end(kShapes), [&](const OpShape& s) { return s.op == name; });
    }
    Result<Op> op_from_json(const json& op, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, json& out) const override;
    std::vector<InstrumentOpInfo> ops() const override {
        std::vector<InstrumentOpInfo> out;
        for (size_t i = 0; i < std::size(kTags); ++i) out.push_back(InstrumentOpInfo{kTags[i], &kShapes[i]});
        return out;
    }
    std::vector<const InstrumentQuery*> queries() const override { return {&pending_list_, &policy_get_}; }

    Equity();

private:
    Status policy_set(const PolicySetOp& op, OpContext& ctx) const;
    Status transfer_request(const TransferRequestOp& op, OpContext& ctx) const;
    Status decide(uint16_t tag, const InstrumentId& id, OpContext& ctx) const;

    InstrumentQuery pending_list_;
    InstrumentQuery policy_get_;
};

Status Equity::check_op(const Op& op) const {
    switch (op.tag) {
        case kPolicySetTag: {
            PolicySetOp p;
            return decode_policy_set(op, p);
        }
        case kTransferRequestTag: {
            TransferRequestOp t;
            return decode_transfer_request(op, t);
        }
        case kTransferApproveTag:
        case kTransferRejectTag:
        case kTransferCancelTag: {
            InstrumentId id;
            return decode_id(op, id);
        }
    }
    return refuse(Reason::UNKNOWN_OP, "not an equity op");
}

Status Equity::apply(const Op& op, OpContext& ctx) const {
    switch (op.tag) {
        case kPolicySetTag: {
            PolicySetOp p;
            if (Status s = decode_policy_set(op, p); !s) return s;
            return policy_set(p, ctx);
        }
        case kTransferRequestTag: {
            TransferRequestOp t;
            if (Status s = decode_transfer_request(op, t); !s) return s;
            return transfer_request(t, ctx);
        }
        case kTransferApproveTag:
        case kTransferRejectTag:
        case kTransferCancelTag: {
            InstrumentId id;
            if (Status s = decode_id(op, id); !s) return s;
            return decide(op.tag, id, ctx);
        }
    }
    return refuse(Reason::UNKNOWN_OP, "not an equity op");
}

Status Equity::policy_set(const PolicySetOp& op, OpContext& ctx) const {
    Asset asset;
    if (Status s = load_asset(ctx, op.asset, asset); !s) return s;
    if (!is_issuer_of(ctx, asset, ctx.signer()) && !is_registrar(ctx, ctx.signer())) {
        return refuse(Reason::NOT_AUTHORIZED, "only the issuer of " + op.asset + " or the registrar sets its policy");
    }
    EquityPolicy p;
    p.approval = op.approval;
    p.lockup_until_ms = op.lockup_until_ms.value_or(0);
    p.lockup_until_height = op.lockup_until_height.value_or(0);
    p.max_holders = op.max_holders;
    p.kyc_min_level = op.kyc_min_level;
    if (Status s = ctx.put(policy_key(asset.id), encode_policy(p)); !s) return s;
    return ctx.emit(Event{"policy_set", asset.id, {}, {ctx.signer()}, {}});
}

Status Equity::transfer_request(const TransferRequestOp& op, OpContext& ctx) const {
    Asset asset;
    if (Status s = load_asset(ctx, op.asset, asset); !s) return s;
    const EquityPolicy policy = read_equity_policy(ctx, asset.id);
    if (!policy.approval) {
        return refuse(Reason::POLICY_REFUSED, op.asset + " needs no approval: send a plain transfer");
    }
    if (Status s = check_lockup(policy, asset, ctx.block()); !s) return s;
    if (op.to == ctx.signer()) return refuse(Reason::SELF_TRANSFER, "sender and receiver are the same account");
    Account to;
    if (!read_account(ctx, op.to, to)) return refuse(Reason::UNKNOWN_ACCOUNT, "receiver is not registered");
    if (op.expires_ms <= ctx.block().time_ms) {
        return refuse(Reason::INVALID_ARGUMENT, "expires_ms " + std::to_string(op.expires_ms) +
                                                    " is not after the block time " +
                                                    std::to_string(ctx.block().time_ms));
    }
    const InstrumentId id = ctx.new_id();
    if (Status s = ctx.lock(kRequestLockKind, id, op.asset, ctx.signer(), op.amount); !s) return s;
    std::vector<InstrumentId> pending = read_pending(ctx, asset.id);
    if (pending.size() >= kMaxPendingPerAsset) {
        return refuse(Reason::TOO_LARGE, op.asset + " has 4096 pending requests: decide some first");
    }
    pending.insert(std::upper_bound(pending.begin(), pending.end(), id), id);
    if (Status s = write_pending(ctx, asset.id, pending); !s) return s;
    const Request r{asset.id, ctx.signer(), op.to, op.amount, op.expires_ms, RequestStatus::pending};
    if (Status s = ctx.put(request_key(id), encode_request(r)); !s) return s;
    ctx.touch(op.to);
    return ctx.emit(Event{"transfer_request", asset.id, id, {ctx.signer(), op.to}, {op.amount}});
}

Status Equity::decide(uint16_t tag, const InstrumentId& id, OpContext& ctx) const {
    Request r;
    if (!read_request(ctx, id, r)) return refuse(Reason::UNKNOWN_ID, "no transfer request " + instrument_id_hex(id));
    Asset asset;
    if (!read_asset(ctx, r.asset, asset)) return refuse(Reason::CORRUPTION, "the request's asset is missing");
    const bool expired = r.expires_ms <= ctx.block().time_ms;
    if (tag == kTransferCancelTag) {
        if (ctx.signer() != r.from && !expired) {
            return refuse(Reason::NOT_AUTHORIZED, "only the sender cancels a request before it expires");
        }
    } else if (!is_issuer_of(ctx, asset, ctx.signer())) {
        return refuse(Reason::NOT_AUTHORIZED, "only the issuer of " + asset.symbol + " decides its requests");
    }
    if (r.status != RequestStatus::pending) {
        return refuse(Reason::NOT_PENDING, "the request is " + std::string(kStatusNames[static_cast<size_t>(r.status)]));
    }
    std::string_view kind;
    if (tag == kTransferApproveTag) {
        if (expired) return refuse(Reason::PENDING_EXPIRED, "the request expired at time_ms " + std::to_string(r.expires_ms));
        // The lock-up and the receiver's rules (KYC, holder limit) are checked as the units move (check_transfer).
        if (Status s = ctx.move_locked(kRequestLockKind, id, asset.symbol, r.from, r.to, r.amount); !s) return s;
        r.status = RequestStatus::approved;
        kind = "transfer_approved";
    } else {
        if (Status s = ctx.unlock(kRequestLockKind, id, asset.symbol, r.from, r.amount); !s) return s;
        r.status = tag == kTransferRejectTag ? RequestStatus::rejected : RequestStatus::cancelled;
        kind = tag == kTransferRejectTag ? "transfer_rejected" : "transfer_cancelled";
    }
    std::vector<InstrumentId> pending = read_pending(ctx, asset.id);
    pending.erase(std::remove(pending.begin(), pending.end(), id), pending.end());
    if (Status s = write_pending(ctx, asset.id, pending); !s) return s;
    if (Status s = ctx.put(request_key(id), encode_request(r)); !s) return s;
    ctx.touch(r.from);
    ctx.touch(r.to);
    return ctx.emit(Event{std::string(kind), asset.id, id, {r.from, r.to}, {r.amount}});
}

Status Equity::check_transfer(const TransferCheck& check, const StateView& state, const BlockContext& block) const {
    if (check.kind == TransferKind::forced_transfer) return Status();  // a court order is above the policy
    const Asset& asset = *check.asset;
    Bytes unused;
    if (!state.get(policy_key(asset.id), unused)) return Status();
    const EquityPolicy p = read_equity_policy(state, asset.id);
    if (check.kind == TransferKind::transfer && p.approval) {
        return refuse(Reason::APPROVAL_REQUIRED, asset.symbol + " moves only by transfer_request and the issuer's approval");
    }
    if (check.kind == TransferKind::transfer || (check.kind == TransferKind::settlement && check.from)) {
        if (Status s = check_lockup(p, asset, block); !s) return s;
    }
    if (p.kyc_min_level > 0) {
        const auto& kyc = check.to_account->kyc;
        if (!kyc || kyc->level < p.kyc_min_level) {
            return refuse(Reason::KYC_REQUIRED, "receiver lacks a KYC attestation of level " +
                                                    std::to_string(p.kyc_min_level));
        }
        if (kyc->expires_ms <= block.time_ms) return refuse(Reason::KYC_EXPIRED, "receiver's KYC has expired");
    }
    if (p.max_holders != 0 && asset.holders >= p.max_holders) {
        Balance to_balance, from_balance;
        const bool receiver_is_new = !read_balance(state, asset.id, *check.to, to_balance) || to_balance.amount == 0;
        const bool sender_leaves =
            check.from && read_balance(state, asset.id, *check.from, from_balance) && from_balance.amount == check.amount;
        if (receiver_is_new && !sender_leaves) {
            return refuse(Reason::POLICY_REFUSED, asset.symbol + " has reached its max_holders of " +
                                                      std::to_string(p.max_holders));
        }
    }
    return Status();
}

Result<Op> Equity::op_from_json(const json& j, const DecimalsLookup& decimals) const {
    const std::string name = j.at("op").get<std::string>();
    size_t index = 0;
    while (index < std::size(kShapes) && kShapes[index].op != name) ++index;
    if (index == std::size(kShapes)) return refuse(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
    if (Status s = check_op_fields(j, kShapes[index]); !s) return s.error();
    const uint16_t tag = kTags[index];
    if (tag == kPolicySetTag) {
        PolicySetOp p;
        auto asset = symbol_field(j, "asset");
        if (!asset) return asset.error();
        p.asset = *asset;
        p.approval = j.at("approval").get<bool>();
        if (j.contains("lockup_until_ms")) p.lockup_until_ms = j.at("lockup_until_ms").get<uint64_t>();
        if (j.contains("lockup_until_height")) p.lockup_until_height = j.at("lockup_until_height").get<uint64_t>();
        p.max_holders = j.value("max_holders", uint64_t{0});
        p.kyc_min_level = static_cast<uint8_t>(j.value("kyc_min_level", uint64_t{0}));
        return encode_policy_set(p);
    }
    if (tag == kTransferRequestTag) {
        TransferRequestOp t;
        auto asset = symbol_field(j, "asset");
        if (!asset) return asset.error();
        t.asset = *asset;
        auto to = address_field(j, "to");
        if (!to) return to.error();
        t.to = *to;
        auto amount = amount_field(j, "amount", t.asset, decimals);
        if (!amount) return amount.error();
        t.amount = *amount;
        t.expires_ms = j.at("expires_ms").get<uint64_t>();
        return encode_transfer_request(t);
    }
    auto id = id_field(j, "id");
    if (!id) return id.error();
    return encode_request_decision(tag, *id);
}

Status Equity::op_to_json(const Op& op, const DecimalsLookup& decimals, json& out) const {
    const OpShape* shape = shape_of(op.tag);
    if (!shape) return refuse(Reason::UNKNOWN_OP, "not an equity op");
    out = json{{"op", std::string(shape->op)}};
    if (op.tag == kPolicySetTag) {
        PolicySetOp p;
        if (Status s = decode_policy_set(op, p); !s) return s;
        out["asset"] = p.asset;
        out["approval"] = p.approval;
        if (p.lockup_until_ms) out["lockup_until_ms"] = *p.lockup_until_ms;
        if (p.lockup_until_height) out["lockup_until_height"] = *p.lockup_until_height;
        if (p.max_holders != 0) out["max_holders"] = p.max_holders;
        if (p.kyc_min_level != 0) out["kyc_min_level"] = p.kyc_min_level;
        return Status();
    }
    if (op.tag == kTransferRequestTag) {
        TransferRequestOp t;
        if (Status s = decode_transfer_request(op, t); !s) return s;
        auto amount = amount_text(t.amount, t.asset, decimals);
        if (!amount) return amount.error();
        out["asset"] = t.asset;
        out["to"] = address_text(t.to);
        out["amount"] = *amount;
        out["expires_ms"] = t.expires_ms;
        return Status();
    }
    InstrumentId id;
    if (Status s = decode_id(op, id); !s) return s;
    out["id"] = instrument_id_hex(id);
    return Status();
}

Equity::Equity() : pending_list_(make_pending_list_query()), policy_get_(make_policy_get_query()) {}

}  // namespace


Op encode_policy_set(const PolicySetOp& p) {
    Writer w(48);
    w.u8(1);
    w.str(p.asset);
    w.boolean(p.approval);
    w.boolean(p.lockup_until_ms.has_value());
    if (p.lockup_until_ms) w.u64(*p.lockup_until_ms);
    w.boolean(p.lockup_until_height.has_value());
    if (p.lockup_until_height) w.u64(*p.lockup_until_height);
    w.u64(p.max_holders);
    w.u8(p.kyc_min_level);
    return Op{kPolicySetTag, w.take()};
}

Op encode_transfer_request(const TransferRequestOp& t) {
    Writer w(64);
    w.u8(1);
    w.str(t.asset);
    w.fixed_bytes(t.to);
    w.u64(t.amount);
    w.u64(t.expires_ms);
    return Op{kTransferRequestTag, w.take()};
}

Op encode_request_decision(uint16_t tag, const InstrumentId& id) {
    Writer w(17);
    w.u8(1);
    w.fixed_bytes(id);
    return Op{tag, w.take()};
}

std::unique_ptr<Instrument> make_equity() { return std::make_unique<Equity>(); }

}  // namespace folio::contracts
