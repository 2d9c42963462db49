// A stored chain with the probe instrument (tests/contracts/probe_instrument.h) registered: a ledger in a temp
// dir, one validator, a registrar (also issuer and operator) and kHolders KYC'd holders, each with 1,000.00 EURX
// (currency, 2 decimals) and 100 ACME (equity). Blocks are built and committed as the dev producer does
// (build_block, commit_single_validator), so history reads go through the real store.
//
//   InstrumentChain chain;
//   auto built = chain.run({chain.tx(0, {encode_probe({.action = ProbeAction::mint, ...})})});
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/block_check.h"
#include "contracts/equity.h"
#include "tests/chain/store_fixture.h"
#include "tests/contracts/probe_instrument.h"

namespace folio::test {

class InstrumentChain {
public:
    static constexpr std::string_view kKeyTag = "folio-instrument-key";
    static constexpr size_t kHolders = 4;
    static constexpr uint64_t kGenesisTimeMs = 1'764'000'000'000;
    static constexpr size_t kRegistrar = kHolders;  // index of the registrar for tx()

    explicit InstrumentChain(std::optional<uint64_t> block_max_weight = std::nullopt)
        : InstrumentChain(probe_and_equity(), block_max_weight) {}
    // A chain with other instruments than the probe (a product instrument's tests).
    InstrumentChain(std::vector<std::unique_ptr<contracts::Instrument>> instruments,
                    std::optional<uint64_t> block_max_weight = std::nullopt)
        : dir_("instrument-chain"), validator_(derived_key(kKeyTag, 0)), max_weight_(block_max_weight) {
        auto registry = contracts::CompositeRegistry::create(std::move(instruments));
        EXPECT_TRUE(registry.ok());
        registry_ = std::move(registry).value();
        for (size_t i = 0; i <= kHolders; ++i) keys_.push_back(derived_key(kKeyTag, 100 + i));
        LedgerOptions options;
        options.store.path = dir_.path();
        options.store.sync = false;
        auto opened = Ledger::open(options, genesis());
        EXPECT_TRUE(opened.ok()) << describe(opened.error());
        ledger_ = std::move(opened).value();
    }

    Ledger& ledger() { return *ledger_; }
    const InstrumentRegistry& registry() const { return *registry_; }
    AccountId account(size_t i) const { return account_id_of(keys_.at(i).pubkey()); }
    AssetId asset(std::string_view symbol) const { return asset_id(ledger_->state(), symbol); }

    TxPtr tx(size_t signer, std::vector<Op> ops, std::optional<uint64_t> nonce = std::nullopt) const {
        Tx t;
        t.chain_id = ledger_->chain_id();
        t.signer = account(signer);
        Account a;
        t.nonce = nonce.value_or(read_account(ledger_->state(), t.signer, a) ? a.nonce : 0);
        t.ops = std::move(ops);
        return sign_reproducibly(std::move(t), keys_.at(signer));
    }

    // Builds the next block of `txs` (excluded ones reported in the result) and commits it.
    BuiltBlock run(const std::vector<TxPtr>& txs) {
        BuiltBlock built = build(txs);
        commit(built);
        return built;
    }
    // The two halves of run(): a block built on the head without committing it, and its commit.
    BuiltBlock build(const std::vector<TxPtr>& txs) {
        std::vector<bool> ok;
        for (const TxPtr& t : txs) ok.push_back(verify_signatures(*t));
        return build_block(*ledger_, *registry_, txs, ok, next_block_time_ms(), validator_.pubkey());
    }
    void commit(const BuiltBlock& built) {
        auto cert = commit_single_validator(*ledger_, built, validator_);
        EXPECT_TRUE(cert.ok()) << describe(cert.error());
    }
    // Blocks are 1 s apart; advance_time_ms moves every later block's time on (deadlines, periods).
    uint64_t next_block_time_ms() const { return kGenesisTimeMs + (ledger_->height() + 1) * 1000 + time_offset_ms_; }
    void advance_time_ms(uint64_t ms) { time_offset_ms_ += ms; }
    // skip_time: the same as advance_time_ms (due dates months away).
    uint64_t time_ms_of_next_block() const { return next_block_time_ms(); }
    void skip_time(uint64_t ms) { advance_time_ms(ms); }
    // One tx in one block; its receipt.
    Receipt run_one(size_t signer, std::vector<Op> ops) {
        BuiltBlock b = run({tx(signer, std::move(ops))});
        EXPECT_EQ(b.result.receipts.size(), 1u);
        if (!b.excluded.empty()) ADD_FAILURE() << "excluded: " << b.excluded[0].error.message;
        return b.result.receipts.empty() ? Receipt{} : b.result.receipts[0];
    }

    Balance balance(std::string_view symbol, size_t holder) const {
        Balance b;
        read_balance(ledger_->state(), asset(symbol), account(holder), b);
        return b;
    }
    Asset asset_record(std::string_view symbol) const {
        Asset a;
        EXPECT_TRUE(read_asset(ledger_->state(), asset(symbol), a));
        return a;
    }

    // Σ amount + escrow = supply; Σ lock records = locked; locked + frozen <= amount; holders counted right.
    ::testing::AssertionResult conserved(std::string_view symbol) const {
        const Asset a = asset_record(symbol);
        Amount sum = a.escrow;
        uint64_t holders = 0;
        for (size_t i = 0; i <= kHolders; ++i) {
            Balance b;
            read_balance(ledger_->state(), a.id, account(i), b);
            sum += b.amount;
            holders += b.amount != 0 ? 1 : 0;
            Amount locked = 0;
            if (!read_locks(ledger_->state(), a.id, account(i)).total(locked) || locked != b.locked)
                return ::testing::AssertionFailure() << "lock records " << locked << " != locked " << b.locked;
            if (b.locked + b.frozen > b.amount) return ::testing::AssertionFailure() << "locked + frozen > amount";
        }
        if (sum != a.supply) return ::testing::AssertionFailure() << "Σ amount + escrow " << sum << " != supply " << a.supply;
        if (holders != a.holders) return ::testing::AssertionFailure() << "holders " << a.holders << " counted " << holders;
        return ::testing::AssertionSuccess();
    }

private:
    static std::vector<std::unique_ptr<contracts::Instrument>> probe_and_equity() {
        std::vector<std::unique_ptr<contracts::Instrument>> instruments;
        instruments.push_back(make_probe_instrument());
        instruments.push_back(contracts::make_equity());
        return instruments;
    }
    std::string genesis() const {
        nlohmann::json g;
        g["chain_name"] = "folio-instrument-test";
        g["genesis_time_ms"] = kGenesisTimeMs;
        g["validators"] = {{{"name", "v0"},
                            {"consensus_pubkey", to_hex(validator_.pubkey())},
                            {"p2p_pubkey", std::string(64, '0')},
                            {"power", 1}}};
        if (max_weight_) g["params"] = {{"block_max_weight", *max_weight_}};
        g["accounts"] = {{{"name", "registrar"},
                          {"pubkey", to_hex(keys_[kRegistrar].pubkey())},
                          {"roles", {"registrar", "issuer", "operator"}}}};
        nlohmann::json eurx = nlohmann::json::array(), acme = nlohmann::json::array();
        for (size_t i = 0; i < kHolders; ++i) {
            const std::string name = std::string("h") + std::to_string(i);
            g["accounts"].push_back({{"name", name},
                                     {"pubkey", to_hex(keys_[i].pubkey())},
                                     {"kyc",
                                      {{"level", 1},
                                       {"category", "retail"},
                                       {"expires_ms", 4102444800000ULL},
                                       {"doc_hash", std::string(64, '1')}}}});
            eurx.push_back({{"account", name}, {"amount", "1000.00"}});
            acme.push_back({{"account", name}, {"amount", "100"}});
        }
        g["assets"] = {{{"symbol", "EURX"}, {"class", "currency"}, {"decimals", 2}, {"max_supply", "10000.00"},
                        {"issuer", "registrar"}, {"balances", eurx}},
                       {{"symbol", "ACME"}, {"class", "equity"}, {"decimals", 0}, {"max_supply", "1000"},
                        {"issuer", "registrar"}, {"balances", acme}}};
        return g.dump();
    }

    TempDir dir_;
    std::unique_ptr<InstrumentRegistry> registry_;
    crypto::SecretKey validator_;
    std::optional<uint64_t> max_weight_;
    std::vector<crypto::SecretKey> keys_;
    std::unique_ptr<Ledger> ledger_;
    uint64_t time_offset_ms_ = 0;
};

}  // namespace folio::test
