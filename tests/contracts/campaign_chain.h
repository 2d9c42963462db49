// The chain the campaign instrument's tests run on (tests/contracts/instrument_chain.h with the campaign
// instrument alone): holders h0..h3 (retail, KYC level 1) with 1,000.00 EURX and 100 ACME each; the registrar
// issues both and, here, is KYC'd so that it can receive the funds a campaign releases. CampaignChain signs and
// runs one campaign op per block and reads campaigns, balances and the instrument's queries back.
#pragma once

#include <nlohmann/json.hpp>

#include "chain/op_json.h"
#include "contracts/campaign.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {


using contracts::Campaign;
using contracts::CampaignCreateOp;
using contracts::CampaignPageOp;
using contracts::CampaignStatus;
using contracts::CampaignSubscribeOp;
using contracts::CampaignWithdrawOp;
using nlohmann::json;

inline constexpr size_t kIssuer = InstrumentChain::kRegistrar;
inline constexpr uint64_t kDayMs = 24ull * 3600 * 1000;

inline std::vector<std::unique_ptr<contracts::Instrument>> campaign_only() {
    std::vector<std::unique_ptr<contracts::Instrument>> v;
    v.push_back(contracts::make_campaign_instrument());
    return v;
}

inline bool succeeded(const Receipt& r) {
    return r.status == TxStatus::success;
}

class CampaignChain {
  public:
    explicit CampaignChain(std::vector<std::unique_ptr<contracts::Instrument>> instruments = campaign_only())
        : chain_(std::move(instruments)) {
        // The registrar attests itself (professional) so that released EURX can reach it.
        attest(kIssuer, 1, "professional");
    }

    InstrumentChain& chain() { return chain_; }

    void attest(size_t who, uint8_t level, std::string category, uint64_t expires_ms = 4102444800000ULL) {
        const Receipt r = chain_.run_one(
            kIssuer,
            {encode_op(KycAttestOp{chain_.account(who), level, std::move(category), expires_ms, {}})});
        ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    }

    // 10.00 EURX a share, target 100.00, cap 500.00, tickets 10.00..300.00, deadline a minute ahead.
    CampaignCreateOp terms(std::string asset = "ACME") const {
        CampaignCreateOp op;
        op.asset = std::move(asset);
        op.currency = "EURX";
        op.price = op.asset.empty() ? 0 : 1000;
        op.target = 10000;
        op.cap = 50000;
        op.min_ticket = 1000;
        op.max_ticket = 30000;
        op.deadline_ms = chain_.next_block_time_ms() + 60'000;
        op.terms_hash.fill(0x11);
        return op;
    }

    // Creates the campaign (the issuer signs) and returns its id; fails the test if refused.
    InstrumentId create(const CampaignCreateOp& op, size_t signer = kIssuer) {
        const TxPtr tx = chain_.tx(signer, {contracts::encode_campaign_create(op)});
        const BuiltBlock b = chain_.run({tx});
        EXPECT_EQ(b.result.receipts.size(), 1u);
        EXPECT_TRUE(!b.result.receipts.empty() && succeeded(b.result.receipts[0]))
            << (b.result.receipts.empty() ? "excluded" : reason_name(b.result.receipts[0].reason));
        return instrument_id(tx->tx_hash, 0);
    }
    Receipt try_create(const CampaignCreateOp& op, size_t signer = kIssuer) {
        return chain_.run_one(signer, {contracts::encode_campaign_create(op)});
    }
    Receipt subscribe(const InstrumentId& id, size_t investor, Amount amount) {
        return chain_.run_one(
            investor, {contracts::encode_campaign_subscribe(CampaignSubscribeOp{id, "EURX", amount})});
    }
    Receipt withdraw(const InstrumentId& id, size_t investor) {
        return chain_.run_one(investor, {contracts::encode_campaign_withdraw(CampaignWithdrawOp{id})});
    }
    Receipt close(const InstrumentId& id, size_t signer, uint32_t limit = 500) {
        return chain_.run_one(signer, {contracts::encode_campaign_close(CampaignPageOp{id, limit})});
    }
    Receipt settle(const InstrumentId& id, size_t signer, uint32_t limit = 500) {
        return chain_.run_one(signer, {contracts::encode_campaign_settle(CampaignPageOp{id, limit})});
    }
    // Moves block time past the campaign's deadline.
    void pass_deadline(const InstrumentId& id) {
        const uint64_t next = chain_.next_block_time_ms();
        const uint64_t deadline = campaign(id).terms.deadline_ms;
        if (next <= deadline) chain_.advance_time_ms(deadline - next + 1);
    }

    Campaign campaign(const InstrumentId& id) const {
        auto c = contracts::read_campaign(chain_.ledger().state(), id);
        EXPECT_TRUE(c.has_value());
        return c.value_or(Campaign{});
    }
    Amount eurx(size_t who) const { return chain_.balance("EURX", who).amount; }
    Amount acme(size_t who) const { return chain_.balance("ACME", who).amount; }

    DecimalsLookup decimals() const {
        return [this](std::string_view symbol) -> std::optional<uint8_t> {
            AssetId id = 0;
            Asset a;
            if (!read_asset_id(chain_.ledger().state(), symbol, id) ||
                !read_asset(chain_.ledger().state(), id, a))
                return std::nullopt;
            return a.decimals;
        };
    }
    // An op written as tx_build takes it, signed by `signer` in its own block.
    Receipt send(size_t signer, const json& j) {
        auto op = op_from_json(j, decimals(), chain_.registry());
        EXPECT_TRUE(op.ok()) << j.dump();
        return chain_.run_one(signer, {op.ok() ? op.value() : Op{}});
    }

    Result<json> query(std::string_view name, const json& params) {
        const DecimalsLookup decimals = this->decimals();
        QueryContext ctx{chain_.ledger().state(), chain_.ledger().height(), chain_.ledger().store(),
                         decimals};
        for (const InstrumentQuery* q : chain_.registry().queries()) {
            if (q->name == name) return q->handler(ctx, params);
        }
        return make_error(Reason::NOT_FOUND, "no query");
    }

  private:
    mutable InstrumentChain chain_;
};

inline size_t count_events(const Receipt& r, std::string_view kind) {
    size_t n = 0;
    for (const Event& e : r.events) n += e.kind == kind ? 1 : 0;
    return n;
}
}  // namespace folio::test
