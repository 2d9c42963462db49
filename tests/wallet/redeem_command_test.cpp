// folio-wallet redeem against a stand-in node (fake_node.h: the real RPC server over a real chain): a merchant's
// reconversion of a local currency is built, shown, signed, submitted and committed, the fee going to the fee
// account; a holder who is not a merchant is refused NOT_MERCHANT by the ledger.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "chain/op_json.h"
#include "cli_runner.h"
#include "fake_node.h"
#include "keys/keystore.h"

namespace folio::wallet {
namespace {

const keys::ScryptParams kFast{uint64_t{1} << 10, 8, 1};

class wallet_redeem : public ::testing::Test {
  protected:
    void SetUp() override {
        test::clear_wallet_env();
        test::write_text(tmp.file("genesis.json"), test::make_genesis_json());
        test::write_text(tmp.file("pw"), "wallet-test-pw\n");
        ASSERT_EQ(cli({"init", "--genesis", tmp.file("genesis.json"), "--rpc", node.url()}).code, 0);
        auto ks = keys::Keystore::open(tmp.file("w/keys"), true);
        ASSERT_TRUE(ks.ok());
        ASSERT_TRUE(ks->import("alice", test::key_from_seed("alice"), "wallet-test-pw", kFast).ok());
        ASSERT_TRUE(ks->import("bob", test::key_from_seed("bob"), "wallet-test-pw", kFast).ok());
        // The registrar issues GONETTE (no KYC needed here), its own fee account; alice is a merchant with 100.00
        // and bob a member with 10.00.
        node.with_chain([](test::TestChain& c) {
            const std::string registrar = crypto::encode_address(c.registrar_id);
            const std::string alice = crypto::encode_address(c.alice_id);
            const std::string bob = crypto::encode_address(c.bob_id);
            const DecimalsLookup decimals = [](std::string_view) { return std::optional<uint8_t>(2); };
            const std::vector<nlohmann::json> ops = {
                {{"op", "asset_create"}, {"symbol", "GONETTE"}, {"class", "currency"}, {"decimals", 2},
                 {"max_supply", "1000.00"}, {"policy", {{"kyc_min_level", 0}}}},
                {{"op", "currency_terms"}, {"asset", "GONETTE"}, {"fee_bps", 300}, {"fee_account", registrar},
                 {"redeem_by", "merchants"}},
                {{"op", "reserve_declare"}, {"asset", "GONETTE"}, {"reserve", "1000.00"},
                 {"doc_hash", std::string(64, 'b')}},
                {{"op", "mint"}, {"asset", "GONETTE"}, {"to", alice}, {"amount", "100.00"},
                 {"deposit_ref", std::string(64, '1')}},
                {{"op", "mint"}, {"asset", "GONETTE"}, {"to", bob}, {"amount", "10.00"},
                 {"deposit_ref", std::string(64, '2')}},
                {{"op", "merchant_set"}, {"asset", "GONETTE"}, {"account", alice}, {"merchant", true}}};
            for (const nlohmann::json& j : ops) {
                auto op = op_from_json(j, decimals, c.registry());
                ASSERT_TRUE(op.ok()) << j.dump();
                auto done = c.run_block({c.make_tx(c.registrar, *op)});
                ASSERT_EQ(done.receipts.size(), 1u);
                ASSERT_EQ(done.receipts[0].status, TxStatus::success) << j.dump();
            }
        });
    }

    test::CliRun cli(std::vector<std::string> args, std::optional<bool> answer = std::nullopt) {
        args.insert(args.begin(), {"--wallet-dir", tmp.file("w"), "--token", node.token(), "--password-file",
                                   tmp.file("pw")});
        return test::run_cli(args, answer);
    }

    test::TempDir tmp;
    test::FakeNode node;
};

TEST_F(wallet_redeem, AMerchantsRedemptionIsCommittedWithItsFee) {
    const std::string ref(64, 'e');
    auto r = cli({"redeem", "--key", "alice", "--asset", "GONETTE", "--amount", "100.01", "--payout-ref", ref,
                  "--yes", "--json"});
    EXPECT_EQ(r.code, 1) << r.out << r.err;  // more than alice holds
    EXPECT_NE(r.out.find("INSUFFICIENT_BALANCE"), std::string::npos) << r.out << r.err;
    auto ok = cli({"redeem", "--key", "alice", "--asset", "GONETTE", "--amount", "50.00", "--payout-ref", ref,
                   "--yes", "--json"});
    ASSERT_EQ(ok.code, 0) << ok.err;
    EXPECT_EQ(ok.doc()["status"], "committed");
    EXPECT_EQ(ok.doc()["tx"]["ops"][0]["op"], "redeem");
    EXPECT_EQ(ok.doc()["tx"]["ops"][0]["amount"], "50.00");
    EXPECT_EQ(ok.doc()["tx"]["ops"][0]["payout_ref"], ref);
    const Amount fee_account = node.with_chain([](test::TestChain& c) {
        Balance b;
        AssetId id = 0;
        EXPECT_TRUE(read_asset_id(c.ledger().state(), "GONETTE", id));
        read_balance(c.ledger().state(), id, c.registrar_id, b);
        return b.amount;
    });
    EXPECT_EQ(fee_account, 150u);  // 3 % of 50.00
}

TEST_F(wallet_redeem, AMemberWhoIsNotAMerchantIsRefused) {
    auto r = cli({"redeem", "--key", "bob", "--asset", "GONETTE", "--amount", "1.00", "--yes", "--json"});
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("NOT_MERCHANT"), std::string::npos) << r.out << r.err;
}

TEST_F(wallet_redeem, BadArgumentsAreUsageErrorsAndSendNothing) {
    EXPECT_EQ(cli({"redeem", "--key", "alice", "--asset", "GONETTE", "--amount", "1.001", "--yes"}).code, 2);
    EXPECT_EQ(cli({"redeem", "--key", "alice", "--asset", "GONETTE", "--amount", "1.00", "--payout-ref", "xy",
                   "--yes"})
                  .code,
              2);
    EXPECT_EQ(node.submits(), 0);
}

}  // namespace
}  // namespace folio::wallet
