// Scenario: a minibond's first coupon on a real foliod --dev, read and claimed with folio-wallet. The issuer
// sets BOND's terms (100 bonds of 100.00 EURM, 700 bps, 12 monthly annuity instalments: the table of
// docs/instruments.md, "Worked example: annuity"), issues 60 bonds to erin and 40 to fay; `folio-wallet
// schedule` shows the table; once instalment 1 is due the issuer pays it in two pages of one holder each.
// fay's KYC has lapsed by then, so her share is withheld; after her KYC is renewed she claims it with
// `folio-wallet claim --coupon BOND:1`. Every balance is checked to the cent against the schedule and the pro
// rata rule (holders in account order: the first gets floor(X * u1 / U), the second the rest). Block time is
// the node's clock, so the due date and fay's KYC expiry are a few seconds ahead.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "chain/crypto/bech32m.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

uint64_t wall_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

json kyc_op(const std::string& account, uint64_t expires_ms) {
    return {{"op", "kyc_attest"},   {"account", account},       {"level", 1},
            {"category", "retail"}, {"expires_ms", expires_ms}, {"doc_hash", std::string(64, 'b')}};
}

std::string issuer_address(FoliodNode& node) {
    const json keys = node.call("node_keys");
    for (const json& k : keys.at("keys")) {
        if (k.at("name") == "issuer") return k.at("address");
    }
    throw Failure("node_keys: no issuer key");
}

// "806.94" -> 80694 (2 decimals, as EURM has).
uint64_t cents(const std::string& amount) {
    const size_t dot = amount.find('.');
    if (dot == std::string::npos || amount.size() != dot + 3)
        throw Failure("not a 2-decimal amount: " + amount);
    return std::stoull(amount.substr(0, dot)) * 100 + std::stoull(amount.substr(dot + 1));
}

std::string text_cents(uint64_t c) {
    const std::string frac = std::to_string(c % 100);
    return std::to_string(c / 100) + "." + (frac.size() == 1 ? "0" + frac : frac);
}

TEST(e2e_minibond_coupon, CouponPaidInPagesToTheCentAndAWithheldShareClaimedWithTheWallet) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    Investor erin, fay;
    for (auto [name, who] : {std::pair{"erin", &erin}, {"fay", &fay}}) {
        const json key = wallet.run_json({"keygen", "--name", name, "--scrypt-n", "1024"});
        who->pubkey = key.at("pubkey");
        who->address = key.at("address");
    }
    register_investors(node, {&erin, &fay}, /*kyc=*/true);
    const std::string issuer = issuer_address(node);
    const uint64_t year_ms = 365ull * 24 * 3600 * 1000;
    sign_submit_wait(node, "registrar", json::array({kyc_op(issuer, wall_ms() + year_ms)}));
    sign_submit_wait(node, "issuer",
                     json::array({asset_create_op("EURM", "currency", 2, "10000000.00"),
                                  asset_create_op("BOND", "minibond", 0, "1000"),
                                  issue_op("EURM", {{issuer, "20000.00"}})}));

    // Terms before the first issue; instalment 1 falls due a few seconds from now.
    const uint64_t first_due_ms = wall_ms() + 5000;
    sign_submit_wait(node, "issuer",
                     json::array({{{"op", "minibond_terms"},
                                   {"asset", "BOND"},
                                   {"currency", "EURM"},
                                   {"nominal", "100.00"},
                                   {"rate_bps", 700},
                                   {"schedule", "annuity"},
                                   {"period_months", 1},
                                   {"instalments", 12},
                                   {"first_due_ms", first_due_ms}}}));
    sign_submit_wait(node, "issuer",
                     json::array({issue_op("BOND", {{erin.address, "60"}, {fay.address, "40"}})}));
    // fay's KYC lapses before the coupon is paid: the currency will refuse her share.
    sign_submit_wait(node, "registrar", json::array({kyc_op(fay.address, wall_ms() + 2500)}));
    const uint64_t record_height = node.call("chain_status").at("height").get<uint64_t>();

    // The table through the wallet, human and --json: the docs' worked example.
    const json schedule = wallet.run_json({"schedule", "--asset", "BOND"});
    ASSERT_EQ(schedule.at("instalments").size(), 12u) << schedule.dump();
    const json& first = schedule.at("instalments").at(0);
    EXPECT_EQ(first.at("payment"), "865.27");
    EXPECT_EQ(first.at("interest"), "58.33");
    EXPECT_EQ(first.at("principal"), "806.94");
    EXPECT_EQ(first.at("outstanding"), "9193.06");
    EXPECT_EQ(schedule.at("instalments").at(11).at("payment"), "865.25");
    EXPECT_EQ(schedule.at("total_interest"), "383.22");
    const ProcessResult human = wallet.run({"schedule", "--asset", "BOND"});
    ASSERT_EQ(human.exit_code, 0) << human.describe();
    EXPECT_NE(human.out.find("annuity, 700 bps a year, 12 instalments"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("9193.06"), std::string::npos) << human.out;

    while (wall_ms() <= first_due_ms + 300) std::this_thread::sleep_for(std::chrono::milliseconds(200));

    // Two pages of one holder each: the opening coupon_pay pays the first holder, the second the other.
    const json pay = {{"op", "coupon_pay"},
                      {"asset", "BOND"},
                      {"instalment", 1},
                      {"record_height", record_height},
                      {"limit", 1}};
    sign_submit_wait(node, "issuer", json::array({pay}));
    const json after_first_page = wallet.run_json({"schedule", "--asset", "BOND"});
    EXPECT_NE(after_first_page.at("instalments").at(0).at("status"), "paid");
    sign_submit_wait(node, "issuer", json::array({pay}));
    const json paid = wallet.run_json({"schedule", "--asset", "BOND"});
    EXPECT_EQ(paid.at("instalments").at(0).at("status"), "paid") << paid.dump();
    const ProcessResult again =
        wallet.run({"--key", "erin", "claim", "--coupon", "BOND:1", "--yes", "--json"});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_EQ(again.doc()["error"]["reason"], "NOTHING_TO_CLAIM") << again.describe();

    // Pro rata in account order, interest and principal separately (docs/instruments.md, "Pro rata").
    const bool erin_first = *crypto::decode_address(erin.address) < *crypto::decode_address(fay.address);
    const uint64_t u_first = erin_first ? 60 : 40;
    auto first_share = [&](uint64_t total) { return total * u_first / 100; };
    const uint64_t interest = cents("58.33"), principal = cents("806.94");
    const uint64_t first_gets = first_share(interest) + first_share(principal);
    const uint64_t second_gets = (interest - first_share(interest)) + (principal - first_share(principal));
    const uint64_t erin_gets = erin_first ? first_gets : second_gets;
    const uint64_t fay_gets = erin_first ? second_gets : first_gets;
    EXPECT_EQ(erin_gets + fay_gets, cents("865.27"));
    EXPECT_EQ(holding_of(node, erin.address, "EURM"), text_cents(erin_gets));
    const std::string fay_before = holding_of(node, fay.address, "EURM");  // "0": no EURM holding at all
    EXPECT_TRUE(fay_before == "0" || fay_before == "0.00")
        << "fay's share is withheld, she has " << fay_before;
    EXPECT_EQ(holding_of(node, issuer, "EURM"), text_cents(cents("20000.00") - cents("865.27")));

    // fay's KYC is renewed; she claims her withheld share with the wallet.
    sign_submit_wait(node, "registrar", json::array({kyc_op(fay.address, wall_ms() + year_ms)}));
    const json claimed = wallet.run_json({"--key", "fay", "claim", "--coupon", "BOND:1", "--yes"});
    EXPECT_EQ(claimed.at("status"), "committed") << claimed.dump();
    EXPECT_EQ(claimed.at("tx").at("ops").at(0).at("op"), "coupon_claim");
    EXPECT_EQ(holding_of(node, fay.address, "EURM"), text_cents(fay_gets));
    const ProcessResult twice =
        wallet.run({"--key", "fay", "claim", "--coupon", "BOND:1", "--yes", "--json"});
    EXPECT_EQ(twice.exit_code, 1) << twice.describe();
    EXPECT_EQ(holding_of(node, fay.address, "EURM"), text_cents(fay_gets));
}

}  // namespace
}  // namespace folio::e2e
