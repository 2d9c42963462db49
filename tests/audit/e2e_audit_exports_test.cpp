// The exports against a real `foliod --dev` (folio-audit as a process): the register at the head and at a
// past height over --rpc (rows sum to the supply, the manifest's digest is the file's), the identities join,
// the movements with the balances after each row, an owner's statement, --verify over RPC (the same file,
// "verified"), then the stopped node's data directory giving the same bytes as the RPC did, and a damaged
// copy refused.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/csv.h"
#include "chain/crypto/hash.h"
#include "tests/audit/export_chain.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::audit::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string sha256_hex(const std::string& bytes) {
    return to_hex(crypto::sha256(ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())));
}

class e2e_audit_exports : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        node_ = new e2e::FoliodNode();
        node_->start();
        pair_ = new e2e::Pair(e2e::fund_pair(*node_, "ACME", "1000"));
        funded_at_ = node_->call("chain_status")["height"].get<uint64_t>();
        const json built = e2e::build_transfer(*node_, pair_->alice, "ACME", pair_->bob.address, "250", std::nullopt,
                                               std::string("order-1"));
        const json sent = node_->call("tx_submit", {{"tx", e2e::signed_hex(built, pair_->alice)}});
        e2e::wait_committed(*node_, sent["tx_hash"].get<std::string>());
        e2e::sign_submit_wait(*node_, "issuer",
                              json::array({{{"op", "freeze"},
                                            {"account", pair_->bob.address},
                                            {"asset", "ACME"},
                                            {"amount", "40"}}}));
        head_ = node_->call("chain_status")["height"].get<uint64_t>();
    }
    static void TearDownTestSuite() {
        delete pair_;
        delete node_;
        pair_ = nullptr;
        node_ = nullptr;
    }

    e2e::ProcessResult audit(std::vector<std::string> args) {
        return e2e::run_process(FOLIO_AUDIT_BIN, args, {{"FOLIO_RPC_TOKEN", node_->admin_token()}}, node_->dir());
    }
    std::vector<std::string> over_rpc(std::vector<std::string> args) {
        args.insert(args.end(), {"--rpc", node_->url()});
        return args;
    }
    std::string out(const std::string& name) { return node_->dir() + "/" + name; }
    static json manifest(const std::string& file) { return json::parse(e2e::read_file(file + ".manifest.json")); }
    static std::vector<std::vector<std::string>> rows(const std::string& file) {
        auto records = parse_csv(e2e::read_file(file), file);
        EXPECT_TRUE(records.ok()) << records.error().message;
        std::vector<std::vector<std::string>> out;
        if (records.ok()) {
            for (size_t i = 1; i < records->size(); ++i) out.push_back((*records)[i].fields);
        }
        return out;
    }

    static e2e::FoliodNode* node_;
    static e2e::Pair* pair_;
    static uint64_t funded_at_, head_;
};
e2e::FoliodNode* e2e_audit_exports::node_ = nullptr;
e2e::Pair* e2e_audit_exports::pair_ = nullptr;
uint64_t e2e_audit_exports::funded_at_ = 0;
uint64_t e2e_audit_exports::head_ = 0;

TEST_F(e2e_audit_exports, RegisterOverRpcAtTheHeadAndInThePast) {
    const std::string now = out("now.csv"), then = out("then.csv");
    auto r = audit(over_rpc({"register", "--asset", "ACME", "--height", std::to_string(head_), "--out", now}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json m = manifest(now);
    EXPECT_EQ(m["sha256"], sha256_hex(e2e::read_file(now)));
    EXPECT_EQ(m["supply"], "1000");
    EXPECT_EQ(m["holders"], 2);
    std::map<std::string, std::vector<std::string>> by_address;
    for (const auto& row : rows(now)) by_address[row.at(2)] = row;
    EXPECT_EQ(by_address.at(pair_->alice.address).at(3), "750");
    EXPECT_EQ(by_address.at(pair_->bob.address).at(3), "250");
    EXPECT_EQ(by_address.at(pair_->bob.address).at(5), "40");   // frozen
    EXPECT_EQ(by_address.at(pair_->bob.address).at(6), "210");  // available
    EXPECT_EQ(by_address.at(pair_->bob.address).at(7), "1");    // KYC level

    r = audit(over_rpc({"register", "--asset", "ACME", "--height", std::to_string(funded_at_), "--out", then}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto past = rows(then);
    ASSERT_EQ(past.size(), 1u);
    EXPECT_EQ(past[0].at(2), pair_->alice.address);
    EXPECT_EQ(past[0].at(3), "1000");
    EXPECT_EQ(manifest(then)["height"], funded_at_);
    // Checked against asset_get {height}: the asset record of that block, not a sum of the rows.
    EXPECT_EQ(manifest(then)["supply_source"], "asset record at block " + std::to_string(funded_at_));
    EXPECT_EQ(manifest(then)["holders"], 1);
}

TEST_F(e2e_audit_exports, IdentitiesAreJoinedAtExportTime) {
    const std::string ids = out("ids.csv"), file = out("ids_register.csv");
    std::ofstream(ids) << "address,holder_ref,name,postal_address\n" << pair_->bob.address << ",B-1,\"Martin, Paul\",Nantes\n";
    auto r = audit(over_rpc({"register", "--asset", "ACME", "--identities", ids, "--out", file}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(e2e::read_file(file).find(pair_->bob.address + ",250,0,40,210,1,retail,"), std::string::npos);
    EXPECT_NE(e2e::read_file(file).find(",B-1,\"Martin, Paul\",Nantes\r\n"), std::string::npos);
    EXPECT_EQ(manifest(file)["identities"]["holders_identified"], 1);
}

TEST_F(e2e_audit_exports, MovementsAndStatementOverRpc) {
    const std::string mov = out("mov.csv"), st = out("st.csv");
    auto r = audit(over_rpc({"movements", "--asset", "ACME", "--out", mov}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto m = rows(mov);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].at(5), "issue");
    EXPECT_EQ(m[0].at(10), "1000");  // to_balance_after
    EXPECT_EQ(m[1].at(5), "transfer");
    EXPECT_EQ(m[1].at(9), "750");   // from_balance_after
    EXPECT_EQ(m[1].at(10), "250");  // to_balance_after
    EXPECT_EQ(m[1].at(12), "order-1");
    EXPECT_EQ(manifest(mov)["totals"]["issued"], "1000");

    r = audit(over_rpc({"statement", "--account", pair_->alice.address, "--out", st}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto s = rows(st);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s.front().at(6), "opening");
    EXPECT_EQ(s.front().at(10), "0");
    EXPECT_EQ(s.back().at(6), "closing");
    EXPECT_EQ(s.back().at(10), "750");
}

TEST_F(e2e_audit_exports, VerifyOverRpcGivesTheSameFile) {
    const std::string plain = out("p.csv"), verified = out("v.csv");
    const std::string h = std::to_string(head_);
    ASSERT_EQ(audit(over_rpc({"register", "--asset", "ACME", "--height", h, "--out", plain})).exit_code, 0);
    auto no_anchor = audit(over_rpc({"register", "--asset", "ACME", "--height", h, "--verify", "--out", verified}));
    EXPECT_EQ(no_anchor.exit_code, 2) << no_anchor.err;
    auto r = audit(over_rpc({"register", "--asset", "ACME", "--height", h, "--verify", "--genesis",
                             node_->datadir() + "/genesis.json", "--out", verified}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(e2e::read_file(plain), e2e::read_file(verified));
    EXPECT_EQ(manifest(verified)["verified"], true);
    EXPECT_EQ(manifest(verified)["block_hash"], manifest(plain)["block_hash"]);
}

// Last: stops the node. Its directory gives the bytes its RPC gave; a copy with a changed state leaf is
// refused.
TEST_F(e2e_audit_exports, ZTheStoppedNodesDatadirGivesTheSameBytes) {
    const std::string h = std::to_string(head_);
    const std::string rpc_file = out("rpc.csv"), dir_file = out("dir.csv");
    ASSERT_EQ(audit(over_rpc({"register", "--asset", "ACME", "--height", h, "--out", rpc_file})).exit_code, 0);
    auto running = audit({"register", "--asset", "ACME", "--datadir", node_->datadir(), "--out", dir_file});
    EXPECT_EQ(running.exit_code, 3) << running.err;
    EXPECT_NE(running.err.find("node running"), std::string::npos) << running.err;
    node_->stop();
    auto r = audit({"register", "--asset", "ACME", "--height", h, "--datadir", node_->datadir(), "--out", dir_file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(e2e::read_file(rpc_file), e2e::read_file(dir_file));
    json a = manifest(rpc_file), b = manifest(dir_file);
    EXPECT_EQ(a["sha256"], b["sha256"]);
    EXPECT_EQ(a["state_root"], b["state_root"]);

    const std::string copy = node_->dir() + "/copy";
    fs::copy(node_->datadir(), copy, fs::copy_options::recursive);
    fs::remove(copy + "/foliod.lock");
    flip_last_byte_of_first_record(copy + "/chain", std::string("s\x01", 2));  // an account record
    const std::string damaged = out("damaged.csv");
    auto bad = audit({"register", "--asset", "ACME", "--datadir", copy, "--out", damaged});
    EXPECT_EQ(bad.exit_code, 1) << bad.err;
    EXPECT_FALSE(fs::exists(damaged));
}

}  // namespace
}  // namespace folio::audit::test
