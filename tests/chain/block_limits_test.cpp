// block_limits.*: the block limits the block check reads (block_max_txs, block_max_bytes) are consensus
// parameters with bounds (chain/params.h): genesis refuses a value outside them, and so does param_update.
#include <nlohmann/json.hpp>

#include "chain/genesis.h"
#include "chain/params.h"
#include "tests/chain/test_ledger.h"

namespace folio::test {
namespace {

std::string genesis_error_with(const std::string& name, uint64_t value) {
    const crypto::SecretKey validator(Hash256{1});
    nlohmann::json g;
    g["chain_name"] = "folio-block-limits";
    g["genesis_time_ms"] = 1'764'000'000'000ULL;
    g["validators"] = {{{"name", "v0"},
                        {"consensus_pubkey", to_hex(validator.pubkey())},
                        {"p2p_pubkey", std::string(64, '0')},
                        {"power", 1}}};
    const crypto::SecretKey registrar(Hash256{2});
    g["accounts"] = {
        {{"name", "registrar"}, {"pubkey", to_hex(registrar.pubkey())}, {"roles", {"registrar"}}}};
    g["params"] = {{name, value}};
    auto parsed = parse_genesis(g.dump());
    return parsed.ok() ? std::string("accepted") : parsed.error().message;
}

TEST(block_limits, GenesisRefusesLimitsOutsideTheirBounds) {
    EXPECT_NE(genesis_error_with("block_max_txs", 0).find("params.block_max_txs"), std::string::npos);
    EXPECT_NE(genesis_error_with("block_max_txs", kMaxBlockTxs + 1).find("must be between 1 and 100000"),
              std::string::npos);
    EXPECT_NE(genesis_error_with("block_max_bytes", kMinBlockMaxBytes - 1).find("params.block_max_bytes"),
              std::string::npos);
    EXPECT_NE(genesis_error_with("block_max_bytes", kMaxBlockMaxBytes + 1).find("params.block_max_bytes"),
              std::string::npos);
}

TEST(block_limits, GenesisAcceptsLimitsAtTheirBounds) {
    EXPECT_EQ(genesis_error_with("block_max_txs", 1), "accepted");
    EXPECT_EQ(genesis_error_with("block_max_txs", kMaxBlockTxs), "accepted");
    EXPECT_EQ(genesis_error_with("block_max_bytes", kMinBlockMaxBytes), "accepted");
    EXPECT_EQ(genesis_error_with("block_max_bytes", kMaxBlockMaxBytes), "accepted");
}

TEST(block_limits, ParamUpdateOutsideTheBoundsIsRefusedAndChangesNothing) {
    TestLedger ledger;
    ledger.seed_param("block_max_bytes", 8u << 20);
    EXPECT_TRUE(FailedWith(ledger.run(ledger.registrar, {op::param_update("block_max_txs", 0)}),
                           Reason::INVALID_ARGUMENT));
    EXPECT_TRUE(
        FailedWith(ledger.run(ledger.registrar, {op::param_update("block_max_bytes", kMaxBlockMaxBytes + 1)}),
                   Reason::INVALID_ARGUMENT));
    EXPECT_EQ(ledger.param("block_max_txs"), 5000u);
    EXPECT_EQ(ledger.param("block_max_bytes"), 8u << 20);
}

TEST(block_limits, ParamUpdateWithinTheBoundsApplies) {
    TestLedger ledger;
    ASSERT_TRUE(Succeeded(ledger.run(ledger.registrar, {op::param_update("block_max_txs", kMaxBlockTxs)})));
    EXPECT_EQ(ledger.param("block_max_txs"), kMaxBlockTxs);
}

}  // namespace
}  // namespace folio::test
