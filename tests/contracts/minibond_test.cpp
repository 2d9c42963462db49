// The minibond instrument (contracts/minibond.h) on a stored chain: one test per rule and per refusal, the
// docs' annuity table (10,000.00 EUR, 700 bps, 12 monthly) to the cent through asset_schedule.
#include <gtest/gtest.h>

#include "contracts/payout.h"
#include "tests/contracts/securities_chain.h"

namespace folio::test {
namespace {

constexpr uint64_t kHourMs = 3'600'000;
constexpr uint64_t kMonthMs = 31ull * 24 * kHourMs;

// BOND: 100 bonds of 100.00 EUR (P = 10,000.00), 700 bps, 12 monthly instalments, the first due an hour after
// genesis; issued 10, 20, 30, 40 to holders 0..3.
class Minibond : public ::testing::Test {
  protected:
    void SetUp() override {
        chain.create_asset("BOND", "minibond");
        SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, terms()));
        SecuritiesChain::expect_ok(chain.send(
            SecuritiesChain::kIssuer, chain.issue("BOND", {{0, "10"}, {1, "20"}, {2, "30"}, {3, "40"}})));
    }

    static nlohmann::json terms(std::string schedule = "annuity", uint64_t instalments = 12) {
        return {{"op", "minibond_terms"}, {"asset", "BOND"},
                {"currency", "EUR"},      {"nominal", "100.00"},
                {"rate_bps", 700},        {"schedule", schedule},
                {"period_months", 1},     {"instalments", instalments},
                {"deferral", 0},          {"first_due_ms", kFirstDueMs}};
    }
    nlohmann::json coupon(uint64_t instalment, uint64_t limit = 1000) const {
        return {{"op", "coupon_pay"},
                {"asset", "BOND"},
                {"instalment", instalment},
                {"record_height", chain.height()},
                {"limit", limit}};
    }
    Receipt pay(uint64_t instalment, uint64_t limit = 1000) {
        return chain.send(SecuritiesChain::kIssuer, coupon(instalment, limit));
    }
    nlohmann::json schedule() {
        auto s = chain.query("asset_schedule", {{"asset", "BOND"}});
        EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
        return s.ok() ? s.value() : nlohmann::json();
    }
    std::string status_of(size_t instalment) { return schedule()["instalments"][instalment - 1]["status"]; }
    Amount eur_of_holders() const {
        Amount sum = 0;
        for (size_t i = 0; i < InstrumentChain::kHolders; ++i) sum += chain.eur(i);
        return sum;
    }

    static constexpr uint64_t kFirstDueMs = InstrumentChain::kGenesisTimeMs + kHourMs;
    SecuritiesChain chain;
};

TEST_F(Minibond, ScheduleShowsTheAnnuityTableToTheCent) {
    const nlohmann::json s = schedule();
    EXPECT_EQ(s["terms"]["principal"], "10000.00");
    EXPECT_EQ(s["terms"]["schedule"], "annuity");
    ASSERT_EQ(s["instalments"].size(), 12u);
    const auto& rows = s["instalments"];
    EXPECT_EQ(rows[0]["payment"], "865.27");
    EXPECT_EQ(rows[0]["interest"], "58.33");
    EXPECT_EQ(rows[0]["principal"], "806.94");
    EXPECT_EQ(rows[0]["outstanding"], "9193.06");
    EXPECT_EQ(rows[1]["interest"], "53.63");
    EXPECT_EQ(rows[1]["principal"], "811.64");
    EXPECT_EQ(rows[1]["outstanding"], "8381.42");
    EXPECT_EQ(rows[11]["interest"], "5.02");
    EXPECT_EQ(rows[11]["principal"], "860.23");
    EXPECT_EQ(rows[11]["payment"], "865.25");
    EXPECT_EQ(rows[11]["outstanding"], "0.00");
    EXPECT_EQ(s["total_interest"], "383.22");
    EXPECT_EQ(rows[0]["due_ms"], kFirstDueMs);
    EXPECT_EQ(rows[0]["status"], "future");
}

TEST_F(Minibond, TermsAreLockedAfterTheFirstIssue) {
    const Receipt r = chain.send(SecuritiesChain::kIssuer, terms("constant"));
    EXPECT_EQ(r.reason, Reason::TERMS_LOCKED);
    EXPECT_EQ(schedule()["terms"]["schedule"], "annuity");
}

TEST_F(Minibond, TermsMayBeReplacedBeforeTheFirstIssue) {
    chain.create_asset("BOND2", "minibond");
    nlohmann::json t = terms();
    t["asset"] = "BOND2";
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, t));
    t["schedule"] = "bullet";
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, t));
    auto s = chain.query("asset_schedule", {{"asset", "BOND2"}});
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.value()["terms"]["schedule"], "bullet");
    EXPECT_TRUE(s.value()["instalments"].empty());  // nothing issued: no table yet
}

TEST_F(Minibond, TermsOnlyByTheIssuer) {
    chain.create_asset("BOND2", "minibond");
    nlohmann::json t = terms();
    t["asset"] = "BOND2";
    EXPECT_EQ(chain.send(0, t).reason, Reason::NOT_AUTHORIZED);
}

TEST_F(Minibond, TermsOnlyForAMinibondAsset) {
    nlohmann::json t = terms();
    t["asset"] = "ACME";
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, t).reason, Reason::INVALID_ARGUMENT);
}

TEST_F(Minibond, TermsInASecurityInsteadOfACurrencyAreRefused) {
    chain.create_asset("BOND2", "minibond");
    nlohmann::json t = terms();
    t["asset"] = "BOND2";
    t["currency"] = "BOND";
    t["nominal"] = "100";  // BOND has no decimals
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, t).reason, Reason::INVALID_ARGUMENT);
}

TEST_F(Minibond, TermsOutOfBoundsAreRefusedWhenBuilt) {
    nlohmann::json t = terms();
    t["period_months"] = 5;
    EXPECT_EQ(chain.try_op(t).reason(), Reason::INVALID_ARGUMENT);
    t = terms();
    t["deferral"] = 12;
    EXPECT_EQ(chain.try_op(t).reason(), Reason::INVALID_ARGUMENT);
    t = terms();
    t["nominal"] = "1.001";
    EXPECT_EQ(chain.try_op(t).reason(), Reason::BAD_AMOUNT);
    t = terms();
    t["schedules"] = "annuity";
    EXPECT_EQ(chain.try_op(t).reason(), Reason::INVALID_ARGUMENT);
}

TEST_F(Minibond, CouponRefusedBeforeItIsDue) {
    EXPECT_EQ(pay(1).reason, Reason::NOT_DUE);
    EXPECT_EQ(status_of(1), "future");
}

TEST_F(Minibond, CouponPaysInterestAndPrincipalProRata) {
    chain.skip_time(kHourMs);
    chain.run({});
    EXPECT_EQ(status_of(1), "due");
    const Amount issuer_before = chain.eur(SecuritiesChain::kIssuer);
    const Amount holders_before = eur_of_holders();
    const Receipt r = pay(1);
    SecuritiesChain::expect_ok(r);
    EXPECT_EQ(issuer_before - chain.eur(SecuritiesChain::kIssuer), 86527u);
    EXPECT_EQ(eur_of_holders() - holders_before, 86527u);
    // Each holder within one cent of its share of each total (two totals: within two cents of the payment).
    const Amount units[] = {10, 20, 30, 40};
    for (size_t i = 0; i < 4; ++i) {
        const double exact = 86527.0 * static_cast<double>(units[i]) / 100.0;
        EXPECT_LT(std::abs(static_cast<double>(chain.eur(i)) - exact), 2.0) << "holder " << i;
    }
    EXPECT_EQ(status_of(1), "paid");
    EXPECT_EQ(chain.asset_record("EUR").escrow, 0u);
    EXPECT_TRUE(chain.conserved("BOND"));
    // Events: the escrow, then one coupon per holder with interest, principal and units.
    size_t coupons = 0;
    Amount interest = 0, principal = 0;
    for (const Event& e : r.events) {
        if (e.kind != "coupon") continue;
        ++coupons;
        ASSERT_EQ(e.amounts.size(), 3u);
        interest += e.amounts[0];
        principal += e.amounts[1];
    }
    EXPECT_EQ(r.events.front().kind, "escrow_in");
    EXPECT_EQ(coupons, 4u);
    EXPECT_EQ(interest, 5833u);
    EXPECT_EQ(principal, 80694u);
}

TEST_F(Minibond, CouponNotPaidTwice) {
    chain.skip_time(kHourMs);
    SecuritiesChain::expect_ok(pay(1));
    EXPECT_EQ(pay(1).reason, Reason::ALREADY_PAID);
}

TEST_F(Minibond, CouponRecordHeightBelowTheCurrentHeight) {
    chain.skip_time(kHourMs);
    nlohmann::json c = coupon(1);
    c["record_height"] = chain.height() + 1;  // the executing block's own height
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, c).reason, Reason::HEIGHT_NOT_REACHED);
}

TEST_F(Minibond, CouponOnlyByTheIssuer) {
    chain.skip_time(kHourMs);
    EXPECT_EQ(chain.send(0, coupon(1)).reason, Reason::NOT_AUTHORIZED);
}

TEST_F(Minibond, CouponsInOrder) {
    chain.skip_time(kHourMs + kMonthMs);
    EXPECT_EQ(pay(2).reason, Reason::NOT_DUE);
    SecuritiesChain::expect_ok(pay(1));
    SecuritiesChain::expect_ok(pay(2));
    EXPECT_EQ(status_of(2), "paid");
}

TEST_F(Minibond, CouponPagedWithLimitAsWeightAndCursorInState) {
    chain.skip_time(kHourMs);
    const nlohmann::json first = coupon(1, 1);
    EXPECT_EQ(chain.registry().weight(chain.op(first)), 1u);
    EXPECT_EQ(chain.registry().weight(chain.op(coupon(1, 700))), 700u);
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, first));
    EXPECT_EQ(chain.asset_record("EUR").escrow + eur_of_holders(), 86527u);
    EXPECT_GT(chain.asset_record("EUR").escrow, 0u);
    EXPECT_EQ(status_of(1), "due");
    // The later pages keep the first page's record height.
    nlohmann::json next = first;
    for (int page = 0; page < 3; ++page)
        SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, next));
    EXPECT_EQ(chain.asset_record("EUR").escrow, 0u);
    EXPECT_EQ(eur_of_holders(), 86527u);
    EXPECT_EQ(status_of(1), "paid");
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, next).reason, Reason::ALREADY_PAID);
}

TEST_F(Minibond, LaterPagesKeepTheRecordHeight) {
    chain.skip_time(kHourMs);
    const nlohmann::json first = coupon(1, 1);
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, first));
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, coupon(1, 1)).reason, Reason::INVALID_ARGUMENT);
}

TEST_F(Minibond, NoIssueOnceTheFirstCouponFixedTheBonds) {
    chain.skip_time(kHourMs);
    SecuritiesChain::expect_ok(pay(1));
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, chain.issue("BOND", {{0, "1"}})).reason,
              Reason::TERMS_LOCKED);
}

TEST_F(Minibond, FirstCouponRefusedWhenBondsWereIssuedAfterItsRecordHeight) {
    chain.skip_time(kHourMs);
    const nlohmann::json before_issue = coupon(1);
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, chain.issue("BOND", {{0, "50"}})));
    const Receipt r = chain.send(SecuritiesChain::kIssuer, before_issue);
    EXPECT_EQ(r.reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(status_of(1), "due");
    // At a record height after the issue, the table counts all 150 bonds (P = 15,000.00).
    SecuritiesChain::expect_ok(pay(1));
    EXPECT_EQ(schedule()["terms"]["principal"], "15000.00");
}

TEST_F(Minibond, UnpaidAfterItsDueDateIsLate) {
    chain.skip_time(kHourMs + 2 * 24 * kHourMs);
    chain.run({});  // a block whose time is past the due date's day
    EXPECT_EQ(status_of(1), "late");
    EXPECT_EQ(status_of(2), "future");
}

TEST_F(Minibond, DefaultMarkByTheRegistrarMakesItDefault) {
    const nlohmann::json mark{
        {"op", "default_mark"}, {"asset", "BOND"}, {"instalment", 1}, {"legal_ref", std::string(64, 'a')}};
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, mark).reason, Reason::NOT_DUE);
    chain.skip_time(kHourMs + 2 * 24 * kHourMs);
    EXPECT_EQ(chain.send(0, mark).reason, Reason::NOT_AUTHORIZED);
    const Receipt r = chain.send(SecuritiesChain::kIssuer, mark);
    SecuritiesChain::expect_ok(r);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].kind, "default_mark");
    EXPECT_EQ(status_of(1), "default");
    // Paid even after the mark: the money arrived.
    SecuritiesChain::expect_ok(pay(1));
    EXPECT_EQ(status_of(1), "paid");
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, mark).reason, Reason::ALREADY_PAID);
}

TEST_F(Minibond, LastInstalmentRedeemsTheBonds) {
    chain.create_asset("BULL", "minibond");
    nlohmann::json t = terms("bullet", 1);
    t["asset"] = "BULL";
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, t));
    SecuritiesChain::expect_ok(
        chain.send(SecuritiesChain::kIssuer, chain.issue("BULL", {{0, "60"}, {1, "40"}})));
    chain.skip_time(kHourMs);
    nlohmann::json c = coupon(1);
    c["asset"] = "BULL";
    c["limit"] = 1;
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, c));
    EXPECT_EQ(chain.asset_record("BULL").supply,
              60u + 40u - (chain.balance("BULL", 0).amount == 0 ? 60u : 40u));
    const Receipt last = chain.send(SecuritiesChain::kIssuer, c);
    SecuritiesChain::expect_ok(last);
    EXPECT_EQ(chain.asset_record("BULL").supply, 0u);
    EXPECT_EQ(chain.asset_record("BULL").holders, 0u);
    // 10,000.00 back and one month of interest at 7%: 58.33.
    EXPECT_EQ(chain.eur(0) + chain.eur(1), 1005833u);
    bool redemption = false;
    for (const Event& e : last.events) redemption = redemption || e.kind == "redemption";
    EXPECT_TRUE(redemption);
    EXPECT_TRUE(chain.conserved("BULL"));
    EXPECT_TRUE(chain.conserved("EUR"));
}

TEST_F(Minibond, RefusedShareIsWithheldAndClaimedWithCouponClaim) {
    chain.skip_time(kHourMs);
    SecuritiesChain::expect_ok(
        chain.send(SecuritiesChain::kIssuer, {{"op", "freeze"}, {"account", chain.address(1)}}));
    const Amount before = chain.eur(1);
    SecuritiesChain::expect_ok(pay(1));
    EXPECT_EQ(chain.eur(1), before);
    EXPECT_GT(chain.asset_record("EUR").escrow, 0u);
    EXPECT_EQ(status_of(1), "paid");
    const nlohmann::json claim{{"op", "coupon_claim"}, {"asset", "BOND"}, {"instalment", 1}};
    EXPECT_EQ(chain.send(1, claim).reason, Reason::NOTHING_TO_CLAIM);  // still frozen
    EXPECT_EQ(chain.send(0, claim).reason, Reason::NOTHING_TO_CLAIM);  // paid, nothing withheld
    SecuritiesChain::expect_ok(
        chain.send(SecuritiesChain::kIssuer, {{"op", "unfreeze"}, {"account", chain.address(1)}}));
    SecuritiesChain::expect_ok(chain.send(1, claim));
    EXPECT_EQ(chain.asset_record("EUR").escrow, 0u);
    EXPECT_EQ(eur_of_holders(), 86527u);
    EXPECT_EQ(chain.send(1, claim).reason, Reason::NOTHING_TO_CLAIM);
    nlohmann::json unopened = claim;
    unopened["instalment"] = 2;
    EXPECT_EQ(chain.send(1, unopened).reason, Reason::UNKNOWN_ID);
}

TEST_F(Minibond, UnknownTermsAreRefused) {
    nlohmann::json c = coupon(1);
    c["asset"] = "ACME";
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, c).reason, Reason::UNKNOWN_ID);
    EXPECT_EQ(chain.query("asset_schedule", {{"asset", "ACME"}}).reason(), Reason::UNKNOWN_ID);
    EXPECT_EQ(chain.query("asset_schedule", {{"asset", "NOPE"}}).reason(), Reason::UNKNOWN_ASSET);
}

TEST_F(Minibond, QueryExampleHasTheKeysOfALiveAnswer) {
    chain.skip_time(kHourMs);
    SecuritiesChain::expect_ok(pay(1));
    const InstrumentQuery* q = chain.find_query("asset_schedule");
    ASSERT_NE(q, nullptr);
    EXPECT_TRUE(SecuritiesChain::same_keys(nlohmann::json::parse(q->example_result), schedule()));
}

TEST_F(Minibond, OpsRoundTripThroughJson) {
    const nlohmann::json ops[] = {
        terms(),
        {{"op", "coupon_pay"}, {"asset", "BOND"}, {"instalment", 3}, {"record_height", 7}, {"limit", 50}},
        {{"op", "default_mark"}, {"asset", "BOND"}, {"instalment", 3}, {"legal_ref", std::string(64, 'b')}},
        {{"op", "coupon_claim"}, {"asset", "BOND"}, {"instalment", 3}},
    };
    for (const nlohmann::json& j : ops) {
        auto back = op_to_json(chain.op(j), chain.decimals(), chain.registry());
        ASSERT_TRUE(back.ok());
        EXPECT_EQ(back.value(), j);
    }
}

}  // namespace
}  // namespace folio::test
