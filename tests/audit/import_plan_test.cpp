// The txs an import plans (audit/import_plan.h): the same source gives the same txs with the same
// client_refs, each within the chain's bounds; the phases not on the chain yet are listed, not planned.
#include <gtest/gtest.h>

#include "audit/import_plan.h"
#include "chain/tx.h"
#include "tests/audit/import_test_register.h"
#include "tests/e2e/harness.h"

namespace folio::audit::test {
namespace {

constexpr uint64_t kNowMs = 1796256000000;

ImportSource load(const TestRegister& reg) {
    e2e::TempDir dir;
    reg.write(dir.path());
    ImportSource s = load_import_source(dir.path(), kNowMs);
    EXPECT_TRUE(s.problems.empty()) << s.problems.front().text();
    return s;
}

std::vector<PlannedTx> plan_of(const ImportSource& s, std::string_view phase) {
    for (const auto& p : import_phases()) {
        if (p.name == phase) return p.plan(s);
    }
    ADD_FAILURE() << "no phase " << phase;
    return {};
}

TEST(ImportPlan, PhasesRunAccountsAssetsHoldingsFrozenAndListTheInstrumentsNotYetOnChain) {
    std::vector<std::string> submitted, validated;
    for (const auto& p : import_phases()) (p.plan ? submitted : validated).emplace_back(p.name);
    EXPECT_EQ(submitted, (std::vector<std::string>{"accounts", "assets", "holdings", "frozen"}));
    EXPECT_EQ(validated, (std::vector<std::string>{"schedules", "campaigns", "subscriptions"}));
    for (const auto& p : import_phases()) {
        if (!p.plan) {
            EXPECT_FALSE(p.not_submitted.empty()) << p.name;
        }
    }
}

TEST(ImportPlan, ClientRefsNameTheImportThePhaseAndTheFirstLine) {
    ImportSource s = load(TestRegister());
    auto accounts = plan_of(s, "accounts");
    ASSERT_EQ(accounts.size(), 1u);
    EXPECT_EQ(accounts[0].client_ref, "imp:unit-1:accounts:2");
    EXPECT_EQ(accounts[0].rows, 4u);
    auto holdings = plan_of(s, "holdings");
    ASSERT_EQ(holdings.size(), 4u) << "one issue tx per asset here";
    EXPECT_EQ(holdings[1].client_ref, "imp:unit-1:holdings:5");
    auto frozen = plan_of(s, "frozen");
    ASSERT_EQ(frozen.size(), 1u);
    EXPECT_EQ(frozen[0].ops.size(), 2u) << "the two holdings with a frozen part";
    EXPECT_EQ(frozen[0].ops[0]["amount"], "10.00");
}

TEST(ImportPlan, TheLongestClientRefFitsTheChainBound) {
    TestRegister reg;
    reg.import_id = std::string(kMaxImportIdLength, 'x');
    ImportSource s = load(reg);
    for (const auto& p : import_phases()) {
        if (!p.plan) continue;
        for (const auto& tx : p.plan(s)) EXPECT_LE(tx.client_ref.size(), kMaxClientRefBytes) << tx.client_ref;
    }
    const std::string longest = "imp:" + reg.import_id + ":subscriptions:" + std::to_string(UINT32_MAX);
    EXPECT_LE(longest.size(), kMaxClientRefBytes);
}

TEST(ImportPlan, AccountsCarryKycOnlyWhenTheAttestationStillRuns) {
    TestRegister reg;
    reg.lines["accounts.csv"][4] =
        "A4," + TestRegister::pubkey_hex(4) + ",1,retail,2020-01-01," + std::string(64, 'e');
    ImportSource s = load(reg);
    auto accounts = plan_of(s, "accounts");
    size_t registers = 0, attests = 0;
    for (const auto& op : accounts.at(0).ops) (op["op"] == "account_register" ? registers : attests)++;
    EXPECT_EQ(registers, 4u);
    EXPECT_EQ(attests, 3u);
}

TEST(ImportPlan, IssuesAreSplitByAssetAndBoundedInRecipients) {
    TestRegister reg;
    const size_t extra = kRecipientsPerIssueTx + 3;
    for (size_t i = 0; i < extra; ++i) {
        const std::string id = std::string("M") + std::to_string(i);
        reg.lines["accounts.csv"].push_back(
            id + "," + TestRegister::pubkey_hex(100 + static_cast<unsigned>(i)) + ",,,,");
        reg.lines["holdings.csv"].push_back("MISC," + id + ",1,0");
        reg.lines["movements.csv"].push_back(std::to_string(100 + i) + ",2024-01-01,MISC,issue,," + id +
                                             ",1,,x");
    }
    reg.lines["assets.csv"][4] = "MISC,other,0,1000,,,,";
    reg.declared_supply["MISC"] = std::to_string(5 + extra);
    ImportSource s = load(reg);
    auto holdings = plan_of(s, "holdings");
    ASSERT_EQ(holdings.size(), 5u) << "EURL, ACME, BOND, then MISC in two txs";
    EXPECT_EQ(holdings[3].ops[0]["to"].size(), kRecipientsPerIssueTx);
    EXPECT_EQ(holdings[4].ops[0]["to"].size(), 4u);
    EXPECT_EQ(holdings[3].rows + holdings[4].rows, 1 + extra);
    EXPECT_EQ(holdings[4].line, holdings[3].line + kRecipientsPerIssueTx);
    auto accounts = plan_of(s, "accounts");
    for (const auto& tx : accounts) EXPECT_LE(tx.ops.size(), kMaxOpsPerTx);
}

TEST(ImportPlan, AssetCreateCarriesTheMovementDigestInItsMemo) {
    ImportSource s = load(TestRegister());
    auto assets = plan_of(s, "assets");
    ASSERT_EQ(assets.size(), 4u);
    const auto& acme = assets[1];
    EXPECT_EQ(acme.ops[0]["symbol"], "ACME");
    EXPECT_EQ(acme.ops[0]["policy"]["max_holders"], 100);
    EXPECT_EQ(acme.memo, movements_memo("unit-1", "ACME", s.movements.at("ACME")));
    EXPECT_LE(acme.memo.size(), kMaxMemoBytes);
    EXPECT_NE(acme.memo.find(to_hex(s.movements.at("ACME").sha256)), std::string::npos);
}

}  // namespace
}  // namespace folio::audit::test
