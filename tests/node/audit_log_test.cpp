// The audit log's lines, and that sync() puts every recorded line on disk, bounded buffering included.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chain/crypto/bech32m.h"
#include "node/audit_log.h"

namespace folio::node {
namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

AuditEntry entry(uint8_t n, std::optional<std::string> ref = std::nullopt) {
    AuditEntry e;
    e.time_ms = 1764614796123;
    e.token_name = "backend";
    e.method = "tx_submit";
    e.tx_hash.fill(n);
    e.signer.fill(static_cast<uint8_t>(n + 1));
    e.client_ref = std::move(ref);
    return e;
}

class AuditDir : public ::testing::Test {
  protected:
    AuditDir() {
        char tmpl[] = "/tmp/folio-audit-XXXXXX";
        if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir = tmpl;
        path = dir + "/audit.log";
    }
    ~AuditDir() override { std::filesystem::remove_all(dir); }
    std::string dir, path;
};

TEST(node_audit_line, LineIsOneJsonObjectWithWhoSubmittedWhat) {
    const std::string line = audit_line(entry(7, "order-42"));
    ASSERT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1);
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["time"], "2025-12-01T18:46:36.123Z");
    EXPECT_EQ(j["time_ms"], 1764614796123u);
    EXPECT_EQ(j["token"], "backend");
    EXPECT_EQ(j["method"], "tx_submit");
    std::string hash;
    for (int i = 0; i < 32; ++i) hash += "07";
    EXPECT_EQ(j["tx_hash"], hash);
    Hash256 signer;
    signer.fill(8);
    EXPECT_EQ(j["signer"], crypto::encode_address(signer));
    EXPECT_EQ(j["client_ref"], "order-42");
}

TEST(node_audit_line, MissingTokenNameAndClientRefAreNull) {
    AuditEntry e = entry(1);
    e.token_name.clear();
    const auto j = nlohmann::json::parse(audit_line(e));
    EXPECT_TRUE(j["token"].is_null());
    EXPECT_TRUE(j["client_ref"].is_null());
}

TEST_F(AuditDir, SyncWritesEveryRecordedLineInOrder) {
    auto log = AuditLog::open(path);
    ASSERT_TRUE(log) << log.error().message;
    (*log)->record(entry(1));
    (*log)->record(entry(2));
    EXPECT_EQ(read_all(path), "") << "buffered until sync";
    ASSERT_TRUE((*log)->sync());
    EXPECT_EQ(read_all(path), audit_line(entry(1)) + audit_line(entry(2)));
    ASSERT_TRUE((*log)->sync());  // nothing new: nothing written
    EXPECT_EQ(read_all(path), audit_line(entry(1)) + audit_line(entry(2)));
}

TEST_F(AuditDir, BufferPastItsBoundIsWrittenOutWithoutWaitingForSync) {
    auto log = AuditLog::open(path, 3);
    ASSERT_TRUE(log);
    for (uint8_t i = 0; i < 3; ++i) (*log)->record(entry(i));
    const std::string first_three = audit_line(entry(0)) + audit_line(entry(1)) + audit_line(entry(2));
    EXPECT_EQ(read_all(path), first_three);
    (*log)->record(entry(9));
    EXPECT_EQ(read_all(path), first_three);
    ASSERT_TRUE((*log)->sync());
    EXPECT_EQ(read_all(path), first_three + audit_line(entry(9)));
}

TEST_F(AuditDir, ReopenedLogAppendsAndIsOwnerOnly) {
    {
        auto log = AuditLog::open(path);
        ASSERT_TRUE(log);
        (*log)->record(entry(1));
    }  // the destructor syncs
    {
        auto log = AuditLog::open(path);
        ASSERT_TRUE(log);
        (*log)->record(entry(2));
        ASSERT_TRUE((*log)->sync());
    }
    EXPECT_EQ(read_all(path), audit_line(entry(1)) + audit_line(entry(2)));
    EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(AuditDir, UnopenableLogIsAnIoErrorNamingThePath) {
    auto log = AuditLog::open(dir + "/missing/audit.log");
    ASSERT_FALSE(log);
    EXPECT_EQ(log.reason(), Reason::IO_ERROR);
    EXPECT_NE(log.error().message.find("missing/audit.log"), std::string::npos);
}

}  // namespace
}  // namespace folio::node
