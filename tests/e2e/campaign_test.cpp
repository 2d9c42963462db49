// Scenario: crowdfunding campaigns on a real foliod --dev with folio-wallet investors. The issuer opens an
// equity campaign in a currency; erin and fay subscribe with `folio-wallet subscribe`, fay withdraws with
// `folio-wallet withdraw`; the campaign closes and settles: on success the shares are minted and the funds
// released to the issuer, on failure every subscriber is refunded exactly. Block time is the node's clock, so
// the failing campaign's deadline is a few seconds ahead.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "chain/instrument.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

uint64_t wall_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

struct Crowd {
    Investor erin, fay;
    std::string issuer;  // address
};

// erin and fay hold their keys in one folio-wallet, are registered and KYC'd (retail), and hold 500.00 EURC
// each; ACMEC (equity, 0 decimals) exists; the issuer is KYC'd so that released EURC can reach it.
Crowd open_crowd(FoliodNode& node, Wallet& wallet) {
    Crowd c;
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    for (auto [name, who] : {std::pair{"erin", &c.erin}, {"fay", &c.fay}}) {
        const json key = wallet.run_json({"keygen", "--name", name, "--scrypt-n", "1024"});
        who->pubkey = key.at("pubkey");
        who->address = key.at("address");
    }
    register_investors(node, {&c.erin, &c.fay}, /*kyc=*/true);
    const json keys = node.call("node_keys");
    for (const json& k : keys.at("keys")) {
        if (k.at("name") == "issuer") c.issuer = k.at("address");
    }
    if (c.issuer.empty()) throw Failure("node_keys: no issuer key");
    sign_submit_wait(node, "registrar",
                     json::array({{{"op", "kyc_attest"},
                                   {"account", c.issuer},
                                   {"level", 1},
                                   {"category", "professional"},
                                   {"expires_ms", wall_ms() + 365ull * 24 * 3600 * 1000},
                                   {"doc_hash", std::string(64, 'c')}}}));
    sign_submit_wait(
        node, "issuer",
        json::array({asset_create_op("EURC", "currency", 2, "10000000.00"),
                     asset_create_op("ACMEC", "equity", 0, "1000"),
                     issue_op("EURC", {{c.erin.address, "500.00"}, {c.fay.address, "500.00"}})}));
    return c;
}

// campaign_create by the issuer: ACMEC at 10.00 EURC, target 100.00, cap 1,000.00, tickets 10.00..500.00.
std::string create_campaign(FoliodNode& node, uint64_t deadline_ms) {
    const json op = {{"op", "campaign_create"},    {"asset", "ACMEC"},
                     {"currency", "EURC"},         {"price", "10.00"},
                     {"target", "100.00"},         {"cap", "1000.00"},
                     {"min_ticket", "10.00"},      {"max_ticket", "500.00"},
                     {"deadline_ms", deadline_ms}, {"terms_hash", std::string(64, '7')}};
    const std::string tx_hash = sign_submit_wait(node, "issuer", json::array({op}));
    TxHash h{};
    if (!from_hex_fixed(tx_hash, h)) throw Failure("tx_sign_submit: not a tx hash");
    return instrument_id_hex(instrument_id(h, 0));
}

std::string amount_of(FoliodNode& node, const std::string& account, const std::string& asset) {
    const json got = node.call("account_holdings", {{"account", account}});
    for (const json& h : got.at("holdings")) {
        if (h.at("asset") == asset) return h.at("amount");
    }
    return "0";
}

TEST(e2e_campaign_success, SubscriptionsByWalletThenCloseMintTheSharesAndReleaseTheFunds) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    const Crowd c = open_crowd(node, wallet);
    const std::string id = create_campaign(node, wall_ms() + 3'600'000);

    const json erin =
        wallet.run_json({"subscribe", "--key", "erin", "--campaign", id, "--amount", "60", "--yes"});
    EXPECT_EQ(erin.at("status"), "committed") << erin.dump();
    EXPECT_EQ(erin.at("tx").at("ops").at(0).at("amount"), "60.00");
    wallet.run_json({"subscribe", "--key", "fay", "--campaign", id, "--amount", "40.00", "--yes"});
    const json open = node.call("campaign_get", {{"id", id}, {"account", c.erin.address}});
    EXPECT_EQ(open.at("raised"), "100.00");
    EXPECT_EQ(open.at("escrow"), "100.00");
    EXPECT_EQ(open.at("subscribers"), 2);
    EXPECT_EQ(open.at("subscription").at("amount"), "60.00");
    EXPECT_EQ(amount_of(node, c.erin.address, "EURC"), "440.00");

    // The target is reached: the issuer may close before the deadline; the close settles both subscriptions.
    sign_submit_wait(node, "issuer", json::array({{{"op", "campaign_close"}, {"id", id}, {"limit", 500}}}));
    const json closed = node.call("campaign_get", {{"id", id}});
    EXPECT_EQ(closed.at("status"), "succeeded");
    EXPECT_EQ(closed.at("settled"), true);
    EXPECT_EQ(closed.at("escrow"), "0.00");
    EXPECT_EQ(amount_of(node, c.erin.address, "ACMEC"), "6");
    EXPECT_EQ(amount_of(node, c.fay.address, "ACMEC"), "4");
    EXPECT_EQ(amount_of(node, c.issuer, "EURC"), "100.00");
    const json listed = node.call("campaign_list", {{"asset", "ACMEC"}, {"status", "succeeded"}});
    ASSERT_EQ(listed.at("campaigns").size(), 1u);
    EXPECT_EQ(listed.at("campaigns").at(0).at("id"), id);
}

TEST(e2e_campaign_refund, AFailedCampaignRefundsEverySubscriberExactly) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    const Crowd c = open_crowd(node, wallet);
    const uint64_t deadline_ms = wall_ms() + 6000;
    const std::string id = create_campaign(node, deadline_ms);

    wallet.run_json({"subscribe", "--key", "erin", "--campaign", id, "--amount", "30.00", "--yes"});
    wallet.run_json({"subscribe", "--key", "fay", "--campaign", id, "--amount", "50.00", "--yes"});
    // fay changes her mind within the reflection period.
    const json withdrawn = wallet.run_json({"withdraw", "--key", "fay", "--campaign", id, "--yes"});
    EXPECT_EQ(withdrawn.at("status"), "committed") << withdrawn.dump();
    EXPECT_EQ(amount_of(node, c.fay.address, "EURC"), "500.00");
    wallet.run_json({"subscribe", "--key", "fay", "--campaign", id, "--amount", "20.00", "--yes"});
    EXPECT_EQ(node.call("campaign_get", {{"id", id}}).at("raised"), "50.00");

    while (wall_ms() <= deadline_ms + 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const ProcessResult late =
        wallet.run({"subscribe", "--key", "erin", "--campaign", id, "--amount", "10.00", "--yes", "--json"});
    EXPECT_EQ(late.exit_code, 1) << late.describe();
    EXPECT_EQ(late.doc()["error"]["reason"], "CAMPAIGN_CLOSED") << late.describe();

    // Anyone closes after the deadline: 50.00 < 100.00, every subscriber is refunded.
    sign_submit_wait(node, "registrar", json::array({{{"op", "campaign_close"}, {"id", id}, {"limit", 1}}}));
    EXPECT_EQ(node.call("campaign_get", {{"id", id}}).at("status"), "failed");
    sign_submit_wait(node, "registrar", json::array({{{"op", "campaign_settle"}, {"id", id}, {"limit", 1}}}));
    const json done = node.call("campaign_get", {{"id", id}});
    EXPECT_EQ(done.at("settled"), true);
    EXPECT_EQ(done.at("escrow"), "0.00");
    EXPECT_EQ(amount_of(node, c.erin.address, "EURC"), "500.00");
    EXPECT_EQ(amount_of(node, c.fay.address, "EURC"), "500.00");
    EXPECT_EQ(amount_of(node, c.erin.address, "ACMEC"), "0");
    EXPECT_EQ(amount_of(node, c.issuer, "EURC"), "0");
}

}  // namespace
}  // namespace folio::e2e
