#include "contracts/campaign_ops.h"

#include "contracts/minibond_state.h"

namespace folio::contracts {
namespace {

Error refuse(Reason reason, std::string message) {
    return make_error(reason, std::move(message));
}

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

}  // namespace

Status apply_campaign_create(const CampaignCreateOp& op, OpContext& ctx) {
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
        // A loan campaign sells bonds whose repayment is fixed before anyone subscribes: investors subscribe
        // to a known amortization table (docs/instruments.md, "Campaigns").
        if (asset.asset_class == AssetClass::minibond && !minibond_state::read_terms(ctx, asset.id)) {
            return refuse(Reason::INVALID_ARGUMENT, "asset: " + op.asset +
                                                        " is a minibond without terms: its issuer sets them "
                                                        "(minibond_terms) before opening its loan campaign");
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

namespace {

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

}  // namespace

Status apply_campaign_subscribe(const CampaignSubscribeOp& op, OpContext& ctx) {
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

Status apply_campaign_withdraw(const CampaignWithdrawOp& op, OpContext& ctx) {
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

namespace {

// A mint refused for a reason that waiting cannot cure: the supply was taken by another campaign or a direct
// issue, the holder limit was reached, the asset's KYC level was raised, a minibond's table was fixed. The
// subscriber is refunded instead, so that a campaign never stays unsettled with investors' funds in escrow.
// A frozen account or asset, or an expired KYC, can be cured (unfreeze, renewal): the page fails and waits.
bool mint_refused_for_good(Reason reason) {
    return reason == Reason::SUPPLY_CAP || reason == Reason::POLICY_REFUSED || reason == Reason::KYC_REQUIRED ||
           reason == Reason::TERMS_LOCKED;
}

Status refund(const InstrumentId& id, const Campaign& c, AssetId currency, const Subscription& sub,
              OpContext& ctx) {
    if (Status s = ctx.escrow_out(c.terms.currency, sub.account, sub.amount); !s) return s;
    return emit(ctx, "campaign_refund", currency, id, sub.account, {sub.amount});
}

// One page of settlement: slots [cursor, cursor + limit). Success mints each subscriber's units and releases
// the page's funds to the issuer in one movement; failure refunds each subscriber its amount.
Status settle_page(const InstrumentId& id, Campaign& c, uint32_t limit, OpContext& ctx) {
    const bool success = c.status == CampaignStatus::succeeded;
    const AssetId currency = asset_id_of(ctx, c.terms.currency);
    const AssetId asset = c.terms.asset.empty() ? 0 : asset_id_of(ctx, c.terms.asset);
    const uint32_t end = c.subscribers - c.cursor > limit ? c.cursor + limit : c.subscribers;
    Amount page_total = 0;
    Amount released = 0;
    for (uint32_t slot = c.cursor; slot < end; ++slot) {
        const Subscription sub = read_subscription(ctx, id, slot).value();
        page_total += sub.amount;  // <= raised
        if (!success) {
            if (Status s = refund(id, c, currency, sub, ctx); !s) return s;
            continue;
        }
        if (!c.terms.asset.empty()) {
            const Amount units = sub.amount / c.terms.price;
            // A refused mint writes nothing (the core checks every rule before it writes).
            if (Status s = ctx.mint(c.terms.asset, sub.account, units); !s) {
                if (!mint_refused_for_good(s.error().reason)) return s;
                if (Status r = refund(id, c, currency, sub, ctx); !r) return r;
                continue;
            }
            if (Status s = emit(ctx, "campaign_mint", asset, id, sub.account, {units}); !s) return s;
        }
        released += sub.amount;
    }
    if (released > 0) {
        if (Status s = ctx.escrow_out(c.terms.currency, c.issuer, released); !s) return s;
        if (Status s = emit(ctx, "campaign_release", currency, id, c.issuer, {released}); !s) return s;
    }
    c.cursor = end;
    c.settled += page_total;
    return store_campaign(ctx, id, c);
}

}  // namespace

Status apply_campaign_close(const CampaignPageOp& op, OpContext& ctx) {
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

Status apply_campaign_settle(const CampaignPageOp& op, OpContext& ctx) {
    Campaign c;
    if (Status s = load_campaign(ctx, op.id, c); !s) return s;
    if (c.status == CampaignStatus::open)
        return refuse(Reason::CAMPAIGN_OPEN, "the campaign is not closed yet");
    if (c.settlement_done()) return refuse(Reason::CAMPAIGN_CLOSED, "the campaign is settled");
    return settle_page(op.id, c, op.limit, ctx);
}

}  // namespace folio::contracts
