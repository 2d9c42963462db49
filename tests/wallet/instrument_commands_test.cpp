// folio-wallet vote and pledge against a stand-in node (fake_node.h: the real RPC server over a real chain): the
// ballot is built, shown, signed, submitted and committed, a second one refused with the ledger's reason; a
// pledge file signed by the holder, then by the beneficiary, is submitted and locks the units.
#include <gtest/gtest.h>
#include <unistd.h>

#include "contracts/votes.h"
#include "wallet_fixture.h"

namespace folio::wallet {
namespace {

class wallet_instruments : public test::WalletFixture {
  protected:
    void SetUp() override {
        WalletFixture::SetUp();
        if (HasFatalFailure()) return;
        import_key("bob");
        if (HasFatalFailure()) return;
        // The registrar (issuer of ACME) opens a vote at height 1 on the genesis holdings: alice's 100.00.
        vote_id = node.with_chain([](test::TestChain& c) {
            contracts::VoteCreateOp op;
            op.asset = "ACME";
            op.options = 2;
            op.snapshot_height = 0;
            op.close_height = 50;
            op.quorum_bps = 5000;
            op.majority_bps = 5001;
            auto done = c.run_block({c.make_tx(c.registrar, contracts::encode_vote_create(op))});
            EXPECT_EQ(done.receipts.size(), 1u);
            return done.receipts.empty() || done.receipts[0].events.empty()
                       ? std::string()
                       : instrument_id_hex(done.receipts[0].events[0].id);
        });
        ASSERT_EQ(vote_id.size(), 32u);
    }

    std::string vote_id;
};

TEST_F(wallet_instruments, BallotIsBuiltSignedSubmittedAndCommitted) {
    auto declined = cli({"vote", "--key", "alice", "--id", vote_id, "--option", "2"}, false);
    EXPECT_EQ(declined.code, 2);
    EXPECT_NE(declined.err.find("vote_cast"), std::string::npos) << declined.err;
    auto r = cli({"vote", "--key", "alice", "--id", vote_id, "--option", "2", "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["status"], "committed");
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["op"], "vote_cast");
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["option"], 2);
    auto again = cli({"vote", "--key", "alice", "--id", vote_id, "--option", "1", "--yes", "--json"});
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.out.find("ALREADY_VOTED"), std::string::npos) << again.out << again.err;
}

TEST_F(wallet_instruments, BadIdOrOptionIsAUsageErrorAndSendsNothing) {
    EXPECT_EQ(cli({"vote", "--key", "alice", "--id", "xyz", "--option", "1", "--yes"}).code, 2);
    EXPECT_EQ(cli({"vote", "--key", "alice", "--id", vote_id, "--option", "0", "--yes"}).code, 2);
    EXPECT_EQ(cli({"vote", "--key", "alice", "--id", vote_id, "--option", "17", "--yes"}).code, 2);
    EXPECT_EQ(node.submits(), 0);
}

TEST_F(wallet_instruments, PledgeFileIsSignedByBothAndLocksTheUnits) {
    const std::string bob = crypto::encode_address(account_id_of(test::key_from_seed("bob").pubkey()));
    auto written = cli({"pledge", "--key", "alice", "--asset", "ACME", "--amount", "60", "--beneficiary", bob,
                        "--doc-hash", std::string(64, 'd'), "--out", tmp.file("pledge.hex"), "--yes", "--json"});
    ASSERT_EQ(written.code, 0) << written.err;
    EXPECT_EQ(written.doc()["decoded"]["ops"][0]["op"], "pledge");
    EXPECT_EQ(written.doc()["decoded"]["ops"][0]["amount"], "60.00");
    EXPECT_EQ(node.submits(), 0);  // the beneficiary has not signed yet
    // Alone, the holder's signature is not enough.
    EXPECT_NE(cli({"submit", tmp.file("pledge.hex")}).code, 0);
    auto cosigned = cli({"sign", tmp.file("pledge.hex"), "--key", "bob", "--out", tmp.file("both.hex"), "--yes"});
    ASSERT_EQ(cosigned.code, 0) << cosigned.err << cosigned.out;
    auto submitted = cli({"submit", tmp.file("both.hex"), "--json"});
    ASSERT_EQ(submitted.code, 0) << submitted.err;
    EXPECT_EQ(submitted.doc()["status"], "committed");
    const Balance held = node.with_chain([](test::TestChain& c) {
        AssetId acme = 0;
        Balance b;
        EXPECT_TRUE(read_asset_id(c.ledger().state(), "ACME", acme));
        read_balance(c.ledger().state(), acme, c.alice_id, b);
        return b;
    });
    EXPECT_EQ(held.amount, 10000u);
    EXPECT_EQ(held.locked, 6000u);
}

TEST_F(wallet_instruments, PledgeToItselfOrWithABadDocHashIsRefusedBeforeAnythingIsWritten) {
    const std::string alice = crypto::encode_address(account_id_of(test::key_from_seed("alice").pubkey()));
    EXPECT_EQ(cli({"pledge", "--key", "alice", "--asset", "ACME", "--amount", "1", "--beneficiary", alice,
                   "--doc-hash", std::string(64, 'd'), "--out", tmp.file("p.hex"), "--yes"})
                  .code,
              2);
    EXPECT_EQ(cli({"pledge", "--key", "alice", "--asset", "ACME", "--amount", "1", "--beneficiary", alice,
                   "--doc-hash", "xyz", "--out", tmp.file("p.hex"), "--yes"})
                  .code,
              2);
    EXPECT_NE(::access(tmp.file("p.hex").c_str(), F_OK), 0);
}

}  // namespace
}  // namespace folio::wallet
