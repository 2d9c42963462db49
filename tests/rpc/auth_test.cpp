// Bearer tokens: format, stored records, constant-time check, and the HTTP answers 401 / 403 / 200.
#include <gtest/gtest.h>

#include "rpc/auth.h"
#include "rpc/http_handler.h"
#include "rpc/metrics.h"
#include "test_table.h"

namespace folio::rpc::test {
namespace {

using nlohmann::json;

TEST(rpc_auth, TokenIsPrefixedHexOf32RandomBytes) {
    NewToken a = make_token(Scope::Read, "backend");
    NewToken b = make_token(Scope::Read);
    EXPECT_EQ(a.plaintext.substr(0, 6), "folio_");
    EXPECT_EQ(a.plaintext.size(), 6u + 64u);
    EXPECT_TRUE(parse_token(a.plaintext).has_value());
    EXPECT_NE(a.plaintext, b.plaintext);
    EXPECT_NE(a.record.salt, b.record.salt);
    EXPECT_EQ(a.record.name, "backend");
}

TEST(rpc_auth, RecordStoresSaltedHashNeverTheToken) {
    NewToken t = make_token(Scope::Submit, "ops");
    json j = token_record_to_json(t.record);
    EXPECT_EQ(j["scope"], "submit");
    EXPECT_EQ(j["name"], "ops");
    EXPECT_EQ(j["salt"].get<std::string>().size(), 32u);
    EXPECT_EQ(j["hash"].get<std::string>().size(), 64u);
    EXPECT_EQ(j.dump().find(t.plaintext.substr(6)), std::string::npos);
    auto back = token_record_from_json(j);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->scope, Scope::Submit);
    EXPECT_EQ(back->salt, t.record.salt);
    EXPECT_EQ(back->hash, t.record.hash);
}

TEST(rpc_auth, MalformedRecordsAreRefused) {
    json good = token_record_to_json(make_token(Scope::Read).record);
    for (const char* field : {"scope", "salt", "hash"}) {
        json bad = good;
        bad.erase(field);
        EXPECT_EQ(token_record_from_json(bad).reason(), Reason::INVALID_ARGUMENT) << field;
    }
    json bad_scope = good;
    bad_scope["scope"] = "root";
    EXPECT_FALSE(token_record_from_json(bad_scope).ok());
    json short_salt = good;
    short_salt["salt"] = "abcd";
    EXPECT_FALSE(token_record_from_json(short_salt).ok());
    EXPECT_FALSE(TokenStore::from_json(json::array({good, bad_scope})).ok());
    EXPECT_TRUE(TokenStore::from_json(json::array({good})).ok());
}

TEST(rpc_auth, CheckFindsTheTokensScope) {
    NewToken read = make_token(Scope::Read);
    NewToken admin = make_token(Scope::Admin, "root");
    TokenStore store({read.record, admin.record});
    EXPECT_EQ(store.check("Bearer " + read.plaintext), Scope::Read);
    EXPECT_EQ(store.check("Bearer " + admin.plaintext), Scope::Admin);
    EXPECT_EQ(store.check("bearer  " + admin.plaintext), Scope::Admin);  // scheme is case-insensitive
    EXPECT_EQ(store.check("Bearer " + admin.plaintext.substr(6)), Scope::Admin);  // prefix optional
    EXPECT_EQ(store.identify("Bearer " + admin.plaintext)->name, "root");
}

TEST(rpc_auth, CheckRefusesWrongOrMalformedTokens) {
    NewToken read = make_token(Scope::Read);
    TokenStore store({read.record});
    std::string wrong_last = read.plaintext;
    wrong_last.back() = wrong_last.back() == '0' ? '1' : '0';
    std::string wrong_first = read.plaintext;
    wrong_first[6] = wrong_first[6] == '0' ? '1' : '0';
    EXPECT_FALSE(store.check("Bearer " + wrong_last));
    EXPECT_FALSE(store.check("Bearer " + wrong_first));
    EXPECT_FALSE(store.check(""));
    EXPECT_FALSE(store.check(read.plaintext));             // no scheme
    EXPECT_FALSE(store.check("Basic " + read.plaintext));  // other scheme
    EXPECT_FALSE(store.check("Bearer " + read.plaintext.substr(0, 40)));
    EXPECT_FALSE(store.check("Bearer " + read.plaintext + "00"));
    EXPECT_FALSE(TokenStore().check("Bearer " + read.plaintext));
}

TEST(rpc_auth, ConstantTimeCompareGoesThroughCryptoMemcmp) {
    // The compare path: token_matches hashes salt||token and compares the digests with constant_time_equal.
    Hash256 a{};
    Hash256 b{};
    EXPECT_TRUE(constant_time_equal(a, b));
    b[31] = 1;
    EXPECT_FALSE(constant_time_equal(a, b));
    b[31] = 0;
    b[0] = 1;
    EXPECT_FALSE(constant_time_equal(a, b));
    EXPECT_FALSE(constant_time_equal(ByteView(a.data(), 31), ByteView(b.data(), 32)));

    NewToken t = make_token(Scope::Read);
    auto token = parse_token(t.plaintext);
    ASSERT_TRUE(token);
    EXPECT_TRUE(token_matches(t.record, *token));
    (*token)[15] ^= 0x80;
    EXPECT_FALSE(token_matches(t.record, *token));
}

TEST(rpc_auth, ScopesNest) {
    EXPECT_TRUE(scope_allows(Scope::Admin, Scope::Submit));
    EXPECT_TRUE(scope_allows(Scope::Submit, Scope::Read));
    EXPECT_TRUE(scope_allows(Scope::Read, Scope::Public));
    EXPECT_FALSE(scope_allows(Scope::Read, Scope::Submit));
    EXPECT_FALSE(scope_allows(Scope::Public, Scope::Read));
    for (Scope s : {Scope::Public, Scope::Read, Scope::Submit, Scope::Admin}) {
        EXPECT_EQ(scope_from_name(scope_name(s)), s);
    }
    EXPECT_FALSE(scope_from_name("root"));
}

class rpc_auth_http : public ::testing::Test {
  protected:
    NewToken read = make_token(Scope::Read);
    NewToken submit = make_token(Scope::Submit);
    std::shared_ptr<MethodTable> table = make_test_table();
    HttpHandler handler{ServerConfig{}, table, TokenStore({read.record, submit.record}),
                        std::make_shared<ServerMetrics>(*table)};

    HttpResponse post(const std::string& token, const json& body) {
        HttpRequest req{"POST", "/", token.empty() ? "" : "Bearer " + token, body.dump(), ""};
        HttpResponse out;
        handler.handle(req, [&](HttpResponse r) { out = std::move(r); });
        return out;
    }
    static json transfer(int id) {
        return {{"jsonrpc", "2.0"}, {"id", id}, {"method", "transfer"}, {"params", {{"amount", "1"}}}};
    }
};

bool has_header(const HttpResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return true;
    }
    return false;
}

TEST_F(rpc_auth_http, NoTokenOnScopedMethodIs401WithChallenge) {
    HttpResponse r = post("", transfer(1));
    EXPECT_EQ(r.status, 401);
    EXPECT_TRUE(has_header(r, "WWW-Authenticate"));
    EXPECT_EQ(json::parse(r.body)["error"]["code"], -32002);
}

TEST_F(rpc_auth_http, TokenWithoutTheScopeIs403) {
    HttpResponse r = post(read.plaintext, transfer(1));
    EXPECT_EQ(r.status, 403);
    json body = json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], -32002);
    EXPECT_EQ(body["id"], 1);
}

TEST_F(rpc_auth_http, TokenWithTheScopeIs200) {
    HttpResponse r = post(submit.plaintext, transfer(1));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["result"]["ok"], true);
}

TEST_F(rpc_auth_http, UnknownTokenIs401EvenForPublicMethods) {
    HttpResponse r = post(make_token(Scope::Admin).plaintext,
                          {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "echo"}, {"params", {{"text", "a"}}}});
    EXPECT_EQ(r.status, 401);
    EXPECT_TRUE(has_header(r, "WWW-Authenticate"));
}

TEST_F(rpc_auth_http, PublicMethodNeedsNoToken) {
    HttpResponse r =
        post("", {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "echo"}, {"params", {{"text", "a"}}}});
    EXPECT_EQ(r.status, 200);
}

TEST_F(rpc_auth_http, BatchWithUnauthorizedCallIs200WithPerCallErrors) {
    json batch = json::array(
        {transfer(1), {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "echo"}, {"params", {{"text", "a"}}}}});
    HttpResponse r = post(read.plaintext, batch);
    EXPECT_EQ(r.status, 200);
    json body = json::parse(r.body);
    EXPECT_EQ(body[0]["error"]["code"], -32002);
    EXPECT_EQ(body[1]["result"]["text"], "a");
}

TEST_F(rpc_auth_http, TokensCanBeReplacedWhileRunning) {
    NewToken fresh = make_token(Scope::Submit);
    EXPECT_EQ(post(fresh.plaintext, transfer(1)).status, 401);
    handler.set_tokens(TokenStore({fresh.record}));
    EXPECT_EQ(post(fresh.plaintext, transfer(1)).status, 200);
    EXPECT_EQ(post(submit.plaintext, transfer(1)).status, 401);
}

TEST_F(rpc_auth_http, WebSocketUpgradeChecksTheToken) {
    auto ok = handler.authorize_upgrade(HttpRequest{"GET", "/ws", "Bearer " + read.plaintext, "", ""});
    ASSERT_TRUE(std::holds_alternative<Caller>(ok));
    EXPECT_EQ(std::get<Caller>(ok).scope, Scope::Read);
    auto anonymous = handler.authorize_upgrade(HttpRequest{"GET", "/ws", "", "", ""});
    ASSERT_TRUE(std::holds_alternative<Caller>(anonymous));
    EXPECT_EQ(std::get<Caller>(anonymous).scope, Scope::Public);
    auto bad = handler.authorize_upgrade(HttpRequest{"GET", "/ws", "Bearer nope", "", ""});
    ASSERT_TRUE(std::holds_alternative<HttpResponse>(bad));
    EXPECT_EQ(std::get<HttpResponse>(bad).status, 401);
}

}  // namespace
}  // namespace folio::rpc::test
