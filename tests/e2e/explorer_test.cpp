// Scenario: the /explorer register page in a real browser. Debian's chromium, headless, loads the page from a
// dev node and dumps the DOM once the page has drawn (--virtual-time-budget lets its fetches and WebCrypto
// finish first); the tests read what a user would see: latest blocks, a block, a tx whose memo is HTML (shown
// as text, never run), an asset's register now and at a past height with its supply, an account's holdings
// whose proofs the page verifies, certificates included (and refuses when a lying node alters one), and the
// token prompt of a node without anonymous reads. Chromium is required (scripts/setup.sh installs it):
// without it the tests fail.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "tests/e2e/harness.h"
#include "tests/e2e/rewrite_proxy.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

// Runs the page's own script if the memo were parsed as HTML: the test then sees data-pwned on <body>.
const std::string kHtmlMemo = "<img src=x onerror=\"document.body.dataset.pwned='yes'\"> & <b>bold</b>";

std::string chromium_path() {
    if (const char* env = std::getenv("CHROMIUM"); env != nullptr && *env != '\0') return env;
    for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
        if (std::filesystem::exists(p)) return p;
    }
    throw Failure(
        "chromium not found (set CHROMIUM or run scripts/setup.sh, which installs Debian's chromium)");
}

// The DOM of `url` after the page has drawn, as headless chromium serializes it.
std::string rendered_dom(const std::string& url, const std::string& scratch) {
    static std::atomic<int> runs{0};
    const std::string profile = scratch + "/chromium-" + std::to_string(runs++);
    ProcessResult r =
        run_process(chromium_path(),
                    {"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                     "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=30000",
                     "--dump-dom", url},
                    {{"HOME", scratch}}, scratch, std::chrono::seconds(120));
    if (r.exit_code != 0 || r.out.find("<body") == std::string::npos) {
        throw Failure("chromium " + url + ": " + r.describe());
    }
    return r.out;
}

std::string body_attribute(const std::string& dom, const std::string& name) {
    std::smatch m;
    if (!std::regex_search(dom, m, std::regex("<body[^>]*\\s" + name + "=\"([^\"]*)\""))) return "";
    return m[1];
}

// The serialized content of the element with this id (its text, escaped as the DOM serializer escapes it).
std::string content_of_id(const std::string& dom, const std::string& id) {
    std::smatch m;
    if (!std::regex_search(dom, m, std::regex("id=\"" + id + "\"[^>]*>([^<]*)<"))) return "(no #" + id + ")";
    return m[1];
}

size_t count_of(const std::string& dom, const std::string& needle) {
    size_t n = 0;
    for (size_t at = dom.find(needle); at != std::string::npos; at = dom.find(needle, at + 1)) ++n;
    return n;
}

// A node that lets anonymous callers read, with ACME held by alice (7, at `funded_height`) and then issued to
// bob (3) by a tx whose memo is HTML.
Pair start_and_fund(FoliodNode& node) {
    node.configure({{"rpc_anonymous_scope", "read"}});
    node.start();
    return fund_pair(node, "ACME", "7");
}

struct Register {
    FoliodNode node;
    Pair pair;
    uint64_t funded_height = 0;
    std::string memo_tx;
    uint64_t memo_height = 0;

    Register() : pair(start_and_fund(node)) {
        funded_height = node.call("chain_status").at("height").get<uint64_t>();
        memo_tx =
            node.call("tx_sign_submit", {{"key", "issuer"},
                                         {"ops", json::array({issue_op("ACME", {{pair.bob.address, "3"}})})},
                                         {"memo", kHtmlMemo}})
                .at("tx_hash")
                .get<std::string>();
        memo_height = wait_committed(node, memo_tx).at("height").get<uint64_t>();
    }

    std::string page(const std::string& fragment) {
        return rendered_dom(node.url() + "/explorer#" + fragment, node.dir());
    }
};

TEST(e2e_explorer, LatestBlocksAreListedFromTheHead) {
    Register reg;
    const uint64_t head = reg.node.call("chain_status").at("height").get<uint64_t>();
    const std::string dom = reg.page("/");
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_NE(dom.find("Latest blocks"), std::string::npos);
    EXPECT_NE(dom.find("href=\"#/block/" + std::to_string(head) + "\""), std::string::npos) << dom;
    EXPECT_NE(dom.find("href=\"#/block/" + std::to_string(reg.memo_height) + "\""), std::string::npos);
}

TEST(e2e_explorer, LatestBlocksAreListedByANodeThatRefusesLongBatches) {
    FoliodNode node;
    node.configure({{"rpc_anonymous_scope", "read"}, {"rpc_max_batch", 2}});
    node.start();
    fund_pair(node, "ACME", "7");
    const uint64_t head = node.call("chain_status").at("height").get<uint64_t>();
    const std::string dom = rendered_dom(node.url() + "/explorer#/", node.dir());
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_NE(dom.find("href=\"#/block/" + std::to_string(head) + "\""), std::string::npos) << dom;
    EXPECT_NE(dom.find("href=\"#/block/0\""), std::string::npos) << dom;
}

TEST(e2e_explorer, TxMemoWrittenInHtmlIsShownLiterally) {
    Register reg;
    const std::string dom = reg.page("/tx/" + reg.memo_tx);
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_EQ(content_of_id(dom, "memo"),
              "&lt;img src=x onerror=\"document.body.dataset.pwned='yes'\"&gt; &amp; &lt;b&gt;bold&lt;/b&gt;")
        << dom;
    EXPECT_EQ(dom.find("<img"), std::string::npos) << dom;
    EXPECT_EQ(dom.find("<b>bold"), std::string::npos) << dom;
    EXPECT_EQ(body_attribute(dom, "data-pwned"), "");
    EXPECT_NE(dom.find(reg.pair.bob.address), std::string::npos) << "the issue op's recipient";
}

TEST(e2e_explorer, BlockShowsItsTxsAndTheCertificatePower) {
    Register reg;
    const std::string dom = reg.page("/block/" + std::to_string(reg.memo_height));
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_NE(dom.find("href=\"#/tx/" + reg.memo_tx + "\""), std::string::npos) << dom;
    EXPECT_NE(dom.find("&lt;img src=x"), std::string::npos) << "memo column";
    EXPECT_EQ(content_of_id(dom, "certificate"), "") << "starts with the verified mark";
    EXPECT_NE(dom.find("<span class=\"ok\">verified</span> round 0, 1 precommits, power 1 of 1"),
              std::string::npos)
        << dom;  // the dev chain's one validator
}

TEST(e2e_explorer, AssetRegisterAtTheHeadListsEveryHolderAndTheSupply) {
    Register reg;
    const std::string dom = reg.page("/asset/ACME");
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_NE(dom.find(reg.pair.alice.address), std::string::npos) << dom;
    EXPECT_NE(dom.find(reg.pair.bob.address), std::string::npos) << dom;
    EXPECT_EQ(content_of_id(dom, "supply"), "10") << dom;
}

TEST(e2e_explorer, AssetRegisterAtAPastHeightIsThatHeights) {
    Register reg;
    const std::string dom = reg.page("/asset/ACME?height=" + std::to_string(reg.funded_height));
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_NE(dom.find("Register at height " + std::to_string(reg.funded_height)), std::string::npos) << dom;
    EXPECT_NE(dom.find(reg.pair.alice.address), std::string::npos) << dom;
    EXPECT_EQ(dom.find("#/account/" + reg.pair.bob.address), std::string::npos) << "bob held nothing then";
    EXPECT_TRUE(content_of_id(dom, "supply").starts_with("7")) << content_of_id(dom, "supply");
}

TEST(e2e_explorer, AccountHoldingIsVerifiedInThePageAgainstTheStateRoot) {
    Register reg;
    const std::string dom = reg.page("/account/" + reg.pair.bob.address);
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    const std::string state_root =
        reg.node.call("block_get", {{"height", reg.memo_height}, {"include_txs", false}})
            .at("header")
            .at("state_root")
            .get<std::string>();
    EXPECT_EQ(count_of(dom, "class=\"ok\">verified<"), 1u) << dom;
    EXPECT_EQ(count_of(dom, "NOT verified"), 0u) << dom;
    EXPECT_NE(dom.find("certificate power 1 of 1"), std::string::npos) << dom;
    EXPECT_NE(dom.find("balance: value proven"), std::string::npos) << dom;
    EXPECT_NE(dom.find("1 BIP340 precommits verified"), std::string::npos) << dom;
    EXPECT_NE(dom.find(state_root.substr(0, 10)), std::string::npos) << dom;
}

// A node that lies about one byte of a balance: the page must say the holding is not verified.
TEST(e2e_explorer, HoldingWhoseProofANodeAlteredIsNotVerified) {
    Register reg;
    std::atomic<int> altered{0};
    RewriteProxy liar(reg.node.url(), [&altered](const std::string& request, rpc::HttpReply& reply) {
        if (request.find("\"proof_holding\"") == std::string::npos) return;
        json doc = json::parse(reply.body, nullptr, false);
        if (!doc.is_object() || !doc.contains("result")) return;
        json& value = doc["result"]["entries"]["balance"]["value"];
        if (!value.is_string()) return;
        std::string hex = value.get<std::string>();
        hex[3] = hex[3] == '0' ? '1' : '0';  // the low byte of the amount
        value = hex;
        reply.body = doc.dump();
        ++altered;
    });
    const std::string dom =
        rendered_dom(liar.url() + "/explorer#/account/" + reg.pair.bob.address, reg.node.dir());
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_GE(altered.load(), 1);
    EXPECT_EQ(count_of(dom, "class=\"ok\">verified<"), 0u) << dom;
    EXPECT_NE(dom.find("NOT verified"), std::string::npos) << dom;
    EXPECT_NE(dom.find("balance: the Merkle path does not end at the state root"), std::string::npos) << dom;
}

// A node that lies about one byte of a block's certificate (the last byte of a precommit signature).
TEST(e2e_explorer, BlockWhoseCertificateANodeAlteredIsNotVerified) {
    Register reg;
    std::atomic<int> altered{0};
    RewriteProxy liar(reg.node.url(), [&altered](const std::string& request, rpc::HttpReply& reply) {
        if (request.find("\"block_get\"") == std::string::npos) return;
        json doc = json::parse(reply.body, nullptr, false);
        if (!doc.is_object() || !doc.contains("result") || !doc["result"]["commit_hex"].is_string()) return;
        std::string hex = doc["result"]["commit_hex"].get<std::string>();
        hex.back() = hex.back() == '0' ? '1' : '0';
        doc["result"]["commit_hex"] = hex;
        reply.body = doc.dump();
        ++altered;
    });
    const std::string dom =
        rendered_dom(liar.url() + "/explorer#/block/" + std::to_string(reg.memo_height), reg.node.dir());
    ASSERT_EQ(body_attribute(dom, "data-state"), "ready") << dom;
    EXPECT_GE(altered.load(), 1);
    EXPECT_NE(dom.find("NOT verified</span> commit: the precommit of validator"), std::string::npos) << dom;
    EXPECT_EQ(dom.find("class=\"ok\">verified<"), std::string::npos) << dom;
}

TEST(e2e_explorer, NodeWithoutAnonymousReadsAsksForAToken) {
    FoliodNode node;
    node.start();
    const std::string dom = rendered_dom(node.url() + "/explorer#/", node.dir());
    EXPECT_EQ(body_attribute(dom, "data-state"), "token") << dom;
    EXPECT_NE(dom.find("id=\"token-form\""), std::string::npos) << dom;
    EXPECT_NE(dom.find("type=\"password\""), std::string::npos) << dom;
    EXPECT_EQ(dom.find("Latest blocks"), std::string::npos) << dom;
}

}  // namespace
}  // namespace folio::e2e
