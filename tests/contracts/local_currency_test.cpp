// The local currency (contracts/local_currency.h) on a stored chain: terms, merchants, mint against deposits and
// the reserve, reconversion with its fee, the balance cap and demurrage, with the docs' examples to the cent
// (docs/instruments.md "Local currencies").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "contracts/demurrage.h"
#include "contracts/local_currency.h"
#include "tests/contracts/securities_chain.h"

namespace folio::test {
namespace {

using nlohmann::json;

constexpr size_t kMember = 0;
constexpr size_t kOtherMember = 1;
constexpr size_t kMerchant = 2;
constexpr size_t kFeeAccount = 3;
constexpr uint64_t kMonthMs = 30ull * 24 * 3600 * 1000;

std::vector<std::unique_ptr<contracts::Instrument>> currency_instruments() {
    std::vector<std::unique_ptr<contracts::Instrument>> out;
    out.push_back(contracts::make_local_currency_instrument());
    out.push_back(make_probe_instrument());  // locks units of a holding
    return out;
}

std::string hex_of(char c) { return std::string(64, c); }

// GONETTE (2 decimals) issued by the registrar, holder 3 its fee account and holder 2 a merchant.
class CurrencyChain : public SecuritiesChain {
  public:
    CurrencyChain() : SecuritiesChain(currency_instruments()) {
        expect_ok(send(kIssuer, {{"op", "asset_create"},
                                 {"symbol", "GONETTE"},
                                 {"class", "currency"},
                                 {"decimals", 2},
                                 {"max_supply", "1000000.00"}}));
    }

    json terms(json extra = json::object()) const {
        json t = {{"op", "currency_terms"},
                  {"asset", "GONETTE"},
                  {"fee_bps", 300},
                  {"fee_account", address(kFeeAccount)},
                  {"redeem_by", "merchants"}};
        for (const auto& [k, v] : extra.items()) t[k] = v;
        return t;
    }
    json reserve(const std::string& amount, char doc = 'b') const {
        return {{"op", "reserve_declare"}, {"asset", "GONETTE"}, {"reserve", amount}, {"doc_hash", hex_of(doc)}};
    }
    json mint(size_t to, const std::string& amount, char ref) const {
        return {{"op", "mint"}, {"asset", "GONETTE"}, {"to", address(to)}, {"amount", amount},
                {"deposit_ref", hex_of(ref)}};
    }
    json merchant(size_t account, std::optional<uint64_t> fee_bps = std::nullopt) const {
        json m = {{"op", "merchant_set"}, {"asset", "GONETTE"}, {"account", address(account)}, {"merchant", true}};
        if (fee_bps) m["fee_bps"] = *fee_bps;
        return m;
    }
    json redeem(const std::string& amount, char ref = 'e') const {
        return {{"op", "redeem"}, {"asset", "GONETTE"}, {"amount", amount}, {"payout_ref", hex_of(ref)}};
    }
    json transfer(size_t to, const std::string& amount) const {
        return {{"op", "transfer"}, {"asset", "GONETTE"}, {"to", address(to)}, {"amount", amount}};
    }
    // Terms, a reserve of 10,000.00 and `amount` minted to the member.
    void open(json extra_terms = json::object(), const std::string& amount = "1000.00") {
        expect_ok(send(kIssuer, terms(std::move(extra_terms))));
        expect_ok(send(kIssuer, reserve("10000.00")));
        expect_ok(send(kIssuer, mint(kMember, amount, '1')));
    }
    Amount units(size_t holder) const { return balance("GONETTE", holder).amount; }
    // What account_holdings shows: the holding as of the next block's time.
    Balance shown(size_t holder) const {
        return registry().holding_as_of(ledger_state(), asset_record("GONETTE"), account(holder),
                                        balance("GONETTE", holder), next_block_time_ms());
    }
};

TEST(LocalCurrency, TermsAreTheIssuersOnACurrencyClassAsset) {
    CurrencyChain c;
    EXPECT_EQ(c.send(kMember, c.terms()).reason, Reason::NOT_AUTHORIZED);
    c.create_asset("ACME2", "equity");
    json t = c.terms();
    t["asset"] = "ACME2";
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, t).reason, Reason::INVALID_ARGUMENT);
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.terms()));
}

TEST(LocalCurrency, OpsBeforeTermsAreRefused) {
    CurrencyChain c;
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, c.mint(kMember, "1.00", '1')).reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, c.reserve("1.00")).reason, Reason::INVALID_ARGUMENT);
}

TEST(LocalCurrency, MintCreditsTheDepositorAndRecordsTheDepositRef) {
    CurrencyChain c;
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.terms()));
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.reserve("500.00")));
    const Receipt r = c.send(SecuritiesChain::kIssuer, c.mint(kMember, "250.00", '1'));
    ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    EXPECT_EQ(c.units(kMember), 25000u);
    EXPECT_EQ(c.asset_record("GONETTE").supply, 25000u);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].kind, "mint");
    Hash256 ref;
    ref.fill(0x11);
    EXPECT_EQ(r.events[0].accounts, (std::vector<AccountId>{c.account(kMember), ref}));
    EXPECT_EQ(r.events[0].amounts, (std::vector<Amount>{25000}));
    EXPECT_TRUE(c.conserved("GONETTE"));
}

TEST(LocalCurrency, OneMintPerDepositRef) {
    CurrencyChain c;
    c.open();
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, c.mint(kOtherMember, "1.00", '1')).reason, Reason::DEPOSIT_REF_USED);
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.mint(kOtherMember, "1.00", '2')));
}

TEST(LocalCurrency, OnlyTheIssuerMints) {
    CurrencyChain c;
    c.open();
    EXPECT_EQ(c.send(kMember, c.mint(kMember, "1.00", '2')).reason, Reason::NOT_AUTHORIZED);
}

TEST(LocalCurrency, FullyBackedRefusesAMintOverTheReserve) {
    CurrencyChain c;
    c.open({}, "9999.00");
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, c.mint(kMember, "1.01", '2')).reason, Reason::RESERVE_EXCEEDED);
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.mint(kMember, "1.00", '3')));
    EXPECT_EQ(c.asset_record("GONETTE").supply, 1000000u);
}

TEST(LocalCurrency, WithoutADeclaredReserveAFullyBackedCurrencyCannotMint) {
    CurrencyChain c;
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.terms()));
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, c.mint(kMember, "0.01", '1')).reason, Reason::RESERVE_EXCEEDED);
}

TEST(LocalCurrency, ANotFullyBackedCurrencyMintsOverTheReserve) {
    CurrencyChain c;
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.terms({{"fully_backed", false}})));
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.mint(kMember, "10.00", '1')));
}

TEST(LocalCurrency, AssetReserveShowsSupplyAgainstTheLastDeclaration) {
    CurrencyChain c;
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.terms()));
    auto before = c.query("asset_reserve", {{"asset", "GONETTE"}});
    ASSERT_TRUE(before.ok());
    EXPECT_TRUE(before->at("reserve").is_null());
    EXPECT_TRUE(before->at("declared_height").is_null());
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.reserve("800.00", 'c')));
    const Height declared = c.height();
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.mint(kMember, "750.00", '1')));
    auto r = c.query("asset_reserve", {{"asset", "GONETTE"}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->at("supply"), "750.00");
    EXPECT_EQ(r->at("escrowed"), "0.00");
    EXPECT_EQ(r->at("reserve"), "800.00");
    EXPECT_EQ(r->at("doc_hash"), hex_of('c'));
    EXPECT_EQ(r->at("declared_height"), declared);
    EXPECT_EQ(r->at("covered"), true);
    const InstrumentQuery* q = c.find_query("asset_reserve");
    ASSERT_NE(q, nullptr);
    EXPECT_TRUE(SecuritiesChain::same_keys(json::parse(q->example_result), *r));
    EXPECT_EQ(c.query("asset_reserve", {{"asset", "NOPE"}}).error().reason, Reason::UNKNOWN_ASSET);
}

TEST(LocalCurrency, OnlyTheIssuerDeclaresTheReserve) {
    CurrencyChain c;
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.terms()));
    EXPECT_EQ(c.send(kMember, c.reserve("1.00")).reason, Reason::NOT_AUTHORIZED);
}

// docs/instruments.md: a merchant reconverts 100.01 at 3 %: fee ⌈10001 × 300 / 10000⌉ = ⌈300.03⌉ = 3.01,
// payout 97.00.
TEST(LocalCurrency, RedeemSendsTheFeeRoundedUpAndBurnsTheRest) {
    CurrencyChain c;
    c.open();
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.merchant(kMerchant)));
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kMerchant, "100.01")));
    const Receipt r = c.send(kMerchant, c.redeem("100.01", 'e'));
    ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    EXPECT_EQ(c.units(kMerchant), 0u);
    EXPECT_EQ(c.units(kFeeAccount), 301u);
    EXPECT_EQ(c.asset_record("GONETTE").supply, 100000u - 9700u);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].kind, "redeem");
    Hash256 payout_ref;
    payout_ref.fill(0xee);
    EXPECT_EQ(r.events[0].accounts,
              (std::vector<AccountId>{c.account(kMerchant), c.account(kFeeAccount), payout_ref}));
    EXPECT_EQ(r.events[0].amounts, (std::vector<Amount>{10001, 301, 9700}));
    EXPECT_TRUE(c.conserved("GONETTE"));
}

TEST(LocalCurrency, AMerchantsOwnRateReplacesTheCurrencys) {
    CurrencyChain c;
    c.open();
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.merchant(kMerchant, 200)));
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kMerchant, "250.00")));
    CurrencyChain::expect_ok(c.send(kMerchant, c.redeem("250.00")));
    EXPECT_EQ(c.units(kFeeAccount), 500u);  // 2 % of 250.00
}

TEST(LocalCurrency, OnlyMerchantsRedeemWhereRedeemByIsMerchants) {
    CurrencyChain c;
    c.open();
    EXPECT_EQ(c.send(kMember, c.redeem("1.00")).reason, Reason::NOT_MERCHANT);
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.merchant(kMember)));
    CurrencyChain::expect_ok(c.send(kMember, c.redeem("1.00")));
    json unset = c.merchant(kMember);
    unset["merchant"] = false;
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, unset));
    EXPECT_EQ(c.send(kMember, c.redeem("1.00")).reason, Reason::NOT_MERCHANT);
}

TEST(LocalCurrency, AnyHolderRedeemsWhereRedeemByIsAll) {
    CurrencyChain c;
    c.open({{"redeem_by", "all"}});
    CurrencyChain::expect_ok(c.send(kMember, c.redeem("10.00")));
    EXPECT_EQ(c.units(kFeeAccount), 30u);
}

TEST(LocalCurrency, RedeemBeyondTheHoldingChangesNothing) {
    CurrencyChain c;
    c.open({{"redeem_by", "all"}});
    EXPECT_EQ(c.send(kMember, c.redeem("1000.01")).reason, Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(c.units(kMember), 100000u);
    EXPECT_EQ(c.units(kFeeAccount), 0u);
}

TEST(LocalCurrency, BalanceCapRefusesCoreTransfersAndMintsOverIt) {
    CurrencyChain c;
    c.open({{"max_balance", "1500.00"}});
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.mint(kOtherMember, "1000.00", '2')));
    EXPECT_EQ(c.send(kMember, c.transfer(kOtherMember, "500.01")).reason, Reason::BALANCE_CAP);
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kOtherMember, "500.00")));
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, c.mint(kOtherMember, "0.01", '3')).reason, Reason::BALANCE_CAP);
    EXPECT_EQ(c.units(kOtherMember), 150000u);
}

TEST(LocalCurrency, TheFeeAccountIsNotCapped) {
    CurrencyChain c;
    c.open({{"max_balance", "10.00"}, {"redeem_by", "all"}, {"fee_bps", 10000}}, "10.00");
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.mint(kOtherMember, "10.00", '2')));
    CurrencyChain::expect_ok(c.send(kMember, c.redeem("10.00")));
    CurrencyChain::expect_ok(c.send(kOtherMember, c.redeem("10.00")));
    EXPECT_EQ(c.units(kFeeAccount), 2000u);
}

// docs/instruments.md: 100.00 at 2 % a month over 3 months: 100.00 → 98.00 → 96.04 → 94.12 (⌊192.08⌋ = 1.92
// melts in the third month), 5.88 to the fee account.
TEST(LocalCurrency, DemurrageDocsExampleToTheCent) {
    EXPECT_EQ(contracts::melt(10000, 1, 200), 9800u);
    EXPECT_EQ(contracts::melt(10000, 2, 200), 9604u);
    EXPECT_EQ(contracts::melt(10000, 3, 200), 9412u);

    CurrencyChain c;
    c.open({{"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs}}, "100.00");
    c.skip_time(3 * kMonthMs);
    EXPECT_EQ(c.units(kMember), 10000u);  // nothing charged yet: lazily
    EXPECT_EQ(c.shown(kMember).amount, 9412u);
    const Receipt r = c.send(kMember, c.transfer(kOtherMember, "4.12"));
    ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    EXPECT_EQ(c.units(kMember), 9000u);
    EXPECT_EQ(c.units(kOtherMember), 412u);
    EXPECT_EQ(c.units(kFeeAccount), 588u);
    ASSERT_FALSE(r.events.empty());
    EXPECT_EQ(r.events[0].kind, "demurrage");
    EXPECT_EQ(r.events[0].amounts, (std::vector<Amount>{588, 3}));
    EXPECT_TRUE(c.conserved("GONETTE"));
}

TEST(LocalCurrency, DemurrageIsChargedBeforeTheTransferRules) {
    CurrencyChain c;
    c.open({{"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs}}, "100.00");
    c.skip_time(kMonthMs);
    EXPECT_EQ(c.send(kMember, c.transfer(kOtherMember, "98.01")).reason, Reason::INSUFFICIENT_BALANCE);
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kOtherMember, "98.00")));
    EXPECT_EQ(c.units(kMember), 0u);
    EXPECT_EQ(c.units(kFeeAccount), 200u);
}

TEST(LocalCurrency, APartialPeriodMeltsNothingAndKeepsItsPhase) {
    CurrencyChain c;
    c.open({{"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs}}, "100.00");
    c.skip_time(kMonthMs / 2);
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kOtherMember, "1.00")));
    EXPECT_EQ(c.units(kMember), 9900u);
    EXPECT_EQ(c.units(kFeeAccount), 0u);
    c.skip_time(kMonthMs / 2);  // one whole month since the mint, half of it since the transfer
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kOtherMember, "1.00")));
    EXPECT_EQ(c.units(kMember), 9900u - 198u - 100u);
}

TEST(LocalCurrency, FrozenUnitsDoNotMelt) {
    CurrencyChain c;
    c.open({{"demurrage_bps", 1000}, {"demurrage_period_ms", kMonthMs}}, "100.00");
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, {{"op", "freeze"},
                                                               {"account", c.address(kMember)},
                                                               {"asset", "GONETTE"},
                                                               {"amount", "60.00"}}));
    c.skip_time(kMonthMs);
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kOtherMember, "1.00")));
    // 40.00 available melt 10 %: 4.00; the 60.00 frozen keep.
    EXPECT_EQ(c.units(kMember), 10000u - 400u - 100u);
    EXPECT_EQ(c.units(kFeeAccount), 400u);
    EXPECT_TRUE(c.conserved("GONETTE"));
}

TEST(LocalCurrency, TheFeeAccountDoesNotMelt) {
    CurrencyChain c;
    c.open({{"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs}}, "100.00");
    CurrencyChain::expect_ok(c.send(kMember, c.transfer(kFeeAccount, "50.00")));
    c.skip_time(kMonthMs);
    EXPECT_EQ(c.shown(kFeeAccount).amount, 5000u);
    CurrencyChain::expect_ok(c.send(kFeeAccount, c.transfer(kOtherMember, "50.00")));
    EXPECT_EQ(c.units(kFeeAccount), 0u);
}

TEST(LocalCurrency, MintAndRedeemChargeDemurrageFirst) {
    CurrencyChain c;
    c.open({{"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs}, {"redeem_by", "all"}}, "100.00");
    c.skip_time(kMonthMs);
    CurrencyChain::expect_ok(c.send(SecuritiesChain::kIssuer, c.mint(kMember, "2.00", '2')));
    EXPECT_EQ(c.units(kMember), 10000u);  // 98.00 + 2.00
    c.skip_time(kMonthMs);
    CurrencyChain::expect_ok(c.send(kMember, c.redeem("98.00")));
    // 100.00 melts 2.00; the fee is ⌈98.00 × 3 %⌉ = 2.94.
    EXPECT_EQ(c.units(kMember), 0u);
    EXPECT_EQ(c.units(kFeeAccount), 200u + 200u + 294u);
    EXPECT_TRUE(c.conserved("GONETTE"));
}

TEST(LocalCurrency, DemurrageTermsAreFixedOnceSet) {
    CurrencyChain c;
    c.open({{"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs}});
    EXPECT_EQ(c.send(SecuritiesChain::kIssuer, c.terms({{"demurrage_bps", 100}, {"demurrage_period_ms", kMonthMs}}))
                  .reason,
              Reason::TERMS_LOCKED);
    CurrencyChain::expect_ok(
        c.send(SecuritiesChain::kIssuer, c.terms({{"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs},
                                                  {"fee_bps", 100}})));
}

TEST(LocalCurrency, BadTermsAreRefusedWhenBuilt) {
    CurrencyChain c;
    EXPECT_EQ(c.try_op(c.terms({{"fee_bps", 10001}})).error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(c.try_op(c.terms({{"demurrage_bps", 200}})).error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(c.try_op(c.terms({{"demurrage_bps", 200}, {"demurrage_period_ms", 59999}})).error().reason,
              Reason::INVALID_ARGUMENT);
    EXPECT_EQ(c.try_op(c.terms({{"redeem_by", "nobody"}})).error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(c.try_op(c.terms({{"fees", 1}})).error().reason, Reason::INVALID_ARGUMENT);
    EXPECT_EQ(c.try_op(c.mint(kMember, "1.001", '1')).error().reason, Reason::BAD_AMOUNT);
    EXPECT_EQ(c.try_op(c.redeem("0.00")).error().reason, Reason::BAD_AMOUNT);
}

TEST(LocalCurrency, DecoderRejectsNonCanonicalPayloads) {
    CurrencyChain c;
    Op terms = c.op(c.terms());
    terms.payload.push_back(0);
    EXPECT_EQ(c.registry().check_op(terms).reason(), Reason::DECODE_ERROR);
    Op merchant = contracts::encode_merchant_set({"GONETTE", c.account(kMerchant), false, 100});
    EXPECT_EQ(c.registry().check_op(merchant).reason(), Reason::DECODE_ERROR);
    Op mint = contracts::encode_currency_mint({"GONETTE", c.account(kMember), 0, {}});
    EXPECT_EQ(c.registry().check_op(mint).reason(), Reason::DECODE_ERROR);
}

TEST(LocalCurrency, JsonFormRoundTrips) {
    CurrencyChain c;
    const std::vector<json> ops = {
        c.terms({{"max_balance", "1500.00"}, {"demurrage_bps", 200}, {"demurrage_period_ms", kMonthMs},
                 {"fully_backed", false}}),
        c.merchant(kMerchant, 150), c.mint(kMember, "12.50", '1'), c.redeem("3.25"), c.reserve("99.99")};
    for (const json& j : ops) {
        const Op op = c.op(j);
        auto back = op_to_json(op, c.decimals(), c.registry());
        ASSERT_TRUE(back.ok()) << j.dump();
        json expected = j;
        if (expected["op"] == "currency_terms" && !expected.contains("fully_backed")) expected["fully_backed"] = true;
        EXPECT_EQ(*back, expected);
    }
}

}  // namespace
}  // namespace folio::test
