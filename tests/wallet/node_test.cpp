// The online commands against a stand-in node (fake_node.h: the real RPC server over a real chain): transfer,
// submit, tx-status, holdings, history, verify-holding and rotate-key, and how refusals and misbehaving nodes
// end.
#include <gtest/gtest.h>

#include "wallet_fixture.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
using test::run_cli;
using test::write_text;

class wallet_node : public test::WalletFixture {
  protected:
    void SetUp() override {
        WalletFixture::SetUp();
        if (HasFatalFailure()) return;
        bob = crypto::encode_address(account_id_of(test::key_from_seed("bob").pubkey()));
        alice = crypto::encode_address(account_id_of(test::key_from_seed("alice").pubkey()));
    }

    test::CliRun transfer(const std::string& amount, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"transfer", "--asset", "ACME",  "--to",  bob,
                                         "--amount", amount,    "--yes", "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    }
    Amount balance(const std::string& symbol, const AccountId& id) {
        return node.with_chain([&](test::TestChain& c) {
            AssetId a = 0;
            Balance b;
            if (read_asset_id(c.ledger().state(), symbol, a))
                (void)read_balance(c.ledger().state(), a, id, b);
            return b.amount;
        });
    }

    std::string alice, bob;
};

TEST_F(wallet_node, TransferIsBuiltSignedSubmittedAndCommitted) {
    auto r = transfer("12.5", {"--memo", "invoice 7", "--client-ref", "order-1"});
    ASSERT_EQ(r.code, 0) << r.err;
    json doc = r.doc();
    EXPECT_EQ(doc["status"], "committed");
    EXPECT_EQ(doc["height"], 1);
    EXPECT_EQ(doc["tx"]["ops"][0]["amount"], "12.50");
    EXPECT_EQ(doc["tx"]["memo"], "invoice 7");
    EXPECT_EQ(balance("ACME", *crypto::decode_address(bob)), 1250u);
    auto human = cli({"holdings"});
    ASSERT_EQ(human.code, 0) << human.err;
    EXPECT_NE(human.out.find("87.50"), std::string::npos) << human.out;
}

TEST_F(wallet_node, TransferShowsTheTxAndAsksBeforeSigning) {
    auto declined = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1"}, false);
    EXPECT_EQ(declined.code, 2);
    EXPECT_NE(declined.err.find("transfer 1.00 ACME to " + bob), std::string::npos) << declined.err;
    EXPECT_EQ(node.submits(), 0);
    auto accepted = cli({"transfer", "--asset", "ACME", "--to", bob, "--amount", "1"}, true);
    ASSERT_EQ(accepted.code, 0) << accepted.err;
    EXPECT_NE(accepted.out.find("Committed at height 1"), std::string::npos) << accepted.out;
}

TEST_F(wallet_node, AmountWithTooManyDecimalsIsAUsageError) {
    auto r = transfer("1.005");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(node.submits(), 0);
}

TEST_F(wallet_node, RefusalByTheLedgerExitsOneWithItsReason) {
    auto r = transfer("1000.00");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.doc()["error"]["reason"], "INSUFFICIENT_BALANCE") << r.out;
    EXPECT_FALSE(r.doc()["error"].contains("tx_hash")) << "a refused tx was recorded nowhere: " << r.out;
    EXPECT_EQ(r.err.find("tx_hash"), std::string::npos) << r.err;
    auto unknown = cli({"transfer", "--asset", "NOPE", "--to", bob, "--amount", "1", "--yes"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_NE(unknown.err.find("UNKNOWN_ASSET"), std::string::npos) << unknown.err;
}

TEST_F(wallet_node, ReusedClientRefNamesTheFirstTx) {
    auto first = transfer("1", {"--client-ref", "pay-42"});
    ASSERT_EQ(first.code, 0) << first.err;
    auto second = transfer("2", {"--client-ref", "pay-42"});
    EXPECT_EQ(second.code, 1);
    EXPECT_EQ(second.doc()["error"]["reason"], "DUPLICATE_CLIENT_REF");
    EXPECT_NE(second.err.find(first.doc()["tx_hash"].get<std::string>()), std::string::npos) << second.err;
    EXPECT_EQ(second.doc()["error"]["first_tx_hash"], first.doc()["tx_hash"]);
    EXPECT_FALSE(second.doc()["error"].contains("tx_hash")) << second.out;
}

TEST_F(wallet_node, NodeOfAnotherChainIsRefusedBeforeAnythingIsSent) {
    node.set_chain_id_shown(std::string(64, 'a'));
    auto r = transfer("1");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.doc()["error"]["reason"], "WRONG_CHAIN");
    EXPECT_EQ(node.submits(), 0);
}

TEST_F(wallet_node, UnregisteredKeyIsToldToGetRegistered) {
    ASSERT_EQ(cli({"keygen", "--name", "newbie", "--scrypt-n", "1024"}).code, 0);
    auto r = cli({"transfer", "--key", "newbie", "--asset", "ACME", "--to", bob, "--amount", "1", "--yes"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("UNKNOWN_ACCOUNT"), std::string::npos) << r.err;
    const std::string pubkey = cli({"address", "--key", "newbie", "--pubkey"}).out;
    ASSERT_EQ(pubkey.size(), 65u) << pubkey;
    EXPECT_NE(r.err.find("ask your platform to register public key " + pubkey.substr(0, 64)),
              std::string::npos)
        << r.err;
}

TEST_F(wallet_node, UnregisteredKeyReadingItsHoldingsGetsTheSameHint) {
    ASSERT_EQ(cli({"keygen", "--name", "newbie", "--scrypt-n", "1024"}).code, 0);
    for (const char* command : {"holdings", "history"}) {
        auto r = cli({command, "--key", "newbie", "--json"});
        EXPECT_EQ(r.code, 1) << command;
        EXPECT_EQ(r.doc()["error"]["reason"], "UNKNOWN_ACCOUNT") << r.out;
        EXPECT_NE(r.doc()["error"].value("hint", "").find("ask your platform to register public key"),
                  std::string::npos)
            << r.out;
        EXPECT_EQ(r.doc()["error"]["pubkey"].get<std::string>().size(), 64u) << r.out;
    }
}

TEST_F(wallet_node, MissingTokenIsAnRpcError) {
    auto r = run_cli({"--wallet-dir", tmp.file("w"), "holdings", "--json"});
    EXPECT_EQ(r.code, 3);
}

TEST_F(wallet_node, OfflineSignedTxIsSubmitted) {
    const Tx tx = node.with_chain([&](test::TestChain& c) {
        Tx t;
        t.chain_id = c.chain_id;
        t.signer = c.alice_id;
        t.nonce = 0;
        t.ops.push_back(encode_op(TransferOp{"ACME", c.bob_id, 300}));
        return t;
    });
    write_text(tmp.file("tx.hex"), to_hex(tx.encode()));
    ASSERT_EQ(cli({"sign", tmp.file("tx.hex"), "--out", tmp.file("signed.hex"), "--yes"}).code, 0);
    auto r = cli({"submit", tmp.file("signed.hex"), "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["tx_hash"], to_hex(tx.hash()));
    EXPECT_EQ(r.doc()["status"], "committed");
    auto again = cli({"submit", tmp.file("signed.hex"), "--json"});  // the node already has it: same hash
    EXPECT_EQ(again.code, 0) << again.err;
}

TEST_F(wallet_node, HistoryShowsDirectionCounterpartyAndMemo) {
    ASSERT_EQ(transfer("3", {"--memo", "rent march"}).code, 0);
    auto sent = cli({"history"});
    ASSERT_EQ(sent.code, 0) << sent.err;
    EXPECT_NE(sent.out.find("out  -3.00 ACME  " + bob + "  transfer  rent march"), std::string::npos)
        << sent.out;
    auto j = cli({"history", "--json", "--limit", "10"});
    ASSERT_EQ(j.code, 0);
    ASSERT_EQ(j.doc()["history"].size(), 1u);
    const json line = j.doc()["history"][0]["ops"][0];
    EXPECT_EQ(line["direction"], "out");
    EXPECT_EQ(line["amount"], "3.00");
    EXPECT_EQ(line["counterparty"], bob);
    EXPECT_EQ(j.doc()["history"][0]["memo"], "rent march");
}

TEST_F(wallet_node, HoldingsAndHistoryOfAnyAccountNeedNoKey) {
    ASSERT_EQ(transfer("3", {"--memo", "rent march"}).code, 0);
    // A watch-only wallet: pinned to the chain, no keystore key at all.
    const std::vector<std::string> watch = {"--wallet-dir", tmp.file("watch"), "--token", node.token()};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), watch.begin(), watch.end());
        return run_cli(args);
    };
    ASSERT_EQ(with({"init", "--genesis", tmp.file("genesis.json"), "--rpc", node.url()}).code, 0);
    auto holdings = with({"holdings", "--account", bob, "--json"});
    ASSERT_EQ(holdings.code, 0) << holdings.err;
    EXPECT_EQ(holdings.doc()["account"], bob);
    EXPECT_EQ(holdings.doc()["holdings"][0]["amount"], "3.00") << holdings.out;
    auto history = with({"history", "--account", bob});
    ASSERT_EQ(history.code, 0) << history.err;
    EXPECT_NE(history.out.find("History of " + bob), std::string::npos) << history.out;
    EXPECT_NE(history.out.find("in   +3.00 ACME  " + alice + "  transfer  rent march"), std::string::npos)
        << history.out;
    auto bad = with({"holdings", "--account", "folio1nope", "--json"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_EQ(bad.doc()["error"]["reason"], "BAD_ADDRESS");
    auto both = cli({"holdings", "--account", bob, "--key", "alice"});
    EXPECT_EQ(both.code, 2) << both.err;
}

TEST_F(wallet_node, TxStatusFollowsATxSubmittedWithoutWaiting) {
    auto submitted = transfer("2", {"--wait-ms", "0", "--memo", "later"});
    ASSERT_EQ(submitted.code, 0) << submitted.err;
    EXPECT_EQ(submitted.doc()["status"], "submitted");
    const std::string hash = submitted.doc()["tx_hash"];
    auto status = cli({"tx-status", hash, "--wait", "--json"});
    ASSERT_EQ(status.code, 0) << status.err;
    EXPECT_EQ(status.doc()["status"], "committed");
    EXPECT_EQ(status.doc()["height"], 1);
    EXPECT_EQ(status.doc()["tx"]["memo"], "later");
    auto text = cli({"tx-status", hash});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("Committed at height 1"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("memo: later"), std::string::npos) << text.out;
}

TEST_F(wallet_node, TxStatusOfATxTheNodeDoesNotKnowExitsOne) {
    auto r = cli({"tx-status", std::string(64, 'a'), "--json"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_EQ(r.doc()["error"]["reason"], "UNKNOWN_TX") << r.out;
    EXPECT_EQ(r.doc()["error"]["tx_hash"], std::string(64, 'a'));
    auto bad = cli({"tx-status", "abc"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("not a tx hash"), std::string::npos) << bad.err;
}

TEST_F(wallet_node, VerifyHoldingChecksTheProofItself) {
    ASSERT_EQ(transfer("12.50").code, 0);
    auto r = cli({"verify-holding", "--asset", "ACME", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["verified"], true);
    EXPECT_EQ(r.doc()["amount"], "87.50");
    EXPECT_EQ(r.doc()["height"], 1);
    auto past = cli({"verify-holding", "--asset", "ACME", "--at", "0"});
    ASSERT_EQ(past.code, 0) << past.err;
    EXPECT_NE(past.out.find("holds 100.00 ACME at height 0"), std::string::npos) << past.out;
}

TEST_F(wallet_node, PastHoldingWithoutAnAssetRecordTakesDecimalsFromTheHead) {
    ASSERT_EQ(transfer("12.50").code, 0);
    node.set_omit_past_asset(true);
    auto past = cli({"verify-holding", "--asset", "ACME", "--at", "0", "--json"});
    ASSERT_EQ(past.code, 0) << past.err;
    EXPECT_EQ(past.doc()["amount"], "100.00");
    EXPECT_EQ(past.doc()["height"], 0);
}

TEST_F(wallet_node, VerifyHoldingRefusesALyingNode) {
    ASSERT_EQ(transfer("12.50").code, 0);
    node.set_balance_claim("1000.00");
    auto claim = cli({"verify-holding", "--asset", "ACME", "--json"});
    EXPECT_EQ(claim.code, 1);
    EXPECT_EQ(claim.doc()["error"]["reason"], "PROOF_MISMATCH");
    node.set_balance_claim("");
    node.set_forged_balance(100000);
    auto forged = cli({"verify-holding", "--asset", "ACME", "--json"});
    EXPECT_EQ(forged.code, 1);
    EXPECT_EQ(forged.doc()["error"]["reason"], "CORRUPTION") << forged.out;
    EXPECT_NE(forged.err.find("verification failed"), std::string::npos);
}

TEST_F(wallet_node, RotateKeyKeepsTheAccountAndItsAddress) {
    auto r = cli({"rotate-key", "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["new_key"], "alice.2");
    EXPECT_EQ(r.doc()["account"], alice);
    const PubKey new_pub = keys::Keystore::open(tmp.file("w/keys"), false)->info("alice.2")->pubkey;
    EXPECT_TRUE(node.with_chain([&](test::TestChain& c) {
        Account a;
        return read_account(c.ledger().state(), c.alice_id, a) && a.keys == std::vector<PubKey>{new_pub};
    }));
    // The address stays; --key alice now means the new key, and it can transfer.
    EXPECT_EQ(cli({"address"}).out, alice + "\n");
    auto old_name = cli({"address", "--key", "alice", "--json"});
    EXPECT_EQ(old_name.doc()["key"], "alice.2");
    EXPECT_EQ(transfer("1").code, 0);
    auto list = cli({"list"});
    EXPECT_NE(list.out.find("rotated to alice.2"), std::string::npos) << list.out;
}

TEST_F(wallet_node, InterruptedRotationIsFinishedByRunningItAgain) {
    // --wait-ms 0: submitted but not waited for, as if the wallet had been killed after tx_submit.
    auto first = cli({"rotate-key", "--yes", "--wait-ms", "0"});
    EXPECT_EQ(first.code, 3) << first.err;
    auto list = cli({"list", "--json"});
    EXPECT_EQ(list.doc()["keys"][1]["status"], "pending") << list.out;
    auto again = cli({"rotate-key", "--yes"});
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_NE(again.err.find("already committed"), std::string::npos) << again.err;
    EXPECT_EQ(node.submits(), 1);
    EXPECT_EQ(cli({"address", "--json"}).doc()["key"], "alice.2");
    EXPECT_EQ(transfer("1").code, 0);
}

}  // namespace
}  // namespace folio::wallet
