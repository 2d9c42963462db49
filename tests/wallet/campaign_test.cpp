// folio-wallet subscribe and withdraw against the stand-in node (fake_node.h): a donation campaign in EURX
// (currency, 2 decimals, no KYC rule) that alice (KYC'd retail here) joins and leaves.
#include <gtest/gtest.h>

#include "contracts/campaign.h"
#include "wallet_fixture.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
using test::run_cli;
using test::write_text;

class wallet_campaign : public test::WalletFixture {
  protected:
    void SetUp() override {
        WalletFixture::SetUp();
        if (HasFatalFailure()) return;
        node.with_chain([&](test::TestChain& c) {
            auto run = [&](Op op) {
                auto done = c.run_block({c.make_tx(c.registrar, std::move(op))});
                ASSERT_EQ(done.receipts.size(), 1u);
                ASSERT_EQ(done.receipts[0].status, TxStatus::success) << reason_name(done.receipts[0].reason);
            };
            run(encode_op(AssetCreateOp{"EURX", AssetClass::currency, 2, 100000000, {}, Policy{0, 0, true}}));
            run(encode_op(IssueOp{"EURX", {{c.alice_id, 10000}}}));
            run(encode_op(KycAttestOp{c.alice_id, 1, "retail", 4102444800000ULL, {}}));
            contracts::CampaignCreateOp create;
            create.currency = "EURX";
            create.target = 5000;
            create.cap = create.max_ticket = 50000;
            create.min_ticket = 100;
            create.deadline_ms = c.ledger().head().time_ms + 3'600'000;
            const TxPtr tx = c.make_tx(c.registrar, contracts::encode_campaign_create(create));
            auto done = c.run_block({tx});
            ASSERT_EQ(done.receipts.at(0).status, TxStatus::success) << reason_name(done.receipts[0].reason);
            campaign = instrument_id_hex(instrument_id(tx->tx_hash, 0));
            alice_id = c.alice_id;
        });
    }

    Amount eurx(const AccountId& id) {
        return node.with_chain([&](test::TestChain& c) {
            AssetId a = 0;
            Balance b;
            if (read_asset_id(c.ledger().state(), "EURX", a))
                (void)read_balance(c.ledger().state(), a, id, b);
            return b.amount;
        });
    }
    Amount escrow() {
        return node.with_chain([&](test::TestChain& c) {
            AssetId a = 0;
            Asset rec;
            if (!read_asset_id(c.ledger().state(), "EURX", a) || !read_asset(c.ledger().state(), a, rec))
                return Amount{0};
            return rec.escrow;
        });
    }

    std::string campaign;
    AccountId alice_id{};
};

TEST_F(wallet_campaign, SubscribeReadsTheCampaignsCurrencyAndEscrowsTheAmount) {
    auto r = cli({"subscribe", "--campaign", campaign, "--amount", "25.5", "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["status"], "committed");
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["op"], "campaign_subscribe");
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["amount"], "25.50");
    EXPECT_EQ(eurx(alice_id), 10000u - 2550u);
    EXPECT_EQ(escrow(), 2550u);
}

TEST_F(wallet_campaign, SubscribeShowsTheCampaignAndAsksBeforeSigning) {
    auto declined = cli({"subscribe", "--campaign", campaign, "--amount", "10.00"}, false);
    EXPECT_EQ(declined.code, 2);
    EXPECT_NE(declined.err.find("raised 0.00 of target 50.00 EURX"), std::string::npos) << declined.err;
    EXPECT_EQ(node.submits(), 0);
}

TEST_F(wallet_campaign, WithdrawReturnsTheWholeSubscription) {
    ASSERT_EQ(cli({"subscribe", "--campaign", campaign, "--amount", "30.00", "--yes"}).code, 0);
    auto r = cli({"withdraw", "--campaign", campaign, "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["op"], "campaign_withdraw");
    EXPECT_EQ(eurx(alice_id), 10000u);
    EXPECT_EQ(escrow(), 0u);
}

TEST_F(wallet_campaign, RefusalsEndWithTheirReason) {
    auto bad_id = cli({"subscribe", "--campaign", "xyz", "--amount", "1.00", "--yes"});
    EXPECT_EQ(bad_id.code, 2);
    auto unknown =
        cli({"subscribe", "--campaign", std::string(32, '0'), "--amount", "1.00", "--yes", "--json"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_EQ(unknown.doc()["error"]["reason"], "UNKNOWN_ID") << unknown.out;
    auto small = cli({"subscribe", "--campaign", campaign, "--amount", "0.50", "--yes", "--json"});
    EXPECT_EQ(small.code, 1);
    EXPECT_EQ(small.doc()["error"]["reason"], "TICKET_OUT_OF_BOUNDS") << small.out;
    auto nothing = cli({"withdraw", "--campaign", campaign, "--yes", "--json"});
    EXPECT_EQ(nothing.code, 1);
    EXPECT_EQ(nothing.doc()["error"]["reason"], "UNKNOWN_ID") << nothing.out;
    EXPECT_EQ(node.submits(), 2)
        << "the refused subscription and withdrawal were submitted and refused; nothing else";
}

}  // namespace
}  // namespace folio::wallet
