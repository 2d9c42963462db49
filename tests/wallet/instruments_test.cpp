// folio-wallet schedule and claim against the stand-in node (fake_node.h) over a real chain whose registry
// holds the minibond and distribution instruments.
#include <gtest/gtest.h>

#include "chain/op_json.h"
#include "wallet_fixture.h"

namespace folio::wallet {
namespace {

using nlohmann::json;
using test::run_cli;
using test::write_text;

class WalletInstruments : public test::WalletFixture {
  protected:
    void SetUp() override {
        WalletFixture::SetUp();
        if (HasFatalFailure()) return;
        alice = crypto::encode_address(account_id_of(test::key_from_seed("alice").pubkey()));
        registrar = crypto::encode_address(account_id_of(test::key_from_seed("registrar").pubkey()));
        // The registrar may hold EUR; EUR exists.
        ASSERT_EQ(by_registrar(kyc(registrar)).status, TxStatus::success);
        ASSERT_EQ(by_registrar({{"op", "asset_create"},
                                {"symbol", "EUR"},
                                {"class", "currency"},
                                {"decimals", 2},
                                {"max_supply", "1000000.00"}})
                      .status,
                  TxStatus::success);
        ASSERT_EQ(by_registrar({{"op", "issue"},
                                {"asset", "EUR"},
                                {"to", {{{"account", registrar}, {"amount", "50000.00"}}}}})
                      .status,
                  TxStatus::success);
    }

    static json kyc(const std::string& account) {
        return {{"op", "kyc_attest"},
                {"account", account},
                {"level", 1},
                {"category", "retail"},
                {"expires_ms", 4102444800000ULL},
                {"doc_hash", std::string(64, 'd')}};
    }
    // One op signed by the registrar in its own block; its receipt.
    Receipt by_registrar(const json& j) {
        return node.with_chain([&](test::TestChain& c) {
            const DecimalsLookup decimals = [&](std::string_view sym) -> std::optional<uint8_t> {
                AssetId id = 0;
                Asset a;
                if (!read_asset_id(c.ledger().state(), sym, id) || !read_asset(c.ledger().state(), id, a))
                    return std::nullopt;
                return a.decimals;
            };
            auto op = op_from_json(j, decimals, c.registry());
            EXPECT_TRUE(op.ok()) << j.dump();
            auto block = c.run_block({c.make_tx(c.registrar, op.ok() ? op.value() : Op{})});
            EXPECT_EQ(block.receipts.size(), 1u);
            return block.receipts.empty() ? Receipt{} : block.receipts[0];
        });
    }
    Height head() {
        return node.with_chain([](test::TestChain& c) { return c.ledger().height(); });
    }
    Amount eur_of_alice() {
        return node.with_chain([](test::TestChain& c) {
            AssetId id = 0;
            Balance b;
            if (read_asset_id(c.ledger().state(), "EUR", id))
                (void)read_balance(c.ledger().state(), id, c.alice_id, b);
            return b.amount;
        });
    }

    std::string alice, registrar;
};

class wallet_schedule : public WalletInstruments {
  protected:
    void SetUp() override {
        WalletInstruments::SetUp();
        ASSERT_EQ(by_registrar(kyc(alice)).status, TxStatus::success);
        ASSERT_EQ(by_registrar({{"op", "asset_create"},
                                {"symbol", "BOND"},
                                {"class", "minibond"},
                                {"decimals", 0},
                                {"max_supply", "1000"}})
                      .status,
                  TxStatus::success);
        ASSERT_EQ(by_registrar({{"op", "minibond_terms"},
                                {"asset", "BOND"},
                                {"currency", "EUR"},
                                {"nominal", "100.00"},
                                {"rate_bps", 700},
                                {"schedule", "annuity"},
                                {"period_months", 1},
                                {"instalments", 12},
                                {"first_due_ms", 1798761600000ULL}})
                      .status,
                  TxStatus::success);
        ASSERT_EQ(by_registrar(
                      {{"op", "issue"}, {"asset", "BOND"}, {"to", {{{"account", alice}, {"amount", "100"}}}}})
                      .status,
                  TxStatus::success);
    }
};

TEST_F(wallet_schedule, JsonIsTheNodesTable) {
    auto r = cli({"schedule", "--asset", "BOND", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const json doc = r.doc();
    ASSERT_EQ(doc["instalments"].size(), 12u);
    EXPECT_EQ(doc["instalments"][0]["payment"], "865.27");
    EXPECT_EQ(doc["instalments"][11]["payment"], "865.25");
    EXPECT_EQ(doc["instalments"][0]["status"], "future");
    EXPECT_EQ(doc["terms"]["principal"], "10000.00");
    EXPECT_EQ(doc["total_interest"], "383.22");
}

TEST_F(wallet_schedule, HumanTableShowsDatesAmountsAndStatus) {
    auto r = cli({"schedule", "--asset", "BOND"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("annuity, 700 bps a year, 12 instalments"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2027-01-01"), std::string::npos) << r.out;  // first_due_ms
    EXPECT_NE(r.out.find("865.27"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("9193.06"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("future"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Total interest: 383.22 EUR"), std::string::npos) << r.out;
}

TEST_F(wallet_schedule, AssetWithoutTermsExitsOneWithItsReason) {
    auto r = cli({"schedule", "--asset", "ACME", "--json"});
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("UNKNOWN_ID"), std::string::npos) << r.out << r.err;
}

class wallet_claim : public WalletInstruments {
  protected:
    // A dividend of 10.00 EUR on ACME, all of it alice's, withheld: alice had no KYC for EUR.
    void SetUp() override {
        WalletInstruments::SetUp();
        const Receipt r = by_registrar({{"op", "distribute"},
                                        {"asset", "ACME"},
                                        {"currency", "EUR"},
                                        {"kind", "dividend"},
                                        {"total", "10.00"},
                                        {"record_height", head()},
                                        {"expires_ms", 4102444800000ULL}});
        ASSERT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
        id = instrument_id_hex(instrument_id(r.tx_hash, 0));
        ASSERT_EQ(eur_of_alice(), 0u);
    }
    std::string id;
};

TEST_F(wallet_claim, WithheldShareIsClaimedOnceTheCurrencyAccepts) {
    ASSERT_EQ(by_registrar(kyc(alice)).status, TxStatus::success);
    auto r = cli({"claim", "--distribution", id, "--yes", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.doc()["status"], "committed");
    EXPECT_EQ(r.doc()["tx"]["ops"][0]["op"], "distribution_claim");
    EXPECT_EQ(eur_of_alice(), 1000u);
}

TEST_F(wallet_claim, NothingToClaimExitsOneWithItsReason) {
    auto r = cli({"claim", "--distribution", id, "--yes", "--json"});  // alice still lacks KYC
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("NOTHING_TO_CLAIM"), std::string::npos) << r.out << r.err;
    EXPECT_EQ(eur_of_alice(), 0u);
}

TEST_F(wallet_claim, BadIdIsRefusedBeforeAnythingIsSent) {
    const int before = node.submits();
    auto r = cli({"claim", "--distribution", "XYZ", "--yes", "--json"});
    EXPECT_NE(r.code, 0);
    EXPECT_EQ(node.submits(), before);
}

}  // namespace
}  // namespace folio::wallet
