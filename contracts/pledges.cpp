#include "contracts/pledges.h"

#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "chain/crypto/bech32m.h"
#include "contracts/asset_lookup.h"
#include "contracts/id_list.h"

namespace folio::contracts {
namespace {

constexpr std::string_view kPledgeName = "pledge";
constexpr std::string_view kReleaseName = "pledge_release";
constexpr std::string_view kEnforceName = "pledge_enforce";

constexpr OpField kPledgeFields[] = {
    {"asset", OpFieldKind::symbol, true, "The asset pledged."},
    {"amount", OpFieldKind::amount, true, "Units pledged, out of the holder's available units."},
    {"beneficiary", OpFieldKind::address, true, "The account the units are pledged to; it signs the tx too."},
    {"doc_hash", OpFieldKind::hex32, true, "Hash of the signed pledge agreement."},
};
constexpr OpField kReleaseFields[] = {
    {"id", OpFieldKind::text, true, "The pledge's id (32 hex).", {}, {}, 32},
};
constexpr OpField kEnforceFields[] = {
    {"id", OpFieldKind::text, true, "The pledge's id (32 hex).", {}, {}, 32},
    {"legal_ref", OpFieldKind::hex32, true, "Hash of the decision or notice the enforcement rests on."},
};
constexpr Reason kPledgeReasons[] = {Reason::BAD_AMOUNT,    Reason::INVALID_ARGUMENT, Reason::UNKNOWN_ASSET,
                                     Reason::UNKNOWN_ACCOUNT, Reason::PLEDGED,        Reason::INSUFFICIENT_BALANCE,
                                     Reason::TOO_LARGE};
constexpr Reason kReleaseReasons[] = {Reason::UNKNOWN_ID, Reason::NOT_AUTHORIZED, Reason::NOT_PENDING};
constexpr Reason kEnforceReasons[] = {Reason::UNKNOWN_ID, Reason::NOT_AUTHORIZED, Reason::NOT_PENDING,
                                      Reason::KYC_REQUIRED, Reason::POLICY_REFUSED};

constexpr OpShape kPledgeShape{kPledgeName, "Pledges units of the signer's holding to a beneficiary.", kPledgeFields,
                               "the holder and the beneficiary", false, kPledgeReasons};
constexpr OpShape kReleaseShape{kReleaseName, "Ends a pledge: its units are unlocked for the holder.",
                                kReleaseFields, "the pledge's beneficiary", false, kReleaseReasons};
constexpr OpShape kEnforceShape{kEnforceName, "Enforces a pledge: its units move to the beneficiary.", kEnforceFields,
                                "registrar", true, kEnforceReasons};

constexpr std::string_view kStatusNames[] = {"active", "released", "enforced"};

Error invalid(std::string message) { return make_error(Reason::INVALID_ARGUMENT, std::move(message)); }

struct EndOp {
    InstrumentId id{};
    Hash256 legal_ref{};  // enforce only
};

Status decode_pledge(const Op& op, PledgeOp& out) {
    Reader r(op.payload);
    PledgeOp p;
    if (!(r.version("pledge version", 1) && r.str("asset", kMaxSymbolLength, p.asset) && r.u64("amount", p.amount) &&
          r.fixed_bytes("beneficiary", p.beneficiary) && r.fixed_bytes("doc_hash", p.doc_hash) && r.finish())) {
        return make_error(Reason::DECODE_ERROR, r.error());
    }
    if (p.amount == 0) return make_error(Reason::DECODE_ERROR, "amount: must be positive");
    out = std::move(p);
    return Status();
}

Status decode_end(const Op& op, EndOp& out) {
    Reader r(op.payload);
    EndOp p;
    const bool enforce = op.tag == kPledgeEnforceTag;
    if (!(r.version(enforce ? "pledge_enforce version" : "pledge_release version", 1) && r.fixed_bytes("id", p.id) &&
          (!enforce || r.fixed_bytes("legal_ref", p.legal_ref)) && r.finish())) {
        return make_error(Reason::DECODE_ERROR, r.error());
    }
    out = p;
    return Status();
}

// Sized first and copied into: g++ 12 warns falsely (-Warray-bounds) on inserting into a two-byte vector.
template <size_t N>
Bytes key_of(uint8_t tag, const std::array<uint8_t, N>& tail) {
    Bytes k(2 + N);
    k[0] = kPledgePrefix;
    k[1] = tag;
    std::copy(tail.begin(), tail.end(), k.begin() + 2);
    return k;
}

Bytes pledge_key(const InstrumentId& id) { return key_of('p', id); }
Bytes account_stem(uint8_t tag, const AccountId& account) { return key_of(tag, account); }

bool read_pledge(const StateView& view, const InstrumentId& id, PledgeRecord& out) {
    Bytes data;
    if (!view.get(pledge_key(id), data)) return false;
    if (!PledgeRecord::decode(data, out)) std::abort();  // only this instrument writes it
    return true;
}

// The units of `account` under active pledges of `asset`, from its lock records.
Amount pledged_units(const StateView& view, AssetId asset, const AccountId& account) {
    Amount sum = 0;
    for (const LockEntry& e : read_locks(view, asset, account).entries) {
        if (e.kind == kPledgeLockKind) sum += e.amount;  // Σ locks = Balance.locked: no overflow
    }
    return sum;
}

class PledgesInstrument final : public Instrument {
public:
    PledgesInstrument();

    uint8_t state_prefix() const override { return kPledgePrefix; }
    bool owns(uint16_t tag) const override {
        return tag == kPledgeTag || tag == kPledgeReleaseTag || tag == kPledgeEnforceTag;
    }
    std::string_view op_name(uint16_t tag) const override {
        switch (tag) {
            case kPledgeTag: return kPledgeName;
            case kPledgeReleaseTag: return kReleaseName;
            case kPledgeEnforceTag: return kEnforceName;
            default: return {};
        }
    }
    Status check_op(const Op& op) const override {
        if (op.tag == kPledgeTag) {
            PledgeOp p;
            return decode_pledge(op, p);
        }
        if (op.tag == kPledgeReleaseTag || op.tag == kPledgeEnforceTag) {
            EndOp p;
            return decode_end(op, p);
        }
        return make_error(Reason::UNKNOWN_OP, "not a pledge op");
    }
    uint64_t weight(const Op&) const override { return 1; }
    // The beneficiary accepts the pledge by signing it.
    std::vector<AccountId> required_signers(const Op& op) const override {
        PledgeOp p;
        if (op.tag != kPledgeTag || !decode_pledge(op, p)) return {};
        return {p.beneficiary};
    }
    Status apply(const Op& op, OpContext& ctx) const override {
        if (op.tag == kPledgeTag) return apply_pledge(op, ctx);
        if (op.tag == kPledgeReleaseTag || op.tag == kPledgeEnforceTag) return apply_end(op, ctx);
        return make_error(Reason::UNKNOWN_OP, "not a pledge op");
    }
    // Pledged units are locked: the core refuses to move them, so no extra rule is needed here.
    Status check_transfer(const TransferCheck&, const StateView&, const BlockContext&) const override {
        return Status();
    }
    bool owns_name(std::string_view name) const override {
        return name == kPledgeName || name == kReleaseName || name == kEnforceName;
    }
    Result<Op> op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const override;
    std::vector<InstrumentOpInfo> ops() const override {
        return {InstrumentOpInfo{kPledgeTag, &kPledgeShape}, InstrumentOpInfo{kPledgeReleaseTag, &kReleaseShape},
                InstrumentOpInfo{kPledgeEnforceTag, &kEnforceShape}};
    }
    std::vector<const InstrumentQuery*> queries() const override { return {&list_query_}; }

private:
    static Status apply_pledge(const Op& op, OpContext& ctx);
    static Status apply_end(const Op& op, OpContext& ctx);

    InstrumentQuery list_query_;
};

Status PledgesInstrument::apply_pledge(const Op& op, OpContext& ctx) {
    PledgeOp p;
    if (Status s = decode_pledge(op, p); !s) return s;
    Asset asset;
    if (Status s = find_asset(ctx, p.asset, asset); !s) return s;
    if (p.beneficiary == ctx.signer()) return invalid("beneficiary: a holder cannot pledge to itself");
    Account beneficiary;
    if (!read_account(ctx, p.beneficiary, beneficiary))
        return make_error(Reason::UNKNOWN_ACCOUNT, "beneficiary: no such account");
    Balance held;
    read_balance(ctx, asset.id, ctx.signer(), held);
    if (held.available() < p.amount && held.available() + pledged_units(ctx, asset.id, ctx.signer()) >= p.amount)
        return make_error(Reason::PLEDGED, "the units asked for are already pledged");
    const InstrumentId id = ctx.new_id();
    if (Status s = ctx.lock(kPledgeLockKind, id, p.asset, ctx.signer(), p.amount); !s) return s;
    PledgeRecord rec;
    rec.asset = asset.id;
    rec.pledger = ctx.signer();
    rec.beneficiary = p.beneficiary;
    rec.amount = p.amount;
    rec.doc_hash = p.doc_hash;
    rec.created_height = ctx.block().height;
    if (Status s = ctx.put(pledge_key(id), rec.encode()); !s) return s;
    if (Status s = id_list_append(ctx, account_stem('a', rec.pledger), id); !s) return s;
    if (Status s = id_list_append(ctx, account_stem('b', rec.beneficiary), id); !s) return s;
    ctx.touch(rec.beneficiary);
    return ctx.emit(Event{"pledge", asset.id, id, {rec.pledger, rec.beneficiary}, {rec.amount}});
}

Status PledgesInstrument::apply_end(const Op& op, OpContext& ctx) {
    EndOp p;
    if (Status s = decode_end(op, p); !s) return s;
    const bool enforce = op.tag == kPledgeEnforceTag;
    PledgeRecord rec;
    if (!read_pledge(ctx, p.id, rec)) return make_error(Reason::UNKNOWN_ID, "no pledge " + instrument_id_hex(p.id));
    if (enforce) {
        Account signer;
        if (!read_account(ctx, ctx.signer(), signer) || !signer.has_role(Role::registrar))
            return make_error(Reason::NOT_AUTHORIZED, "only the registrar enforces a pledge");
    } else if (ctx.signer() != rec.beneficiary) {
        return make_error(Reason::NOT_AUTHORIZED, "only the pledge's beneficiary releases it");
    }
    if (rec.status != PledgeStatus::active) return make_error(Reason::NOT_PENDING, "the pledge has already ended");
    Asset asset;
    if (!read_asset(ctx, rec.asset, asset)) return make_error(Reason::INTERNAL, "the pledge's asset is gone");
    if (enforce) {
        if (Status s = ctx.move_locked(kPledgeLockKind, p.id, asset.symbol, rec.pledger, rec.beneficiary, rec.amount);
            !s) {
            return s;
        }
    } else if (Status s = ctx.unlock(kPledgeLockKind, p.id, asset.symbol, rec.pledger, rec.amount); !s) {
        return s;
    }
    rec.status = enforce ? PledgeStatus::enforced : PledgeStatus::released;
    rec.ended_height = ctx.block().height;
    rec.legal_ref = p.legal_ref;
    if (Status s = ctx.put(pledge_key(p.id), rec.encode()); !s) return s;
    ctx.touch(rec.pledger);
    ctx.touch(rec.beneficiary);
    return ctx.emit(Event{enforce ? "pledge_enforce" : "pledge_release", asset.id, p.id,
                          {rec.pledger, rec.beneficiary}, {rec.amount}});
}

Status address_field(const nlohmann::json& j, const char* field, AccountId& out) {
    auto id = crypto::decode_address(j.at(field).get<std::string>());
    if (!id) return make_error(Reason::BAD_ADDRESS, std::string(field) + ": not a folio address");
    out = *id;
    return Status();
}

Result<Op> PledgesInstrument::op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const {
    const std::string name = j.value("op", std::string());
    if (name == kPledgeName) {
        if (Status s = check_op_fields(j, kPledgeShape); !s) return s.error();
        PledgeOp p;
        p.asset = j.at("asset").get<std::string>();
        const auto d = decimals(p.asset);
        if (!d) return make_error(Reason::UNKNOWN_ASSET, "asset: no asset " + p.asset);
        if (!parse_amount(j.at("amount").get<std::string>(), *d, p.amount) || p.amount == 0)
            return make_error(Reason::BAD_AMOUNT, "amount: not a positive decimal with at most the asset's decimals");
        if (Status s = address_field(j, "beneficiary", p.beneficiary); !s) return s.error();
        if (!from_hex_fixed(j.at("doc_hash").get<std::string>(), p.doc_hash)) return invalid("doc_hash: not 64 hex");
        return encode_pledge(p);
    }
    if (name == kReleaseName || name == kEnforceName) {
        if (Status s = check_op_fields(j, name == kReleaseName ? kReleaseShape : kEnforceShape); !s) return s.error();
        InstrumentId id;
        if (!parse_instrument_id(j.at("id").get<std::string>(), id)) return invalid("id: not 32 lowercase hex");
        if (name == kReleaseName) return encode_pledge_release(id);
        Hash256 legal_ref;
        if (!from_hex_fixed(j.at("legal_ref").get<std::string>(), legal_ref)) return invalid("legal_ref: not 64 hex");
        return encode_pledge_enforce(id, legal_ref);
    }
    return make_error(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
}

Status PledgesInstrument::op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const {
    if (op.tag == kPledgeTag) {
        PledgeOp p;
        if (Status s = decode_pledge(op, p); !s) return s;
        // Without the asset's decimals (an offline wallet) the amount is shown in base units, as core ops do.
        const std::optional<uint8_t> d = decimals ? decimals(p.asset) : std::nullopt;
        out = nlohmann::json{{"op", kPledgeName},
                             {"asset", p.asset},
                             {"amount", format_amount(p.amount, d.value_or(0))},
                             {"beneficiary", crypto::encode_address(p.beneficiary)},
                             {"doc_hash", to_hex(p.doc_hash)}};
        return Status();
    }
    EndOp p;
    if (Status s = decode_end(op, p); !s) return s;
    out = nlohmann::json{{"op", op_name(op.tag)}, {"id", instrument_id_hex(p.id)}};
    if (op.tag == kPledgeEnforceTag) out["legal_ref"] = to_hex(p.legal_ref);
    return Status();
}

nlohmann::json pledge_json(const PledgeRecord& rec, const InstrumentId& id, const Asset& asset) {
    nlohmann::json j = {{"id", instrument_id_hex(id)},
                        {"asset", asset.symbol},
                        {"account", crypto::encode_address(rec.pledger)},
                        {"beneficiary", crypto::encode_address(rec.beneficiary)},
                        {"amount", format_amount(rec.amount, asset.decimals)},
                        {"doc_hash", to_hex(rec.doc_hash)},
                        {"created_height", rec.created_height},
                        {"status", kStatusNames[static_cast<size_t>(rec.status) - 1]}};
    if (rec.status != PledgeStatus::active) j["ended_height"] = rec.ended_height;
    if (rec.status == PledgeStatus::enforced) j["legal_ref"] = to_hex(rec.legal_ref);
    return j;
}

PledgesInstrument::PledgesInstrument() {
    list_query_.name = "pledge_list";
    list_query_.summary =
        "Pledges given by an account or made to a beneficiary (active and ended), in the order they were made.";
    list_query_.params =
        R"([{"name":"account","required":false,"description":"The pledging holder (folio1...).",)"
        R"("schema":{"type":"string"}},)"
        R"({"name":"beneficiary","required":false,"description":"The beneficiary (folio1...); with account: )"
        R"(that holder's pledges to it.","schema":{"type":"string"}},)"
        R"({"name":"start","required":false,"description":"Index of the first pledge (0-based; default 0).",)"
        R"("schema":{"type":"integer","minimum":0}},)"
        R"({"name":"limit","required":false,"description":"Most pledges read (1..100; default 100).",)"
        R"("schema":{"type":"integer","minimum":1,"maximum":100}}])";
    list_query_.result_schema =
        R"({"type":"object","properties":{"pledges":{"type":"array","items":{"type":"object"}},)"
        R"("total":{"type":"integer"},"next":{"type":["integer","null"]},"height":{"type":"integer"}}})";
    list_query_.errors = {Reason::INVALID_ARGUMENT, Reason::BAD_ADDRESS};
    list_query_.example_params = nlohmann::json{{"beneficiary", crypto::encode_address(AccountId{})}}.dump();
    list_query_.example_result = R"({"pledges":[],"total":0,"next":null,"height":42})";
    list_query_.handler = [](const QueryContext& ctx, const nlohmann::json& params) -> Result<nlohmann::json> {
        std::optional<AccountId> account, beneficiary;
        for (auto [field, out] : {std::pair{"account", &account}, std::pair{"beneficiary", &beneficiary}}) {
            if (!params.contains(field)) continue;
            auto id = crypto::decode_address(params.value(field, std::string()));
            if (!id) return make_error(Reason::BAD_ADDRESS, std::string(field) + ": not a folio address");
            *out = *id;
        }
        if (!account && !beneficiary) return invalid("give account, beneficiary or both");
        // The holder's list when given (filtered by beneficiary if both), else the beneficiary's.
        const Bytes stem = account ? account_stem('a', *account) : account_stem('b', *beneficiary);
        return id_list_query_page(
            ctx, stem, params, kMaxPledgeListLimit, "pledges",
            [&](const InstrumentId& id) -> std::optional<nlohmann::json> {
                PledgeRecord rec;
                Asset asset;
                if (!read_pledge(ctx.state, id, rec) || !read_asset(ctx.state, rec.asset, asset)) std::abort();
                if (account && beneficiary && rec.beneficiary != *beneficiary) return std::nullopt;
                return pledge_json(rec, id, asset);
            });
    };
}

}  // namespace

Bytes PledgeRecord::encode() const {
    Writer w(200);
    w.u8(1);
    w.u32(asset);
    w.fixed_bytes(pledger);
    w.fixed_bytes(beneficiary);
    w.u64(amount);
    w.fixed_bytes(doc_hash);
    w.u64(created_height);
    w.u8(static_cast<uint8_t>(status));
    w.u64(ended_height);
    w.fixed_bytes(legal_ref);
    return w.take();
}

bool PledgeRecord::decode(ByteView data, PledgeRecord& out) {
    Reader r(data);
    PledgeRecord p;
    uint8_t status = 0;
    if (!(r.version("pledge record version", 1) && r.u32("asset", p.asset) && r.fixed_bytes("pledger", p.pledger) &&
          r.fixed_bytes("beneficiary", p.beneficiary) && r.u64("amount", p.amount) &&
          r.fixed_bytes("doc_hash", p.doc_hash) && r.u64("created_height", p.created_height) &&
          r.u8("status", status) && r.u64("ended_height", p.ended_height) && r.fixed_bytes("legal_ref", p.legal_ref) &&
          r.finish())) {
        return false;
    }
    if (status < 1 || status > 3) return false;
    p.status = static_cast<PledgeStatus>(status);
    out = p;
    return true;
}

Op encode_pledge(const PledgeOp& p) {
    Writer w(96);
    w.u8(1);
    w.str(p.asset);
    w.u64(p.amount);
    w.fixed_bytes(p.beneficiary);
    w.fixed_bytes(p.doc_hash);
    return Op{kPledgeTag, w.take()};
}

Op encode_pledge_release(const InstrumentId& id) {
    Writer w(20);
    w.u8(1);
    w.fixed_bytes(id);
    return Op{kPledgeReleaseTag, w.take()};
}

Op encode_pledge_enforce(const InstrumentId& id, const Hash256& legal_ref) {
    Writer w(52);
    w.u8(1);
    w.fixed_bytes(id);
    w.fixed_bytes(legal_ref);
    return Op{kPledgeEnforceTag, w.take()};
}

std::unique_ptr<Instrument> make_pledges_instrument() { return std::make_unique<PledgesInstrument>(); }

}  // namespace folio::contracts
