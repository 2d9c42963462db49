// Pledges (contracts/pledges.h) on a stored chain: the lock, who signs, release, enforcement, the refusals,
// events and pledge_list.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "contracts/pledges.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {
namespace {

using contracts::PledgeOp;

constexpr size_t kRegistrar = InstrumentChain::kRegistrar;

std::vector<std::unique_ptr<contracts::Instrument>> pledges_only() {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(contracts::make_pledges_instrument());
    return v;
}

Hash256 hash_of(uint8_t b) {
    Hash256 h;
    h.fill(b);
    return h;
}

struct PledgeChain {
    InstrumentChain chain{pledges_only()};

    Op pledge(size_t beneficiary, Amount amount, std::string asset = "ACME") const {
        return contracts::encode_pledge(PledgeOp{std::move(asset), amount, chain.account(beneficiary), hash_of(0xd0)});
    }
    // The tx of `holder`, signed also by the keys of `cosigners`.
    TxPtr signed_by(size_t holder, std::vector<Op> ops, std::vector<size_t> cosigners) const {
        SignedTx stx = chain.tx(holder, std::move(ops))->signed_tx;
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
    // h0 pledges `amount` ACME to h1, both signing; the pledge's id.
    InstrumentId pledged(Amount amount) {
        const Receipt r = run(signed_by(0, {pledge(1, amount)}, {1}));
        EXPECT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
        EXPECT_EQ(r.events.size(), 1u);
        return r.events.empty() ? InstrumentId{} : r.events[0].id;
    }
    nlohmann::json list(const nlohmann::json& params) {
        const DecimalsLookup decimals = [](std::string_view) { return std::optional<uint8_t>(0); };
        QueryContext ctx{chain.ledger().state(), chain.ledger().height(), chain.ledger().store(), decimals};
        for (const InstrumentQuery* q : chain.registry().queries()) {
            if (q->name != "pledge_list") continue;
            auto r = q->handler(ctx, params);
            if (!r) return nlohmann::json{{"error", std::string(reason_name(r.error().reason))}};
            return r.value();
        }
        ADD_FAILURE() << "no pledge_list";
        return {};
    }
    std::string address(size_t i) const { return crypto::encode_address(chain.account(i)); }
};

TEST(Pledge, LocksTheUnitsWithARecordOfKindPledge) {
    PledgeChain p;
    const Receipt r = p.run(p.signed_by(0, {p.pledge(1, 60)}, {1}));
    ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].kind, "pledge");
    EXPECT_EQ(r.events[0].accounts, (std::vector<AccountId>{p.chain.account(0), p.chain.account(1)}));
    EXPECT_EQ(r.events[0].amounts, (std::vector<Amount>{60}));
    const Balance b = p.chain.balance("ACME", 0);
    EXPECT_EQ(b.amount, 100u);
    EXPECT_EQ(b.locked, 60u);
    const LockSet locks = read_locks(p.chain.ledger().state(), p.chain.asset("ACME"), p.chain.account(0));
    ASSERT_EQ(locks.entries.size(), 1u);
    EXPECT_EQ(locks.entries[0].kind, "pledge");
    EXPECT_EQ(locks.entries[0].id, r.events[0].id);
    EXPECT_EQ(locks.entries[0].amount, 60u);
    EXPECT_TRUE(p.chain.conserved("ACME"));
}

TEST(Pledge, TheBeneficiaryMustSignToo) {
    PledgeChain p;
    EXPECT_EQ(p.chain.registry().required_signers(p.pledge(1, 10)), (std::vector<AccountId>{p.chain.account(1)}));
    BuiltBlock b = p.chain.run({p.signed_by(0, {p.pledge(1, 10)}, {})});
    EXPECT_TRUE(b.result.receipts.empty());
    ASSERT_EQ(b.excluded.size(), 1u);
    EXPECT_EQ(b.excluded[0].error.reason, Reason::MISSING_SIGNATURE);
    EXPECT_EQ(p.chain.balance("ACME", 0).locked, 0u);
}

TEST(Pledge, PledgedUnitsCannotBeTransferred) {
    PledgeChain p;
    p.pledged(60);
    EXPECT_NE(p.chain.run_one(0, {encode_op(TransferOp{"ACME", p.chain.account(2), 41})}).status, TxStatus::success);
    EXPECT_EQ(p.chain.run_one(0, {encode_op(TransferOp{"ACME", p.chain.account(2), 40})}).status, TxStatus::success);
    EXPECT_EQ(p.chain.balance("ACME", 0).amount, 60u);
    EXPECT_TRUE(p.chain.conserved("ACME"));
}

TEST(Pledge, PledgedUnitsCannotBePledgedTwice) {
    PledgeChain p;
    p.pledged(60);
    const Receipt again = p.run(p.signed_by(0, {p.pledge(2, 50)}, {2}));
    EXPECT_EQ(again.reason, Reason::PLEDGED);
    // Beyond the whole holding it is a plain shortage.
    EXPECT_EQ(p.run(p.signed_by(0, {p.pledge(2, 101)}, {2})).reason, Reason::INSUFFICIENT_BALANCE);
    // The 40 units still available can be pledged.
    EXPECT_EQ(p.run(p.signed_by(0, {p.pledge(2, 40)}, {2})).status, TxStatus::success);
    EXPECT_EQ(p.chain.balance("ACME", 0).locked, 100u);
}

TEST(Pledge, TheBeneficiaryReleasesIt) {
    PledgeChain p;
    const InstrumentId id = p.pledged(60);
    EXPECT_EQ(p.chain.run_one(0, {contracts::encode_pledge_release(id)}).reason, Reason::NOT_AUTHORIZED);
    const Receipt r = p.chain.run_one(1, {contracts::encode_pledge_release(id)});
    ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].kind, "pledge_release");
    EXPECT_EQ(r.events[0].id, id);
    EXPECT_EQ(p.chain.balance("ACME", 0).locked, 0u);
    EXPECT_TRUE(read_locks(p.chain.ledger().state(), p.chain.asset("ACME"), p.chain.account(0)).entries.empty());
    EXPECT_EQ(p.chain.run_one(1, {contracts::encode_pledge_release(id)}).reason, Reason::NOT_PENDING);
    EXPECT_EQ(p.chain.run_one(0, {encode_op(TransferOp{"ACME", p.chain.account(2), 100})}).status, TxStatus::success);
}

TEST(Pledge, TheRegistrarEnforcesItAndTheUnitsGoToTheBeneficiary) {
    PledgeChain p;
    const InstrumentId id = p.pledged(60);
    EXPECT_EQ(p.chain.run_one(1, {contracts::encode_pledge_enforce(id, hash_of(0x1e))}).reason, Reason::NOT_AUTHORIZED);
    const Receipt r = p.chain.run_one(kRegistrar, {contracts::encode_pledge_enforce(id, hash_of(0x1e))});
    ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].kind, "pledge_enforce");
    EXPECT_EQ(r.events[0].amounts, (std::vector<Amount>{60}));
    EXPECT_EQ(p.chain.balance("ACME", 0).amount, 40u);
    EXPECT_EQ(p.chain.balance("ACME", 0).locked, 0u);
    EXPECT_EQ(p.chain.balance("ACME", 1).amount, 160u);
    EXPECT_TRUE(p.chain.conserved("ACME"));
    EXPECT_EQ(p.chain.run_one(1, {contracts::encode_pledge_release(id)}).reason, Reason::NOT_PENDING);
    const nlohmann::json list = p.list({{"account", p.address(0)}});
    ASSERT_EQ(list["pledges"].size(), 1u);
    EXPECT_EQ(list["pledges"][0]["status"], "enforced");
    EXPECT_EQ(list["pledges"][0]["legal_ref"], to_hex(hash_of(0x1e)));
}

TEST(Pledge, UnknownIdAndBadTermsAreRefused) {
    PledgeChain p;
    InstrumentId none{};
    none[3] = 9;
    EXPECT_EQ(p.chain.run_one(1, {contracts::encode_pledge_release(none)}).reason, Reason::UNKNOWN_ID);
    EXPECT_EQ(p.chain.run_one(kRegistrar, {contracts::encode_pledge_enforce(none, hash_of(1))}).reason,
              Reason::UNKNOWN_ID);
    EXPECT_EQ(p.run(p.signed_by(0, {p.pledge(1, 5, "NOPE")}, {1})).reason, Reason::UNKNOWN_ASSET);
    EXPECT_EQ(p.chain.run_one(0, {p.pledge(0, 5)}).reason, Reason::INVALID_ARGUMENT);  // to itself
    EXPECT_FALSE(p.chain.registry().check_op(p.pledge(1, 0)).ok());                   // zero never decodes
}

TEST(Pledge, PledgeListByAccountAndBeneficiary) {
    PledgeChain p;
    const InstrumentId a = p.pledged(10);
    ASSERT_EQ(p.run(p.signed_by(0, {p.pledge(2, 20)}, {2})).status, TxStatus::success);
    ASSERT_EQ(p.chain.run_one(1, {contracts::encode_pledge_release(a)}).status, TxStatus::success);
    nlohmann::json list = p.list({{"account", p.address(0)}});
    EXPECT_EQ(list["total"], 2);
    ASSERT_EQ(list["pledges"].size(), 2u);
    EXPECT_EQ(list["pledges"][0]["id"], instrument_id_hex(a));
    EXPECT_EQ(list["pledges"][0]["status"], "released");
    EXPECT_EQ(list["pledges"][0]["doc_hash"], to_hex(hash_of(0xd0)));
    EXPECT_EQ(list["pledges"][1]["status"], "active");
    EXPECT_EQ(list["pledges"][1]["amount"], "20");
    list = p.list({{"beneficiary", p.address(2)}});
    ASSERT_EQ(list["pledges"].size(), 1u);
    EXPECT_EQ(list["pledges"][0]["account"], p.address(0));
    list = p.list({{"account", p.address(0)}, {"beneficiary", p.address(1)}});
    ASSERT_EQ(list["pledges"].size(), 1u);
    EXPECT_EQ(list["pledges"][0]["id"], instrument_id_hex(a));
    EXPECT_EQ(p.list(nlohmann::json::object())["error"], "INVALID_ARGUMENT");
}

TEST(Pledge, JsonFormRoundTrips) {
    PledgeChain p;
    const DecimalsLookup decimals = [](std::string_view) { return std::optional<uint8_t>(2); };
    const nlohmann::json pledge = {{"op", "pledge"},
                                   {"asset", "EURX"},
                                   {"amount", "12.50"},
                                   {"beneficiary", p.address(1)},
                                   {"doc_hash", std::string(64, 'a')}};
    const nlohmann::json enforce = {{"op", "pledge_enforce"}, {"id", std::string(32, 'b')},
                                    {"legal_ref", std::string(64, 'c')}};
    const nlohmann::json release = {{"op", "pledge_release"}, {"id", std::string(32, 'b')}};
    for (const nlohmann::json& j : {pledge, enforce, release}) {
        auto op = p.chain.registry().op_from_json(j, decimals);
        ASSERT_TRUE(op.ok()) << op.error().message;
        nlohmann::json back;
        ASSERT_TRUE(p.chain.registry().op_to_json(op.value(), decimals, back).ok());
        EXPECT_EQ(back, j);
    }
    nlohmann::json zero = pledge;
    zero["amount"] = "0.00";
    EXPECT_EQ(p.chain.registry().op_from_json(zero, decimals).error().reason, Reason::BAD_AMOUNT);
}

}  // namespace
}  // namespace folio::test
