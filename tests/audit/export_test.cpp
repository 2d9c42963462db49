// folio-audit register, movements and statement on the export chain (tests/audit/export_chain.h), in
// process: the rows, the balances after each movement, the opening and closing balances, the identities
// join, the manifest (its digest is the file's), --verify, the exact files expected in tests/data/audit/,
// and refusals: unknown names, heights out of bounds, damaged data directories (exit 1, nothing written).
//
// FOLIO_WRITE_EXPECTED=1 rewrites the expected files from this run (then read them before committing).
#include <leveldb/db.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/cli.h"
#include "audit/csv.h"
#include "chain/crypto/hash.h"
#include "tests/audit/audit_run.h"
#include "tests/audit/export_chain.h"
#include "tests/e2e/harness.h"

namespace folio::audit::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// The rows of an exported CSV as maps column -> cell (the header row gives the names).
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& path) {
    auto records = parse_csv(read_text(path), path);
    EXPECT_TRUE(records.ok()) << records.error().message;
    std::vector<std::map<std::string, std::string>> out;
    if (!records.ok() || records->empty()) return out;
    const auto& header = (*records)[0].fields;
    for (size_t i = 1; i < records->size(); ++i) {
        std::map<std::string, std::string> row;
        for (size_t c = 0; c < header.size(); ++c) row[header[c]] = (*records)[i].fields.at(c);
        out.push_back(std::move(row));
    }
    return out;
}

class ExportTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp_ = new e2e::TempDir();
        chain_ = new ExportChain(tmp_->path() + "/node");
    }
    static void TearDownTestSuite() {
        delete chain_;
        delete tmp_;
    }

    // A copy of the data directory to damage.
    std::string copy_of_datadir() {
        const std::string dir = out_.path() + "/copy";
        fs::copy(chain_->dir(), dir, fs::copy_options::recursive);
        return dir;
    }

    AuditRun run(std::vector<std::string> args, const std::string& datadir = "") {
        args.push_back("--datadir");
        args.push_back(datadir.empty() ? chain_->dir() : datadir);
        return audit(args);
    }
    std::string out(const std::string& name) const { return out_.path() + "/" + name; }
    json manifest(const std::string& file) const { return json::parse(read_text(file + ".manifest.json")); }

    // The file against tests/data/audit/NAME, byte for byte.
    void expect_file(const std::string& file, const std::string& name) {
        const std::string expected_path = std::string(FOLIO_SOURCE_DIR) + "/tests/data/audit/" + name;
        if (std::getenv("FOLIO_WRITE_EXPECTED") != nullptr) {
            std::ofstream(expected_path, std::ios::binary) << read_text(file);
        }
        EXPECT_EQ(read_text(file), read_text(expected_path)) << "compare " << file << " with " << expected_path;
    }

    static e2e::TempDir* tmp_;
    static ExportChain* chain_;
    e2e::TempDir out_;
};
e2e::TempDir* ExportTest::tmp_ = nullptr;
ExportChain* ExportTest::chain_ = nullptr;

class export_register : public ExportTest {};
class export_movements : public ExportTest {};
class export_statement : public ExportTest {};
class export_refusals : public ExportTest {};

TEST_F(export_register, RowsSumToTheSupplyAndTheManifestHashesTheFile) {
    const std::string file = out("acme.csv");
    AuditRun r = run({"register", "--asset", "ACME", "--out", file});
    ASSERT_EQ(r.code, 0) << r.err;
    auto rows = csv_rows(file);
    // h0 1000 - 100 + 1 + 7, h1 500 + 100 + 10 - 3 + 7, h2 300 - 10 + 2, registrar 20 - 5; h3 holds none.
    std::map<std::string, std::string> amounts;
    for (const auto& row : rows) amounts[row.at("address")] = row.at("amount");
    EXPECT_EQ(amounts, (std::map<std::string, std::string>{{chain_->address(0), "908"},
                                                           {chain_->address(1), "614"},
                                                           {chain_->address(2), "292"},
                                                           {chain_->address(4), "15"}}));
    json m = manifest(file);
    EXPECT_EQ(m["export"], "register");
    EXPECT_EQ(m["height"], ExportChain::kBlocks);
    EXPECT_EQ(m["supply"], "1829");
    EXPECT_EQ(m["holders"], 4);
    EXPECT_EQ(m["totals"]["amount"], "1829");
    EXPECT_EQ(m["totals"]["frozen"], "50");
    EXPECT_EQ(m["rows"], 4);
    EXPECT_EQ(m["verified"], false);
    EXPECT_EQ(m["supply_source"], "asset record at block 5");
    const std::string bytes = read_text(file);
    EXPECT_EQ(m["sha256"], to_hex(crypto::sha256(ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()))));
    EXPECT_EQ(m["bytes"], bytes.size());
    expect_file(file, "register_acme_head.csv");
}

TEST_F(export_register, APastHeightGivesTheHoldingsAndTheKycOfThatHeight) {
    const std::string before = out("acme2.csv"), after = out("acme5.csv");
    ASSERT_EQ(run({"register", "--asset", "ACME", "--height", "2", "--out", before}).code, 0);
    ASSERT_EQ(run({"register", "--asset", "ACME", "--out", after}).code, 0);
    auto find = [&](const std::string& file, size_t holder) {
        for (const auto& row : csv_rows(file)) {
            if (row.at("address") == chain_->address(holder)) return row;
        }
        return std::map<std::string, std::string>();
    };
    EXPECT_EQ(find(before, 1).at("amount"), "600");
    EXPECT_EQ(find(before, 1).at("kyc_level"), "1");
    EXPECT_EQ(find(before, 1).at("kyc_category"), "retail");
    EXPECT_EQ(find(after, 1).at("kyc_level"), "2");
    EXPECT_EQ(find(after, 1).at("kyc_category"), "professional");
    EXPECT_EQ(find(before, 0).at("frozen"), "0");
    EXPECT_EQ(find(after, 0).at("frozen"), "50");
    EXPECT_EQ(find(after, 0).at("available"), "858");
    json m = manifest(before);
    EXPECT_EQ(m["height"], 2);
    EXPECT_EQ(m["supply"], "1800");
    EXPECT_EQ(m["holders"], 3);
    EXPECT_EQ(m["supply_source"], "asset record at block 2");  // the store's asset history, not a sum
    EXPECT_EQ(m["escrow"], "0");
    expect_file(before, "register_acme_2.csv");
}

TEST_F(export_register, IdentitiesAreJoinedAndQuotedAsRfc4180Says) {
    const std::string ids = out("ids.csv");
    std::ofstream(ids) << "address,holder_ref,name,postal_address\r\n"
                       << chain_->address(0) << ",H-0,\"Durand, Marie\",\"1 rue de la Paix\n75002 Paris\"\r\n"
                       << chain_->address(2) << ",H-2,\"Le \"\"Moulin\"\" SARL\",Lyon\r\n";
    const std::string file = out("acme_ids.csv");
    AuditRun r = run({"register", "--asset", "ACME", "--identities", ids, "--out", file});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string text = read_text(file);
    EXPECT_NE(text.find(",H-0,\"Durand, Marie\",\"1 rue de la Paix\n75002 Paris\"\r\n"), std::string::npos) << text;
    EXPECT_NE(text.find(",H-2,\"Le \"\"Moulin\"\" SARL\",Lyon\r\n"), std::string::npos) << text;
    json m = manifest(file);
    EXPECT_EQ(m["identities"]["holders_identified"], 2);
    EXPECT_EQ(m["identities"]["holders_unidentified"], 2);
    expect_file(file, "register_acme_identities.csv");
}

TEST_F(export_register, JsonFormatHasTheSameRows) {
    const std::string file = out("bond.json");
    ASSERT_EQ(run({"register", "--asset", "BOND", "--format", "json", "--out", file}).code, 0);
    json j = json::parse(read_text(file));
    ASSERT_EQ(j["rows"].size(), 2u);
    EXPECT_EQ(j["columns"][0], "asset");
    EXPECT_EQ(j["rows"][0]["height"], 5);  // an integer column is a number
    EXPECT_TRUE(j["rows"][1]["amount"].is_string());
    EXPECT_EQ(manifest(file)["format"], "json");
    EXPECT_EQ(manifest(file)["supply"], "102.50");
}

TEST_F(export_register, VerifyReplaysAndExportsTheSameFile) {
    const std::string plain = out("plain.csv"), verified = out("verified.csv");
    ASSERT_EQ(run({"register", "--asset", "ACME", "--height", "4", "--out", plain}).code, 0);
    AuditRun r = run({"register", "--asset", "ACME", "--height", "4", "--verify", "--out", verified});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(read_text(plain), read_text(verified));
    json m = manifest(verified);
    EXPECT_EQ(m["verified"], true);
    EXPECT_EQ(m["supply_source"], "asset record at block 4");  // the replay's head is block 4
    EXPECT_EQ(m["block_hash"], manifest(plain)["block_hash"]);
}

TEST_F(export_movements, EveryMovementWithTheBalancesAfterIt) {
    const std::string file = out("mov.csv");
    AuditRun r = run({"movements", "--asset", "ACME", "--out", file});
    ASSERT_EQ(r.code, 0) << r.err;
    auto rows = csv_rows(file);
    std::vector<std::string> seqs, types;
    for (const auto& row : rows) {
        seqs.push_back(row.at("seq"));
        types.push_back(row.at("type"));
    }
    EXPECT_EQ(seqs, (std::vector<std::string>{"0.0.0.0", "0.0.0.1", "1.0.0", "2.0.0", "4.0.0", "4.1.0", "4.2.0",
                                              "5.0.0", "5.0.1", "5.1.0.0", "5.1.0.1"}));
    EXPECT_EQ(types, (std::vector<std::string>{"genesis", "genesis", "issue", "transfer", "forced_transfer", "issue",
                                               "burn", "transfer", "transfer", "issue", "issue"}));
    const auto& transfer = rows[3];
    EXPECT_EQ(transfer.at("from"), chain_->address(0));
    EXPECT_EQ(transfer.at("to"), chain_->address(1));
    EXPECT_EQ(transfer.at("from_balance_after"), "900");
    EXPECT_EQ(transfer.at("to_balance_after"), "600");
    EXPECT_EQ(transfer.at("client_ref"), "ord-1");
    EXPECT_EQ(transfer.at("memo"), "invoice 7, \"paid\"");
    EXPECT_EQ(transfer.at("date"), "2025-11-24T16:00:02.000Z");
    const auto& forced = rows[4];
    EXPECT_EQ(forced.at("legal_ref").substr(0, 4), "aa00");
    EXPECT_EQ(forced.at("to_balance_after"), "610");
    EXPECT_EQ(rows[6].at("from_balance_after"), "15");  // the registrar burned 5 of its 20
    EXPECT_EQ(rows[6].at("to"), "");
    json m = manifest(file);
    EXPECT_EQ(m["totals"]["genesis"], "1500");
    EXPECT_EQ(m["totals"]["issued"], "334");
    EXPECT_EQ(m["totals"]["burned"], "5");
    EXPECT_EQ(m["totals"]["failed"], 0);
    EXPECT_EQ(m["supply"], "1829");
    expect_file(file, "movements_acme.csv");
}

TEST_F(export_movements, FailedTxsOnlyWithIncludeFailed) {
    const std::string file = out("mov_failed.csv");
    ASSERT_EQ(run({"movements", "--asset", "ACME", "--from", "1", "--to", "2", "--include-failed", "--out", file}).code, 0);
    auto rows = csv_rows(file);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1].at("seq"), "1.1.0");
    EXPECT_EQ(rows[1].at("status"), "failed");
    EXPECT_EQ(rows[1].at("reason"), "KYC_REQUIRED");
    EXPECT_EQ(rows[1].at("to_balance_after"), "0");  // rolled back
    EXPECT_EQ(rows[0].at("status"), "committed");
    EXPECT_EQ(manifest(file)["totals"]["failed"], 1);
    EXPECT_EQ(manifest(file)["totals"]["supply_at_start"], "1500");
}

TEST_F(export_movements, ARangeStartsFromTheBalancesBeforeIt) {
    const std::string file = out("mov45.csv");
    ASSERT_EQ(run({"movements", "--asset", "ACME", "--from", "4", "--out", file}).code, 0);
    auto rows = csv_rows(file);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0].at("seq"), "4.0.0");
    EXPECT_EQ(rows[0].at("from_balance_after"), "290");
    EXPECT_EQ(manifest(file)["from_height"], 4);
}

TEST_F(export_statement, OpeningMovementsAndClosingPerAsset) {
    const std::string file = out("st.csv");
    AuditRun r = run({"statement", "--account", chain_->address(1), "--from", "2", "--out", file});
    ASSERT_EQ(r.code, 0) << r.err;
    auto rows = csv_rows(file);
    std::vector<std::string> summary;
    for (const auto& row : rows) summary.push_back(row.at("asset") + " " + row.at("type") + " " + row.at("balance_after"));
    // h1 never held BOND (its BOND transfer failed): only ACME.
    EXPECT_EQ(summary, (std::vector<std::string>{"ACME opening 500", "ACME transfer 600", "ACME forced_transfer 610",
                                                 "ACME transfer 609", "ACME transfer 607", "ACME issue 614",
                                                 "ACME closing 614"}));
    EXPECT_EQ(rows.front().at("height"), "1");
    json m = manifest(file);
    ASSERT_EQ(m["totals"]["assets"].size(), 1u);
    EXPECT_EQ(m["totals"]["assets"][0]["credits"], "117");
    EXPECT_EQ(m["totals"]["assets"][0]["debits"], "3");
    expect_file(file, "statement_h1_from2.csv");
}

TEST_F(export_statement, FromTheGenesisEveryAssetHeld) {
    const std::string file = out("st0.csv");
    ASSERT_EQ(run({"statement", "--account", chain_->address(0), "--out", file}).code, 0);
    auto rows = csv_rows(file);
    ASSERT_GE(rows.size(), 4u);
    EXPECT_EQ(rows[0].at("type"), "opening");
    EXPECT_EQ(rows[0].at("balance_after"), "0");
    EXPECT_EQ(rows[1].at("type"), "genesis");
    EXPECT_EQ(rows.back().at("asset"), "BOND");
    EXPECT_EQ(rows.back().at("balance_after"), "100.00");
}

TEST_F(export_refusals, UnknownNamesAndHeightsOutOfBoundsAreUsageErrors) {
    EXPECT_EQ(run({"register", "--asset", "NOPE", "--out", out("x")}).code, kExitUsage);
    EXPECT_EQ(run({"register", "--asset", "ACME", "--height", "6", "--out", out("x")}).code, kExitUsage);
    EXPECT_EQ(run({"movements", "--asset", "ACME", "--from", "4", "--to", "3", "--out", out("x")}).code, kExitUsage);
    AuditRun bad = run({"statement", "--account", "folio1nothing", "--out", out("x")});
    EXPECT_EQ(bad.code, kExitUsage);
    EXPECT_NE(bad.err.find("not a Folio address"), std::string::npos) << bad.err;
    EXPECT_EQ(audit({"register", "--asset", "ACME", "--out", out("x")}).code, kExitUsage);  // no source
    EXPECT_EQ(run({"register", "--asset", "ACME"}).code, kExitUsage);                        // no --out
    EXPECT_FALSE(fs::exists(out("x")));
}

TEST_F(export_refusals, AMalformedIdentitiesFileNamesTheLineAndColumn) {
    const std::string ids = out("ids.csv");
    std::ofstream(ids) << "address,holder_ref,name,postal_address\n" << chain_->address(0) << ",H-0,\"open\n";
    AuditRun r = run({"register", "--asset", "ACME", "--identities", ids, "--out", out("x")});
    EXPECT_EQ(r.code, kExitUsage);
    EXPECT_NE(r.err.find(ids + ":2:"), std::string::npos) << r.err;
    std::ofstream(ids) << "address,holder_ref,name,postal_address\nfolio1bad,H,N,A\n";
    r = run({"register", "--asset", "ACME", "--identities", ids, "--out", out("x")});
    EXPECT_NE(r.err.find(ids + ":2:1: not a Folio address"), std::string::npos) << r.err;
}

// A holding changed in the balance history at the head: the rows no longer sum to the asset record.
TEST_F(export_refusals, AChangedHoldingAtTheHeadIsADiscrepancyAndNothingIsWritten) {
    const std::string dir = copy_of_datadir();
    {
        leveldb::DB* db = nullptr;
        ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir + "/chain", &db).ok());
        std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
        it->Seek("v");  // the first balance version of asset 1: its newest
        ASSERT_TRUE(it->Valid() && it->key()[0] == 'v');
        Balance b;
        ASSERT_TRUE(Balance::decode(ByteView(reinterpret_cast<const uint8_t*>(it->value().data()), it->value().size()), b));
        b.amount += 1;
        const Bytes v = b.encode();
        ASSERT_TRUE(db->Put(leveldb::WriteOptions(), it->key(), std::string(v.begin(), v.end())).ok());
        it.reset();
        delete db;
    }
    const std::string file = out("damaged.csv");
    AuditRun r = run({"register", "--asset", "ACME", "--out", file}, dir);
    EXPECT_EQ(r.code, kExitDiscrepancy) << r.err;
    EXPECT_FALSE(fs::exists(file));
    EXPECT_FALSE(fs::exists(file + ".manifest.json"));
}

// A balance version of a past block changed: the movements of that block no longer lead to it.
TEST_F(export_refusals, AChangedPastBalanceIsNamedByTheMovements) {
    const std::string dir = copy_of_datadir();
    {
        leveldb::DB* db = nullptr;
        ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir + "/chain", &db).ok());
        // h2's ACME (asset 1) version of block 1 (~1): 300 -> 301.
        Bytes k{'v', 0, 0, 0, 1};
        const AccountId h2 = chain_->accounts()[2];
        k.insert(k.end(), h2.begin(), h2.end());
        for (int i = 7; i >= 0; --i) k.push_back(static_cast<uint8_t>((UINT64_MAX - 1) >> (8 * i)));
        Balance b{301, 0, 0};
        const Bytes v = b.encode();
        ASSERT_TRUE(db->Put(leveldb::WriteOptions(), std::string(k.begin(), k.end()), std::string(v.begin(), v.end())).ok());
        delete db;
    }
    const std::string file = out("mov.csv");
    AuditRun r = run({"movements", "--asset", "ACME", "--out", file}, dir);
    EXPECT_EQ(r.code, kExitDiscrepancy) << r.err;
    EXPECT_NE(r.err.find("block 1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(chain_->address(2)), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(file));
    // --verify exports from the replay, which the damage does not reach.
    AuditRun v = run({"movements", "--asset", "ACME", "--verify", "--out", file}, dir);
    EXPECT_EQ(v.code, 0) << v.err;
}

// Bytes changed in a table file: the open or the first read fails, naming the file or the key it read, exit 1.
TEST_F(export_refusals, DamagedTableBytesNameTheFile) {
    const std::string dir = copy_of_datadir();
    {
        // Reopening moves the log into a table file.
        leveldb::DB* db = nullptr;
        leveldb::Options o;
        o.compression = leveldb::kNoCompression;
        ASSERT_TRUE(leveldb::DB::Open(o, dir + "/chain", &db).ok());
        db->CompactRange(nullptr, nullptr);
        delete db;
    }
    std::vector<fs::path> tables;
    for (const auto& e : fs::directory_iterator(dir + "/chain")) {
        if (e.path().extension() == ".ldb") tables.push_back(e.path());
    }
    ASSERT_FALSE(tables.empty());
    for (const auto& t : tables) {
        std::fstream f(t, std::ios::in | std::ios::out | std::ios::binary);
        for (std::streamoff off = 100; off < static_cast<std::streamoff>(fs::file_size(t)) - 100; off += 512) {
            f.seekp(off);
            f.put('\x5a');
        }
    }
    const std::string file = out("t.csv");
    AuditRun r = run({"register", "--asset", "ACME", "--out", file}, dir);
    EXPECT_EQ(r.code, kExitDiscrepancy) << r.err;
    EXPECT_TRUE(r.err.find(".ldb") != std::string::npos || r.err.find("(key ") != std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Corruption"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(file));
}

TEST_F(export_refusals, AMissingTableFileIsNamed) {
    const std::string dir = copy_of_datadir();
    {
        leveldb::DB* db = nullptr;
        ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir + "/chain", &db).ok());
        db->CompactRange(nullptr, nullptr);
        delete db;
    }
    fs::path table;
    for (const auto& e : fs::directory_iterator(dir + "/chain")) {
        if (e.path().extension() == ".ldb") table = e.path();
    }
    ASSERT_FALSE(table.empty());
    fs::remove(table);
    const std::string file = out("m.csv");
    AuditRun r = run({"register", "--asset", "ACME", "--out", file}, dir);
    EXPECT_EQ(r.code, kExitDiscrepancy) << r.err;
    EXPECT_NE(r.err.find(table.filename().string()), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(file));
}

// A state leaf changed: the rebuilt state no longer has the head's state_root.
TEST_F(export_refusals, AChangedStateLeafFailsTheRootCheck) {
    const std::string dir = copy_of_datadir();
    flip_last_byte_of_first_record(dir + "/chain", std::string("s\x03", 2));  // an asset record
    AuditRun r = run({"register", "--asset", "ACME", "--out", out("s.csv")}, dir);
    EXPECT_EQ(r.code, kExitDiscrepancy) << r.err;
    EXPECT_NE(r.err.find("state_root"), std::string::npos) << r.err;
}

TEST_F(export_refusals, ARunningNodesDatadirExitsThree) {
    const std::string dir = copy_of_datadir();
    leveldb::DB* db = nullptr;
    ASSERT_TRUE(leveldb::DB::Open(leveldb::Options(), dir + "/chain", &db).ok());  // holds the LOCK
    AuditRun r = run({"register", "--asset", "ACME", "--out", out("l.csv")}, dir);
    delete db;
    EXPECT_EQ(r.code, kExitUnreadable) << r.err;
    EXPECT_NE(r.err.find("node running"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace folio::audit::test
