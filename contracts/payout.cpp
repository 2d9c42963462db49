#include "contracts/payout.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"

namespace folio::contracts {
namespace {

constexpr uint8_t kPayoutTag = 'P';
constexpr uint8_t kShareTag = 'H';

[[noreturn]] void corrupt(const char* what) {
    std::fprintf(stderr, "fatal: undecodable %s record in contract state\n", what);
    std::abort();
}

// A refusal of the receiver by the currency's transfer rules (or an instrument's): the share waits for a
// claim. Anything else (an escrow short of the share, an unknown asset, a storage failure, a bug) ends the
// op, so that accounting that drifted shows instead of hiding as withheld shares.
bool receiver_refused(Reason reason) {
    switch (reason) {
        case Reason::KYC_REQUIRED:
        case Reason::KYC_EXPIRED:
        case Reason::ASSET_FROZEN:
        case Reason::ACCOUNT_FROZEN:
        case Reason::BALANCE_FROZEN:
        case Reason::POLICY_REFUSED:
        case Reason::APPROVAL_REQUIRED:
        case Reason::LOCKED_UP:
        case Reason::BALANCE_CAP:
            return true;
        default:
            return false;
    }
}

Bytes id_key(uint8_t prefix, uint8_t tag, const InstrumentId& id, size_t extra) {
    Bytes k;
    k.reserve(2 + id.size() + extra);
    k.push_back(prefix);
    k.push_back(tag);
    k.insert(k.end(), id.begin(), id.end());
    return k;
}

std::vector<Amount> event_amounts(const ProRataPayment& payment) {
    std::vector<Amount> amounts = payment.amounts;
    amounts.push_back(payment.units);
    return amounts;
}

}  // namespace

Amount PayoutRecord::funded() const {
    Amount sum = 0;
    for (Amount t : totals) sum += t;
    return sum;
}

bool PayoutRecord::done() const {
    return cursor.last_account.has_value() && cursor.cumulative_units == all_units;
}

Bytes PayoutRecord::encode() const {
    Writer w(160);
    w.u8(1);
    w.str(kind);
    w.u32(units_asset);
    w.u32(currency);
    w.fixed_bytes(payer);
    w.u64(record_height);
    w.u64(all_units);
    w.u64(expires_ms);
    w.varint(totals.size());
    for (Amount t : totals) w.u64(t);
    w.u64(paid);
    w.u64(withheld);
    w.u64(reclaimed);
    w.bytes(cursor.encode());
    return w.take();
}

bool PayoutRecord::decode(ByteView data, PayoutRecord& out) {
    Reader r(data);
    PayoutRecord p;
    uint64_t parts = 0;
    if (!(r.version("payout version", 1) && r.str("kind", kMaxEventKindLength, p.kind) &&
          r.u32("units_asset", p.units_asset) && r.u32("currency", p.currency) &&
          r.fixed_bytes("payer", p.payer) && r.u64("record_height", p.record_height) &&
          r.u64("all_units", p.all_units) && r.u64("expires_ms", p.expires_ms) &&
          r.varint_max("parts", kMaxPayoutParts, parts))) {
        return false;
    }
    if (parts == 0 || p.all_units == 0 || !is_valid_record_kind(p.kind)) return false;
    p.totals.resize(parts);
    for (Amount& t : p.totals) {
        if (!r.u64("total", t)) return false;
    }
    Bytes cursor;
    if (!(r.u64("paid", p.paid) && r.u64("withheld", p.withheld) && r.u64("reclaimed", p.reclaimed) &&
          r.bytes("cursor", 256, cursor) && r.finish())) {
        return false;
    }
    auto c = ProRataCursor::decode(cursor);
    if (!c || c->paid.size() != parts) return false;
    p.cursor = std::move(c).value();
    Amount funded = 0;
    for (Amount t : p.totals) {
        if (!checked_add(funded, t, funded)) return false;
    }
    Amount accounted = 0;
    if (!checked_add(p.paid, p.withheld, accounted) || !checked_add(accounted, p.reclaimed, accounted) ||
        accounted > funded) {
        return false;
    }
    out = std::move(p);
    return true;
}

std::string_view share_status_name(ShareStatus status) {
    switch (status) {
        case ShareStatus::paid:
            return "paid";
        case ShareStatus::withheld:
            return "withheld";
        case ShareStatus::claimed:
            return "claimed";
    }
    return "unknown";
}

Bytes HolderShare::encode() const {
    Writer w(18);
    w.u8(1);
    w.u64(units);
    w.u64(amount);
    w.u8(static_cast<uint8_t>(status));
    return w.take();
}

bool HolderShare::decode(ByteView data, HolderShare& out) {
    Reader r(data);
    HolderShare s;
    uint8_t status = 0;
    if (!(r.version("share version", 1) && r.u64("units", s.units) && r.u64("amount", s.amount) &&
          r.u8("status", status) && r.finish())) {
        return false;
    }
    if (status < 1 || status > 3) return false;
    s.status = static_cast<ShareStatus>(status);
    out = s;
    return true;
}

Bytes payout_key(uint8_t prefix, const InstrumentId& id) {
    return id_key(prefix, kPayoutTag, id, 0);
}

Bytes holder_share_key(uint8_t prefix, const InstrumentId& id, const AccountId& account) {
    Bytes k = id_key(prefix, kShareTag, id, account.size());
    k.insert(k.end(), account.begin(), account.end());
    return k;
}

std::optional<PayoutRecord> read_payout(const StateView& view, uint8_t prefix, const InstrumentId& id) {
    Bytes value;
    if (!view.get(payout_key(prefix, id), value)) return std::nullopt;
    PayoutRecord record;
    if (!PayoutRecord::decode(value, record)) corrupt("payout");
    return record;
}

std::optional<HolderShare> read_holder_share(const StateView& view, uint8_t prefix, const InstrumentId& id,
                                             const AccountId& account) {
    Bytes value;
    if (!view.get(holder_share_key(prefix, id, account), value)) return std::nullopt;
    HolderShare share;
    if (!HolderShare::decode(value, share)) corrupt("holder share");
    return share;
}

uint8_t decimals_of(const StateView& view, AssetId asset) {
    Asset a;
    return read_asset(view, asset, a) ? a.decimals : 0;
}

std::string symbol_of(const StateView& view, AssetId asset) {
    Asset a;
    return read_asset(view, asset, a) ? a.symbol : std::string();
}

Result<uint64_t> units_at(OpContext& ctx, AssetId asset, Height height) {
    auto record = ctx.asset_at(asset, height);
    if (!record) return record.error();
    if (!*record) return uint64_t{0};
    return (*record)->supply - (*record)->escrow;
}

Status check_record_height(const OpContext& ctx, Height record_height) {
    if (record_height >= ctx.block().height) {
        return make_error(Reason::HEIGHT_NOT_REACHED, "record_height " + std::to_string(record_height) +
                                                          " is not below the current height " +
                                                          std::to_string(ctx.block().height));
    }
    return Status();
}

Status open_payout(OpContext& ctx, uint8_t prefix, const InstrumentId& id, PayoutRecord& record) {
    Amount funded = 0;
    for (Amount t : record.totals) {
        if (!checked_add(funded, t, funded))
            return make_error(Reason::OVERFLOW, "the totals overflow an amount");
    }
    record.paid = record.withheld = record.reclaimed = 0;
    record.cursor = pro_rata_start(record.totals.size());
    if (funded > 0) {  // a coupon of a zero-rate deferral instalment pays nothing, yet counts as paid
        if (Status s = ctx.escrow_in(symbol_of(ctx, record.currency), record.payer, funded); !s) return s;
        if (Status s = ctx.emit(Event{"escrow_in", record.currency, id, {record.payer}, {funded}}); !s)
            return s;
    }
    return ctx.put(payout_key(prefix, id), record.encode());
}

Status pay_payout_page(OpContext& ctx, uint8_t prefix, const InstrumentId& id, PayoutRecord& record,
                       uint32_t limit, const PageHook& hook) {
    if (record.done()) return make_error(Reason::DISTRIBUTION_DONE, "every holder has been paid");
    const HolderSource source = [&](const std::optional<AccountId>& after, size_t max,
                                    std::vector<ProRataHolder>& out) -> Status {
        auto holders = ctx.holders_at(record.units_asset, record.record_height, after, max);
        if (!holders) return holders.error();
        out.clear();
        for (const HolderEntry& h : *holders) out.push_back(ProRataHolder{h.account, h.amount});
        return Status();
    };
    auto page = pro_rata_page(record.totals, record.all_units, record.cursor, limit, source);
    if (!page) return page.error();
    const std::string currency = symbol_of(ctx, record.currency);
    for (const ProRataPayment& payment : page->payments) {
        Amount amount = 0;
        for (Amount a : payment.amounts)
            amount += a;  // Σ <= funded: pro_rata never pays more than the totals
        ShareStatus status = ShareStatus::paid;
        if (amount > 0) {
            if (Status s = ctx.escrow_out(currency, payment.account, amount); !s) {
                if (!receiver_refused(s.reason())) return s;
                status = ShareStatus::withheld;
            }
        }
        (status == ShareStatus::paid ? record.paid : record.withheld) += amount;
        const HolderShare share{payment.units, amount, status};
        if (Status s = ctx.put(holder_share_key(prefix, id, payment.account), share.encode()); !s) return s;
        const std::string kind = status == ShareStatus::paid ? record.kind : std::string("withheld");
        if (Status s = ctx.emit(Event{kind, record.currency, id, {payment.account}, event_amounts(payment)});
            !s) {
            return s;
        }
        if (status == ShareStatus::withheld) ctx.touch(payment.account);  // escrow_out touched a paid one
        if (hook) {
            if (Status s = hook(payment); !s) return s;
        }
    }
    record.cursor = page->next;
    return ctx.put(payout_key(prefix, id), record.encode());
}

Status claim_share(OpContext& ctx, uint8_t prefix, const InstrumentId& id) {
    auto record = read_payout(ctx, prefix, id);
    if (!record) return make_error(Reason::UNKNOWN_ID, "no payout " + instrument_id_hex(id));
    auto share = read_holder_share(ctx, prefix, id, ctx.signer());
    if (!share || share->status != ShareStatus::withheld) {
        return make_error(Reason::NOTHING_TO_CLAIM, "no withheld share of this signer");
    }
    if (record->expires_ms != 0 && ctx.block().time_ms >= record->expires_ms) {
        return make_error(Reason::NOTHING_TO_CLAIM, "the claim period ended at expires_ms");
    }
    if (Status s = ctx.escrow_out(symbol_of(ctx, record->currency), ctx.signer(), share->amount); !s) {
        if (!receiver_refused(s.reason())) return s;
        return make_error(Reason::NOTHING_TO_CLAIM,
                          "the currency still refuses the share: " + s.error().message);
    }
    share->status = ShareStatus::claimed;
    record->withheld -= share->amount;
    record->paid += share->amount;
    if (Status s = ctx.put(holder_share_key(prefix, id, ctx.signer()), share->encode()); !s) return s;
    if (Status s = ctx.emit(Event{"claim", record->currency, id, {ctx.signer()}, {share->amount}}); !s)
        return s;
    return ctx.put(payout_key(prefix, id), record->encode());
}

Status reclaim_withheld(OpContext& ctx, uint8_t prefix, const InstrumentId& id) {
    auto record = read_payout(ctx, prefix, id);
    if (!record) return make_error(Reason::UNKNOWN_ID, "no payout " + instrument_id_hex(id));
    if (ctx.signer() != record->payer) return make_error(Reason::NOT_AUTHORIZED, "only the payer reclaims");
    if (record->expires_ms == 0 || ctx.block().time_ms < record->expires_ms) {
        return make_error(Reason::NOT_DUE, "withheld shares stay claimable until expires_ms");
    }
    if (record->withheld == 0) return make_error(Reason::NOTHING_TO_CLAIM, "nothing is withheld");
    const Amount rest = record->withheld;
    if (Status s = ctx.escrow_out(symbol_of(ctx, record->currency), record->payer, rest); !s) return s;
    record->withheld = 0;
    record->reclaimed += rest;
    if (Status s = ctx.emit(Event{"reclaim", record->currency, id, {record->payer}, {rest}}); !s) return s;
    return ctx.put(payout_key(prefix, id), record->encode());
}

Result<nlohmann::json> payout_json(const QueryContext& ctx, uint8_t prefix, const InstrumentId& id,
                                   std::optional<AccountId> account, std::optional<AccountId> cursor,
                                   size_t limit) {
    auto record = read_payout(ctx.state, prefix, id);
    if (!record) return make_error(Reason::UNKNOWN_ID, "no distribution " + instrument_id_hex(id));
    const uint8_t d = decimals_of(ctx.state, record->currency);
    nlohmann::json out{{"id", instrument_id_hex(id)},
                       {"kind", record->kind},
                       {"asset", symbol_of(ctx.state, record->units_asset)},
                       {"currency", symbol_of(ctx.state, record->currency)},
                       {"payer", crypto::encode_address(record->payer)},
                       {"record_height", record->record_height},
                       {"units", std::to_string(record->all_units)},
                       {"total", format_amount(record->funded(), d)},
                       {"paid", format_amount(record->paid, d)},
                       {"withheld", format_amount(record->withheld, d)},
                       {"unpaid", format_amount(record->unpaid(), d)},
                       {"reclaimed", format_amount(record->reclaimed, d)},
                       {"expires_ms", record->expires_ms},
                       {"done", record->done()}};
    auto row = [&](const AccountId& holder, Amount units) {
        auto share = read_holder_share(ctx.state, prefix, id, holder);
        nlohmann::json j{{"account", crypto::encode_address(holder)}, {"units", std::to_string(units)}};
        j["amount"] = share ? nlohmann::json(format_amount(share->amount, d)) : nlohmann::json(nullptr);
        j["status"] = share ? std::string(share_status_name(share->status)) : std::string("unpaid");
        return j;
    };
    out["holders"] = nlohmann::json::array();
    if (account) {
        auto balance = ctx.history.balance_at(record->units_asset, *account, record->record_height);
        if (!balance) return balance.error();
        if (balance->amount != 0) out["holders"].push_back(row(*account, balance->amount));
        return out;
    }
    auto holders = ctx.history.holders_at(record->units_asset, record->record_height, cursor, limit + 1);
    if (!holders) return holders.error();
    for (size_t i = 0; i < holders->size() && i < limit; ++i) {
        out["holders"].push_back(row((*holders)[i].account, (*holders)[i].amount));
    }
    if (holders->size() > limit) out["next_cursor"] = crypto::encode_address((*holders)[limit - 1].account);
    return out;
}

}  // namespace folio::contracts
