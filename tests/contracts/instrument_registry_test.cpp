// The composite registry's rules: tags, op names, query names and state prefixes of instruments never overlap,
// and ops and queries are listed for rpc_methods and docs/ops.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "tests/contracts/probe_instrument.h"

namespace folio::test {
namespace {

Result<std::unique_ptr<contracts::CompositeRegistry>> registry_of(
    std::vector<std::unique_ptr<contracts::Instrument>> instruments) {
    return contracts::CompositeRegistry::create(std::move(instruments));
}

std::vector<std::unique_ptr<contracts::Instrument>> two(std::unique_ptr<contracts::Instrument> a,
                                                        std::unique_ptr<contracts::Instrument> b) {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(std::move(a));
    v.push_back(std::move(b));
    return v;
}

TEST(instrument_registry, OverlappingOpTagsAreRefused) {
    auto r = registry_of(two(make_probe_instrument(0x0f00, 0x7e, "probe"), make_probe_instrument(0x0f00, 0x7f, "probe2")));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_NE(r.error().message.find("share tag"), std::string::npos) << r.error().message;
}

TEST(instrument_registry, OverlappingStatePrefixesAreRefused) {
    auto r = registry_of(two(make_probe_instrument(0x0f00, 0x7e, "probe"), make_probe_instrument(0x0f01, 0x7e, "probe2")));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("state prefix"), std::string::npos) << r.error().message;
}

TEST(instrument_registry, OverlappingOpNamesAreRefused) {
    auto r = registry_of(two(make_probe_instrument(0x0f00, 0x7e, "probe"), make_probe_instrument(0x0f01, 0x7f, "probe")));
    ASSERT_FALSE(r.ok());
}

TEST(instrument_registry, CoreTagsAndCorePrefixesAreRefused) {
    std::vector<std::unique_ptr<contracts::Instrument>> core_tag;
    core_tag.push_back(make_probe_instrument(0x0005, 0x7e));
    EXPECT_FALSE(registry_of(std::move(core_tag)).ok());
    std::vector<std::unique_ptr<contracts::Instrument>> core_prefix;
    core_prefix.push_back(make_probe_instrument(0x0f00, static_cast<uint8_t>(KeyPrefix::lock)));
    EXPECT_FALSE(registry_of(std::move(core_prefix)).ok());
}

TEST(instrument_registry, DisjointInstrumentsAreDispatchedByTagAndListed) {
    auto r = registry_of(two(make_probe_instrument(0x0f01, 0x7f, "probe_b"), make_probe_instrument(0x0f00, 0x7e, "probe_a")));
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& registry = **r;
    EXPECT_EQ(registry.op_name(0x0f00), "probe_a");
    EXPECT_EQ(registry.state_prefix_of(0x0f01), std::optional<uint8_t>(0x7f));
    EXPECT_EQ(registry.state_prefix_of(0x0f02), std::nullopt);
    const auto ops = registry.ops();
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_EQ(ops[0].tag, 0x0f00) << "listed in tag order";
    EXPECT_EQ(ops[0].shape->op, "probe_a");
    ASSERT_EQ(registry.queries().size(), 2u);
    EXPECT_EQ(registry.queries()[0]->name, "probe_b_get");
}

TEST(instrument_registry, OpJsonGoesThroughTheDecimalsLookup) {
    std::vector<std::unique_ptr<contracts::Instrument>> one;
    one.push_back(make_probe_instrument());
    auto r = registry_of(std::move(one));
    ASSERT_TRUE(r.ok());
    const DecimalsLookup decimals = [](std::string_view symbol) -> std::optional<uint8_t> {
        if (symbol == "EURX") return 2;
        return std::nullopt;
    };
    const std::string alice = crypto::encode_address(AccountId{1});
    auto op = (*r)->op_from_json(
        nlohmann::json{{"op", "probe"}, {"action", "mint"}, {"asset", "EURX"}, {"account", alice}, {"amount", "12.50"}},
        decimals);
    ASSERT_TRUE(op.ok()) << op.error().message;
    nlohmann::json back;
    ASSERT_TRUE((*r)->op_to_json(*op, decimals, back));
    EXPECT_EQ(back["amount"], "12.50");
    auto too_precise = (*r)->op_from_json(
        nlohmann::json{{"op", "probe"}, {"action", "mint"}, {"asset", "EURX"}, {"account", alice}, {"amount", "1.005"}},
        decimals);
    EXPECT_EQ(too_precise.reason(), Reason::BAD_AMOUNT);
    auto unknown_field = (*r)->op_from_json(nlohmann::json{{"op", "probe"}, {"action", "mint"}, {"assets", "EURX"}}, decimals);
    EXPECT_EQ(unknown_field.reason(), Reason::INVALID_ARGUMENT);
}

TEST(instrument_registry, WeightIsThePagedLimitAndOneOtherwise) {
    std::vector<std::unique_ptr<contracts::Instrument>> one;
    one.push_back(make_probe_instrument());
    auto r = registry_of(std::move(one));
    ASSERT_TRUE(r.ok());
    ProbeOp paged;
    paged.action = ProbeAction::paged;
    paged.limit = 750;
    EXPECT_EQ(op_weight(encode_probe(paged), **r), 750u);
    ProbeOp single;
    EXPECT_EQ(op_weight(encode_probe(single), **r), 1u);
    EXPECT_EQ(op_weight(Op{kProbeTag, Bytes{0xff}}, **r), 1u) << "an undecodable payload weighs 1";
}

}  // namespace
}  // namespace folio::test
