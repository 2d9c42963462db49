// block_range: raw blocks for a verifier that replays the chain.
#include "chain/genesis_check.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

class rpc_block_range : public ::testing::Test {
  protected:
    NodeRpc node;
};

Bytes hex(const json& j) {
    auto b = from_hex(j.get<std::string>());
    EXPECT_TRUE(b.has_value());
    return b.value_or(Bytes{});
}

TEST_F(rpc_block_range, BlocksAreTheStoredBytes) {
    node.build_sign_submit(
        node.alice, {{{"op", "transfer"}, {"asset", "EURX"}, {"to", node.bob.address}, {"amount", "1.00"}}});
    const Block b1 = node.produce();
    json r = node.ok("block_range", {{"from", 1}, {"count", 1}});
    ASSERT_EQ(r["blocks"].size(), 1u);
    const json& blk = r["blocks"][0];
    EXPECT_EQ(blk["height"], 1);
    EXPECT_EQ(hex(blk["header_hex"]), b1.header.encode());
    ASSERT_EQ(blk["txs"].size(), b1.txs.size());
    EXPECT_EQ(hex(blk["txs"][0]), b1.txs[0]->bytes);
    auto cert = CommitCertificate::decode(hex(blk["commit_hex"]));
    ASSERT_TRUE(cert.ok());
    EXPECT_EQ(cert->block_hash, b1.header.hash());
    EXPECT_FALSE(r.contains("next"));
}

TEST_F(rpc_block_range, BlockZeroHasNoCertificateAndIsTheGenesisHeader) {
    json r = node.ok("block_range", {{"from", 0}, {"count", 1}});
    ASSERT_EQ(r["blocks"].size(), 1u);
    EXPECT_TRUE(r["blocks"][0]["commit_hex"].is_null());
    auto header = BlockHeader::decode(hex(r["blocks"][0]["header_hex"]));
    ASSERT_TRUE(header.ok());
    EXPECT_TRUE(check_genesis_header(*header, node.ledger().genesis()).ok());
}

TEST_F(rpc_block_range, NextPointsPastACountThatStopsBeforeTheHead) {
    for (int i = 0; i < 3; ++i) node.produce();
    json r = node.ok("block_range", {{"from", 1}, {"count", 2}});
    ASSERT_EQ(r["blocks"].size(), 2u);
    EXPECT_EQ(r["blocks"][1]["height"], 2);
    EXPECT_EQ(r["next"], 3);
    json rest = node.ok("block_range", {{"from", 3}});
    ASSERT_EQ(rest["blocks"].size(), 1u);
    EXPECT_FALSE(rest.contains("next"));
}

TEST_F(rpc_block_range, FromPastTheHeadGivesNoBlocks) {
    json r = node.ok("block_range", {{"from", 5}});
    EXPECT_TRUE(r["blocks"].empty());
    EXPECT_FALSE(r.contains("next"));
}

TEST_F(rpc_block_range, CountIsBoundedTo100) {
    EXPECT_EQ(node.err("block_range", {{"from", 0}, {"count", 101}})["code"], -32602);
    EXPECT_EQ(node.err("block_range", {{"from", 0}, {"count", 0}})["code"], -32602);
    EXPECT_EQ(node.err("block_range", json::object())["code"], -32602);
}

}  // namespace
}  // namespace folio::node::test
