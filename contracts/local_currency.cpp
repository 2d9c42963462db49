#include "contracts/local_currency.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "chain/encoding.h"
#include "contracts/demurrage.h"
#include "contracts/json_fields.h"
#include "contracts/local_currency_keys.h"
#include "contracts/local_currency_ops.h"
#include "contracts/op_support.h"

namespace folio::contracts {
namespace {

using nlohmann::json;

Error refuse(Reason reason, std::string message) { return make_error(reason, std::move(message)); }

[[noreturn]] void corrupt(const char* what) {
    std::fprintf(stderr, "fatal: stored local currency %s does not decode\n", what);
    std::abort();  // only this instrument writes its records
}

struct Merchant {
    std::optional<uint16_t> fee_bps;
};

std::optional<Merchant> read_merchant(const StateView& state, AssetId asset, const AccountId& account) {
    Bytes v;
    if (!state.get(currency_key::merchant(asset, account), v)) return std::nullopt;
    Reader r(v);
    bool has_fee = false;
    uint16_t fee = 0;
    if (!(r.version("merchant version", 1) && r.boolean("has_fee", has_fee) && r.u16("fee_bps", fee) && r.finish()))
        corrupt("merchant");
    Merchant m;
    if (has_fee) m.fee_bps = fee;
    return m;
}

struct Reserve {
    Amount reserve = 0;
    Hash256 doc_hash{};
    Height declared_height = 0;
};

std::optional<Reserve> read_reserve(const StateView& state, AssetId asset) {
    Bytes v;
    if (!state.get(currency_key::reserve(asset), v)) return std::nullopt;
    Reader r(v);
    Reserve out;
    if (!(r.version("reserve version", 1) && r.u64("reserve", out.reserve) && r.fixed_bytes("doc_hash", out.doc_hash) &&
          r.u64("declared_height", out.declared_height) && r.finish()))
        corrupt("reserve");
    return out;
}

// The asset and its terms, for the ops that need currency_terms first.
Status load_currency(const StateView& state, std::string_view symbol, Asset& asset, CurrencyTerms& terms) {
    auto a = load_asset(state, symbol);
    if (!a) return a.error();
    asset = std::move(a).value();
    auto t = read_currency_terms(state, asset.id);
    if (!t) return refuse(Reason::INVALID_ARGUMENT, asset.symbol + " has no currency_terms");
    terms = *t;
    return Status();
}

Status require_issuer(const StateView& state, const Asset& asset, const AccountId& signer, std::string_view op) {
    if (is_asset_issuer(state, asset, signer)) return Status();
    return refuse(Reason::NOT_AUTHORIZED, "only the issuer of " + asset.symbol + " may " + std::string(op));
}

// The issuer's ops on its currency (merchants, mints, reserves): the asset, its terms, and the signer's rights.
Status load_currency_for_issuer(const OpContext& ctx, std::string_view symbol, Asset& asset, CurrencyTerms& terms,
                                std::string_view op) {
    if (Status s = load_currency(ctx, symbol, asset, terms); !s) return s;
    return require_issuer(ctx, asset, ctx.signer(), op);
}

Status require_account(const StateView& state, const AccountId& id, const char* field) {
    Account unused;
    if (read_account(state, id, unused)) return Status();
    return refuse(Reason::UNKNOWN_ACCOUNT, std::string(field) + ": account is not registered");
}

Status apply_terms(const Op& op, OpContext& ctx) {
    CurrencyTermsOp p;
    if (Status s = currency_ops::decode(op, p); !s) return s;
    auto asset = load_asset(ctx, p.asset);
    if (!asset) return asset.error();
    if (Status s = require_issuer(ctx, *asset, ctx.signer(), "set its currency terms"); !s) return s;
    if (asset->asset_class != AssetClass::currency)
        return refuse(Reason::INVALID_ARGUMENT, p.asset + " is not of class currency");
    if (Status s = require_account(ctx, p.terms.fee_account, "fee_account"); !s) return s;
    CurrencyTerms terms = p.terms;
    const std::optional<CurrencyTerms> before = read_currency_terms(ctx, asset->id);
    if (before && before->melts()) {
        // Holdings are charged lazily: a new rate or period would apply to periods already elapsed.
        if (terms.demurrage_bps != before->demurrage_bps || terms.demurrage_period_ms != before->demurrage_period_ms)
            return refuse(Reason::TERMS_LOCKED, "the demurrage of " + p.asset + " is fixed once set");
        if (terms.fee_account != before->fee_account)
            return refuse(Reason::TERMS_LOCKED, "the fee account of a melting currency is fixed once set");
        terms.demurrage_since_ms = before->demurrage_since_ms;
    } else if (terms.melts()) {
        terms.demurrage_since_ms = ctx.block().time_ms;
    }
    if (Status s = ctx.put(currency_key::terms(asset->id), terms.encode()); !s) return s;
    return ctx.emit(Event{"currency_terms", asset->id, {}, {terms.fee_account},
                          {terms.fee_bps, terms.max_balance, terms.demurrage_bps, terms.demurrage_period_ms}});
}

Status apply_merchant(const Op& op, OpContext& ctx) {
    MerchantSetOp p;
    if (Status s = currency_ops::decode(op, p); !s) return s;
    Asset asset;
    CurrencyTerms terms;
    if (Status s = load_currency_for_issuer(ctx, p.asset, asset, terms, "set its merchants"); !s) return s;
    if (Status s = require_account(ctx, p.account, "account"); !s) return s;
    const Bytes key = currency_key::merchant(asset.id, p.account);
    if (p.merchant) {
        Writer w(4);
        w.u8(1);
        w.boolean(p.fee_bps.has_value());
        w.u16(p.fee_bps.value_or(0));
        if (Status s = ctx.put(key, w.take()); !s) return s;
    } else if (Status s = ctx.erase(key); !s) {
        return s;
    }
    ctx.touch(p.account);
    return ctx.emit(Event{p.merchant ? "merchant_set" : "merchant_unset", asset.id, {}, {p.account},
                          {p.fee_bps.value_or(terms.fee_bps)}});
}

Status apply_mint(const Op& op, OpContext& ctx) {
    CurrencyMintOp p;
    if (Status s = currency_ops::decode(op, p); !s) return s;
    Asset asset;
    CurrencyTerms terms;
    if (Status s = load_currency_for_issuer(ctx, p.asset, asset, terms, "mint it"); !s) return s;
    const Bytes ref_key = currency_key::deposit(asset.id, p.deposit_ref);
    Bytes used;
    if (ctx.get(ref_key, used))
        return refuse(Reason::DEPOSIT_REF_USED, "deposit_ref " + to_hex(p.deposit_ref) + " was minted against already");
    if (terms.fully_backed) {
        const Amount reserve = read_reserve(ctx, asset.id).value_or(Reserve{}).reserve;
        Amount after = 0;
        if (!checked_add(asset.supply, p.amount, after) || after > reserve) {
            return refuse(Reason::RESERVE_EXCEEDED,
                          "the supply would reach " + format_amount(after, asset.decimals) + " " + asset.symbol +
                              " over the declared reserve of " + format_amount(reserve, asset.decimals));
        }
    }
    if (Status s = ctx.mint(p.asset, p.to, p.amount); !s) return s;
    Writer height(8);
    height.u64(ctx.block().height);
    if (Status s = ctx.put(ref_key, height.take()); !s) return s;
    return ctx.emit(Event{"mint", asset.id, {}, {p.to, p.deposit_ref}, {p.amount}});
}

Status apply_redeem(const Op& op, OpContext& ctx) {
    RedeemOp p;
    if (Status s = currency_ops::decode(op, p); !s) return s;
    Asset asset;
    CurrencyTerms terms;
    if (Status s = load_currency(ctx, p.asset, asset, terms); !s) return s;
    const AccountId& holder = ctx.signer();
    const std::optional<Merchant> merchant = read_merchant(ctx, asset.id, holder);
    if (terms.redeem_by == RedeemBy::merchants && !merchant)
        return refuse(Reason::NOT_MERCHANT, "only merchants may reconvert " + asset.symbol);
    const uint16_t fee_bps = merchant && merchant->fee_bps ? *merchant->fee_bps : terms.fee_bps;
    // The fee account reconverting its own fees pays no fee to itself.
    const Amount fee = holder == terms.fee_account ? 0 : redeem_fee(p.amount, fee_bps);
    const Amount payout = p.amount - fee;
    if (fee != 0) {
        if (Status s = ctx.move(TransferKind::settlement, p.asset, holder, terms.fee_account, fee); !s) return s;
    }
    if (payout != 0) {
        if (Status s = ctx.burn_from(p.asset, holder, payout); !s) return s;
    }
    ctx.touch(terms.fee_account);
    return ctx.emit(Event{"redeem", asset.id, ctx.new_id(), {holder, terms.fee_account, p.payout_ref},
                          {p.amount, fee, payout}});
}

Status apply_reserve(const Op& op, OpContext& ctx) {
    ReserveDeclareOp p;
    if (Status s = currency_ops::decode(op, p); !s) return s;
    Asset asset;
    CurrencyTerms terms;
    if (Status s = load_currency_for_issuer(ctx, p.asset, asset, terms, "declare its reserve"); !s) return s;
    Writer w(50);
    w.u8(1);
    w.u64(p.reserve);
    w.fixed_bytes(p.doc_hash);
    w.u64(ctx.block().height);
    if (Status s = ctx.put(currency_key::reserve(asset.id), w.take()); !s) return s;
    return ctx.emit(Event{"reserve_declare", asset.id, {}, {p.doc_hash}, {p.reserve, asset.supply}});
}

json reserve_json(const Asset& asset, const std::optional<CurrencyTerms>& terms, const std::optional<Reserve>& r,
                  Height height) {
    return json{{"asset", asset.symbol},
                {"supply", format_amount(asset.supply, asset.decimals)},
                {"escrowed", format_amount(asset.escrow, asset.decimals)},
                {"reserve", r ? json(format_amount(r->reserve, asset.decimals)) : json(nullptr)},
                {"doc_hash", r ? json(to_hex(r->doc_hash)) : json(nullptr)},
                {"declared_height", r ? json(r->declared_height) : json(nullptr)},
                {"fully_backed", terms ? terms->fully_backed : false},
                {"covered", r && asset.supply <= r->reserve},
                {"height", height}};
}

class LocalCurrencyInstrument final : public TaggedOpsInstrument {
public:
    LocalCurrencyInstrument();

    uint8_t state_prefix() const override { return kCurrencyPrefix; }
    Status check_op(const Op& op) const override { return currency_ops::check(op); }
    uint64_t weight(const Op&) const override { return 1; }
    std::vector<AccountId> required_signers(const Op&) const override { return {}; }
    Status apply(const Op& op, OpContext& ctx) const override {
        switch (op.tag) {
            case kCurrencyTermsTag: return apply_terms(op, ctx);
            case kMerchantSetTag: return apply_merchant(op, ctx);
            case kCurrencyMintTag: return apply_mint(op, ctx);
            case kRedeemTag: return apply_redeem(op, ctx);
            case kReserveDeclareTag: return apply_reserve(op, ctx);
            default: return refuse(Reason::UNKNOWN_OP, "not a local currency op");
        }
    }
    // The cap holds on every receipt but a court-ordered transfer's; the fee account collects fees and
    // melted units and is never capped.
    Status check_transfer(const TransferCheck& check, const StateView& state, const BlockContext&) const override {
        if (check.kind == TransferKind::forced_transfer) return Status();
        const std::optional<CurrencyTerms> terms = read_currency_terms(state, check.asset->id);
        if (!terms || terms->max_balance == 0 || *check.to == terms->fee_account) return Status();
        Balance held;
        read_balance(state, check.asset->id, *check.to, held);
        Amount after = 0;
        if (!checked_add(held.amount, check.amount, after) || after > terms->max_balance) {
            return refuse(Reason::BALANCE_CAP, "the receiver's " + check.asset->symbol + " balance would exceed " +
                                                   format_amount(terms->max_balance, check.asset->decimals));
        }
        return Status();
    }
    Status before_holding_change(const Asset& asset, const AccountId& account, HoldingContext& ctx) const override {
        const std::optional<CurrencyTerms> terms = read_currency_terms(ctx, asset.id);
        if (!terms) return Status();
        return charge_demurrage(*terms, asset, account, ctx);
    }
    Balance holding_as_of(const StateView& state, const Asset& asset, const AccountId& account, const Balance& stored,
                          uint64_t time_ms) const override {
        const std::optional<CurrencyTerms> terms = read_currency_terms(state, asset.id);
        if (!terms) return stored;
        return demurrage_as_of(*terms, state, asset, account, stored, time_ms);
    }
    Result<Op> op_from_json(const json& j, const DecimalsLookup& decimals) const override {
        auto shape = checked_shape(j);
        if (!shape) return shape.error();
        return currency_ops::from_json(j, decimals);
    }
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, json& out) const override {
        return currency_ops::to_json(op, decimals, out);
    }
    std::vector<const InstrumentQuery*> queries() const override { return {&reserve_query_}; }

private:
    InstrumentQuery reserve_query_;
};

LocalCurrencyInstrument::LocalCurrencyInstrument() : TaggedOpsInstrument(kCurrencyTermsTag, currency_ops::shapes()) {
    InstrumentQuery& q = reserve_query_;
    q.name = "asset_reserve";
    q.summary =
        "A local currency's supply against the guarantee fund's last declared reserve (null before the first "
        "reserve_declare).";
    q.params = R"([{"name":"asset","required":true,"description":"The currency's symbol.",)"
               R"("schema":{"type":"string"}}])";
    q.result_schema =
        R"({"type":"object","properties":{"asset":{"type":"string"},"supply":{"type":"string"},)"
        R"("escrowed":{"type":"string"},"reserve":{"type":["string","null"]},"doc_hash":{"type":["string","null"]},)"
        R"("declared_height":{"type":["integer","null"]},"fully_backed":{"type":"boolean"},)"
        R"("covered":{"type":"boolean"},"height":{"type":"integer"}}})";
    q.errors = {Reason::UNKNOWN_ASSET, Reason::BAD_SYMBOL};
    q.example_params = R"({"asset":"GONETTE"})";
    q.example_result =
        R"({"asset":"GONETTE","supply":"1000.00","escrowed":"0.00","reserve":"1000.00","doc_hash":")" +
        std::string(64, 'b') + R"(","declared_height":12,"fully_backed":true,"covered":true,"height":42})";
    q.handler = [](const QueryContext& ctx, const json& params) -> Result<json> {
        auto symbol = symbol_field(params, "asset");
        if (!symbol) return symbol.error();
        auto asset = load_asset(ctx.state, *symbol);
        if (!asset) return asset.error();
        return reserve_json(*asset, read_currency_terms(ctx.state, asset->id), read_reserve(ctx.state, asset->id),
                            ctx.height);
    };
}

}  // namespace

Bytes CurrencyTerms::encode() const {
    Writer w(72);
    w.u8(1);
    w.u16(fee_bps);
    w.fixed_bytes(fee_account);
    w.u8(static_cast<uint8_t>(redeem_by));
    w.u64(max_balance);
    w.u16(demurrage_bps);
    w.u64(demurrage_period_ms);
    w.boolean(fully_backed);
    w.u64(demurrage_since_ms);
    return w.take();
}

bool CurrencyTerms::decode(ByteView data, CurrencyTerms& out) {
    Reader r(data);
    CurrencyTerms t;
    uint8_t redeem_by = 0;
    if (!(r.version("terms version", 1) && r.u16("fee_bps", t.fee_bps) && r.fixed_bytes("fee_account", t.fee_account) &&
          r.u8("redeem_by", redeem_by) && r.u64("max_balance", t.max_balance) &&
          r.u16("demurrage_bps", t.demurrage_bps) && r.u64("demurrage_period_ms", t.demurrage_period_ms) &&
          r.boolean("fully_backed", t.fully_backed) && r.u64("demurrage_since_ms", t.demurrage_since_ms) &&
          r.finish())) {
        return false;
    }
    if (redeem_by != 1 && redeem_by != 2) return false;
    t.redeem_by = static_cast<RedeemBy>(redeem_by);
    out = t;
    return true;
}

std::optional<CurrencyTerms> read_currency_terms(const StateView& state, AssetId asset) {
    Bytes v;
    if (!state.get(currency_key::terms(asset), v)) return std::nullopt;
    CurrencyTerms t;
    if (!CurrencyTerms::decode(v, t)) corrupt("terms");
    return t;
}

Amount redeem_fee(Amount amount, uint16_t fee_bps) {
    const unsigned __int128 scaled = static_cast<unsigned __int128>(amount) * fee_bps;
    return static_cast<Amount>((scaled + kMaxBps - 1) / kMaxBps);  // <= amount as fee_bps <= 10000
}

std::unique_ptr<Instrument> make_local_currency_instrument() { return std::make_unique<LocalCurrencyInstrument>(); }

}  // namespace folio::contracts
