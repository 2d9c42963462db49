// instruments_invariants: thousands of random ops of every instrument (core transfers and freezes, equity
// approval requests, campaigns, minibond coupons, distributions, votes, pledges, delivery versus payment) over
// hundreds of blocks, with
// the ledger's accounting checked after every block:
//   - per asset: Σ amounts + escrow = supply, Σ lock records = locked, locked + frozen <= amount, holder counts;
//   - per payout (distribution or coupon): paid + withheld + reclaimed <= funded;
//   - the currency's escrow is exactly what campaigns and payouts hold: Σ (raised − settled) + Σ (withheld +
//     unpaid);
//   - each block built twice on the same head gives the same writes, receipts and state root.
// Seeded: the seed is printed, FOLIO_SEED=<n> replays a run, FOLIO_INVARIANT_BLOCKS=<n> makes it longer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>

#include "chain/crypto/bech32m.h"
#include "contracts/campaign.h"
#include "contracts/campaign_state.h"
#include "contracts/distribution.h"
#include "contracts/dvp.h"
#include "contracts/equity.h"
#include "contracts/local_currency.h"
#include "contracts/minibond.h"
#include "contracts/minibond_state.h"
#include "contracts/payout.h"
#include "contracts/pledges.h"
#include "contracts/votes.h"
#include "tests/contracts/securities_chain.h"
#include "tests/support/test_seed.h"

namespace folio::test {
namespace {

using nlohmann::json;
constexpr uint64_t kDayMs = 24ull * 3600 * 1000;
constexpr size_t kIssuer = SecuritiesChain::kIssuer;
constexpr size_t kPeople = InstrumentChain::kHolders + 1;  // the holders and the registrar

std::vector<std::unique_ptr<contracts::Instrument>> every_instrument() {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(contracts::make_equity());
    v.push_back(contracts::make_campaign_instrument());
    v.push_back(contracts::make_minibond_instrument());
    v.push_back(contracts::make_distribution_instrument());
    v.push_back(contracts::make_votes_instrument());
    v.push_back(contracts::make_pledges_instrument());
    v.push_back(contracts::make_dvp_instrument());
    v.push_back(contracts::make_local_currency_instrument());
    return v;
}

// One candidate tx of a block: who signs, its one op, who co-signs.
struct Planned {
    size_t signer;
    json op;
    std::vector<size_t> cosigners;
};

class InvariantRun {
  public:
    explicit InvariantRun(uint64_t seed) : rng_(seed), chain_(every_instrument()) {
        // BOND: a minibond repaid in EUR, terms set before it is issued, first instalment due in a day.
        chain_.create_asset("BOND", "minibond");
        SecuritiesChain::expect_ok(chain_.send(
            kIssuer, {{"op", "minibond_terms"}, {"asset", "BOND"}, {"currency", "EUR"}, {"nominal", "10.00"},
                      {"rate_bps", 500}, {"schedule", "annuity"}, {"period_months", 1}, {"instalments", 6},
                      {"deferral", 0}, {"first_due_ms", chain_.time_ms_of_next_block() + kDayMs}}));
        std::vector<std::pair<size_t, std::string>> bonds, eur;
        for (size_t i = 0; i < InstrumentChain::kHolders; ++i) {
            bonds.emplace_back(i, std::to_string(10 * (i + 1)));
            eur.emplace_back(i, "500.00");
        }
        SecuritiesChain::expect_ok(chain_.send(kIssuer, chain_.issue("BOND", bonds)));
        SecuritiesChain::expect_ok(chain_.send(kIssuer, chain_.issue("EUR", eur)));
        // GON: a local currency that melts 2 % a month, capped at 2,000.00 a holding, reconverted by merchants
        // (h3) for a fee to the registrar, fully backed by a declared reserve.
        SecuritiesChain::expect_ok(chain_.send(kIssuer, {{"op", "asset_create"}, {"symbol", "GON"},
                                                         {"class", "currency"}, {"decimals", 2},
                                                         {"max_supply", "1000000.00"}}));
        SecuritiesChain::expect_ok(chain_.send(
            kIssuer, {{"op", "currency_terms"}, {"asset", "GON"}, {"fee_bps", 300},
                      {"fee_account", chain_.address(kIssuer)}, {"redeem_by", "merchants"}, {"max_balance", "2000.00"},
                      {"demurrage_bps", 200}, {"demurrage_period_ms", 30 * kDayMs}}));
        SecuritiesChain::expect_ok(chain_.send(kIssuer, reserve("6000.00")));
        SecuritiesChain::expect_ok(chain_.send(kIssuer, {{"op", "merchant_set"}, {"asset", "GON"},
                                                         {"account", chain_.address(3)}, {"merchant", true}}));
    }

    // One block of 1..16 random txs; false once a check failed (the test stops there).
    bool step() {
        std::vector<Planned> plan;
        const size_t n = 1 + pick(16);
        for (size_t i = 0; i < n; ++i) plan.push_back(random_op());
        std::vector<TxPtr> txs;
        std::map<size_t, uint64_t> extra_nonce;
        for (Planned& p : plan) {
            auto op = chain_.try_op(p.op);
            if (!op) continue;  // a random amount the decimals do not allow: not an op at all
            Account a;
            const uint64_t committed =
                read_account(chain_.ledger_state(), chain_.account(p.signer), a) ? a.nonce : 0;
            SignedTx stx = chain_.tx(p.signer, {*op}, committed + extra_nonce[p.signer]++)->signed_tx;
            for (size_t c : p.cosigners) sign_tx(stx, derived_key(InstrumentChain::kKeyTag, 100 + c));
            txs.push_back(make_envelope(std::move(stx)));
        }
        const BuiltBlock first = chain_.build(txs);
        const BuiltBlock again = chain_.build(txs);
        EXPECT_EQ(first.block.header.state_root, again.block.header.state_root);
        EXPECT_TRUE(same_writes(first.result.writes, again.result.writes)) << "a block built twice differs";
        EXPECT_EQ(first.result.receipts.size(), again.result.receipts.size());
        chain_.commit(first);
        remember(first);
        // Now and then time jumps: a quarter day to a day (deadlines, expiries), or a month (the next coupon).
        if (pick(10) == 0) chain_.advance_time_ms(pick(2) == 0 ? 31 * kDayMs : kDayMs / 4 + pick(kDayMs));
        return check();
    }

    size_t successes() const { return successes_; }
    const std::map<std::string, size_t>& events() const { return events_; }
    size_t txs() const { return txs_; }

  private:
    size_t pick(uint64_t n) { return static_cast<size_t>(rng_() % n); }
    size_t someone() { return pick(kPeople); }
    size_t holder() { return pick(InstrumentChain::kHolders); }
    std::string hex(const InstrumentId& id) const { return instrument_id_hex(id); }
    // Mostly the newest record, so that records gather enough ops to reach their later states.
    std::string any(const std::vector<InstrumentId>& ids) {
        if (ids.empty()) return std::string(32, '0');
        return hex(pick(4) ? ids.back() : ids[pick(ids.size())]);
    }
    std::string cents(uint64_t max_cents) {
        const uint64_t c = 1 + pick(max_cents);
        return std::to_string(c / 100) + "." + (c % 100 < 10 ? "0" : "") + std::to_string(c % 100);
    }
    uint64_t now() const { return chain_.time_ms_of_next_block(); }
    static json reserve(const std::string& amount) {
        return {{"op", "reserve_declare"}, {"asset", "GON"}, {"reserve", amount}, {"doc_hash", std::string(64, 'b')}};
    }
    // A fresh deposit reference, or now and then the last one again (refused DEPOSIT_REF_USED).
    std::string deposit_ref() {
        if (deposits_ == 0 || pick(8)) ++deposits_;
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(deposits_));
        return std::string(48, '0') + hex;
    }
    Height height() const { return chain_.height(); }

    Planned random_op() {
        switch (pick(24)) {
            case 0:
            case 1:
                return {holder(), {{"op", "transfer"}, {"asset", "EUR"}, {"to", chain_.address(someone())},
                                   {"amount", cents(5000)}}};
            case 2:
                return {holder(), {{"op", "transfer"}, {"asset", pick(2) ? "ACME" : "BOND"},
                                   {"to", chain_.address(holder())}, {"amount", std::to_string(1 + pick(8))}}};
            case 3:
                return {kIssuer, {{"op", pick(3) ? "unfreeze" : "freeze"}, {"account", chain_.address(holder())}}};
            case 4:
                return {kIssuer, {{"op", "policy_set"}, {"asset", "ACME"}, {"approval", pick(2) == 0},
                                  {"max_holders", pick(2) ? 0 : 5}}};
            case 5:
                return {holder(), {{"op", "transfer_request"}, {"asset", "ACME"}, {"to", chain_.address(holder())},
                                   {"amount", std::to_string(1 + pick(10))}, {"expires_ms", now() + pick(kDayMs)}}};
            case 6: {
                const char* ops[] = {"transfer_approve", "transfer_reject", "transfer_cancel"};
                const char* op = ops[pick(3)];
                return {std::string(op) == "transfer_cancel" ? someone() : kIssuer, {{"op", op}, {"id", any(requests_)}}};
            }
            case 7:
                if (pick(3)) return {holder(), {{"op", "campaign_subscribe"}, {"id", any(campaigns_)}, {"currency", "EUR"},
                                                {"amount", "50.00"}}};
                return {kIssuer, {{"op", "campaign_create"}, {"asset", "ACME"}, {"currency", "EUR"},
                                  {"price", "10.00"}, {"target", "100.00"}, {"cap", "400.00"}, {"min_ticket", "10.00"},
                                  {"max_ticket", "200.00"}, {"deadline_ms", now() + kDayMs / 2 + pick(2 * kDayMs)},
                                  {"terms_hash", std::string(64, 'e')}}};
            case 8:
            case 9:
                return {holder(), {{"op", "campaign_subscribe"}, {"id", any(campaigns_)}, {"currency", "EUR"},
                                   {"amount", std::to_string(10 * (1 + pick(8))) + ".00"}}};
            case 10:
                return {holder(), {{"op", "campaign_withdraw"}, {"id", any(campaigns_)}}};
            case 11:
                return {pick(2) ? kIssuer : someone(),
                        {{"op", pick(2) ? "campaign_close" : "campaign_settle"}, {"id", any(campaigns_)},
                         {"limit", 1 + pick(3)}}};
            case 12:
                return {kIssuer, {{"op", "distribute"}, {"asset", pick(2) ? "ACME" : "BOND"}, {"currency", "EUR"},
                                  {"kind", "dividend"}, {"total", cents(20000)}, {"record_height", height() - pick(3)},
                                  {"expires_ms", now() + kDayMs + pick(10 * kDayMs)}, {"limit", 1 + pick(3)}}};
            case 13: {
                const char* ops[] = {"distribution_pay", "distribution_claim", "distribution_reclaim"};
                const char* op = ops[pick(3)];
                return {std::string(op) == "distribution_reclaim" ? kIssuer : someone(),
                        {{"op", op}, {"id", any(distributions_)}}};
            }
            case 14:
                return {kIssuer, {{"op", "coupon_pay"}, {"asset", "BOND"},
                                  {"instalment", pick(4) ? next_instalment_ : 1 + pick(6)},
                                  {"record_height", open_coupon_record_.value_or(height() - pick(2))},
                                  {"limit", 1 + pick(3)}}};
            case 15:
                return {holder(), {{"op", "coupon_claim"}, {"asset", "BOND"}, {"instalment", 1 + pick(6)}}};
            case 16:
                return {kIssuer, {{"op", "vote_create"}, {"asset", "ACME"}, {"question_hash", std::string(64, 'a')},
                                  {"options", 2 + pick(3)}, {"snapshot_height", height() - pick(3)},
                                  {"close_height", height() + 2 + pick(20)}, {"weighting", pick(2) ? "units" : "holders"},
                                  {"quorum_bps", pick(10001)}, {"majority_bps", 1 + pick(10000)}}};
            case 17:
                return {holder(), {{"op", "vote_cast"}, {"id", any(votes_)}, {"option", 1 + pick(4)}}};
            case 18: {
                const size_t h = holder();
                const size_t beneficiary = (h + 1 + pick(InstrumentChain::kHolders - 1)) % InstrumentChain::kHolders;
                return {h,
                        {{"op", "pledge"}, {"asset", pick(2) ? "ACME" : "BOND"}, {"amount", std::to_string(1 + pick(20))},
                         {"beneficiary", chain_.address(beneficiary)}, {"doc_hash", std::string(64, 'd')}},
                        {beneficiary}};
            }
            case 20: {
                // Shares against currency, both parties signing; a leg either side cannot cover fails whole.
                const size_t h = holder();
                const size_t other = (h + 1 + pick(InstrumentChain::kHolders - 1)) % InstrumentChain::kHolders;
                return {h,
                        {{"op", "dvp"}, {"counterparty", chain_.address(other)},
                         {"give", {{"asset", pick(2) ? "ACME" : "BOND"}, {"amount", std::to_string(1 + pick(10))}}},
                         {"get", {{"asset", "EUR"}, {"amount", cents(30000)}}}},
                        {other}};
            }
            case 21:
                if (pick(6) == 0) return {kIssuer, reserve(cents(2000000))};
                return {kIssuer, {{"op", "mint"}, {"asset", "GON"}, {"to", chain_.address(holder())},
                                  {"amount", cents(60000)}, {"deposit_ref", deposit_ref()}}};
            case 22:
                return {holder(), {{"op", "transfer"}, {"asset", "GON"}, {"to", chain_.address(holder())},
                                   {"amount", cents(40000)}}};
            case 23:
                if (pick(8) == 0)
                    return {kIssuer, {{"op", "merchant_set"}, {"asset", "GON"}, {"account", chain_.address(holder())},
                                      {"merchant", pick(2) == 0}}};
                return {pick(2) ? size_t{3} : holder(),
                        {{"op", "redeem"}, {"asset", "GON"}, {"amount", cents(20000)}, {"payout_ref", std::string(64, 'f')}}};
            default: {
                if (pick(2)) return {kIssuer, {{"op", "pledge_enforce"}, {"id", any(pledges_)}, {"legal_ref", std::string(64, 'c')}}};
                // The beneficiary is unknown here: any holder tries, only the right one succeeds.
                return {holder(), {{"op", "pledge_release"}, {"id", any(pledges_)}}};
            }
        }
    }

    static bool same_writes(const StateWrites& a, const StateWrites& b) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (a[i].key != b[i].key || a[i].value != b[i].value) return false;
        }
        return true;
    }

    // The ids the block's successful ops created, by kind, for later ops to name.
    void remember(const BuiltBlock& built) {
        for (const Receipt& r : built.result.receipts) {
            ++txs_;
            if (r.status != TxStatus::success) continue;
            ++successes_;
            for (const Event& e : r.events) {
                ++events_[e.kind];
                if (e.kind == "transfer_request") add(requests_, e.id);
                else if (e.kind == "campaign_create") add(campaigns_, e.id);
                else if (e.kind == "escrow_in") add_payout(e.id);
                else if (e.kind == "vote_open") add(votes_, e.id);
                else if (e.kind == "pledge") add(pledges_, e.id);
            }
        }
    }
    static void add(std::vector<InstrumentId>& ids, const InstrumentId& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    void add_payout(const InstrumentId& id) {
        if (contracts::read_payout(chain_.ledger_state(), contracts::kDistributionPrefix, id)) add(distributions_, id);
    }

    bool check() {
        for (const char* symbol : {"EUR", "ACME", "BOND", "GON"}) {
            auto ok = chain_.conserved(symbol);
            EXPECT_TRUE(ok) << symbol << " at height " << height();
            if (!ok) return false;
        }
        const StateView& state = chain_.ledger_state();
        Amount held_by_instruments = 0;
        for (const InstrumentId& id : campaigns_) {
            const auto c = contracts::read_campaign(state, id);
            if (!c) continue;
            EXPECT_LE(c->settled, c->raised) << "campaign " << hex(id);
            held_by_instruments += c->escrowed();
        }
        auto payout_ok = [&](const contracts::PayoutRecord& p, const std::string& what) {
            const bool fits = p.paid + p.withheld + p.reclaimed <= p.funded();
            EXPECT_TRUE(fits) << what << ": paid + withheld + reclaimed exceeds funded";
            held_by_instruments += fits ? p.withheld + p.unpaid() : 0;
            return fits;
        };
        for (const InstrumentId& id : distributions_) {
            const auto p = contracts::read_payout(state, contracts::kDistributionPrefix, id);
            if (p && !payout_ok(*p, "distribution " + hex(id))) return false;
        }
        const AssetId bond = chain_.asset("BOND");
        for (uint16_t k = 1; k <= 6; ++k) {
            const auto id = contracts::minibond_state::coupon_id(state, bond, k);
            if (!id) continue;
            const auto p = contracts::read_payout(state, contracts::kMinibondPrefix, *id);
            if (p && !payout_ok(*p, "coupon " + std::to_string(k))) return false;
        }
        while (next_instalment_ < 6 && contracts::minibond_state::coupon_done(state, bond, next_instalment_))
            ++next_instalment_;
        // Later pages of an open instalment name its record height.
        open_coupon_record_.reset();
        if (const auto id = contracts::minibond_state::coupon_id(state, bond, next_instalment_)) {
            if (const auto p = contracts::read_payout(state, contracts::kMinibondPrefix, *id))
                open_coupon_record_ = p->record_height;
        }
        EXPECT_EQ(chain_.asset_record("EUR").escrow, held_by_instruments)
            << "the currency's escrow is not what campaigns and payouts hold, at height " << height();
        return !::testing::Test::HasFailure();
    }

    std::mt19937_64 rng_;
    SecuritiesChain chain_;
    std::vector<InstrumentId> requests_, campaigns_, distributions_, votes_, pledges_;
    std::map<std::string, size_t> events_;
    uint64_t deposits_ = 0;
    uint16_t next_instalment_ = 1;  // the BOND instalment to pay next
    std::optional<Height> open_coupon_record_;
    size_t successes_ = 0;
    size_t txs_ = 0;
};

TEST(instruments_invariants, RandomOpsOfEveryInstrumentKeepTheBooksAfterEveryBlock) {
    const uint64_t seed = test_seed("instruments_invariants");
    const char* env = std::getenv("FOLIO_INVARIANT_BLOCKS");
    const size_t blocks = env ? std::strtoull(env, nullptr, 10) : 400;
    InvariantRun run(seed);
    for (size_t b = 0; b < blocks; ++b) {
        if (!run.step()) {
            ADD_FAILURE() << "invariant broken at block " << b << " (FOLIO_SEED=" << seed << ")";
            return;
        }
    }
    std::printf("instruments_invariants: %zu txs in %zu blocks, %zu succeeded; events:", run.txs(), blocks,
                run.successes());
    for (const auto& [kind, n] : run.events()) std::printf(" %s %zu", kind.c_str(), n);
    std::printf("\n");
    // Every kind of instrument work must have happened for the run to prove anything about it.
    for (const char* kind : {"transfer_request", "transfer_approved", "campaign_subscribe", "campaign_mint",
                             "campaign_refund", "escrow_in", "dividend", "coupon", "vote_cast", "pledge", "pledge_release", "dvp_give", "mint", "redeem", "demurrage"}) {
        EXPECT_GT(run.events().count(kind), 0u) << "no " << kind << " event (FOLIO_SEED=" << seed << ")";
    }
    // A run where every op failed would check nothing: enough of them must have done something.
    EXPECT_GT(run.successes(), run.txs() / 5) << "FOLIO_SEED=" << seed;
}

}  // namespace
}  // namespace folio::test
