// The examples of the method table (node/rpc_examples.h, shown in rpc_methods and docs/rpc.md) are real calls:
// a short story on a real ledger produces them, and a test checks that each example still has the shape of what
// the method answers today. After a change of shape, regenerate them (from the source directory):
//
//   FOLIO_EXAMPLES_OUT=node/rpc_examples.h build-node/tests/node/node_tests
//       --gtest_also_run_disabled_tests --gtest_filter=rpc_examples.DISABLED_WriteExamplesHeader
#include <cstdlib>
#include <fstream>
#include <set>

#include "contracts/registry.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

struct Exchange {
    std::string method;
    json params;
    json result;
};

// The story: the issuer creates ACME and issues 1000 to alice (block 1); alice builds, signs and submits a
// transfer of 10 to bob (block 2); then every read method is asked about it.
std::vector<Exchange> run_story(NodeRpc& node) {
    auto session = std::make_shared<FakeSession>(1);
    std::vector<Exchange> out;
    auto record = [&](const std::string& method, const json& params, bool ws = false) {
        json r = node.ok(method, params, ws ? session : nullptr);
        out.push_back(Exchange{method, params, r});
        return r;
    };
    const json create = {{"op", "asset_create"}, {"symbol", "ACME"}, {"class", "equity"}, {"decimals", 0}, {"max_supply", "1000000"}};
    const json issue = {{"op", "issue"}, {"asset", "ACME"}, {"to", {{{"account", node.alice.address}, {"amount", "1000"}}}}};
    record("tx_sign_submit", {{"key", "issuer"}, {"ops", {create, issue}}, {"memo", "series A"}, {"client_ref", "acme-create-1"}});
    // A local currency with its guarantee fund declared, for asset_reserve (an instrument query with a live example).
    const json currency = {{"op", "asset_create"}, {"symbol", "GONETTE"}, {"class", "currency"}, {"decimals", 2}, {"max_supply", "1000000.00"}};
    const json terms = {{"op", "currency_terms"}, {"asset", "GONETTE"}, {"fee_bps", 300}, {"fee_account", node.alice.address}, {"redeem_by", "merchants"}};
    const json reserve = {{"op", "reserve_declare"}, {"asset", "GONETTE"}, {"reserve", "1000.00"}, {"doc_hash", std::string(64, 'b')}};
    node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", {currency, terms, reserve}}});
    node.produce();

    const json transfer = {{"op", "transfer"}, {"asset", "ACME"}, {"to", node.bob.address}, {"amount", "10"}};
    json built = record("tx_build", {{"signer", node.alice.address}, {"ops", json::array({transfer})},
                                     {"memo", "invoice 2026-114"}, {"client_ref", "order-8812"}});
    Hash256 sighash{};
    EXPECT_TRUE(from_hex_fixed(built["sighash"].get<std::string>(), sighash));
    const json signature = {{"pubkey", to_hex(node.alice.pubkey)}, {"signature", to_hex(crypto::sign(*node.alice.key, sighash))}};
    json submitted = record("tx_submit", {{"tx", built["tx"]}, {"signatures", json::array({signature})}});
    const json tx_hash = submitted["tx_hash"];
    json sub = record("subscribe_tx", {{"tx_hash", tx_hash}}, true);
    record("mempool_list", {{"signer", node.alice.address}, {"limit", 10}});
    node.produce();

    record("tx_wait", {{"tx_hash", tx_hash}, {"timeout_ms", 5000}});
    record("tx_get", {{"tx_hash", tx_hash}});
    record("chain_info", json::object());
    record("validators_at", {{"height", 2}});
    record("chain_status", json::object());
    record("consensus_status", json::object());
    record("net_peers", json::object());
    record("consensus_evidence", json::object());
    record("block_get", {{"height", 2}});
    record("block_latest", json::object());
    record("block_range", {{"from", 1}, {"count", 2}});
    record("account_get", {{"account", node.alice.address}});
    record("account_holdings", {{"account", node.alice.address}});
    record("account_history", {{"account", node.alice.address}, {"limit", 1}});
    record("node_keys", json::object());
    record("asset_get", {{"asset", "ACME"}, {"height", 2}});
    record("asset_list", {{"limit", 1}});
    record("asset_holders", {{"asset", "ACME"}, {"limit", 1}, {"kyc", true}});
    record("proof_holding", {{"account", node.alice.address}, {"asset", "ACME"}});
    record("pending_list", {{"asset", "ACME"}, {"limit", 100}});
    record("asset_reserve", {{"asset", "GONETTE"}});
    json blocks = record("subscribe_blocks", json::object(), true);
    record("subscribe_account", {{"account", node.alice.address}}, true);
    record("unsubscribe", {{"subscription", blocks["subscription"]}}, true);
    record("node_backup", {{"name", "nightly.fbk"}});
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

// tx_build -> TxBuild
std::string camel(const std::string& method) {
    std::string out;
    bool up = true;
    for (char c : method) {
        if (c == '_') {
            up = true;
            continue;
        }
        out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        up = false;
    }
    return out;
}

TEST(rpc_examples, EveryExampleHasTheShapeOfALiveAnswer) {
    NodeRpc node;
    std::set<std::string> seen;
    for (const Exchange& e : run_story(node)) {
        seen.insert(e.method);
        const rpc::MethodSpec* spec = node.table().find(e.method);
        ASSERT_NE(spec, nullptr) << e.method;
        EXPECT_EQ(shape(json::parse(spec->example_result)), shape(e.result))
            << e.method << ": the example no longer has the shape of the answer; regenerate node/rpc_examples.h";
        EXPECT_EQ(shape(json::parse(spec->example_params)), shape(e.params)) << e.method;
    }
    // An instrument's query carries the example its instrument wrote (contracts/), checked against a live
    // answer by that instrument's tests (tests/contracts/), so that a new query touches contracts/ only.
    std::set<std::string> instrument_queries;
    const auto registry = contracts::make_registry();
    for (const InstrumentQuery* q : registry->queries()) instrument_queries.insert(q->name);
    for (const rpc::MethodSpec* spec : node.table().methods()) {
        if (spec->name == "rpc_methods" || instrument_queries.count(spec->name)) continue;
        EXPECT_TRUE(seen.count(spec->name)) << spec->name << " has no live example";
    }
}

TEST(rpc_examples, DISABLED_WriteExamplesHeader) {
    const char* path = std::getenv("FOLIO_EXAMPLES_OUT");
    ASSERT_NE(path, nullptr) << "set FOLIO_EXAMPLES_OUT to the file to write (node/rpc_examples.h)";
    NodeRpc node;
    std::ofstream out(path);
    out << "// Examples of the node's RPC methods, from a real run (see tests/node/rpc_examples_test.cpp, which\n"
                 "// regenerates this file and checks that each example keeps the shape of a live answer). Shown in\n"
                 "// rpc_methods and docs/rpc.md.\n"
                 "#pragma once\n\nnamespace folio::node::rpcm::examples {\n\n";
    for (const Exchange& e : run_story(node)) {
        out << "inline constexpr const char* k" << camel(e.method) << "Params = R\"(" << e.params.dump() << ")\";\n";
        out << "inline constexpr const char* k" << camel(e.method) << "Result = R\"(" << e.result.dump() << ")\";\n";
    }
    out << "\n}  // namespace folio::node::rpcm::examples\n";
}

}  // namespace
}  // namespace folio::node::test
