#include "contracts/campaign.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "contracts/campaign_queries.h"

namespace folio::contracts {
namespace {

using nlohmann::json;

Error refuse(Reason reason, std::string message) {
    return make_error(reason, std::move(message));
}

constexpr Reason kCreateReasons[] = {Reason::INVALID_ARGUMENT, Reason::UNKNOWN_ASSET, Reason::NOT_AUTHORIZED,
                                     Reason::DEADLINE_TOO_FAR};
constexpr Reason kSubscribeReasons[] = {
    Reason::UNKNOWN_ID,           Reason::CAMPAIGN_CLOSED, Reason::CAMPAIGN_FULL,
    Reason::TICKET_OUT_OF_BOUNDS, Reason::KYC_REQUIRED,    Reason::KYC_EXPIRED,
    Reason::SUPPLY_CAP,           Reason::POLICY_REFUSED,  Reason::INSUFFICIENT_BALANCE,
    Reason::ACCOUNT_FROZEN,       Reason::ASSET_FROZEN};
constexpr Reason kWithdrawReasons[] = {Reason::UNKNOWN_ID, Reason::CAMPAIGN_CLOSED, Reason::NOT_AUTHORIZED,
                                       Reason::WITHDRAWAL_PERIOD_OVER};
constexpr Reason kCloseReasons[] = {Reason::UNKNOWN_ID, Reason::CAMPAIGN_CLOSED, Reason::CAMPAIGN_OPEN};
constexpr Reason kSettleReasons[] = {Reason::UNKNOWN_ID, Reason::CAMPAIGN_OPEN, Reason::CAMPAIGN_CLOSED};

constexpr std::string_view kIdDescription =
    "Campaign id: 32 hex, as tx_build returned it for campaign_create.";
constexpr std::string_view kLimitDescription =
    "Subscriptions settled by this op at most (its weight); further pages by campaign_settle.";

constexpr OpField kCreateFields[] = {
    {"asset", OpFieldKind::symbol, false,
     "The securities minted to subscribers on success; absent or null for a donation campaign."},
    {"currency", OpFieldKind::symbol, true, "The currency raised (an asset of class currency)."},
    {"price", OpFieldKind::amount, false,
     "Currency per smallest unit of the asset (required with an asset); a subscription is a multiple of it."},
    {"target", OpFieldKind::amount, true,
     "Raised at close at least this: success; below: every subscriber refunded."},
    {"cap", OpFieldKind::amount, true, "Most the campaign raises (>= target)."},
    {"min_ticket", OpFieldKind::amount, true, "Least one investor's subscriptions may total (> 0)."},
    {"max_ticket", OpFieldKind::amount, true,
     "Most one investor's subscriptions may total (min_ticket..cap)."},
    {"deadline_ms",
     OpFieldKind::unsigned_integer,
     true,
     "End of subscriptions, after the creating block's time and at most 90 days after it.",
     {},
     "milliseconds since the Unix epoch (UTC)"},
    {"terms_hash", OpFieldKind::hex32, true, "Hash of the offer's terms document (kept off the chain)."},
};
constexpr OpField kSubscribeFields[] = {
    {"id", OpFieldKind::text, true, kIdDescription, {}, {}, 32},
    {"currency", OpFieldKind::symbol, true,
     "The campaign's currency (campaign_get shows it): the amount is read in its decimals."},
    {"amount", OpFieldKind::amount, true, "Currency moved into the campaign's escrow."},
};
constexpr OpField kWithdrawFields[] = {
    {"id", OpFieldKind::text, true, kIdDescription, {}, {}, 32},
};
constexpr OpField kPageFields[] = {
    {"id", OpFieldKind::text, true, kIdDescription, {}, {}, 32},
    {"limit", OpFieldKind::unsigned_integer, false, kLimitDescription, {}, {}, kMaxCampaignPage},
};

constexpr OpShape kCreateShape{
    "campaign_create",
    "Open a crowdfunding campaign (all or nothing, at most 90 days).",
    kCreateFields,
    "the asset's issuer (with an asset); an account with the issuer role (donation)",
    true,
    kCreateReasons};
constexpr OpShape kSubscribeShape{
    "campaign_subscribe",
    "Subscribe to an open campaign: the amount goes into escrow until settlement.",
    kSubscribeFields,
    "the investor",
    false,
    kSubscribeReasons};
constexpr OpShape kWithdrawShape{"campaign_withdraw",
                                 "Revoke one's subscription within 4 days of subscribing (retail investors).",
                                 kWithdrawFields,
                                 "the investor (KYC category retail)",
                                 false,
                                 kWithdrawReasons};
constexpr OpShape kCloseShape{"campaign_close",
                              "Close a campaign, fixing its outcome, and settle a first page.",
                              kPageFields,
                              "anyone after the deadline; the issuer once the target is reached",
                              false,
                              kCloseReasons};
constexpr OpShape kSettleShape{"campaign_settle",
                               "Settle the next page of a closed campaign (mint and release, or refund).",
                               kPageFields,
                               "anyone",
                               false,
                               kSettleReasons};

// ---- payloads

Op page_op(CampaignTag tag, const CampaignPageOp& op) {
    Writer w(24);
    w.u8(1);
    w.fixed_bytes(op.id);
    w.u32(op.limit);
    return Op{static_cast<uint16_t>(tag), w.take()};
}

Status decoded(Reader& r) {
    return r.finish() ? Status() : refuse(Reason::DECODE_ERROR, r.error());
}

Status decode_create(ByteView payload, CampaignCreateOp& out) {
    Reader r(payload);
    CampaignCreateOp op;
    if (!(r.version("campaign_create version", 1) && op.decode(r)))
        return refuse(Reason::DECODE_ERROR, r.error());
    if (Status s = decoded(r); !s) return s;
    out = std::move(op);
    return Status();
}

Status decode_subscribe(ByteView payload, CampaignSubscribeOp& out) {
    Reader r(payload);
    if (!(r.version("campaign_subscribe version", 1) && r.fixed_bytes("id", out.id) &&
          r.str("currency", kMaxSymbolLength, out.currency) && r.u64("amount", out.amount))) {
        return refuse(Reason::DECODE_ERROR, r.error());
    }
    if (Status s = decoded(r); !s) return s;
    if (!is_valid_symbol(out.currency)) return refuse(Reason::DECODE_ERROR, "currency: not an asset symbol");
    return Status();
}

Status decode_withdraw(ByteView payload, CampaignWithdrawOp& out) {
    Reader r(payload);
    if (!(r.version("campaign_withdraw version", 1) && r.fixed_bytes("id", out.id))) {
        return refuse(Reason::DECODE_ERROR, r.error());
    }
    return decoded(r);
}

Status decode_page(ByteView payload, CampaignPageOp& out) {
    Reader r(payload);
    if (!(r.version("campaign page version", 1) && r.fixed_bytes("id", out.id) &&
          r.u32("limit", out.limit))) {
        return refuse(Reason::DECODE_ERROR, r.error());
    }
    if (Status s = decoded(r); !s) return s;
    if (out.limit == 0 || out.limit > kMaxCampaignPage)
        return refuse(Reason::DECODE_ERROR, "limit: not 1..10000");
    return Status();
}

// ---- execution helpers

AssetId asset_id_of(const StateView& view, std::string_view symbol) {
    AssetId id = 0;
    read_asset_id(view, symbol, id);
    return id;
}

Status load_asset(const StateView& view, std::string_view symbol, Asset& out) {
    AssetId id = 0;
    if (!read_asset_id(view, symbol, id) || !read_asset(view, id, out)) {
        return refuse(Reason::UNKNOWN_ASSET, std::string("no asset ") + std::string(symbol));
    }
    return Status();
}

bool holds_issuer_rights(const StateView& view, const Asset& asset, const AccountId& who) {
    if (asset.issuer == who) return true;
    Bytes unused;
    return view.get(state_key::asset_issuer(asset.id, who), unused);
}

Status load_campaign(const StateView& view, const InstrumentId& id, Campaign& out) {
    auto c = read_campaign(view, id);
    if (!c) return refuse(Reason::UNKNOWN_ID, "no campaign " + instrument_id_hex(id));
    out = std::move(*c);
    return Status();
}

Status store_campaign(OpContext& ctx, const InstrumentId& id, const Campaign& c) {
    return ctx.put(campaign_key::campaign(id), c.encode());
}

Bytes slot_value(uint32_t slot) {
    Writer w(4);
    w.u32(slot);
    return w.take();
}

Status emit(OpContext& ctx, std::string_view kind, AssetId asset, const InstrumentId& id,
            const AccountId& account, std::vector<Amount> amounts) {
    return ctx.emit(Event{std::string(kind), asset, id, {account}, std::move(amounts)});
}

// ---- the ops

Status create(const CampaignCreateOp& op, OpContext& ctx) {
    const bool donation = op.asset.empty();
    if (donation != (op.price == 0)) {
        return refuse(Reason::INVALID_ARGUMENT, donation ? "price: a donation campaign has none"
                                                         : "price: required and positive with an asset");
    }
    if (op.target == 0) return refuse(Reason::INVALID_ARGUMENT, "target: must be positive");
    if (op.cap < op.target) return refuse(Reason::INVALID_ARGUMENT, "cap: below the target");
    if (op.min_ticket == 0 || op.min_ticket > op.max_ticket || op.max_ticket > op.cap) {
        return refuse(Reason::INVALID_ARGUMENT, "tickets: need 0 < min_ticket <= max_ticket <= cap");
    }
    if (op.asset == op.currency) return refuse(Reason::INVALID_ARGUMENT, "asset: the same as the currency");
    const uint64_t now = ctx.block().time_ms;
    if (op.deadline_ms <= now)
        return refuse(Reason::INVALID_ARGUMENT, "deadline_ms: not after the block's time");
    if (op.deadline_ms - now > kMaxCampaignDurationMs) {
        return refuse(Reason::DEADLINE_TOO_FAR, "deadline_ms: more than 90 days after the block's time");
    }
    Asset currency;
    if (Status s = load_asset(ctx, op.currency, currency); !s) return s;
    if (currency.asset_class != AssetClass::currency) {
        return refuse(Reason::INVALID_ARGUMENT, "currency: " + op.currency + " is not of class currency");
    }
    if (donation) {
        Account signer;
        if (!read_account(ctx, ctx.signer(), signer) || !signer.has_role(Role::issuer)) {
            return refuse(Reason::NOT_AUTHORIZED, "a donation campaign needs the issuer role");
        }
    } else {
        Asset asset;
        if (Status s = load_asset(ctx, op.asset, asset); !s) return s;
        if (!holds_issuer_rights(ctx, asset, ctx.signer())) {
            return refuse(Reason::NOT_AUTHORIZED, "only an issuer of " + op.asset + " opens its campaign");
        }
    }
    Campaign c;
    c.issuer = ctx.signer();
    c.terms = op;
    c.created_ms = now;
    c.created_height = ctx.block().height;
    const InstrumentId id = ctx.new_id();
    const uint64_t n = read_campaign_count(ctx);
    Writer count(8);
    count.u64(n + 1);
    Writer id_value(16);
    id_value.fixed_bytes(id);
    if (Status s = store_campaign(ctx, id, c); !s) return s;
    if (Status s = ctx.put(campaign_key::sequence(n), id_value.take()); !s) return s;
    if (Status s = ctx.put(campaign_key::count(), count.take()); !s) return s;
    return emit(ctx, "campaign_create", currency.id, id, c.issuer, {c.terms.target, c.terms.cap});
}

// The rules the asset's issue would apply to this investor at settlement, checked now so that settlement
// cannot fail on them: KYC level and expiry, frozen account or asset, max supply, holder limit.
Status check_securities_eligibility(const Campaign& c, const Asset& asset, const Account& investor,
                                    Amount units, bool new_holder, uint64_t now) {
    if (asset.frozen) return refuse(Reason::ASSET_FROZEN, asset.symbol + " is frozen");
    if (investor.frozen) return refuse(Reason::ACCOUNT_FROZEN, "the investor is frozen");
    if (asset.policy.kyc_min_level > 0) {
        if (!investor.kyc || investor.kyc->level < asset.policy.kyc_min_level) {
            return refuse(Reason::KYC_REQUIRED, "the investor lacks a KYC attestation of level " +
                                                    std::to_string(asset.policy.kyc_min_level));
        }
        if (investor.kyc->expires_ms <= now)
            return refuse(Reason::KYC_EXPIRED, "the investor's KYC has expired");
    }
    Amount supply = 0;
    if (!checked_add(asset.supply, c.units, supply) || !checked_add(supply, units, supply) ||
        supply > asset.max_supply) {
        return refuse(Reason::SUPPLY_CAP, "the subscriptions would exceed the max supply of " + asset.symbol);
    }
    if (new_holder && asset.policy.max_holders != 0 &&
        asset.holders + c.new_holders + 1 > asset.policy.max_holders) {
        return refuse(Reason::POLICY_REFUSED, asset.symbol + " would exceed its holder limit");
    }
    return Status();
}

Status subscribe(const CampaignSubscribeOp& op, OpContext& ctx) {
    Campaign c;
    if (Status s = load_campaign(ctx, op.id, c); !s) return s;
    const uint64_t now = ctx.block().time_ms;
    if (c.status != CampaignStatus::open || now >= c.terms.deadline_ms) {
        return refuse(Reason::CAMPAIGN_CLOSED, "the campaign takes no more subscriptions");
    }
    if (op.amount == 0) return refuse(Reason::BAD_AMOUNT, "amount: must be positive");
    if (op.currency != c.terms.currency) {
        return refuse(Reason::INVALID_ARGUMENT,
                      "currency: the campaign raises " + c.terms.currency + ", not " + op.currency);
    }
    const AccountId& investor = ctx.signer();
    const auto slot = read_investor_slot(ctx, op.id, investor);
    std::optional<Subscription> existing = slot ? read_subscription(ctx, op.id, *slot) : std::nullopt;
    Amount raised = 0, total = 0;
    if (!checked_add(c.raised, op.amount, raised) || raised > c.terms.cap) {
        return refuse(Reason::CAMPAIGN_FULL, "the amount would take the campaign over its cap");
    }
    if (!checked_add(existing ? existing->amount : 0, op.amount, total) || total < c.terms.min_ticket ||
        total > c.terms.max_ticket) {
        return refuse(Reason::TICKET_OUT_OF_BOUNDS,
                      "an investor's subscriptions total min_ticket..max_ticket");
    }
    Subscription sub = existing.value_or(Subscription{investor, 0, 0, false});
    Amount units = 0;
    AssetId event_asset = asset_id_of(ctx, c.terms.currency);
    if (!c.terms.asset.empty()) {
        if (op.amount % c.terms.price != 0) {
            return refuse(Reason::TICKET_OUT_OF_BOUNDS, "amount: not a multiple of the price");
        }
        units = op.amount / c.terms.price;
        Asset asset;
        Account account;
        if (Status s = load_asset(ctx, c.terms.asset, asset); !s) return s;
        if (!read_account(ctx, investor, account)) return refuse(Reason::UNKNOWN_ACCOUNT, "no such investor");
        Balance held;
        const bool new_holder =
            !existing && (!read_balance(ctx, asset.id, investor, held) || held.amount == 0);
        if (Status s = check_securities_eligibility(c, asset, account, units, new_holder, now); !s) return s;
        sub.new_holder = sub.new_holder || new_holder;
        c.new_holders += new_holder ? 1 : 0;
    }
    if (Status s = ctx.escrow_in(c.terms.currency, investor, op.amount); !s) return s;
    sub.amount = total;
    // A further subscription starts the reflection period again, for the whole subscription.
    sub.subscribed_ms = now;
    const uint32_t at = slot.value_or(c.subscribers);
    if (!slot) {
        if (c.subscribers == UINT32_MAX)
            return refuse(Reason::CAMPAIGN_FULL, "the campaign has too many subscribers");
        ++c.subscribers;
        if (Status s = ctx.put(campaign_key::investor(op.id, investor), slot_value(at)); !s) return s;
    }
    c.raised = raised;
    c.units += units;  // <= max_supply, checked above
    if (Status s = ctx.put(campaign_key::slot(op.id, at), sub.encode()); !s) return s;
    if (Status s = store_campaign(ctx, op.id, c); !s) return s;
    return emit(ctx, "campaign_subscribe", event_asset, op.id, investor, {op.amount, total});
}

Status withdraw(const CampaignWithdrawOp& op, OpContext& ctx) {
    Campaign c;
    if (Status s = load_campaign(ctx, op.id, c); !s) return s;
    if (c.status != CampaignStatus::open) return refuse(Reason::CAMPAIGN_CLOSED, "the campaign is closed");
    const AccountId& investor = ctx.signer();
    const auto slot = read_investor_slot(ctx, op.id, investor);
    if (!slot) return refuse(Reason::UNKNOWN_ID, "no subscription of the signer to this campaign");
    const Subscription sub = read_subscription(ctx, op.id, *slot).value();
    Account account;
    if (!read_account(ctx, investor, account) || !account.kyc || account.kyc->category != kRetailCategory) {
        return refuse(Reason::NOT_AUTHORIZED, "only a retail investor may withdraw a subscription");
    }
    const uint64_t now = ctx.block().time_ms;
    if (now - sub.subscribed_ms > kReflectionPeriodMs) {
        return refuse(Reason::WITHDRAWAL_PERIOD_OVER, "the 4 days after the subscription are over");
    }
    if (Status s = ctx.escrow_out(c.terms.currency, investor, sub.amount); !s) return s;
    // Keep the slots dense: the last subscription moves into the freed slot.
    const uint32_t last = c.subscribers - 1;
    if (*slot != last) {
        const Subscription moved = read_subscription(ctx, op.id, last).value();
        if (Status s = ctx.put(campaign_key::slot(op.id, *slot), moved.encode()); !s) return s;
        if (Status s = ctx.put(campaign_key::investor(op.id, moved.account), slot_value(*slot)); !s) return s;
    }
    if (Status s = ctx.erase(campaign_key::slot(op.id, last)); !s) return s;
    if (Status s = ctx.erase(campaign_key::investor(op.id, investor)); !s) return s;
    c.subscribers = last;
    c.raised -= sub.amount;
    if (!c.terms.asset.empty()) c.units -= sub.amount / c.terms.price;
    c.new_holders -= sub.new_holder ? 1 : 0;
    if (Status s = store_campaign(ctx, op.id, c); !s) return s;
    return emit(ctx, "campaign_withdraw", asset_id_of(ctx, c.terms.currency), op.id, investor, {sub.amount});
}

// One page of settlement: slots [cursor, cursor + limit). Success mints each subscriber's units and releases
// the page's funds to the issuer in one movement; failure refunds each subscriber its amount.
Status settle_page(const InstrumentId& id, Campaign& c, uint32_t limit, OpContext& ctx) {
    const bool success = c.status == CampaignStatus::succeeded;
    const AssetId currency = asset_id_of(ctx, c.terms.currency);
    const AssetId asset = c.terms.asset.empty() ? 0 : asset_id_of(ctx, c.terms.asset);
    const uint32_t end = c.subscribers - c.cursor > limit ? c.cursor + limit : c.subscribers;
    Amount page_total = 0;
    for (uint32_t slot = c.cursor; slot < end; ++slot) {
        const Subscription sub = read_subscription(ctx, id, slot).value();
        page_total += sub.amount;  // <= raised
        if (success && !c.terms.asset.empty()) {
            const Amount units = sub.amount / c.terms.price;
            if (Status s = ctx.mint(c.terms.asset, sub.account, units); !s) return s;
            if (Status s = emit(ctx, "campaign_mint", asset, id, sub.account, {units}); !s) return s;
        } else if (!success) {
            if (Status s = ctx.escrow_out(c.terms.currency, sub.account, sub.amount); !s) return s;
            if (Status s = emit(ctx, "campaign_refund", currency, id, sub.account, {sub.amount}); !s)
                return s;
        }
    }
    if (success && page_total > 0) {
        if (Status s = ctx.escrow_out(c.terms.currency, c.issuer, page_total); !s) return s;
        if (Status s = emit(ctx, "campaign_release", currency, id, c.issuer, {page_total}); !s) return s;
    }
    c.cursor = end;
    c.settled += page_total;
    return store_campaign(ctx, id, c);
}

Status close(const CampaignPageOp& op, OpContext& ctx) {
    Campaign c;
    if (Status s = load_campaign(ctx, op.id, c); !s) return s;
    if (c.status != CampaignStatus::open)
        return refuse(Reason::CAMPAIGN_CLOSED, "the campaign is already closed");
    if (ctx.block().time_ms < c.terms.deadline_ms &&
        !(ctx.signer() == c.issuer && c.raised >= c.terms.target)) {
        return refuse(Reason::CAMPAIGN_OPEN,
                      "before the deadline only the issuer closes the campaign, once the target is reached");
    }
    c.status = c.raised >= c.terms.target ? CampaignStatus::succeeded : CampaignStatus::failed;
    if (Status s = emit(ctx, "campaign_close", asset_id_of(ctx, c.terms.currency), op.id, c.issuer,
                        {c.raised, c.terms.target, c.status == CampaignStatus::succeeded ? 1u : 0u});
        !s) {
        return s;
    }
    return settle_page(op.id, c, op.limit, ctx);
}

Status settle(const CampaignPageOp& op, OpContext& ctx) {
    Campaign c;
    if (Status s = load_campaign(ctx, op.id, c); !s) return s;
    if (c.status == CampaignStatus::open)
        return refuse(Reason::CAMPAIGN_OPEN, "the campaign is not closed yet");
    if (c.settlement_done()) return refuse(Reason::CAMPAIGN_CLOSED, "the campaign is settled");
    return settle_page(op.id, c, op.limit, ctx);
}

// ---- JSON

Status amount_from(const json& j, const char* field, const std::string& symbol,
                   const DecimalsLookup& decimals, Amount& out) {
    if (!j.contains(field)) return Status();
    const auto d = decimals(symbol);
    if (!d) return refuse(Reason::UNKNOWN_ASSET, "currency: no asset " + symbol);
    if (!parse_amount(j.at(field).get<std::string>(), *d, out)) {
        return refuse(Reason::BAD_AMOUNT,
                      std::string(field) + ": not a decimal with at most the currency's decimals");
    }
    return Status();
}

Status id_from(const json& j, InstrumentId& out) {
    if (!parse_instrument_id(j.at("id").get<std::string>(), out)) {
        return refuse(Reason::INVALID_ARGUMENT, "id: not 32 lowercase hex");
    }
    return Status();
}

Result<Op> create_from_json(json j, const DecimalsLookup& decimals) {
    if (j.contains("asset") && j["asset"].is_null()) j.erase("asset");
    if (Status s = check_op_fields(j, kCreateShape); !s) return s.error();
    CampaignCreateOp op;
    op.asset = j.value("asset", std::string());
    op.currency = j.at("currency").get<std::string>();
    if ((!op.asset.empty() && !is_valid_symbol(op.asset)) || !is_valid_symbol(op.currency)) {
        return refuse(Reason::BAD_SYMBOL, "asset or currency: not an asset symbol");
    }
    for (auto [field, out] : {std::pair{"price", &op.price},
                              {"target", &op.target},
                              {"cap", &op.cap},
                              {"min_ticket", &op.min_ticket},
                              {"max_ticket", &op.max_ticket}}) {
        if (Status s = amount_from(j, field, op.currency, decimals, *out); !s) return s.error();
    }
    op.deadline_ms = j.at("deadline_ms").get<uint64_t>();
    if (!from_hex_fixed(j.at("terms_hash").get<std::string>(), op.terms_hash)) {
        return refuse(Reason::INVALID_ARGUMENT, "terms_hash: not 64 hex");
    }
    return encode_campaign_create(op);
}

Result<Op> page_from_json(const json& j, const OpShape& shape, CampaignTag tag) {
    if (Status s = check_op_fields(j, shape); !s) return s.error();
    CampaignPageOp op;
    if (Status s = id_from(j, op.id); !s) return s.error();
    const uint64_t limit = j.value("limit", uint64_t{kDefaultCampaignPage});
    if (limit == 0 || limit > kMaxCampaignPage)
        return refuse(Reason::INVALID_ARGUMENT, "limit: not 1..10000");
    op.limit = static_cast<uint32_t>(limit);
    return page_op(tag, op);
}

class CampaignInstrument final : public Instrument {
  public:
    CampaignInstrument() : queries_(make_campaign_queries()) {}

    uint8_t state_prefix() const override { return kCampaignPrefix; }
    bool owns(uint16_t tag) const override { return shape_of(tag) != nullptr; }
    std::string_view op_name(uint16_t tag) const override {
        const OpShape* s = shape_of(tag);
        return s ? s->op : std::string_view();
    }
    Status check_op(const Op& op) const override {
        switch (static_cast<CampaignTag>(op.tag)) {
            case CampaignTag::create: {
                CampaignCreateOp o;
                return decode_create(op.payload, o);
            }
            case CampaignTag::subscribe: {
                CampaignSubscribeOp o;
                return decode_subscribe(op.payload, o);
            }
            case CampaignTag::withdraw: {
                CampaignWithdrawOp o;
                return decode_withdraw(op.payload, o);
            }
            case CampaignTag::close:
            case CampaignTag::settle: {
                CampaignPageOp o;
                return decode_page(op.payload, o);
            }
        }
        return refuse(Reason::UNKNOWN_OP, "not a campaign op");
    }
    uint64_t weight(const Op& op) const override {
        const auto tag = static_cast<CampaignTag>(op.tag);
        if (tag != CampaignTag::close && tag != CampaignTag::settle) return 1;
        CampaignPageOp o;
        return decode_page(op.payload, o) ? o.limit : 1;
    }
    std::vector<AccountId> required_signers(const Op&) const override { return {}; }
    Status apply(const Op& op, OpContext& ctx) const override {
        switch (static_cast<CampaignTag>(op.tag)) {
            case CampaignTag::create: {
                CampaignCreateOp o;
                if (Status s = decode_create(op.payload, o); !s) return s;
                return create(o, ctx);
            }
            case CampaignTag::subscribe: {
                CampaignSubscribeOp o;
                if (Status s = decode_subscribe(op.payload, o); !s) return s;
                return subscribe(o, ctx);
            }
            case CampaignTag::withdraw: {
                CampaignWithdrawOp o;
                if (Status s = decode_withdraw(op.payload, o); !s) return s;
                return withdraw(o, ctx);
            }
            case CampaignTag::close:
            case CampaignTag::settle: {
                CampaignPageOp o;
                if (Status s = decode_page(op.payload, o); !s) return s;
                return static_cast<CampaignTag>(op.tag) == CampaignTag::close ? close(o, ctx)
                                                                              : settle(o, ctx);
            }
        }
        return refuse(Reason::UNKNOWN_OP, "not a campaign op");
    }
    Status check_transfer(const TransferCheck&, const StateView&, const BlockContext&) const override {
        return Status();
    }
    bool owns_name(std::string_view name) const override {
        for (const OpShape* s : kShapes) {
            if (s->op == name) return true;
        }
        return false;
    }
    Result<Op> op_from_json(const json& j, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, json& out) const override;
    std::vector<InstrumentOpInfo> ops() const override {
        std::vector<InstrumentOpInfo> out;
        for (size_t i = 0; i < std::size(kShapes); ++i) {
            out.push_back(
                {static_cast<uint16_t>(static_cast<uint16_t>(CampaignTag::create) + i), kShapes[i]});
        }
        return out;
    }
    std::vector<const InstrumentQuery*> queries() const override {
        std::vector<const InstrumentQuery*> out;
        for (const InstrumentQuery& q : queries_) out.push_back(&q);
        return out;
    }

  private:
    static constexpr const OpShape* kShapes[] = {&kCreateShape, &kSubscribeShape, &kWithdrawShape,
                                                 &kCloseShape, &kSettleShape};
    static const OpShape* shape_of(uint16_t tag) {
        const uint16_t first = static_cast<uint16_t>(CampaignTag::create);
        return tag >= first && tag < first + std::size(kShapes) ? kShapes[tag - first] : nullptr;
    }
    std::vector<InstrumentQuery> queries_;
};

Result<Op> CampaignInstrument::op_from_json(const json& j, const DecimalsLookup& decimals) const {
    const std::string name = j.value("op", std::string());
    if (name == kCreateShape.op) return create_from_json(j, decimals);
    if (name == kCloseShape.op) return page_from_json(j, kCloseShape, CampaignTag::close);
    if (name == kSettleShape.op) return page_from_json(j, kSettleShape, CampaignTag::settle);
    if (name == kWithdrawShape.op) {
        if (Status s = check_op_fields(j, kWithdrawShape); !s) return s.error();
        CampaignWithdrawOp op;
        if (Status s = id_from(j, op.id); !s) return s.error();
        return encode_campaign_withdraw(op);
    }
    if (name == kSubscribeShape.op) {
        if (Status s = check_op_fields(j, kSubscribeShape); !s) return s.error();
        CampaignSubscribeOp op;
        if (Status s = id_from(j, op.id); !s) return s.error();
        op.currency = j.at("currency").get<std::string>();
        if (!is_valid_symbol(op.currency)) return refuse(Reason::BAD_SYMBOL, "currency: not an asset symbol");
        if (Status s = amount_from(j, "amount", op.currency, decimals, op.amount); !s) return s.error();
        return encode_campaign_subscribe(op);
    }
    return refuse(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
}

Status CampaignInstrument::op_to_json(const Op& op, const DecimalsLookup& decimals, json& out) const {
    auto amount = [&](const std::string& currency, Amount a, std::string& text) -> Status {
        const auto d = decimals(currency);
        if (!d) return refuse(Reason::UNKNOWN_ASSET, "currency: no asset " + currency);
        text = format_amount(a, *d);
        return Status();
    };
    switch (static_cast<CampaignTag>(op.tag)) {
        case CampaignTag::create: {
            CampaignCreateOp o;
            if (Status s = decode_create(op.payload, o); !s) return s;
            out = json{{"op", kCreateShape.op}, {"currency", o.currency}};
            out["asset"] = o.asset.empty() ? json(nullptr) : json(o.asset);
            for (auto [field, value] : {std::pair{"price", o.price},
                                        {"target", o.target},
                                        {"cap", o.cap},
                                        {"min_ticket", o.min_ticket},
                                        {"max_ticket", o.max_ticket}}) {
                if (std::string_view(field) == "price" && o.asset.empty()) continue;
                std::string text;
                if (Status s = amount(o.currency, value, text); !s) return s;
                out[field] = text;
            }
            out["deadline_ms"] = o.deadline_ms;
            out["terms_hash"] = to_hex(o.terms_hash);
            return Status();
        }
        case CampaignTag::subscribe: {
            CampaignSubscribeOp o;
            if (Status s = decode_subscribe(op.payload, o); !s) return s;
            std::string text;
            if (Status s = amount(o.currency, o.amount, text); !s) return s;
            out = json{{"op", kSubscribeShape.op},
                       {"id", instrument_id_hex(o.id)},
                       {"currency", o.currency},
                       {"amount", text}};
            return Status();
        }
        case CampaignTag::withdraw: {
            CampaignWithdrawOp o;
            if (Status s = decode_withdraw(op.payload, o); !s) return s;
            out = json{{"op", kWithdrawShape.op}, {"id", instrument_id_hex(o.id)}};
            return Status();
        }
        case CampaignTag::close:
        case CampaignTag::settle: {
            CampaignPageOp o;
            if (Status s = decode_page(op.payload, o); !s) return s;
            out = json{{"op", op_name(op.tag)}, {"id", instrument_id_hex(o.id)}, {"limit", o.limit}};
            return Status();
        }
    }
    return refuse(Reason::UNKNOWN_OP, "not a campaign op");
}

}  // namespace

Op encode_campaign_create(const CampaignCreateOp& op) {
    Writer w(160);
    w.u8(1);
    op.encode(w);
    return Op{static_cast<uint16_t>(CampaignTag::create), w.take()};
}

Op encode_campaign_subscribe(const CampaignSubscribeOp& op) {
    Writer w(48);
    w.u8(1);
    w.fixed_bytes(op.id);
    w.str(op.currency);
    w.u64(op.amount);
    return Op{static_cast<uint16_t>(CampaignTag::subscribe), w.take()};
}

Op encode_campaign_withdraw(const CampaignWithdrawOp& op) {
    Writer w(24);
    w.u8(1);
    w.fixed_bytes(op.id);
    return Op{static_cast<uint16_t>(CampaignTag::withdraw), w.take()};
}

Op encode_campaign_close(const CampaignPageOp& op) {
    return page_op(CampaignTag::close, op);
}
Op encode_campaign_settle(const CampaignPageOp& op) {
    return page_op(CampaignTag::settle, op);
}

std::unique_ptr<Instrument> make_campaign_instrument() {
    return std::make_unique<CampaignInstrument>();
}

}  // namespace folio::contracts
