// An account's history as its holder reads it (wallet/history.h): only the ops that concern the account, each
// with its direction, amount, counterparty and memo, in words that leave the account's own address out.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "wallet/history.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

const std::string kMe = crypto::encode_address(Hash256{1});
const std::string kBob = crypto::encode_address(Hash256{2});
const std::string kCarol = crypto::encode_address(Hash256{3});
const std::string kPlatform = crypto::encode_address(Hash256{9});

json entry(const std::string& signer, json ops, const std::string& memo = "") {
    return {{"height", 7},
            {"index", 0},
            {"tx_hash", std::string(64, 'c')},
            {"time_ms", 1764000000000ULL},
            {"status", "committed"},
            {"signer", signer},
            {"nonce", 3},
            {"memo", memo},
            {"ops", std::move(ops)}};
}

json transfer(const std::string& to, const std::string& amount) {
    return {{"op", "transfer"}, {"asset", "ACME"}, {"to", to}, {"amount", amount}};
}

json kyc(const std::string& account) {
    return {{"op", "kyc_attest"},
            {"account", account},
            {"level", 1},
            {"category", "retail"},
            {"expires_ms", 1795536000000ULL},
            {"doc_hash", std::string(64, 'd')}};
}

TEST(wallet_history, ReceivedTransferIsInFromTheSender) {
    const auto lines = lines_for_account(entry(kBob, json::array({transfer(kMe, "100.00")})), kMe);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].direction, "in");
    EXPECT_EQ(lines[0].amount, "100.00");
    EXPECT_EQ(lines[0].asset, "ACME");
    EXPECT_EQ(lines[0].counterparty, kBob);
    EXPECT_EQ(lines[0].what, "transfer");
}

TEST(wallet_history, SentTransferIsOutToTheReceiver) {
    const auto lines = lines_for_account(entry(kMe, json::array({transfer(kBob, "12.50")})), kMe);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].direction, "out");
    EXPECT_EQ(lines[0].counterparty, kBob);
}

TEST(wallet_history, TransferToItselfIsSelfWithoutACounterparty) {
    const auto lines = lines_for_account(entry(kMe, json::array({transfer(kMe, "1.00")})), kMe);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].direction, "self");
    EXPECT_EQ(lines[0].counterparty, "");
}

TEST(wallet_history, BatchedKycShowsOnlyTheAccountsOwnAttestation) {
    const json e = entry(kPlatform, json::array({kyc(kBob), kyc(kMe), kyc(kCarol)}));
    const auto lines = lines_for_account(e, kMe);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].op_index, 1u);
    EXPECT_EQ(lines[0].direction, "");
    EXPECT_EQ(lines[0].counterparty, kPlatform);
    EXPECT_EQ(lines[0].what, "KYC level 1 (retail) attested, expires 2026-11-24 16:00:00 UTC");
    const json doc = entry_for_account(e, kMe);
    ASSERT_EQ(doc["ops"].size(), 1u);
    EXPECT_EQ(doc["ops"][0]["op"]["account"], kMe);
    EXPECT_EQ(doc["ops_in_tx"], 3);
    EXPECT_EQ(doc.dump().find(kBob), std::string::npos) << "another investor's KYC is shown: " << doc.dump();
}

TEST(wallet_history, SignerSeesEveryOpOfItsBatch) {
    const json e = entry(kPlatform, json::array({kyc(kBob), kyc(kMe), kyc(kCarol)}));
    const auto lines = lines_for_account(e, kPlatform);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].counterparty, kBob);
    EXPECT_NE(lines[2].what.find(kCarol), std::string::npos) << lines[2].what;
}

TEST(wallet_history, IssueShowsOnlyTheAccountsOwnShare) {
    const json issue = {{"op", "issue"},
                        {"asset", "SOLAR"},
                        {"to", json::array({{{"account", kBob}, {"amount", "5"}},
                                            {{"account", kMe}, {"amount", "40"}},
                                            {{"account", kCarol}, {"amount", "7"}}})}};
    const json e = entry(kPlatform, json::array({issue}));
    const auto lines = lines_for_account(e, kMe);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].direction, "in");
    EXPECT_EQ(lines[0].amount, "40");
    EXPECT_EQ(lines[0].asset, "SOLAR");
    EXPECT_EQ(lines[0].counterparty, kPlatform);
    EXPECT_EQ(lines[0].what, "issue");
    const json doc = entry_for_account(e, kMe);
    ASSERT_EQ(doc["ops"][0]["op"]["to"].size(), 1u) << doc.dump();
    EXPECT_EQ(doc["ops"][0]["op"]["to"][0]["amount"], "40");
    // The issuer still sees the whole issue.
    const json issuer_doc = entry_for_account(e, kPlatform);
    EXPECT_EQ(issuer_doc["ops"][0]["op"]["to"].size(), 3u);
    EXPECT_EQ(issuer_doc["ops"][0]["counterparty"], "3 accounts");
}

TEST(wallet_history, ForcedTransferIsOutOfTheHolderAndIntoTheReceiver) {
    const json op = {{"op", "forced_transfer"}, {"asset", "ACME"},  {"from", kMe}, {"to", kBob},
                     {"amount", "3.00"},        {"legal_ref", "ab"}};
    const json e = entry(kPlatform, json::array({op}));
    const auto mine = lines_for_account(e, kMe);
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].direction, "out");
    EXPECT_EQ(mine[0].counterparty, kBob);
    EXPECT_EQ(mine[0].what, "forced transfer (legal ref ab)");
    const auto bobs = lines_for_account(e, kBob);
    ASSERT_EQ(bobs.size(), 1u);
    EXPECT_EQ(bobs[0].direction, "in");
    EXPECT_EQ(bobs[0].counterparty, kMe);
}

TEST(wallet_history, OpsOnTheAccountAreDescribedWithoutItsOwnAddress) {
    const json ops =
        json::array({{{"op", "account_register"}, {"account", kMe}, {"pubkey", std::string(64, 'b')}},
                     {{"op", "freeze"}, {"account", kMe}, {"asset", "ACME"}, {"amount", "2.00"}},
                     {{"op", "role_grant"}, {"account", kMe}, {"role", "issuer"}}});
    const auto lines = lines_for_account(entry(kPlatform, ops), kMe);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].what, "account registered with key bbbbbbbbbbbbbbbb...");
    EXPECT_EQ(lines[1].what, "2.00 ACME frozen");
    EXPECT_EQ(lines[2].what, "role issuer granted");
    for (const auto& l : lines) EXPECT_EQ(l.what.find(kMe), std::string::npos) << l.what;
}

TEST(wallet_history, BurnIsOutOfTheSigner) {
    const auto lines = lines_for_account(
        entry(kMe, json::array({{{"op", "burn"}, {"asset", "ACME"}, {"amount", "4.00"}}})), kMe);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].direction, "out");
    EXPECT_EQ(lines[0].what, "burn");
}

TEST(wallet_history, InstrumentOpThatNamesTheAccountIsKept) {
    const json pledge = {{"op", "campaign_pledge"}, {"backer", kMe}, {"units", 3}};
    const json other = {{"op", "campaign_pledge"}, {"backer", kBob}, {"units", 1}};
    const auto lines = lines_for_account(entry(kPlatform, json::array({other, pledge})), kMe);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].op_index, 1u);
    EXPECT_EQ(lines[0].counterparty, kPlatform);
}

TEST(wallet_history, TextShowsDirectionAmountCounterpartyAndMemo) {
    const json page = json::array({entry(kBob, json::array({transfer(kMe, "100.00")}), "invoice 42")});
    const std::string text = history_text(page, kMe);
    EXPECT_NE(text.find("HEIGHT  TIME"), std::string::npos) << text;
    EXPECT_NE(text.find("     7  2025-11-24 16:00:00 UTC  committed  in   +100.00 ACME  " + kBob +
                        "  transfer  invoice 42  cccccccccccccccc..."),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find(kMe), std::string::npos) << "the account's own address is shown: " << text;
}

TEST(wallet_history, TextOfAFailedTxSaysWhy) {
    json e = entry(kMe, json::array({transfer(kBob, "9.00")}));
    e["status"] = "failed";
    e["reason"] = "INSUFFICIENT_BALANCE";
    const std::string text = history_text(json::array({e}), kMe);
    EXPECT_NE(text.find("failed (INSUFFICIENT_BALANCE)  out  -9.00 ACME"), std::string::npos) << text;
}

TEST(wallet_history, EmptyPageSaysSo) {
    EXPECT_EQ(history_text(json::array(), kMe), "  (no txs)\n");
}

TEST(wallet_history, MalformedEntriesNeverThrow) {
    for (const json& bad :
         {json(nullptr), json::array(), json{{"ops", "x"}}, json{{"ops", json::array({1, "x"})}},
          json{{"signer", 5}, {"ops", json::array({{{"op", 7}}})}},
          entry(kMe, json::array({{{"op", "issue"}, {"to", "nope"}}}))}) {
        EXPECT_NO_THROW(lines_for_account(bad, kMe)) << bad.dump();
        EXPECT_NO_THROW(entry_for_account(bad, kMe)) << bad.dump();
        EXPECT_NO_THROW(history_text(json::array({bad}), kMe)) << bad.dump();
    }
}

}  // namespace
}  // namespace folio::wallet
