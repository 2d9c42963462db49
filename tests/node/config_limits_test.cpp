// foliod's config keys for the RPC connection limits, and the open-file limit raised at start-up.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "node/config.h"
#include "node/open_files.h"

namespace folio::node {
namespace {

// A data directory holding only config.json with `text`, removed afterwards.
class ConfigDir {
  public:
    explicit ConfigDir(const std::string& text) {
        char tmpl[] = "/tmp/folio-config-XXXXXX";
        if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
        std::ofstream(path_ + "/config.json") << text;
    }
    ~ConfigDir() { std::filesystem::remove_all(path_); }
    Result<NodeConfig> load() const { return load_config(path_, ""); }

  private:
    std::string path_;
};

TEST(node_config, ConnectionLimitDefaultsKeepThePerIpCapWellBelowTheGlobalOne) {
    ConfigDir dir("{}");
    auto c = dir.load();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->rpc_max_connections_per_ip, 32u);
    EXPECT_EQ(c->rpc_first_request_timeout_ms, 2000u);
    EXPECT_LE(c->rpc_max_connections_per_ip * 4, c->rpc_max_connections);
    EXPECT_LT(c->rpc_first_request_timeout_ms, c->rpc_read_timeout_ms);
}

TEST(node_config, ConnectionLimitKeysAreReadAndSavedBack) {
    ConfigDir dir(R"({"rpc_max_connections_per_ip": 4, "rpc_first_request_timeout_ms": 750})");
    auto c = dir.load();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->rpc_max_connections_per_ip, 4u);
    EXPECT_EQ(c->rpc_first_request_timeout_ms, 750u);

    ASSERT_TRUE(save_config(*c, c->datadir + "/saved.json"));
    auto again = load_config(c->datadir, c->datadir + "/saved.json");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->rpc_max_connections_per_ip, 4u);
    EXPECT_EQ(again->rpc_first_request_timeout_ms, 750u);
}

TEST(node_config, ConnectionLimitsOutOfRangeAreRefusedNamingTheKey) {
    for (const std::string text :
         {R"({"rpc_max_connections_per_ip": 0})", R"({"rpc_max_connections_per_ip": -1})",
          R"({"rpc_first_request_timeout_ms": 99})", R"({"rpc_first_request_timeout_ms": "2000"})"}) {
        ConfigDir dir(text);
        auto c = dir.load();
        ASSERT_FALSE(c) << text;
        EXPECT_EQ(c.reason(), Reason::INVALID_ARGUMENT);
        const std::string key = text.substr(2, text.find('"', 2) - 2);
        EXPECT_NE(c.error().message.find(key), std::string::npos) << c.error().message;
    }
}

TEST(open_files, SoftLimitIsRaisedToTheHardLimit) {
    rlimit saved{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    if (saved.rlim_max == RLIM_INFINITY || saved.rlim_max < 128)
        GTEST_SKIP() << "no finite hard limit to raise to";
    rlimit low = saved;
    low.rlim_cur = 64;
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);

    auto raised = raise_open_file_limit();
    rlimit now{};
    ::getrlimit(RLIMIT_NOFILE, &now);
    ::setrlimit(RLIMIT_NOFILE, &saved);
    ASSERT_TRUE(raised) << raised.error().message;
    EXPECT_EQ(raised->before, 64u);
    EXPECT_EQ(raised->after, saved.rlim_max);
    EXPECT_EQ(now.rlim_cur, saved.rlim_max);
}

TEST(node_config, AnonymousScopeIsNoneByDefaultAndReadOnRequest) {
    auto defaults = ConfigDir("{}").load();
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->rpc_anonymous_scope, "none");
    auto read = ConfigDir(R"({"rpc_anonymous_scope": "read"})").load();
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->rpc_anonymous_scope, "read");
    // What the key said before "none" still means none.
    auto legacy = ConfigDir(R"({"rpc_anonymous_scope": "public"})").load();
    ASSERT_TRUE(legacy) << legacy.error().message;
    EXPECT_EQ(legacy->rpc_anonymous_scope, "none");
}

TEST(node_config, AnonymousScopeAboveReadIsRefusedNamingTheKey) {
    for (const char* value : {"submit", "admin", "READ", ""}) {
        auto c = ConfigDir(std::string(R"({"rpc_anonymous_scope": ")") + value + "\"}").load();
        ASSERT_FALSE(c) << value;
        EXPECT_NE(c.error().message.find("rpc_anonymous_scope"), std::string::npos) << c.error().message;
    }
}

}  // namespace
}  // namespace folio::node
