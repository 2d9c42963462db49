#include "contracts/dvp.h"

#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "chain/crypto/bech32m.h"
#include "contracts/op_support.h"

namespace folio::contracts {
namespace {

constexpr std::string_view kDvpName = "dvp";

constexpr OpField kLegFields[] = {
    {"asset", OpFieldKind::symbol, true, "The asset of this leg."},
    {"amount", OpFieldKind::amount, true, "Units of the asset moved by this leg (> 0)."},
};
constexpr OpField kDvpFields[] = {
    {"counterparty", OpFieldKind::address, true, "The other party; it signs the tx too."},
    {"give", OpFieldKind::object, true, "What the signer delivers to the counterparty.", kLegFields},
    {"get", OpFieldKind::object, true, "What the counterparty delivers to the signer.", kLegFields},
};
constexpr Reason kDvpReasons[] = {Reason::BAD_AMOUNT,        Reason::BAD_ADDRESS,        Reason::INVALID_ARGUMENT,
                                  Reason::UNKNOWN_ASSET,     Reason::UNKNOWN_ACCOUNT,    Reason::INSUFFICIENT_BALANCE,
                                  Reason::BALANCE_FROZEN,    Reason::ASSET_FROZEN,       Reason::ACCOUNT_FROZEN,
                                  Reason::KYC_REQUIRED,      Reason::KYC_EXPIRED,        Reason::POLICY_REFUSED,
                                  Reason::APPROVAL_REQUIRED, Reason::LOCKED_UP,          Reason::OVERFLOW};
constexpr OpShape kDvpShapes[] = {
    {kDvpName, "Swaps units of two assets between the signer and a counterparty: both legs or neither.", kDvpFields,
     "the signer and the counterparty", false, kDvpReasons},
};

Error invalid(std::string message) { return make_error(Reason::INVALID_ARGUMENT, std::move(message)); }

Result<DvpLeg> leg_from_json(const nlohmann::json& j, const char* field, const DecimalsLookup& decimals) {
    const nlohmann::json& leg = j.at(field);
    DvpLeg out;
    out.asset = leg.at("asset").get<std::string>();
    if (!decimals(out.asset)) return make_error(Reason::UNKNOWN_ASSET, std::string(field) + ".asset: no asset " + out.asset);
    auto amount = json_amount(leg, "amount", out.asset, decimals);
    if (!amount) return amount.error();
    if (amount.value() == 0) return make_error(Reason::BAD_AMOUNT, std::string(field) + ".amount: must be positive");
    out.amount = amount.value();
    return out;
}

nlohmann::json leg_to_json(const DvpLeg& leg, const DecimalsLookup& decimals) {
    // Without the asset's decimals (an offline wallet) the amount is shown in base units, as core ops do.
    const std::optional<uint8_t> d = decimals ? decimals(leg.asset) : std::nullopt;
    return nlohmann::json{{"asset", leg.asset}, {"amount", format_amount(leg.amount, d.value_or(0))}};
}

class DvpInstrument final : public TaggedOpsInstrument {
public:
    DvpInstrument() : TaggedOpsInstrument(kDvpTag, kDvpShapes) {}

    uint8_t state_prefix() const override { return kDvpPrefix; }
    Status check_op(const Op& op) const override {
        DvpOp p;
        return decode_dvp(op, p);
    }
    uint64_t weight(const Op&) const override { return 1; }
    // The counterparty delivers a leg, so its keys sign the tx as the signer's do.
    std::vector<AccountId> required_signers(const Op& op) const override {
        DvpOp p;
        if (!decode_dvp(op, p)) return {};
        return {p.counterparty};
    }
    Status apply(const Op& op, OpContext& ctx) const override;
    // Each leg is a core transfer: the core and the other instruments judge it; no rule of its own.
    Status check_transfer(const TransferCheck&, const StateView&, const BlockContext&) const override {
        return Status();
    }
    Result<Op> op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const override;
    std::vector<const InstrumentQuery*> queries() const override { return {}; }
};

Status DvpInstrument::apply(const Op& op, OpContext& ctx) const {
    DvpOp p;
    if (Status s = decode_dvp(op, p); !s) return s;
    if (p.counterparty == ctx.signer()) return invalid("counterparty: the signer cannot swap with itself");
    auto give = load_asset(ctx, p.give.asset);
    if (!give) return give.error();
    auto get = load_asset(ctx, p.get.asset);
    if (!get) return get.error();
    // The executor rolls back the first leg when the second is refused: both legs or neither.
    if (Status s = ctx.move(TransferKind::transfer, p.give.asset, ctx.signer(), p.counterparty, p.give.amount); !s)
        return make_error(s.error().reason, "give: " + s.error().message);
    if (Status s = ctx.move(TransferKind::transfer, p.get.asset, p.counterparty, ctx.signer(), p.get.amount); !s)
        return make_error(s.error().reason, "get: " + s.error().message);
    ctx.touch(p.counterparty);
    const InstrumentId id = ctx.new_id();
    if (Status s = ctx.emit(Event{"dvp_give", give.value().id, id, {ctx.signer(), p.counterparty}, {p.give.amount}});
        !s) {
        return s;
    }
    return ctx.emit(Event{"dvp_get", get.value().id, id, {p.counterparty, ctx.signer()}, {p.get.amount}});
}

Result<Op> DvpInstrument::op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const {
    if (auto shape = checked_shape(j); !shape) return shape.error();
    DvpOp p;
    auto counterparty = crypto::decode_address(j.at("counterparty").get<std::string>());
    if (!counterparty) return make_error(Reason::BAD_ADDRESS, "counterparty: not a folio address");
    p.counterparty = *counterparty;
    auto give = leg_from_json(j, "give", decimals);
    if (!give) return give.error();
    auto get = leg_from_json(j, "get", decimals);
    if (!get) return get.error();
    p.give = std::move(give).value();
    p.get = std::move(get).value();
    if (p.give.asset == p.get.asset) return invalid("get.asset: must differ from give.asset");
    return encode_dvp(p);
}

Status DvpInstrument::op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const {
    DvpOp p;
    if (Status s = decode_dvp(op, p); !s) return s;
    out = nlohmann::json{{"op", kDvpName},
                         {"counterparty", crypto::encode_address(p.counterparty)},
                         {"give", leg_to_json(p.give, decimals)},
                         {"get", leg_to_json(p.get, decimals)}};
    return Status();
}

}  // namespace

Op encode_dvp(const DvpOp& p) {
    Writer w(96);
    w.u8(1);
    w.fixed_bytes(p.counterparty);
    w.str(p.give.asset);
    w.u64(p.give.amount);
    w.str(p.get.asset);
    w.u64(p.get.amount);
    return Op{kDvpTag, w.take()};
}

Status decode_dvp(const Op& op, DvpOp& out) {
    Reader r(op.payload);
    DvpOp p;
    if (!(r.version("dvp version", 1) && r.fixed_bytes("counterparty", p.counterparty) &&
          r.str("give asset", kMaxSymbolLength, p.give.asset) && r.u64("give amount", p.give.amount) &&
          r.str("get asset", kMaxSymbolLength, p.get.asset) && r.u64("get amount", p.get.amount) && r.finish())) {
        return make_error(Reason::DECODE_ERROR, r.error());
    }
    if (p.give.amount == 0 || p.get.amount == 0) return make_error(Reason::DECODE_ERROR, "amount: must be positive");
    if (p.give.asset == p.get.asset) return make_error(Reason::DECODE_ERROR, "the two legs name the same asset");
    out = std::move(p);
    return Status();
}

std::unique_ptr<Instrument> make_dvp_instrument() { return std::make_unique<DvpInstrument>(); }

}  // namespace folio::contracts
