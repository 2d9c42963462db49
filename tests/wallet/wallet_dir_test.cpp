// The wallet directory (wallet/wallet_dir.h): wallet.json, the pinned genesis, and which key a command uses.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "chain/crypto/bech32m.h"
#include "keys/file_io.h"
#include "test_chain.h"
#include "wallet/wallet_dir.h"

namespace folio::wallet {
namespace {

const keys::ScryptParams kFast{uint64_t{1} << 10, 8, 1};

class wallet_dir : public ::testing::Test {
  protected:
    void SetUp() override {
        auto w = WalletDir::open(tmp.file("w"), true);
        ASSERT_TRUE(w.ok()) << w.failure().message;
        dir = std::move(*w);
    }
    void add_key(const std::string& name) { ASSERT_TRUE(dir->keystore().generate(name, "pw", kFast).ok()); }
    Expected<SelectedKey> select(std::optional<std::string> name = {}) { return dir->select_key(name); }

    test::TempDir tmp;
    std::unique_ptr<WalletDir> dir;
};

TEST_F(wallet_dir, StateRoundTripsThroughJson) {
    WalletState st;
    st.chain_id = Hash256{5};
    st.chain_name = "dev";
    st.rpc_url = "http://127.0.0.1:9";
    st.keys["a"].rotated_to = "a.2";
    st.keys["a"].account = Hash256{3};
    st.keys["a"].rotated_at_height = 12;
    st.keys["a.2"].rotation_of = "a";
    auto back = wallet_state_from_json(wallet_state_to_json(st));
    ASSERT_TRUE(back.ok()) << back.failure().message;
    EXPECT_EQ(back->chain_id, st.chain_id);
    EXPECT_EQ(back->rpc_url, st.rpc_url);
    EXPECT_EQ(back->keys.at("a").rotated_to, "a.2");
    EXPECT_EQ(*back->keys.at("a").account, Hash256{3});
    EXPECT_EQ(back->keys.at("a").rotated_at_height, 12u);
    EXPECT_EQ(back->keys.at("a.2").rotation_of, "a");
}

TEST_F(wallet_dir, DamagedWalletJsonIsAWalletFileError) {
    for (const char* text :
         {"not json", "[]", R"({"format":"folio-wallet","version":2})",
          R"({"format":"folio-wallet","version":1,"chain":{"chain_id":"zz"}})",
          R"({"format":"folio-wallet","version":1,"keys":{"../x":{}}})",
          R"({"format":"folio-wallet","version":1,"keys":{"a":{"account":"folio1nope"}}})"}) {
        auto st = wallet_state_from_json(text);
        ASSERT_FALSE(st.ok()) << text;
        EXPECT_EQ(st.failure().exit, ExitCode::keystore) << text;
        EXPECT_EQ(st.failure().reason, "WALLET_DAMAGED");
    }
}

TEST_F(wallet_dir, FilesAreWrittenPrivately) {
    ASSERT_TRUE(dir->update([](WalletState& st) { st.rpc_url = "http://h:1"; }).ok());
    struct stat st {};
    ASSERT_EQ(::stat(tmp.file("w/wallet.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat(tmp.file("w").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(wallet_dir, InitPinsTheGenesisAndRefusesAnotherChain) {
    auto id = dir->init(test::make_genesis_json(), "");
    ASSERT_TRUE(id.ok()) << id.failure().message;
    auto pinned = dir->pinned();
    ASSERT_TRUE(pinned.ok());
    EXPECT_EQ((*pinned)->chain_id, *id);
    EXPECT_TRUE(dir->init(test::make_genesis_json(), "http://h:2").ok());  // same chain: only the URL changes
    EXPECT_EQ(dir->state().rpc_url, "http://h:2");
    auto other = dir->init(test::make_genesis_json(1, "other"), "");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.failure().reason, "ALREADY_INITIALIZED");
}

TEST_F(wallet_dir, EditedGenesisCopyIsRefused) {
    ASSERT_TRUE(dir->init(test::make_genesis_json(), "").ok());
    test::write_text(tmp.file("w/genesis.json"), test::make_genesis_json(1, "edited"));
    auto reopened = WalletDir::open(tmp.file("w"), false);
    ASSERT_TRUE(reopened.ok());
    auto pinned = (*reopened)->pinned();
    ASSERT_FALSE(pinned.ok());
    EXPECT_EQ(pinned.failure().exit, ExitCode::keystore);
}

TEST_F(wallet_dir, UninitializedWalletSaysHowToInit) {
    auto pinned = dir->pinned();
    ASSERT_FALSE(pinned.ok());
    EXPECT_EQ(pinned.failure().reason, "NOT_INITIALIZED");
    EXPECT_NE(pinned.failure().hint.find("folio-wallet init --genesis"), std::string::npos);
}

TEST_F(wallet_dir, OnlyKeyIsTheDefault) {
    auto none = select();
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.failure().reason, "NO_KEY");
    add_key("alice");
    auto k = select();
    ASSERT_TRUE(k.ok());
    EXPECT_EQ(k->name, "alice");
    EXPECT_EQ(k->account, account_id_of(k->info.pubkey));
}

TEST_F(wallet_dir, SeveralKeysNeedKeyUnlessOneIsNamedDefault) {
    add_key("alice");
    add_key("bob");
    auto k = select();
    ASSERT_FALSE(k.ok());
    EXPECT_NE(k.failure().message.find("--key"), std::string::npos);
    EXPECT_EQ(select("bob")->name, "bob");
    add_key("default");
    EXPECT_EQ(select()->name, "default");
    auto missing = select("carol");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.failure().reason, "NO_SUCH_KEY");
}

TEST_F(wallet_dir, RotatedKeyLeadsToItsSuccessorAndKeepsTheAccount) {
    add_key("alice");
    add_key("alice.2");
    const AccountId account = account_id_of(dir->keystore().info("alice")->pubkey);
    ASSERT_TRUE(dir->update([&](WalletState& st) {
                       st.keys["alice"] = KeyRecord{account, "alice.2", "", 3};
                       st.keys["alice.2"] = KeyRecord{account, "", "", 0};
                   })
                    .ok());
    auto k = select("alice");
    ASSERT_TRUE(k.ok());
    EXPECT_EQ(k->name, "alice.2");
    EXPECT_EQ(k->account, account);
    EXPECT_NE(k->note.find("rotated"), std::string::npos);
    EXPECT_EQ(select()->name, "alice.2");  // the only active key
}

TEST_F(wallet_dir, PendingReplacementIsNotTheDefault) {
    add_key("alice");
    add_key("alice.2");
    ASSERT_TRUE(dir->update([&](WalletState& st) { st.keys["alice.2"].rotation_of = "alice"; }).ok());
    EXPECT_EQ(select()->name, "alice");
}

TEST_F(wallet_dir, RotationLoopIsAWalletFileError) {
    add_key("a");
    add_key("b");
    ASSERT_TRUE(dir->update([&](WalletState& st) {
                       st.keys["a"].rotated_to = "b";
                       st.keys["b"].rotated_to = "a";
                   })
                    .ok());
    auto k = select("a");
    ASSERT_FALSE(k.ok());
    EXPECT_EQ(k.failure().exit, ExitCode::keystore);
}

TEST_F(wallet_dir, RefusedOverwriteIsAUsageErrorWithAHint) {
    ASSERT_TRUE(keys::write_file_atomic(tmp.file("f"), "one", 0644, keys::IfExists::refuse).ok());
    const Status again = keys::write_file_atomic(tmp.file("f"), "two", 0644, keys::IfExists::refuse);
    ASSERT_FALSE(again.ok());
    const Failure f = write_failure(again.error());
    EXPECT_EQ(f.exit, ExitCode::usage);
    EXPECT_EQ(f.message, tmp.file("f") + " already exists; it is never overwritten");
    EXPECT_EQ(f.hint, "choose another file");
    EXPECT_EQ(test::read_text(tmp.file("f")), "one");
}

TEST_F(wallet_dir, FileSystemFailureIsAnIoError) {
    const Status s = keys::write_file_atomic(tmp.file("missing/f"), "x", 0644);
    ASSERT_FALSE(s.ok());
    const Failure f = write_failure(s.error());
    EXPECT_EQ(f.exit, ExitCode::usage);
    EXPECT_EQ(f.reason, "IO_ERROR");
    EXPECT_NE(f.message.find(tmp.file("missing")), std::string::npos) << f.message;
}

}  // namespace
}  // namespace folio::wallet
