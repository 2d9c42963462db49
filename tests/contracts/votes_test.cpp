// Holder votes (contracts/votes.h) on a stored chain: one test per rule and refusal of vote_create and
// vote_cast, the tally's quorum and majority, and the JSON form of both ops.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "contracts/votes.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {
namespace {

using contracts::VoteCastOp;
using contracts::VoteCreateOp;
using contracts::VoteWeighting;

constexpr size_t kRegistrar = InstrumentChain::kRegistrar;

std::vector<std::unique_ptr<contracts::Instrument>> votes_only() {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(contracts::make_votes_instrument());
    return v;
}

struct VoteChain {
    InstrumentChain chain{votes_only()};

    // Block 1: h0 gives h1 50 ACME, so the snapshot at height 1 holds 50 / 150 / 100 / 100.
    VoteChain() {
        EXPECT_EQ(chain.run_one(0, {encode_op(TransferOp{"ACME", chain.account(1), 50})}).status, TxStatus::success);
    }

    VoteCreateOp terms(VoteWeighting weighting = VoteWeighting::units) const {
        VoteCreateOp op;
        op.asset = "ACME";
        op.question_hash.fill(0xaa);
        op.options = 3;
        op.snapshot_height = 1;
        op.close_height = chain_height() + 10;
        op.weighting = weighting;
        op.quorum_bps = 5000;
        op.majority_bps = 5001;
        return op;
    }
    Height chain_height() const { return const_cast<InstrumentChain&>(chain).ledger().height(); }

    // Opens a vote signed by the registrar (the issuer of ACME); its id from the receipt's event.
    InstrumentId open(const VoteCreateOp& op) {
        const Receipt r = chain.run_one(kRegistrar, {contracts::encode_vote_create(op)});
        EXPECT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
        EXPECT_EQ(r.events.size(), 1u);
        return r.events.empty() ? InstrumentId{} : r.events[0].id;
    }
    Receipt cast(size_t holder, const InstrumentId& id, uint8_t option) {
        return chain.run_one(holder, {contracts::encode_vote_cast(VoteCastOp{id, option})});
    }
    nlohmann::json query(std::string_view name, const nlohmann::json& params) {
        const DecimalsLookup decimals = [](std::string_view) { return std::optional<uint8_t>(0); };
        QueryContext ctx{chain.ledger().state(), chain.ledger().height(), chain.ledger().store(), decimals};
        for (const InstrumentQuery* q : chain.registry().queries()) {
            if (q->name == name) {
                auto r = q->handler(ctx, params);
                if (!r) return nlohmann::json{{"error", std::string(reason_name(r.error().reason))}};
                return r.value();
            }
        }
        ADD_FAILURE() << "no query " << name;
        return {};
    }
    nlohmann::json tally(const InstrumentId& id) { return query("vote_tally", {{"id", instrument_id_hex(id)}}); }
};

TEST(Vote, UnitsWeightingCountsTheUnitsHeldAtTheSnapshot) {
    VoteChain v;
    const InstrumentId id = v.open(v.terms());
    // After the snapshot h1 gives its units away: its weight stays 150, h2's stays 100.
    ASSERT_EQ(v.chain.run_one(1, {encode_op(TransferOp{"ACME", v.chain.account(2), 150})}).status, TxStatus::success);
    const Receipt cast = v.cast(1, id, 1);
    ASSERT_EQ(cast.status, TxStatus::success);
    ASSERT_EQ(cast.events.size(), 1u);
    EXPECT_EQ(cast.events[0].kind, "vote_cast");
    EXPECT_EQ(cast.events[0].amounts, (std::vector<Amount>{1, 150}));
    ASSERT_EQ(v.cast(2, id, 2).status, TxStatus::success);
    ASSERT_EQ(v.cast(0, id, 1).status, TxStatus::success);
    const nlohmann::json t = v.tally(id);
    EXPECT_EQ(t["options"], (nlohmann::json{"200", "100", "0"}));
    EXPECT_EQ(t["voters"], 3);
    EXPECT_EQ(t["cast_weight"], "300");
    EXPECT_EQ(t["total_weight"], "400");
    EXPECT_EQ(t["leading_option"], 1);
    EXPECT_TRUE(t["quorum_reached"]);  // 300 of 400 >= 50%
    EXPECT_TRUE(t["passed"]);          // 200 of 300 >= 50.01%
    EXPECT_FALSE(t["closed"]);
}

TEST(Vote, HoldersWeightingCountsEachHolderOnce) {
    VoteChain v;
    const InstrumentId id = v.open(v.terms(VoteWeighting::holders));
    ASSERT_EQ(v.cast(1, id, 2).status, TxStatus::success);  // 150 units, one vote
    ASSERT_EQ(v.cast(0, id, 1).status, TxStatus::success);
    ASSERT_EQ(v.cast(2, id, 1).status, TxStatus::success);
    const nlohmann::json t = v.tally(id);
    EXPECT_EQ(t["options"], (nlohmann::json{"2", "1", "0"}));
    EXPECT_EQ(t["total_weight"], "4");
    EXPECT_TRUE(t["quorum_reached"]);
    EXPECT_TRUE(t["passed"]);  // 2 of 3
}

TEST(Vote, OneBallotPerAccount) {
    VoteChain v;
    const InstrumentId id = v.open(v.terms());
    ASSERT_EQ(v.cast(2, id, 1).status, TxStatus::success);
    const Receipt again = v.cast(2, id, 2);
    EXPECT_EQ(again.reason, Reason::ALREADY_VOTED);
    EXPECT_EQ(v.tally(id)["options"], (nlohmann::json{"100", "0", "0"}));
}

TEST(Vote, NoBallotAfterTheCloseHeight) {
    VoteChain v;
    VoteCreateOp op = v.terms();
    op.close_height = v.chain_height() + 2;  // created at +1, a ballot at +2 is the last
    const InstrumentId id = v.open(op);
    ASSERT_EQ(v.cast(0, id, 1).status, TxStatus::success);
    EXPECT_TRUE(v.tally(id)["closed"]);
    EXPECT_EQ(v.cast(1, id, 1).reason, Reason::VOTE_CLOSED);
    EXPECT_EQ(v.tally(id)["voters"], 1);
}

TEST(Vote, NoBallotWithoutUnitsAtTheSnapshot) {
    VoteChain v;
    const InstrumentId id = v.open(v.terms());
    EXPECT_EQ(v.cast(kRegistrar, id, 1).reason, Reason::NO_VOTING_WEIGHT);
    EXPECT_EQ(v.tally(id)["voters"], 0);
}

TEST(Vote, OptionMustBeOneOfTheVotes) {
    VoteChain v;
    VoteCreateOp op = v.terms();
    op.options = 2;
    const InstrumentId id = v.open(op);
    EXPECT_EQ(v.cast(0, id, 3).reason, Reason::INVALID_ARGUMENT);
    // 0 and above the maximum never decode.
    EXPECT_FALSE(v.chain.registry().check_op(contracts::encode_vote_cast(VoteCastOp{id, 0})).ok());
    EXPECT_FALSE(v.chain.registry().check_op(contracts::encode_vote_cast(VoteCastOp{id, 17})).ok());
}

TEST(Vote, UnknownIdIsRefused) {
    VoteChain v;
    InstrumentId id{};
    id[0] = 7;
    EXPECT_EQ(v.cast(0, id, 1).reason, Reason::UNKNOWN_ID);
    EXPECT_EQ(v.tally(id)["error"], "UNKNOWN_ID");
}

TEST(Vote, OnlyTheIssuerOpensAVote) {
    VoteChain v;
    EXPECT_EQ(v.chain.run_one(0, {contracts::encode_vote_create(v.terms())}).reason, Reason::NOT_AUTHORIZED);
}

TEST(Vote, SnapshotMustBeBelowTheCreatingBlock) {
    VoteChain v;
    VoteCreateOp op = v.terms();
    op.snapshot_height = v.chain_height() + 1;  // the creating block itself
    EXPECT_EQ(v.chain.run_one(kRegistrar, {contracts::encode_vote_create(op)}).reason, Reason::HEIGHT_NOT_REACHED);
}

TEST(Vote, CloseHeightMustBeAfterTheCreatingBlock) {
    VoteChain v;
    VoteCreateOp op = v.terms();
    op.close_height = v.chain_height() + 1;
    EXPECT_EQ(v.chain.run_one(kRegistrar, {contracts::encode_vote_create(op)}).reason, Reason::INVALID_ARGUMENT);
}

TEST(Vote, GenesisCanBeTheSnapshotAndAnUnknownAssetIsRefused) {
    VoteChain v;
    VoteCreateOp op = v.terms();
    op.snapshot_height = 0;
    // Genesis holds the units at height 0, so a vote on it opens; every unit burnt later does not matter.
    EXPECT_EQ(v.chain.run_one(kRegistrar, {contracts::encode_vote_create(op)}).status, TxStatus::success);
    op.asset = "NOPE";
    EXPECT_EQ(v.chain.run_one(kRegistrar, {contracts::encode_vote_create(op)}).reason, Reason::UNKNOWN_ASSET);
}

TEST(Vote, QuorumNotReachedDoesNotPass) {
    VoteChain v;
    VoteCreateOp op = v.terms();
    op.quorum_bps = 4000;  // 160 of 400 needed
    const InstrumentId id = v.open(op);
    ASSERT_EQ(v.cast(1, id, 1).status, TxStatus::success);  // 150
    nlohmann::json t = v.tally(id);
    EXPECT_FALSE(t["quorum_reached"]);
    EXPECT_FALSE(t["passed"]);
    EXPECT_EQ(t["leading_option"], 1);
    ASSERT_EQ(v.cast(0, id, 2).status, TxStatus::success);  // 200 of 400: quorum; 150 of 200 = 75%
    t = v.tally(id);
    EXPECT_TRUE(t["quorum_reached"]);
    EXPECT_TRUE(t["passed"]);
}

TEST(Vote, MajorityIsOfTheCastWeightAndATieHasNoLeader) {
    VoteChain v;
    VoteCreateOp op = v.terms();
    op.quorum_bps = 0;
    op.majority_bps = 6000;
    const InstrumentId id = v.open(op);
    ASSERT_EQ(v.cast(2, id, 1).status, TxStatus::success);  // 100
    ASSERT_EQ(v.cast(3, id, 2).status, TxStatus::success);  // 100
    nlohmann::json t = v.tally(id);
    EXPECT_EQ(t["leading_option"], 0);
    EXPECT_FALSE(t["passed"]);
    ASSERT_EQ(v.cast(0, id, 1).status, TxStatus::success);  // 150 of 250 = 60%: exactly the majority
    t = v.tally(id);
    EXPECT_EQ(t["leading_option"], 1);
    EXPECT_TRUE(t["passed"]);
}

TEST(Vote, VoteListPagesTheVotesOfAnAsset) {
    VoteChain v;
    const InstrumentId a = v.open(v.terms());
    const InstrumentId b = v.open(v.terms(VoteWeighting::holders));
    nlohmann::json list = v.query("vote_list", {{"asset", "ACME"}});
    EXPECT_EQ(list["total"], 2);
    ASSERT_EQ(list["votes"].size(), 2u);
    EXPECT_EQ(list["votes"][0]["id"], instrument_id_hex(a));
    EXPECT_EQ(list["votes"][1]["id"], instrument_id_hex(b));
    EXPECT_TRUE(list["next"].is_null());
    list = v.query("vote_list", {{"asset", "ACME"}, {"limit", 1}});
    EXPECT_EQ(list["votes"].size(), 1u);
    EXPECT_EQ(list["next"], 1);
    EXPECT_EQ(v.query("vote_list", {{"asset", "EURX"}})["total"], 0);
    EXPECT_EQ(v.query("vote_list", {{"asset", "NOPE"}})["error"], "UNKNOWN_ASSET");
}

TEST(Vote, JsonFormRoundTripsAndIsBounded) {
    VoteChain v;
    const DecimalsLookup decimals = [](std::string_view) { return std::optional<uint8_t>(0); };
    const nlohmann::json create = {{"op", "vote_create"},     {"asset", "ACME"},       {"question_hash", std::string(64, 'a')},
                                   {"options", 3},             {"snapshot_height", 1},  {"close_height", 20},
                                   {"weighting", "holders"},   {"quorum_bps", 2500},    {"majority_bps", 6667}};
    auto op = v.chain.registry().op_from_json(create, decimals);
    ASSERT_TRUE(op.ok()) << op.error().message;
    nlohmann::json back;
    ASSERT_TRUE(v.chain.registry().op_to_json(op.value(), decimals, back).ok());
    EXPECT_EQ(back, create);
    for (auto [field, value] : std::vector<std::pair<std::string, nlohmann::json>>{
             {"options", 17}, {"options", 1}, {"quorum_bps", 10001}, {"majority_bps", 0}, {"close_height", 1},
             {"weighting", "shares"}, {"extra", 1}}) {
        nlohmann::json bad = create;
        bad[field] = value;
        EXPECT_FALSE(v.chain.registry().op_from_json(bad, decimals).ok()) << field;
    }
    const nlohmann::json cast = {{"op", "vote_cast"}, {"id", std::string(32, '0')}, {"option", 2}};
    auto cast_op = v.chain.registry().op_from_json(cast, decimals);
    ASSERT_TRUE(cast_op.ok()) << cast_op.error().message;
    ASSERT_TRUE(v.chain.registry().op_to_json(cast_op.value(), decimals, back).ok());
    EXPECT_EQ(back, cast);
}

TEST(Vote, TheProductRegistryHasTheVotes) {
    const auto registry = contracts::make_registry();
    EXPECT_TRUE(registry->owns(contracts::kVoteCreateTag));
    EXPECT_TRUE(registry->owns(contracts::kVoteCastTag));
    EXPECT_EQ(registry->state_prefix_of(contracts::kVoteCastTag), contracts::kVotePrefix);
}

}  // namespace
}  // namespace folio::test
