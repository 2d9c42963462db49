// The /explorer routes as foliod's HTTP handler serves them: without a token, with a Content-Security-Policy
// that runs no inline code, and with page files that never parse chain text as HTML.
#include <gtest/gtest.h>

#include <regex>

#include "explorer/explorer.h"
#include "rpc/http_handler.h"
#include "rpc/method.h"
#include "rpc/metrics.h"

namespace folio::explorer {
namespace {

class explorer_routes : public ::testing::Test {
  protected:
    explorer_routes() {
        rpc::ServerConfig config;
        config.get_routes = routes();
        auto table = std::make_shared<rpc::MethodTable>();
        handler = std::make_unique<rpc::HttpHandler>(config, table, rpc::TokenStore(),
                                                     std::make_shared<rpc::ServerMetrics>(*table));
    }

    rpc::HttpResponse get(const std::string& target, const std::string& method = "GET") const {
        rpc::HttpResponse out;
        handler->handle(rpc::HttpRequest{method, target, "", "", "127.0.0.1:5000"},
                        [&out](rpc::HttpResponse r) { out = std::move(r); });
        return out;
    }

    static std::string header(const rpc::HttpResponse& r, const std::string& name) {
        for (const auto& [k, v] : r.headers) {
            if (k == name) return v;
        }
        return "";
    }

    std::unique_ptr<rpc::HttpHandler> handler;
};

TEST_F(explorer_routes, PageIsServedWithoutATokenAsHtml) {
    rpc::HttpResponse r = get("/explorer");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("<title>Folio register</title>"), std::string::npos);
    EXPECT_EQ(get("/explorer/").body, r.body);
    EXPECT_EQ(get("/explorer?x=1").body, r.body);
}

TEST_F(explorer_routes, EveryAnswerCarriesTheContentSecurityPolicy) {
    for (const char* path : {"/explorer", "/explorer/app.js", "/explorer/app.css", "/explorer/missing"}) {
        rpc::HttpResponse r = get(path);
        EXPECT_TRUE(header(r, "Content-Security-Policy").starts_with("default-src 'self'")) << path;
        EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff") << path;
        EXPECT_EQ(header(r, "Referrer-Policy"), "no-referrer") << path;
    }
}

TEST_F(explorer_routes, ScriptsAndStyleAreServedAsSeparateFilesWithTheirTypes) {
    EXPECT_EQ(get("/explorer/app.js").content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(get("/explorer/proof.js").content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(get("/explorer/bip340.js").content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(get("/explorer/app.css").content_type, "text/css; charset=utf-8");
    EXPECT_NE(get("/explorer/app.js").body.find("textContent"), std::string::npos);
}

TEST_F(explorer_routes, UnknownFileBelowTheExplorerIsNotFound) {
    EXPECT_EQ(get("/explorer/nothing.js").status, 404);
    EXPECT_EQ(get("/explorer/../rpc-admin.token").status, 404);
    EXPECT_EQ(get("/explorer/app.js/").status, 404);
}

TEST_F(explorer_routes, PageOnlyAnswersGetAndHead) {
    EXPECT_EQ(get("/explorer", "HEAD").status, 200);
    EXPECT_EQ(get("/explorer", "POST").status, 405);
}

// The policy forbids inline code: the page must need none, or it would not run at all.
TEST_F(explorer_routes, PageHasNoInlineScriptStyleOrHandler) {
    const std::string html = get("/explorer").body;
    const std::regex script("<script([^>]*)>");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), script); it != std::sregex_iterator();
         ++it) {
        const std::string attrs = (*it)[1];
        EXPECT_NE(attrs.find("src=\"/explorer/"), std::string::npos) << "inline script: " << it->str();
    }
    EXPECT_EQ(html.find("<style"), std::string::npos);
    EXPECT_FALSE(std::regex_search(html, std::regex("\\s(style|on[a-z]+)\\s*=", std::regex::icase)));
}

// Chain text is inserted as text only: no API that parses a string as HTML or code appears in the scripts.
TEST_F(explorer_routes, ScriptsUseNoHtmlOrCodeParsingSink) {
    for (const char* path : {"/explorer/app.js", "/explorer/proof.js", "/explorer/bip340.js"}) {
        const std::string js = get(path).body;
        for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                                 "new Function", "DOMParser", "createContextualFragment"}) {
            EXPECT_EQ(js.find(sink), std::string::npos) << path << " uses " << sink;
        }
    }
}

}  // namespace
}  // namespace folio::explorer
