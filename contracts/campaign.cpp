#include "contracts/campaign.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "contracts/campaign_ops.h"
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
                return apply_campaign_create(o, ctx);
            }
            case CampaignTag::subscribe: {
                CampaignSubscribeOp o;
                if (Status s = decode_subscribe(op.payload, o); !s) return s;
                return apply_campaign_subscribe(o, ctx);
            }
            case CampaignTag::withdraw: {
                CampaignWithdrawOp o;
                if (Status s = decode_withdraw(op.payload, o); !s) return s;
                return apply_campaign_withdraw(o, ctx);
            }
            case CampaignTag::close:
            case CampaignTag::settle: {
                CampaignPageOp o;
                if (Status s = decode_page(op.payload, o); !s) return s;
                return static_cast<CampaignTag>(op.tag) == CampaignTag::close ? apply_campaign_close(o, ctx)
                                                                              : apply_campaign_settle(o, ctx);
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
