// foliod's p2p_* config keys (node/config_p2p.h): defaults, parsing, bounds and errors that name the key.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "node/config.h"

namespace folio::node {
namespace {

const std::string kKeyA = std::string(64, 'a');
const std::string kKeyB = std::string(64, 'b');

class ConfigDir {
  public:
    explicit ConfigDir(const std::string& text) {
        char tmpl[] = "/tmp/folio-config-p2p-XXXXXX";
        if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
        std::ofstream(path_ + "/config.json") << text;
    }
    ~ConfigDir() { std::filesystem::remove_all(path_); }
    Result<NodeConfig> load() const { return load_config(path_, ""); }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

std::string error_of(const std::string& text) {
    ConfigDir dir(text);
    auto c = dir.load();
    return c ? std::string("(accepted)") : c.error().message;
}

TEST(p2p_config, DefaultsListenNowhereAndKeepTheKeyInTheDataDirectory) {
    ConfigDir dir("{}");
    auto c = dir.load();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->p2p.bind, "");
    EXPECT_EQ(c->path(c->p2p.key_file), dir.path() + "/p2p_key.pem");
    EXPECT_TRUE(c->p2p.peers.empty());
    EXPECT_GE(c->p2p.max_message_bytes, size_t{16} << 20);
    EXPECT_LT(c->p2p.keepalive_interval_ms, c->p2p.idle_timeout_ms);
}

TEST(p2p_config, PeersAndObserverKeysAreReadAndSavedBack) {
    ConfigDir dir(R"({"p2p_bind": "0.0.0.0:26656", "p2p_key_file": "/etc/folio/p2p.pem",
        "p2p_peers": [{"address": "10.0.0.2:26656", "p2p_pubkey": ")" +
                  kKeyA + R"("},
                      {"address": "[::1]:26656", "p2p_pubkey": ")" +
                  kKeyB + R"("}],
        "p2p_observer_keys": [")" +
                  std::string(64, 'C') + R"("],
        "p2p_max_message_bytes": 1048576, "p2p_idle_timeout_ms": 9000, "p2p_rate_messages_per_s": 300})");
    auto c = dir.load();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->p2p.bind, "0.0.0.0:26656");
    EXPECT_EQ(c->path(c->p2p.key_file), "/etc/folio/p2p.pem");
    ASSERT_EQ(c->p2p.peers.size(), 2u);
    EXPECT_EQ(c->p2p.peers[1].address, "[::1]:26656");
    EXPECT_EQ(p2p::peer_key_hex(c->p2p.peers[0].p2p_pubkey), kKeyA);
    ASSERT_EQ(c->p2p.observer_keys.size(), 1u);
    EXPECT_EQ(p2p::peer_key_hex(c->p2p.observer_keys[0]), std::string(64, 'c'));
    EXPECT_EQ(c->p2p.max_message_bytes, 1048576u);
    EXPECT_EQ(c->p2p.rate_messages_per_s, 300u);

    ASSERT_TRUE(save_config(*c, dir.path() + "/saved.json"));
    auto again = load_config(dir.path(), dir.path() + "/saved.json");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->p2p.peers, c->p2p.peers);
    EXPECT_EQ(again->p2p.observer_keys, c->p2p.observer_keys);
    EXPECT_EQ(again->p2p.idle_timeout_ms, 9000u);
    EXPECT_EQ(again->p2p.bind, c->p2p.bind);
}

TEST(p2p_config, MalformedPeersAreRefusedNamingTheEntryAndField) {
    EXPECT_NE(error_of(R"({"p2p_peers": {}})").find("p2p_peers: must be an array"), std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_peers": [{"address": "10.0.0.2", "p2p_pubkey": ")" + kKeyA + R"("}]})")
                  .find("p2p_peers[0].address"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_peers": [{"address": "10.0.0.2:0", "p2p_pubkey": ")" + kKeyA + R"("}]})")
                  .find("p2p_peers[0].address"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_peers": [{"address": "h:1", "p2p_pubkey": "abcd"}]})")
                  .find("p2p_peers[0].p2p_pubkey"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_peers": [{"address": "h:1"}]})").find("needs both"), std::string::npos);
    EXPECT_NE(
        error_of(R"({"p2p_peers": [{"address": "h:1", "p2p_pubkey": ")" + kKeyA + R"(", "name": "x"}]})")
            .find("p2p_peers[0].name: unknown field"),
        std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_peers": [{"address": "h:1", "p2p_pubkey": ")" + kKeyA +
                       R"("}, {"address": "h:2", "p2p_pubkey": ")" + kKeyA + R"("}]})")
                  .find("p2p_peers[1].p2p_pubkey: listed twice"),
              std::string::npos);
}

TEST(p2p_config, MalformedObserverKeysAndBindAreRefused) {
    EXPECT_NE(error_of(R"({"p2p_observer_keys": ["xyz"]})").find("p2p_observer_keys[0]"), std::string::npos);
    EXPECT_NE(
        error_of(R"({"p2p_observer_keys": [")" + kKeyA + R"(", ")" + kKeyA + R"("]})").find("listed twice"),
        std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_bind": "26656"})").find("p2p_bind"), std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_bind": "127.0.0.1:70000"})").find("p2p_bind"), std::string::npos);
    EXPECT_EQ(error_of(R"({"p2p_bind": "127.0.0.1:0"})"), "(accepted)");
    EXPECT_NE(error_of(R"({"p2p_key_file": ""})").find("p2p_key_file"), std::string::npos);
}

TEST(p2p_config, LimitsOutOfRangeAreRefusedNamingTheKey) {
    for (const std::string key : {"p2p_max_message_bytes", "p2p_idle_timeout_ms", "p2p_rate_bytes_per_s",
                                  "p2p_send_queue_max_messages", "p2p_max_inbound"}) {
        const std::string message = error_of("{\"" + key + "\": 0}");
        EXPECT_NE(message.find(key + ": must be an integer"), std::string::npos) << message;
        EXPECT_NE(error_of("{\"" + key + "\": \"5\"}").find(key), std::string::npos);
    }
    EXPECT_NE(error_of(R"({"p2p_max_message_bytes": 536870912})").find("p2p_max_message_bytes"),
              std::string::npos);
}

TEST(p2p_config, LimitsThatContradictEachOtherAreRefused) {
    EXPECT_NE(error_of(R"({"p2p_idle_timeout_ms": 1000, "p2p_keepalive_interval_ms": 1000})")
                  .find("p2p_keepalive_interval_ms: must be below p2p_idle_timeout_ms"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_max_message_bytes": 134217728})").find("p2p_send_queue_max_bytes"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_max_message_bytes": 1048576, "p2p_rate_burst_bytes": 1048576})")
                  .find("p2p_rate_burst_bytes"),
              std::string::npos);
    EXPECT_NE(error_of(R"({"p2p_reconnect_min_ms": 5000, "p2p_reconnect_max_ms": 1000})")
                  .find("p2p_reconnect_min_ms"),
              std::string::npos);
}

TEST(p2p_config, UnknownP2pKeyIsRefused) {
    EXPECT_NE(error_of(R"({"p2p_peer": []})").find("p2p_peer: unknown configuration key"), std::string::npos);
}

}  // namespace
}  // namespace folio::node
