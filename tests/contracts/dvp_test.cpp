// Delivery versus payment (contracts/dvp.h) on a stored chain: both legs or neither, who signs, and each
// transfer rule applied to each leg (balance, frozen, pledged units, lock-up, KYC level, holder limit,
// approval), with the events and the JSON form.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "contracts/dvp.h"
#include "contracts/equity.h"
#include "contracts/pledges.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {
namespace {

using contracts::DvpLeg;
using contracts::DvpOp;

constexpr size_t kIssuer = InstrumentChain::kRegistrar;  // the registrar created ACME and EURX

std::vector<std::unique_ptr<contracts::Instrument>> dvp_instruments() {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(contracts::make_equity());
    v.push_back(contracts::make_pledges_instrument());
    v.push_back(contracts::make_dvp_instrument());
    return v;
}

Op policy(std::optional<uint64_t> lockup_until_ms, uint64_t max_holders, uint8_t kyc, bool approval) {
    contracts::PolicySetOp p;
    p.asset = "ACME";
    p.approval = approval;
    p.lockup_until_ms = lockup_until_ms;
    p.max_holders = max_holders;
    p.kyc_min_level = kyc;
    return contracts::encode_policy_set(p);
}

class Dvp : public ::testing::Test {
protected:
    // Holder `from` gives `acme` ACME to `to` and gets `eurx_cents` EURX cents back.
    Op swap(size_t to, Amount acme, Amount eurx_cents) const {
        return contracts::encode_dvp(DvpOp{chain.account(to), DvpLeg{"ACME", acme}, DvpLeg{"EURX", eurx_cents}});
    }
    TxPtr signed_by(size_t signer, std::vector<Op> ops, std::vector<size_t> cosigners) const {
        SignedTx stx = chain.tx(signer, std::move(ops))->signed_tx;
        for (size_t c : cosigners) sign_tx(stx, derived_key(InstrumentChain::kKeyTag, 100 + c));
        return make_envelope(std::move(stx));
    }
    Receipt run(const TxPtr& t) {
        BuiltBlock b = chain.run({t});
        if (b.result.receipts.size() != 1) {
            ADD_FAILURE() << "excluded: " << (b.excluded.empty() ? "?" : b.excluded[0].error.message);
            return Receipt{};
        }
        return b.result.receipts[0];
    }
    // h0 gives 10 ACME to h1 for 250.00 EURX, both signing; the receipt.
    Receipt swap_0_1(Amount acme = 10, Amount eurx_cents = 25'000) {
        return run(signed_by(0, {swap(1, acme, eurx_cents)}, {1}));
    }
    // Nothing moved: every holding as genesis made it, and the invariants hold.
    void expect_untouched() const {
        for (size_t i = 0; i < InstrumentChain::kHolders; ++i) {
            EXPECT_EQ(chain.balance("ACME", i).amount, 100u) << "h" << i;
            EXPECT_EQ(chain.balance("EURX", i).amount, 100'000u) << "h" << i;
        }
        EXPECT_TRUE(chain.conserved("ACME"));
        EXPECT_TRUE(chain.conserved("EURX"));
    }
    InstrumentChain chain{dvp_instruments()};
};

TEST_F(Dvp, BothLegsMoveInOneOpWithAnEventEach) {
    const Receipt r = swap_0_1();
    ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    EXPECT_EQ(chain.balance("ACME", 0).amount, 90u);
    EXPECT_EQ(chain.balance("ACME", 1).amount, 110u);
    EXPECT_EQ(chain.balance("EURX", 0).amount, 125'000u);
    EXPECT_EQ(chain.balance("EURX", 1).amount, 75'000u);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[0].kind, "dvp_give");
    EXPECT_EQ(r.events[0].asset, chain.asset("ACME"));
    EXPECT_EQ(r.events[0].accounts, (std::vector<AccountId>{chain.account(0), chain.account(1)}));
    EXPECT_EQ(r.events[0].amounts, (std::vector<Amount>{10}));
    EXPECT_EQ(r.events[1].kind, "dvp_get");
    EXPECT_EQ(r.events[1].asset, chain.asset("EURX"));
    EXPECT_EQ(r.events[1].accounts, (std::vector<AccountId>{chain.account(1), chain.account(0)}));
    EXPECT_EQ(r.events[1].amounts, (std::vector<Amount>{25'000}));
    EXPECT_EQ(r.events[0].id, r.events[1].id) << "both legs carry the op's id";
    EXPECT_TRUE(chain.conserved("ACME"));
    EXPECT_TRUE(chain.conserved("EURX"));
}

TEST_F(Dvp, TheCounterpartyMustSign) {
    EXPECT_EQ(chain.registry().required_signers(swap(1, 10, 100)), (std::vector<AccountId>{chain.account(1)}));
    BuiltBlock b = chain.run({signed_by(0, {swap(1, 10, 100)}, {})});
    EXPECT_TRUE(b.result.receipts.empty());
    ASSERT_EQ(b.excluded.size(), 1u);
    EXPECT_EQ(b.excluded[0].error.reason, Reason::MISSING_SIGNATURE);
    expect_untouched();
}

TEST_F(Dvp, AKeySigningTwiceCountsOnce) {
    BuiltBlock b = chain.run({signed_by(0, {swap(1, 10, 100)}, {0})});
    ASSERT_EQ(b.excluded.size(), 1u);
    EXPECT_EQ(b.excluded[0].error.reason, Reason::MISSING_SIGNATURE);
    expect_untouched();
}

TEST_F(Dvp, ASecondLegShortMovesNothing) {
    const Receipt r = swap_0_1(10, 100'001);  // h1 holds 1000.00 EURX
    EXPECT_EQ(r.status, TxStatus::failed);
    EXPECT_EQ(r.reason, Reason::INSUFFICIENT_BALANCE);
    EXPECT_TRUE(r.events.empty());
    expect_untouched();
}

TEST_F(Dvp, AFirstLegShortMovesNothing) {
    EXPECT_EQ(swap_0_1(101, 100).reason, Reason::INSUFFICIENT_BALANCE);
    expect_untouched();
}

TEST_F(Dvp, AFrozenCounterpartyIsRefused) {
    ASSERT_EQ(chain.run_one(kIssuer, {encode_op(FreezeOp{FreezeTarget::account, chain.account(1), {}, 0}, true)})
                  .status,
              TxStatus::success);
    EXPECT_EQ(swap_0_1().reason, Reason::ACCOUNT_FROZEN);
    expect_untouched();
}

TEST_F(Dvp, FrozenUnitsOfAHoldingCannotBeDelivered) {
    ASSERT_EQ(chain.run_one(kIssuer, {encode_op(FreezeOp{FreezeTarget::holding, chain.account(1), "EURX", 99'000},
                                                true)})
                  .status,
              TxStatus::success);
    EXPECT_EQ(swap_0_1(10, 25'000).reason, Reason::BALANCE_FROZEN);
    EXPECT_EQ(chain.balance("ACME", 0).amount, 100u);
    EXPECT_EQ(chain.balance("EURX", 1).amount, 100'000u);
}

TEST_F(Dvp, PledgedUnitsCannotBeDelivered) {
    const Op pledge = contracts::encode_pledge(contracts::PledgeOp{"ACME", 95, chain.account(2), Hash256{}});
    ASSERT_EQ(run(signed_by(0, {pledge}, {2})).status, TxStatus::success);
    EXPECT_EQ(swap_0_1(10, 100).reason, Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(chain.balance("ACME", 0).amount, 100u);
    EXPECT_EQ(chain.balance("EURX", 0).amount, 100'000u);
    EXPECT_EQ(swap_0_1(5, 100).status, TxStatus::success) << "the 5 unpledged units can be";
}

TEST_F(Dvp, ALockUpRefusesTheLeg) {
    ASSERT_EQ(chain.run_one(kIssuer, {policy(InstrumentChain::kGenesisTimeMs + 1'000'000, 0, 0, false)}).status,
              TxStatus::success);
    EXPECT_EQ(swap_0_1().reason, Reason::LOCKED_UP);
    expect_untouched();
}

TEST_F(Dvp, AKycLevelRefusesAReceiverBelowIt) {
    ASSERT_EQ(chain.run_one(kIssuer, {policy(std::nullopt, 0, 2, false)}).status, TxStatus::success);
    EXPECT_EQ(swap_0_1().reason, Reason::KYC_REQUIRED);
    expect_untouched();
}

TEST_F(Dvp, TheHolderLimitRefusesANewHolder) {
    // h3 hands all its ACME to h2 and so stops being a holder; at a limit of 3 it cannot come back.
    ASSERT_EQ(chain.run_one(3, {encode_op(TransferOp{"ACME", chain.account(2), 100})}).status, TxStatus::success);
    ASSERT_EQ(chain.run_one(kIssuer, {policy(std::nullopt, 3, 0, false)}).status, TxStatus::success);
    EXPECT_EQ(run(signed_by(0, {swap(3, 1, 100)}, {3})).reason, Reason::POLICY_REFUSED);
    EXPECT_EQ(chain.balance("ACME", 3).amount, 0u);
    EXPECT_EQ(chain.balance("EURX", 3).amount, 100'000u);
}

TEST_F(Dvp, AnApprovalAssetMovesOnlyByItsRequests) {
    ASSERT_EQ(chain.run_one(kIssuer, {policy(std::nullopt, 0, 0, true)}).status, TxStatus::success);
    EXPECT_EQ(swap_0_1().reason, Reason::APPROVAL_REQUIRED);
    expect_untouched();
}

TEST_F(Dvp, ASwapWithItselfOrAnUnknownAssetIsRefused) {
    EXPECT_EQ(run(signed_by(0, {swap(0, 10, 100)}, {})).reason, Reason::INVALID_ARGUMENT);
    const Op unknown = contracts::encode_dvp(DvpOp{chain.account(1), DvpLeg{"ACME", 1}, DvpLeg{"NOPE", 1}});
    EXPECT_EQ(run(signed_by(0, {unknown}, {1})).reason, Reason::UNKNOWN_ASSET);
    expect_untouched();
}

TEST_F(Dvp, DecodingRefusesZeroAmountsAndOneAssetOnBothLegs) {
    DvpOp p{chain.account(1), DvpLeg{"ACME", 1}, DvpLeg{"ACME", 2}};
    EXPECT_EQ(chain.registry().check_op(contracts::encode_dvp(p)).error().reason, Reason::DECODE_ERROR);
    p.get = DvpLeg{"EURX", 0};
    EXPECT_EQ(chain.registry().check_op(contracts::encode_dvp(p)).error().reason, Reason::DECODE_ERROR);
    p.get.amount = 1;
    Op op = contracts::encode_dvp(p);
    EXPECT_TRUE(chain.registry().check_op(op).ok());
    DvpOp back;
    ASSERT_TRUE(contracts::decode_dvp(op, back).ok());
    EXPECT_EQ(back, p);
    op.payload.push_back(0);
    EXPECT_EQ(chain.registry().check_op(op).error().reason, Reason::DECODE_ERROR) << "trailing byte";
}

TEST_F(Dvp, JsonFormRoundTripsAndRefusesWhatItDoesNotKnow) {
    const DecimalsLookup decimals = [](std::string_view s) {
        return s == "EURX" ? std::optional<uint8_t>(2) : s == "ACME" ? std::optional<uint8_t>(0) : std::nullopt;
    };
    const nlohmann::json j = {{"op", "dvp"},
                              {"counterparty", crypto::encode_address(chain.account(1))},
                              {"give", {{"asset", "ACME"}, {"amount", "10"}}},
                              {"get", {{"asset", "EURX"}, {"amount", "250.00"}}}};
    auto op = chain.registry().op_from_json(j, decimals);
    ASSERT_TRUE(op.ok()) << op.error().message;
    DvpOp p;
    ASSERT_TRUE(contracts::decode_dvp(op.value(), p).ok());
    EXPECT_EQ(p.get.amount, 25'000u);
    nlohmann::json back;
    ASSERT_TRUE(chain.registry().op_to_json(op.value(), decimals, back).ok());
    EXPECT_EQ(back, j);

    nlohmann::json extra = j;
    extra["give"]["memo"] = "x";
    EXPECT_EQ(chain.registry().op_from_json(extra, decimals).error().reason, Reason::INVALID_ARGUMENT);
    nlohmann::json same = j;
    same["get"]["asset"] = "ACME";
    same["get"]["amount"] = "1";
    EXPECT_EQ(chain.registry().op_from_json(same, decimals).error().reason, Reason::INVALID_ARGUMENT);
    nlohmann::json zero = j;
    zero["give"]["amount"] = "0";
    EXPECT_EQ(chain.registry().op_from_json(zero, decimals).error().reason, Reason::BAD_AMOUNT);
    nlohmann::json cents = j;
    cents["get"]["amount"] = "1.001";
    EXPECT_EQ(chain.registry().op_from_json(cents, decimals).error().reason, Reason::BAD_AMOUNT);
    nlohmann::json unknown = j;
    unknown["get"]["asset"] = "NOPE";
    EXPECT_EQ(chain.registry().op_from_json(unknown, decimals).error().reason, Reason::UNKNOWN_ASSET);
    nlohmann::json address = j;
    address["counterparty"] = "folio1nope";
    EXPECT_EQ(chain.registry().op_from_json(address, decimals).error().reason, Reason::BAD_ADDRESS);
}

}  // namespace
}  // namespace folio::test
