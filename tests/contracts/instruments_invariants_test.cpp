// Seeded random ops of every instrument (core transfers, equity requests and decisions, campaigns,
// distributions, votes, pledges, dvp) over hundreds of blocks on a stored chain, checking after each block
// the invariants of decision 014 per asset, the escrow of each instrument, and that executing the same block
// twice on the same state gives the same writes. Prints its seed; FOLIO_SEED replays one.
//
// The op generators are one table: a new instrument adds a row (a weight and a function returning ops as
// JSON, converted by the node's own op_from_json) and, if it escrows, a term in escrow_owed().
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "chain/crypto/bech32m.h"
#include "chain/execute.h"
#include "chain/op_json.h"
#include "contracts/campaign.h"
#include "contracts/distribution.h"
#include "contracts/dvp.h"
#include "contracts/payout.h"
#include "contracts/pledges.h"
#include "contracts/votes.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {
namespace {

using json = nlohmann::json;
constexpr size_t kRegistrar = InstrumentChain::kRegistrar;
constexpr size_t kAccounts = InstrumentChain::kHolders + 1;  // the holders and the registrar
constexpr const char* kAssets[] = {"EURX", "ACME"};

std::vector<std::unique_ptr<contracts::Instrument>> all_instruments() {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(contracts::make_campaign_instrument());
    v.push_back(contracts::make_pledges_instrument());
    v.push_back(contracts::make_votes_instrument());
    v.push_back(contracts::make_distribution_instrument());
    v.push_back(contracts::make_equity());
    v.push_back(contracts::make_dvp_instrument());
    return v;
}

uint64_t seed_from_env() {
    if (const char* s = std::getenv("FOLIO_SEED")) return std::strtoull(s, nullptr, 10);
    return std::random_device{}();
}

// One op to send: who signs it, who co-signs it, and the op in its JSON form.
struct Planned {
    size_t signer;
    std::vector<size_t> cosigners;
    json op;
};

class World {
  public:
    explicit World(uint64_t seed) : rng_(seed) {}

    InstrumentChain chain{all_instruments()};
    std::mt19937_64 rng_;
    std::vector<InstrumentId> requests, campaigns, distributions, votes, pledges;

    size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
    size_t holder() { return pick(InstrumentChain::kHolders); }
    size_t other(size_t not_this) {
        size_t h = holder();
        return h == not_this ? (h + 1) % InstrumentChain::kHolders : h;
    }
    std::string address(size_t i) const { return crypto::encode_address(chain.account(i)); }
    std::string cents(uint64_t max) { return format_amount(1 + pick(max), 2); }
    std::string units(uint64_t max) { return std::to_string(1 + pick(max)); }
    // Mostly one of the last few ids (still open, pending, active), sometimes any (ended ones are refused).
    template <typename T>
    const T* any(const std::vector<T>& v) {
        if (v.empty()) return nullptr;
        const size_t recent = std::min<size_t>(v.size(), 3);
        return pick(4) ? &v[v.size() - 1 - pick(recent)] : &v[pick(v.size())];
    }
    uint64_t now_ms() const { return chain.next_block_time_ms(); }
};

using Generator = std::function<std::optional<Planned>(World&)>;

struct GeneratorRow {
    const char* name;
    unsigned weight;
    Generator make;
    // False for ops whose success needs a rare conjunction (a settle page after a close left subscriptions,
    // a withheld holder claiming after its unfreeze, a subscriber withdrawing within its reflection period,
    // an approval of a request still pending under an approval policy): the run sends them but does not
    // require one to succeed.
    bool must_succeed = true;
};

std::optional<Planned> id_op(World& w, const std::vector<InstrumentId>& ids, const char* op, size_t signer,
                             json extra = json::object()) {
    const InstrumentId* id = w.any(ids);
    if (!id) return std::nullopt;
    extra["op"] = op;
    extra["id"] = instrument_id_hex(*id);
    return Planned{signer, {}, extra};
}

const std::vector<GeneratorRow>& generators() {
    static const std::vector<GeneratorRow> rows = {
        {"transfer", 8,
         [](World& w) -> std::optional<Planned> {
             const size_t from = w.holder();
             const bool eur = w.pick(2) == 0;
             return Planned{from,
                            {},
                            {{"op", "transfer"},
                             {"asset", eur ? "EURX" : "ACME"},
                             {"to", w.address(w.other(from))},
                             {"amount", eur ? w.cents(20'000) : w.units(30)}}};
         }},
        {"dvp", 6,
         [](World& w) -> std::optional<Planned> {
             const size_t a = w.holder(), b = w.other(a);
             return Planned{a,
                            {b},
                            {{"op", "dvp"},
                             {"counterparty", w.address(b)},
                             {"give", {{"asset", "ACME"}, {"amount", w.units(30)}}},
                             {"get", {{"asset", "EURX"}, {"amount", w.cents(30'000)}}}}};
         }},
        {"policy_set", 1,
         [](World& w) -> std::optional<Planned> {
             return Planned{
                 kRegistrar, {}, {{"op", "policy_set"}, {"asset", "ACME"}, {"approval", w.pick(2) == 0}}};
         }},
        {"transfer_request", 4,
         [](World& w) -> std::optional<Planned> {
             const size_t from = w.holder();
             return Planned{from,
                            {},
                            {{"op", "transfer_request"},
                             {"asset", "ACME"},
                             {"to", w.address(w.other(from))},
                             {"amount", w.units(20)},
                             {"expires_ms", w.now_ms() + 1000 * (1 + w.pick(20))}}};
         }},
        {"transfer_approve", 3, [](World& w) { return id_op(w, w.requests, "transfer_approve", kRegistrar); },
         false},
        {"transfer_reject", 1, [](World& w) { return id_op(w, w.requests, "transfer_reject", kRegistrar); }},
        {"transfer_cancel", 1, [](World& w) { return id_op(w, w.requests, "transfer_cancel", w.holder()); }},
        {"campaign_create", 1,
         [](World& w) -> std::optional<Planned> {
             return Planned{kRegistrar,
                            {},
                            {{"op", "campaign_create"},
                             {"asset", "ACME"},
                             {"currency", "EURX"},
                             {"price", "1.00"},
                             {"target", "50.00"},
                             {"cap", "300.00"},
                             {"min_ticket", "1.00"},
                             {"max_ticket", "200.00"},
                             {"deadline_ms", w.now_ms() + 1000 * (5 + w.pick(30))},
                             {"terms_hash", std::string(64, '7')}}};
         }},
        {"campaign_subscribe", 4,
         [](World& w) -> std::optional<Planned> {
             const InstrumentId* id = w.any(w.campaigns);
             if (!id) return std::nullopt;
             return Planned{w.holder(),
                            {},
                            {{"op", "campaign_subscribe"},
                             {"id", instrument_id_hex(*id)},
                             {"currency", "EURX"},
                             {"amount", std::to_string(1 + w.pick(150)) + ".00"}}};
         }},
        {"campaign_withdraw", 1,
         [](World& w) { return id_op(w, w.campaigns, "campaign_withdraw", w.holder()); }, false},
        {"campaign_close", 1,
         [](World& w) {
             return id_op(w, w.campaigns, "campaign_close", kRegistrar, {{"limit", 1}});
         }},
        {"campaign_settle", 1,
         [](World& w) {
             return id_op(w, w.campaigns, "campaign_settle", w.holder(), {{"limit", 1 + w.pick(3)}});
         },
         false},
        {"distribute", 1,
         [](World& w) -> std::optional<Planned> {
             const Height h = w.chain.ledger().height();
             if (h == 0) return std::nullopt;
             return Planned{kRegistrar,
                            {},
                            {{"op", "distribute"},
                             {"asset", "ACME"},
                             {"currency", "EURX"},
                             {"kind", "dividend"},
                             {"total", w.cents(5'000)},
                             {"record_height", h - w.pick(std::min<Height>(h, 5))},
                             {"expires_ms", w.now_ms() + 1000 * (3 + w.pick(30))},
                             {"limit", 1 + w.pick(3)}}};
         }},
        {"distribution_pay", 2,
         [](World& w) {
             return id_op(w, w.distributions, "distribution_pay", w.holder(), {{"limit", 1 + w.pick(3)}});
         }},
        {"distribution_claim", 1,
         [](World& w) { return id_op(w, w.distributions, "distribution_claim", w.holder()); }, false},
        {"distribution_reclaim", 1,
         [](World& w) { return id_op(w, w.distributions, "distribution_reclaim", kRegistrar); }},
        {"issue_eurx_to_registrar", 1,
         [](World& w) -> std::optional<Planned> {
             return Planned{
                 kRegistrar,
                 {},
                 {{"op", "issue"},
                  {"asset", "EURX"},
                  {"to", json::array({{{"account", w.address(kRegistrar)}, {"amount", w.cents(5'000)}}})}}};
         }},
        // A frozen holder's share of a distribution is withheld: what distribution_claim and _reclaim need.
        {"freeze_account", 1,
         [](World& w) -> std::optional<Planned> {
             return Planned{kRegistrar,
                            {},
                            {{"op", w.pick(2) ? "freeze" : "unfreeze"}, {"account", w.address(w.holder())}}};
         }},
        {"vote_create", 1,
         [](World& w) -> std::optional<Planned> {
             const Height h = w.chain.ledger().height();
             if (h == 0) return std::nullopt;
             return Planned{kRegistrar,
                            {},
                            {{"op", "vote_create"},
                             {"asset", "ACME"},
                             {"question_hash", std::string(64, 'a')},
                             {"options", 2 + w.pick(3)},
                             {"snapshot_height", h - w.pick(std::min<Height>(h, 5))},
                             {"close_height", h + 2 + w.pick(20)},
                             {"weighting", w.pick(2) ? "units" : "holders"},
                             {"quorum_bps", 5000},
                             {"majority_bps", 5001}}};
         }},
        {"vote_cast", 3,
         [](World& w) {
             return id_op(w, w.votes, "vote_cast", w.holder(), {{"option", 1 + w.pick(3)}});
         }},
        {"pledge", 2,
         [](World& w) -> std::optional<Planned> {
             const size_t a = w.holder(), b = w.other(a);
             return Planned{a,
                            {b},
                            {{"op", "pledge"},
                             {"asset", w.pick(2) ? "ACME" : "EURX"},
                             {"amount", "1"},
                             {"beneficiary", w.address(b)},
                             {"doc_hash", std::string(64, 'd')}}};
         }},
        {"pledge_release", 1,
         [](World& w) -> std::optional<Planned> {
             const InstrumentId* id = w.any(w.pledges);
             if (!id) return std::nullopt;
             // The beneficiary is not known here: any holder tries; only the right one succeeds.
             return Planned{w.holder(), {}, {{"op", "pledge_release"}, {"id", instrument_id_hex(*id)}}};
         }},
        {"pledge_enforce", 1,
         [](World& w) {
             return id_op(w, w.pledges, "pledge_enforce", kRegistrar, {{"legal_ref", std::string(64, 'e')}});
         }},
    };
    return rows;
}

// What the instruments owe out of an asset's escrow: unsettled subscriptions, and the unpaid and withheld
// parts of distributions (a withheld share stays in escrow until claimed or reclaimed).
Amount escrow_owed(World& w, AssetId asset) {
    const StateView& state = w.chain.ledger().state();
    Amount owed = 0;
    for (const InstrumentId& id : w.campaigns) {
        auto c = contracts::read_campaign(state, id);
        if (c && w.chain.asset(c->terms.currency) == asset) owed += c->escrowed();
    }
    for (const InstrumentId& id : w.distributions) {
        auto d = contracts::read_payout(state, contracts::kDistributionPrefix, id);
        if (d && d->currency == asset) owed += d->unpaid() + d->withheld;
    }
    return owed;
}

::testing::AssertionResult escrow_matches(World& w) {
    for (const char* symbol : kAssets) {
        const Asset a = w.chain.asset_record(symbol);
        const Amount owed = escrow_owed(w, a.id);
        if (owed != a.escrow)
            return ::testing::AssertionFailure() << symbol << " escrow " << a.escrow << " != owed " << owed;
    }
    return ::testing::AssertionSuccess();
}

// The writes of executing `txs` over the current state as the next block.
StateWrites writes_of(World& w, const std::vector<TxPtr>& txs) {
    const Ledger& ledger = w.chain.ledger();
    BlockContext ctx{ledger.chain_id(), ledger.height() + 1, w.chain.next_block_time_ms()};
    BlockExecution exec(ledger.state(), ctx, w.chain.registry(), &w.chain.ledger().store());
    for (const TxPtr& t : txs) exec.apply(*t, verify_signatures(*t));
    return exec.finish().writes;
}

bool same_writes(const StateWrites& a, const StateWrites& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].key != b[i].key || a[i].value != b[i].value) return false;
    }
    return true;
}

TEST(instruments_invariants, RandomOpsOfEveryInstrumentKeepTheInvariantsBlockAfterBlock) {
    const uint64_t seed = seed_from_env();
    std::printf("instruments_invariants seed %llu (FOLIO_SEED=%llu replays it)\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
    World w(seed);
    const auto& rows = generators();
    unsigned total_weight = 0;
    for (const GeneratorRow& r : rows) total_weight += r.weight;
    const DecimalsLookup decimals = [&w](std::string_view symbol) -> std::optional<uint8_t> {
        AssetId id = 0;
        Asset a;
        if (!read_asset_id(w.chain.ledger().state(), symbol, id) ||
            !read_asset(w.chain.ledger().state(), id, a))
            return std::nullopt;
        return a.decimals;
    };
    // The registrar issues and receives EURX (a distribution's funds, a campaign's release): it needs KYC.
    const json kyc = {
        {"op", "kyc_attest"},         {"account", w.address(kRegistrar)}, {"level", 1},
        {"category", "professional"}, {"expires_ms", 4102444800000ULL},   {"doc_hash", std::string(64, 'c')}};
    auto kyc_op = op_from_json(kyc, decimals, w.chain.registry());
    ASSERT_TRUE(kyc_op.ok()) << kyc_op.error().message;
    ASSERT_EQ(w.chain.run_one(kRegistrar, {kyc_op.value()}).status, TxStatus::success);
    constexpr int kBlocks = 300;
    constexpr int kTxsPerBlock = 12;
    std::map<std::string, std::pair<size_t, size_t>> tried_succeeded;
    size_t ops = 0;
    std::map<std::string, size_t> refusals;  // "op REASON" -> count, printed to show what the run met
    for (int block = 0; block < kBlocks; ++block) {
        std::vector<TxPtr> txs;
        std::vector<std::string> names;
        std::vector<size_t> nonce_of(kAccounts, 0);
        std::vector<bool> nonce_known(kAccounts, false);
        for (int k = 0; k < kTxsPerBlock; ++k) {
            unsigned roll = static_cast<unsigned>(w.pick(total_weight));
            const GeneratorRow* row = &rows.front();
            for (const GeneratorRow& r : rows) {
                if (roll < r.weight) {
                    row = &r;
                    break;
                }
                roll -= r.weight;
            }
            std::optional<Planned> p = row->make(w);
            if (!p) continue;
            auto op = op_from_json(p->op, decimals, w.chain.registry());
            ASSERT_TRUE(op.ok()) << row->name << ": " << op.error().message << " " << p->op.dump();
            // One tx per account and block keeps nonces simple; a second is sent next block.
            if (nonce_known[p->signer]) continue;
            nonce_known[p->signer] = true;
            SignedTx stx = w.chain.tx(p->signer, {op.value()})->signed_tx;
            for (size_t c : p->cosigners) sign_tx(stx, derived_key(InstrumentChain::kKeyTag, 100 + c));
            txs.push_back(make_envelope(std::move(stx)));
            names.push_back(row->name);
        }
        const StateWrites first = writes_of(w, txs), second = writes_of(w, txs);
        ASSERT_TRUE(same_writes(first, second)) << "block " << block << ": two executions differ";
        BuiltBlock built = w.chain.run(txs);
        ASSERT_TRUE(same_writes(built.result.writes, first))
            << "block " << block << ": the committed writes differ";
        size_t r = 0;
        for (size_t i = 0; i < txs.size(); ++i) {
            const bool excluded = std::any_of(built.excluded.begin(), built.excluded.end(),
                                              [&](const ExcludedTx& e) { return e.tx == txs[i]; });
            ++tried_succeeded[names[i]].first;
            if (excluded) continue;
            const Receipt& rec = built.result.receipts.at(r++);
            ++ops;
            if (rec.status != TxStatus::success) {
                ++refusals[names[i] + " " + std::string(reason_name(rec.reason))];
                continue;
            }
            ++tried_succeeded[names[i]].second;
            const InstrumentId id = instrument_id(txs[i]->tx_hash, 0);
            if (names[i] == "transfer_request") w.requests.push_back(id);
            if (names[i] == "campaign_create") w.campaigns.push_back(id);
            if (names[i] == "distribute") w.distributions.push_back(id);
            if (names[i] == "vote_create") w.votes.push_back(id);
            if (names[i] == "pledge") w.pledges.push_back(id);
        }
        for (const char* symbol : kAssets)
            ASSERT_TRUE(w.chain.conserved(symbol)) << symbol << " block " << block;
        ASSERT_TRUE(escrow_matches(w)) << "block " << block;
    }
    for (const auto& [name, counts] : tried_succeeded)
        std::printf("  %-24s %4zu sent %4zu succeeded\n", name.c_str(), counts.first, counts.second);
    for (const auto& [what, count] : refusals) std::printf("  refused %-40s %4zu\n", what.c_str(), count);
    EXPECT_GE(ops, 1000u);
    EXPECT_GT(w.chain.ledger().height(), 200u);
    // Every kind of op succeeded at least once: the run exercised what it claims to.
    for (const GeneratorRow& row : rows) {
        EXPECT_GT(tried_succeeded[row.name].first, 0u) << row.name;
        if (row.must_succeed) {
            EXPECT_GT(tried_succeeded[row.name].second, 0u) << row.name;
        }
    }
}

}  // namespace
}  // namespace folio::test
