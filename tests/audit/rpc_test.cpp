// folio-audit verify --rpc against a real `foliod --dev`: a good chain verifies (anchored on the genesis file
// or the chain id, with a witness), and a lying node (a proxy that alters a tx of block N, a header, a
// certificate, or block 0) exits 1 naming N and the check that failed. The running node's own datadir
// exits 3. The folio-audit binary runs as a process.
#include <gtest/gtest.h>

#include "tests/audit/lying_proxy.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::audit::test {
namespace {

using nlohmann::json;

// Flips the last hex digit of a string field (its last byte changes, its length and form do not).
void flip_last_digit(json& field) {
    std::string s = field.get<std::string>();
    s.back() = s.back() == '0' ? '1' : '0';
    field = s;
}

// Flips a hex digit at `byte` of a string field.
void flip_digit_at(json& field, size_t byte) {
    std::string s = field.get<std::string>();
    char& c = s[2 * byte];
    c = c == '0' ? '1' : '0';
    field = s;
}

class audit_verify_rpc : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        node_ = new e2e::FoliodNode();
        node_->start();
        e2e::fund_pair(*node_, "ACME", "1000");
        head_ = node_->call("chain_status")["height"].get<uint64_t>();
        const json range = node_->call("block_range", {{"from", 1}, {"count", 100}});
        for (const json& b : range["blocks"]) {
            if (!b["txs"].empty() && b["height"].get<uint64_t>() <= head_) {
                tx_block_ = b["height"].get<uint64_t>();
                break;
            }
        }
    }
    static void TearDownTestSuite() {
        delete node_;
        node_ = nullptr;
    }

    e2e::ProcessResult verify(const std::string& url, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"verify", "--rpc", url, "--to", std::to_string(head_), "--json"};
        if (std::find(extra.begin(), extra.end(), "--chain-id") == extra.end()) {
            args.push_back("--genesis");
            args.push_back(node_->datadir() + "/genesis.json");
        }
        args.insert(args.end(), extra.begin(), extra.end());
        return e2e::run_process(FOLIO_AUDIT_BIN, args, {{"FOLIO_RPC_TOKEN", node_->admin_token()}},
                                node_->dir());
    }
    // Runs against a proxy that rewrites the block of `height` in every block_range answer.
    e2e::ProcessResult verify_lying(Height height, const std::function<void(json& block)>& lie) {
        LyingProxy proxy(node_->url(), [&](const std::string& method, json& result) {
            if (method != "block_range") return;
            for (json& b : result["blocks"]) {
                if (b["height"] == height) lie(b);
            }
        });
        return verify(proxy.url());
    }
    static json failure(const e2e::ProcessResult& r) {
        json doc = r.doc();
        return doc.is_object() && doc.contains("failure") ? doc["failure"] : json();
    }

    static e2e::FoliodNode* node_;
    static Height head_;
    static Height tx_block_;
};

e2e::FoliodNode* audit_verify_rpc::node_ = nullptr;
Height audit_verify_rpc::head_ = 0;
Height audit_verify_rpc::tx_block_ = 0;

TEST_F(audit_verify_rpc, AGoodChainVerifiesWithAWitness) {
    auto r = verify(node_->url(), {"--witness", node_->url()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.doc()["verified"], true);
    EXPECT_EQ(r.doc()["height"], head_);
    EXPECT_GT(r.doc()["txs"].get<uint64_t>(), 0u);
}

TEST_F(audit_verify_rpc, TheChainIdIsEnoughOfAnAnchor) {
    const std::string chain_id = node_->call("chain_status")["chain_id"].get<std::string>();
    auto r = verify(node_->url(), {"--chain-id", chain_id});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
}

TEST_F(audit_verify_rpc, AnAlteredTxOfBlockNFailsItsTxsRoot) {
    ASSERT_GT(tx_block_, 0u);
    auto r = verify_lying(tx_block_, [](json& b) { flip_last_digit(b["txs"][0]); });
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(failure(r)["height"], tx_block_) << r.describe();
    EXPECT_EQ(failure(r)["check"], "wrong_txs_root") << r.describe();
}

TEST_F(audit_verify_rpc, AnAlteredHeaderFailsItsCertificate) {
    auto r =
        verify_lying(tx_block_, [](json& b) { flip_digit_at(b["header_hex"], 50); });  // in time_ms/prev_hash
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(failure(r)["height"], tx_block_) << r.describe();
    EXPECT_EQ(failure(r)["check"], "commit") << r.describe();
}

TEST_F(audit_verify_rpc, AnAlteredCertificateFailsVerifyCommit) {
    auto r = verify_lying(tx_block_, [](json& b) { flip_last_digit(b["commit_hex"]); });
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(failure(r)["height"], tx_block_) << r.describe();
    EXPECT_EQ(failure(r)["check"], "commit") << r.describe();
}

TEST_F(audit_verify_rpc, AnotherGenesisIsRefusedAtBlockZero) {
    auto r = verify_lying(0, [](json& b) { flip_last_digit(b["header_hex"]); });
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(failure(r)["height"], 0) << r.describe();
    EXPECT_EQ(failure(r)["check"], "genesis") << r.describe();
}

TEST_F(audit_verify_rpc, AWitnessWithAnotherLastBlockIsADiscrepancy) {
    LyingProxy witness(node_->url(), [](const std::string& method, json& result) {
        if (method == "block_range") flip_digit_at(result["blocks"][0]["header_hex"], 50);
    });
    auto r = verify(node_->url(), {"--witness", witness.url()});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(failure(r)["check"], "witness") << r.describe();
}

TEST_F(audit_verify_rpc, ARunningNodesDatadirExits3) {
    auto r = e2e::run_process(FOLIO_AUDIT_BIN, {"verify", "--datadir", node_->datadir()}, {}, node_->dir());
    EXPECT_EQ(r.exit_code, 3) << r.describe();
    EXPECT_NE(r.err.find("node running: stop it, audit a copy, or use --rpc"), std::string::npos)
        << r.describe();
}

}  // namespace
}  // namespace folio::audit::test
