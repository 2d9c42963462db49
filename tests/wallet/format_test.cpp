// Text for people (wallet/text.h, wallet/tx_file.h): amounts with their decimals, tables, ops in words.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "contracts/registry.h"
#include "wallet/text.h"
#include "wallet/tx_file.h"

namespace folio::wallet {
namespace {

using nlohmann::json;

TEST(wallet_format, AmountsAreWrittenWithExactlyTheAssetsDecimals) {
    EXPECT_EQ(format_amount(1250, 2), "12.50");
    EXPECT_EQ(format_amount(5, 2), "0.05");
    EXPECT_EQ(format_amount(10, 0), "10");
    EXPECT_EQ(format_amount(0, 3), "0.000");
    EXPECT_EQ(format_amount(UINT64_MAX, 18), "18.446744073709551615");
}

TEST(wallet_format, TableRightAlignsAmountColumns) {
    Table t{{"ASSET", "AMOUNT"}, {false, true}, {{"ACME", "12.50"}, {"SHARE", "1000"}, {"EUR", "0.05"}}};
    EXPECT_EQ(t.render(),
              "ASSET  AMOUNT\n"
              "ACME    12.50\n"
              "SHARE    1000\n"
              "EUR      0.05\n");
}

TEST(wallet_format, TableCountsUtf8CharactersNotBytes) {
    Table t{{"A", "B"}, {}, {{"é", "x"}, {"ab", "y"}}};
    EXPECT_EQ(t.render(), "A   B\né   x\nab  y\n");
}

TEST(wallet_format, TimesAreUtc) {
    EXPECT_EQ(format_time_ms(1764000000000ULL), "2025-11-24 16:00:00 UTC");
}

TEST(wallet_format, UntrustedTextIsMadeSafeToPrint) {
    EXPECT_EQ(printable("ok"), "ok");
    EXPECT_EQ(printable("a\x1b[2Jb"), "a?[2Jb");
    EXPECT_EQ(printable("\xff"), "?");
    EXPECT_EQ(printable(std::string(100, 'x'), 10), "xxxxxxxxxx...");
    EXPECT_EQ(printable("ééééé", 4), "éé...");
}

TEST(wallet_format, OpsAreDescribedInWords) {
    const std::string to = crypto::encode_address(Hash256{7});
    EXPECT_EQ(describe_op(json{{"op", "transfer"}, {"asset", "ACME"}, {"to", to}, {"amount", "12.50"}}),
              "transfer 12.50 ACME to " + to);
    EXPECT_EQ(describe_op(json{{"op", "burn"}, {"asset", "ACME"}, {"amount", "1"}}), "burn 1 ACME");
    EXPECT_EQ(describe_op(json{{"op", "key_rotate"}, {"new_pubkey", "ab"}}), "rotate the signer's key to ab");
    EXPECT_EQ(describe_op(json{{"op", "freeze"}, {"asset", "ACME"}}), "freeze asset ACME");
    EXPECT_EQ(describe_op(json{{"op", "campaign_pledge"}, {"x", 1}}), "campaign_pledge {\"x\":1}");
    // Whatever a node sends, describing it never throws.
    EXPECT_NO_THROW(describe_op(json{{"op", "issue"}, {"to", "not an array"}}));
    EXPECT_NO_THROW(describe_op(json::array()));
    EXPECT_NO_THROW(describe_op(json{{"op", "transfer"}, {"amount", std::string("\xff")}}));
}

TEST(wallet_format, TxDescriptionShowsEveryFieldAndOp) {
    auto registry = contracts::make_registry();
    Tx tx;
    tx.chain_id = Hash256{9};
    tx.signer = Hash256{1};
    tx.nonce = 4;
    tx.valid_until_height = 1234;
    tx.memo = "invoice 77";
    tx.client_ref = "ref-1";
    tx.ops.push_back(encode_op(TransferOp{"ACME", Hash256{2}, 1250}));
    const DecimalsLookup two = [](std::string_view) -> std::optional<uint8_t> { return 2; };
    const std::string text = describe_tx(tx, two, *registry, "dev");
    for (const std::string& part :
         {std::string("dev ("), crypto::encode_address(Hash256{1}), std::string("Nonce:        4"),
          std::string("height 1234"), std::string("\"invoice 77\""), std::string("\"ref-1\""),
          to_hex(tx.hash()), "transfer 12.50 ACME to " + crypto::encode_address(Hash256{2})}) {
        EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
    }
    EXPECT_EQ(text.find("base units"), std::string::npos);
    const std::string offline = describe_tx(tx, DecimalsLookup(), *registry, "dev");
    EXPECT_NE(offline.find("transfer 1250 ACME"), std::string::npos) << offline;
    EXPECT_NE(offline.find("base units"), std::string::npos);
}

TEST(wallet_format, TxFilesAreHexOrTxBuildJson) {
    Tx tx;
    tx.chain_id = Hash256{9};
    tx.signer = Hash256{1};
    tx.ops.push_back(encode_op(BurnOp{"ACME", 1}));
    const std::string hex = to_hex(tx.encode());
    EXPECT_EQ(*parse_tx_text(hex + "\n"), tx.encode());
    EXPECT_EQ(*parse_tx_text(json{{"tx", hex}, {"sighash", "00"}}.dump()), tx.encode());
    EXPECT_EQ(parse_tx_text("").reason(), Reason::DECODE_ERROR);
    EXPECT_EQ(parse_tx_text("{\"nope\":1}").reason(), Reason::DECODE_ERROR);
    EXPECT_EQ(parse_tx_text("xyz").reason(), Reason::DECODE_ERROR);
    auto loaded = decode_any_tx(tx.encode());
    ASSERT_TRUE(loaded.ok());
    EXPECT_TRUE(loaded->signatures.empty());
    EXPECT_FALSE(decode_any_tx(Bytes{1, 2, 3}).ok());
}

}  // namespace
}  // namespace folio::wallet
