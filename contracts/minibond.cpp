#include "contracts/minibond.h"

#include <array>
#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "contracts/amortization.h"
#include "contracts/calendar.h"
#include "contracts/op_support.h"
#include "contracts/payout.h"

namespace folio::contracts {
namespace {

using K = OpFieldKind;

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

struct MinibondTerms {
    AssetId currency = 0;
    Amount nominal = 0;
    AmortizationTerms schedule;  // principal unused: P depends on the units
    uint64_t units = 0;

    Bytes encode() const {
        Writer w(48);
        w.u8(1);
        w.u32(currency);
        w.u64(nominal);
        w.u32(schedule.rate_bps);
        w.u8(static_cast<uint8_t>(schedule.schedule));
        w.u8(static_cast<uint8_t>(schedule.period_months));
        w.u16(schedule.instalments);
        w.u16(schedule.deferral);
        w.u64(schedule.first_due_ms);
        w.u64(units);
        return w.take();
    }
    static bool decode(ByteView data, MinibondTerms& out) {
        Reader r(data);
        MinibondTerms t;
        uint8_t kind = 0, period = 0;
        if (!(r.version("terms version", 1) && r.u32("currency", t.currency) && r.u64("nominal", t.nominal) &&
              r.u32("rate_bps", t.schedule.rate_bps) && r.u8("schedule", kind) &&
              r.u8("period_months", period) && r.u16("instalments", t.schedule.instalments) &&
              r.u16("deferral", t.schedule.deferral) && r.u64("first_due_ms", t.schedule.first_due_ms) &&
              r.u64("units", t.units) && r.finish())) {
            return false;
        }
        if (kind > 2) return false;
        t.schedule.schedule = static_cast<AmortizationSchedule>(kind);
        t.schedule.period_months = period;
        out = t;
        return true;
    }
};

// Asset ids big-endian, as in core keys, so that a minibond's records sort by asset then instalment.
void put_be32(Writer& w, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) w.u8(static_cast<uint8_t>(v >> shift));
}

Bytes terms_key(AssetId asset) {
    Writer w(6);
    w.u8(kMinibondPrefix);
    w.u8('T');
    put_be32(w, asset);
    return w.take();
}

Bytes instalment_key(uint8_t tag, AssetId asset, uint16_t instalment) {
    Writer w(8);
    w.u8(kMinibondPrefix);
    w.u8(tag);
    put_be32(w, asset);
    w.u8(static_cast<uint8_t>(instalment >> 8));
    w.u8(static_cast<uint8_t>(instalment));
    return w.take();
}

std::optional<MinibondTerms> read_terms(const StateView& view, AssetId asset) {
    Bytes value;
    MinibondTerms t;
    if (!view.get(terms_key(asset), value)) return std::nullopt;
    if (!MinibondTerms::decode(value, t)) std::abort();  // only a bug writes an undecodable record
    return t;
}

std::optional<InstrumentId> coupon_id(const StateView& view, AssetId asset, uint16_t instalment) {
    Bytes value;
    InstrumentId id{};
    if (!view.get(instalment_key('C', asset, instalment), value)) return std::nullopt;
    if (value.size() != id.size()) std::abort();
    std::copy(value.begin(), value.end(), id.begin());
    return id;
}

bool coupon_done(const StateView& view, AssetId asset, uint16_t instalment) {
    auto id = coupon_id(view, asset, instalment);
    if (!id) return false;
    auto payout = read_payout(view, kMinibondPrefix, *id);
    return payout && payout->done();
}

bool default_marked(const StateView& view, AssetId asset, uint16_t instalment) {
    Bytes unused;
    return view.get(instalment_key('D', asset, instalment), unused);
}

// The table on `units` bonds: P = nominal * units.
Result<AmortizationTable> table_of(const MinibondTerms& terms, uint64_t units) {
    auto principal = principal_of(terms.nominal, units);
    if (!principal) return principal.error();
    AmortizationTerms t = terms.schedule;
    t.principal = *principal;
    return amortization_table(t);
}

// Units the table counts: fixed by the first coupon, else what is issued now.
uint64_t table_units(const MinibondTerms& terms, const Asset& asset) {
    return terms.units != 0 ? terms.units : asset.supply - asset.escrow;
}

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
    MinibondInstrument() : TaggedOpsInstrument(kMinibondTermsTag, kShapes) {
        schedule_query_.name = "asset_schedule";
        schedule_query_.summary = "A minibond's terms and amortization table with each instalment's status.";
        schedule_query_.params =
            R"([{"name":"asset","required":true,"description":"the minibond asset","schema":{"type":"string"}}])";
        schedule_query_.result_schema = R"({"type":"object","properties":{"terms":{"type":"object"},)"
                                        R"("instalments":{"type":"array","items":{"type":"object"}}}})";
        schedule_query_.errors = {Reason::UNKNOWN_ASSET, Reason::UNKNOWN_ID};
        schedule_query_.example_params = R"({"asset":"BOND"})";
        schedule_query_.example_result =
            R"({"terms":{"asset":"BOND","currency":"EURX","nominal":"100.00","rate_bps":700,"schedule":"annuity",)"
            R"("period_months":1,"instalments":12,"deferral":0,"first_due_ms":1767225600000,"units":"100",)"
            R"("units_fixed":true,"principal":"10000.00"},"total_interest":"383.22",)"
            R"("instalments":[{"n":1,"due_ms":1767225600000,"payment":"865.27",)"
            R"("interest":"58.33","principal":"806.94","outstanding":"9193.06","status":"paid",)"
            R"("coupon":"5f1c0a3e9b7d2c4f6a8e0b1d3c5e7f90"}]})";
        schedule_query_.handler = [](const QueryContext& ctx, const nlohmann::json& params) {
            return schedule_json(ctx, params.value("asset", std::string()));
        };
    }

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
    static Result<nlohmann::json> schedule_json(const QueryContext& ctx, const std::string& symbol);

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

Result<nlohmann::json> MinibondInstrument::schedule_json(const QueryContext& ctx, const std::string& symbol) {
    auto asset = load_asset(ctx.state, symbol);
    if (!asset) return asset.error();
    auto terms = read_terms(ctx.state, asset->id);
    if (!terms) return make_error(Reason::UNKNOWN_ID, symbol + " has no minibond terms");
    const uint8_t d = decimals_of(ctx.state, terms->currency);
    const uint64_t units = table_units(*terms, *asset);
    nlohmann::json t{{"asset", asset->symbol},
                     {"currency", symbol_of(ctx.state, terms->currency)},
                     {"nominal", format_amount(terms->nominal, d)},
                     {"rate_bps", terms->schedule.rate_bps},
                     {"schedule", schedule_name(terms->schedule.schedule)},
                     {"period_months", terms->schedule.period_months},
                     {"instalments", terms->schedule.instalments},
                     {"deferral", terms->schedule.deferral},
                     {"first_due_ms", terms->schedule.first_due_ms},
                     {"units", std::to_string(units)},
                     {"units_fixed", terms->units != 0}};
    nlohmann::json out{{"terms", t}, {"instalments", nlohmann::json::array()}};
    if (units == 0) return out;  // nothing issued yet: no table
    auto table = table_of(*terms, units);
    if (!table) return table.error();
    out["terms"]["principal"] =
        format_amount(table->instalments.empty() ? 0 : table->total_payment - table->total_interest, d);
    out["total_interest"] = format_amount(table->total_interest, d);
    std::vector<uint16_t> paid, defaulted;
    for (const Instalment& row : table->instalments) {
        if (coupon_done(ctx.state, asset->id, row.number)) paid.push_back(row.number);
        if (default_marked(ctx.state, asset->id, row.number)) defaulted.push_back(row.number);
    }
    auto statuses = instalment_statuses(*table, paid, defaulted, ctx.time_ms);
    if (!statuses) return statuses.error();
    for (const Instalment& row : table->instalments) {
        nlohmann::json j{{"n", row.number},
                         {"due_ms", row.due_ms},
                         {"payment", format_amount(row.payment, d)},
                         {"interest", format_amount(row.interest, d)},
                         {"principal", format_amount(row.principal, d)},
                         {"outstanding", format_amount(row.outstanding, d)},
                         {"status", instalment_status_name((*statuses)[row.number - 1])}};
        if (auto id = coupon_id(ctx.state, asset->id, row.number)) j["coupon"] = instrument_id_hex(*id);
        out["instalments"].push_back(std::move(j));
    }
    return out;
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
