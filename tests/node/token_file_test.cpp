// DATADIR/rpc-tokens.json: the format, names, create and revoke, and the running node's watch over it.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "node/token_file.h"
#include "node/token_watch.h"

namespace folio::node {
namespace {

class TokenDir : public ::testing::Test {
  protected:
    TokenDir() {
        char tmpl[] = "/tmp/folio-tokens-XXXXXX";
        if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir = tmpl;
        path = dir + "/" + kTokenFileName;
    }
    ~TokenDir() override { std::filesystem::remove_all(dir); }
    std::string dir, path;
};

TEST(node_token_file, NamesAreOneTo64SafeCharacters) {
    EXPECT_TRUE(check_token_name("backend-1.prod_2"));
    EXPECT_FALSE(check_token_name(""));
    EXPECT_FALSE(check_token_name(std::string(65, 'a')));
    EXPECT_FALSE(check_token_name("a b"));
    EXPECT_FALSE(check_token_name("a\"b"));
    EXPECT_FALSE(check_token_name("naïve"));
}

TEST(node_token_file, AddedTokenIsStoredAsASaltedHashAndRoundTrips) {
    TokenFile file;
    auto plaintext = add_token(file, rpc::Scope::Submit, "platform", 1764614400000);
    ASSERT_TRUE(plaintext) << plaintext.error().message;
    const std::string text = token_file_to_text(file);
    EXPECT_EQ(text.find(plaintext->substr(6)), std::string::npos);
    auto parsed = parse_token_file(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->tokens.size(), 1u);
    EXPECT_EQ(parsed->tokens[0].record.name, "platform");
    EXPECT_EQ(parsed->tokens[0].record.scope, rpc::Scope::Submit);
    EXPECT_EQ(parsed->tokens[0].created_ms, 1764614400000u);
    auto token = rpc::parse_token(*plaintext);
    ASSERT_TRUE(token);
    EXPECT_TRUE(rpc::token_matches(parsed->tokens[0].record, *token));
}

TEST(node_token_file, NameUsedInTheFileOrElsewhereIsRefused) {
    TokenFile file;
    ASSERT_TRUE(add_token(file, rpc::Scope::Read, "a", 1));
    auto again = add_token(file, rpc::Scope::Read, "a", 2);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_FALSE(add_token(file, rpc::Scope::Read, "from-config", 2, {"from-config"}));
    EXPECT_EQ(file.tokens.size(), 1u);
}

TEST(node_token_file, RevokeRemovesOnlyThatTokenAndNotFoundOtherwise) {
    TokenFile file;
    ASSERT_TRUE(add_token(file, rpc::Scope::Read, "a", 1));
    ASSERT_TRUE(add_token(file, rpc::Scope::Admin, "b", 1));
    EXPECT_EQ(revoke_token(file, "nobody").reason(), Reason::NOT_FOUND);
    EXPECT_TRUE(revoke_token(file, "a"));
    ASSERT_EQ(file.tokens.size(), 1u);
    EXPECT_EQ(file.tokens[0].record.name, "b");
}

TEST(node_token_file, MalformedFilesAreRefusedNamingTheField) {
    EXPECT_FALSE(parse_token_file("[]"));
    EXPECT_FALSE(parse_token_file(R"({"version":2,"tokens":[]})"));
    EXPECT_FALSE(parse_token_file(R"({"version":1,"tokens":[],"extra":1})"));
    auto no_name = parse_token_file(
        R"({"version":1,"tokens":[{"scope":"read","salt":"00000000000000000000000000000000","hash":")" +
        std::string(64, '0') + R"("}]})");
    ASSERT_FALSE(no_name);
    EXPECT_NE(no_name.error().message.find("tokens[0].name"), std::string::npos) << no_name.error().message;
    TokenFile twice;
    ASSERT_TRUE(add_token(twice, rpc::Scope::Read, "a", 1));
    twice.tokens.push_back(twice.tokens[0]);
    auto dup = parse_token_file(token_file_to_text(twice));
    ASSERT_FALSE(dup);
    EXPECT_NE(dup.error().message.find("used twice"), std::string::npos) << dup.error().message;
}

TEST_F(TokenDir, MissingFileIsEmptyAndSavedFileIsOwnerOnly) {
    auto empty = load_token_file(path);
    ASSERT_TRUE(empty) << empty.error().message;
    EXPECT_TRUE(empty->tokens.empty());
    EXPECT_FALSE(empty->admin_token_issued);
    TokenFile file;
    file.admin_token_issued = true;
    ASSERT_TRUE(add_token(file, rpc::Scope::Read, "a", 1));
    ASSERT_TRUE(save_token_file(file, path));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto loaded = load_token_file(path);
    ASSERT_TRUE(loaded);
    EXPECT_TRUE(loaded->admin_token_issued);
}

TEST_F(TokenDir, WatchSeesACreatedAndARevokedTokenAtTheNextCall) {
    TokenFile file;
    auto plaintext = add_token(file, rpc::Scope::Read, "a", 1);
    ASSERT_TRUE(plaintext);
    const std::string header = "Bearer " + *plaintext;
    TokenWatch watch(path, {});
    EXPECT_FALSE(watch.current()->identify(header));
    ASSERT_TRUE(save_token_file(file, path));
    auto identity = watch.current()->identify(header);
    ASSERT_TRUE(identity);
    EXPECT_EQ(identity->name, "a");
    ASSERT_TRUE(revoke_token(file, "a"));
    ASSERT_TRUE(save_token_file(file, path));
    EXPECT_FALSE(watch.current()->identify(header));
}

TEST_F(TokenDir, WatchKeepsThePreviousTokensWhenTheFileIsDamaged) {
    TokenFile file;
    auto plaintext = add_token(file, rpc::Scope::Read, "a", 1);
    ASSERT_TRUE(save_token_file(file, path));
    TokenWatch watch(path, {});
    ASSERT_TRUE(watch.current()->identify("Bearer " + *plaintext));
    std::ofstream(path, std::ios::trunc) << "{not json";
    EXPECT_TRUE(watch.current()->identify("Bearer " + *plaintext));
    EXPECT_FALSE(watch.reload());
}

TEST_F(TokenDir, WatchServesConfigTokensBesideTheFileAndReplacesThem) {
    rpc::NewToken from_config = rpc::make_token(rpc::Scope::Admin, "cfg");
    TokenWatch watch(path, {from_config.record});
    EXPECT_TRUE(watch.current()->identify("Bearer " + from_config.plaintext));
    EXPECT_EQ(watch.config_token_count(), 1u);
    watch.set_config_tokens({});
    EXPECT_FALSE(watch.current()->identify("Bearer " + from_config.plaintext));
}

}  // namespace
}  // namespace folio::node
