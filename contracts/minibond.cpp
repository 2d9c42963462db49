#include "contracts/minibond.h"

#include <array>
#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "contracts/amortization.h"
#include "contracts/calendar.h"
#include "contracts/minibond_queries.h"
#include "contracts/minibond_state.h"
#include "contracts/op_support.h"
#include "contracts/payout.h"

namespace folio::contracts {
namespace {

using K = OpFieldKind;
using namespace minibond_state;

constexpr std::string_view kScheduleNames[] = {"constant", "annuity", "bullet"};

constexpr OpField kTermsFields[] = {
    {"asset", K::symbol, true, "the minibond asset (class minibond)"},
    {"currency", K::symbol, true, "the currency the loan is repaid in"},
    {"nominal", K::amount, true, "the principal of one bond, in the currency's units"},
    {.name = "rate_bps",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "the annual nominal rate",
     .unit = "basis points",
     .max = kMaxRateBps},
    {.name = "schedule",
     .kind = K::name,
     .required = true,
     .description = "how the principal is repaid",
     .names = kScheduleNames},
    {.name = "period_months",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "months between instalments: 1, 3, 6 or 12",
     .unit = "months",
     .max = 12},
    {.name = "instalments",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "number of instalments",
     .max = kMaxInstalments},
    {.name = "deferral",
     .kind = K::unsigned_integer,
     .required = false,
     .description = "interest-only instalments first; default 0",
     .max = kMaxInstalments - 1},
    {.name = "first_due_ms",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "due date of instalment 1",
     .unit = "milliseconds since the Unix epoch (UTC)"},
};
constexpr OpField kCouponFields[] = {
    {"asset", K::symbol, true, "the minibond asset"},
    {.name = "instalment",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "the instalment paid",
     .max = kMaxInstalments},
    {"record_height", K::unsigned_integer, true,
     "the holders are those at this height, below the current one"},
    {.name = "limit",
     .kind = K::unsigned_integer,
     .required = false,
     .description = "holders paid by this page, the op's weight; default 1000",
     .max = kMaxPayoutPage},
};
constexpr OpField kMarkFields[] = {
    {"asset", K::symbol, true, "the minibond asset"},
    {.name = "instalment",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "the instalment in default",
     .max = kMaxInstalments},
    {"legal_ref", K::hex32, true, "hash of the act recording the default"},
};
constexpr OpField kClaimFields[] = {
    {"asset", K::symbol, true, "the minibond asset"},
    {.name = "instalment",
     .kind = K::unsigned_integer,
     .required = true,
     .description = "the instalment whose withheld share is claimed",
     .max = kMaxInstalments},
};

constexpr Reason kTermsReasons[] = {Reason::UNKNOWN_ASSET, Reason::NOT_AUTHORIZED, Reason::INVALID_ARGUMENT,
                                    Reason::TERMS_LOCKED, Reason::OVERFLOW};
constexpr Reason kCouponReasons[] = {
    Reason::UNKNOWN_ASSET, Reason::UNKNOWN_ID,   Reason::NOT_AUTHORIZED,     Reason::INVALID_ARGUMENT,
    Reason::NOT_DUE,       Reason::ALREADY_PAID, Reason::HEIGHT_NOT_REACHED, Reason::INSUFFICIENT_BALANCE};
constexpr Reason kMarkReasons[] = {Reason::UNKNOWN_ASSET,    Reason::UNKNOWN_ID, Reason::NOT_AUTHORIZED,
                                   Reason::INVALID_ARGUMENT, Reason::NOT_DUE,    Reason::ALREADY_PAID};
constexpr Reason kClaimReasons[] = {Reason::UNKNOWN_ASSET, Reason::UNKNOWN_ID, Reason::NOTHING_TO_CLAIM};

constexpr uint32_t kDefaultLimit = 1000;

// ---- payloads

struct TermsOp {
    std::string asset, currency;
    Amount nominal = 0;
    AmortizationTerms schedule;
};
struct InstalmentOp {  // coupon_pay, default_mark, coupon_claim
    std::string asset;
    uint16_t instalment = 0;
    Height record_height = 0;
    uint32_t limit = kDefaultLimit;
    Hash256 legal_ref{};
};

Op encode_terms(const TermsOp& p) {
    Writer w(64);
    w.u8(1);
    w.str(p.asset);
    w.str(p.currency);
    w.u64(p.nominal);
    w.u32(p.schedule.rate_bps);
    w.u8(static_cast<uint8_t>(p.schedule.schedule));
    w.u8(static_cast<uint8_t>(p.schedule.period_months));
    w.u16(p.schedule.instalments);
    w.u16(p.schedule.deferral);
    w.u64(p.schedule.first_due_ms);
    return Op{kMinibondTermsTag, w.take()};
}

Status decode_terms(const Op& op, TermsOp& out) {
    Reader r(op.payload);
    TermsOp p;
    uint8_t kind = 0, period = 0;
    if (!(r.version("minibond_terms version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
          r.str("currency", kMaxSymbolLength, p.currency) && r.u64("nominal", p.nominal) &&
          r.u32("rate_bps", p.schedule.rate_bps) && r.u8("schedule", kind) && r.u8("period_months", period) &&
          r.u16("instalments", p.schedule.instalments) && r.u16("deferral", p.schedule.deferral) &&
          r.u64("first_due_ms", p.schedule.first_due_ms) && r.finish())) {
        return make_error(Reason::DECODE_ERROR, r.error());
    }
    if (kind > 2) return make_error(Reason::DECODE_ERROR, "schedule: unknown");
    p.schedule.schedule = static_cast<AmortizationSchedule>(kind);
    p.schedule.period_months = period;
    out = std::move(p);
    return Status();
}

Op encode_instalment(uint16_t tag, const InstalmentOp& p) {
    Writer w(64);
    w.u8(1);
    w.str(p.asset);
    w.u16(p.instalment);
    if (tag == kCouponPayTag) {
        w.u64(p.record_height);
        w.u32(p.limit);
    } else if (tag == kDefaultMarkTag) {
        w.fixed_bytes(p.legal_ref);
    }
    return Op{tag, w.take()};
}

Status decode_instalment(const Op& op, InstalmentOp& out) {
    Reader r(op.payload);
    InstalmentOp p;
    bool ok = r.version("op version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
              r.u16("instalment", p.instalment);
    if (op.tag == kCouponPayTag)
        ok = ok && r.u64("record_height", p.record_height) && r.u32("limit", p.limit);
    if (op.tag == kDefaultMarkTag) ok = ok && r.fixed_bytes("legal_ref", p.legal_ref);
    if (!(ok && r.finish())) return make_error(Reason::DECODE_ERROR, r.error());
    if (op.tag == kCouponPayTag && (p.limit == 0 || p.limit > kMaxPayoutPage)) {
        return make_error(Reason::DECODE_ERROR, "limit: 1.." + std::to_string(kMaxPayoutPage));
    }
    out = std::move(p);
    return Status();
}

// In tag order from kMinibondTermsTag.
constexpr OpShape kShapes[] = {
    {"minibond_terms", "Sets a minibond's repayment terms, before its first issue.", kTermsFields,
     "the asset's issuer", true, kTermsReasons},
    {"coupon_pay", "Pays one instalment pro rata (interest and principal), page by page.", kCouponFields,
     "the asset's issuer", true, kCouponReasons},
    {"default_mark", "Marks an unpaid instalment past its due date as in default.", kMarkFields,
     "the registrar", true, kMarkReasons},
    {"coupon_claim", "Claims the signer's withheld share of an instalment.", kClaimFields,
     "a holder whose share was withheld", false, kClaimReasons},
};

class MinibondInstrument final : public TaggedOpsInstrument {
  public:
    MinibondInstrument()
        : TaggedOpsInstrument(kMinibondTermsTag, kShapes), schedule_query_(make_asset_schedule_query()) {}

    uint8_t state_prefix() const override { return kMinibondPrefix; }
    Status check_op(const Op& op) const override {
        if (op.tag == kMinibondTermsTag) {
            TermsOp p;
            return decode_terms(op, p);
        }
        InstalmentOp p;
        return decode_instalment(op, p);
    }
    uint64_t weight(const Op& op) const override {
        InstalmentOp p;
        return op.tag == kCouponPayTag && decode_instalment(op, p) ? p.limit : 1;
    }
    std::vector<AccountId> required_signers(const Op&) const override { return {}; }
    Status apply(const Op& op, OpContext& ctx) const override {
        if (op.tag == kMinibondTermsTag) {
            TermsOp p;
            if (Status s = decode_terms(op, p); !s) return s;
            return apply_terms(p, ctx);
        }
        InstalmentOp p;
        if (Status s = decode_instalment(op, p); !s) return s;
        if (op.tag == kCouponPayTag) return apply_coupon(p, ctx);
        if (op.tag == kDefaultMarkTag) return apply_mark(p, ctx);
        return apply_claim(p, ctx);
    }
    // Once the first coupon has fixed the units the table counts, no more bonds can be issued.
    Status check_transfer(const TransferCheck& check, const StateView& state,
                          const BlockContext&) const override {
        if (check.kind != TransferKind::issue || check.asset->asset_class != AssetClass::minibond)
            return Status();
        auto terms = read_terms(state, check.asset->id);
        if (terms && terms->units != 0) {
            return make_error(Reason::TERMS_LOCKED,
                              check.asset->symbol + ": the first coupon fixed the bonds issued");
        }
        return Status();
    }
    Result<Op> op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const override;
    std::vector<const InstrumentQuery*> queries() const override { return {&schedule_query_}; }

  private:
    static Status apply_terms(const TermsOp& p, OpContext& ctx);
    static Status apply_coupon(const InstalmentOp& p, OpContext& ctx);
    static Status apply_mark(const InstalmentOp& p, OpContext& ctx);
    static Status apply_claim(const InstalmentOp& p, OpContext& ctx);

    InstrumentQuery schedule_query_;
};

Status MinibondInstrument::apply_terms(const TermsOp& p, OpContext& ctx) {
    auto asset = load_asset(ctx, p.asset);
    if (!asset) return asset.error();
    if (asset->asset_class != AssetClass::minibond) {
        return make_error(Reason::INVALID_ARGUMENT, p.asset + " is not of class minibond");
    }
    if (!is_asset_issuer(ctx, *asset, ctx.signer())) {
        return make_error(Reason::NOT_AUTHORIZED, "only the issuer of " + p.asset + " sets its terms");
    }
    auto currency = load_asset(ctx, p.currency);
    if (!currency) return currency.error();
    if (currency->id == asset->id) return make_error(Reason::INVALID_ARGUMENT, "currency: the bond itself");
    // Paid out of escrow, a security would reach its holders without its own transfer rules (an approval,
    // a lock-up): only a currency-class asset pays, as for campaigns.
    if (currency->asset_class != AssetClass::currency)
        return make_error(Reason::INVALID_ARGUMENT, "currency: " + currency->symbol + " is not of class currency");
    auto existing = read_terms(ctx, asset->id);
    if (asset->supply != 0 || (existing && existing->units != 0)) {
        return make_error(Reason::TERMS_LOCKED, p.asset + " has been issued: its terms are fixed");
    }
    AmortizationTerms bounds = p.schedule;
    bounds.principal = p.nominal;  // the bounds of one bond; P of the issue is checked at each coupon
    if (Status s = check_terms(bounds); !s) return s;
    MinibondTerms terms{currency->id, p.nominal, p.schedule, 0};
    if (Status s = ctx.put(terms_key(asset->id), terms.encode()); !s) return s;
    return ctx.emit(Event{"minibond_terms", asset->id, ctx.new_id(), {ctx.signer()}, {p.nominal}});
}

Status MinibondInstrument::apply_coupon(const InstalmentOp& p, OpContext& ctx) {
    auto asset = load_asset(ctx, p.asset);
    if (!asset) return asset.error();
    auto terms = read_terms(ctx, asset->id);
    if (!terms) return make_error(Reason::UNKNOWN_ID, p.asset + " has no minibond terms");
    if (!is_asset_issuer(ctx, *asset, ctx.signer())) {
        return make_error(Reason::NOT_AUTHORIZED, "only the issuer of " + p.asset + " pays its coupons");
    }
    const uint16_t n = terms->schedule.instalments;
    if (p.instalment < 1 || p.instalment > n) {
        return make_error(Reason::INVALID_ARGUMENT, "instalment: 1.." + std::to_string(n));
    }
    // The last instalment's pages redeem the bonds each holder held at the record height, as far as the
    // holding still has them available (units sold after the record height stay with their buyer, unpaid).
    const bool redeems = p.instalment == n;
    const std::string bond = asset->symbol;
    InstrumentId id{};
    const PageHook redeem = [&](const ProRataPayment& payment) -> Status {
        Balance now;
        read_balance(ctx, asset->id, payment.account, now);
        const Amount burnt = std::min(payment.units, now.available());
        if (burnt == 0) return Status();
        if (Status s = ctx.burn_from(bond, payment.account, burnt); !s) return s;
        return ctx.emit(Event{"redemption", asset->id, id, {payment.account}, {burnt, payment.units}});
    };
    if (auto open = coupon_id(ctx, asset->id, p.instalment)) {
        id = *open;
        auto payout = read_payout(ctx, kMinibondPrefix, id);
        if (!payout) std::abort();  // the coupon key and its payout are written together
        if (payout->done())
            return make_error(Reason::ALREADY_PAID,
                              "instalment " + std::to_string(p.instalment) + " is paid");
        if (payout->record_height != p.record_height) {
            return make_error(Reason::INVALID_ARGUMENT,
                              "record_height: the instalment is being paid at height " +
                                  std::to_string(payout->record_height));
        }
        return pay_payout_page(ctx, kMinibondPrefix, id, *payout, p.limit, redeems ? redeem : PageHook());
    }
    if (p.instalment > 1 && !coupon_done(ctx, asset->id, p.instalment - 1)) {
        return make_error(Reason::NOT_DUE,
                          "instalment " + std::to_string(p.instalment - 1) + " is not paid yet");
    }
    if (Status s = check_record_height(ctx, p.record_height); !s) return s;
    auto units = units_at(ctx, asset->id, p.record_height);
    if (!units) return units.error();
    if (*units == 0) return make_error(Reason::INVALID_ARGUMENT, "no bonds are held at the record height");
    // The first coupon fixes the units the table counts and stops issuance. Bonds issued (or burnt) after its
    // record height would change the bonds in circulation without changing the table: every later coupon and
    // the redemption would split a principal counted on other units. So the record height must see the
    // bonds held now; later coupons then count the same units, as no bond can be issued any more.
    if (terms->units == 0 && *units != asset->supply - asset->escrow) {
        return make_error(Reason::INVALID_ARGUMENT,
                          "record_height: " + std::to_string(*units) + " bonds were held then and " +
                              std::to_string(asset->supply - asset->escrow) +
                              " are now; the first coupon's record height must follow the last issue");
    }
    auto table = table_of(*terms, terms->units != 0 ? terms->units : *units);
    if (!table) return table.error();
    const Instalment& row = table->instalments[p.instalment - 1];
    if (ctx.block().time_ms < row.due_ms) {
        return make_error(Reason::NOT_DUE, "instalment " + std::to_string(p.instalment) + " is due at " +
                                               std::to_string(row.due_ms) + " ms");
    }
    if (terms->units == 0) {
        terms->units = *units;
        if (Status s = ctx.put(terms_key(asset->id), terms->encode()); !s) return s;
    }
    id = ctx.new_id();
    PayoutRecord payout;
    payout.kind = "coupon";
    payout.units_asset = asset->id;
    payout.currency = terms->currency;
    payout.payer = ctx.signer();
    payout.record_height = p.record_height;
    payout.all_units = *units;
    payout.totals = {row.interest, row.principal};
    if (Status s = open_payout(ctx, kMinibondPrefix, id, payout); !s) return s;
    if (Status s = ctx.put(instalment_key('C', asset->id, p.instalment), Bytes(id.begin(), id.end())); !s)
        return s;
    return pay_payout_page(ctx, kMinibondPrefix, id, payout, p.limit, redeems ? redeem : PageHook());
}

Status MinibondInstrument::apply_mark(const InstalmentOp& p, OpContext& ctx) {
    auto asset = load_asset(ctx, p.asset);
    if (!asset) return asset.error();
    if (!is_registrar(ctx, ctx.signer()))
        return make_error(Reason::NOT_AUTHORIZED, "default_mark needs the registrar role");
    auto terms = read_terms(ctx, asset->id);
    if (!terms) return make_error(Reason::UNKNOWN_ID, p.asset + " has no minibond terms");
    if (p.instalment < 1 || p.instalment > terms->schedule.instalments) {
        return make_error(Reason::INVALID_ARGUMENT,
                          "instalment: 1.." + std::to_string(terms->schedule.instalments));
    }
    if (coupon_done(ctx, asset->id, p.instalment)) {
        return make_error(Reason::ALREADY_PAID, "instalment " + std::to_string(p.instalment) + " is paid");
    }
    uint64_t due_ms = 0;
    if (!add_calendar_months(terms->schedule.first_due_ms,
                             (p.instalment - 1u) * terms->schedule.period_months, due_ms)) {
        return make_error(Reason::INVALID_ARGUMENT, "due date out of the calendar");
    }
    if (ctx.block().time_ms <= due_ms) {
        return make_error(Reason::NOT_DUE,
                          "instalment " + std::to_string(p.instalment) + " is not past its due date");
    }
    if (Status s = ctx.put(instalment_key('D', asset->id, p.instalment),
                           Bytes(p.legal_ref.begin(), p.legal_ref.end()));
        !s) {
        return s;
    }
    return ctx.emit(Event{"default_mark", asset->id, ctx.new_id(), {ctx.signer()}, {p.instalment}});
}

Status MinibondInstrument::apply_claim(const InstalmentOp& p, OpContext& ctx) {
    auto asset = load_asset(ctx, p.asset);
    if (!asset) return asset.error();
    auto id = coupon_id(ctx, asset->id, p.instalment);
    if (!id)
        return make_error(Reason::UNKNOWN_ID,
                          "instalment " + std::to_string(p.instalment) + " has no coupon");
    return claim_share(ctx, kMinibondPrefix, *id);
}

Result<Op> MinibondInstrument::op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const {
    auto shape = checked_shape(j);
    if (!shape) return shape.error();
    const std::string name((*shape)->op);
    const std::string asset = j.at("asset").get<std::string>();
    if (name == "minibond_terms") {
        TermsOp p;
        p.asset = asset;
        p.currency = j.at("currency").get<std::string>();
        auto nominal = json_amount(j, "nominal", p.currency, decimals);
        if (!nominal) return nominal.error();
        p.nominal = *nominal;
        if (!schedule_from_name(j.at("schedule").get<std::string>(), p.schedule.schedule)) {
            return make_error(Reason::INVALID_ARGUMENT, "schedule: constant, annuity or bullet");
        }
        // Bounded before they are narrowed; check_terms then checks how they fit together.
        auto rate = json_uint(j, "rate_bps", kMaxRateBps);
        auto period = json_uint(j, "period_months", 12);
        auto count = json_uint(j, "instalments", kMaxInstalments);
        auto deferral = json_uint(j, "deferral", kMaxInstalments - 1);
        for (const auto* v : {&rate, &period, &count, &deferral}) {
            if (!*v) return v->error();
        }
        p.schedule.rate_bps = static_cast<uint32_t>(*rate);
        p.schedule.period_months = static_cast<uint32_t>(*period);
        p.schedule.instalments = static_cast<uint16_t>(*count);
        p.schedule.deferral = static_cast<uint16_t>(*deferral);
        p.schedule.first_due_ms = j.at("first_due_ms").get<uint64_t>();
        AmortizationTerms bounds = p.schedule;
        bounds.principal = p.nominal;
        if (Status s = check_terms(bounds); !s) return s.error();
        return encode_terms(p);
    }
    InstalmentOp p;
    p.asset = asset;
    auto instalment = json_uint(j, "instalment", kMaxInstalments);
    if (!instalment) return instalment.error();
    if (*instalment == 0) return make_error(Reason::INVALID_ARGUMENT, "instalment: from 1");
    p.instalment = static_cast<uint16_t>(*instalment);
    uint16_t tag = kCouponClaimTag;
    if (name == "coupon_pay") {
        tag = kCouponPayTag;
        p.record_height = j.at("record_height").get<uint64_t>();
        auto limit = json_uint(j, "limit", kMaxPayoutPage, kDefaultLimit);
        if (!limit) return limit.error();
        if (*limit == 0) return make_error(Reason::INVALID_ARGUMENT, "limit: must be positive");
        p.limit = static_cast<uint32_t>(*limit);
    } else if (name == "default_mark") {
        tag = kDefaultMarkTag;
        if (!from_hex_fixed(j.at("legal_ref").get<std::string>(), p.legal_ref)) {
            return make_error(Reason::INVALID_ARGUMENT, "legal_ref: 64 hex");
        }
    }
    return encode_instalment(tag, p);
}

Status MinibondInstrument::op_to_json(const Op& op, const DecimalsLookup& decimals,
                                      nlohmann::json& out) const {
    if (op.tag == kMinibondTermsTag) {
        TermsOp p;
        if (Status s = decode_terms(op, p); !s) return s;
        const auto d = decimals(p.currency);
        if (!d) return make_error(Reason::UNKNOWN_ASSET, "currency: no asset " + p.currency);
        out = nlohmann::json{{"op", "minibond_terms"},
                             {"asset", p.asset},
                             {"currency", p.currency},
                             {"nominal", format_amount(p.nominal, *d)},
                             {"rate_bps", p.schedule.rate_bps},
                             {"schedule", schedule_name(p.schedule.schedule)},
                             {"period_months", p.schedule.period_months},
                             {"instalments", p.schedule.instalments},
                             {"deferral", p.schedule.deferral},
                             {"first_due_ms", p.schedule.first_due_ms}};
        return Status();
    }
    InstalmentOp p;
    if (Status s = decode_instalment(op, p); !s) return s;
    out = nlohmann::json{{"op", op_name(op.tag)}, {"asset", p.asset}, {"instalment", p.instalment}};
    if (op.tag == kCouponPayTag) {
        out["record_height"] = p.record_height;
        out["limit"] = p.limit;
    } else if (op.tag == kDefaultMarkTag) {
        out["legal_ref"] = to_hex(p.legal_ref);
    }
    return Status();
}

}  // namespace

std::unique_ptr<Instrument> make_minibond_instrument() {
    return std::make_unique<MinibondInstrument>();
}

}  // namespace folio::contracts
