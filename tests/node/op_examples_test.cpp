// The examples of docs/ops.md (node/op_examples.h) are ops of a real run: a story on a real ledger sends one
// tx per core op, commits it and reads it back with tx_get. A test checks that each example still has the
// shape of what the story produces today; after a change of an op's shape, regenerate them (from the source
// directory), then docs/ops.md:
//
//   FOLIO_OP_EXAMPLES_OUT=node/op_examples.h build/tests/node/node_tests
//       --gtest_also_run_disabled_tests --gtest_filter=op_examples.DISABLED_WriteOpExamplesHeader
//   FOLIO_WRITE_DOCS=1 build/tests/node/node_tests --gtest_filter=rpc_doc.DocsOpsMdMatchesTheOpTable
#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "chain/op_fields.h"
#include "node/op_examples.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

struct Recorded {
    std::string op;
    std::string signer;
    uint64_t height = 0;
    json sent;
    json shown;
    std::string status;
};

// Sends `op` alone in a tx signed by a node key (tx_sign_submit) or by a party (tx_build + tx_submit),
// commits it and reads it back.
Recorded run_one(NodeRpc& node, const json& op, const std::string& key, const Party* party = nullptr) {
    json submitted = party ? node.build_sign_submit(*party, json::array({op}))
                           : node.call("tx_sign_submit", {{"key", key}, {"ops", json::array({op})}});
    EXPECT_TRUE(submitted.contains("result")) << op.dump() << ": " << submitted.dump();
    node.produce();
    const json hash = submitted.contains("result") ? submitted["result"]["tx_hash"] : json("");
    json got = node.ok("tx_get", {{"tx_hash", hash}});
    Recorded r;
    r.op = op["op"].get<std::string>();
    r.signer = party ? party->name : key;
    r.height = got.value("height", uint64_t{0});
    r.sent = op;
    r.shown = got.contains("tx") ? got["tx"]["ops"][0] : json();
    r.status = got.value("status", std::string());
    return r;
}

std::string hex_of(uint8_t fill) {
    return std::string(64, "0123456789abcdef"[fill & 0xf]);
}

// One tx per core op, in the order a platform would meet them.
std::vector<Recorded> run_story(NodeRpc& node) {
    std::vector<Recorded> out;
    auto keep = [&](Recorded r) { out.push_back(std::move(r)); };
    keep(run_one(node, {{"op", "account_register"}, {"pubkey", to_hex(node.carol.pubkey)}}, "operator"));
    keep(run_one(node,
                 {{"op", "kyc_attest"},
                  {"account", node.carol.address},
                  {"level", 1},
                  {"category", "retail"},
                  {"expires_ms", NodeRpc::kKycExpiresMs},
                  {"doc_hash", hex_of(0xd)}},
                 "registrar"));
    // Not an example (kyc_attest has one): the issuer gets a KYC so that it may hold its own shares.
    run_one(node,
            {{"op", "kyc_attest"},
             {"account", node.issuer.address},
             {"level", 2},
             {"category", "professional"},
             {"expires_ms", NodeRpc::kKycExpiresMs},
             {"doc_hash", hex_of(0xe)}},
            "registrar");
    keep(run_one(node,
                 {{"op", "asset_create"},
                  {"symbol", "ACME"},
                  {"class", "equity"},
                  {"decimals", 0},
                  {"max_supply", "1000000"},
                  {"metadata_hash", hex_of(0xa)},
                  {"policy", {{"kyc_min_level", 1}, {"max_holders", 500}, {"transferable", true}}}},
                 "issuer"));
    keep(run_one(node,
                 {{"op", "issue"},
                  {"asset", "ACME"},
                  {"to", json::array({{{"account", node.alice.address}, {"amount", "1000"}},
                                      {{"account", node.carol.address}, {"amount", "500"}},
                                      {{"account", node.issuer.address}, {"amount", "100"}}})}},
                 "issuer"));
    keep(run_one(node, {{"op", "transfer"}, {"asset", "ACME"}, {"to", node.bob.address}, {"amount", "10"}},
                 "", &node.alice));
    keep(run_one(node, {{"op", "burn"}, {"asset", "ACME"}, {"amount", "40"}}, "issuer"));
    const json holding = {{"account", node.carol.address}, {"asset", "ACME"}, {"amount", "100"}};
    json freeze = holding, unfreeze = holding;
    freeze["op"] = "freeze";
    unfreeze["op"] = "unfreeze";
    keep(run_one(node, freeze, "issuer"));
    keep(run_one(node, unfreeze, "issuer"));
    keep(run_one(node,
                 {{"op", "forced_transfer"},
                  {"asset", "ACME"},
                  {"from", node.carol.address},
                  {"to", node.bob.address},
                  {"amount", "50"},
                  {"legal_ref", hex_of(0xc)}},
                 "registrar"));
    const json rights = {{"account", node.bob.address}, {"role", "issuer"}, {"asset", "ACME"}};
    json grant = rights, revoke = rights;
    grant["op"] = "role_grant";
    revoke["op"] = "role_revoke";
    keep(run_one(node, grant, "registrar"));
    keep(run_one(node, revoke, "registrar"));
    const crypto::SecretKey new_key = crypto::SecretKey::generate();
    keep(run_one(node, {{"op", "key_rotate"}, {"new_pubkey", to_hex(new_key.pubkey())}}, "", &node.carol));
    keep(run_one(node, {{"op", "param_update"}, {"name", "tx_max_wait_blocks"}, {"value", 20000}},
                 "registrar"));
    // The node's one validator keeps signing (with more power), so that the story's chain goes on.
    keep(run_one(node,
                 {{"op", "validator_set_update"},
                  {"validators", json::array({{{"name", "validator-0"},
                                                {"consensus_pubkey", to_hex(node.validator.pubkey())},
                                                {"p2p_pubkey", hex_of(0x2)},
                                                {"power", 2}}})}},
                 "registrar"));
    const crypto::SecretKey officer = crypto::SecretKey::generate();
    keep(run_one(node,
                 {{"op", "key_set_update"},
                  {"keys", json::array({{{"pubkey", to_hex(node.bob.pubkey)}, {"weight", 1}},
                                        {{"pubkey", to_hex(officer.pubkey())}, {"weight", 1}}})},
                  {"threshold", 1}},
                 "", &node.bob));
    return out;
}

// The shape of a value: object keys with their shapes, the shape of an array's first item, or the type.
json shape(const json& v) {
    if (v.is_object()) {
        json s = json::object();
        for (const auto& [k, item] : v.items()) s[k] = shape(item);
        return s;
    }
    if (v.is_array()) return v.empty() ? json::array() : json::array({shape(v.front())});
    if (v.is_number()) return "number";
    return v.type_name();
}

const OpExample* checked_in(std::string_view op) {
    for (const OpExample& e : op_examples::kOpExamples) {
        if (e.op == op) return &e;
    }
    return nullptr;
}

TEST(op_examples, EveryOpOfTheStoryIsCommitted) {
    NodeRpc node;
    for (const Recorded& r : run_story(node)) EXPECT_EQ(r.status, "committed") << r.op;
}

TEST(op_examples, EveryCoreOpHasAnExampleWithTheShapeOfALiveRun) {
    NodeRpc node;
    const std::vector<Recorded> story = run_story(node);
    for (const OpShape& op : core_op_shapes()) {
        auto live =
            std::find_if(story.begin(), story.end(), [&](const Recorded& r) { return r.op == op.op; });
        ASSERT_NE(live, story.end()) << op.op << " is not in the story";
        const OpExample* example = checked_in(op.op);
        ASSERT_NE(example, nullptr) << op.op << " has no example in node/op_examples.h; regenerate it";
        EXPECT_EQ(shape(json::parse(example->sent)), shape(live->sent))
            << op.op << ": regenerate node/op_examples.h";
        EXPECT_EQ(shape(json::parse(example->shown)), shape(live->shown))
            << op.op << ": regenerate node/op_examples.h";
    }
}

// The signer rule of the table (needs_role) is what execution does: bob, an account without a role, is
// refused every op that needs one with NOT_AUTHORIZED, and only those.
TEST(op_examples, APlainAccountIsRefusedExactlyTheOpsThatNeedARole) {
    NodeRpc node;
    for (const Recorded& r : run_story(node)) {
        const OpShape* row = find_core_op_shape(r.op);
        ASSERT_NE(row, nullptr);
        json answer = node.build_sign_submit(node.bob, json::array({r.sent}));
        const std::string reason = answer.contains("error") ? reason_of(answer["error"]) : "";
        if (row->needs_role) {
            EXPECT_EQ(reason, "NOT_AUTHORIZED") << r.op << ": " << answer.dump();
        } else {
            EXPECT_NE(reason, "NOT_AUTHORIZED") << r.op << ": " << answer.dump();
        }
    }
}

std::string raw(const json& j) {
    std::string s = "R\"(";
    s += j.dump();
    s += ")\"";
    return s;
}

TEST(op_examples, DISABLED_WriteOpExamplesHeader) {
    const char* path = std::getenv("FOLIO_OP_EXAMPLES_OUT");
    ASSERT_NE(path, nullptr) << "set FOLIO_OP_EXAMPLES_OUT to the file to write (node/op_examples.h)";
    NodeRpc node;
    const std::vector<Recorded> story = run_story(node);
    std::ofstream out(path);
    out << "// Examples of every core op, from a real run (see tests/node/op_examples_test.cpp, which "
           "regenerates\n"
           "// this file and checks that each example keeps the shape of a live op). Shown in docs/ops.md.\n"
           "#pragma once\n\n#include \"node/op_reference.h\"\n\nnamespace folio::node::op_examples {\n\n"
           "inline constexpr OpExample kOpExamples[] = {\n";
    for (const Recorded& r : story) {
        out << "    {\"" << r.op << "\", \"" << r.signer << "\", " << r.height << ",\n     " << raw(r.sent)
            << ",\n     " << raw(r.shown) << "},\n";
    }
    out << "};\n\n}  // namespace folio::node::op_examples\n";
    out.close();
    ASSERT_TRUE(out.good()) << "cannot write " << path;
}

}  // namespace
}  // namespace folio::node::test
