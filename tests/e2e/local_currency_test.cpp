// Scenario: a local currency on a real foliod --dev with folio-wallet members. The issuer (the association)
// sets GONETTE's terms, declares its guarantee fund and mints 100.00 to erin against her deposit; erin pays the
// merchant fay 40.00 with `folio-wallet transfer`; fay reconverts them with `folio-wallet redeem`, paying the
// 3 % fee to the association's fee account; asset_reserve shows the supply against the reserve.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

uint64_t wall_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

std::string holding(FoliodNode& node, const std::string& account, const std::string& asset) {
    const json got = node.call("account_holdings", {{"account", account}});
    for (const json& h : got.at("holdings")) {
        if (h.at("asset") == asset) return h.at("amount");
    }
    return "0";
}

TEST(e2e_local_currency, MintPayAMerchantReconvertWithAFeeAndTheReserve) {
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
    std::string issuer;
    const json keys = node.call("node_keys");  // kept: a range-for over a member of a temporary dangles
    for (const json& k : keys.at("keys")) {
        if (k.at("name") == "issuer") issuer = k.at("address");
    }
    ASSERT_FALSE(issuer.empty());
    // The issuer is the fee account, which receives GONETTE: KYC'd like the members.
    sign_submit_wait(node, "registrar",
                     json::array({{{"op", "kyc_attest"},
                                   {"account", issuer},
                                   {"level", 1},
                                   {"category", "professional"},
                                   {"expires_ms", wall_ms() + 365ull * 24 * 3600 * 1000},
                                   {"doc_hash", std::string(64, 'c')}}}));
    sign_submit_wait(
        node, "issuer",
        json::array({asset_create_op("GONETTE", "currency", 2, "1000000.00"),
                     {{"op", "currency_terms"},
                      {"asset", "GONETTE"},
                      {"fee_bps", 300},
                      {"fee_account", issuer},
                      {"redeem_by", "merchants"}},
                     {{"op", "reserve_declare"},
                      {"asset", "GONETTE"},
                      {"reserve", "100.00"},
                      {"doc_hash", std::string(64, 'b')}},
                     {{"op", "mint"},
                      {"asset", "GONETTE"},
                      {"to", erin.address},
                      {"amount", "100.00"},
                      {"deposit_ref", std::string(64, '1')}},
                     {{"op", "merchant_set"}, {"asset", "GONETTE"}, {"account", fay.address}, {"merchant", true}}}));
    EXPECT_EQ(holding(node, erin.address, "GONETTE"), "100.00");

    // A second mint against the same deposit is refused at submission.
    const json again = node.raw_call("tx_sign_submit",
                                       {{"key", "issuer"},
                                        {"ops", json::array({{{"op", "mint"},
                                                              {"asset", "GONETTE"},
                                                              {"to", erin.address},
                                                              {"amount", "1.00"},
                                                              {"deposit_ref", std::string(64, '1')}}})}});
    ASSERT_TRUE(again.contains("error")) << again.dump();
    EXPECT_EQ(again["error"]["data"]["reason"], "DEPOSIT_REF_USED") << again.dump();

    const json paid = wallet.run_json({"transfer", "--key", "erin", "--asset", "GONETTE", "--to", fay.address,
                                       "--amount", "40.00", "--yes"});
    EXPECT_EQ(paid.at("status"), "committed") << paid.dump();
    const ProcessResult not_merchant =
        wallet.run({"redeem", "--key", "erin", "--asset", "GONETTE", "--amount", "1.00", "--yes", "--json"});
    EXPECT_EQ(not_merchant.exit_code, 1) << not_merchant.describe();
    EXPECT_EQ(not_merchant.doc()["error"]["reason"], "NOT_MERCHANT") << not_merchant.describe();

    const json redeemed = wallet.run_json({"redeem", "--key", "fay", "--asset", "GONETTE", "--amount", "40.00",
                                           "--payout-ref", std::string(64, 'e'), "--yes"});
    EXPECT_EQ(redeemed.at("status"), "committed") << redeemed.dump();
    EXPECT_EQ(holding(node, fay.address, "GONETTE"), "0");
    EXPECT_EQ(holding(node, issuer, "GONETTE"), "1.20");  // ⌈40.00 × 3 %⌉

    const json reserve = node.call("asset_reserve", {{"asset", "GONETTE"}});
    EXPECT_EQ(reserve.at("supply"), "61.20");  // 100.00 minted, 38.80 burned and owed in euros
    EXPECT_EQ(reserve.at("reserve"), "100.00");
    EXPECT_EQ(reserve.at("doc_hash"), std::string(64, 'b'));
    EXPECT_EQ(reserve.at("escrowed"), "0.00");
    EXPECT_EQ(reserve.at("covered"), true);
}

}  // namespace
}  // namespace folio::e2e
