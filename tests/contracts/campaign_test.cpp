// The campaign instrument (contracts/campaign.h) through real blocks and the store: one test per rule and per
// refusal. The chain of tests/contracts/instrument_chain.h: holders h0..h3 (retail, KYC level 1) with
// 1,000.00 EURX and 100 ACME each; the registrar issues both and, here, is KYC'd so that it can receive the
// funds a campaign releases.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "chain/crypto/bech32m.h"
#include "contracts/campaign.h"
#include "contracts/campaign_queries.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {
namespace {

using contracts::Campaign;
using contracts::CampaignCreateOp;
using contracts::CampaignPageOp;
using contracts::CampaignStatus;
using contracts::CampaignSubscribeOp;
using contracts::CampaignWithdrawOp;
using nlohmann::json;

constexpr size_t kIssuer = InstrumentChain::kRegistrar;
constexpr uint64_t kDayMs = 24ull * 3600 * 1000;

std::vector<std::unique_ptr<contracts::Instrument>> campaign_only() {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(contracts::make_campaign_instrument());
    return v;
}

bool succeeded(const Receipt& r) {
    return r.status == TxStatus::success;
}

class CampaignChain {
  public:
    CampaignChain() : chain_(campaign_only()) {
        // The registrar attests itself (professional) so that released EURX can reach it.
        attest(kIssuer, 1, "professional");
    }

    InstrumentChain& chain() { return chain_; }

    void attest(size_t who, uint8_t level, std::string category, uint64_t expires_ms = 4102444800000ULL) {
        const Receipt r = chain_.run_one(
            kIssuer,
            {encode_op(KycAttestOp{chain_.account(who), level, std::move(category), expires_ms, {}})});
        ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    }

    // 10.00 EURX a share, target 100.00, cap 500.00, tickets 10.00..300.00, deadline a minute ahead.
    CampaignCreateOp terms(std::string asset = "ACME") const {
        CampaignCreateOp op;
        op.asset = std::move(asset);
        op.currency = "EURX";
        op.price = op.asset.empty() ? 0 : 1000;
        op.target = 10000;
        op.cap = 50000;
        op.min_ticket = 1000;
        op.max_ticket = 30000;
        op.deadline_ms = chain_.next_block_time_ms() + 60'000;
        op.terms_hash.fill(0x11);
        return op;
    }

    // Creates the campaign (the issuer signs) and returns its id; fails the test if refused.
    InstrumentId create(const CampaignCreateOp& op, size_t signer = kIssuer) {
        const TxPtr tx = chain_.tx(signer, {contracts::encode_campaign_create(op)});
        const BuiltBlock b = chain_.run({tx});
        EXPECT_EQ(b.result.receipts.size(), 1u);
        EXPECT_TRUE(!b.result.receipts.empty() && succeeded(b.result.receipts[0]))
            << (b.result.receipts.empty() ? "excluded" : reason_name(b.result.receipts[0].reason));
        return instrument_id(tx->tx_hash, 0);
    }
    Receipt try_create(const CampaignCreateOp& op, size_t signer = kIssuer) {
        return chain_.run_one(signer, {contracts::encode_campaign_create(op)});
    }
    Receipt subscribe(const InstrumentId& id, size_t investor, Amount amount) {
        return chain_.run_one(
            investor, {contracts::encode_campaign_subscribe(CampaignSubscribeOp{id, "EURX", amount})});
    }
    Receipt withdraw(const InstrumentId& id, size_t investor) {
        return chain_.run_one(investor, {contracts::encode_campaign_withdraw(CampaignWithdrawOp{id})});
    }
    Receipt close(const InstrumentId& id, size_t signer, uint32_t limit = 500) {
        return chain_.run_one(signer, {contracts::encode_campaign_close(CampaignPageOp{id, limit})});
    }
    Receipt settle(const InstrumentId& id, size_t signer, uint32_t limit = 500) {
        return chain_.run_one(signer, {contracts::encode_campaign_settle(CampaignPageOp{id, limit})});
    }
    // Moves block time past the campaign's deadline.
    void pass_deadline(const InstrumentId& id) {
        const uint64_t next = chain_.next_block_time_ms();
        const uint64_t deadline = campaign(id).terms.deadline_ms;
        if (next <= deadline) chain_.advance_time_ms(deadline - next + 1);
    }

    Campaign campaign(const InstrumentId& id) const {
        auto c = contracts::read_campaign(chain_.ledger().state(), id);
        EXPECT_TRUE(c.has_value());
        return c.value_or(Campaign{});
    }
    Amount eurx(size_t who) const { return chain_.balance("EURX", who).amount; }
    Amount acme(size_t who) const { return chain_.balance("ACME", who).amount; }

    Result<json> query(std::string_view name, const json& params) {
        const DecimalsLookup decimals = [this](std::string_view symbol) -> std::optional<uint8_t> {
            AssetId id = 0;
            Asset a;
            if (!read_asset_id(chain_.ledger().state(), symbol, id) ||
                !read_asset(chain_.ledger().state(), id, a))
                return std::nullopt;
            return a.decimals;
        };
        QueryContext ctx{chain_.ledger().state(), chain_.ledger().height(), chain_.ledger().store(),
                         decimals};
        for (const InstrumentQuery* q : chain_.registry().queries()) {
            if (q->name == name) return q->handler(ctx, params);
        }
        return make_error(Reason::NOT_FOUND, "no query");
    }

  private:
    mutable InstrumentChain chain_;
};

size_t count_events(const Receipt& r, std::string_view kind) {
    size_t n = 0;
    for (const Event& e : r.events) n += e.kind == kind ? 1 : 0;
    return n;
}

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

// ---- queries and JSON

TEST(Campaign, CampaignListFiltersByAssetAndStatus) {
    CampaignChain c;
    const InstrumentId a = c.create(c.terms());
    const InstrumentId b = c.create(c.terms(""));
    ASSERT_TRUE(succeeded(c.subscribe(b, 0, 10000)));
    ASSERT_TRUE(succeeded(c.close(b, kIssuer)));
    auto all = c.query("campaign_list", json::object());
    ASSERT_TRUE(all.ok());
    ASSERT_EQ((*all)["campaigns"].size(), 2u);
    EXPECT_EQ((*all)["campaigns"][0]["id"], instrument_id_hex(a));
    auto acme = c.query("campaign_list", {{"asset", "ACME"}});
    ASSERT_EQ((*acme)["campaigns"].size(), 1u);
    auto succeeded_ones = c.query("campaign_list", {{"status", "succeeded"}});
    ASSERT_EQ((*succeeded_ones)["campaigns"].size(), 1u);
    EXPECT_EQ((*succeeded_ones)["campaigns"][0]["id"], instrument_id_hex(b));
    EXPECT_EQ((*succeeded_ones)["campaigns"][0]["settled"], true);
    EXPECT_FALSE(c.query("campaign_list", {{"status", "closed"}}).ok());
}

TEST(Campaign, CampaignGetShowsAnInvestorsSubscription) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    auto got = c.query("campaign_get", {{"id", instrument_id_hex(id)},
                                        {"account", crypto::encode_address(c.chain().account(0))}});
    ASSERT_TRUE(got.ok());
    EXPECT_EQ((*got)["subscription"]["amount"], "50.00");
    EXPECT_EQ((*got)["subscribers"], 1);
    EXPECT_EQ((*got)["escrow"], "50.00");
    EXPECT_EQ((*got)["units"], "5");
    InstrumentId unknown{};
    EXPECT_EQ(c.query("campaign_get", {{"id", instrument_id_hex(unknown)}}).error().reason,
              Reason::UNKNOWN_ID);
}

// The keys of a JSON value, recursively ("a", "a.b", "a[].c"), for comparing an example with a live answer.
void collect_keys(const json& j, const std::string& prefix, std::set<std::string>& out) {
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            out.insert(prefix + k);
            collect_keys(v, prefix + k + ".", out);
        }
    } else if (j.is_array() && !j.empty()) {
        collect_keys(j[0], prefix + "[].", out);
    }
}

TEST(Campaign, QueryExamplesHaveTheKeysOfLiveAnswers) {
    CampaignChain c;
    const InstrumentId id = c.create(c.terms());
    ASSERT_TRUE(succeeded(c.subscribe(id, 0, 5000)));
    for (const InstrumentQuery* q : c.chain().registry().queries()) {
        json params = json::parse(q->example_params);
        if (params.contains("id")) params["id"] = instrument_id_hex(id);
        if (params.contains("asset")) params["asset"] = "ACME";
        auto live = c.query(q->name, params);
        ASSERT_TRUE(live.ok()) << q->name << ": " << live.error().message;
        std::set<std::string> example_keys, live_keys;
        collect_keys(json::parse(q->example_result), "", example_keys);
        collect_keys(*live, "", live_keys);
        if (q->name == "campaign_list") {
            ASSERT_FALSE((*live)["campaigns"].empty());
            std::set<std::string> row_keys;
            collect_keys((*live)["campaigns"][0], "", row_keys);
            std::set<std::string> get_keys;
            auto got = c.query("campaign_get", {{"id", instrument_id_hex(id)}});
            collect_keys(*got, "", get_keys);
            EXPECT_EQ(row_keys, get_keys) << "a campaign_list row is a campaign_get answer";
            continue;  // its example lists no campaign
        }
        EXPECT_EQ(example_keys, live_keys) << q->name;
    }
}

TEST(Campaign, OpsRoundTripThroughJson) {
    CampaignChain c;
    const InstrumentRegistry& registry = c.chain().registry();
    const DecimalsLookup decimals = [](std::string_view s) -> std::optional<uint8_t> {
        if (s == "EURX") return 2;
        if (s == "ACME") return 0;
        return std::nullopt;
    };
    const std::string id(32, 'a');
    const json ops[] = {
        {{"op", "campaign_create"},
         {"asset", "ACME"},
         {"currency", "EURX"},
         {"price", "10.00"},
         {"target", "100.00"},
         {"cap", "500.00"},
         {"min_ticket", "10.00"},
         {"max_ticket", "300.00"},
         {"deadline_ms", 1767225600000ULL},
         {"terms_hash", std::string(64, '1')}},
        {{"op", "campaign_create"},
         {"asset", nullptr},
         {"currency", "EURX"},
         {"target", "100.00"},
         {"cap", "500.00"},
         {"min_ticket", "1.00"},
         {"max_ticket", "300.00"},
         {"deadline_ms", 1767225600000ULL},
         {"terms_hash", std::string(64, '2')}},
        {{"op", "campaign_subscribe"}, {"id", id}, {"currency", "EURX"}, {"amount", "12.50"}},
        {{"op", "campaign_withdraw"}, {"id", id}},
        {{"op", "campaign_close"}, {"id", id}, {"limit", 500}},
        {{"op", "campaign_settle"}, {"id", id}, {"limit", 20}},
    };
    for (const json& j : ops) {
        auto op = registry.op_from_json(j, decimals);
        ASSERT_TRUE(op.ok()) << j.dump() << ": " << op.error().message;
        EXPECT_TRUE(registry.check_op(*op)) << j.dump();
        json back;
        ASSERT_TRUE(registry.op_to_json(*op, decimals, back)) << j.dump();
        EXPECT_EQ(back, j);
    }
    json typo = ops[2];
    typo["amonut"] = "1.00";
    EXPECT_EQ(registry.op_from_json(typo, decimals).error().reason, Reason::INVALID_ARGUMENT);
    json too_precise = ops[2];
    too_precise["amount"] = "1.001";
    EXPECT_EQ(registry.op_from_json(too_precise, decimals).error().reason, Reason::BAD_AMOUNT);
    json big_page = ops[5];
    big_page["limit"] = 10001;
    EXPECT_FALSE(registry.op_from_json(big_page, decimals).ok());
}

TEST(Campaign, DecodersRefuseTrailingBytesAndAZeroLimit) {
    CampaignChain c;
    const InstrumentRegistry& registry = c.chain().registry();
    Op settle = contracts::encode_campaign_settle(CampaignPageOp{{}, 0});
    EXPECT_EQ(registry.check_op(settle).error().reason, Reason::DECODE_ERROR);
    Op withdraw = contracts::encode_campaign_withdraw(CampaignWithdrawOp{});
    withdraw.payload.push_back(0);
    EXPECT_EQ(registry.check_op(withdraw).error().reason, Reason::DECODE_ERROR);
    Campaign rec;
    rec.terms.currency = "EURX";
    Campaign back;
    ASSERT_TRUE(Campaign::decode(rec.encode(), back));
    EXPECT_EQ(back, rec);
    Bytes bad = rec.encode();
    bad.push_back(0);
    EXPECT_FALSE(Campaign::decode(bad, back));
}

TEST(Campaign, TheProductRegistryOwnsTheCampaignTagsAndQueries) {
    auto registry = contracts::make_registry();
    for (uint16_t tag = 0x0120; tag <= 0x0124; ++tag) {
        EXPECT_TRUE(registry->owns(tag)) << tag;
        EXPECT_EQ(registry->state_prefix_of(tag), contracts::kCampaignPrefix);
    }
    EXPECT_EQ(registry->op_name(0x0121), "campaign_subscribe");
    std::set<std::string> names;
    for (const InstrumentQuery* q : registry->queries()) names.insert(q->name);
    EXPECT_TRUE(names.count("campaign_get") && names.count("campaign_list"));
    for (const InstrumentQuery* q : registry->queries()) {
        for (const std::string* text :
             {&q->params, &q->result_schema, &q->example_params, &q->example_result}) {
            EXPECT_FALSE(json::parse(*text, nullptr, false).is_discarded()) << q->name << ": " << *text;
        }
    }
}

}  // namespace
}  // namespace folio::test
