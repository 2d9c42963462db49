#include "tests/contracts/probe_instrument.h"

#include <array>
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"

namespace folio::test {
namespace {

constexpr std::array<std::string_view, 14> kActionNames = {
    "mint",    "burn_from", "lock",           "unlock", "move_locked", "escrow_in", "escrow_out",
    "record_id", "intrude", "intrude_ignored", "history", "emit_then_fail", "paged", "settle"};

constexpr OpField kProbeFields[] = {
    {"action", OpFieldKind::name, true, "Which OpContext service the op calls.", {}, {}, 0, kActionNames},
    {"asset", OpFieldKind::symbol, false, "Asset the action moves or reads."},
    {"account", OpFieldKind::address, false, "The account acted on."},
    {"other", OpFieldKind::address, false, "The receiver of move_locked and settle."},
    {"id", OpFieldKind::instrument_id, false, "Lock id, 32 hex."},
    {"amount", OpFieldKind::amount, false, "Amount in the asset's units."},
    {"height", OpFieldKind::unsigned_integer, false, "History height (below the executing block)."},
    {"limit", OpFieldKind::unsigned_integer, false, "Page size of a history read or a paged op: its weight.", {}, {},
     100000},
};
constexpr Reason kProbeReasons[] = {Reason::NOT_AUTHORIZED, Reason::HEIGHT_NOT_REACHED, Reason::NOTHING_TO_CLAIM};

class ProbeInstrument final : public contracts::Instrument {
public:
    ProbeInstrument(uint16_t tag, uint8_t prefix, std::string name) : tag_(tag), prefix_(prefix), name_(std::move(name)) {
        shape_ = OpShape{name_, "Test instrument: one OpContext service per action.", kProbeFields, "anyone", false,
                         kProbeReasons};
        query_.name = name_ + "_get";
        query_.summary = "Test query: the probe record of an id.";
        query_.params = R"([{"name":"id","required":true,"description":"32 hex","schema":{"type":"string"}}])";
        query_.result_schema = R"({"type":"object","properties":{"found":{"type":"boolean"}}})";
        query_.example_params = R"({"id":"00000000000000000000000000000000"})";
        query_.example_result = R"({"found":false,"height":1})";
        query_.handler = [](const QueryContext& ctx, const nlohmann::json& params) -> Result<nlohmann::json> {
            InstrumentId id;
            if (!parse_instrument_id(params.value("id", std::string()), id))
                return make_error(Reason::INVALID_ARGUMENT, "id: not 32 hex");
            Bytes unused;
            return nlohmann::json{{"found", ctx.state.get(probe_record_key(id), unused)}, {"height", ctx.height}};
        };
    }

    uint8_t state_prefix() const override { return prefix_; }
    bool owns(uint16_t tag) const override { return tag == tag_; }
    std::string_view op_name(uint16_t tag) const override { return tag == tag_ ? std::string_view(name_) : ""; }
    Status check_op(const Op& op) const override {
        ProbeOp p;
        return decode(op, p);
    }
    uint64_t weight(const Op& op) const override {
        ProbeOp p;
        if (!decode(op, p)) return 1;
        return p.action == ProbeAction::paged || p.action == ProbeAction::history ? p.limit : 1;
    }
    std::vector<AccountId> required_signers(const Op&) const override { return {}; }
    Status apply(const Op& op, OpContext& ctx) const override;
    Status check_transfer(const TransferCheck& check, const StateView&, const BlockContext& block) const override {
        // A rule by block time: the probe refuses settlements into an account while a test says so. Here: none
        // before time 1 (never on a real chain), so that the hook is called with the block context.
        if (check.kind == TransferKind::settlement && block.time_ms == 0) {
            return make_error(Reason::LOCKED_UP, "no settlement at time 0");
        }
        return Status();
    }
    bool owns_name(std::string_view name) const override { return name == name_; }
    Result<Op> op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const override;
    std::vector<InstrumentOpInfo> ops() const override { return {InstrumentOpInfo{tag_, &shape_}}; }
    std::vector<const InstrumentQuery*> queries() const override { return {&query_}; }

private:
    Status decode(const Op& op, ProbeOp& out) const {
        if (op.tag != tag_) return make_error(Reason::UNKNOWN_OP, "not a probe op");
        Reader r(op.payload);
        uint8_t action = 0;
        ProbeOp p;
        if (!(r.version("probe version", 1) && r.u8("action", action) && r.str("asset", kMaxSymbolLength, p.asset) &&
              r.fixed_bytes("account", p.account) && r.fixed_bytes("other", p.other) && r.fixed_bytes("id", p.id) &&
              r.u64("amount", p.amount) && r.u64("height", p.height) && r.u32("limit", p.limit) && r.finish())) {
            return make_error(Reason::DECODE_ERROR, r.error());
        }
        if (action < 1 || action > kActionNames.size()) return make_error(Reason::DECODE_ERROR, "action: unknown");
        if (p.limit == 0) return make_error(Reason::DECODE_ERROR, "limit: 0");
        p.action = static_cast<ProbeAction>(action);
        out = std::move(p);
        return Status();
    }

    uint16_t tag_;
    uint8_t prefix_;
    std::string name_;
    OpShape shape_;
    InstrumentQuery query_;
};

Status ProbeInstrument::apply(const Op& op, OpContext& ctx) const {
    ProbeOp p;
    if (Status s = decode(op, p); !s) return s;
    const InstrumentId lock_id = p.id;
    switch (p.action) {
        case ProbeAction::mint: return ctx.mint(p.asset, p.account, p.amount);
        case ProbeAction::burn_from: return ctx.burn_from(p.asset, p.account, p.amount);
        case ProbeAction::lock: return ctx.lock(kProbeLockKind, lock_id, p.asset, p.account, p.amount);
        case ProbeAction::unlock: return ctx.unlock(kProbeLockKind, lock_id, p.asset, p.account, p.amount);
        case ProbeAction::move_locked:
            return ctx.move_locked(kProbeLockKind, lock_id, p.asset, p.account, p.other, p.amount);
        case ProbeAction::escrow_in: return ctx.escrow_in(p.asset, p.account, p.amount);
        case ProbeAction::escrow_out: return ctx.escrow_out(p.asset, p.account, p.amount);
        case ProbeAction::settle: return ctx.move(TransferKind::settlement, p.asset, p.account, p.other, p.amount);
        case ProbeAction::record_id: {
            const InstrumentId id = ctx.new_id();
            if (Status s = ctx.put(probe_record_key(id), Bytes{1}); !s) return s;
            return ctx.emit(Event{"probe_record", 0, id, {ctx.signer()}, {ctx.op_index()}});
        }
        case ProbeAction::intrude: return ctx.put(state_key::meta("next_asset_id"), Bytes{9, 9, 9, 9});
        case ProbeAction::intrude_ignored: {
            (void)ctx.put(state_key::meta("next_asset_id"), Bytes{9, 9, 9, 9});
            return Status();
        }
        case ProbeAction::history: {
            AssetId asset = 0;
            if (!read_asset_id(ctx, p.asset, asset)) return make_error(Reason::UNKNOWN_ASSET, "no asset " + p.asset);
            auto balance = ctx.balance_at(asset, p.account, p.height);
            if (!balance) return balance.error();
            auto holders = ctx.holders_at(asset, p.height, std::nullopt, p.limit);
            if (!holders) return holders.error();
            auto record = ctx.asset_at(asset, p.height);
            if (!record) return record.error();
            const Amount supply = *record ? (*record)->supply : 0;
            const Amount escrow = *record ? (*record)->escrow : 0;
            Event e{"probe_history", asset, ctx.new_id(), {}, {balance->amount, static_cast<Amount>(holders->size()), supply, escrow}};
            for (size_t i = 0; i < holders->size() && i < kMaxEventAccounts; ++i) e.accounts.push_back((*holders)[i].account);
            if (Status s = ctx.put(probe_record_key(ctx.new_id()), Bytes{2}); !s) return s;
            return ctx.emit(std::move(e));
        }
        case ProbeAction::emit_then_fail: {
            if (Status s = ctx.put(probe_record_key(ctx.new_id()), Bytes{3}); !s) return s;
            if (Status s = ctx.emit(Event{"probe_doomed", 0, ctx.new_id(), {}, {}}); !s) return s;
            if (Status s = ctx.mint(p.asset, p.account, p.amount); !s) return s;
            return make_error(Reason::NOTHING_TO_CLAIM, "the probe fails after writing");
        }
        case ProbeAction::paged: return ctx.emit(Event{"probe_page", 0, ctx.new_id(), {}, {p.limit}});
    }
    return make_error(Reason::UNKNOWN_OP, "unknown probe action");
}

Result<Op> ProbeInstrument::op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const {
    if (Status s = check_op_fields(j, shape_); !s) return s.error();
    ProbeOp p;
    const std::string action = j.at("action").get<std::string>();
    for (size_t i = 0; i < kActionNames.size(); ++i) {
        if (kActionNames[i] == action) p.action = static_cast<ProbeAction>(i + 1);
    }
    p.asset = j.value("asset", std::string());
    auto address = [&](const char* field, AccountId& out) -> Status {
        if (!j.contains(field)) return Status();
        auto id = crypto::decode_address(j.at(field).get<std::string>());
        if (!id) return make_error(Reason::BAD_ADDRESS, std::string(field) + ": not a folio address");
        out = *id;
        return Status();
    };
    if (Status s = address("account", p.account); !s) return s.error();
    if (Status s = address("other", p.other); !s) return s.error();
    if (j.contains("id") && !parse_instrument_id(j.at("id").get<std::string>(), p.id))
        return make_error(Reason::INVALID_ARGUMENT, "id: not 32 lowercase hex");
    if (j.contains("amount")) {
        const auto d = decimals(p.asset);
        if (!d) return make_error(Reason::UNKNOWN_ASSET, "asset: no asset " + p.asset);
        if (!parse_amount(j.at("amount").get<std::string>(), *d, p.amount))
            return make_error(Reason::BAD_AMOUNT, "amount: not a decimal with at most the asset's decimals");
    }
    p.height = j.value("height", uint64_t{0});
    p.limit = static_cast<uint32_t>(j.value("limit", uint64_t{1}));
    if (p.limit == 0) return make_error(Reason::INVALID_ARGUMENT, "limit: must be positive");
    return encode_probe(p, tag_);
}

Status ProbeInstrument::op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const {
    ProbeOp p;
    if (Status s = decode(op, p); !s) return s;
    out = nlohmann::json{{"op", name_}, {"action", kActionNames[static_cast<size_t>(p.action) - 1]}};
    if (!p.asset.empty()) {
        out["asset"] = p.asset;
        const auto d = decimals(p.asset);
        if (!d) return make_error(Reason::UNKNOWN_ASSET, "asset: no asset " + p.asset);
        out["amount"] = format_amount(p.amount, *d);
    }
    out["account"] = crypto::encode_address(p.account);
    out["height"] = p.height;
    out["limit"] = p.limit;
    return Status();
}

}  // namespace

Op encode_probe(const ProbeOp& p, uint16_t tag) {
    Writer w(128);
    w.u8(1);
    w.u8(static_cast<uint8_t>(p.action));
    w.str(p.asset);
    w.fixed_bytes(p.account);
    w.fixed_bytes(p.other);
    w.fixed_bytes(p.id);
    w.u64(p.amount);
    w.u64(p.height);
    w.u32(p.limit);
    return Op{tag, w.take()};
}

std::unique_ptr<contracts::Instrument> make_probe_instrument(uint16_t tag, uint8_t prefix, std::string name) {
    return std::make_unique<ProbeInstrument>(tag, prefix, std::move(name));
}

Bytes probe_record_key(const InstrumentId& id) {
    Bytes k(1 + id.size());
    k[0] = kProbePrefix;
    std::copy(id.begin(), id.end(), k.begin() + 1);
    return k;
}

}  // namespace folio::test
