// Ops from JSON (what tx_build and tx_sign_submit take): an op is accepted whole or refused. Every member
// must be a field of the op's row in chain/op_fields.h, of its type, down to nested objects and array items;
// a typo is refused naming the field and never changes what the op means.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "chain/op_fields.h"
#include "chain/op_json.h"
#include "contracts/registry.h"

namespace folio {
namespace {

using nlohmann::json;

const std::string kHex32(64, 'a');

std::string address_of(uint8_t fill) {
    AccountId id;
    id.fill(fill);
    return crypto::encode_address(id);
}

const std::string kAlice = address_of(0x01);
const std::string kBob = address_of(0x02);

class OpJson {
  public:
    Result<Op> parse(const json& op) const { return op_from_json(op, lookup_, *registry_); }
    Result<json> show(const Op& op) const { return op_to_json(op, lookup_, *registry_); }

  private:
    std::unique_ptr<InstrumentRegistry> registry_ = contracts::make_registry();
    DecimalsLookup lookup_ = [](std::string_view symbol) -> std::optional<uint8_t> {
        if (symbol == "ACME") return 2;
        return std::nullopt;
    };
};

// A valid op of each kind, with every optional field that does not change its kind.
json valid_op(const std::string& name) {
    if (name == "account_register") return {{"op", name}, {"pubkey", kHex32}};
    if (name == "kyc_attest") {
        return {{"op", name},
                {"account", kAlice},
                {"level", 1},
                {"category", "retail"},
                {"expires_ms", 4102444800000ull},
                {"doc_hash", kHex32}};
    }
    if (name == "key_rotate") return {{"op", name}, {"new_pubkey", kHex32}};
    if (name == "role_grant" || name == "role_revoke") {
        return {{"op", name}, {"account", kAlice}, {"role", "issuer"}, {"asset", "ACME"}};
    }
    if (name == "asset_create") {
        return {{"op", name},
                {"symbol", "BOND"},
                {"class", "minibond"},
                {"decimals", 2},
                {"max_supply", "1000.00"},
                {"policy", {{"kyc_min_level", 1}, {"max_holders", 150}, {"transferable", true}}}};
    }
    if (name == "issue") {
        return {{"op", name}, {"asset", "ACME"}, {"to", {{{"account", kAlice}, {"amount", "1.50"}}}}};
    }
    if (name == "transfer") return {{"op", name}, {"asset", "ACME"}, {"to", kBob}, {"amount", "1.00"}};
    if (name == "burn") return {{"op", name}, {"asset", "ACME"}, {"amount", "1.00"}};
    if (name == "freeze" || name == "unfreeze") return {{"op", name}, {"account", kAlice}};
    if (name == "forced_transfer") {
        return {{"op", name}, {"asset", "ACME"},  {"from", kAlice},
                {"to", kBob}, {"amount", "1.00"}, {"legal_ref", kHex32}};
    }
    if (name == "param_update") return {{"op", name}, {"name", "block_max_txs"}, {"value", 100}};
    if (name == "validator_set_update") {
        return {{"op", name},
                {"validators",
                 {{{"name", "bank"}, {"consensus_pubkey", kHex32}, {"p2p_pubkey", kHex32}, {"power", 3}}}}};
    }
    if (name == "key_set_update") {
        return {{"op", name}, {"keys", {{{"pubkey", kHex32}, {"weight", 2}}}}, {"threshold", 2}};
    }
    return json();
}

std::vector<std::string> core_op_names() {
    std::vector<std::string> names;
    for (const OpShape& s : core_op_shapes()) names.emplace_back(s.op);
    return names;
}

std::string message_of(const Result<Op>& r) {
    return r.ok() ? std::string("(accepted)") : r.error().message;
}

// --- one per op -------------------------------------------------------------------------------------------
class op_json_each_op : public ::testing::TestWithParam<std::string> {
  protected:
    OpJson ops;
};

TEST_P(op_json_each_op, ValidOpIsAccepted) {
    const json op = valid_op(GetParam());
    ASSERT_FALSE(op.is_null()) << "no valid example for " << GetParam();
    auto r = ops.parse(op);
    EXPECT_TRUE(r.ok()) << message_of(r);
}

TEST_P(op_json_each_op, UnknownTopLevelFieldIsRefusedNamingIt) {
    json op = valid_op(GetParam());
    op["colour"] = "blue";
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message, "colour: unknown field of op " + GetParam());
}

TEST_P(op_json_each_op, WhatTxGetShowsIsAcceptedBackAsTheSameOp) {
    auto first = ops.parse(valid_op(GetParam()));
    ASSERT_TRUE(first.ok()) << message_of(first);
    auto shown = ops.show(*first);
    ASSERT_TRUE(shown.ok());
    auto again = ops.parse(*shown);
    ASSERT_TRUE(again.ok()) << shown->dump() << ": " << message_of(again);
    EXPECT_EQ(*again, *first);
}

TEST_P(op_json_each_op, NullFieldIsAWrongTypeNotAMissingOne) {
    json op = valid_op(GetParam());
    const OpShape* shape = find_core_op_shape(GetParam());
    ASSERT_NE(shape, nullptr);
    const std::string field(shape->fields.front().name);
    op[field] = nullptr;
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message.rfind(field + ": must be ", 0), 0u) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(core_ops, op_json_each_op, ::testing::ValuesIn(core_op_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// --- typos that used to change meaning --------------------------------------------------------------------
class op_json : public ::testing::Test {
  protected:
    OpJson ops;
};

TEST_F(op_json, FreezeWithMistypedAssetIsRefusedNotAWholeAccountFreeze) {
    auto r = ops.parse({{"op", "freeze"}, {"account", kAlice}, {"assets", "ACME"}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message, "assets: unknown field of op freeze");
}

TEST_F(op_json, AssetCreateWithMistypedPolicyIsRefusedNotAnUnlimitedAsset) {
    json op = valid_op("asset_create");
    op["polcy"] = op["policy"];
    op.erase("policy");
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message, "polcy: unknown field of op asset_create");
}

TEST_F(op_json, FieldOfAnotherOpIsRefused) {
    json op = valid_op("transfer");
    op["from"] = kAlice;  // forced_transfer's
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "from: unknown field of op transfer");
}

// --- nested fields ----------------------------------------------------------------------------------------
TEST_F(op_json, UnknownFieldOfAnIssueRecipientIsRefusedWithItsPath) {
    json op = valid_op("issue");
    op["to"].push_back({{"account", kBob}, {"amont", "2.00"}, {"amount", "2.00"}});
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message, "to[1].amont: unknown field of op issue");
}

TEST_F(op_json, IssueRecipientThatIsNotAnObjectIsRefused) {
    json op = valid_op("issue");
    op["to"].push_back(kBob);
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "to[1]: must be an object");
}

TEST_F(op_json, IssueRecipientWithoutAmountIsRefused) {
    json op = valid_op("issue");
    op["to"][0].erase("amount");
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "to[0].amount: missing");
}

TEST_F(op_json, UnknownPolicyFieldIsRefusedWithItsPath) {
    json op = valid_op("asset_create");
    op["policy"]["max_holder"] = 10;
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message, "policy.max_holder: unknown field of op asset_create");
}

// --- wrong types ------------------------------------------------------------------------------------------
TEST_F(op_json, AmountAsANumberIsRefused) {
    json op = valid_op("transfer");
    op["amount"] = 1;
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message, "amount: must be a decimal string");
}

TEST_F(op_json, ExpiryAsAStringIsRefused) {
    json op = valid_op("kyc_attest");
    op["expires_ms"] = "4102444800000";
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "expires_ms: must be a non-negative integer");
}

TEST_F(op_json, NegativeLevelIsRefused) {
    json op = valid_op("kyc_attest");
    op["level"] = -1;
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "level: must be a non-negative integer");
}

TEST_F(op_json, PolicyFieldOfTheWrongTypeIsRefused) {
    json op = valid_op("asset_create");
    op["policy"]["transferable"] = "no";
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "policy.transferable: must be true or false");
}

TEST_F(op_json, PolicyThatIsNotAnObjectIsRefused) {
    json op = valid_op("asset_create");
    op["policy"] = json::array();
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "policy: must be an object");
}

TEST_F(op_json, RecipientsThatAreNotAnArrayAreRefused) {
    json op = valid_op("issue");
    op["to"] = kAlice;
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "to: must be an array of objects");
}

// --- other rules ------------------------------------------------------------------------------------------
TEST_F(op_json, MissingRequiredFieldIsNamed) {
    json op = valid_op("forced_transfer");
    op.erase("legal_ref");
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "legal_ref: missing");
}

TEST_F(op_json, UnknownOpNameIsUnknownOp) {
    auto r = ops.parse({{"op", "transfr"}, {"asset", "ACME"}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::UNKNOWN_OP);
}

TEST_F(op_json, AccountRegisterWithAnAccountThatIsNotItsKeysIsRefused) {
    json op = valid_op("account_register");
    op["account"] = kAlice;
    auto r = ops.parse(op);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message.rfind("account: ", 0), 0u) << r.error().message;
}

TEST_F(op_json, FreezeOfAHoldingNeedsAllThreeFields) {
    auto holding = ops.parse({{"op", "freeze"}, {"account", kAlice}, {"asset", "ACME"}, {"amount", "1.00"}});
    ASSERT_TRUE(holding.ok()) << message_of(holding);
    auto no_amount = ops.parse({{"op", "freeze"}, {"account", kAlice}, {"asset", "ACME"}});
    ASSERT_FALSE(no_amount.ok());
    EXPECT_EQ(no_amount.error().message.rfind("amount: ", 0), 0u);
}

TEST_F(op_json, FreezeWithAnAmountButNoAccountIsRefusedNotAWholeAssetFreeze) {
    auto r = ops.parse({{"op", "freeze"}, {"asset", "ACME"}, {"amount", "5.00"}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message.rfind("amount: ", 0), 0u) << r.error().message;
}

TEST(op_fields, EveryCoreOpHasARowAndEveryRowIsACoreOp) {
    std::vector<std::string> named;
    for (uint16_t tag = 1; tag < kFirstContractTag; ++tag) {
        const std::string_view name = core_op_name(tag);
        if (name.empty()) continue;
        named.emplace_back(name);
        EXPECT_NE(find_core_op_shape(name), nullptr) << name << " has no row in chain/op_fields.cpp";
    }
    EXPECT_EQ(named, core_op_names());
}

}  // namespace
}  // namespace folio
