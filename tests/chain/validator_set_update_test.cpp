// The validator set in the state (chain/validator_set_state.h): what genesis writes, what
// validator_set_update schedules and from which height, what it refuses, the bounds param_update keeps, and
// the Ed25519 key check.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chain/crypto/ed25519.h"
#include "chain/genesis.h"
#include "chain/overlay.h"
#include "chain/params.h"
#include "chain/validator_set_state.h"
#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;

// A valid Ed25519 point, distinct for each n (about half of all y values are points: scan from n).
Hash256 p2p_key(uint8_t n) {
    Hash256 k{};
    for (uint8_t salt = 0;; ++salt) {
        k.fill(n);
        k[1] = salt;
        if (crypto::is_valid_ed25519_pubkey(k)) return k;
    }
}

Validator validator(const std::string& name, uint8_t n, uint64_t power = 1) {
    return Validator{name, TestKey::generate().pubkey, p2p_key(n), power};
}

ValidatorSet set_of(std::vector<Validator> validators) {
    return ValidatorSet{std::move(validators)};
}

Op update(const ValidatorSet& set) {
    return encode_op(ValidatorSetUpdateOp{set});
}

class validator_set_update : public LedgerTest {
  protected:
    void SetUp() override {
        LedgerTest::SetUp();
        genesis_set = set_of({validator("v0", 1), validator("v1", 2)});
        for (StateWrite& w : genesis_validator_set(genesis_set)) ledger.state().put(w.key, *w.value);
    }

    ValidatorSetChange at(Height h) const { return validator_set_at(ledger.state(), h, ValidatorSet{}); }

    ValidatorSet genesis_set;
};

TEST_F(validator_set_update, GenesisSetSignsFromHeightZero) {
    EXPECT_EQ(validator_set_change_count(ledger.state()), 1u);
    EXPECT_EQ(at(0).set, genesis_set);
    EXPECT_EQ(at(0).effective_from, 0u);
    EXPECT_EQ(at(1000).set, genesis_set);
}

TEST_F(validator_set_update, ChangeCommittedAtHeightHSignsFromHPlus2) {
    const ValidatorSet next = set_of({validator("v0", 1, 3), validator("bank", 4)});
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {update(next)})));
    const Height h = ledger.height();
    EXPECT_EQ(at(h).set, genesis_set);
    EXPECT_EQ(at(h + 1).set, genesis_set) << "block H+1 is still signed by the old set";
    EXPECT_EQ(at(h + 2).set, next);
    EXPECT_EQ(at(h + 2).effective_from, h + 2);
    EXPECT_EQ(at(h + 2).committed_height, h);
    EXPECT_EQ(validator_set_change_count(ledger.state()), 2u);
}

TEST_F(validator_set_update, SecondChangeInTheSameBlockReplacesTheFirst) {
    const ValidatorSet first = set_of({validator("a", 5)});
    const ValidatorSet second = set_of({validator("b", 6)});
    ledger.run_block({ledger.make(ledger.registrar, {update(first), update(second)})});
    EXPECT_EQ(validator_set_change_count(ledger.state()), 2u);
    EXPECT_EQ(at(ledger.height() + 2).set, second);
}

TEST_F(validator_set_update, EveryPastHeightKeepsItsSet) {
    const ValidatorSet s1 = set_of({validator("a", 5)});
    const ValidatorSet s2 = set_of({validator("b", 6), validator("c", 7)});
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {update(s1)})));
    const Height h1 = ledger.height();
    ASSERT_TRUE(Succeeded(run(ledger.registrar, {update(s2)})));
    const Height h2 = ledger.height();
    ASSERT_EQ(h2, h1 + 1);
    EXPECT_EQ(at(h1 + 1).set, genesis_set);
    EXPECT_EQ(at(h1 + 2).set, s1);
    EXPECT_EQ(at(h2 + 1).set, s1);
    EXPECT_EQ(at(h2 + 2).set, s2);
    EXPECT_EQ(validator_set_change_count(ledger.state()), 3u);
    EXPECT_EQ(*validator_set_index_at(ledger.state(), h1), 0u);
    EXPECT_EQ(*validator_set_index_at(ledger.state(), h2 + 2), 2u);
}

TEST_F(validator_set_update, StateWithoutSetsGivesTheGenesisSet) {
    MemoryState empty;
    EXPECT_EQ(validator_set_at(empty, 7, genesis_set).set, genesis_set);
    EXPECT_FALSE(validator_set_index_at(empty, 7).has_value());
}

TEST_F(validator_set_update, RefusedWithoutTheGovernanceRule) {
    EXPECT_TRUE(
        FailedWith(run(ledger.operator_, {update(set_of({validator("a", 5)}))}), Reason::NOT_AUTHORIZED));
    EXPECT_TRUE(FailedWith(run(alice, {update(set_of({validator("a", 5)}))}), Reason::NOT_AUTHORIZED));
    EXPECT_EQ(validator_set_change_count(ledger.state()), 1u);
}

// Each refusal names the field and changes nothing.
void expect_refused(TestLedger& ledger, const ValidatorSet& set, Reason reason, const std::string& field) {
    const TxOutcome o = ledger.run(ledger.registrar, {update(set)}, {});
    ASSERT_TRUE(FailedWith(o, reason)) << field;
    EXPECT_EQ(validator_set_change_count(ledger.state()), 1u) << field;
    const Status s = check_validator_set(set);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find(field), std::string::npos) << s.error().message;
}

TEST_F(validator_set_update, EmptySetRefused) {
    expect_refused(ledger, ValidatorSet{}, Reason::INVALID_ARGUMENT, "empty");
}

TEST_F(validator_set_update, DuplicateConsensusKeyRefused) {
    Validator a = validator("a", 5), b = validator("b", 6);
    b.consensus_key = a.consensus_key;
    expect_refused(ledger, set_of({a, b}), Reason::INVALID_ARGUMENT, "validators[1].consensus_pubkey");
}

TEST_F(validator_set_update, DuplicateP2pKeyRefused) {
    Validator a = validator("a", 5), b = validator("b", 5);
    expect_refused(ledger, set_of({a, b}), Reason::INVALID_ARGUMENT, "validators[1].p2p_pubkey");
}

TEST_F(validator_set_update, DuplicateNameRefused) {
    expect_refused(ledger, set_of({validator("a", 5), validator("a", 6)}), Reason::INVALID_ARGUMENT,
                   "validators[1].name");
}

TEST_F(validator_set_update, ZeroPowerRefused) {
    expect_refused(ledger, set_of({validator("a", 5, 0)}), Reason::INVALID_ARGUMENT, "validators[0].power");
}

TEST_F(validator_set_update, PowerAbove2To48Refused) {
    // The bound that keeps the total of 1,024 validators from overflowing (1,024 * 2^48 = 2^58).
    expect_refused(ledger, set_of({validator("a", 5, kMaxValidatorPower + 1)}), Reason::INVALID_ARGUMENT,
                   "validators[0].power");
}

TEST_F(validator_set_update, MalformedConsensusKeyRefused) {
    Validator a = validator("a", 5);
    a.consensus_key = not_a_curve_point();
    expect_refused(ledger, set_of({a}), Reason::INVALID_ARGUMENT, "validators[0].consensus_pubkey");
}

TEST_F(validator_set_update, MalformedP2pKeyRefused) {
    Validator a = validator("a", 5);
    a.p2p_key.fill(0x44);  // y = 0x44..44 has no x on edwards25519
    expect_refused(ledger, set_of({a}), Reason::INVALID_ARGUMENT, "validators[0].p2p_pubkey");
    a.p2p_key.fill(0xff);  // y >= p
    expect_refused(ledger, set_of({a}), Reason::INVALID_ARGUMENT, "validators[0].p2p_pubkey");
}

TEST_F(validator_set_update, EmptyNameRefused) {
    expect_refused(ledger, set_of({validator("", 5)}), Reason::INVALID_ARGUMENT, "validators[0].name");
}

TEST_F(validator_set_update, MoreThan1024ValidatorsDoNotDecode) {
    // The count comes first and is bounded before any validator is read.
    Writer w;
    w.u8(1);  // op version
    w.u8(1);  // validators version
    w.varint(kMaxValidators + 1);
    const Op op{static_cast<uint16_t>(OpTag::validator_set_update), w.take()};
    auto decoded = decode_core_op(op);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().reason, Reason::DECODE_ERROR);
    EXPECT_TRUE(ExcludedWith(run(ledger.registrar, {op}), Reason::DECODE_ERROR));
}

TEST_F(validator_set_update, MoreThan1024ValidatorsRefusedByTheSetCheck) {
    ValidatorSet big;
    big.validators.resize(kMaxValidators + 1);
    const Status s = check_validator_set(big);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("at most 1024"), std::string::npos) << s.error().message;
}

TEST_F(validator_set_update, OpRoundTripsThroughItsEncoding) {
    const ValidatorSet set = set_of({validator("a", 5, 7), validator("b", 6, 9)});
    auto decoded = decode_core_op(update(set));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(std::get<ValidatorSetUpdateOp>(decoded->op).validators, set);
}

TEST_F(validator_set_update, ChangeRecordRoundTrips) {
    const ValidatorSetChange c{12, 10, set_of({validator("a", 5)})};
    ValidatorSetChange back;
    ASSERT_TRUE(ValidatorSetChange::decode(c.encode(), back));
    EXPECT_EQ(back, c);
    Bytes trailing = c.encode();
    trailing.push_back(0);
    EXPECT_FALSE(ValidatorSetChange::decode(trailing, back));
}

// ---- param_update bounds (the block limits are consensus parameters)

class param_bounds : public LedgerTest {};

TEST_F(param_bounds, BlockMaxTxsZeroRefused) {
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::param_update("block_max_txs", 0)}), Reason::INVALID_ARGUMENT));
    EXPECT_EQ(ledger.param("block_max_txs"), 5000u);
}

TEST_F(param_bounds, BlockMaxTxsAboveTheBodyBoundRefused) {
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::param_update("block_max_txs", kMaxBlockTxs + 1)}),
                           Reason::INVALID_ARGUMENT));
    EXPECT_TRUE(Succeeded(run(ledger.registrar, {op::param_update("block_max_txs", kMaxBlockTxs)})));
}

TEST_F(param_bounds, BlockMaxBytesOutOfBoundsRefused) {
    ledger.seed_param("block_max_bytes", 8u << 20);
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::param_update("block_max_bytes", kMinBlockMaxBytes - 1)}),
                           Reason::INVALID_ARGUMENT));
    EXPECT_TRUE(
        FailedWith(run(ledger.registrar, {op::param_update("block_max_bytes", kMaxBlockMaxBytes + 1)}),
                   Reason::INVALID_ARGUMENT));
    EXPECT_TRUE(Succeeded(run(ledger.registrar, {op::param_update("block_max_bytes", kMinBlockMaxBytes)})));
}

TEST_F(param_bounds, ConsensusTimeoutZeroRefused) {
    ledger.seed_param("consensus_timeout_propose_ms", 3000);
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {op::param_update("consensus_timeout_propose_ms", 0)}),
                           Reason::INVALID_ARGUMENT));
    EXPECT_EQ(ledger.param("consensus_timeout_propose_ms"), 3000u);
}

// ---- genesis

std::string dev_genesis() {
    std::ifstream in(FOLIO_SOURCE_DIR "/genesis/dev.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(validator_set_genesis, StateHoldsTheGenesisSetAsChangeZero) {
    auto g = parse_genesis(dev_genesis());
    ASSERT_TRUE(g.ok()) << g.error().message;
    MemoryState state;
    state.apply(genesis_state(*g));
    EXPECT_EQ(validator_set_change_count(state), 1u);
    EXPECT_EQ(validator_set_at(state, 0, ValidatorSet{}).set, g->validators);
}

TEST(validator_set_genesis, DuplicateP2pKeyRefused) {
    auto doc = nlohmann::json::parse(dev_genesis());
    auto second = doc["validators"][0];
    second["name"] = "validator-1";
    second["consensus_pubkey"] = to_hex(TestKey::generate().pubkey);
    doc["validators"].push_back(second);
    auto g = parse_genesis(doc.dump());
    ASSERT_FALSE(g.ok());
    EXPECT_NE(g.error().message.find("validators[1].p2p_pubkey: appears twice"), std::string::npos)
        << g.error().message;
}

TEST(validator_set_genesis, MalformedP2pKeyRefused) {
    auto doc = nlohmann::json::parse(dev_genesis());
    doc["validators"][0]["p2p_pubkey"] = std::string(64, '4');
    auto g = parse_genesis(doc.dump());
    ASSERT_FALSE(g.ok());
    EXPECT_NE(g.error().message.find("validators[0].p2p_pubkey"), std::string::npos) << g.error().message;
}

TEST(validator_set_genesis, BlockLimitOutOfBoundsRefused) {
    auto doc = nlohmann::json::parse(dev_genesis());
    doc["params"]["block_max_txs"] = 0;
    auto g = parse_genesis(doc.dump());
    ASSERT_FALSE(g.ok());
    EXPECT_NE(g.error().message.find("params.block_max_txs"), std::string::npos) << g.error().message;
}

// ---- the Ed25519 check

TEST(ed25519_pubkey, Rfc8032KeyIsAPoint) {
    Hash256 k;
    ASSERT_TRUE(from_hex_fixed("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", k));
    EXPECT_TRUE(crypto::is_valid_ed25519_pubkey(k));
}

TEST(ed25519_pubkey, YAboveTheFieldIsNoPoint) {
    Hash256 k;
    k.fill(0xff);
    EXPECT_FALSE(crypto::is_valid_ed25519_pubkey(k));
}

TEST(ed25519_pubkey, YWithoutASquareRootIsNoPoint) {
    Hash256 k;
    k.fill(0x44);
    EXPECT_FALSE(crypto::is_valid_ed25519_pubkey(k));
}

TEST(ed25519_pubkey, NegativeZeroXIsRefused) {
    Hash256 k{};
    k[0] = 1;  // y = 1: x = 0
    EXPECT_TRUE(crypto::is_valid_ed25519_pubkey(k));
    k[31] = 0x80;  // with the sign bit set: "-0" is not an encoding
    EXPECT_FALSE(crypto::is_valid_ed25519_pubkey(k));
}

}  // namespace
}  // namespace folio
