// folio-wallet pending, cancel, transfer of an approval asset (it sends transfer_request) and claim --coupon,
// against the stand-in node (fake_node.h). ACME (the genesis equity, alice holds 100.00) gets the policy
// approval = true from its issuer, the registrar.
#include <gtest/gtest.h>

#include "chain/op_json.h"
#include "contracts/equity.h"
#include "wallet_fixture.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

class WalletRequests : public test::WalletFixture {
  protected:
    void SetUp() override {
        WalletFixture::SetUp();
        if (HasFatalFailure()) return;
        alice = address_of("alice");
        bob = address_of("bob");
        set_approval(true);
    }
    // The registrar, ACME's issuer, sets its policy.
    void set_approval(bool approval) {
        node.with_chain([approval](test::TestChain& c) {
            contracts::PolicySetOp p;
            p.asset = "ACME";
            p.approval = approval;
            auto done = c.run_block({c.make_tx(c.registrar, contracts::encode_policy_set(p))});
            ASSERT_EQ(done.receipts.size(), 1u);
            ASSERT_EQ(done.receipts[0].status, TxStatus::success) << reason_name(done.receipts[0].reason);
        });
    }
    Balance acme_of_alice() {
        return node.with_chain([](test::TestChain& c) {
            AssetId id = 0;
            Balance b;
            if (read_asset_id(c.ledger().state(), "ACME", id))
                (void)read_balance(c.ledger().state(), id, c.alice_id, b);
            return b;
        });
    }
    // alice asks to transfer 1.00 ACME to bob; the request's id.
    std::string request_one() {
        auto r = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1.00", "--yes", "--json"});
        EXPECT_EQ(r.code, 0) << r.out << r.err;
        return r.doc().value("request_id", std::string());
    }

    std::string alice, bob;
};

using wallet_transfer_request = WalletRequests;
using wallet_pending = WalletRequests;
using wallet_cancel = WalletRequests;
using wallet_claim_coupon = WalletRequests;

TEST_F(wallet_transfer_request, ApprovalAssetIsAskedForAndTheAmountLocked) {
    const Amount before = acme_of_alice().amount;
    auto r = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1.50", "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const json doc = r.doc();
    EXPECT_EQ(doc["status"], "committed");
    EXPECT_EQ(doc["sent_as"], "transfer_request");
    EXPECT_EQ(doc["tx"]["ops"][0]["op"], "transfer_request");
    EXPECT_EQ(doc["tx"]["ops"][0]["amount"], "1.50");
    ASSERT_TRUE(doc["request_id"].is_string());
    EXPECT_EQ(doc["request_id"].get<std::string>().size(), 32u);
    const Balance after = acme_of_alice();
    EXPECT_EQ(after.amount, before);  // nothing moved yet
    EXPECT_EQ(after.locked, 150u);
}

TEST_F(wallet_transfer_request, HumanOutputSaysARequestWasSent) {
    auto r = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1.00", "--yes"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("moves only with its issuer's approval: sending a transfer_request"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("folio-wallet cancel --id "), std::string::npos) << r.out;
}

TEST_F(wallet_transfer_request, ExpiresSetsTheRequestsExpiry) {
    auto r = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1.00", "--expires",
                  "4102444800000", "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["expires_ms"], 4102444800000ULL);
}

TEST_F(wallet_transfer_request, ExpiresOnAnAssetWithoutApprovalIsAUsageError) {
    set_approval(false);
    ASSERT_FALSE(HasFatalFailure());
    const int before = node.submits();
    auto r = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1.00", "--expires", "4102444800000",
                  "--yes", "--json"});
    EXPECT_EQ(r.code, 2) << r.out << r.err;
    EXPECT_EQ(node.submits(), before);
    auto plain = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1.00", "--yes", "--json"});
    ASSERT_EQ(plain.code, 0) << plain.out << plain.err;
    EXPECT_EQ(plain.doc()["tx"]["ops"][0]["op"], "transfer");
    EXPECT_FALSE(plain.doc().contains("sent_as"));
}

TEST_F(wallet_pending, ListsTheRequestsOfTheKeysAccount) {
    const std::string id = request_one();
    ASSERT_EQ(id.size(), 32u);
    auto j = cli({"pending", "--json"});
    ASSERT_EQ(j.code, 0) << j.err;
    ASSERT_EQ(j.doc()["requests"].size(), 1u);
    EXPECT_EQ(j.doc()["requests"][0]["id"], id);
    EXPECT_EQ(j.doc()["requests"][0]["from"], alice);
    EXPECT_EQ(j.doc()["requests"][0]["to"], bob);
    EXPECT_EQ(j.doc()["requests"][0]["amount"], "1.00");
    auto h = cli({"pending"});
    ASSERT_EQ(h.code, 0) << h.err;
    EXPECT_NE(h.out.find(id), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("out"), std::string::npos) << h.out;
    EXPECT_NE(h.out.find(bob), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("pending"), std::string::npos) << h.out;
}

TEST_F(wallet_pending, TheReceiverSeesItAsIncoming) {
    const std::string id = request_one();
    auto h = cli({"pending", "--account", bob});
    ASSERT_EQ(h.code, 0) << h.err;
    EXPECT_NE(h.out.find(id), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("in  "), std::string::npos) << h.out;
    EXPECT_NE(h.out.find(alice), std::string::npos) << h.out;
}

TEST_F(wallet_pending, NoneIsSaid) {
    auto h = cli({"pending"});
    ASSERT_EQ(h.code, 0) << h.err;
    EXPECT_NE(h.out.find("(none)"), std::string::npos) << h.out;
    auto j = cli({"pending", "--json"});
    EXPECT_TRUE(j.doc()["requests"].empty());
}

TEST_F(wallet_cancel, CancelUnlocksTheAmountAndEmptiesPending) {
    const std::string id = request_one();
    ASSERT_EQ(acme_of_alice().locked, 100u);
    auto r = cli({"cancel", "--id", id, "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["op"], "transfer_cancel");
    EXPECT_EQ(acme_of_alice().locked, 0u);
    EXPECT_TRUE(cli({"pending", "--json"}).doc()["requests"].empty());
}

TEST_F(wallet_cancel, UnknownRequestExitsOneWithItsReason) {
    auto r = cli({"cancel", "--id", std::string(32, 'a'), "--yes", "--json"});
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("UNKNOWN_ID"), std::string::npos) << r.out << r.err;
}

TEST_F(wallet_cancel, BadIdIsRefusedBeforeAnythingIsSent) {
    const int before = node.submits();
    EXPECT_NE(cli({"cancel", "--id", "XYZ", "--yes"}).code, 0);
    EXPECT_EQ(node.submits(), before);
}

TEST_F(wallet_claim_coupon, ClaimCouponSendsCouponClaim) {
    // No minibond BOND here: the op is built and sent, and the ledger's reason comes back.
    auto r = cli({"claim", "--coupon", "ACME:3", "--yes", "--json"});
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("UNKNOWN_ID"), std::string::npos) << r.out << r.err;
}

TEST_F(wallet_claim_coupon, ClaimNeedsExactlyOneOfDistributionAndCoupon) {
    const int before = node.submits();
    EXPECT_NE(cli({"claim", "--yes"}).code, 0);
    EXPECT_NE(cli({"claim", "--coupon", "BOND:1", "--distribution", std::string(32, 'a'), "--yes"}).code, 0);
    for (const char* bad : {"BOND", "BOND:", "BOND:0", "BOND:x", "BOND:70000", "bad!:1"})
        EXPECT_NE(cli({"claim", "--coupon", bad, "--yes"}).code, 0) << bad;
    EXPECT_EQ(node.submits(), before);
}

}  // namespace
}  // namespace folio::wallet
