// The genesis governance rule (chain/genesis.h, GovernanceRule): under the rule `account` only the named
// account, which may be M of N officers, signs param_update and validator_set_update; under `registrar`, any
// registrar. The file form and its refusals.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chain/crypto/bech32m.h"
#include "chain/crypto/ed25519.h"
#include "chain/genesis.h"
#include "tests/chain/execute_fixture.h"

namespace folio {
namespace {

using namespace test;
using nlohmann::json;

Hash256 p2p_key(uint8_t n) {
    Hash256 k{};
    for (uint8_t salt = 0;; ++salt) {
        k.fill(n);
        k[1] = salt;
        if (crypto::is_valid_ed25519_pubkey(k)) return k;
    }
}

Op set_update() {
    return encode_op(
        ValidatorSetUpdateOp{ValidatorSet{{Validator{"v0", TestKey::generate().pubkey, p2p_key(7), 1}}}});
}

// A chain whose genesis named a 2-of-3 officers' account as its governance.
class governance_account : public LedgerTest {
  protected:
    void SetUp() override {
        LedgerTest::SetUp();
        officers = ledger.seed_multisig(3, 2);
        ledger.state().put(governance_account_key(), Bytes(officers.id.begin(), officers.id.end()));
    }
    // The officers' account signed by the keys at `which`.
    Party signed_by(std::vector<size_t> which) const {
        Party p{officers.id, {}};
        for (size_t i : which) p.keys.push_back(officers.keys.at(i));
        return p;
    }
    Party officers;
};

TEST_F(governance_account, TheNamedAccountSignsParamUpdate) {
    ASSERT_TRUE(Succeeded(run(signed_by({0, 2}), {op::param_update("block_max_txs", 321)})));
    EXPECT_EQ(ledger.param("block_max_txs"), 321u);
}

TEST_F(governance_account, TheNamedAccountSignsValidatorSetUpdate) {
    EXPECT_TRUE(Succeeded(run(signed_by({1, 2}), {set_update()})));
}

TEST_F(governance_account, ARegistrarIsRefusedOnceGenesisNamedAnAccount) {
    // Strict mode keeps the refusal's message, which names the governance account.
    const TxOutcome o = ledger.run(ledger.make(ledger.registrar, {op::param_update("block_max_txs", 7)}), true);
    EXPECT_EQ(o.error.reason, Reason::NOT_AUTHORIZED);
    EXPECT_NE(o.error.message.find(crypto::encode_address(officers.id)), std::string::npos) << o.error.message;
    EXPECT_TRUE(FailedWith(run(ledger.registrar, {set_update()}), Reason::NOT_AUTHORIZED));
    EXPECT_NE(ledger.param("block_max_txs"), 7u);
}

TEST_F(governance_account, OneOfficerAloneIsShortOfTheThreshold) {
    EXPECT_TRUE(
        ExcludedWith(run(signed_by({0}), {op::param_update("block_max_txs", 9)}), Reason::MISSING_SIGNATURE));
}

TEST_F(execution_params, UnderTheRegistrarRuleAnyRegistrarGoverns) {
    EXPECT_TRUE(Succeeded(run(ledger.registrar, {set_update()})));
    EXPECT_TRUE(FailedWith(run(alice, {op::param_update("block_max_txs", 5)}), Reason::NOT_AUTHORIZED));
}

// ---- the genesis file

json dev_genesis() {
    std::ifstream in(FOLIO_SOURCE_DIR "/genesis/dev.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

std::string address_of(const json& account) {
    auto pubkey = from_hex(account["pubkey"].get<std::string>());
    PubKey k{};
    std::copy(pubkey->begin(), pubkey->end(), k.begin());
    return crypto::encode_address(account_id_of(k));
}

TEST(governance_genesis, AccountRuleNamesAGenesisAccountAndEntersTheChainId) {
    json doc = dev_genesis();
    const auto registrar_rule = parse_genesis(doc.dump());
    ASSERT_TRUE(registrar_rule.ok()) << registrar_rule.error().message;
    doc["governance"] = {{"rule", "account"}, {"account", address_of(doc["accounts"][0])}};
    const auto account_rule = parse_genesis(doc.dump());
    ASSERT_TRUE(account_rule.ok()) << account_rule.error().message;
    EXPECT_EQ(account_rule->governance, GovernanceRule::account);
    EXPECT_NE(account_rule->chain_id(), registrar_rule->chain_id());
    const auto round_trip = parse_genesis(account_rule->to_json());
    ASSERT_TRUE(round_trip.ok()) << round_trip.error().message;
    EXPECT_EQ(round_trip->chain_id(), account_rule->chain_id());
}

TEST(governance_genesis, AccountRuleWritesTheAccountIntoTheState) {
    json doc = dev_genesis();
    doc["governance"] = {{"rule", "account"}, {"account", address_of(doc["accounts"][1])}};
    const auto g = parse_genesis(doc.dump());
    ASSERT_TRUE(g.ok()) << g.error().message;
    MemoryState state;
    state.apply(genesis_state(*g));
    Bytes named;
    ASSERT_TRUE(state.get(governance_account_key(), named));
    EXPECT_EQ(Bytes(g->governance_account.begin(), g->governance_account.end()), named);
}

TEST(governance_genesis, RegistrarRuleWritesNoAccount) {
    const auto g = parse_genesis(dev_genesis().dump());
    ASSERT_TRUE(g.ok());
    MemoryState state;
    state.apply(genesis_state(*g));
    Bytes unused;
    EXPECT_FALSE(state.get(governance_account_key(), unused));
}

void expect_refused(const json& governance, const std::string& text) {
    json doc = dev_genesis();
    doc["governance"] = governance;
    const auto g = parse_genesis(doc.dump());
    ASSERT_FALSE(g.ok()) << governance.dump();
    EXPECT_NE(g.error().message.find(text), std::string::npos) << g.error().message;
}

TEST(governance_genesis, AccountOutsideTheGenesisAccountsIsRefused) {
    expect_refused(
        {{"rule", "account"}, {"account", crypto::encode_address(account_id_of(TestKey::generate().pubkey))}},
        "governance.account: must be one of the genesis accounts");
}

TEST(governance_genesis, MalformedAddressIsRefused) {
    expect_refused({{"rule", "account"}, {"account", "folio1notanaddress"}},
                   "governance.account: not a folio address");
}

TEST(governance_genesis, AccountRuleWithoutAnAccountIsRefused) {
    expect_refused({{"rule", "account"}}, "governance.account");
}

TEST(governance_genesis, RegistrarRuleNamingAnAccountIsRefused) {
    const json doc = dev_genesis();
    expect_refused({{"rule", "registrar"}, {"account", address_of(doc["accounts"][0])}},
                   "only the rule \"account\" names an account");
}

TEST(governance_genesis, UnknownRuleAndUnknownFieldAreRefused) {
    expect_refused({{"rule", "majority"}}, "governance.rule: must be \"registrar\" or \"account\"");
    expect_refused({{"rule", "registrar"}, {"quorum", 2}}, "governance.quorum: unknown field");
}

}  // namespace
}  // namespace folio
