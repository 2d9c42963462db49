// Scenario: DATADIR/audit.log records who submitted what: one JSON line per accepted submission (tx_submit
// with a platform's token, tx_sign_submit with the admin token) with time, token name, tx hash, signer and
// client_ref, on disk by the time its block is committed; a refused or repeated submission adds none.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

std::vector<json> audit_lines(const FoliodNode& node) {
    std::vector<json> out;
    std::istringstream in(read_file(node.datadir() + "/audit.log"));
    for (std::string line; std::getline(in, line);) {
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) throw Failure("audit.log: not a JSON line: " + line);
        out.push_back(std::move(j));
    }
    return out;
}

const json* line_for(const std::vector<json>& lines, const std::string& tx_hash) {
    for (const auto& l : lines) {
        if (l.value("tx_hash", "") == tx_hash) return &l;
    }
    return nullptr;
}

TEST(e2e_audit, EachAcceptedSubmissionHasALineWithItsTokenNameOnDiskWhenCommitted) {
    FoliodNode node;
    const std::string platform_token = node.create_token("submit");  // named e2e-submit
    node.start();
    const Pair pair = fund_pair(node, "ACME", "100");  // tx_sign_submit with the admin token

    const json built =
        build_transfer(node, pair.alice, "ACME", pair.bob.address, "5", std::nullopt, "order-42");
    auto platform = node.client(platform_token);
    auto submitted = platform->call(
        "tx_submit", {{"tx", built.at("tx")}, {"signatures", signatures_for(built, pair.alice)}});
    ASSERT_TRUE(submitted) << submitted.error().message;
    const std::string hash = submitted->at("tx_hash");
    wait_committed(node, hash);

    // Read as soon as tx_wait says committed: the line was fsynced before the block was.
    const std::vector<json> lines = audit_lines(node);
    const json* line = line_for(lines, hash);
    ASSERT_NE(line, nullptr) << read_file(node.datadir() + "/audit.log");
    EXPECT_EQ(line->at("token"), "e2e-submit");
    EXPECT_EQ(line->at("method"), "tx_submit");
    EXPECT_EQ(line->at("signer"), pair.alice.address);
    EXPECT_EQ(line->at("client_ref"), "order-42");
    EXPECT_GT(line->at("time_ms").get<uint64_t>(), 0u);
    EXPECT_EQ(line->at("time").get<std::string>().back(), 'Z');

    // fund_pair's txs were tx_sign_submit calls with the admin token: each has its line, named "admin".
    size_t sign_submits = 0;
    for (const auto& l : lines) {
        if (l.at("method") == "tx_sign_submit") {
            ++sign_submits;
            EXPECT_EQ(l.at("token"), "admin") << l.dump();
            EXPECT_TRUE(l.at("client_ref").is_null()) << l.dump();
        }
    }
    EXPECT_GE(sign_submits, 2u);  // fund_pair: the registration with KYC, and the asset's creation and issue

    // A resubmission changes nothing and adds no line; a refused tx adds none either.
    auto again = platform->call("tx_submit",
                                {{"tx", built.at("tx")}, {"signatures", signatures_for(built, pair.alice)}});
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->at("already_known").get<bool>());
    const json too_much = build_transfer(node, pair.bob, "ACME", pair.alice.address, "1000");
    auto refused = platform->call(
        "tx_submit", {{"tx", too_much.at("tx")}, {"signatures", signatures_for(too_much, pair.bob)}});
    ASSERT_FALSE(refused);
    node.stop();  // flushes whatever is buffered
    const std::vector<json> after = audit_lines(node);
    EXPECT_EQ(after.size(), lines.size());
    EXPECT_EQ(line_for(after, too_much.at("sighash")), nullptr);
}

TEST(e2e_audit, AuditLogIsAppendedAcrossRestartsNeverRewritten) {
    FoliodNode node;
    node.start();
    const Pair pair = fund_pair(node, "ACME", "10");
    const std::string before = read_file(node.datadir() + "/audit.log");
    node.restart();
    issue(node, "ACME", {{pair.bob.address, "1"}});
    const std::string after = read_file(node.datadir() + "/audit.log");
    ASSERT_GT(after.size(), before.size());
    EXPECT_EQ(after.substr(0, before.size()), before);
}

}  // namespace
}  // namespace folio::e2e
