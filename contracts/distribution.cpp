#include "contracts/distribution.h"

#include <array>
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "contracts/op_support.h"
#include "contracts/payout.h"

namespace folio::contracts {
namespace {

using K = OpFieldKind;

constexpr std::string_view kKindNames[] = {"dividend", "royalty"};
constexpr uint32_t kDefaultLimit = 1000;
constexpr uint32_t kFullShareBps = 10000;
constexpr size_t kMaxQueryHolders = 1000;

constexpr OpField kDistributeFields[] = {
    {"asset", K::symbol, true, "the asset whose holders are paid"},
    {"currency", K::symbol, true, "the currency paid"},
    {.name = "kind",
     .kind = K::name,
     .required = true,
     .description = "dividend or royalty",
     .names = kKindNames},
    {"total", K::amount, false, "dividend: the amount distributed, in the currency's units"},
    {"revenue", K::amount, false, "royalty: the declared revenue, in the currency's units"},
    {.name = "share_bps",
     .kind = K::unsigned_integer,
     .required = false,
     .description = "royalty: the share of revenue distributed",
     .unit = "basis points",
     .max = kFullShareBps},
    {"record_height", K::unsigned_integer, true,
     "the holders are those at this height, below the current one"},
    {.name = "expires_ms",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "withheld shares are claimable until then, reclaimable by the issuer after",
     .unit = "milliseconds since the Unix epoch (UTC)"},
    {.name = "limit",
     .kind = K::unsigned_integer,
     .required = false,
     .description = "holders paid by the first page, the op's weight; default 1000",
     .max = kMaxPayoutPage},
};
constexpr OpField kPayFields[] = {
    {.name = "id", .kind = K::text, .required = true, .description = "the distribution (32 hex)", .max = 32},
    {.name = "limit",
     .kind = K::unsigned_integer,
     .required = false,
     .description = "holders paid by this page, the op's weight; default 1000",
     .max = kMaxPayoutPage},
};
constexpr OpField kIdFields[] = {
    {.name = "id", .kind = K::text, .required = true, .description = "the distribution (32 hex)", .max = 32},
};

constexpr Reason kDistributeReasons[] = {
    Reason::UNKNOWN_ASSET,      Reason::NOT_AUTHORIZED,       Reason::INVALID_ARGUMENT, Reason::BAD_AMOUNT,
    Reason::HEIGHT_NOT_REACHED, Reason::INSUFFICIENT_BALANCE, Reason::OVERFLOW};
constexpr Reason kPayReasons[] = {Reason::UNKNOWN_ID, Reason::DISTRIBUTION_DONE};
constexpr Reason kClaimReasons[] = {Reason::UNKNOWN_ID, Reason::NOTHING_TO_CLAIM};
constexpr Reason kReclaimReasons[] = {Reason::UNKNOWN_ID, Reason::NOT_AUTHORIZED, Reason::NOT_DUE,
                                      Reason::NOTHING_TO_CLAIM};

struct DistributeOp {
    std::string asset, currency;
    uint8_t kind = 0;  // index in kKindNames
    Amount total = 0, revenue = 0;
    uint32_t share_bps = 0;
    Height record_height = 0;
    uint64_t expires_ms = 0;
    uint32_t limit = kDefaultLimit;
};
struct IdOp {  // distribution_pay, distribution_claim, distribution_reclaim
    InstrumentId id{};
    uint32_t limit = 1;
};

Status check_limit(uint32_t limit) {
    if (limit == 0 || limit > kMaxPayoutPage)
        return make_error(Reason::DECODE_ERROR, "limit: 1.." + std::to_string(kMaxPayoutPage));
    return Status();
}

Op encode_distribute(const DistributeOp& p) {
    Writer w(80);
    w.u8(1);
    w.str(p.asset);
    w.str(p.currency);
    w.u8(p.kind);
    w.u64(p.total);
    w.u64(p.revenue);
    w.u32(p.share_bps);
    w.u64(p.record_height);
    w.u64(p.expires_ms);
    w.u32(p.limit);
    return Op{kDistributeTag, w.take()};
}

Status decode_distribute(const Op& op, DistributeOp& out) {
    Reader r(op.payload);
    DistributeOp p;
    if (!(r.version("distribute version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
          r.str("currency", kMaxSymbolLength, p.currency) && r.u8("kind", p.kind) &&
          r.u64("total", p.total) && r.u64("revenue", p.revenue) && r.u32("share_bps", p.share_bps) &&
          r.u64("record_height", p.record_height) && r.u64("expires_ms", p.expires_ms) &&
          r.u32("limit", p.limit) && r.finish())) {
        return make_error(Reason::DECODE_ERROR, r.error());
    }
    if (p.kind > 1) return make_error(Reason::DECODE_ERROR, "kind: unknown");
    const bool dividend = p.kind == 0;
    if (dividend ? (p.total == 0 || p.revenue != 0 || p.share_bps != 0)
                 : (p.total != 0 || p.revenue == 0 || p.share_bps == 0 || p.share_bps > kFullShareBps)) {
        return make_error(Reason::DECODE_ERROR, dividend
                                                    ? "dividend: a positive total and no revenue or share_bps"
                                                    : "royalty: revenue and share_bps 1..10000, no total");
    }
    if (Status s = check_limit(p.limit); !s) return s;
    out = std::move(p);
    return Status();
}

Op encode_id_op(uint16_t tag, const IdOp& p) {
    Writer w(24);
    w.u8(1);
    w.fixed_bytes(p.id);
    if (tag == kDistributionPayTag) w.u32(p.limit);
    return Op{tag, w.take()};
}

Status decode_id_op(const Op& op, IdOp& out) {
    Reader r(op.payload);
    IdOp p;
    bool ok = r.version("op version", 1) && r.fixed_bytes("id", p.id);
    if (op.tag == kDistributionPayTag) ok = ok && r.u32("limit", p.limit);
    if (!(ok && r.finish())) return make_error(Reason::DECODE_ERROR, r.error());
    if (Status s = check_limit(p.limit); !s) return s;
    out = p;
    return Status();
}

// X = floor(revenue * share_bps / 10000), exact in 128 bits; at most revenue.
Amount royalty_total(Amount revenue, uint32_t share_bps) {
    return static_cast<Amount>(static_cast<unsigned __int128>(revenue) * share_bps / kFullShareBps);
}

// In tag order from kDistributeTag.
constexpr OpShape kShapes[] = {
    {"distribute", "Escrows a dividend or royalty and pays its first page pro rata.", kDistributeFields,
     "the asset's issuer", true, kDistributeReasons},
    {"distribution_pay", "Pays the next page of a distribution.", kPayFields, "anyone", false, kPayReasons},
    {"distribution_claim", "Claims the signer's withheld share of a distribution.", kIdFields,
     "a holder whose share was withheld", false, kClaimReasons},
    {"distribution_reclaim", "Returns the unclaimed withheld rest to the issuer after expiry.", kIdFields,
     "the issuer who distributed", false, kReclaimReasons},
};

class DistributionInstrument final : public TaggedOpsInstrument {
  public:
    DistributionInstrument() : TaggedOpsInstrument(kDistributeTag, kShapes) {
        query_.name = "distribution_get";
        query_.summary = "A distribution's totals and its holders at the record height, paged.";
        query_.params =
            R"([{"name":"id","required":true,"description":"the distribution, 32 hex","schema":{"type":"string"}},)"
            R"({"name":"account","required":false,"description":"one holder alone","schema":{"type":"string"}},)"
            R"({"name":"cursor","required":false,"description":"next_cursor of the previous page","schema":{"type":"string"}},)"
            R"({"name":"limit","required":false,"description":"holders per page, at most 1000, default 100",)"
            R"("schema":{"type":"integer","minimum":1,"maximum":1000}}])";
        query_.result_schema =
            R"({"type":"object","properties":{"record_height":{"type":"integer"},"total":{"type":"string"},)"
            R"("paid":{"type":"string"},"withheld":{"type":"string"},"unpaid":{"type":"string"},)"
            R"("reclaimed":{"type":"string"},"holders":{"type":"array","items":{"type":"object"}},)"
            R"("next_cursor":{"type":"string"}}})";
        query_.errors = {Reason::UNKNOWN_ID, Reason::INVALID_ARGUMENT, Reason::BAD_ADDRESS};
        query_.example_params = R"({"id":"5f1c0a3e9b7d2c4f6a8e0b1d3c5e7f90"})";
        query_.example_result =
            R"({"id":"5f1c0a3e9b7d2c4f6a8e0b1d3c5e7f90","kind":"royalty","asset":"ROY","currency":"EUR",)"
            R"("payer":"folio1...",)"
            R"("record_height":12,"units":"100","total":"3000.00","paid":"3000.00","withheld":"0.00",)"
            R"("unpaid":"0.00","reclaimed":"0.00","expires_ms":1790000000000,"done":true,"holders":[)"
            R"({"account":"folio1...","units":"50","amount":"1500.00","status":"paid"}]})";
        query_.handler = [](const QueryContext& ctx, const nlohmann::json& params) -> Result<nlohmann::json> {
            auto id = json_instrument_id(params, "id");
            if (!id) return id.error();
            auto address = [&](const char* field) -> Result<std::optional<AccountId>> {
                if (!params.contains(field)) return std::optional<AccountId>();
                auto a = params.at(field).is_string()
                             ? crypto::decode_address(params.at(field).get<std::string>())
                             : std::nullopt;
                if (!a) return make_error(Reason::BAD_ADDRESS, std::string(field) + ": not a folio address");
                return std::optional<AccountId>(*a);
            };
            auto account = address("account");
            if (!account) return account.error();
            auto cursor = address("cursor");
            if (!cursor) return cursor.error();
            if (params.contains("limit") && !params["limit"].is_number_integer()) {
                return make_error(Reason::INVALID_ARGUMENT, "limit: an integer 1..1000");
            }
            const int64_t limit = params.value("limit", int64_t{100});
            if (limit < 1 || limit > static_cast<int64_t>(kMaxQueryHolders)) {
                return make_error(Reason::INVALID_ARGUMENT, "limit: 1..1000");
            }
            return payout_json(ctx, kDistributionPrefix, *id, *account, *cursor, static_cast<size_t>(limit));
        };
    }

    uint8_t state_prefix() const override { return kDistributionPrefix; }
    Status check_op(const Op& op) const override {
        if (op.tag == kDistributeTag) {
            DistributeOp p;
            return decode_distribute(op, p);
        }
        IdOp p;
        return decode_id_op(op, p);
    }
    uint64_t weight(const Op& op) const override {
        if (op.tag == kDistributeTag) {
            DistributeOp p;
            return decode_distribute(op, p) ? p.limit : 1;
        }
        IdOp p;
        return op.tag == kDistributionPayTag && decode_id_op(op, p) ? p.limit : 1;
    }
    std::vector<AccountId> required_signers(const Op&) const override { return {}; }
    Status apply(const Op& op, OpContext& ctx) const override {
        if (op.tag == kDistributeTag) {
            DistributeOp p;
            if (Status s = decode_distribute(op, p); !s) return s;
            return apply_distribute(p, ctx);
        }
        IdOp p;
        if (Status s = decode_id_op(op, p); !s) return s;
        if (op.tag == kDistributionClaimTag) return claim_share(ctx, kDistributionPrefix, p.id);
        if (op.tag == kDistributionReclaimTag) return reclaim_withheld(ctx, kDistributionPrefix, p.id);
        auto payout = read_payout(ctx, kDistributionPrefix, p.id);
        if (!payout) return make_error(Reason::UNKNOWN_ID, "no distribution " + instrument_id_hex(p.id));
        return pay_payout_page(ctx, kDistributionPrefix, p.id, *payout, p.limit);
    }
    Status check_transfer(const TransferCheck&, const StateView&, const BlockContext&) const override {
        return Status();
    }
    Result<Op> op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const override;
    std::vector<const InstrumentQuery*> queries() const override { return {&query_}; }

  private:
    static Status apply_distribute(const DistributeOp& p, OpContext& ctx);

    InstrumentQuery query_;
};

Status DistributionInstrument::apply_distribute(const DistributeOp& p, OpContext& ctx) {
    auto asset = load_asset(ctx, p.asset);
    if (!asset) return asset.error();
    if (!is_asset_issuer(ctx, *asset, ctx.signer())) {
        return make_error(Reason::NOT_AUTHORIZED,
                          "only the issuer of " + p.asset + " distributes to its holders");
    }
    auto currency = load_asset(ctx, p.currency);
    if (!currency) return currency.error();
    if (currency->id == asset->id) return make_error(Reason::INVALID_ARGUMENT, "currency: the asset itself");
    // Paid out of escrow, a security would reach its holders without its own transfer rules (an approval,
    // a lock-up): only a currency-class asset pays, as for campaigns.
    if (currency->asset_class != AssetClass::currency)
        return make_error(Reason::INVALID_ARGUMENT, "currency: " + currency->symbol + " is not of class currency");
    if (p.expires_ms <= ctx.block().time_ms)
        return make_error(Reason::INVALID_ARGUMENT, "expires_ms: already past");
    if (Status s = check_record_height(ctx, p.record_height); !s) return s;
    auto units = units_at(ctx, asset->id, p.record_height);
    if (!units) return units.error();
    if (*units == 0) return make_error(Reason::INVALID_ARGUMENT, "no units are held at the record height");
    const Amount total = p.kind == 0 ? p.total : royalty_total(p.revenue, p.share_bps);
    if (total == 0) return make_error(Reason::BAD_AMOUNT, "the royalty's share of revenue rounds to zero");
    const InstrumentId id = ctx.new_id();
    PayoutRecord payout;
    payout.kind = std::string(kKindNames[p.kind]);
    payout.units_asset = asset->id;
    payout.currency = currency->id;
    payout.payer = ctx.signer();
    payout.record_height = p.record_height;
    payout.all_units = *units;
    payout.expires_ms = p.expires_ms;
    payout.totals = {total};
    if (Status s = open_payout(ctx, kDistributionPrefix, id, payout); !s) return s;
    return pay_payout_page(ctx, kDistributionPrefix, id, payout, p.limit);
}

Result<Op> DistributionInstrument::op_from_json(const nlohmann::json& j,
                                                const DecimalsLookup& decimals) const {
    auto shape = checked_shape(j);
    if (!shape) return shape.error();
    const std::string name((*shape)->op);
    auto limit = json_uint(j, "limit", kMaxPayoutPage, kDefaultLimit);
    if (!limit) return limit.error();
    if (*limit == 0) return make_error(Reason::INVALID_ARGUMENT, "limit: must be positive");
    if (name == "distribute") {
        DistributeOp p;
        p.asset = j.at("asset").get<std::string>();
        p.currency = j.at("currency").get<std::string>();
        p.kind = j.at("kind").get<std::string>() == "royalty" ? 1 : 0;
        auto total = json_amount(j, "total", p.currency, decimals);
        if (!total) return total.error();
        auto revenue = json_amount(j, "revenue", p.currency, decimals);
        if (!revenue) return revenue.error();
        p.total = *total;
        p.revenue = *revenue;
        auto share = json_uint(j, "share_bps", kFullShareBps);
        if (!share) return share.error();
        p.share_bps = static_cast<uint32_t>(*share);
        p.record_height = j.at("record_height").get<uint64_t>();
        p.expires_ms = j.at("expires_ms").get<uint64_t>();
        p.limit = static_cast<uint32_t>(*limit);
        if (p.kind == 0 &&
            (!j.contains("total") || j.contains("revenue") || j.contains("share_bps") || p.total == 0)) {
            return make_error(Reason::INVALID_ARGUMENT,
                              "a dividend takes a positive total, no revenue or share_bps");
        }
        if (p.kind == 1 && (j.contains("total") || p.revenue == 0 || p.share_bps == 0)) {
            return make_error(Reason::INVALID_ARGUMENT,
                              "a royalty takes revenue and share_bps (1..10000), no total");
        }
        return encode_distribute(p);
    }
    auto id = json_instrument_id(j, "id");
    if (!id) return id.error();
    const uint16_t tag = name == "distribution_pay"     ? kDistributionPayTag
                         : name == "distribution_claim" ? kDistributionClaimTag
                                                        : kDistributionReclaimTag;
    return encode_id_op(tag, IdOp{*id, tag == kDistributionPayTag ? static_cast<uint32_t>(*limit) : 1});
}

Status DistributionInstrument::op_to_json(const Op& op, const DecimalsLookup& decimals,
                                          nlohmann::json& out) const {
    if (op.tag == kDistributeTag) {
        DistributeOp p;
        if (Status s = decode_distribute(op, p); !s) return s;
        const auto d = decimals(p.currency);
        if (!d) return make_error(Reason::UNKNOWN_ASSET, "currency: no asset " + p.currency);
        out = nlohmann::json{{"op", "distribute"},
                             {"asset", p.asset},
                             {"currency", p.currency},
                             {"kind", kKindNames[p.kind]},
                             {"record_height", p.record_height},
                             {"expires_ms", p.expires_ms},
                             {"limit", p.limit}};
        if (p.kind == 0) {
            out["total"] = format_amount(p.total, *d);
        } else {
            out["revenue"] = format_amount(p.revenue, *d);
            out["share_bps"] = p.share_bps;
        }
        return Status();
    }
    IdOp p;
    if (Status s = decode_id_op(op, p); !s) return s;
    out = nlohmann::json{{"op", op_name(op.tag)}, {"id", instrument_id_hex(p.id)}};
    if (op.tag == kDistributionPayTag) out["limit"] = p.limit;
    return Status();
}

}  // namespace

std::unique_ptr<Instrument> make_distribution_instrument() {
    return std::make_unique<DistributionInstrument>();
}

}  // namespace folio::contracts
