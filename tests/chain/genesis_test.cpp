#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chain/genesis.h"

namespace folio {
namespace {

std::string dev_json() {
    std::ifstream in(FOLIO_SOURCE_DIR "/genesis/dev.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string error_of(const nlohmann::json& doc) {
    auto g = parse_genesis(doc.dump());
    return g.ok() ? std::string("accepted") : g.error().message;
}

TEST(genesis, ExampleDevFileParses) {
    auto g = parse_genesis(dev_json());
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->chain_name, "folio-dev-example");
    EXPECT_EQ(g->validators.validators.size(), 1u);
    EXPECT_EQ(g->assets.size(), 1u);
}

TEST(genesis, ChainIdIgnoresWhitespaceAndKeyOrder) {
    const auto doc = nlohmann::json::parse(dev_json());
    auto a = parse_genesis(doc.dump());
    auto b = parse_genesis(doc.dump(7));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->chain_id(), b->chain_id());
    auto changed = doc;
    changed["chain_name"] = "another";
    EXPECT_NE(parse_genesis(changed.dump())->chain_id(), a->chain_id());
}

TEST(genesis, ToJsonRoundTripKeepsTheChainId) {
    auto g = parse_genesis(dev_json());
    ASSERT_TRUE(g.ok());
    auto back = parse_genesis(g->to_json());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->chain_id(), g->chain_id());
}

TEST(genesis, StateHoldsAccountsAssetsBalancesAndDefaultParams) {
    auto g = parse_genesis(dev_json());
    ASSERT_TRUE(g.ok());
    const StateWrites writes = genesis_state(*g);
    // 4 accounts + 4 pubkey index entries, 1 asset + symbol index + 1 balance, asset counter, the params, and
    // the validator set (change 0 and the count of changes).
    EXPECT_EQ(writes.size(), 8u + 3u + 1u + default_params().size() + 2u);
}

TEST(genesis_rejects, BadFilesWithTheFieldNamed) {
    const auto doc = nlohmann::json::parse(dev_json());
    auto bad = doc;
    bad["validators"][0]["consensus_pubkey"] = "zz";
    EXPECT_NE(error_of(bad).find("validators[0].consensus_pubkey"), std::string::npos) << error_of(bad);
    bad = doc;
    bad["assets"][0]["issuer"] = "nobody";
    EXPECT_NE(error_of(bad).find("assets[0].issuer"), std::string::npos) << error_of(bad);
    bad = doc;
    bad["assets"][0]["balances"][0]["amount"] = "1.001";
    EXPECT_NE(error_of(bad).find("assets[0].balances[0].amount"), std::string::npos) << error_of(bad);
    bad = doc;
    bad["accounts"][1]["roles"] = {"king"};
    EXPECT_NE(error_of(bad).find("accounts[1].roles[0]"), std::string::npos) << error_of(bad);
    bad = doc;
    bad.erase("chain_name");
    EXPECT_NE(error_of(bad).find("chain_name: missing"), std::string::npos) << error_of(bad);
    bad = doc;
    bad["colour"] = "blue";
    EXPECT_NE(error_of(bad).find("colour: unknown field"), std::string::npos) << error_of(bad);
    bad = doc;
    bad["params"]["no_such_param"] = 1;
    EXPECT_NE(error_of(bad).find("params.no_such_param"), std::string::npos) << error_of(bad);
    bad = doc;
    bad["assets"][0]["max_supply"] = "1.00";
    EXPECT_NE(error_of(bad).find("exceed max_supply"), std::string::npos) << error_of(bad);
    EXPECT_FALSE(parse_genesis("{not json").ok());
}

TEST(genesis_rejects, ConsensusTimingsOutOfBounds) {
    const auto doc = nlohmann::json::parse(dev_json());
    auto bad = doc;
    bad["params"]["consensus_timeout_propose_ms"] = 0;  // every round would end at once
    EXPECT_NE(error_of(bad).find("params.consensus_timeout_propose_ms"), std::string::npos) << error_of(bad);
    bad = doc;
    bad["params"]["consensus_timeout_precommit_ms"] = kMaxConsensusTimingMs + 1;
    EXPECT_NE(error_of(bad).find("params.consensus_timeout_precommit_ms"), std::string::npos)
        << error_of(bad);
    auto good = doc;
    good["params"]["consensus_timeout_delta_ms"] = 0;  // rounds that do not lengthen are allowed
    good["params"]["consensus_max_clock_drift_ms"] = kMaxConsensusTimingMs;
    auto parsed = parse_genesis(good.dump());
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->params.at("consensus_timeout_delta_ms"), 0u);
}

TEST(genesis_rejects, ChainWithoutRegistrar) {
    auto doc = nlohmann::json::parse(dev_json());
    for (auto& a : doc["accounts"]) {
        if (a.contains("roles")) {
            auto roles = a["roles"];
            a["roles"] = nlohmann::json::array();
            for (auto& r : roles) {
                if (r != "registrar") a["roles"].push_back(r);
            }
        }
    }
    EXPECT_NE(error_of(doc).find("registrar"), std::string::npos);
}

}  // namespace
}  // namespace folio
