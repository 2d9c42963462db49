// The stored chain of tests/contracts/instrument_chain.h with the product's minibond and distribution
// instruments registered, driven by ops written as JSON (as tx_build takes them), plus what the minibond and
// distribution tests share: a currency EUR (2 decimals) held by the registrar, who issues the securities.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "chain/op_json.h"
#include "contracts/distribution.h"
#include "contracts/minibond.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {

inline std::vector<std::unique_ptr<contracts::Instrument>> securities_instruments() {
    std::vector<std::unique_ptr<contracts::Instrument>> out;
    out.push_back(contracts::make_minibond_instrument());
    out.push_back(contracts::make_distribution_instrument());
    out.push_back(make_probe_instrument());  // the distribution tests lock units through it
    return out;
}

class SecuritiesChain : public InstrumentChain {
  public:
    static constexpr size_t kIssuer = kRegistrar;
    static constexpr uint64_t kKycExpiresMs = 4102444800000ULL;

    SecuritiesChain() : SecuritiesChain(securities_instruments()) {}
    // The same chain with other product instruments (the local currency's tests).
    explicit SecuritiesChain(std::vector<std::unique_ptr<contracts::Instrument>> instruments)
        : InstrumentChain(std::move(instruments)) {
        // The registrar (also issuer and operator) attests its own KYC so that it may hold EUR, then mints
        // it.
        expect_ok(send(kIssuer, {kyc(kIssuer)}));
        expect_ok(send(kIssuer, {{"op", "asset_create"},
                                 {"symbol", "EUR"},
                                 {"class", "currency"},
                                 {"decimals", 2},
                                 {"max_supply", "100000000.00"}}));
        expect_ok(send(kIssuer, issue("EUR", {{kIssuer, "1000000.00"}})));
    }

    DecimalsLookup decimals() const {
        return [this](std::string_view symbol) -> std::optional<uint8_t> {
            AssetId id = 0;
            Asset a;
            if (!read_asset_id(ledger_state(), symbol, id) || !read_asset(ledger_state(), id, a))
                return std::nullopt;
            return a.decimals;
        };
    }
    // The ledger's reads are const; InstrumentChain hands out the ledger itself only non-const.
    const StateView& ledger_state() const { return const_cast<SecuritiesChain*>(this)->ledger().state(); }
    Height height() const { return const_cast<SecuritiesChain*>(this)->ledger().height(); }

    std::string address(size_t i) const { return crypto::encode_address(account(i)); }

    Op op(const nlohmann::json& j) const {
        auto op = op_from_json(j, decimals(), registry());
        EXPECT_TRUE(op.ok()) << j.dump() << ": " << (op.ok() ? "" : op.error().message);
        return op.ok() ? op.value() : Op{};
    }
    Result<Op> try_op(const nlohmann::json& j) const { return op_from_json(j, decimals(), registry()); }

    Receipt send(size_t signer, const nlohmann::json& j) { return run_one(signer, {op(j)}); }
    static void expect_ok(const Receipt& r) {
        EXPECT_EQ(r.status, TxStatus::success) << reason_name(r.reason);
    }

    nlohmann::json kyc(size_t i) const {
        return {{"op", "kyc_attest"},   {"account", address(i)},       {"level", 1},
                {"category", "retail"}, {"expires_ms", kKycExpiresMs}, {"doc_hash", std::string(64, '2')}};
    }
    nlohmann::json issue(std::string_view symbol, std::vector<std::pair<size_t, std::string>> to) const {
        nlohmann::json recipients = nlohmann::json::array();
        for (const auto& [i, amount] : to)
            recipients.push_back({{"account", address(i)}, {"amount", amount}});
        return {{"op", "issue"}, {"asset", symbol}, {"to", recipients}};
    }
    // A securities asset of `asset_class` with 0 decimals, issued by the registrar.
    void create_asset(std::string_view symbol, std::string_view asset_class) {
        expect_ok(send(kIssuer, {{"op", "asset_create"},
                                 {"symbol", symbol},
                                 {"class", asset_class},
                                 {"decimals", 0},
                                 {"max_supply", "1000000"}}));
    }

    Result<nlohmann::json> query(std::string_view name, const nlohmann::json& params) {
        for (const InstrumentQuery* q : registry().queries()) {
            if (q->name != name) continue;
            const DecimalsLookup d = decimals();
            QueryContext ctx{ledger().state(), ledger().height(), ledger().store(), d,
                             ledger().head().time_ms};
            return q->handler(ctx, params);
        }
        return make_error(Reason::UNKNOWN_OP, std::string("no query ").append(name));
    }

    // The example a query shows in rpc_methods has the keys of a live answer (objects and first array items).
    static ::testing::AssertionResult same_keys(const nlohmann::json& example, const nlohmann::json& live) {
        if (example.is_object() != live.is_object() || example.is_array() != live.is_array())
            return ::testing::AssertionFailure() << example.dump() << " vs " << live.dump();
        if (example.is_array()) {
            if (example.empty() || live.empty()) return ::testing::AssertionSuccess();
            return same_keys(example.front(), live.front());
        }
        if (!example.is_object()) return ::testing::AssertionSuccess();
        for (const auto& [k, v] : live.items()) {
            if (!example.contains(k)) return ::testing::AssertionFailure() << "the example lacks " << k;
            if (auto r = same_keys(example[k], v); !r) return r;
        }
        for (const auto& [k, v] : example.items()) {
            if (!live.contains(k)) return ::testing::AssertionFailure() << "a live answer lacks " << k;
        }
        return ::testing::AssertionSuccess();
    }
    const InstrumentQuery* find_query(std::string_view name) const {
        for (const InstrumentQuery* q : registry().queries()) {
            if (q->name == name) return q;
        }
        return nullptr;
    }

    Amount eur(size_t holder) const { return balance("EUR", holder).amount; }

    // The id of what op 0 of the tx in the last block created (the tx_hash of its only receipt).
    static InstrumentId id_of(const Receipt& r) { return instrument_id(r.tx_hash, 0); }
};

}  // namespace folio::test
