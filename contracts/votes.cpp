#include "contracts/votes.h"

#include <array>
#include <nlohmann/json.hpp>

#include "chain/bytes.h"
#include "contracts/asset_lookup.h"
#include "contracts/id_list.h"

namespace folio::contracts {
namespace {

constexpr std::string_view kCreateName = "vote_create";
constexpr std::string_view kCastName = "vote_cast";
constexpr std::array<std::string_view, 2> kWeightingNames = {"units", "holders"};

constexpr OpField kCreateFields[] = {
    {"asset", OpFieldKind::symbol, true, "The asset whose holders vote."},
    {"question_hash", OpFieldKind::hex32, true, "Hash of the question and its options as published to holders."},
    {"options", OpFieldKind::unsigned_integer, true, "Number of options, numbered 1..options (at least 2).", {}, {},
     kMaxVoteOptions},
    {"snapshot_height", OpFieldKind::unsigned_integer, true,
     "Height whose holdings give the weights; below the creating block."},
    {"close_height", OpFieldKind::unsigned_integer, true,
     "Last height at which a ballot is accepted; above the creating block."},
    {"weighting", OpFieldKind::name, true, "units: one vote per unit held at the snapshot; holders: one per holder.",
     {}, {}, 0, kWeightingNames},
    {"quorum_bps", OpFieldKind::unsigned_integer, true,
     "Turnout needed, in basis points of the total weight at the snapshot.", {}, "basis points", kBpsDenominator},
    {"majority_bps", OpFieldKind::unsigned_integer, true,
     "Share of the cast weight the leading option needs, in basis points (at least 1).", {}, "basis points",
     kBpsDenominator},
};
constexpr OpField kCastFields[] = {
    {"id", OpFieldKind::text, true, "The vote's id (32 hex), as vote_create's tx_build returned it.", {}, {}, 32},
    {"option", OpFieldKind::unsigned_integer, true, "The option chosen, 1..options.", {}, {}, kMaxVoteOptions},
};
constexpr Reason kCreateReasons[] = {Reason::INVALID_ARGUMENT, Reason::UNKNOWN_ASSET, Reason::NOT_AUTHORIZED,
                                     Reason::HEIGHT_NOT_REACHED, Reason::NO_VOTING_WEIGHT};
constexpr Reason kCastReasons[] = {Reason::INVALID_ARGUMENT, Reason::UNKNOWN_ID, Reason::VOTE_CLOSED,
                                   Reason::ALREADY_VOTED, Reason::NO_VOTING_WEIGHT};

constexpr OpShape kCreateShape{kCreateName, "Opens a holder vote on an asset.", kCreateFields, "issuer of the asset",
                               true, kCreateReasons};
constexpr OpShape kCastShape{kCastName, "Casts the signer's one ballot in a holder vote.", kCastFields,
                             "a holder at the vote's snapshot", false, kCastReasons};

Error invalid(std::string message) { return make_error(Reason::INVALID_ARGUMENT, std::move(message)); }

// Bounds a payload's decoder enforces and a JSON op must meet too, so both paths refuse the same ops.
Status check_create_bounds(const VoteCreateOp& op) {
    if (op.options < 2 || op.options > kMaxVoteOptions)
        return invalid("options: must be 2.." + std::to_string(kMaxVoteOptions));
    if (op.weighting != VoteWeighting::units && op.weighting != VoteWeighting::holders)
        return invalid("weighting: unknown");
    if (op.quorum_bps > kBpsDenominator) return invalid("quorum_bps: at most 10000");
    if (op.majority_bps == 0 || op.majority_bps > kBpsDenominator) return invalid("majority_bps: must be 1..10000");
    if (op.close_height <= op.snapshot_height) return invalid("close_height: must be above snapshot_height");
    return Status();
}

Status check_cast_bounds(const VoteCastOp& op) {
    if (op.option < 1 || op.option > kMaxVoteOptions)
        return invalid("option: must be 1.." + std::to_string(kMaxVoteOptions));
    return Status();
}

Status decode_create(const Op& op, VoteCreateOp& out) {
    Reader r(op.payload);
    VoteCreateOp p;
    uint8_t weighting = 0;
    if (!(r.version("vote_create version", 1) && r.str("asset", kMaxSymbolLength, p.asset) &&
          r.fixed_bytes("question_hash", p.question_hash) && r.u8("options", p.options) &&
          r.u64("snapshot_height", p.snapshot_height) && r.u64("close_height", p.close_height) &&
          r.u8("weighting", weighting) && r.u16("quorum_bps", p.quorum_bps) && r.u16("majority_bps", p.majority_bps) &&
          r.finish())) {
        return make_error(Reason::DECODE_ERROR, r.error());
    }
    p.weighting = static_cast<VoteWeighting>(weighting);
    if (Status s = check_create_bounds(p); !s) return make_error(Reason::DECODE_ERROR, s.error().message);
    out = std::move(p);
    return Status();
}

Status decode_cast(const Op& op, VoteCastOp& out) {
    Reader r(op.payload);
    VoteCastOp p;
    if (!(r.version("vote_cast version", 1) && r.fixed_bytes("id", p.id) && r.u8("option", p.option) && r.finish())) {
        return make_error(Reason::DECODE_ERROR, r.error());
    }
    if (Status s = check_cast_bounds(p); !s) return make_error(Reason::DECODE_ERROR, s.error().message);
    out = p;
    return Status();
}

Bytes vote_key(const InstrumentId& id) {
    Bytes k{kVotePrefix, 'v'};
    k.insert(k.end(), id.begin(), id.end());
    return k;
}

Bytes ballot_key(const InstrumentId& id, const AccountId& account) {
    Bytes k{kVotePrefix, 'b'};
    k.insert(k.end(), id.begin(), id.end());
    k.insert(k.end(), account.begin(), account.end());
    return k;
}

Bytes asset_votes_stem(AssetId asset) {
    Bytes k{kVotePrefix, 'l'};
    append_be32(k, asset);
    return k;
}

// A record only this instrument writes: one that does not decode is a bug, as read_balance treats it.
bool read_vote(const StateView& view, const InstrumentId& id, VoteRecord& out) {
    Bytes data;
    if (!view.get(vote_key(id), data)) return false;
    if (!VoteRecord::decode(data, out)) std::abort();
    return true;
}

// a * b >= c * d without overflow (weights are u64, basis points at most 10000).
bool product_at_least(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    return static_cast<unsigned __int128>(a) * b >= static_cast<unsigned __int128>(c) * d;
}

class VotesInstrument final : public Instrument {
public:
    VotesInstrument();

    uint8_t state_prefix() const override { return kVotePrefix; }
    bool owns(uint16_t tag) const override { return tag == kVoteCreateTag || tag == kVoteCastTag; }
    std::string_view op_name(uint16_t tag) const override {
        return tag == kVoteCreateTag ? kCreateName : tag == kVoteCastTag ? kCastName : std::string_view();
    }
    Status check_op(const Op& op) const override {
        if (op.tag == kVoteCreateTag) {
            VoteCreateOp p;
            return decode_create(op, p);
        }
        if (op.tag == kVoteCastTag) {
            VoteCastOp p;
            return decode_cast(op, p);
        }
        return make_error(Reason::UNKNOWN_OP, "not a vote op");
    }
    uint64_t weight(const Op&) const override { return 1; }
    std::vector<AccountId> required_signers(const Op&) const override { return {}; }
    Status apply(const Op& op, OpContext& ctx) const override {
        if (op.tag == kVoteCreateTag) return apply_create(op, ctx);
        if (op.tag == kVoteCastTag) return apply_cast(op, ctx);
        return make_error(Reason::UNKNOWN_OP, "not a vote op");
    }
    Status check_transfer(const TransferCheck&, const StateView&, const BlockContext&) const override {
        return Status();  // a vote never restricts transfers: weights come from the snapshot
    }
    bool owns_name(std::string_view name) const override { return name == kCreateName || name == kCastName; }
    Result<Op> op_from_json(const nlohmann::json& j, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const override;
    std::vector<InstrumentOpInfo> ops() const override {
        return {InstrumentOpInfo{kVoteCreateTag, &kCreateShape}, InstrumentOpInfo{kVoteCastTag, &kCastShape}};
    }
    std::vector<const InstrumentQuery*> queries() const override { return {&tally_query_, &list_query_}; }

private:
    static Status apply_create(const Op& op, OpContext& ctx);
    static Status apply_cast(const Op& op, OpContext& ctx);

    InstrumentQuery tally_query_;
    InstrumentQuery list_query_;
};

Status VotesInstrument::apply_create(const Op& op, OpContext& ctx) {
    VoteCreateOp p;
    if (Status s = decode_create(op, p); !s) return s;
    Asset asset;
    if (Status s = find_asset(ctx, p.asset, asset); !s) return s;
    Bytes unused;
    if (asset.issuer != ctx.signer() && !ctx.get(state_key::asset_issuer(asset.id, ctx.signer()), unused))
        return make_error(Reason::NOT_AUTHORIZED, "only the issuer of " + p.asset + " may open a vote on it");
    const Height height = ctx.block().height;
    if (p.snapshot_height >= height)
        return make_error(Reason::HEIGHT_NOT_REACHED, "snapshot_height must be below the creating block's height " +
                                                          std::to_string(height));
    if (p.close_height <= height)
        return invalid("close_height must be above the creating block's height " + std::to_string(height));
    auto then = ctx.asset_at(asset.id, p.snapshot_height);
    if (!then) return then.error();
    uint64_t total = 0;
    if (*then) total = p.weighting == VoteWeighting::units ? (*then)->supply - (*then)->escrow : (*then)->holders;
    if (total == 0)
        return make_error(Reason::NO_VOTING_WEIGHT, "no units of " + p.asset + " were held at the snapshot height");

    VoteRecord vote;
    vote.asset = asset.id;
    vote.question_hash = p.question_hash;
    vote.options = p.options;
    vote.snapshot_height = p.snapshot_height;
    vote.close_height = p.close_height;
    vote.weighting = p.weighting;
    vote.quorum_bps = p.quorum_bps;
    vote.majority_bps = p.majority_bps;
    vote.total_weight = total;
    vote.created_height = height;
    vote.tally.assign(p.options, 0);
    const InstrumentId id = ctx.new_id();
    if (Status s = ctx.put(vote_key(id), vote.encode()); !s) return s;
    if (Status s = id_list_append(ctx, asset_votes_stem(asset.id), id); !s) return s;
    return ctx.emit(Event{"vote_open", asset.id, id, {ctx.signer()}, {p.options, p.close_height, total}});
}

Status VotesInstrument::apply_cast(const Op& op, OpContext& ctx) {
    VoteCastOp p;
    if (Status s = decode_cast(op, p); !s) return s;
    VoteRecord vote;
    if (!read_vote(ctx, p.id, vote)) return make_error(Reason::UNKNOWN_ID, "no vote " + instrument_id_hex(p.id));
    if (ctx.block().height > vote.close_height)
        return make_error(Reason::VOTE_CLOSED, "the vote closed at height " + std::to_string(vote.close_height));
    if (p.option > vote.options) return invalid("option: the vote has " + std::to_string(vote.options) + " options");
    Bytes unused;
    if (ctx.get(ballot_key(p.id, ctx.signer()), unused))
        return make_error(Reason::ALREADY_VOTED, "the account has already voted");
    auto held = ctx.balance_at(vote.asset, ctx.signer(), vote.snapshot_height);
    if (!held) return held.error();
    if (held->amount == 0)
        return make_error(Reason::NO_VOTING_WEIGHT, "the account held no units at height " +
                                                        std::to_string(vote.snapshot_height));
    const uint64_t weight = vote.weighting == VoteWeighting::units ? held->amount : 1;
    // Ballots sum to at most the units (or holders) at the snapshot, so these never overflow; checked anyway.
    uint64_t& option_weight = vote.tally[p.option - 1];
    if (option_weight > UINT64_MAX - weight || vote.cast_weight > UINT64_MAX - weight)
        return make_error(Reason::OVERFLOW, "vote tally overflows");
    option_weight += weight;
    vote.cast_weight += weight;
    vote.voters += 1;
    Writer ballot(10);
    ballot.u8(1);
    ballot.u8(p.option);
    ballot.u64(weight);
    if (Status s = ctx.put(ballot_key(p.id, ctx.signer()), ballot.take()); !s) return s;
    if (Status s = ctx.put(vote_key(p.id), vote.encode()); !s) return s;
    return ctx.emit(Event{"vote_cast", vote.asset, p.id, {ctx.signer()}, {p.option, weight}});
}

Result<Op> VotesInstrument::op_from_json(const nlohmann::json& j, const DecimalsLookup&) const {
    const std::string name = j.value("op", std::string());
    if (name == kCreateName) {
        if (Status s = check_op_fields(j, kCreateShape); !s) return s.error();
        VoteCreateOp p;
        p.asset = j.at("asset").get<std::string>();
        if (!from_hex_fixed(j.at("question_hash").get<std::string>(), p.question_hash))
            return invalid("question_hash: not 64 hex");
        const uint64_t options = j.at("options").get<uint64_t>();
        const uint64_t quorum = j.at("quorum_bps").get<uint64_t>();
        const uint64_t majority = j.at("majority_bps").get<uint64_t>();
        if (options > kMaxVoteOptions) return invalid("options: must be 2.." + std::to_string(kMaxVoteOptions));
        if (quorum > kBpsDenominator) return invalid("quorum_bps: at most 10000");
        if (majority > kBpsDenominator) return invalid("majority_bps: must be 1..10000");
        p.options = static_cast<uint8_t>(options);
        p.quorum_bps = static_cast<uint16_t>(quorum);
        p.majority_bps = static_cast<uint16_t>(majority);
        p.snapshot_height = j.at("snapshot_height").get<uint64_t>();
        p.close_height = j.at("close_height").get<uint64_t>();
        const std::string weighting = j.at("weighting").get<std::string>();
        if (weighting != "units" && weighting != "holders") return invalid("weighting: must be units or holders");
        p.weighting = weighting == "units" ? VoteWeighting::units : VoteWeighting::holders;
        if (Status s = check_create_bounds(p); !s) return s.error();
        return encode_vote_create(p);
    }
    if (name == kCastName) {
        if (Status s = check_op_fields(j, kCastShape); !s) return s.error();
        VoteCastOp p;
        if (!parse_instrument_id(j.at("id").get<std::string>(), p.id)) return invalid("id: not 32 lowercase hex");
        const uint64_t option = j.at("option").get<uint64_t>();
        if (option > kMaxVoteOptions) return invalid("option: must be 1.." + std::to_string(kMaxVoteOptions));
        p.option = static_cast<uint8_t>(option);
        if (Status s = check_cast_bounds(p); !s) return s.error();
        return encode_vote_cast(p);
    }
    return make_error(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
}

Status VotesInstrument::op_to_json(const Op& op, const DecimalsLookup&, nlohmann::json& out) const {
    if (op.tag == kVoteCreateTag) {
        VoteCreateOp p;
        if (Status s = decode_create(op, p); !s) return s;
        out = nlohmann::json{{"op", kCreateName},
                             {"asset", p.asset},
                             {"question_hash", to_hex(p.question_hash)},
                             {"options", p.options},
                             {"snapshot_height", p.snapshot_height},
                             {"close_height", p.close_height},
                             {"weighting", kWeightingNames[static_cast<size_t>(p.weighting) - 1]},
                             {"quorum_bps", p.quorum_bps},
                             {"majority_bps", p.majority_bps}};
        return Status();
    }
    VoteCastOp p;
    if (Status s = decode_cast(op, p); !s) return s;
    out = nlohmann::json{{"op", kCastName}, {"id", instrument_id_hex(p.id)}, {"option", p.option}};
    return Status();
}

// A weight as the tally shows it: units in the asset's decimals, holders as a count.
std::string weight_text(const VoteRecord& vote, uint64_t weight, uint8_t decimals) {
    return vote.weighting == VoteWeighting::units ? format_amount(weight, decimals) : std::to_string(weight);
}

nlohmann::json tally_json(const VoteRecord& vote, const InstrumentId& id, const Asset& asset, Height height) {
    const VoteOutcome outcome = vote_outcome(vote, height);
    nlohmann::json options = nlohmann::json::array();
    for (uint64_t w : vote.tally) options.push_back(weight_text(vote, w, asset.decimals));
    return nlohmann::json{{"id", instrument_id_hex(id)},
                          {"asset", asset.symbol},
                          {"question_hash", to_hex(vote.question_hash)},
                          {"weighting", kWeightingNames[static_cast<size_t>(vote.weighting) - 1]},
                          {"snapshot_height", vote.snapshot_height},
                          {"close_height", vote.close_height},
                          {"quorum_bps", vote.quorum_bps},
                          {"majority_bps", vote.majority_bps},
                          {"options", options},
                          {"voters", vote.voters},
                          {"cast_weight", weight_text(vote, vote.cast_weight, asset.decimals)},
                          {"total_weight", weight_text(vote, vote.total_weight, asset.decimals)},
                          {"leading_option", outcome.leading_option},
                          {"quorum_reached", outcome.quorum_reached},
                          {"passed", outcome.passed},
                          {"closed", outcome.closed},
                          {"height", height}};
}

VotesInstrument::VotesInstrument() {
    tally_query_.name = "vote_tally";
    tally_query_.summary = "The tally of a holder vote: weight per option, voters, quorum, majority, closed.";
    tally_query_.params = R"([{"name":"id","required":true,"description":"The vote's id, 32 hex.",)"
                          R"("schema":{"type":"string","pattern":"^[0-9a-f]{32}$"}}])";
    tally_query_.result_schema =
        R"({"type":"object","properties":{"id":{"type":"string"},"asset":{"type":"string"},)"
        R"("options":{"type":"array","items":{"type":"string"}},"voters":{"type":"integer"},)"
        R"("cast_weight":{"type":"string"},"total_weight":{"type":"string"},"leading_option":{"type":"integer"},)"
        R"("quorum_reached":{"type":"boolean"},"passed":{"type":"boolean"},"closed":{"type":"boolean"},)"
        R"("height":{"type":"integer"}}})";
    tally_query_.errors = {Reason::INVALID_ARGUMENT, Reason::UNKNOWN_ID};
    tally_query_.example_params = R"({"id":"0123456789abcdef0123456789abcdef"})";
    tally_query_.example_result =
        R"({"id":"0123456789abcdef0123456789abcdef","asset":"ACME","question_hash":")" + std::string(64, 'a') +
        R"(","weighting":"units","snapshot_height":10,"close_height":100,"quorum_bps":5000,"majority_bps":5001,)"
        R"("options":["300","100","0"],"voters":3,"cast_weight":"400","total_weight":"600","leading_option":1,)"
        R"("quorum_reached":true,"passed":true,"closed":false,"height":42})";
    tally_query_.handler = [](const QueryContext& ctx, const nlohmann::json& params) -> Result<nlohmann::json> {
        InstrumentId id;
        if (!parse_instrument_id(params.value("id", std::string()), id)) return invalid("id: not 32 lowercase hex");
        VoteRecord vote;
        if (!read_vote(ctx.state, id, vote)) return make_error(Reason::UNKNOWN_ID, "no vote " + instrument_id_hex(id));
        Asset asset;
        if (!read_asset(ctx.state, vote.asset, asset)) return make_error(Reason::INTERNAL, "the vote's asset is gone");
        return tally_json(vote, id, asset, ctx.height);
    };

    list_query_.name = "vote_list";
    list_query_.summary = "The holder votes of an asset in creation order, each with its tally (paged).";
    list_query_.params =
        R"([{"name":"asset","required":true,"description":"Asset symbol.","schema":{"type":"string"}},)"
        R"({"name":"start","required":false,"description":"Index of the first vote (0-based; default 0).",)"
        R"("schema":{"type":"integer","minimum":0}},)"
        R"({"name":"limit","required":false,"description":"Most votes returned (1..100; default 100).",)"
        R"("schema":{"type":"integer","minimum":1,"maximum":100}}])";
    list_query_.result_schema =
        R"({"type":"object","properties":{"votes":{"type":"array","items":{"type":"object"}},)"
        R"("total":{"type":"integer"},"next":{"type":["integer","null"]},"height":{"type":"integer"}}})";
    list_query_.errors = {Reason::INVALID_ARGUMENT, Reason::UNKNOWN_ASSET};
    list_query_.example_params = R"({"asset":"ACME"})";
    list_query_.example_result = R"({"votes":[],"total":0,"next":null,"height":42})";
    list_query_.handler = [](const QueryContext& ctx, const nlohmann::json& params) -> Result<nlohmann::json> {
        const std::string symbol = params.value("asset", std::string());
        Asset asset;
        if (Status s = find_asset(ctx.state, symbol, asset); !s) return s.error();
        const AssetId asset_id = asset.id;
        return id_list_query_page(ctx, asset_votes_stem(asset_id), params, kMaxVoteListLimit, "votes",
                                  [&](const InstrumentId& id) -> std::optional<nlohmann::json> {
                                      VoteRecord vote;
                                      if (!read_vote(ctx.state, id, vote)) std::abort();
                                      return tally_json(vote, id, asset, ctx.height);
                                  });
    };
}

}  // namespace

Bytes VoteRecord::encode() const {
    Writer w(128 + 8 * tally.size());
    w.u8(1);
    w.u32(asset);
    w.fixed_bytes(question_hash);
    w.u8(options);
    w.u64(snapshot_height);
    w.u64(close_height);
    w.u8(static_cast<uint8_t>(weighting));
    w.u16(quorum_bps);
    w.u16(majority_bps);
    w.u64(total_weight);
    w.u64(created_height);
    w.u64(voters);
    w.u64(cast_weight);
    for (uint64_t t : tally) w.u64(t);
    return w.take();
}

bool VoteRecord::decode(ByteView data, VoteRecord& out) {
    Reader r(data);
    VoteRecord v;
    uint8_t weighting = 0;
    if (!(r.version("vote record version", 1) && r.u32("asset", v.asset) &&
          r.fixed_bytes("question_hash", v.question_hash) && r.u8("options", v.options) &&
          r.u64("snapshot_height", v.snapshot_height) && r.u64("close_height", v.close_height) &&
          r.u8("weighting", weighting) && r.u16("quorum_bps", v.quorum_bps) && r.u16("majority_bps", v.majority_bps) &&
          r.u64("total_weight", v.total_weight) && r.u64("created_height", v.created_height) &&
          r.u64("voters", v.voters) && r.u64("cast_weight", v.cast_weight))) {
        return false;
    }
    if (v.options < 2 || v.options > kMaxVoteOptions || (weighting != 1 && weighting != 2)) return false;
    v.weighting = static_cast<VoteWeighting>(weighting);
    v.tally.resize(v.options);
    for (uint64_t& t : v.tally) {
        if (!r.u64("tally", t)) return false;
    }
    if (!r.finish()) return false;
    out = std::move(v);
    return true;
}

VoteOutcome vote_outcome(const VoteRecord& vote, Height committed_height) {
    VoteOutcome o;
    o.closed = committed_height >= vote.close_height;
    o.quorum_reached = product_at_least(vote.cast_weight, kBpsDenominator, vote.quorum_bps, vote.total_weight);
    uint64_t best = 0;
    bool tie = false;
    for (size_t i = 0; i < vote.tally.size(); ++i) {
        if (vote.tally[i] > best) {
            best = vote.tally[i];
            o.leading_option = static_cast<uint8_t>(i + 1);
            tie = false;
        } else if (vote.tally[i] == best && best != 0) {
            tie = true;
        }
    }
    if (tie) o.leading_option = 0;
    o.passed = o.leading_option != 0 && o.quorum_reached &&
               product_at_least(best, kBpsDenominator, vote.majority_bps, vote.cast_weight);
    return o;
}

Op encode_vote_create(const VoteCreateOp& p) {
    Writer w(96);
    w.u8(1);
    w.str(p.asset);
    w.fixed_bytes(p.question_hash);
    w.u8(p.options);
    w.u64(p.snapshot_height);
    w.u64(p.close_height);
    w.u8(static_cast<uint8_t>(p.weighting));
    w.u16(p.quorum_bps);
    w.u16(p.majority_bps);
    return Op{kVoteCreateTag, w.take()};
}

Op encode_vote_cast(const VoteCastOp& p) {
    Writer w(24);
    w.u8(1);
    w.fixed_bytes(p.id);
    w.u8(p.option);
    return Op{kVoteCastTag, w.take()};
}

std::unique_ptr<Instrument> make_votes_instrument() { return std::make_unique<VotesInstrument>(); }

}  // namespace folio::contracts
