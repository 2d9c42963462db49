// The exports of an instrument's movements against a real `foliod --dev`: a dividend escrowed by the issuer
// and paid pro rata to two holders gives, from the receipt's events, an `escrow_in` row and one `dividend`
// row per holder, each with the distribution's instrument id; the balances after each row, the supply check
// and the holder's statement all account for them, over --rpc and from the stopped node's data directory.
#include <chrono>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/csv.h"
#include "chain/instrument.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::audit::test {
namespace {

using nlohmann::json;

uint64_t now_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

class e2e_audit_instrument_exports : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        node_ = new e2e::FoliodNode();
        node_->start();
        pair_ = new e2e::Pair(e2e::fund_pair(*node_, "ACME", "300"));
        e2e::issue(*node_, "ACME", {{pair_->bob.address, "100"}});
        const json keys = node_->call("node_keys");
        for (const auto& k : keys["keys"]) {
            if (k["name"] == "issuer") issuer_ = k["address"].get<std::string>();
        }
        // A payment asset without transfer restriction, held by the issuer who pays the dividend.
        e2e::sign_submit_wait(*node_, "issuer",
                              json::array({e2e::asset_create_op("DIVC", "other", 2, "1000000.00"),
                                           e2e::issue_op("DIVC", {{issuer_, "500.00"}})}));
        const uint64_t record = node_->call("chain_status")["height"].get<uint64_t>();
        const json distribute = {{"op", "distribute"},
                                 {"asset", "ACME"},
                                 {"currency", "DIVC"},
                                 {"kind", "dividend"},
                                 {"total", "100.00"},
                                 {"record_height", record},
                                 {"expires_ms", now_ms() + 86'400'000ull}};
        distribution_tx_ = e2e::sign_submit_wait(*node_, "issuer", json::array({distribute}));
        TxHash hash{};
        EXPECT_TRUE(from_hex_fixed(distribution_tx_, hash));
        distribution_id_ = instrument_id_hex(instrument_id(hash, 0));
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
    // The data rows as column -> value.
    static std::vector<std::map<std::string, std::string>> rows(const std::string& file) {
        auto records = parse_csv(e2e::read_file(file), file);
        EXPECT_TRUE(records.ok()) << records.error().message;
        std::vector<std::map<std::string, std::string>> out;
        if (!records.ok() || records->empty()) return out;
        const auto& header = (*records)[0].fields;
        for (size_t i = 1; i < records->size(); ++i) {
            std::map<std::string, std::string> row;
            for (size_t c = 0; c < header.size() && c < (*records)[i].fields.size(); ++c)
                row[header[c]] = (*records)[i].fields[c];
            out.push_back(std::move(row));
        }
        return out;
    }

    static e2e::FoliodNode* node_;
    static e2e::Pair* pair_;
    static std::string issuer_, distribution_tx_, distribution_id_;
};
e2e::FoliodNode* e2e_audit_instrument_exports::node_ = nullptr;
e2e::Pair* e2e_audit_instrument_exports::pair_ = nullptr;
std::string e2e_audit_instrument_exports::issuer_;
std::string e2e_audit_instrument_exports::distribution_tx_;
std::string e2e_audit_instrument_exports::distribution_id_;

TEST_F(e2e_audit_instrument_exports, ADividendGivesAnEscrowRowAndOnePaymentRowPerHolder) {
    const std::string file = out("divc_movements.csv");
    auto r = audit(over_rpc({"movements", "--asset", "DIVC", "--out", file}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto all = rows(file);
    std::vector<std::map<std::string, std::string>> of_distribution;
    for (const auto& row : all) {
        if (row.at("tx_hash") == distribution_tx_) of_distribution.push_back(row);
    }
    ASSERT_EQ(of_distribution.size(), 3u) << e2e::read_file(file);
    EXPECT_EQ(of_distribution[0].at("type"), "escrow_in");
    EXPECT_EQ(of_distribution[0].at("from"), issuer_);
    EXPECT_EQ(of_distribution[0].at("to"), "");
    EXPECT_EQ(of_distribution[0].at("amount"), "100.00");
    EXPECT_EQ(of_distribution[0].at("from_balance_after"), "400.00");
    std::map<std::string, std::string> paid;
    for (const auto& row : of_distribution) {
        EXPECT_EQ(row.at("instrument"), distribution_id_);
        EXPECT_EQ(row.at("op_index"), "0");
        if (row.at("type") == "dividend") paid[row.at("to")] = row.at("amount") + "/" + row.at("to_balance_after");
    }
    // 300 and 100 ACME at the record height: 75.00 and 25.00 of the 100.00.
    EXPECT_EQ(paid, (std::map<std::string, std::string>{{pair_->alice.address, "75.00/75.00"},
                                                        {pair_->bob.address, "25.00/25.00"}}));
    json m = manifest(file);
    EXPECT_EQ(m["totals"]["escrow_in"], "100.00");
    EXPECT_EQ(m["totals"]["escrow_out"], "100.00");
    EXPECT_EQ(m["totals"]["issued"], "500.00");
    EXPECT_EQ(m["supply"], "500.00");
}

TEST_F(e2e_audit_instrument_exports, TheHoldersStatementShowsTheDividend) {
    const std::string file = out("alice_statement.csv");
    auto r = audit(over_rpc({"statement", "--account", pair_->alice.address, "--out", file}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    bool seen = false;
    for (const auto& row : rows(file)) {
        if (row.at("asset") != "DIVC" || row.at("type") != "dividend") continue;
        seen = true;
        EXPECT_EQ(row.at("amount"), "75.00");
        EXPECT_EQ(row.at("balance_after"), "75.00");
        EXPECT_EQ(row.at("instrument"), distribution_id_);
    }
    EXPECT_TRUE(seen) << e2e::read_file(file);
    bool checked = false;
    const json m = manifest(file);
    for (const auto& a : m["totals"]["assets"]) {
        if (a.value("asset", "") != "DIVC") continue;
        checked = true;
        EXPECT_EQ(a["credits"], "75.00");
        EXPECT_EQ(a["closing"], "75.00");
    }
    EXPECT_TRUE(checked);
}

TEST_F(e2e_audit_instrument_exports, ZTheStoppedNodesDatadirGivesTheSameMovements) {
    const std::string rpc_file = out("rpc_mov.csv"), dir_file = out("dir_mov.csv");
    const std::string h = std::to_string(node_->call("chain_status")["height"].get<uint64_t>());
    ASSERT_EQ(audit(over_rpc({"movements", "--asset", "DIVC", "--to", h, "--out", rpc_file})).exit_code, 0);
    node_->stop();
    auto r = audit({"movements", "--asset", "DIVC", "--to", h, "--datadir", node_->datadir(), "--out", dir_file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(e2e::read_file(rpc_file), e2e::read_file(dir_file));
}

}  // namespace
}  // namespace folio::audit::test
