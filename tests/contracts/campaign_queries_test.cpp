// The campaign instrument's queries (campaign_get, campaign_list) and JSON forms of its ops, and its place in
// the product registry, on the chain of tests/contracts/campaign_chain.h.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "chain/crypto/bech32m.h"
#include "contracts/campaign_queries.h"
#include "tests/contracts/campaign_chain.h"

namespace folio::test {
namespace {

TEST(Campaign, CampaignListFiltersByAssetAndStatus) {
    CampaignChain c;
    const InstrumentId a = c.create(c.terms());
    const InstrumentId b = c.create(c.terms(""));
    ASSERT_TRUE(succeeded(c.subscribe(b, 0, 10000)));
    ASSERT_TRUE(succeeded(c.close(b, kIssuer)));
    auto all = c.query("campaign_list", json::object());
    ASSERT_TRUE(all.ok());
    ASSERT_EQ((*all)["campaigns"].size(), 2u);
    EXPECT_EQ((*all)["campaigns"][0]["id"], instrument_id_hex(a));
    auto acme = c.query("campaign_list", {{"asset", "ACME"}});
    ASSERT_EQ((*acme)["campaigns"].size(), 1u);
    auto succeeded_ones = c.query("campaign_list", {{"status", "succeeded"}});
    ASSERT_EQ((*succeeded_ones)["campaigns"].size(), 1u);
    EXPECT_EQ((*succeeded_ones)["campaigns"][0]["id"], instrument_id_hex(b));
    EXPECT_EQ((*succeeded_ones)["campaigns"][0]["settled"], true);
    EXPECT_FALSE(c.query("campaign_list", {{"status", "closed"}}).ok());
}

TEST(Campaign, CampaignGetShowsAnInvestorsSubscription) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    auto got = c.query("campaign_get", {{"id", instrument_id_hex(id)},
                                        {"account", crypto::encode_address(c.chain().account(0))}});
    ASSERT_TRUE(got.ok());
    EXPECT_EQ((*got)["subscription"]["amount"], "50.00");
    EXPECT_EQ((*got)["subscribers"], 1);
    EXPECT_EQ((*got)["escrow"], "50.00");
    EXPECT_EQ((*got)["units"], "5");
    InstrumentId unknown{};
    EXPECT_EQ(c.query("campaign_get", {{"id", instrument_id_hex(unknown)}}).error().reason,
              Reason::UNKNOWN_ID);
}

// The keys of a JSON value, recursively ("a", "a.b", "a[].c"), for comparing an example with a live answer.
void collect_keys(const json& j, const std::string& prefix, std::set<std::string>& out) {
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            out.insert(prefix + k);
            collect_keys(v, prefix + k + ".", out);
        }
    } else if (j.is_array() && !j.empty()) {
        collect_keys(j[0], prefix + "[].", out);
    }
}

TEST(Campaign, QueryExamplesHaveTheKeysOfLiveAnswers) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    for (const InstrumentQuery* q : c.chain().registry().queries()) {
        json params = json::parse(q->example_params);
        if (params.contains("id")) params["id"] = instrument_id_hex(id);
        if (params.contains("asset")) params["asset"] = "ACME";
        auto live = c.query(q->name, params);
        ASSERT_TRUE(live.ok()) << q->name << ": " << live.error().message;
        std::set<std::string> example_keys, live_keys;
        collect_keys(json::parse(q->example_result), "", example_keys);
        collect_keys(*live, "", live_keys);
        if (q->name == "campaign_list") {
            ASSERT_FALSE((*live)["campaigns"].empty());
            std::set<std::string> row_keys;
            collect_keys((*live)["campaigns"][0], "", row_keys);
            std::set<std::string> get_keys;
            auto got = c.query("campaign_get", {{"id", instrument_id_hex(id)}});
            collect_keys(*got, "", get_keys);
            EXPECT_EQ(row_keys, get_keys) << "a campaign_list row is a campaign_get answer";
            continue;  // its example lists no campaign
        }
        EXPECT_EQ(example_keys, live_keys) << q->name;
    }
}

TEST(Campaign, OpsRoundTripThroughJson) {
    CampaignChain c;
    const InstrumentRegistry& registry = c.chain().registry();
    const DecimalsLookup decimals = [](std::string_view s) -> std::optional<uint8_t> {
        if (s == "EURX") return 2;
        if (s == "ACME") return 0;
        return std::nullopt;
    };
    const std::string id(32, 'a');
    const json ops[] = {
        {{"op", "campaign_create"},
         {"asset", "ACME"},
         {"currency", "EURX"},
         {"price", "10.00"},
         {"target", "100.00"},
         {"cap", "500.00"},
         {"min_ticket", "10.00"},
         {"max_ticket", "300.00"},
         {"deadline_ms", 1767225600000ULL},
         {"terms_hash", std::string(64, '1')}},
        {{"op", "campaign_create"},
         {"asset", nullptr},
         {"currency", "EURX"},
         {"target", "100.00"},
         {"cap", "500.00"},
         {"min_ticket", "1.00"},
         {"max_ticket", "300.00"},
         {"deadline_ms", 1767225600000ULL},
         {"terms_hash", std::string(64, '2')}},
        {{"op", "campaign_subscribe"}, {"id", id}, {"currency", "EURX"}, {"amount", "12.50"}},
        {{"op", "campaign_withdraw"}, {"id", id}},
        {{"op", "campaign_close"}, {"id", id}, {"limit", 500}},
        {{"op", "campaign_settle"}, {"id", id}, {"limit", 20}},
    };
    for (const json& j : ops) {
        auto op = registry.op_from_json(j, decimals);
        ASSERT_TRUE(op.ok()) << j.dump() << ": " << op.error().message;
        EXPECT_TRUE(registry.check_op(*op)) << j.dump();
        json back;
        ASSERT_TRUE(registry.op_to_json(*op, decimals, back)) << j.dump();
        EXPECT_EQ(back, j);
    }
    json typo = ops[2];
    typo["amonut"] = "1.00";
    EXPECT_EQ(registry.op_from_json(typo, decimals).error().reason, Reason::INVALID_ARGUMENT);
    json too_precise = ops[2];
    too_precise["amount"] = "1.001";
    EXPECT_EQ(registry.op_from_json(too_precise, decimals).error().reason, Reason::BAD_AMOUNT);
    json big_page = ops[5];
    big_page["limit"] = 10001;
    EXPECT_FALSE(registry.op_from_json(big_page, decimals).ok());
}

TEST(Campaign, DecodersRefuseTrailingBytesAndAZeroLimit) {
    CampaignChain c;
    const InstrumentRegistry& registry = c.chain().registry();
    Op settle = contracts::encode_campaign_settle(CampaignPageOp{{}, 0});
    EXPECT_EQ(registry.check_op(settle).error().reason, Reason::DECODE_ERROR);
    Op withdraw = contracts::encode_campaign_withdraw(CampaignWithdrawOp{});
    withdraw.payload.push_back(0);
    EXPECT_EQ(registry.check_op(withdraw).error().reason, Reason::DECODE_ERROR);
    Campaign rec;
    rec.terms.currency = "EURX";
    Campaign back;
    ASSERT_TRUE(Campaign::decode(rec.encode(), back));
    EXPECT_EQ(back, rec);
    Bytes bad = rec.encode();
    bad.push_back(0);
    EXPECT_FALSE(Campaign::decode(bad, back));
}

TEST(Campaign, TheProductRegistryOwnsTheCampaignTagsAndQueries) {
    auto registry = contracts::make_registry();
    for (uint16_t tag = 0x0120; tag <= 0x0124; ++tag) {
        EXPECT_TRUE(registry->owns(tag)) << tag;
        EXPECT_EQ(registry->state_prefix_of(tag), contracts::kCampaignPrefix);
    }
    EXPECT_EQ(registry->op_name(0x0121), "campaign_subscribe");
    std::set<std::string> names;
    for (const InstrumentQuery* q : registry->queries()) names.insert(q->name);
    EXPECT_TRUE(names.count("campaign_get") && names.count("campaign_list"));
    for (const InstrumentQuery* q : registry->queries()) {
        for (const std::string* text :
             {&q->params, &q->result_schema, &q->example_params, &q->example_result}) {
            EXPECT_FALSE(json::parse(*text, nullptr, false).is_discarded()) << q->name << ": " << *text;
        }
    }
}

}  // namespace
}  // namespace folio::test
