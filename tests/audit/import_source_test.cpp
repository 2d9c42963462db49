// Validation of a legacy register before any tx (audit/import_source.h): a good register has no problem, and
// each kind of damage is named at its FILE:LINE:COLUMN, once, without hiding or repeating another.
#include <gtest/gtest.h>

#include <fstream>

#include "audit/import_source.h"
#include "tests/audit/import_test_register.h"
#include "tests/e2e/harness.h"

namespace folio::audit::test {
namespace {

// 2026-12-02, after the register's cut-over: KYC must still run then.
constexpr uint64_t kNowMs = 1796169600000;

std::vector<std::string> problems_of(const TestRegister& reg) {
    e2e::TempDir dir;
    reg.write(dir.path());
    std::vector<std::string> out;
    for (const auto& p : load_import_source(dir.path(), kNowMs).problems) out.push_back(p.text());
    return out;
}

std::string only_problem(const TestRegister& reg) {
    auto problems = problems_of(reg);
    EXPECT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);
    return problems.empty() ? "" : problems.front();
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

TEST(ImportSource, AGoodRegisterHasNoProblem) {
    TestRegister reg;
    e2e::TempDir dir;
    reg.write(dir.path());
    ImportSource s = load_import_source(dir.path(), kNowMs);
    EXPECT_TRUE(s.problems.empty()) << s.problems.front().text();
    EXPECT_EQ(s.holders.size(), 4u);
    EXPECT_EQ(s.assets.size(), 4u);
    EXPECT_EQ(s.holdings.size(), 7u);
    EXPECT_EQ(s.asset("EURL")->declared_supply, 21050u);
    EXPECT_EQ(s.movements.at("ACME").rows, 2u);
    EXPECT_EQ(s.campaigns.at(0).collected, 5000u);
    EXPECT_TRUE(s.holder("A1")->kyc_carried);
    EXPECT_FALSE(s.holder("A4")->has_kyc);
    EXPECT_EQ(s.data_rows(), 4u + 4u + 7u + 9u + 3u + 1u + 1u);
}

TEST(ImportSource, ColumnCountIsNamedAtTheFirstExtraOrMissingField) {
    TestRegister reg;
    reg.lines["holdings.csv"][2] += ",extra";
    reg.lines["movements.csv"][3] = "3,2020-01-03,EURL";
    auto problems = problems_of(reg);
    ASSERT_GE(problems.size(), 2u);
    EXPECT_TRUE(starts_with(problems[0], "holdings.csv:3:5: 5 fields, the header has 4")) << problems[0];
    EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [](const std::string& p) {
        return starts_with(p, "movements.csv:4:4: 3 fields");
    }));
}

TEST(ImportSource, EncodingIsNamedAtItsColumn) {
    TestRegister reg;
    reg.lines["accounts.csv"][2] =
        "A2," + TestRegister::pubkey_hex(2) + ",1,r\xe9tail,2045-01-01," + std::string(64, 'b');
    EXPECT_EQ(only_problem(reg), "accounts.csv:3:4: not valid UTF-8");
}

TEST(ImportSource, MoreDecimalsThanTheAssetHas) {
    TestRegister reg;
    reg.lines["holdings.csv"][4] = "ACME,A1,60.0,0";
    EXPECT_EQ(only_problem(reg), "holdings.csv:5:3: '60.0' has more decimals than ACME has (0)");
}

TEST(ImportSource, UnknownSymbol) {
    TestRegister reg;
    reg.lines["holdings.csv"].push_back("NOPE,A1,1,0");
    EXPECT_EQ(only_problem(reg), "holdings.csv:9:1: unknown symbol 'NOPE' (not in assets.csv)");
}

TEST(ImportSource, DuplicateHolderAndDuplicateKey) {
    TestRegister reg;
    reg.lines["accounts.csv"].push_back("A1," + TestRegister::pubkey_hex(9) + ",,,,");
    reg.lines["accounts.csv"].push_back("A9," + TestRegister::pubkey_hex(2) + ",,,,");
    auto problems = problems_of(reg);
    ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
    EXPECT_EQ(problems[0], "accounts.csv:6:1: duplicate holder A1 (first at line 2)");
    EXPECT_EQ(problems[1], "accounts.csv:7:2: duplicate key: also the key of A2 (line 3)");
}

TEST(ImportSource, PointNotOnTheCurve) {
    TestRegister reg;
    reg.lines["accounts.csv"].push_back("A9," + TestRegister::off_curve_hex() + ",,,,");
    EXPECT_EQ(only_problem(reg), "accounts.csv:6:2: pubkey: not a point on the secp256k1 curve");
}

TEST(ImportSource, BadDate) {
    TestRegister reg;
    reg.lines["movements.csv"][2] = "2,2021-02-29,EURL,issue,,A2,50.00,,r2";
    EXPECT_EQ(only_problem(reg),
              "movements.csv:3:2: bad date '2021-02-29' (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
}

TEST(ImportSource, ExpiredKycWhereTheClassNeedsIt) {
    TestRegister reg;
    reg.lines["accounts.csv"][2] =
        "A2," + TestRegister::pubkey_hex(2) + ",1,retail,2026-12-01," + std::string(64, 'b');
    EXPECT_EQ(
        only_problem(reg),
        "accounts.csv:3:5: expired KYC: A2's ended 2026-12-01T00:00:00Z (it must run past the cut-over and "
        "now), but EURL (currency) needs KYC level 1");
}

TEST(ImportSource, ExpiredKycOfAHolderOfClassOtherIsNotCarried) {
    TestRegister reg;
    reg.lines["accounts.csv"][4] =
        "A4," + TestRegister::pubkey_hex(4) + ",1,retail,2020-01-01," + std::string(64, 'e');
    e2e::TempDir dir;
    reg.write(dir.path());
    ImportSource s = load_import_source(dir.path(), kNowMs);
    EXPECT_TRUE(s.problems.empty());
    EXPECT_TRUE(s.holder("A4")->has_kyc);
    EXPECT_FALSE(s.holder("A4")->kyc_carried) << "the chain refuses an attestation that already ended";
}

TEST(ImportSource, KycLevelBelowThePolicy) {
    TestRegister reg;
    reg.lines["accounts.csv"][3] =
        "A3," + TestRegister::pubkey_hex(3) + ",1,retail,2044-06-30," + std::string(64, 'c');
    EXPECT_EQ(only_problem(reg),
              "accounts.csv:4:3: A3 has KYC level 1, but BOND (minibond) needs KYC level 2");
}

TEST(ImportSource, OverMaxSupply) {
    TestRegister reg;
    reg.lines["assets.csv"][2] = "ACME,equity,0,150,,100,true," + std::string(64, 'd');
    EXPECT_EQ(
        only_problem(reg),
        "assets.csv:3:4: over max supply: max_supply 150 of ACME is below its supply 100 plus the 100 units "
        "its campaign offers");
}

TEST(ImportSource, MovementsNotSummingToHoldings) {
    TestRegister reg;
    reg.lines["movements.csv"][6] = "6,2022-05-06,ACME,transfer,A1,A2,41,,r6";
    auto problems = problems_of(reg);
    ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
    EXPECT_EQ(problems[0], "holdings.csv:5:3: amount 60 of ACME held by A1, but movements.csv sums to 59");
    EXPECT_EQ(problems[1], "holdings.csv:6:3: amount 40 of ACME held by A2, but movements.csv sums to 41");
}

TEST(ImportSource, HoldingsNotMatchingTheDeclaredSupply) {
    TestRegister reg;
    reg.declared_supply["MISC"] = "6";
    auto problems = problems_of(reg);
    ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
    EXPECT_EQ(problems[0], "assets.csv:5:1: holdings.csv holds 5 of MISC, manifest.json declares 6");
    EXPECT_EQ(problems[1], "manifest.json:1:1: supply.MISC is 6, movements.csv issues 5 and redeems 0");
}

TEST(ImportSource, HashNotMatchingTheManifest) {
    TestRegister reg;
    reg.appended_after_hash["schedules.csv"] = "";
    reg.appended_after_hash["campaigns.csv"] = " ";
    auto problems = problems_of(reg);
    ASSERT_FALSE(problems.empty());
    EXPECT_TRUE(starts_with(problems[0], "campaigns.csv:1:1: SHA-256 ")) << problems[0];
}

TEST(ImportSource, CampaignMustAddUpToItsSubscriptionsAndEscrow) {
    TestRegister reg;
    reg.lines["subscriptions.csv"].push_back("C1,A2,1,25.00,2026-11-21");
    auto problems = problems_of(reg);
    ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);
    EXPECT_EQ(problems[0],
              "campaigns.csv:2:9: subscriptions.csv gives 3 units for 75.00, the campaign says 2 for 50.00");
}

TEST(ImportSource, CampaignNotRunningAtTheCutOver) {
    TestRegister reg;
    reg.lines["campaigns.csv"][1] = "C1,ACME,EURL,25.00,100,25.00,2026-11-01,2026-11-29,50.00,2";
    auto problems = problems_of(reg);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems[0],
              "campaigns.csv:2:8: not running at the cut-over (opens 2026-11-01, closes 2026-11-29)");
}

TEST(ImportSource, SchedulePaidAfterAnInstalmentStillDue) {
    TestRegister reg;
    reg.lines["schedules.csv"][2] = "BOND,2,2026-06-30,EURL,1000.00,30.00,due,";
    reg.lines["schedules.csv"][3] = "BOND,3,2027-06-30,EURL,1000.00,0.00,paid,2026-07-01";
    EXPECT_EQ(only_problem(reg), "schedules.csv:4:7: a paid instalment after one still due");
}

TEST(ImportSource, ManifestOfAnotherFormatIsRefused) {
    e2e::TempDir dir;
    TestRegister().write(dir.path());
    std::ofstream(dir.path() + "/manifest.json") << R"({"format":"other","version":2})";
    auto problems = load_import_source(dir.path(), kNowMs).problems;
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems[0].text(), "manifest.json:1:1: format: must be \"folio-import\"");
}

TEST(ImportSource, ADeeplyNestedManifestIsRefusedBeforeItIsBuilt) {
    e2e::TempDir dir;
    TestRegister().write(dir.path());
    std::ofstream(dir.path() + "/manifest.json") << std::string(200000, '[') << std::string(200000, ']');
    auto problems = load_import_source(dir.path(), kNowMs).problems;
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].text().rfind("manifest.json:1:1: not a JSON object", 0), 0u) << problems[0].text();
}

TEST(ImportSource, DatesParseStrictly) {
    uint64_t ms = 0;
    EXPECT_TRUE(parse_import_time("2024-02-29", ms));
    EXPECT_EQ(format_import_time(ms), "2024-02-29T00:00:00Z");
    EXPECT_TRUE(parse_import_time("2026-11-30T23:59:59Z", ms));
    EXPECT_EQ(ms, 1796083199000u);
    for (const char* bad : {"2023-02-29", "2026-13-01", "2026-1-01", "2026-11-30T24:00:00Z",
                            "2026-11-30 10:00:00", "1969-12-31", "2026-11-30T10:00:00+01:00", ""}) {
        EXPECT_FALSE(parse_import_time(bad, ms)) << bad;
    }
}

}  // namespace
}  // namespace folio::audit::test
