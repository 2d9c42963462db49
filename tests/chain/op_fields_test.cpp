// The op table (chain/op_fields.h) is what docs/ops.md and the OpenRPC schemas are generated from, so what
// it says about bounds, names, signers and reasons must be what the parser and the executor do.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
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

// A valid JSON form of each core op, with every bounded field present.
json base_op(std::string_view op) {
    const std::string a = address_of(1), b = address_of(2);
    const json to = json::array({{{"account", b}, {"amount", "1"}}});
    const std::map<std::string_view, json> ops = {
        {"account_register", {{"pubkey", kHex32}}},
        {"kyc_attest",
         {{"account", a}, {"level", 1}, {"category", "retail"}, {"expires_ms", 1}, {"doc_hash", kHex32}}},
        {"key_rotate", {{"new_pubkey", kHex32}}},
        {"role_grant", {{"account", a}, {"role", "issuer"}}},
        {"role_revoke", {{"account", a}, {"role", "issuer"}}},
        {"asset_create",
         {{"symbol", "NEW"},
          {"class", "equity"},
          {"decimals", 0},
          {"max_supply", "1"},
          {"policy", {{"kyc_min_level", 1}, {"max_holders", 10}, {"transferable", true}}}}},
        {"issue", {{"asset", "ACME"}, {"to", to}}},
        {"transfer", {{"asset", "ACME"}, {"to", b}, {"amount", "1"}}},
        {"burn", {{"asset", "ACME"}, {"amount", "1"}}},
        {"freeze", {{"account", a}, {"asset", "ACME"}, {"amount", "1"}}},
        {"unfreeze", {{"account", a}, {"asset", "ACME"}, {"amount", "1"}}},
        {"forced_transfer",
         {{"asset", "ACME"}, {"from", a}, {"to", b}, {"amount", "1"}, {"legal_ref", kHex32}}},
        {"param_update", {{"name", "block_max_txs"}, {"value", 1}}},
        {"validator_set_update",
         {{"validators",
           json::array({{{"name", "v"}, {"consensus_pubkey", kHex32}, {"p2p_pubkey", kHex32}, {"power", 1}}})}}},
        {"key_set_update", {{"keys", json::array({{{"pubkey", kHex32}, {"weight", 1}}})}, {"threshold", 1}}},
    };
    json j = ops.at(op);
    j["op"] = std::string(op);
    return j;
}

class OpTable : public ::testing::Test {
  protected:
    Result<Op> parse(const json& op) const { return op_from_json(op, lookup_, *registry_); }

    // Calls `visit(path, field, slot)` for each field with a bound or a list of names, down into objects.
    void each_bounded_field(
        const OpShape& shape,
        const std::function<void(const std::string&, const OpField&, json&, json&)>& visit) {
        std::function<void(std::span<const OpField>, const std::string&, json&, json&)> walk =
            [&](std::span<const OpField> fields, const std::string& prefix, json& root, json& object) {
                for (const OpField& f : fields) {
                    const std::string path = prefix + std::string(f.name);
                    if (f.kind == OpFieldKind::object && object.contains(f.name)) {
                        walk(f.members, path + ".", root, object[std::string(f.name)]);
                    } else if (f.max != 0 || !f.names.empty()) {
                        visit(path, f, root, object);
                    }
                }
            };
        json op = base_op(shape.op);
        walk(shape.fields, "", op, op);
    }

  private:
    std::unique_ptr<InstrumentRegistry> registry_ = contracts::make_registry();
    DecimalsLookup lookup_ = [](std::string_view symbol) -> std::optional<uint8_t> {
        if (symbol == "ACME") return 0;
        return std::nullopt;
    };
};

TEST_F(OpTable, EveryBaseOpOfTheTestParses) {
    for (const OpShape& shape : core_op_shapes()) {
        auto op = parse(base_op(shape.op));
        EXPECT_TRUE(op.ok()) << shape.op << ": " << (op.ok() ? "" : op.error().message);
    }
}

TEST_F(OpTable, BoundsAreTheOnesTheParserEnforces) {
    size_t checked = 0;
    for (const OpShape& shape : core_op_shapes()) {
        each_bounded_field(shape, [&](const std::string& path, const OpField& f, json& root, json& slot) {
            if (f.max == 0) return;
            const std::string name(f.name);
            const json saved = slot[name];
            auto set_size = [&](uint64_t n) {
                if (f.kind == OpFieldKind::unsigned_integer) slot[name] = n;
                if (f.kind == OpFieldKind::text) slot[name] = std::string(n, 'a');
                if (f.kind == OpFieldKind::array) slot[name] = json::array();
                for (uint64_t i = 0; f.kind == OpFieldKind::array && i < n; ++i)
                    slot[name].push_back(saved[0]);
            };
            set_size(f.max);
            auto at_max = parse(root);
            EXPECT_TRUE(at_max.ok()) << shape.op << " " << path << " = max " << f.max << ": "
                                     << (at_max.ok() ? "" : at_max.error().message);
            set_size(f.max + 1);
            auto over = parse(root);
            ASSERT_FALSE(over.ok()) << shape.op << " " << path << " = max + 1 was accepted";
            EXPECT_EQ(over.error().message.rfind(path + ":", 0), 0u) << over.error().message;
            slot[name] = saved;
            ++checked;
        });
    }
    EXPECT_GE(checked, 7u);  // level, category, decimals, kyc_min_level, max_holders, to, name
}

TEST_F(OpTable, EveryNameOfANameFieldIsAcceptedAndNoOther) {
    for (const OpShape& shape : core_op_shapes()) {
        each_bounded_field(shape, [&](const std::string& path, const OpField& f, json& root, json& slot) {
            if (f.names.empty()) return;
            const std::string name(f.name);
            const json saved = slot[name];
            for (std::string_view value : f.names) {
                slot[name] = std::string(value);
                // Issuer rights on one asset exist for the issuer role only.
                if (shape.op.starts_with("role_")) slot.erase("asset");
                auto op = parse(root);
                EXPECT_TRUE(op.ok()) << shape.op << " " << path << " = " << value;
            }
            slot[name] = "nonsense";
            EXPECT_FALSE(parse(root).ok()) << shape.op << " " << path;
            slot[name] = saved;
        });
    }
}

TEST_F(OpTable, EveryOpSaysWhoSignsAndWhichReasons) {
    for (const OpShape& shape : core_op_shapes()) {
        EXPECT_FALSE(shape.signer.empty()) << shape.op;
        EXPECT_FALSE(shape.reasons.empty()) << shape.op;
        EXPECT_NE(std::find(shape.reasons.begin(), shape.reasons.end(), Reason::INVALID_ARGUMENT),
                  shape.reasons.end())
            << shape.op << ": every op refuses a field of the wrong type";
    }
}

TEST_F(OpTable, OpsThatNeedARoleListNotAuthorized) {
    for (const OpShape& shape : core_op_shapes()) {
        if (!shape.needs_role) continue;
        EXPECT_NE(std::find(shape.reasons.begin(), shape.reasons.end(), Reason::NOT_AUTHORIZED),
                  shape.reasons.end())
            << shape.op;
    }
}

// Tx-level codes (2xx: signature, nonce, expiry) and node-side ones (9xx) are never an op's own.
TEST_F(OpTable, ReasonsOfAnOpAreInputOrStateRefusals) {
    for (const OpShape& shape : core_op_shapes()) {
        for (Reason r : shape.reasons) {
            const auto code = static_cast<uint16_t>(r);
            EXPECT_TRUE((code >= 100 && code < 200) || (code >= 300 && code < 400))
                << shape.op << " lists " << reason_name(r);
        }
    }
}

}  // namespace
}  // namespace folio
