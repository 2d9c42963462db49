// Scenario: delivery versus payment between two folio-wallets on a real foliod --dev. erin (in her wallet)
// holds ACMED shares, fay (in hers) EURD; erin writes a dvp tx file with `folio-wallet dvp`, fay checks it
// with `folio-wallet show`, signs it with `sign` and submits it with `submit`: both legs move. A second
// swap whose get leg fay cannot cover is refused at execution, and nothing moves.
#include <gtest/gtest.h>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

std::string amount_of(FoliodNode& node, const std::string& account, const std::string& asset) {
    const json got = node.call("account_holdings", {{"account", account}});
    for (const json& h : got.at("holdings")) {
        if (h.at("asset") == asset) return h.at("amount");
    }
    return "0";
}

struct Party {
    std::unique_ptr<Wallet> wallet;
    std::string address;
};

// One wallet per party, each with its own key, registered and KYC'd; erin holds 100 ACMED, fay 500.00 EURD.
std::pair<Party, Party> two_parties(FoliodNode& node) {
    Party parties[2];
    Investor investors[2];
    const char* names[2] = {"erin", "fay"};
    for (int i = 0; i < 2; ++i) {
        parties[i].wallet = std::make_unique<Wallet>(node, names[i]);
        parties[i].wallet->run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
        const json key = parties[i].wallet->run_json({"keygen", "--name", names[i], "--scrypt-n", "1024"});
        investors[i].pubkey = key.at("pubkey");
        investors[i].address = key.at("address");
        parties[i].address = investors[i].address;
    }
    register_investors(node, {&investors[0], &investors[1]}, /*kyc=*/true);
    sign_submit_wait(node, "issuer",
                     json::array({asset_create_op("EURD", "currency", 2, "10000000.00"),
                                  asset_create_op("ACMED", "equity", 0, "1000"),
                                  issue_op("ACMED", {{parties[0].address, "100"}}),
                                  issue_op("EURD", {{parties[1].address, "500.00"}})}));
    return {std::move(parties[0]), std::move(parties[1])};
}

// erin's half: 10 ACMED against `price` EURD, written to `file`; then fay's show, sign and submit.
ProcessResult swap(FoliodNode& node, const Party& erin, const Party& fay, const std::string& price,
                   const std::string& name, json& shown) {
    const std::string file = node.dir() + "/" + name + ".hex", both = node.dir() + "/" + name + ".2.hex";
    const json half = erin.wallet->run_json({"dvp", "--key", "erin", "--counterparty", fay.address, "--give",
                                             "ACMED:10", "--get", "EURD:" + price, "--out", file, "--yes"});
    if (half.at("out") != file) throw Failure("dvp: no tx file written: " + half.dump());
    shown = fay.wallet->run_json({"show", file});
    fay.wallet->run_json({"sign", file, "--key", "fay", "--out", both, "--yes"});
    return fay.wallet->run({"submit", both, "--json"});
}

TEST(e2e_dvp, OneTxFileSignedByBothWalletsSwapsSharesAgainstCurrency) {
    FoliodNode node;
    node.start();
    auto [erin, fay] = two_parties(node);

    json shown;
    const ProcessResult submitted = swap(node, erin, fay, "250.00", "swap", shown);
    ASSERT_EQ(submitted.exit_code, 0) << submitted.describe();
    EXPECT_NE(submitted.out.find("committed"), std::string::npos) << submitted.describe();

    // What fay saw before signing: the op with its amounts in decimals, erin signed, fay missing.
    const json& op = shown.at("decoded").at("ops").at(0);
    EXPECT_EQ(op.at("op"), "dvp");
    EXPECT_EQ(op.at("counterparty"), fay.address);
    EXPECT_EQ(op.at("give"), (json{{"asset", "ACMED"}, {"amount", "10"}}));
    EXPECT_EQ(op.at("get"), (json{{"asset", "EURD"}, {"amount", "250.00"}}));
    ASSERT_EQ(shown.at("signers").size(), 2u);
    EXPECT_EQ(shown.at("signers").at(0), (json{{"account", erin.address}, {"role", "signer"}, {"signed", true}}));
    EXPECT_EQ(shown.at("signers").at(1), (json{{"account", fay.address}, {"role", "co-signer"}, {"signed", false}}));
    EXPECT_EQ(shown.at("complete"), false);

    EXPECT_EQ(amount_of(node, erin.address, "ACMED"), "90");
    EXPECT_EQ(amount_of(node, fay.address, "ACMED"), "10");
    EXPECT_EQ(amount_of(node, erin.address, "EURD"), "250.00");
    EXPECT_EQ(amount_of(node, fay.address, "EURD"), "250.00");
}

TEST(e2e_dvp, ALegShortOfUnitsMovesNeither) {
    FoliodNode node;
    node.start();
    auto [erin, fay] = two_parties(node);

    json shown;
    const ProcessResult submitted = swap(node, erin, fay, "500.01", "short", shown);  // fay holds 500.00
    EXPECT_NE(submitted.exit_code, 0) << submitted.describe();
    EXPECT_NE((submitted.out + submitted.err).find("INSUFFICIENT_BALANCE"), std::string::npos)
        << submitted.describe();
    EXPECT_EQ(amount_of(node, erin.address, "ACMED"), "100");
    EXPECT_EQ(amount_of(node, fay.address, "ACMED"), "0");
    EXPECT_EQ(amount_of(node, erin.address, "EURD"), "0");
    EXPECT_EQ(amount_of(node, fay.address, "EURD"), "500.00");
}

}  // namespace
}  // namespace folio::e2e
