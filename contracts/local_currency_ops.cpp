#include "contracts/local_currency_ops.h"

#include <array>
#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "contracts/json_fields.h"

namespace folio::contracts::currency_ops {
namespace {

using nlohmann::json;
using K = OpFieldKind;

constexpr std::array<std::string_view, 2> kRedeemByNames = {"merchants", "all"};
constexpr std::string_view kMs = "milliseconds";

constexpr OpField kTermsFields[] = {
    {"asset", K::symbol, true, "The currency (an asset of class currency)."},
    {"fee_bps", K::unsigned_integer, true, "Reconversion fee in basis points of the amount redeemed, rounded up.",
     {}, {}, kMaxBps},
    {"fee_account", K::address, true, "Receives reconversion fees and melted units; its own holding never melts."},
    {"redeem_by", K::name, true, "merchants: only accounts set by merchant_set may redeem; all: any holder.", {}, {},
     0, kRedeemByNames},
    {"max_balance", K::amount, false, "The most a holding may reach on receipt (absent: no cap)."},
    {"demurrage_bps", K::unsigned_integer, false,
     "Share of the available units that melts each whole period (absent or 0: none).", {}, {}, kMaxBps},
    {"demurrage_period_ms", K::unsigned_integer, false,
     "Length of a demurrage period; required with demurrage_bps, at least 60000.", {}, kMs},
    {"fully_backed", K::boolean, false,
     "true (the default): a mint may not take the supply above the last declared reserve."},
};
constexpr OpField kMerchantFields[] = {
    {"asset", K::symbol, true, "The currency."},
    {"account", K::address, true, "The merchant's account."},
    {"merchant", K::boolean, true, "true: the account is a merchant; false: it is no longer one."},
    {"fee_bps", K::unsigned_integer, false, "The merchant's own reconversion fee (absent: the currency's).", {}, {},
     kMaxBps},
};
constexpr OpField kMintFields[] = {
    {"asset", K::symbol, true, "The currency."},
    {"to", K::address, true, "The member who deposited the euros."},
    {"amount", K::amount, true, "Units minted, one per euro cent received at 2 decimals."},
    {"deposit_ref", K::hex32, true, "Hash of the bank movement of the deposit; one mint per reference."},
};
constexpr OpField kRedeemFields[] = {
    {"asset", K::symbol, true, "The currency."},
    {"amount", K::amount, true, "Units reconverted: the fee goes to the fee account, the rest is burned."},
    {"payout_ref", K::hex32, true, "The reference the euro payout is to carry (for the association's bank)."},
};
constexpr OpField kReserveFields[] = {
    {"asset", K::symbol, true, "The currency."},
    {"reserve", K::amount, true, "The guarantee fund's balance, in the currency's units."},
    {"doc_hash", K::hex32, true, "Hash of the bank statement that shows it."},
};

constexpr Reason kTermsReasons[] = {Reason::UNKNOWN_ASSET, Reason::NOT_AUTHORIZED, Reason::INVALID_ARGUMENT,
                                    Reason::UNKNOWN_ACCOUNT, Reason::TERMS_LOCKED, Reason::BAD_AMOUNT};
constexpr Reason kMerchantReasons[] = {Reason::UNKNOWN_ASSET, Reason::NOT_AUTHORIZED, Reason::INVALID_ARGUMENT,
                                       Reason::UNKNOWN_ACCOUNT};
constexpr Reason kMintReasons[] = {Reason::UNKNOWN_ASSET,    Reason::NOT_AUTHORIZED, Reason::INVALID_ARGUMENT,
                                   Reason::DEPOSIT_REF_USED, Reason::RESERVE_EXCEEDED, Reason::BALANCE_CAP,
                                   Reason::SUPPLY_CAP,       Reason::KYC_REQUIRED,     Reason::BAD_AMOUNT};
constexpr Reason kRedeemReasons[] = {Reason::UNKNOWN_ASSET, Reason::INVALID_ARGUMENT, Reason::NOT_MERCHANT,
                                     Reason::INSUFFICIENT_BALANCE, Reason::BAD_AMOUNT};
constexpr Reason kReserveReasons[] = {Reason::UNKNOWN_ASSET, Reason::NOT_AUTHORIZED, Reason::INVALID_ARGUMENT,
                                      Reason::BAD_AMOUNT};

constexpr OpShape kShapes[] = {
    {"currency_terms", "Sets a local currency's terms: reconversion fee, who may redeem, cap, demurrage, backing",
     kTermsFields, "the asset's issuer", true, kTermsReasons},
    {"merchant_set", "Makes an account a merchant of a local currency (or no longer one), with its own fee",
     kMerchantFields, "the asset's issuer", true, kMerchantReasons},
    {"mint", "Mints local currency against euros received in the guarantee fund", kMintFields, "the asset's issuer",
     true, kMintReasons},
    {"redeem", "Reconverts local currency to euros: the fee to the fee account, the rest burned", kRedeemFields,
     "the holder (a merchant where redeem_by is merchants)", false, kRedeemReasons},
    {"reserve_declare", "Declares the guarantee fund's balance with its bank statement's hash", kReserveFields,
     "the asset's issuer", true, kReserveReasons},
};

Error undecodable(std::string message) { return make_error(Reason::DECODE_ERROR, std::move(message)); }
Error invalid(std::string message) { return make_error(Reason::INVALID_ARGUMENT, std::move(message)); }

// The bounds a payload and a JSON op share; INVALID_ARGUMENT (a decoder turns it into DECODE_ERROR).
Status check_terms(const CurrencyTerms& t) {
    if (t.fee_bps > kMaxBps) return invalid("fee_bps: at most 10000");
    if (t.demurrage_bps > kMaxBps) return invalid("demurrage_bps: at most 10000");
    if (t.melts() && t.demurrage_period_ms < kMinDemurragePeriodMs)
        return invalid("demurrage_period_ms: at least 60000 with demurrage_bps");
    if (!t.melts() && t.demurrage_period_ms != 0) return invalid("demurrage_period_ms: only with demurrage_bps");
    return Status();
}

Status as_decode_error(Status s) { return s ? s : Status(undecodable(s.error().message)); }

bool read_redeem_by(Reader& r, RedeemBy& out) {
    uint8_t v = 0;
    if (!r.u8("redeem_by", v)) return false;
    if (v != 1 && v != 2) return r.fail("redeem_by", "not 1 (merchants) or 2 (all)");
    out = static_cast<RedeemBy>(v);
    return true;
}

Hash256 hash_field(const json& j, const char* field, Status& error) {
    Hash256 h{};
    if (!from_hex_fixed(j.at(field).get<std::string>(), h) && error) error = invalid(std::string(field) + ": not 64 hex");
    return h;
}

std::string amount_of(Amount amount, std::string_view symbol, const DecimalsLookup& decimals) {
    // Without the asset's decimals (an offline wallet) an amount is shown in base units, as core ops do.
    const std::optional<uint8_t> d = decimals ? decimals(symbol) : std::nullopt;
    return format_amount(amount, d.value_or(0));
}

}  // namespace

std::span<const OpShape> shapes() { return kShapes; }

Status decode(const Op& op, CurrencyTermsOp& out) {
    Reader r(op.payload);
    CurrencyTermsOp p;
    CurrencyTerms& t = p.terms;
    if (!(r.version("currency_terms version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
          r.u16("fee_bps", t.fee_bps) && r.fixed_bytes("fee_account", t.fee_account) &&
          read_redeem_by(r, t.redeem_by) && r.u64("max_balance", t.max_balance) &&
          r.u16("demurrage_bps", t.demurrage_bps) && r.u64("demurrage_period_ms", t.demurrage_period_ms) &&
          r.boolean("fully_backed", t.fully_backed) && r.finish())) {
        return undecodable(r.error());
    }
    if (Status s = check_terms(t); !s) return as_decode_error(s);
    out = std::move(p);
    return Status();
}

Status decode(const Op& op, MerchantSetOp& out) {
    Reader r(op.payload);
    MerchantSetOp p;
    bool has_fee = false;
    uint16_t fee = 0;
    if (!(r.version("merchant_set version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
          r.fixed_bytes("account", p.account) && r.boolean("merchant", p.merchant) && r.boolean("has_fee", has_fee) &&
          r.u16("fee_bps", fee) && r.finish())) {
        return undecodable(r.error());
    }
    if (fee > kMaxBps) return undecodable("fee_bps: at most 10000");
    if (!has_fee && fee != 0) return undecodable("fee_bps: 0 unless has_fee");
    if (!p.merchant && has_fee) return undecodable("has_fee: only for a merchant");
    if (has_fee) p.fee_bps = fee;
    out = std::move(p);
    return Status();
}

Status decode(const Op& op, CurrencyMintOp& out) {
    Reader r(op.payload);
    CurrencyMintOp p;
    if (!(r.version("mint version", 1) && r.str("asset", kMaxSymbolLength, p.asset) && r.fixed_bytes("to", p.to) &&
          r.u64("amount", p.amount) && r.fixed_bytes("deposit_ref", p.deposit_ref) && r.finish())) {
        return undecodable(r.error());
    }
    if (p.amount == 0) return undecodable("amount: must be positive");
    out = std::move(p);
    return Status();
}

Status decode(const Op& op, RedeemOp& out) {
    Reader r(op.payload);
    RedeemOp p;
    if (!(r.version("redeem version", 1) && r.str("asset", kMaxSymbolLength, p.asset) && r.u64("amount", p.amount) &&
          r.fixed_bytes("payout_ref", p.payout_ref) && r.finish())) {
        return undecodable(r.error());
    }
    if (p.amount == 0) return undecodable("amount: must be positive");
    out = std::move(p);
    return Status();
}

Status decode(const Op& op, ReserveDeclareOp& out) {
    Reader r(op.payload);
    ReserveDeclareOp p;
    if (!(r.version("reserve_declare version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
          r.u64("reserve", p.reserve) && r.fixed_bytes("doc_hash", p.doc_hash) && r.finish())) {
        return undecodable(r.error());
    }
    out = std::move(p);
    return Status();
}

Status check(const Op& op) {
    switch (op.tag) {
        case kCurrencyTermsTag: { CurrencyTermsOp p; return decode(op, p); }
        case kMerchantSetTag: { MerchantSetOp p; return decode(op, p); }
        case kCurrencyMintTag: { CurrencyMintOp p; return decode(op, p); }
        case kRedeemTag: { RedeemOp p; return decode(op, p); }
        case kReserveDeclareTag: { ReserveDeclareOp p; return decode(op, p); }
        default: return make_error(Reason::UNKNOWN_OP, "not a local currency op");
    }
}

Result<Op> from_json(const json& j, const DecimalsLookup& decimals) {
    const std::string name = j.value("op", std::string());
    auto symbol = symbol_field(j, "asset");
    if (!symbol) return symbol.error();
    Status error;
    if (name == "currency_terms") {
        CurrencyTermsOp p;
        p.asset = *symbol;
        CurrencyTerms& t = p.terms;
        auto fee_account = address_field(j, "fee_account");
        if (!fee_account) return fee_account.error();
        t.fee_account = *fee_account;
        const uint64_t fee = j.at("fee_bps").get<uint64_t>();
        const uint64_t melt = j.value("demurrage_bps", uint64_t{0});
        if (fee > kMaxBps) return invalid("fee_bps: at most 10000");
        if (melt > kMaxBps) return invalid("demurrage_bps: at most 10000");
        t.fee_bps = static_cast<uint16_t>(fee);
        t.demurrage_bps = static_cast<uint16_t>(melt);
        t.demurrage_period_ms = j.value("demurrage_period_ms", uint64_t{0});
        const std::string redeem_by = j.at("redeem_by").get<std::string>();
        if (redeem_by != "merchants" && redeem_by != "all") return invalid("redeem_by: must be merchants or all");
        t.redeem_by = redeem_by == "all" ? RedeemBy::all : RedeemBy::merchants;
        if (j.contains("max_balance")) {
            auto cap = amount_field(j, "max_balance", p.asset, decimals);
            if (!cap) return cap.error();
            if (*cap == 0) return invalid("max_balance: must be positive (leave it out for no cap)");
            t.max_balance = *cap;
        }
        t.fully_backed = j.value("fully_backed", true);
        if (Status s = check_terms(t); !s) return s.error();
        return encode_currency_terms(p);
    }
    if (name == "merchant_set") {
        MerchantSetOp p;
        p.asset = *symbol;
        auto account = address_field(j, "account");
        if (!account) return account.error();
        p.account = *account;
        p.merchant = j.at("merchant").get<bool>();
        if (j.contains("fee_bps")) {
            const uint64_t fee = j.at("fee_bps").get<uint64_t>();
            if (fee > kMaxBps) return invalid("fee_bps: at most 10000");
            if (!p.merchant) return invalid("fee_bps: only for a merchant");
            p.fee_bps = static_cast<uint16_t>(fee);
        }
        return encode_merchant_set(p);
    }
    if (name == "mint") {
        CurrencyMintOp p;
        p.asset = *symbol;
        auto to = address_field(j, "to");
        if (!to) return to.error();
        p.to = *to;
        auto amount = amount_field(j, "amount", p.asset, decimals);
        if (!amount) return amount.error();
        if (*amount == 0) return make_error(Reason::BAD_AMOUNT, "amount: must be positive");
        p.amount = *amount;
        p.deposit_ref = hash_field(j, "deposit_ref", error);
        if (!error) return error.error();
        return encode_currency_mint(p);
    }
    if (name == "redeem") {
        RedeemOp p;
        p.asset = *symbol;
        auto amount = amount_field(j, "amount", p.asset, decimals);
        if (!amount) return amount.error();
        if (*amount == 0) return make_error(Reason::BAD_AMOUNT, "amount: must be positive");
        p.amount = *amount;
        p.payout_ref = hash_field(j, "payout_ref", error);
        if (!error) return error.error();
        return encode_redeem(p);
    }
    if (name == "reserve_declare") {
        ReserveDeclareOp p;
        p.asset = *symbol;
        auto reserve = amount_field(j, "reserve", p.asset, decimals);
        if (!reserve) return reserve.error();
        p.reserve = *reserve;
        p.doc_hash = hash_field(j, "doc_hash", error);
        if (!error) return error.error();
        return encode_reserve_declare(p);
    }
    return make_error(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
}

Status to_json(const Op& op, const DecimalsLookup& decimals, json& out) {
    switch (op.tag) {
        case kCurrencyTermsTag: {
            CurrencyTermsOp p;
            if (Status s = decode(op, p); !s) return s;
            const CurrencyTerms& t = p.terms;
            out = json{{"op", "currency_terms"},
                       {"asset", p.asset},
                       {"fee_bps", t.fee_bps},
                       {"fee_account", address_text(t.fee_account)},
                       {"redeem_by", kRedeemByNames[static_cast<size_t>(t.redeem_by) - 1]},
                       {"fully_backed", t.fully_backed}};
            if (t.max_balance != 0) out["max_balance"] = amount_of(t.max_balance, p.asset, decimals);
            if (t.melts()) {
                out["demurrage_bps"] = t.demurrage_bps;
                out["demurrage_period_ms"] = t.demurrage_period_ms;
            }
            return Status();
        }
        case kMerchantSetTag: {
            MerchantSetOp p;
            if (Status s = decode(op, p); !s) return s;
            out = json{{"op", "merchant_set"},
                       {"asset", p.asset},
                       {"account", address_text(p.account)},
                       {"merchant", p.merchant}};
            if (p.fee_bps) out["fee_bps"] = *p.fee_bps;
            return Status();
        }
        case kCurrencyMintTag: {
            CurrencyMintOp p;
            if (Status s = decode(op, p); !s) return s;
            out = json{{"op", "mint"},
                       {"asset", p.asset},
                       {"to", address_text(p.to)},
                       {"amount", amount_of(p.amount, p.asset, decimals)},
                       {"deposit_ref", to_hex(p.deposit_ref)}};
            return Status();
        }
        case kRedeemTag: {
            RedeemOp p;
            if (Status s = decode(op, p); !s) return s;
            out = json{{"op", "redeem"},
                       {"asset", p.asset},
                       {"amount", amount_of(p.amount, p.asset, decimals)},
                       {"payout_ref", to_hex(p.payout_ref)}};
            return Status();
        }
        case kReserveDeclareTag: {
            ReserveDeclareOp p;
            if (Status s = decode(op, p); !s) return s;
            out = json{{"op", "reserve_declare"},
                       {"asset", p.asset},
                       {"reserve", amount_of(p.reserve, p.asset, decimals)},
                       {"doc_hash", to_hex(p.doc_hash)}};
            return Status();
        }
        default: return make_error(Reason::UNKNOWN_OP, "not a local currency op");
    }
}

}  // namespace folio::contracts::currency_ops

namespace folio::contracts {

Op encode_currency_terms(const CurrencyTermsOp& p) {
    const CurrencyTerms& t = p.terms;
    Writer w(80);
    w.u8(1);
    w.str(p.asset);
    w.u16(t.fee_bps);
    w.fixed_bytes(t.fee_account);
    w.u8(static_cast<uint8_t>(t.redeem_by));
    w.u64(t.max_balance);
    w.u16(t.demurrage_bps);
    w.u64(t.demurrage_period_ms);
    w.boolean(t.fully_backed);
    return Op{kCurrencyTermsTag, w.take()};
}

Op encode_merchant_set(const MerchantSetOp& p) {
    Writer w(56);
    w.u8(1);
    w.str(p.asset);
    w.fixed_bytes(p.account);
    w.boolean(p.merchant);
    w.boolean(p.fee_bps.has_value());
    w.u16(p.fee_bps.value_or(0));
    return Op{kMerchantSetTag, w.take()};
}

Op encode_currency_mint(const CurrencyMintOp& p) {
    Writer w(88);
    w.u8(1);
    w.str(p.asset);
    w.fixed_bytes(p.to);
    w.u64(p.amount);
    w.fixed_bytes(p.deposit_ref);
    return Op{kCurrencyMintTag, w.take()};
}

Op encode_redeem(const RedeemOp& p) {
    Writer w(56);
    w.u8(1);
    w.str(p.asset);
    w.u64(p.amount);
    w.fixed_bytes(p.payout_ref);
    return Op{kRedeemTag, w.take()};
}

Op encode_reserve_declare(const ReserveDeclareOp& p) {
    Writer w(56);
    w.u8(1);
    w.str(p.asset);
    w.u64(p.reserve);
    w.fixed_bytes(p.doc_hash);
    return Op{kReserveDeclareTag, w.take()};
}

}  // namespace folio::contracts
