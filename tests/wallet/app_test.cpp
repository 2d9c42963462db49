// The program as scripts see it: help, exit codes, --json documents, init and keygen, without a node.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_runner.h"
#include "test_chain.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
using test::run_cli;
using test::write_text;

class wallet_app : public ::testing::Test {
  protected:
    void SetUp() override {
        test::clear_wallet_env();
        write_text(tmp.file("genesis.json"), test::make_genesis_json());
        write_text(tmp.file("pw"), "wallet-test-pw\n");
    }
    test::CliRun cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--wallet-dir", tmp.file("w")});
        return run_cli(args);
    }
    test::TempDir tmp;
};

TEST_F(wallet_app, NoCommandPrintsHelpAndIsAUsageError) {
    auto r = run_cli({});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("Commands:"), std::string::npos);
}

TEST_F(wallet_app, HelpOnEveryCommandExitsZero) {
    EXPECT_EQ(run_cli({"--help"}).code, 0);
    for (const auto& spec : command_specs()) {
        auto r = run_cli({std::string(spec.name), "--help"});
        EXPECT_EQ(r.code, 0) << spec.name;
        EXPECT_NE(r.out.find("Usage: folio-wallet"), std::string::npos) << spec.name;
    }
    EXPECT_NE(run_cli({"help", "transfer"}).out.find("--client-ref"), std::string::npos);
}

TEST_F(wallet_app, UsageErrorIsAJsonDocumentInJsonMode) {
    auto r = run_cli({"transfer", "--json", "--asset", "ACME"});
    EXPECT_EQ(r.code, 2);
    json doc = r.doc();
    ASSERT_TRUE(doc.is_object()) << r.out;
    EXPECT_EQ(doc["error"]["exit_code"], 2);
    EXPECT_EQ(doc["error"]["reason"], "USAGE");
}

TEST_F(wallet_app, RefusedValueIsAJsonDocumentWithItsSpecificReason) {
    ASSERT_EQ(cli({"init", "--genesis", tmp.file("genesis.json"), "--rpc", "http://127.0.0.1:9"}).code, 0);
    auto r = cli({"transfer", "--json", "--asset", "ACME", "--to", "folio1notanaddress", "--amount", "1"});
    EXPECT_EQ(r.code, 2);
    json doc = r.doc();
    ASSERT_TRUE(doc.is_object()) << r.out;
    EXPECT_EQ(doc["error"]["reason"], "BAD_ADDRESS");
    EXPECT_EQ(doc["error"]["exit_code"], 2);
    EXPECT_NE(r.err.find("[BAD_ADDRESS]"), std::string::npos) << r.err;
}

TEST_F(wallet_app, InitThenKeygenThenList) {
    auto init = cli({"init", "--genesis", tmp.file("genesis.json"), "--rpc", "http://127.0.0.1:9", "--json"});
    ASSERT_EQ(init.code, 0) << init.err;
    EXPECT_EQ(init.doc()["chain_id"], to_hex(parse_genesis(test::make_genesis_json())->chain_id()));
    EXPECT_EQ(init.doc()["rpc"], "http://127.0.0.1:9");
    auto kg = cli(
        {"keygen", "--name", "default", "--scrypt-n", "1024", "--password-file", tmp.file("pw"), "--json"});
    ASSERT_EQ(kg.code, 0) << kg.err;
    struct stat st {};
    ASSERT_EQ(::stat(tmp.file("w/keys/default.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto list = cli({"list", "--json"});
    ASSERT_EQ(list.code, 0);
    ASSERT_EQ(list.doc()["keys"].size(), 1u);
    EXPECT_EQ(list.doc()["keys"][0]["address"], kg.doc()["address"]);
    EXPECT_EQ(list.doc()["keys"][0]["default"], true);
    auto addr = cli({"address"});
    EXPECT_EQ(addr.out, kg.doc()["address"].get<std::string>() + "\n");
}

TEST_F(wallet_app, KeygenRefusesAnExistingName) {
    ASSERT_EQ(cli({"keygen", "--name", "a", "--scrypt-n", "1024", "--password-file", tmp.file("pw")}).code,
              0);
    const std::string before = test::read_text(tmp.file("w/keys/a.key"));
    auto again = cli({"keygen", "--name", "a", "--scrypt-n", "1024", "--password-file", tmp.file("pw")});
    EXPECT_EQ(again.code, 2);
    EXPECT_EQ(test::read_text(tmp.file("w/keys/a.key")), before);
}

TEST_F(wallet_app, KeygenTakesThePasswordFromTheEnvironment) {
    ::setenv("FOLIO_WALLET_PASSWORD", "from the env", 1);
    auto r = cli({"keygen", "--name", "a", "--scrypt-n", "1024"});
    ::unsetenv("FOLIO_WALLET_PASSWORD");
    ASSERT_EQ(r.code, 0) << r.err;
    auto ks = keys::Keystore::open(tmp.file("w/keys"), false);
    ASSERT_TRUE(ks.ok());
    EXPECT_TRUE(ks->unlock("a", "from the env").ok());
}

TEST_F(wallet_app, KeygenRefusesANewPasswordShorterThanTenCharacters) {
    write_text(tmp.file("short"), "nine-char\n");
    auto r =
        cli({"keygen", "--name", "a", "--scrypt-n", "1024", "--password-file", tmp.file("short"), "--json"});
    EXPECT_EQ(r.code, 4) << r.err;
    EXPECT_EQ(r.doc()["error"]["reason"], "WEAK_PASSWORD") << r.out;
    EXPECT_NE(r.doc()["error"]["hint"].get<std::string>().find("--allow-weak-password"), std::string::npos);
    EXPECT_NE(::access(tmp.file("w/keys/a.key").c_str(), F_OK), 0)
        << "a key was written under a weak password";
    EXPECT_EQ(r.err.find("nine-char"), std::string::npos) << "the password is echoed: " << r.err;
}

TEST_F(wallet_app, KeygenAcceptsAWeakPasswordWhenAskedTo) {
    write_text(tmp.file("short"), "nine-char\n");
    auto r = cli({"keygen", "--name", "a", "--scrypt-n", "1024", "--password-file", tmp.file("short"),
                  "--allow-weak-password"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto ks = keys::Keystore::open(tmp.file("w/keys"), false);
    ASSERT_TRUE(ks.ok());
    EXPECT_TRUE(ks->unlock("a", "nine-char").ok());
}

TEST_F(wallet_app, AddressPrintsThePublicKeyWithPubkey) {
    auto kg =
        cli({"keygen", "--name", "a", "--scrypt-n", "1024", "--password-file", tmp.file("pw"), "--json"});
    ASSERT_EQ(kg.code, 0) << kg.err;
    auto r = cli({"address", "--pubkey"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, kg.doc()["pubkey"].get<std::string>() + "\n");
    EXPECT_EQ(cli({"address"}).out, kg.doc()["address"].get<std::string>() + "\n");
}

TEST_F(wallet_app, MissingPasswordIsAKeystoreError) {
    if (::isatty(STDIN_FILENO)) GTEST_SKIP() << "stdin is a terminal: keygen would prompt";
    auto r = cli({"keygen", "--name", "a", "--scrypt-n", "1024"});
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.err.find("--password-file"), std::string::npos) << r.err;
}

TEST_F(wallet_app, InitRefusesABadGenesisAndWritesNothing) {
    write_text(tmp.file("bad.json"), R"({"chain_name":"x"})");
    auto r = cli({"init", "--genesis", tmp.file("bad.json")});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(::access(tmp.file("w/wallet.json").c_str(), F_OK), 0);
    EXPECT_EQ(cli({"init", "--genesis", tmp.file("nope.json")}).code, 2);
}

TEST_F(wallet_app, NodeCommandsBeforeInitSayHowToInit) {
    ASSERT_EQ(cli({"keygen", "--name", "a", "--scrypt-n", "1024", "--password-file", tmp.file("pw")}).code,
              0);
    auto r = cli({"holdings"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("folio-wallet init --genesis"), std::string::npos) << r.err;
}

TEST_F(wallet_app, UnreachableNodeExitsThree) {
    ASSERT_EQ(cli({"init", "--genesis", tmp.file("genesis.json")}).code, 0);
    ASSERT_EQ(cli({"keygen", "--name", "a", "--scrypt-n", "1024", "--password-file", tmp.file("pw")}).code,
              0);
    auto r = cli({"holdings", "--rpc", "http://127.0.0.1:1"});
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("cannot reach the node"), std::string::npos) << r.err;
}

TEST_F(wallet_app, BadValuesFromTheEnvironmentAreUsageErrors) {
    ::setenv("FOLIO_RPC_URL", "ftp://node", 1);
    auto r = cli({"list"});
    ::unsetenv("FOLIO_RPC_URL");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("$FOLIO_RPC_URL"), std::string::npos);
}

TEST_F(wallet_app, BadOptionValueChangesNothing) {
    auto r = cli({"keygen", "--name", ".bad", "--password-file", tmp.file("pw")});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(::access(tmp.file("w").c_str(), F_OK), 0);  // not even the wallet directory
}

}  // namespace
}  // namespace folio::wallet
