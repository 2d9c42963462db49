// The node's method table (entries, scopes, examples), the chain and block methods, and tx_build / tx_submit /
// tx_sign_submit, called in process against a real ledger.
#include <set>

#include "chain/crypto/bech32m.h"
#include "rpc/describe.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

using rpc::Scope;

const std::map<std::string, Scope> kNodeMethods = {
    {"chain_info", Scope::Read},       {"chain_status", Scope::Read},       {"block_get", Scope::Read},
    {"block_latest", Scope::Read},     {"block_range", Scope::Read}, {"tx_build", Scope::Read},           {"tx_submit", Scope::Submit},
    {"tx_sign_submit", Scope::Admin},  {"tx_wait", Scope::Read},            {"tx_get", Scope::Read},
    {"account_get", Scope::Read},      {"account_holdings", Scope::Read},   {"account_history", Scope::Read},
    {"node_keys", Scope::Admin},       {"asset_get", Scope::Read},          {"asset_list", Scope::Read},
    {"asset_holders", Scope::Read},    {"proof_holding", Scope::Read},      {"subscribe_blocks", Scope::Read},
    {"subscribe_tx", Scope::Read},     {"subscribe_account", Scope::Read},  {"unsubscribe", Scope::Read}};

json transfer(const std::string& asset, const Party& to, const std::string& amount) {
    return {{"op", "transfer"}, {"asset", asset}, {"to", to.address}, {"amount", amount}};
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_table : public ::testing::Test {
protected:
    NodeRpc node;
};

TEST_F(rpc_table, EveryNodeMethodIsRegisteredWithItsScope) {
    for (const auto& [name, scope] : kNodeMethods) {
        const rpc::MethodSpec* spec = node.table().find(name);
        ASSERT_NE(spec, nullptr) << name;
        EXPECT_EQ(spec->scope, scope) << name;
        EXPECT_EQ(spec->websocket_only, name.rfind("subscribe", 0) == 0 || name == "unsubscribe") << name;
        EXPECT_FALSE(spec->summary.empty()) << name;
        EXPECT_FALSE(spec->result_description.empty()) << name;
    }
}

TEST_F(rpc_table, ExampleResultsCarryEveryRequiredFieldOfTheirSchema) {
    for (const auto& [name, scope] : kNodeMethods) {
        const rpc::MethodSpec* spec = node.table().find(name);
        ASSERT_NE(spec, nullptr);
        const json schema = json::parse(spec->result_schema);
        const json example = json::parse(spec->example_result);
        for (const auto& field : schema.value("required", json::array())) {
            EXPECT_TRUE(example.contains(field.get<std::string>())) << name << " example lacks " << field;
        }
    }
}

TEST_F(rpc_table, ExampleAddressesAreRealAddresses) {
    for (const auto& [name, scope] : kNodeMethods) {
        const json params = json::parse(node.table().find(name)->example_params);
        for (const char* field : {"account", "signer"}) {
            if (params.contains(field)) {
                EXPECT_TRUE(crypto::decode_address(params[field].get<std::string>())) << name << "." << field;
            }
        }
    }
}

TEST_F(rpc_table, RpcMethodsListsTheNodeMethods) {
    json doc = node.ok("rpc_methods", json::object());
    std::set<std::string> names;
    for (const auto& m : doc["methods"]) names.insert(m["name"].get<std::string>());
    for (const auto& [name, scope] : kNodeMethods) EXPECT_TRUE(names.count(name)) << name;
    EXPECT_NE(rpc::render_markdown(node.table()).find("tx_sign_submit"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_chain : public ::testing::Test {
protected:
    NodeRpc node;
};

TEST_F(rpc_chain, ChainInfoNamesTheChainItsValidatorsAndParams) {
    json info = node.ok("chain_info", json::object());
    EXPECT_EQ(info["chain_id"], to_hex(node.ledger().chain_id()));
    EXPECT_EQ(info["name"], "folio-test");
    ASSERT_EQ(info["validators"].size(), 1u);
    EXPECT_EQ(info["validators"][0]["consensus_pubkey"], to_hex(node.validator.pubkey()));
    EXPECT_EQ(info["validators"][0]["power"], 1);
    EXPECT_EQ(info["params"]["tx_max_wait_blocks"], 10000);
    EXPECT_EQ(info["genesis"]["chain_name"], "folio-test");
    EXPECT_EQ(info["genesis_time_ms"], node.ledger().genesis().genesis_time_ms);
}

TEST_F(rpc_chain, ChainStatusFollowsTheHeadAndTheMempool) {
    json status = node.ok("chain_status", json::object());
    EXPECT_EQ(status["height"], 0);
    EXPECT_EQ(status["mempool_size"], 0);
    ASSERT_TRUE(node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "1.00")})).contains("result"));
    EXPECT_EQ(node.ok("chain_status", json::object())["mempool_size"], 1);
    Block b = node.produce();
    status = node.ok("chain_status", json::object());
    EXPECT_EQ(status["height"], 1);
    EXPECT_EQ(status["latest_block_hash"], to_hex(b.header.hash()));
    EXPECT_EQ(status["latest_block_time_ms"], b.header.time_ms);
    EXPECT_EQ(status["state_root"], to_hex(b.header.state_root));
    EXPECT_EQ(status["mempool_size"], 0);
    EXPECT_EQ(status["mempool_bytes"], 0);
}

TEST_F(rpc_chain, BlockByHeightAndByHashAreTheSameVerifiableBlock) {
    json sub = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "2.50")}), {{"memo", "rent"}});
    const std::string tx_hash = sub["result"]["tx_hash"];
    Block b = node.produce();
    json by_height = node.ok("block_get", {{"height", 1}});
    json by_hash = node.ok("block_get", {{"hash", to_hex(b.header.hash())}});
    EXPECT_EQ(by_height, by_hash);
    EXPECT_EQ(by_height["hash"], to_hex(b.header.hash()));
    auto header = BlockHeader::decode(*from_hex(by_height["header_hex"].get<std::string>()));
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header->hash(), b.header.hash());
    EXPECT_EQ(by_height["header"]["state_root"], to_hex(b.header.state_root));
    auto commit = CommitCertificate::decode(*from_hex(by_height["commit_hex"].get<std::string>()));
    ASSERT_TRUE(commit.ok());
    EXPECT_TRUE(verify_commit(*commit, node.ledger().chain_id(), *header, node.ledger().genesis().validators).ok());
    EXPECT_EQ(by_height["commit"]["signatures"].size(), 1u);
    ASSERT_EQ(by_height["txs"].size(), 1u);
    const json& tx = by_height["txs"][0];
    EXPECT_EQ(tx["tx_hash"], tx_hash);
    EXPECT_EQ(tx["status"], "committed");
    EXPECT_EQ(tx["tx"]["memo"], "rent");
    EXPECT_EQ(tx["tx"]["ops"][0]["amount"], "2.50");
    auto raw = decode_signed_tx(*from_hex(tx["raw"].get<std::string>()));
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(to_hex((*raw)->tx_hash), tx_hash);
    EXPECT_EQ(txs_root({*raw}), header->txs_root);
}

TEST_F(rpc_chain, BlockWithoutTxsOnRequest) {
    node.produce();
    json b = node.ok("block_get", {{"height", 1}, {"include_txs", false}});
    EXPECT_EQ(b["tx_count"], 0);
    EXPECT_EQ(b["txs"], json::array());
    EXPECT_TRUE(b.contains("commit_hex"));
}

TEST_F(rpc_chain, GenesisBlockHasNoCertificate) {
    json b = node.ok("block_get", {{"height", 0}});
    EXPECT_TRUE(b["commit"].is_null());
    EXPECT_TRUE(b["commit_hex"].is_null());
    EXPECT_TRUE(b["txs"].empty());
    EXPECT_EQ(b["header"]["height"], 0);
}

TEST_F(rpc_chain, UnknownBlockIsNotFound) {
    json e = node.err("block_get", {{"height", 7}});
    EXPECT_EQ(e["code"], -32001);
    EXPECT_EQ(reason_of(e), "NOT_FOUND");
    e = node.err("block_get", {{"hash", std::string(64, 'a')}});
    EXPECT_EQ(e["code"], -32001);
}

TEST_F(rpc_chain, BlockGetNeedsExactlyOneOfHeightAndHash) {
    EXPECT_EQ(node.err("block_get", json::object())["code"], -32602);
    EXPECT_EQ(node.err("block_get", {{"height", 0}, {"hash", std::string(64, 'a')}})["code"], -32602);
    EXPECT_EQ(node.err("block_get", {{"hash", "xyz"}})["code"], -32602);
}

TEST_F(rpc_chain, BlockLatestIsTheHead) {
    node.produce();
    Block b = node.produce();
    json latest = node.ok("block_latest", json::object());
    EXPECT_EQ(latest["height"], 2);
    EXPECT_EQ(latest["hash"], to_hex(b.header.hash()));
}

// ---------------------------------------------------------------------------------------------------------------
class rpc_tx : public ::testing::Test {
protected:
    NodeRpc node;
};

TEST_F(rpc_tx, BuildSignSubmitCommits) {
    json built = node.ok("tx_build", {{"signer", node.alice.address}, {"ops", json::array({transfer("EURX", node.bob, "10.00")})}});
    EXPECT_EQ(built["nonce"], 0);
    EXPECT_EQ(built["valid_until_height"], 10000);
    auto tx = decode_tx(*from_hex(built["tx"].get<std::string>()));
    ASSERT_TRUE(tx.ok());
    EXPECT_EQ(to_hex(tx->hash()), built["sighash"]);
    EXPECT_EQ(tx->signer, node.alice.id);
    Hash256 sighash{};
    ASSERT_TRUE(from_hex_fixed(built["sighash"].get<std::string>(), sighash));
    json sub = node.ok("tx_submit", {{"tx", built["tx"]},
                                     {"signatures", {{{"pubkey", to_hex(node.alice.pubkey)},
                                                      {"signature", to_hex(crypto::sign(*node.alice.key, sighash))}}}}});
    EXPECT_EQ(sub["tx_hash"], built["sighash"]);
    EXPECT_EQ(sub["already_known"], false);
    EXPECT_EQ(node.metrics().txs_submitted.load(), 1u);
    EXPECT_EQ(node.wakes(), 1);
    node.produce();
    json wait = node.ok("tx_wait", {{"tx_hash", sub["tx_hash"]}, {"timeout_ms", 0}});
    EXPECT_EQ(wait["status"], "committed");
    EXPECT_EQ(node.ok("account_holdings", {{"account", node.bob.address}})["holdings"][0]["amount"], "60.00");
}

TEST_F(rpc_tx, SignedHexIsAcceptedWhole) {
    TxPtr tx = node.make_tx(node.alice, {encode_op(TransferOp{"EURX", node.bob.id, 100})}, 0);
    json sub = node.ok("tx_submit", {{"tx", to_hex(tx->bytes)}});
    EXPECT_EQ(sub["tx_hash"], to_hex(tx->tx_hash));
    EXPECT_TRUE(node.mempool().contains(tx->tx_hash));
}

TEST_F(rpc_tx, NonceCountsPendingTxs) {
    ASSERT_TRUE(node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "1.00")})).contains("result"));
    json built = node.ok("tx_build", {{"signer", node.alice.address}, {"ops", json::array({transfer("EURX", node.bob, "1.00")})}});
    EXPECT_EQ(built["nonce"], 1);
    built = node.ok("tx_build", {{"signer", node.alice.address}, {"ops", json::array({transfer("EURX", node.bob, "1.00")})}, {"nonce", 7},
                                 {"valid_until_height", 20}});
    EXPECT_EQ(built["nonce"], 7);
    EXPECT_EQ(built["valid_until_height"], 20);
}

TEST_F(rpc_tx, BuildKnowsTheDecimalsOfAnAssetCreatedEarlierInTheTx) {
    const json create = {{"op", "asset_create"}, {"symbol", "BOND"}, {"class", "other"}, {"decimals", 2}, {"max_supply", "1000.00"}};
    const json issue = {{"op", "issue"}, {"asset", "BOND"}, {"to", {{{"account", node.alice.address}, {"amount", "12.50"}}}}};
    json e = node.err("tx_build", {{"signer", node.issuer.address}, {"ops", json::array({issue})}});
    EXPECT_EQ(reason_of(e), "UNKNOWN_ASSET");
    EXPECT_NE(e["message"].get<std::string>().find("ops[0]"), std::string::npos);
    json sub = node.build_sign_submit(node.issuer, {create, issue});
    ASSERT_TRUE(sub.contains("result")) << sub.dump();
    node.produce();
    json holdings = node.ok("account_holdings", {{"account", node.alice.address}})["holdings"];
    ASSERT_EQ(holdings.size(), 2u);
    EXPECT_EQ(holdings[1]["asset"], "BOND");
    EXPECT_EQ(holdings[1]["amount"], "12.50");
}

TEST_F(rpc_tx, BuildRefusesWhatCannotBeATx) {
    const json ops = json::array({transfer("EURX", node.bob, "1.00")});
    json e = node.err("tx_build", {{"signer", node.carol.address}, {"ops", ops}});
    EXPECT_EQ(reason_of(e), "UNKNOWN_SIGNER");
    std::string mistyped = node.alice.address;
    mistyped.back() = mistyped.back() == 'q' ? 'p' : 'q';
    EXPECT_EQ(reason_of(node.err("tx_build", {{"signer", mistyped}, {"ops", ops}})), "BAD_ADDRESS");
    EXPECT_EQ(reason_of(node.err("tx_build", {{"signer", node.alice.address}, {"ops", json::array()}})), "NO_OPS");
    EXPECT_EQ(reason_of(node.err("tx_build", {{"signer", node.alice.address}, {"ops", json::array({transfer("EURX", node.bob, "1.001")})}})),
              "BAD_AMOUNT");
    json long_memo =
        node.err("tx_build", {{"signer", node.alice.address}, {"ops", ops}, {"memo", std::string(257, 'm')}});
    EXPECT_EQ(reason_of(long_memo), "MEMO_TOO_LONG");
    EXPECT_EQ(long_memo["data"]["param"], "memo");
    EXPECT_EQ(node.err("tx_build", {{"signer", node.alice.address}, {"ops", ops}, {"client_ref", std::string(65, 'r')}})["code"],
              -32602);
    EXPECT_EQ(reason_of(node.err("tx_build", {{"signer", node.alice.address}, {"ops", ops}, {"client_ref", ""}})),
              "INVALID_ARGUMENT");
    EXPECT_EQ(node.err("tx_build", {{"signer", node.alice.address}, {"ops", json::array({ops[0]}).dump()}})["code"], -32602);
}

TEST_F(rpc_tx, BuildRefusesAnOpWithAMistypedFieldNamingIt) {
    const json freeze = {{"op", "freeze"}, {"account", node.bob.address}, {"assets", "EURX"}};
    json e = node.err("tx_build", {{"signer", node.registrar.address}, {"ops", json::array({freeze})}});
    EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT");
    EXPECT_EQ(e["message"], "ops[0].assets: unknown field of op freeze");
}

TEST_F(rpc_tx, BuildRefusesAnIssueRecipientWithAnUnknownField) {
    const json issue = {{"op", "issue"},
                        {"asset", "EURX"},
                        {"to", {{{"account", node.bob.address}, {"amount", "1.00"}, {"memo", "x"}}}}};
    json e = node.err("tx_build", {{"signer", node.issuer.address}, {"ops", json::array({issue})}});
    EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT");
    EXPECT_EQ(e["message"], "ops[0].to[0].memo: unknown field of op issue");
}

TEST_F(rpc_tx, BuildRefusesAFieldOfTheWrongType) {
    const json t = {{"op", "transfer"}, {"asset", "EURX"}, {"to", node.bob.address}, {"amount", 10}};
    json e = node.err("tx_build", {{"signer", node.alice.address}, {"ops", json::array({t})}});
    EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT");
    EXPECT_EQ(e["message"], "ops[0].amount: must be a decimal string");
}

TEST_F(rpc_tx, SignSubmitRefusesAMistypedPolicyAndAdmitsNothing) {
    const json create = {{"op", "asset_create"}, {"symbol", "CAPPED"},   {"class", "equity"},
                         {"decimals", 0},        {"max_supply", "1000"}, {"polcy", {{"max_holders", 150}}}};
    json r = node.call("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({create})}});
    ASSERT_TRUE(r.contains("error")) << r.dump();
    EXPECT_EQ(reason_of(r["error"]), "INVALID_ARGUMENT");
    EXPECT_EQ(r["error"]["message"], "ops[0].polcy: unknown field of op asset_create");
    EXPECT_EQ(node.mempool().size(), 0u);
    EXPECT_EQ(node.wakes(), 0);
}

TEST_F(rpc_tx, SignSubmitRefusesAnUnknownPolicyField) {
    const json create = {{"op", "asset_create"}, {"symbol", "CAPPED"},   {"class", "equity"},
                         {"decimals", 0},        {"max_supply", "1000"}, {"policy", {{"max_holder", 150}}}};
    json r = node.call("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({create})}});
    ASSERT_TRUE(r.contains("error")) << r.dump();
    EXPECT_EQ(reason_of(r["error"]), "INVALID_ARGUMENT");
    EXPECT_EQ(r["error"]["message"], "ops[0].policy.max_holder: unknown field of op asset_create");
    EXPECT_EQ(node.mempool().size(), 0u);
}

TEST_F(rpc_tx, ResubmissionIsIdempotent) {
    TxPtr tx = node.make_tx(node.alice, {encode_op(TransferOp{"EURX", node.bob.id, 100})}, 0);
    const json params = {{"tx", to_hex(tx->bytes)}};
    EXPECT_EQ(node.ok("tx_submit", params)["already_known"], false);
    json again = node.ok("tx_submit", params);
    EXPECT_EQ(again["tx_hash"], to_hex(tx->tx_hash));
    EXPECT_EQ(again["already_known"], true);
    EXPECT_EQ(node.mempool().size(), 1u);
    node.produce();
    again = node.ok("tx_submit", params);
    EXPECT_EQ(again["tx_hash"], to_hex(tx->tx_hash));
    EXPECT_EQ(again["already_known"], true);
    EXPECT_EQ(node.mempool().size(), 0u);
    EXPECT_EQ(node.metrics().txs_submitted.load(), 1u);
}

TEST_F(rpc_tx, RefusedTxCarriesItsReasonAndNeverEntersABlock) {
    json sub = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "100.01")}));
    ASSERT_TRUE(sub.contains("error"));
    EXPECT_EQ(sub["error"]["code"], -32000);
    EXPECT_EQ(reason_of(sub["error"]), "INSUFFICIENT_BALANCE");
    EXPECT_EQ(node.metrics().txs_refused.load(), 1u);
    EXPECT_EQ(node.mempool().size(), 0u);
    Block b = node.produce();
    EXPECT_TRUE(b.txs.empty());
}

TEST_F(rpc_tx, DuplicateClientRefNamesTheFirstTx) {
    json first = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "1.00")}), {{"client_ref", "order-1"}});
    ASSERT_TRUE(first.contains("result"));
    json second = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "2.00")}), {{"client_ref", "order-1"}});
    ASSERT_TRUE(second.contains("error"));
    EXPECT_EQ(reason_of(second["error"]), "DUPLICATE_CLIENT_REF");
    EXPECT_EQ(second["error"]["data"]["tx_hash"], first["result"]["tx_hash"]);
    node.produce();
    json third = node.build_sign_submit(node.alice, json::array({transfer("EURX", node.bob, "3.00")}), {{"client_ref", "order-1"}});
    ASSERT_TRUE(third.contains("error"));
    EXPECT_EQ(third["error"]["data"]["tx_hash"], first["result"]["tx_hash"]);
}

TEST_F(rpc_tx, UndecodableTxIsADecodeError) {
    EXPECT_EQ(reason_of(node.err("tx_submit", {{"tx", "zz"}})), "DECODE_ERROR");
    EXPECT_EQ(reason_of(node.err("tx_submit", {{"tx", "00"}})), "DECODE_ERROR");
    EXPECT_EQ(node.err("tx_submit", {{"tx", std::string(2 * kMaxTxBytes + 2, 'a')}})["code"], -32602);
    json built = node.ok("tx_build", {{"signer", node.alice.address}, {"ops", json::array({transfer("EURX", node.bob, "1.00")})}});
    json e = node.err("tx_submit", {{"tx", built["tx"]}});
    EXPECT_EQ(reason_of(e), "MISSING_SIGNATURE");
    e = node.err("tx_submit", {{"tx", built["tx"]}, {"signatures", {{{"pubkey", "00"}, {"signature", "11"}}}}});
    EXPECT_EQ(reason_of(e), "INVALID_ARGUMENT");
    EXPECT_GE(node.metrics().txs_refused.load(), 4u);
}

TEST_F(rpc_tx, WrongSignatureIsRefused) {
    json built = node.ok("tx_build", {{"signer", node.alice.address}, {"ops", json::array({transfer("EURX", node.bob, "1.00")})}});
    Hash256 other{};
    other.fill(7);
    json e = node.err("tx_submit", {{"tx", built["tx"]},
                                    {"signatures", {{{"pubkey", to_hex(node.alice.pubkey)},
                                                     {"signature", to_hex(crypto::sign(*node.alice.key, other))}}}}});
    EXPECT_EQ(reason_of(e), "BAD_SIGNATURE");
}

TEST_F(rpc_tx, SubmitNeedsTheSubmitScope) {
    TxPtr tx = node.make_tx(node.alice, {encode_op(TransferOp{"EURX", node.bob.id, 1})}, 0);
    EXPECT_EQ(node.err("tx_submit", {{"tx", to_hex(tx->bytes)}}, Scope::Read)["code"], -32002);
    EXPECT_EQ(node.call("tx_submit", {{"tx", to_hex(tx->bytes)}}, Scope::Submit)["result"]["tx_hash"], to_hex(tx->tx_hash));
}

TEST_F(rpc_tx, SignSubmitSignsWithTheNodeKeyInNonceOrder) {
    const json acme = {{"op", "asset_create"}, {"symbol", "ACME"}, {"class", "equity"}, {"decimals", 0}, {"max_supply", "1000"}};
    const json bond = {{"op", "asset_create"}, {"symbol", "BOND"}, {"class", "other"}, {"decimals", 1}, {"max_supply", "5.0"}};
    json a = node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({acme})}, {"client_ref", "acme"}});
    json b = node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({bond})}});
    ASSERT_TRUE(a.contains("tx_hash") && b.contains("tx_hash"));
    // An asset whose creation is still pending is not known to tx_build yet, and the message says so.
    const json issue = {{"op", "issue"}, {"asset", "ACME"}, {"to", {{{"account", node.alice.address}, {"amount", "10"}}}}};
    json e = node.err("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({issue})}});
    EXPECT_EQ(reason_of(e), "UNKNOWN_ASSET");
    EXPECT_NE(e["message"].get<std::string>().find("pending"), std::string::npos) << e["message"];
    Block block = node.produce();
    ASSERT_EQ(block.txs.size(), 2u);
    EXPECT_EQ(block.txs[0]->signed_tx.tx.nonce, 0u);
    EXPECT_EQ(block.txs[1]->signed_tx.tx.nonce, 1u);
    EXPECT_EQ(to_hex(block.txs[1]->tx_hash), b["tx_hash"]);
    json c = node.ok("tx_sign_submit", {{"key", "issuer"}, {"ops", json::array({issue})}});
    node.produce();
    EXPECT_EQ(node.ok("tx_wait", {{"tx_hash", c["tx_hash"]}})["status"], "committed");
    EXPECT_EQ(node.ok("asset_get", {{"asset", "ACME"}})["supply"], "10");
}

TEST_F(rpc_tx, SignSubmitNeedsAKnownKeyAndAdmin) {
    const json ops = json::array({transfer("EURX", node.bob, "1.00")});
    json e = node.err("tx_sign_submit", {{"key", "nobody"}, {"ops", ops}});
    EXPECT_EQ(e["code"], -32001);
    EXPECT_NE(e["message"].get<std::string>().find("nobody"), std::string::npos);
    EXPECT_EQ(node.err("tx_sign_submit", {{"key", "issuer"}, {"ops", ops}}, Scope::Submit)["code"], -32002);
    EXPECT_EQ(reason_of(node.err("tx_sign_submit", {{"key", "issuer"}, {"ops", ops}})), "INSUFFICIENT_BALANCE");
}

// A JSON-RPC batch of tx_submit calls has its signatures checked together first (batch_prepare, then
// Mempool::preverify); each call then answers exactly as it would alone.
TEST_F(rpc_tx, BatchPreparedSubmitsAreAdmittedAsAlone) {
    TxPtr a = node.make_tx(node.alice, {encode_op(TransferOp{"EURX", node.bob.id, 100})}, 0);
    TxPtr b = node.make_tx(node.bob, {encode_op(TransferOp{"EURX", node.alice.id, 100})}, 0);
    const rpc::MethodSpec* spec = node.table().find("tx_submit");
    ASSERT_NE(spec, nullptr);
    ASSERT_TRUE(spec->batch_prepare);
    const json pa = {{"tx", to_hex(a->bytes)}}, pb = {{"tx", to_hex(b->bytes)}};
    const json junk = {{"tx", 5}}, not_hex = {{"tx", "zz"}}, bad_sigs = {{"tx", to_hex(a->bytes)}, {"signatures", 3}};
    spec->batch_prepare({&pa, &junk, nullptr, &pb, &not_hex, &bad_sigs}, rpc::CallContext{});
    EXPECT_EQ(node.ok("tx_submit", pa)["tx_hash"], to_hex(a->tx_hash));
    EXPECT_EQ(node.ok("tx_submit", pb)["tx_hash"], to_hex(b->tx_hash));
    EXPECT_TRUE(node.mempool().contains(a->tx_hash));
    EXPECT_TRUE(node.mempool().contains(b->tx_hash));
}

TEST_F(rpc_tx, PreverifyRemembersNoTxWhoseSignatureFails) {
    TxPtr good = node.make_tx(node.alice, {encode_op(TransferOp{"EURX", node.bob.id, 100})}, 0);
    SignedTx forged = good->signed_tx;
    forged.signatures[0].signature[5] ^= 1;
    TxPtr bad = make_envelope(forged);
    node.mempool().preverify({bad});
    EXPECT_EQ(reason_of(node.err("tx_submit", {{"tx", to_hex(bad->bytes)}})), "BAD_SIGNATURE");
    EXPECT_FALSE(node.mempool().contains(bad->tx_hash));
}

}  // namespace
}  // namespace folio::node::test
