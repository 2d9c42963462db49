// Offline signing and the whole program run in-process without a node: sign FILE round trips, and every
// refusal (wrong chain, wrong password, tampered keystore, declined, existing output) changes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "chain/crypto/bech32m.h"
#include "cli_runner.h"
#include "test_chain.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
using test::read_text;
using test::run_cli;
using test::write_text;

class wallet_sign : public ::testing::Test {
  protected:
    void SetUp() override {
        test::clear_wallet_env();
        write_text(tmp.file("genesis.json"), test::make_genesis_json());
        write_text(tmp.file("pw"), "correct horse\n");
        write_text(tmp.file("wrong-pw"), "wrong horse\n");
        ASSERT_EQ(cli({"init", "--genesis", tmp.file("genesis.json")}).code, 0);
        auto k = cli({"keygen", "--name", "alice", "--scrypt-n", "1024", "--password-file", tmp.file("pw")});
        ASSERT_EQ(k.code, 0) << k.err;
        auto a = cli({"address", "--json"});
        ASSERT_EQ(a.code, 0) << a.err;
        alice = *crypto::decode_address(a.doc()["address"].get<std::string>());
        alice_pub = *from_hex(a.doc()["pubkey"].get<std::string>());
    }

    test::CliRun cli(std::vector<std::string> args, std::optional<bool> answer = std::nullopt) {
        args.insert(args.begin(), {"--wallet-dir", tmp.file("w")});
        return run_cli(args, answer);
    }

    // An unsigned transfer of 12.50 ACME (1250 units) from alice, as tx_build would return it.
    Tx unsigned_tx(std::optional<ChainId> chain = {}) {
        Tx tx;
        tx.chain_id = chain.value_or(parse_genesis(test::make_genesis_json())->chain_id());
        tx.signer = alice;
        tx.nonce = 3;
        tx.valid_until_height = 500;
        tx.ops.push_back(encode_op(TransferOp{"ACME", Hash256{7}, 1250}));
        return tx;
    }

    test::TempDir tmp;
    AccountId alice{};
    Bytes alice_pub;
};

TEST_F(wallet_sign, SignedFileRoundTrips) {
    const Tx tx = unsigned_tx();
    write_text(tmp.file("tx.hex"), to_hex(tx.encode()) + "\n");
    auto r = cli({"sign", tmp.file("tx.hex"), "--out", tmp.file("signed.hex"), "--yes", "--password-file",
                  tmp.file("pw")});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("transfer 1250 ACME"), std::string::npos) << r.err;  // shown, in base units offline
    EXPECT_NE(r.err.find("base units"), std::string::npos);
    const std::string hex = read_text(tmp.file("signed.hex"));
    ASSERT_EQ(hex.back(), '\n');
    auto signed_bytes = from_hex(hex.substr(0, hex.size() - 1));
    ASSERT_TRUE(signed_bytes);
    auto stx = decode_signed_tx(*signed_bytes);
    ASSERT_TRUE(stx.ok()) << stx.error().message;
    EXPECT_EQ((*stx)->signed_tx.tx, tx);
    ASSERT_EQ((*stx)->signed_tx.signatures.size(), 1u);
    EXPECT_EQ(
        Bytes((*stx)->signed_tx.signatures[0].pubkey.begin(), (*stx)->signed_tx.signatures[0].pubkey.end()),
        alice_pub);
    EXPECT_TRUE(verify_signatures(**stx));
}

TEST_F(wallet_sign, TxBuildJsonIsSignedToStdoutAsHex) {
    const Tx tx = unsigned_tx();
    write_text(tmp.file("tx.json"), json{{"tx", to_hex(tx.encode())}, {"sighash", to_hex(tx.hash())}}.dump());
    ::setenv("FOLIO_WALLET_PASSWORD", "correct horse", 1);
    auto r = cli({"sign", tmp.file("tx.json")}, true);
    ::unsetenv("FOLIO_WALLET_PASSWORD");
    ASSERT_EQ(r.code, 0) << r.err;
    auto stx = decode_signed_tx(*from_hex(r.out.substr(0, r.out.size() - 1)));
    ASSERT_TRUE(stx.ok());
    EXPECT_TRUE(verify_signatures(**stx));
}

TEST_F(wallet_sign, JsonModeGivesOneDocumentWithTheDecodedTx) {
    write_text(tmp.file("tx.hex"), to_hex(unsigned_tx().encode()));
    auto r = cli({"sign", tmp.file("tx.hex"), "--json", "--password-file", tmp.file("pw")});
    ASSERT_EQ(r.code, 0) << r.err;
    json doc = r.doc();
    ASSERT_TRUE(doc.is_object()) << r.out;
    EXPECT_EQ(doc["tx_hash"], to_hex(unsigned_tx().hash()));
    EXPECT_EQ(doc["signatures"], 1);
    EXPECT_EQ(doc["decoded"]["ops"][0]["amount"], "1250");
    EXPECT_TRUE(decode_signed_tx(*from_hex(doc["tx"].get<std::string>())).ok());
}

TEST_F(wallet_sign, SecondKeyAddsASignature) {
    ASSERT_EQ(cli({"keygen", "--name", "bob", "--scrypt-n", "1024", "--password-file", tmp.file("pw")}).code,
              0);
    write_text(tmp.file("tx.hex"), to_hex(unsigned_tx().encode()));
    auto first = cli({"sign", tmp.file("tx.hex"), "--key", "alice", "--out", tmp.file("one"), "--yes",
                      "--password-file", tmp.file("pw")});
    ASSERT_EQ(first.code, 0) << first.err;
    auto second = cli({"sign", tmp.file("one"), "--key", "bob", "--out", tmp.file("two"), "--yes",
                       "--password-file", tmp.file("pw")});
    ASSERT_EQ(second.code, 0) << second.err;
    EXPECT_NE(second.err.find("not for the tx's signer"), std::string::npos);
    std::string hex = read_text(tmp.file("two"));
    auto stx = decode_signed_tx(*from_hex(hex.substr(0, hex.size() - 1)));
    ASSERT_TRUE(stx.ok());
    EXPECT_EQ((*stx)->signed_tx.signatures.size(), 2u);
    EXPECT_TRUE(verify_signatures(**stx));
    auto again = cli({"sign", tmp.file("two"), "--key", "bob", "--yes", "--password-file", tmp.file("pw")});
    EXPECT_EQ(again.code, 2);
}

TEST_F(wallet_sign, TxOfAnotherChainIsRefused) {
    write_text(tmp.file("tx.hex"), to_hex(unsigned_tx(Hash256{0xee}).encode()));
    auto r = cli({"sign", tmp.file("tx.hex"), "--out", tmp.file("signed"), "--yes", "--password-file",
                  tmp.file("pw")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("WRONG_CHAIN"), std::string::npos) << r.err;
    EXPECT_NE(::access(tmp.file("signed").c_str(), F_OK), 0);
}

TEST_F(wallet_sign, WrongPasswordIsRefusedAndNothingIsWritten) {
    write_text(tmp.file("tx.hex"), to_hex(unsigned_tx().encode()));
    auto r = cli({"sign", tmp.file("tx.hex"), "--out", tmp.file("signed"), "--yes", "--json",
                  "--password-file", tmp.file("wrong-pw")});
    EXPECT_EQ(r.code, 4);
    EXPECT_EQ(r.doc()["error"]["reason"], "WRONG_PASSWORD");
    EXPECT_NE(r.err.find("wrong password"), std::string::npos) << r.err;
    EXPECT_NE(::access(tmp.file("signed").c_str(), F_OK), 0);
}

TEST_F(wallet_sign, TamperedKeystoreIsRefused) {
    const std::string path = tmp.file("w/keys/alice.key");
    json key = json::parse(read_text(path));
    std::string ct = key["cipher"]["ciphertext"];
    ct[0] = ct[0] == '0' ? '1' : '0';
    key["cipher"]["ciphertext"] = ct;
    write_text(path, key.dump(2));
    write_text(tmp.file("tx.hex"), to_hex(unsigned_tx().encode()));
    auto r = cli({"sign", tmp.file("tx.hex"), "--yes", "--json", "--password-file", tmp.file("pw")});
    EXPECT_EQ(r.code, 4);
    EXPECT_EQ(r.doc()["error"]["reason"], "KEYSTORE_DAMAGED");
    EXPECT_NE(r.err.find("tampered"), std::string::npos) << r.err;
}

TEST_F(wallet_sign, DeclinedOrUnaskableConfirmationSignsNothing) {
    write_text(tmp.file("tx.hex"), to_hex(unsigned_tx().encode()));
    auto no = cli(
        {"sign", tmp.file("tx.hex"), "--out", tmp.file("signed"), "--password-file", tmp.file("pw")}, false);
    EXPECT_EQ(no.code, 2);
    auto no_tty =
        cli({"sign", tmp.file("tx.hex"), "--out", tmp.file("signed"), "--password-file", tmp.file("pw")});
    EXPECT_EQ(no_tty.code, 2);
    EXPECT_NE(no_tty.err.find("--yes"), std::string::npos);
    EXPECT_NE(::access(tmp.file("signed").c_str(), F_OK), 0);
}

TEST_F(wallet_sign, ExistingOutputIsNeverOverwritten) {
    write_text(tmp.file("tx.hex"), to_hex(unsigned_tx().encode()));
    write_text(tmp.file("signed"), "keep me");
    auto r = cli({"sign", tmp.file("tx.hex"), "--out", tmp.file("signed"), "--yes", "--password-file",
                  tmp.file("pw")});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(read_text(tmp.file("signed")), "keep me");
}

TEST_F(wallet_sign, GarbageFileIsAUsageError) {
    write_text(tmp.file("tx.hex"), "00ff");
    EXPECT_EQ(cli({"sign", tmp.file("tx.hex"), "--yes", "--password-file", tmp.file("pw")}).code, 2);
    EXPECT_EQ(cli({"sign", tmp.file("missing"), "--yes", "--password-file", tmp.file("pw")}).code, 2);
}

TEST_F(wallet_sign, SubmitChecksTheTxBeforeTalkingToANode) {
    // No node listens on port 1: each refusal below must come first, from the wallet itself.
    write_text(tmp.file("unsigned"), to_hex(unsigned_tx().encode()));
    auto u = cli({"submit", tmp.file("unsigned"), "--rpc", "http://127.0.0.1:1"});
    EXPECT_EQ(u.code, 2);
    EXPECT_NE(u.err.find("not signed"), std::string::npos);

    ASSERT_EQ(cli({"sign", tmp.file("unsigned"), "--out", tmp.file("signed"), "--yes", "--password-file",
                   tmp.file("pw")})
                  .code,
              0);
    std::string hex = read_text(tmp.file("signed"));
    hex = hex.substr(0, hex.size() - 1);
    hex[hex.size() - 1] = hex[hex.size() - 1] == '0' ? '1' : '0';  // the signature's last nibble
    write_text(tmp.file("forged"), hex);
    auto f = cli({"submit", tmp.file("forged"), "--rpc", "http://127.0.0.1:1"});
    EXPECT_EQ(f.code, 1);
    EXPECT_NE(f.err.find("BAD_SIGNATURE"), std::string::npos) << f.err;

    auto unreachable = cli({"submit", tmp.file("signed"), "--rpc", "http://127.0.0.1:1", "--json"});
    EXPECT_EQ(unreachable.code, 3);
    EXPECT_EQ(unreachable.doc()["error"]["exit_code"], 3);
}

}  // namespace
}  // namespace folio::wallet
