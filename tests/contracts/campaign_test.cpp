// The campaign instrument (contracts/campaign.h) through real blocks and the store: one test per rule and per
// refusal, on the chain of tests/contracts/campaign_chain.h.
#include <gtest/gtest.h>

#include "chain/crypto/bech32m.h"
#include "contracts/minibond.h"
#include "tests/contracts/campaign_chain.h"

namespace folio::test {
namespace {

// ---- campaign_create

TEST(Campaign, CreateRecordsTheCampaignUnderItsInstrumentId) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    const Campaign rec = c.campaign(id);
    EXPECT_EQ(rec.status, CampaignStatus::open);
    EXPECT_EQ(rec.terms.asset, "ACME");
    EXPECT_EQ(rec.terms.price, 1000u);
    EXPECT_EQ(rec.issuer, c.chain().account(kIssuer));
    EXPECT_EQ(rec.raised, 0u);
    auto got = c.query("campaign_get", {{"id", instrument_id_hex(id)}});
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ((*got)["status"], "open");
    EXPECT_EQ((*got)["target"], "100.00");
    EXPECT_EQ((*got)["price"], "10.00");
    EXPECT_EQ((*got)["raised"], "0.00");
}

TEST(Campaign, DeadlineMoreThan90DaysAfterTheBlockIsRefused) {
    CampaignChain c;
    CampaignCreateOp op = c.terms();
    op.deadline_ms = c.chain().next_block_time_ms() + 90 * kDayMs + 1;
    EXPECT_EQ(c.try_create(op).reason, Reason::DEADLINE_TOO_FAR);
    op.deadline_ms = c.chain().next_block_time_ms() + 90 * kDayMs;
    EXPECT_TRUE(succeeded(c.try_create(op))) << "exactly 90 days is allowed";
}

TEST(Campaign, DeadlineNotAfterTheBlockIsRefused) {
    CampaignChain c;
    CampaignCreateOp op = c.terms();
    op.deadline_ms = c.chain().next_block_time_ms();
    EXPECT_EQ(c.try_create(op).reason, Reason::INVALID_ARGUMENT);
}

TEST(Campaign, OnlyAnIssuerOfTheAssetCreatesItsCampaign) {
    CampaignChain c;
    EXPECT_EQ(c.try_create(c.terms(), 0).reason, Reason::NOT_AUTHORIZED);
    EXPECT_EQ(c.try_create(c.terms(""), 0).reason, Reason::NOT_AUTHORIZED)
        << "a donation campaign needs the role";
}

// A loan campaign: the minibond's repayment terms are set before it opens.
TEST(Campaign, LoanCampaignOfAMinibondWithoutTermsIsRefused) {
    std::vector<std::unique_ptr<contracts::Instrument>> instruments = campaign_only();
    instruments.push_back(contracts::make_minibond_instrument());
    CampaignChain c(std::move(instruments));
    const AssetCreateOp bond{"BOND", AssetClass::minibond, 0, 1000, {}, Policy{1, 0, true}};
    ASSERT_TRUE(succeeded(c.chain().run_one(kIssuer, {encode_op(bond)})));
    const Receipt refused = c.try_create(c.terms("BOND"));
    EXPECT_EQ(refused.reason, Reason::INVALID_ARGUMENT);
    EXPECT_TRUE(c.query("campaign_list", json::object()).value()["campaigns"].empty());

    ASSERT_TRUE(succeeded(c.send(kIssuer, {{"op", "minibond_terms"},
                                           {"asset", "BOND"},
                                           {"currency", "EURX"},
                                           {"nominal", "10.00"},
                                           {"rate_bps", 700},
                                           {"schedule", "annuity"},
                                           {"period_months", 1},
                                           {"instalments", 12},
                                           {"first_due_ms", c.chain().next_block_time_ms() + 90 * kDayMs}})));
    const InstrumentId id = c.create(c.terms("BOND"));
    EXPECT_EQ(c.campaign(id).terms.asset, "BOND");
}

TEST(Campaign, InconsistentTermsAreRefused) {
    CampaignChain c;
    auto refused = [&](auto change) {
        CampaignCreateOp op = c.terms();
        change(op);
        return c.try_create(op).reason;
    };
    EXPECT_EQ(refused([](CampaignCreateOp& o) { o.cap = o.target - 1; }), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(refused([](CampaignCreateOp& o) { o.target = 0; }), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(refused([](CampaignCreateOp& o) { o.min_ticket = 0; }), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(refused([](CampaignCreateOp& o) { o.max_ticket = o.cap + 1; }), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(refused([](CampaignCreateOp& o) { o.price = 0; }), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(refused([](CampaignCreateOp& o) { o.currency = "ACME", o.asset = "EURX"; }),
              Reason::INVALID_ARGUMENT)
        << "the currency must be of class currency";
    EXPECT_EQ(refused([](CampaignCreateOp& o) { o.currency = "NOPE"; }), Reason::UNKNOWN_ASSET);
}

// ---- campaign_subscribe

TEST(Campaign, SubscriptionMovesTheFundsIntoTheCurrencysEscrow) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    const Amount supply = c.chain().asset_record("EURX").supply;
    const Receipt r = c.subscribe(id, 0, 5000);
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    EXPECT_EQ(c.eurx(0), 100000u - 5000u);
    EXPECT_EQ(c.chain().asset_record("EURX").escrow, 5000u);
    EXPECT_EQ(c.chain().asset_record("EURX").supply, supply);
    EXPECT_EQ(c.eurx(kIssuer), 0u) << "no account holds the funds";
    EXPECT_TRUE(c.chain().conserved("EURX"));
    ASSERT_EQ(count_events(r, "campaign_subscribe"), 1u);
    EXPECT_EQ(r.events[0].accounts.at(0), c.chain().account(0));
    EXPECT_EQ(r.events[0].amounts.at(0), 5000u);
    const Campaign rec = c.campaign(id);
    EXPECT_EQ(rec.raised, 5000u);
    EXPECT_EQ(rec.units, 5u);
    EXPECT_EQ(rec.subscribers, 1u);
    // A second subscription adds to the first.
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 2000)));
    EXPECT_EQ(c.campaign(id).subscribers, 1u);
    EXPECT_EQ(c.campaign(id).raised, 7000u);
}

TEST(Campaign, SubscriptionToAnUnknownCampaignIsRefused) {
    CampaignChain c;
    InstrumentId nobody{};
    nobody[0] = 7;
    EXPECT_EQ(c.subscribe(nobody, 0, 5000).reason, Reason::UNKNOWN_ID);
}

TEST(Campaign, SubscriptionOverTheCapIsRefused) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 30000)));
    EXPECT_EQ(c.subscribe(id, 1, 30000).reason, Reason::CAMPAIGN_FULL);
    EXPECT_TRUE(succeeded(c.subscribe(id, 1, 20000))) << "up to the cap exactly";
    EXPECT_EQ(c.chain().asset_record("EURX").escrow, 50000u);
}

TEST(Campaign, TicketsOutsideTheBoundsAreRefused) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    EXPECT_EQ(c.subscribe(id, 0, 990).reason, Reason::TICKET_OUT_OF_BOUNDS);
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 25000)));
    EXPECT_EQ(c.subscribe(id, 0, 6000).reason, Reason::TICKET_OUT_OF_BOUNDS) << "max_ticket bounds the total";
    EXPECT_EQ(c.eurx(0), 100000u - 25000u);
}

TEST(Campaign, SubscriptionNotAMultipleOfThePriceIsRefused) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    EXPECT_EQ(c.subscribe(id, 0, 1050).reason, Reason::TICKET_OUT_OF_BOUNDS);
}

TEST(Campaign, SubscriptionInAnotherCurrencyThanTheCampaignsIsRefused) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    const Receipt r =
        c.chain().run_one(0, {contracts::encode_campaign_subscribe(CampaignSubscribeOp{id, "ACME", 5000})});
    EXPECT_EQ(r.reason, Reason::INVALID_ARGUMENT);
}

TEST(Campaign, SubscriptionBeyondTheInvestorsBalanceIsRefused) {
    CampaignChain c;
    CampaignCreateOp op = c.terms("");
    op.max_ticket = op.cap = 200000;
    const InstrumentId id = c.create(op);
    EXPECT_EQ(c.subscribe(id, 0, 100001).reason, Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(c.chain().asset_record("EURX").escrow, 0u);
}

TEST(Campaign, SubscriptionNeedsTheKycTheAssetRequires) {
    CampaignChain c;
    AssetCreateOp beta{"BETA", AssetClass::equity, 0, 1000, {}, Policy{2, 0, true}};
    ASSERT_TRUE(succeeded(c.chain().run_one(kIssuer, {encode_op(beta)})));
    const InstrumentId id = c.create(c.terms("BETA"));
    EXPECT_EQ(c.subscribe(id, 0, 5000).reason, Reason::KYC_REQUIRED) << "h0 has level 1, BETA asks 2";
    c.attest(0, 2, "retail");
    EXPECT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
}

TEST(Campaign, SubscriptionWithAnExpiredKycIsRefused) {
    CampaignChain c;
    c.attest(1, 1, "retail", c.chain().next_block_time_ms() + 1500);
    const InstrumentId id = c.create(c.terms());
    c.chain().advance_time_ms(2000);
    EXPECT_EQ(c.subscribe(id, 1, 5000).reason, Reason::KYC_EXPIRED);
}

TEST(Campaign, SubscriptionsBeyondTheMaxSupplyAreRefused) {
    CampaignChain c;
    CampaignCreateOp op = c.terms();
    op.price = 100;  // 1.00 EURX a share: 600 shares are left under ACME's max supply of 1,000
    op.cap = op.max_ticket = 100000;
    const InstrumentId id = c.create(op);
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 60000)));
    EXPECT_EQ(c.subscribe(id, 1, 1000).reason, Reason::SUPPLY_CAP);
}

TEST(Campaign, SubscriptionsBeyondTheHolderLimitAreRefused) {
    CampaignChain c;
    AssetCreateOp gamma{"GAMMA", AssetClass::equity, 0, 1000, {}, Policy{1, 2, true}};
    ASSERT_TRUE(succeeded(c.chain().run_one(kIssuer, {encode_op(gamma)})));
    const InstrumentId id = c.create(c.terms("GAMMA"));
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 5000)));
    EXPECT_EQ(c.subscribe(id, 2, 5000).reason, Reason::POLICY_REFUSED);
    EXPECT_TRUE(succeeded(c.subscribe(id, 1, 1000))) << "an investor already counted may add";
}

TEST(Campaign, SubscriptionAfterTheDeadlineIsRefused) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    c.pass_deadline(id);
    EXPECT_EQ(c.subscribe(id, 0, 5000).reason, Reason::CAMPAIGN_CLOSED);
}

// ---- campaign_withdraw

TEST(Campaign, ARetailInvestorWithdrawsWithinFourDaysAndIsRefundedExactly) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 3000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 2, 2000)));
    c.chain().advance_time_ms(3 * kDayMs);
    const Receipt r = c.withdraw(id, 0);
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    EXPECT_EQ(count_events(r, "campaign_withdraw"), 1u);
    EXPECT_EQ(c.eurx(0), 100000u);
    const Campaign rec = c.campaign(id);
    EXPECT_EQ(rec.raised, 5000u);
    EXPECT_EQ(rec.units, 5u);
    EXPECT_EQ(rec.subscribers, 2u);
    EXPECT_EQ(c.chain().asset_record("EURX").escrow, 5000u);
    // The last subscriber moved into the freed slot; every subscription is still reachable.
    EXPECT_EQ(contracts::read_subscription(c.chain().ledger().state(), id, 0)->account, c.chain().account(2));
    EXPECT_EQ(contracts::read_investor_slot(c.chain().ledger().state(), id, c.chain().account(2)), 0u);
    EXPECT_FALSE(
        contracts::read_investor_slot(c.chain().ledger().state(), id, c.chain().account(0)).has_value());
    EXPECT_TRUE(c.chain().conserved("EURX"));
}

TEST(Campaign, WithdrawalAfterFourDaysIsRefused) {
    CampaignChain c;
    CampaignCreateOp op = c.terms();
    op.deadline_ms = c.chain().next_block_time_ms() + 30 * kDayMs;
    const InstrumentId id = c.create(op);
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    c.chain().advance_time_ms(4 * kDayMs);
    EXPECT_EQ(c.withdraw(id, 0).reason, Reason::WITHDRAWAL_PERIOD_OVER);
    EXPECT_EQ(c.campaign(id).raised, 5000u);
}

TEST(Campaign, WithdrawalByANonRetailInvestorIsRefused) {
    CampaignChain c;
    c.attest(3, 1, "professional");
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 3, 5000)));
    EXPECT_EQ(c.withdraw(id, 3).reason, Reason::NOT_AUTHORIZED);
}

TEST(Campaign, WithdrawalWithoutASubscriptionIsRefused) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    EXPECT_EQ(c.withdraw(id, 0).reason, Reason::UNKNOWN_ID);
}

TEST(Campaign, WithdrawalAfterCloseIsRefused) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 10000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 1000)));
    ASSERT_TRUE(succeeded(c.close(id, kIssuer, 1)));
    EXPECT_EQ(c.withdraw(id, 1).reason, Reason::CAMPAIGN_CLOSED);
}

// ---- campaign_close

TEST(Campaign, CloseBeforeTheDeadlineIsTheIssuersOnceTheTargetIsReached) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 9000)));
    EXPECT_EQ(c.close(id, 0).reason, Reason::CAMPAIGN_OPEN) << "not the issuer";
    EXPECT_EQ(c.close(id, kIssuer).reason, Reason::CAMPAIGN_OPEN) << "target not reached";
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 1000)));
    EXPECT_EQ(c.close(id, 0).reason, Reason::CAMPAIGN_OPEN) << "still not the issuer";
    const Receipt r = c.close(id, kIssuer);
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    EXPECT_EQ(c.campaign(id).status, CampaignStatus::succeeded);
}

TEST(Campaign, AnyoneClosesAfterTheDeadlineAndCloseFixesTheOutcome) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 9000)));
    c.pass_deadline(id);
    ASSERT_TRUE(succeeded(c.close(id, 3, 1)));
    EXPECT_EQ(c.campaign(id).status, CampaignStatus::failed) << "9,000 < target 10,000";
    EXPECT_EQ(c.close(id, 3).reason, Reason::CAMPAIGN_CLOSED);
    EXPECT_EQ(c.subscribe(id, 1, 1000).reason, Reason::CAMPAIGN_CLOSED);
}

TEST(Campaign, CloseOfAnUnknownCampaignIsRefused) {
    CampaignChain c;
    EXPECT_EQ(c.close(InstrumentId{}, 0).reason, Reason::UNKNOWN_ID);
    EXPECT_EQ(c.settle(InstrumentId{}, 0).reason, Reason::UNKNOWN_ID);
}

// ---- settlement

TEST(Campaign, SuccessMintsTheSecuritiesAndReleasesTheFundsToTheIssuer) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 6000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 4000)));
    const Amount acme_supply = c.chain().asset_record("ACME").supply;
    const Receipt r = c.close(id, kIssuer);
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    EXPECT_EQ(c.acme(0), 106u);
    EXPECT_EQ(c.acme(1), 104u);
    EXPECT_EQ(c.chain().asset_record("ACME").supply, acme_supply + 10);
    EXPECT_EQ(c.eurx(kIssuer), 10000u);
    EXPECT_EQ(c.chain().asset_record("EURX").escrow, 0u);
    EXPECT_EQ(count_events(r, "campaign_mint"), 2u);
    EXPECT_EQ(count_events(r, "campaign_release"), 1u);
    EXPECT_TRUE(c.campaign(id).settlement_done());
    EXPECT_TRUE(c.chain().conserved("EURX"));
    EXPECT_TRUE(c.chain().conserved("ACME"));
    EXPECT_EQ(c.settle(id, 0).reason, Reason::CAMPAIGN_CLOSED) << "nothing left to settle";
}

TEST(Campaign, FailureRefundsEverySubscriberExactly) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 3000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 2000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 2, 1000)));
    const Amount acme_supply = c.chain().asset_record("ACME").supply;
    c.pass_deadline(id);
    const Receipt r = c.close(id, 3);
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(c.eurx(i), 100000u) << "holder " << i;
    EXPECT_EQ(count_events(r, "campaign_refund"), 3u);
    EXPECT_EQ(count_events(r, "campaign_mint"), 0u);
    EXPECT_EQ(c.eurx(kIssuer), 0u);
    EXPECT_EQ(c.chain().asset_record("ACME").supply, acme_supply);
    EXPECT_EQ(c.chain().asset_record("EURX").escrow, 0u);
    EXPECT_TRUE(c.chain().conserved("EURX"));
}

TEST(Campaign, SettlementPagesKeepTheEscrowEqualToTheUnsettledSubscriptions) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    for (size_t i = 0; i < 4; ++i) ASSERT_TRUE(succeeded(c.subscribe(id, i, 3000 + 1000 * i)));
    EXPECT_EQ(c.settle(id, 0).reason, Reason::CAMPAIGN_OPEN) << "not closed yet";
    auto escrow_matches = [&] { return c.chain().asset_record("EURX").escrow == c.campaign(id).escrowed(); };
    ASSERT_TRUE(succeeded(c.close(id, kIssuer, 1)));
    EXPECT_EQ(c.campaign(id).cursor, 1u);
    EXPECT_TRUE(escrow_matches());
    ASSERT_TRUE(succeeded(c.settle(id, 2, 2)));
    EXPECT_EQ(c.campaign(id).cursor, 3u);
    EXPECT_TRUE(escrow_matches());
    ASSERT_TRUE(succeeded(c.settle(id, 2, 2)));
    EXPECT_TRUE(c.campaign(id).settlement_done());
    EXPECT_TRUE(escrow_matches());
    EXPECT_EQ(c.eurx(kIssuer), 3000u + 4000u + 5000u + 6000u);
    EXPECT_TRUE(c.chain().conserved("ACME"));
}

TEST(Campaign, ClosingAndSettlingWeighTheirLimit) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    const InstrumentRegistry& registry = c.chain().registry();
    EXPECT_EQ(op_weight(contracts::encode_campaign_settle(CampaignPageOp{id, 321}), registry), 321u);
    EXPECT_EQ(op_weight(contracts::encode_campaign_close(CampaignPageOp{id, 7}), registry), 7u);
    EXPECT_EQ(op_weight(contracts::encode_campaign_subscribe(CampaignSubscribeOp{id, "EURX", 1}), registry),
              1u);
}

TEST(Campaign, ADonationCampaignReleasesTheFundsAndMintsNothing) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms(""));
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 1234)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 8766)));
    const Amount acme_supply = c.chain().asset_record("ACME").supply;
    const Receipt r = c.close(id, kIssuer);
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    EXPECT_EQ(c.eurx(kIssuer), 10000u);
    EXPECT_EQ(count_events(r, "campaign_mint"), 0u);
    EXPECT_EQ(c.chain().asset_record("ACME").supply, acme_supply);
    EXPECT_TRUE(c.chain().conserved("EURX"));
}

// The supply a subscription saw free was taken by a direct issue before the close: the subscriber whose units
// no longer fit is refunded, the others get their shares, and the campaign is settled (nothing stays in escrow).
TEST(Campaign, SubscriberWhoseUnitsNoLongerFitIsRefundedAndTheCampaignStillSettles) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 6000)));
    ASSERT_TRUE(succeeded(c.subscribe(id, 1, 4000)));
    const std::string issuer = crypto::encode_address(c.chain().account(kIssuer));
    // ACME: 400 held, max supply 1,000; 592 more leave room for h0's 6 units but not for h1's 4.
    ASSERT_TRUE(succeeded(c.send(kIssuer, {{"op", "issue"},
                                           {"asset", "ACME"},
                                           {"to", json::array({{{"account", issuer}, {"amount", "592"}}})}})));
    const Receipt r = c.close(id, kIssuer);
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    EXPECT_EQ(c.acme(0), 106u);
    EXPECT_EQ(c.acme(1), 100u);
    EXPECT_EQ(c.eurx(1), 100000u) << "h1 refunded exactly";
    EXPECT_EQ(c.eurx(kIssuer), 6000u) << "only h0's funds are released";
    EXPECT_EQ(c.chain().asset_record("EURX").escrow, 0u);
    EXPECT_EQ(c.chain().asset_record("ACME").supply, 998u);
    EXPECT_EQ(count_events(r, "campaign_mint"), 1u);
    EXPECT_EQ(count_events(r, "campaign_refund"), 1u);
    EXPECT_TRUE(c.campaign(id).settlement_done());
    EXPECT_TRUE(c.chain().conserved("EURX"));
    EXPECT_TRUE(c.chain().conserved("ACME"));
}

TEST(Campaign, SettlementRefusedByALaterFreezeChangesNothingAndResumes) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    c.pass_deadline(id);
    FreezeOp freeze;
    freeze.target = FreezeTarget::account;
    freeze.account = c.chain().account(0);
    ASSERT_TRUE(succeeded(c.chain().run_one(kIssuer, {encode_op(freeze, true)})));
    EXPECT_EQ(c.close(id, 3).reason, Reason::ACCOUNT_FROZEN);
    EXPECT_EQ(c.campaign(id).status, CampaignStatus::open) << "the whole op rolled back";
    ASSERT_TRUE(succeeded(c.chain().run_one(kIssuer, {encode_op(freeze, false)})));
    EXPECT_TRUE(succeeded(c.close(id, 3)));
    EXPECT_EQ(c.eurx(0), 100000u);
}

}  // namespace
}  // namespace folio::test
