// Scenario: an investor's everyday folio-wallet commands against a real foliod. A transfer left with
// --wait-ms 0 is followed with tx-status; holdings and history of any account are read watch-only, without a
// key; history shows each op that concerns the account with its direction, counterparty and memo, and leaves
// out other investors' ops of a batch; an unregistered key is told which public key to give its platform
// (`address --pubkey`); a new keystore password shorter than 10 characters is refused unless allowed.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

// erin holds her key in a folio-wallet; frank and gina are held by the test. The three were registered and
// KYC-attested in one operator tx, issued GONETTE in one issue, and erin paid frank 12.50 with a memo.
struct Market {
    Investor erin, frank, gina;
    std::string payment_hash;
};

Market open_market(FoliodNode& node, Wallet& wallet) {
    Market m;
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const json key = wallet.run_json({"keygen", "--name", "erin", "--scrypt-n", "1024"});
    m.erin.pubkey = key.at("pubkey");
    m.erin.address = key.at("address");
    m.frank = new_investor();
    m.gina = new_investor();
    register_investors(node, {&m.erin, &m.frank, &m.gina}, /*kyc=*/true);
    sign_submit_wait(node, "issuer",
                     json::array({asset_create_op("GONETTE", "currency", 2, "10000000.00"),
                                  issue_op("GONETTE", {{m.erin.address, "150.00"},
                                                       {m.frank.address, "20.00"},
                                                       {m.gina.address, "30.00"}})}));
    const json paid =
        wallet.run_json({"transfer", "--key", "erin", "--asset", "GONETTE", "--to", m.frank.address,
                         "--amount", "12.50", "--memo", "rent march", "--yes"});
    m.payment_hash = paid.at("tx_hash");
    return m;
}

// The line of a text table that contains `needle`, or "".
std::string line_with(const std::string& text, const std::string& needle) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.find(needle) != std::string::npos) return line;
    }
    return {};
}

TEST(e2e_wallet_commands, TxStatusFollowsATransferLeftWithoutWaiting) {
    FoliodNode node;
    node.configure({{"block_interval_ms", 1000}});  // the tx stays pending for a while
    node.start();
    Wallet wallet(node);
    Market m = open_market(node, wallet);

    const json submitted =
        wallet.run_json({"transfer", "--key", "erin", "--asset", "GONETTE", "--to", m.frank.address,
                         "--amount", "1.00", "--memo", "later", "--yes", "--wait-ms", "0"});
    EXPECT_EQ(submitted.at("status"), "submitted") << submitted.dump();
    const std::string hash = submitted.at("tx_hash");

    // Without --wait: the status now, whatever it is, and exit 0 while it may still commit.
    const ProcessResult now = wallet.run({"tx-status", hash, "--json"});
    EXPECT_EQ(now.exit_code, 0) << now.describe();
    const std::string status_now = now.doc().value("status", "");
    EXPECT_TRUE(status_now == "pending" || status_now == "committed") << now.describe();

    const json waited = wallet.run_json({"tx-status", hash, "--wait"});
    EXPECT_EQ(waited.at("status"), "committed") << waited.dump();
    const json tx_wait = node.call("tx_wait", {{"tx_hash", hash}, {"timeout_ms", 0}});
    EXPECT_EQ(waited.at("height"), tx_wait.at("height"));
    EXPECT_EQ(waited.at("tx").at("memo"), "later");
    EXPECT_EQ(waited.at("tx").at("signer"), m.erin.address);

    const ProcessResult text = wallet.run({"tx-status", hash});
    EXPECT_EQ(text.exit_code, 0) << text.describe();
    EXPECT_NE(text.out.find("Committed at height " + tx_wait.at("height").dump()), std::string::npos)
        << text.describe();
    EXPECT_NE(text.out.find("transfer 1.00 GONETTE to " + m.frank.address), std::string::npos)
        << text.describe();
    EXPECT_EQ(holding_of(node, m.frank.address, "GONETTE"), "33.50");
    node.stop();
}

TEST(e2e_wallet_commands, TxStatusOfAHashTheNodeNeverSawExitsOne) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const ProcessResult r = wallet.run({"tx-status", std::string(64, 'e'), "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(r.doc()["error"].value("reason", ""), "UNKNOWN_TX") << r.describe();
    node.stop();
}

TEST(e2e_wallet_commands, HoldingsAndHistoryOfAnyAccountNeedNoKey) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    Market m = open_market(node, wallet);

    Wallet watch(node, "watch-only");  // pinned, no key at all
    watch.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    EXPECT_TRUE(watch.run_json({"list"}).at("keys").empty());
    const json holdings = watch.run_json({"holdings", "--account", m.frank.address});
    EXPECT_EQ(holdings.at("account"), m.frank.address);
    ASSERT_EQ(holdings.at("holdings").size(), 1u) << holdings.dump();
    EXPECT_EQ(holdings.at("holdings")[0].at("amount"), "32.50");
    const json history = watch.run_json({"history", "--account", m.frank.address});
    EXPECT_EQ(history.at("account"), m.frank.address);
    EXPECT_EQ(history.at("history").size(), 3u) << history.dump();  // registration + KYC, issue, payment
    const ProcessResult unknown = watch.run({"holdings", "--account", new_investor().address, "--json"});
    EXPECT_EQ(unknown.exit_code, 1) << unknown.describe();
    EXPECT_EQ(unknown.doc()["error"].value("reason", ""), "UNKNOWN_ACCOUNT") << unknown.describe();
    node.stop();
}

TEST(e2e_wallet_commands, HistoryShowsDirectionCounterpartyMemoAndOnlyTheAccountsOwnOps) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    Market m = open_market(node, wallet);
    Wallet watch(node, "watch-only");
    watch.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});

    // frank, the receiver: the payment is "in" from erin with its memo, not "transfer ... to <frank>".
    const ProcessResult text = watch.run({"history", "--account", m.frank.address});
    ASSERT_EQ(text.exit_code, 0) << text.describe();
    const std::string payment = line_with(text.out, "rent march");
    EXPECT_NE(payment.find("  in  "), std::string::npos) << text.out;
    EXPECT_NE(payment.find("+12.50 GONETTE"), std::string::npos) << text.out;
    EXPECT_NE(payment.find(m.erin.address), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("History of " + m.frank.address), 0u) << text.out;
    EXPECT_EQ(text.out.find(m.frank.address, text.out.find('\n')), std::string::npos)
        << "frank's own address is shown in his lines: " << text.out;
    const std::string issued = line_with(text.out, "issue");
    EXPECT_NE(issued.find("+20.00 GONETTE"), std::string::npos) << text.out;

    // The batched registration, KYC and issue of three investors show frank's part only.
    const json doc = watch.run_json({"history", "--account", m.frank.address});
    const std::string dumped = doc.dump();
    EXPECT_EQ(dumped.find(m.gina.address), std::string::npos) << "gina's ops are shown to frank: " << dumped;
    const json& oldest = doc.at("history").back();  // the operator's tx: 3 registrations + 3 attestations
    EXPECT_EQ(oldest.at("ops_in_tx"), 6);
    ASSERT_EQ(oldest.at("ops").size(), 2u) << oldest.dump();
    EXPECT_EQ(oldest.at("ops")[0].at("op").at("op"), "account_register");
    EXPECT_EQ(oldest.at("ops")[1].at("op").at("op"), "kyc_attest");
    EXPECT_EQ(oldest.at("ops")[1].at("op").at("account"), m.frank.address);
    const json& newest = doc.at("history").front();
    EXPECT_EQ(newest.at("tx_hash"), m.payment_hash);
    EXPECT_EQ(newest.at("memo"), "rent march");
    EXPECT_EQ(newest.at("ops")[0].at("direction"), "in");
    EXPECT_EQ(newest.at("ops")[0].at("counterparty"), m.erin.address);

    // erin, the payer, with her own key: the same payment is "out" to frank.
    const ProcessResult mine = wallet.run({"history", "--key", "erin"});
    ASSERT_EQ(mine.exit_code, 0) << mine.describe();
    const std::string sent = line_with(mine.out, "rent march");
    EXPECT_NE(sent.find("  out  "), std::string::npos) << mine.out;
    EXPECT_NE(sent.find("-12.50 GONETTE"), std::string::npos) << mine.out;
    EXPECT_NE(sent.find(m.frank.address), std::string::npos) << mine.out;
    node.stop();
}

TEST(e2e_wallet_commands, UnregisteredKeyIsToldWhichPublicKeyToGiveItsPlatform) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const json key = wallet.run_json({"keygen", "--name", "hugo", "--scrypt-n", "1024"});
    const ProcessResult pubkey = wallet.run({"address", "--pubkey"});
    ASSERT_EQ(pubkey.exit_code, 0) << pubkey.describe();
    EXPECT_EQ(trim(pubkey.out), key.at("pubkey").get<std::string>());

    create_asset(node, "GONETTE", "currency", 2, "10000000.00");
    const std::string address = key.at("address");
    const std::string hint = "ask your platform to register public key " + trim(pubkey.out);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"holdings"}, std::vector<std::string>{"history"},
          std::vector<std::string>{"transfer", "--asset", "GONETTE", "--to", address, "--amount", "1",
                                   "--yes"}}) {
        const ProcessResult r = wallet.run(args);
        EXPECT_EQ(r.exit_code, 1) << r.describe();
        EXPECT_NE(r.err.find("UNKNOWN_ACCOUNT"), std::string::npos) << r.describe();
        EXPECT_NE(r.err.find(hint), std::string::npos) << r.describe();
    }

    // The platform registers what `address --pubkey` printed: the wallet's account now exists.
    Investor hugo;
    hugo.pubkey = trim(pubkey.out);
    hugo.address = address;
    register_investors(node, {&hugo}, /*kyc=*/false);
    const json holdings = wallet.run_json({"holdings"});
    EXPECT_EQ(holdings.at("account"), hugo.address);
    node.stop();
}

TEST(e2e_wallet_commands, NewPasswordShorterThanTenCharactersIsRefusedUnlessAllowed) {
    FoliodNode node;
    node.start();
    Wallet weak(node, "weak-wallet", "123456789");
    weak.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    const ProcessResult refused = weak.run({"keygen", "--name", "w", "--scrypt-n", "1024", "--json"});
    EXPECT_EQ(refused.exit_code, 4) << refused.describe();
    EXPECT_EQ(refused.doc()["error"].value("reason", ""), "WEAK_PASSWORD") << refused.describe();
    EXPECT_TRUE(weak.run_json({"list"}).at("keys").empty());
    const json allowed =
        weak.run_json({"keygen", "--name", "w", "--scrypt-n", "1024", "--allow-weak-password"});
    EXPECT_EQ(allowed.at("name"), "w");
    node.stop();
}

}  // namespace
}  // namespace folio::e2e
