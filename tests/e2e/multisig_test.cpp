// Scenario: the registrar of a real foliod is held by three officers, 2 of 3 (key_set_update). A role_grant
// is built once with tx_build, signed by two officers in their own folio-wallets (`sign` adds a signature and
// keeps the others) and submitted once; the file with one signature alone is refused MISSING_SIGNATURE.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

std::string node_key_address(FoliodNode& node, const std::string& name) {
    const json keys = node.call("node_keys");  // kept: a range over a temporary's member would dangle
    for (const json& k : keys.at("keys")) {
        if (k.at("name") == name) return k.at("address");
    }
    throw Failure("no node key " + name);
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    if (!out) throw Failure("cannot write " + path);
}

struct Officer {
    std::unique_ptr<Wallet> wallet;
    std::string pubkey;
};

TEST(e2e_multisig, TwoOfThreeOfficersSignARoleGrantThatOneAloneCannot) {
    FoliodNode node;
    node.start();
    std::vector<Officer> officers;
    for (int i = 0; i < 3; ++i) {
        Officer o;
        o.wallet = std::make_unique<Wallet>(node, "officer" + std::to_string(i));
        o.wallet->run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
        o.pubkey = o.wallet->run_json({"keygen", "--name", "officer", "--scrypt-n", "1024"}).at("pubkey");
        officers.push_back(std::move(o));
    }
    const std::string registrar = node_key_address(node, "registrar");
    // The registrar's node key hands the account over to its officers.
    json keys = json::array();
    for (const Officer& o : officers) keys.push_back({{"pubkey", o.pubkey}, {"weight", 1}});
    sign_submit_wait(node, "registrar",
                     json::array({{{"op", "key_set_update"}, {"keys", keys}, {"threshold", 2}}}));
    const json account = node.call("account_get", {{"account", registrar}});
    EXPECT_EQ(account.at("threshold"), 2);
    EXPECT_EQ(account.at("pubkeys").size(), 3u);

    Investor dora = new_investor();
    register_investors(node, {&dora}, /*kyc=*/false);
    const json grant = {{"op", "role_grant"}, {"account", dora.address}, {"role", "operator"}};
    const json built = node.call("tx_build", {{"signer", registrar}, {"ops", json::array({grant})}});
    const std::string unsigned_file = node.dir() + "/grant.json";
    write_text(unsigned_file, built.dump());

    const std::string one = node.dir() + "/grant.1.hex", two = node.dir() + "/grant.2.hex";
    officers[0].wallet->run_json({"sign", unsigned_file, "--key", "officer", "--out", one, "--yes"});
    const json signed_twice =
        officers[2].wallet->run_json({"sign", one, "--key", "officer", "--out", two, "--yes"});
    EXPECT_EQ(signed_twice.at("signatures"), 2);

    // One officer's signature alone: refused, nothing applied.
    const ProcessResult alone = officers[0].wallet->run({"submit", one, "--json"});
    EXPECT_NE(alone.exit_code, 0) << alone.describe();
    EXPECT_NE((alone.out + alone.err).find("MISSING_SIGNATURE"), std::string::npos) << alone.describe();
    EXPECT_EQ(node.call("account_get", {{"account", dora.address}}).at("roles").size(), 0u);

    const json submitted = officers[2].wallet->run_json({"submit", two});
    EXPECT_EQ(submitted.at("status"), "committed") << submitted.dump();
    const json roles = node.call("account_get", {{"account", dora.address}}).at("roles");
    ASSERT_EQ(roles.size(), 1u) << roles.dump();
    EXPECT_EQ(roles[0], "operator");
}

TEST(e2e_multisig, SigningTheSameFileTwiceWithOneKeyIsRefused) {
    FoliodNode node;
    node.start();
    Wallet wallet(node);
    wallet.run_json({"init", "--genesis", node.datadir() + "/genesis.json"});
    wallet.run_json({"keygen", "--name", "officer", "--scrypt-n", "1024"});
    const json built = node.call(
        "tx_build",
        {{"signer", node_key_address(node, "registrar")},
         {"ops", json::array({{{"op", "param_update"}, {"name", "tx_max_wait_blocks"}, {"value", 5}}})}});
    const std::string file = node.dir() + "/tx.json", once = node.dir() + "/tx.1.hex";
    write_text(file, built.dump());
    wallet.run_json({"sign", file, "--key", "officer", "--out", once, "--yes"});
    const ProcessResult again = wallet.run({"sign", once, "--key", "officer", "--yes"});
    EXPECT_NE(again.exit_code, 0) << again.describe();
    EXPECT_NE((again.out + again.err).find("already signed"), std::string::npos) << again.describe();
}

}  // namespace
}  // namespace folio::e2e
