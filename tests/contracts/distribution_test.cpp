// The distribution instrument (contracts/distribution.h) on a stored chain: dividends and royalties pro rata,
// paging, and the withheld / claim / reclaim rules. One test per rule and per refusal; the docs' royalty
// example (120,000.00 EUR of revenue at 250 bps = 3,000.00 over three holders) to the cent.
#include <gtest/gtest.h>

#include "contracts/payout.h"
#include "tests/contracts/probe_instrument.h"
#include "tests/contracts/securities_chain.h"

namespace folio::test {
namespace {

constexpr uint64_t kDayMs = 86'400'000;

class DistributionTest : public ::testing::Test {
  protected:
    nlohmann::json dividend(std::string total, uint64_t limit = 1000) const {
        return {{"op", "distribute"},      {"asset", "ACME"}, {"currency", "EUR"},
                {"kind", "dividend"},      {"total", total},  {"record_height", chain.height()},
                {"expires_ms", expires()}, {"limit", limit}};
    }
    nlohmann::json royalty() const {
        return {{"op", "distribute"},
                {"asset", "ROY"},
                {"currency", "EUR"},
                {"kind", "royalty"},
                {"revenue", "120000.00"},
                {"share_bps", 250},
                {"record_height", chain.height()},
                {"expires_ms", expires()}};
    }
    uint64_t expires() const { return chain.time_ms_of_next_block() + 30 * kDayMs; }
    nlohmann::json by_id(std::string op, const InstrumentId& id) const {
        return {{"op", op}, {"id", instrument_id_hex(id)}};
    }
    nlohmann::json get(const InstrumentId& id, nlohmann::json extra = nlohmann::json::object()) {
        extra["id"] = instrument_id_hex(id);
        auto r = chain.query("distribution_get", extra);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r.value() : nlohmann::json();
    }
    // paid + withheld + unpaid + reclaimed = funded, and the distribution's share of the escrow is the rest.
    ::testing::AssertionResult accounted(const InstrumentId& id) const {
        auto p = contracts::read_payout(chain.ledger_state(), contracts::kDistributionPrefix, id);
        if (!p) return ::testing::AssertionFailure() << "no payout";
        if (p->paid + p->withheld + p->unpaid() + p->reclaimed != p->funded())
            return ::testing::AssertionFailure() << "paid + withheld + unpaid + reclaimed != funded";
        if (chain.asset_record("EUR").escrow != p->withheld + p->unpaid())
            return ::testing::AssertionFailure()
                   << "escrow " << chain.asset_record("EUR").escrow << " != withheld + unpaid";
        return chain.conserved("EUR");
    }
    Receipt distribute(const nlohmann::json& j) { return chain.send(SecuritiesChain::kIssuer, j); }
    void freeze(size_t holder, bool on = true) {
        SecuritiesChain::expect_ok(
            chain.send(SecuritiesChain::kIssuer,
                       {{"op", on ? "freeze" : "unfreeze"}, {"account", chain.address(holder)}}));
    }

    SecuritiesChain chain;
};

class Distributions : public DistributionTest {};
class Withheld : public DistributionTest {};

TEST_F(Distributions, RoyaltyOnDeclaredRevenueSplitsExactly) {
    chain.create_asset("ROY", "royalty");
    SecuritiesChain::expect_ok(
        chain.send(SecuritiesChain::kIssuer, chain.issue("ROY", {{0, "50"}, {1, "30"}, {2, "20"}})));
    const Amount issuer_before = chain.eur(SecuritiesChain::kIssuer);
    const Receipt r = distribute(royalty());
    SecuritiesChain::expect_ok(r);
    EXPECT_EQ(issuer_before - chain.eur(SecuritiesChain::kIssuer), 300000u);
    EXPECT_EQ(chain.eur(0), 150000u);
    EXPECT_EQ(chain.eur(1), 90000u);
    EXPECT_EQ(chain.eur(2), 60000u);
    const nlohmann::json g = get(SecuritiesChain::id_of(r));
    EXPECT_EQ(g["kind"], "royalty");
    EXPECT_EQ(g["total"], "3000.00");
    EXPECT_EQ(g["paid"], "3000.00");
    EXPECT_EQ(g["withheld"], "0.00");
    EXPECT_EQ(g["unpaid"], "0.00");
    EXPECT_EQ(g["done"], true);
    ASSERT_EQ(g["holders"].size(), 3u);
    EXPECT_TRUE(accounted(SecuritiesChain::id_of(r)));
}

TEST_F(Distributions, DividendOfATotalEscrowsItFromTheIssuer) {
    const Amount issuer_before = chain.eur(SecuritiesChain::kIssuer);
    const Receipt r = distribute(dividend("1000.00", 1));
    SecuritiesChain::expect_ok(r);
    EXPECT_EQ(issuer_before - chain.eur(SecuritiesChain::kIssuer), 100000u);
    EXPECT_EQ(chain.asset_record("EUR").escrow, 75000u);  // three of four holders of 100 ACME still unpaid
    EXPECT_EQ(r.events.front().kind, "escrow_in");
    EXPECT_EQ(r.events.back().kind, "dividend");
    EXPECT_EQ(r.events.back().amounts, (std::vector<Amount>{25000, 100}));
    EXPECT_TRUE(accounted(SecuritiesChain::id_of(r)));
}

TEST_F(Distributions, AnyonePaysTheNextPagesUntilDone) {
    const Receipt r = distribute(dividend("1000.00", 1));
    const InstrumentId id = SecuritiesChain::id_of(r);
    nlohmann::json pay = by_id("distribution_pay", id);
    pay["limit"] = 2;
    EXPECT_EQ(chain.registry().weight(chain.op(pay)), 2u);
    SecuritiesChain::expect_ok(chain.send(3, pay));
    EXPECT_TRUE(accounted(id));
    EXPECT_EQ(get(id)["unpaid"], "250.00");
    SecuritiesChain::expect_ok(chain.send(0, pay));
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(chain.eur(i), 25000u);
    EXPECT_TRUE(accounted(id));
    EXPECT_EQ(chain.send(0, pay).reason, Reason::DISTRIBUTION_DONE);
}

TEST_F(Distributions, HoldersAtTheRecordHeightAreThePaidOnes) {
    const Height record = chain.height();
    SecuritiesChain::expect_ok(
        chain.send(0, {{"op", "transfer"}, {"asset", "ACME"}, {"to", chain.address(1)}, {"amount", "100"}}));
    nlohmann::json d = dividend("1000.00");
    d["record_height"] = record;
    SecuritiesChain::expect_ok(distribute(d));
    EXPECT_EQ(chain.eur(0), 25000u);  // held 100 ACME at the record height, none now
    EXPECT_EQ(chain.eur(1), 25000u);
}

TEST_F(Distributions, LockedAndFrozenUnitsCount) {
    InstrumentId lock_id{};
    lock_id[0] = 7;
    ProbeOp lock;
    lock.action = ProbeAction::lock;
    lock.asset = "ACME";
    lock.account = chain.account(0);
    lock.id = lock_id;
    lock.amount = 40;
    ASSERT_EQ(chain.run_one(0, {encode_probe(lock)}).status, TxStatus::success);
    SecuritiesChain::expect_ok(
        chain.send(SecuritiesChain::kIssuer,
                   {{"op", "freeze"}, {"account", chain.address(1)}, {"asset", "ACME"}, {"amount", "60"}}));
    SecuritiesChain::expect_ok(distribute(dividend("1000.00")));
    EXPECT_EQ(chain.eur(0), 25000u);
    EXPECT_EQ(chain.eur(1), 25000u);
}

TEST_F(Distributions, OnlyTheIssuerDistributes) {
    EXPECT_EQ(chain.send(0, dividend("10.00")).reason, Reason::NOT_AUTHORIZED);
}

TEST_F(Distributions, RecordHeightBelowTheCurrentHeight) {
    nlohmann::json d = dividend("10.00");
    d["record_height"] = chain.height() + 1;
    EXPECT_EQ(distribute(d).reason, Reason::HEIGHT_NOT_REACHED);
}

TEST_F(Distributions, IssuerMustHoldTheTotal) {
    EXPECT_EQ(distribute(dividend("2000000.00")).reason, Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(chain.asset_record("EUR").escrow, 0u);
}

// A dividend paid in shares would reach the holders out of escrow, past the shares' own transfer rules.
TEST_F(Distributions, OnlyACurrencyPays) {
    chain.create_asset("SHARES", "equity");
    nlohmann::json d = dividend("10.00");
    d["currency"] = "SHARES";
    d["total"] = "10";
    EXPECT_EQ(distribute(d).reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(chain.asset_record("SHARES").escrow, 0u);
}

TEST_F(Distributions, KindDecidesTheAmountFields) {
    nlohmann::json d = dividend("10.00");
    d["revenue"] = "100.00";
    EXPECT_EQ(chain.try_op(d).reason(), Reason::INVALID_ARGUMENT);
    nlohmann::json r = dividend("10.00");
    r["kind"] = "royalty";
    EXPECT_EQ(chain.try_op(r).reason(), Reason::INVALID_ARGUMENT);
    r.erase("total");
    r["revenue"] = "100.00";
    EXPECT_EQ(chain.try_op(r).reason(), Reason::INVALID_ARGUMENT);  // no share_bps
    r["share_bps"] = 10001;
    EXPECT_EQ(chain.try_op(r).reason(), Reason::INVALID_ARGUMENT);
    r["share_bps"] = 1;
    r["revenue"] = "0.99";  // a share that rounds to nothing
    EXPECT_EQ(distribute(r).reason, Reason::BAD_AMOUNT);
}

TEST_F(Distributions, UnknownIdIsRefused) {
    const InstrumentId none{};
    EXPECT_EQ(chain.send(0, by_id("distribution_pay", none)).reason, Reason::UNKNOWN_ID);
    EXPECT_EQ(chain.send(0, by_id("distribution_claim", none)).reason, Reason::UNKNOWN_ID);
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, by_id("distribution_reclaim", none)).reason,
              Reason::UNKNOWN_ID);
    EXPECT_EQ(chain.query("distribution_get", {{"id", instrument_id_hex(none)}}).reason(),
              Reason::UNKNOWN_ID);
}

TEST_F(Distributions, GetPagesHoldersAndShowsOneAccount) {
    const InstrumentId id = SecuritiesChain::id_of(distribute(dividend("1000.00", 1)));
    nlohmann::json page = get(id, {{"limit", 3}});
    ASSERT_EQ(page["holders"].size(), 3u);
    ASSERT_TRUE(page.contains("next_cursor"));
    size_t paid = 0;
    for (const auto& h : page["holders"]) paid += h["status"] == "paid" ? 1 : 0;
    EXPECT_EQ(paid, 1u);
    nlohmann::json rest = get(id, {{"limit", 3}, {"cursor", page["next_cursor"]}});
    EXPECT_EQ(rest["holders"].size(), 1u);
    EXPECT_FALSE(rest.contains("next_cursor"));
    nlohmann::json one = get(id, {{"account", chain.address(2)}});
    ASSERT_EQ(one["holders"].size(), 1u);
    EXPECT_EQ(one["holders"][0]["units"], "100");
}

TEST_F(Distributions, QueryExampleHasTheKeysOfALiveAnswer) {
    const InstrumentId id = SecuritiesChain::id_of(distribute(dividend("1000.00")));
    const InstrumentQuery* q = chain.find_query("distribution_get");
    ASSERT_NE(q, nullptr);
    nlohmann::json live = get(id);
    EXPECT_TRUE(SecuritiesChain::same_keys(nlohmann::json::parse(q->example_result), live));
}

TEST_F(Distributions, OpsRoundTripThroughJson) {
    InstrumentId id{};
    id[3] = 9;
    chain.create_asset("ROY", "royalty");
    const nlohmann::json ops[] = {dividend("12.50"), royalty(), by_id("distribution_claim", id),
                                  by_id("distribution_reclaim", id)};
    for (nlohmann::json j : ops) {
        if (!j.contains("limit") && j["op"] == "distribute") j["limit"] = 1000;
        auto back = op_to_json(chain.op(j), chain.decimals(), chain.registry());
        ASSERT_TRUE(back.ok());
        EXPECT_EQ(back.value(), j);
    }
}

TEST_F(Withheld, FrozenReceiverIsWithheldThenClaims) {
    freeze(1);
    const InstrumentId id = SecuritiesChain::id_of(distribute(dividend("1000.00")));
    EXPECT_EQ(chain.eur(1), 0u);
    EXPECT_EQ(get(id)["withheld"], "250.00");
    EXPECT_EQ(get(id, {{"account", chain.address(1)}})["holders"][0]["status"], "withheld");
    EXPECT_TRUE(accounted(id));
    EXPECT_EQ(chain.send(1, by_id("distribution_claim", id)).reason,
              Reason::NOTHING_TO_CLAIM);  // still frozen
    freeze(1, false);
    const Receipt claim = chain.send(1, by_id("distribution_claim", id));
    SecuritiesChain::expect_ok(claim);
    EXPECT_EQ(claim.events.back().kind, "claim");
    EXPECT_EQ(chain.eur(1), 25000u);
    EXPECT_EQ(get(id)["paid"], "1000.00");
    EXPECT_TRUE(accounted(id));
    EXPECT_EQ(chain.send(1, by_id("distribution_claim", id)).reason, Reason::NOTHING_TO_CLAIM);
}

TEST_F(Withheld, ReceiverWithoutValidKycIsWithheld) {
    // h2's attestation ends a day from now; a day and a bit later it has expired.
    nlohmann::json kyc = chain.kyc(2);
    kyc["expires_ms"] = chain.time_ms_of_next_block() + kDayMs;
    SecuritiesChain::expect_ok(chain.send(SecuritiesChain::kIssuer, kyc));
    chain.skip_time(2 * kDayMs);
    const InstrumentId id = SecuritiesChain::id_of(distribute(dividend("1000.00")));
    EXPECT_EQ(chain.eur(2), 0u);
    EXPECT_EQ(get(id)["withheld"], "250.00");
    EXPECT_TRUE(accounted(id));
}

TEST_F(Withheld, NothingToClaimWithoutAWithheldShare) {
    const InstrumentId id = SecuritiesChain::id_of(distribute(dividend("1000.00")));
    EXPECT_EQ(chain.send(0, by_id("distribution_claim", id)).reason, Reason::NOTHING_TO_CLAIM);
}

TEST_F(Withheld, NoClaimAfterExpiry) {
    freeze(1);
    const InstrumentId id = SecuritiesChain::id_of(distribute(dividend("1000.00")));
    freeze(1, false);
    chain.skip_time(31 * kDayMs);
    EXPECT_EQ(chain.send(1, by_id("distribution_claim", id)).reason, Reason::NOTHING_TO_CLAIM);
}

TEST_F(Withheld, ReclaimOnlyAfterExpiryAndByTheIssuer) {
    freeze(1);
    const InstrumentId id = SecuritiesChain::id_of(distribute(dividend("1000.00")));
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, by_id("distribution_reclaim", id)).reason,
              Reason::NOT_DUE);
    chain.skip_time(31 * kDayMs);
    EXPECT_EQ(chain.send(0, by_id("distribution_reclaim", id)).reason, Reason::NOT_AUTHORIZED);
    const Amount before = chain.eur(SecuritiesChain::kIssuer);
    const Receipt r = chain.send(SecuritiesChain::kIssuer, by_id("distribution_reclaim", id));
    SecuritiesChain::expect_ok(r);
    EXPECT_EQ(chain.eur(SecuritiesChain::kIssuer) - before, 25000u);
    EXPECT_EQ(get(id)["reclaimed"], "250.00");
    EXPECT_EQ(get(id)["withheld"], "0.00");
    EXPECT_TRUE(accounted(id));
    EXPECT_EQ(chain.send(SecuritiesChain::kIssuer, by_id("distribution_reclaim", id)).reason,
              Reason::NOTHING_TO_CLAIM);
}

}  // namespace
}  // namespace folio::test
