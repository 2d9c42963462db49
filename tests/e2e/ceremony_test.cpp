// The commands that make a consortium's data directories: `foliod keygen`, `foliod init`, `foliod testnet`,
// and what they refuse (exit 2, nothing written).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/e2e/harness.h"

namespace folio::e2e {
namespace {

namespace fs = std::filesystem;

ProcessResult foliod(const TempDir& tmp, std::vector<std::string> args) {
    return run_process(foliod_path(), args, {}, tmp.path());
}

void write_password(const std::string& path) {
    std::ofstream(path) << "a long enough keystore password\n";
}

TEST(e2e_ceremony, KeygenWritesBothKeysAndPrintsTheGenesisEntryOnce) {
    TempDir tmp;
    const std::string dir = tmp.path() + "/bank", password = tmp.path() + "/pw";
    write_password(password);
    ProcessResult r =
        foliod(tmp, {"keygen", "--datadir", dir, "--name", "bank", "--password-file", password});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const json entry = r.doc();
    EXPECT_EQ(entry["name"], "bank");
    EXPECT_EQ(entry["consensus_pubkey"].get<std::string>().size(), 64u);
    EXPECT_EQ(entry["p2p_pubkey"].get<std::string>().size(), 64u);
    EXPECT_EQ(entry["power"], 1);
    EXPECT_TRUE(fs::exists(dir + "/p2p_key.pem"));
    EXPECT_TRUE(fs::exists(dir + "/keystore/validator.key"));
    EXPECT_EQ(fs::status(dir).permissions() & fs::perms::all, fs::perms::owner_all);

    ProcessResult again = foliod(tmp, {"keygen", "--datadir", dir, "--password-file", password});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_NE(again.err.find("never replaces a key"), std::string::npos) << again.describe();
}

TEST(e2e_ceremony, InitPreparesANodeFromAGenesisAndRefusesAnotherChain) {
    TempDir tmp;
    ProcessResult made = foliod(tmp, {"testnet", "--validators", "2", "--dir", tmp.path() + "/net"});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    const std::string genesis = tmp.path() + "/net/node0/genesis.json";
    const std::string dir = tmp.path() + "/observer";
    ProcessResult r =
        foliod(tmp, {"init", "--genesis", genesis, "--datadir", dir, "--p2p-bind", "127.0.0.1:0"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_NE(r.out.find("as observer"), std::string::npos) << r.describe();
    EXPECT_EQ(read_file(dir + "/genesis.json"), read_file(genesis));
    EXPECT_TRUE(fs::exists(dir + "/config.json"));
    ProcessResult same = foliod(tmp, {"init", "--genesis", genesis, "--datadir", dir});
    EXPECT_EQ(same.exit_code, 0) << same.describe();
    EXPECT_NE(same.out.find("nothing changed"), std::string::npos) << same.describe();

    ProcessResult other = foliod(tmp, {"testnet", "--validators", "1", "--dir", tmp.path() + "/other"});
    ASSERT_EQ(other.exit_code, 0) << other.describe();
    ProcessResult refused =
        foliod(tmp, {"init", "--genesis", tmp.path() + "/other/node0/genesis.json", "--datadir", dir});
    EXPECT_EQ(refused.exit_code, 1) << refused.describe();
    EXPECT_NE(refused.err.find("another chain"), std::string::npos) << refused.describe();
}

TEST(e2e_ceremony, TestnetRefusesBadArgumentsWithExitTwoAndWritesNothing) {
    TempDir tmp;
    const std::string dir = tmp.path() + "/net";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"testnet", "--validators", "0", "--dir", dir},
             {"testnet", "--validators", "4", "--dir", dir, "--base-port", "65530"},
             {"testnet", "--validators", "x", "--dir", dir},
             {"testnet", "--dir", dir},
             {"testnet", "--validators", "4"}}) {
        ProcessResult r = foliod(tmp, args);
        EXPECT_EQ(r.exit_code, 2) << r.describe();
        EXPECT_FALSE(fs::exists(dir)) << "written despite a refusal";
    }
    fs::create_directories(dir);
    std::ofstream(dir + "/something") << "x";
    ProcessResult r = foliod(tmp, {"testnet", "--validators", "4", "--dir", dir});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("not an empty directory"), std::string::npos) << r.describe();
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".net.tmp"), std::string::npos) << "staging left behind";
}

TEST(e2e_ceremony, TestnetWritesEveryNodeWithItsPortsPeersAndTheGenesisKeysOnNodeZero) {
    TempDir tmp;
    const std::string dir = tmp.path() + "/net";
    ProcessResult r = foliod(
        tmp, {"testnet", "--validators", "3", "--observers", "1", "--dir", dir, "--base-port", "31000"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    for (int i = 0; i < 4; ++i) {
        const json config = json::parse(read_file(dir + "/node" + std::to_string(i) + "/config.json"));
        EXPECT_EQ(config["rpc_bind"], "127.0.0.1:" + std::to_string(31000 + 2 * i));
        EXPECT_EQ(config["p2p_bind"], "127.0.0.1:" + std::to_string(31001 + 2 * i));
        EXPECT_EQ(config["p2p_peers"].size(), i < 3 ? 2u : 3u) << "validators dial each other; observers all";
        EXPECT_EQ(read_file(dir + "/node" + std::to_string(i) + "/genesis.json"),
                  read_file(dir + "/node0/genesis.json"));
    }
    const json genesis = json::parse(read_file(dir + "/node0/genesis.json"));
    EXPECT_EQ(genesis["validators"].size(), 3u);
    for (const char* key : {"operator", "registrar", "issuer", "validator"})
        EXPECT_TRUE(fs::exists(dir + "/node0/keystore/" + std::string(key) + ".key")) << key;
    EXPECT_FALSE(fs::exists(dir + "/node3/keystore/validator.key")) << "an observer has no validator key";
    const json validator_config = json::parse(read_file(dir + "/node0/config.json"));
    EXPECT_EQ(validator_config["p2p_observer_keys"].size(), 1u);
}

}  // namespace
}  // namespace folio::e2e
