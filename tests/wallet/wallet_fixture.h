// A wallet directory initialised against a stand-in node (fake_node.h: the real RPC server over a real chain),
// with alice's key (test::key_from_seed("alice")) in its keystore: what the tests of online commands start from.
// A derived fixture's SetUp calls WalletFixture::SetUp() first and returns if it failed.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "chain/crypto/bech32m.h"
#include "cli_runner.h"
#include "fake_node.h"
#include "keys/keystore.h"

namespace folio::wallet::test {

class WalletFixture : public ::testing::Test {
  protected:
    static constexpr const char* kPassword = "wallet-test-pw";

    void SetUp() override {
        clear_wallet_env();
        write_text(tmp.file("genesis.json"), make_genesis_json());
        write_text(tmp.file("pw"), std::string(kPassword) + "\n");
        ASSERT_EQ(cli({"init", "--genesis", tmp.file("genesis.json"), "--rpc", node.url()}).code, 0);
        import_key("alice");
    }

    // Imports the key test::key_from_seed(name) under that name (fast scrypt parameters: tests only).
    void import_key(const std::string& name) {
        const keys::ScryptParams fast{uint64_t{1} << 10, 8, 1};
        auto ks = keys::Keystore::open(tmp.file("w/keys"), true);
        ASSERT_TRUE(ks.ok());
        ASSERT_TRUE(ks->import(name, key_from_seed(name), kPassword, fast).ok());
    }

    // folio-wallet with this wallet dir, the node's submit token and the password file.
    CliRun cli(std::vector<std::string> args, std::optional<bool> answer = std::nullopt) {
        args.insert(args.begin(),
                    {"--wallet-dir", tmp.file("w"), "--token", node.token(), "--password-file", tmp.file("pw")});
        return run_cli(args, answer);
    }

    static std::string address_of(const std::string& seed) {
        return crypto::encode_address(account_id_of(key_from_seed(seed).pubkey()));
    }

    TempDir tmp;
    FakeNode node;
};

}  // namespace folio::wallet::test
