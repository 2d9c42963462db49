// The export source over a Ledger (audit/export_source.h).
#include <algorithm>

#include "audit/export_source.h"

namespace folio::audit {
namespace {

constexpr size_t kHistoryPage = 1000;

class StoreExportSource final : public ExportSource {
  public:
    StoreExportSource(const Store& store, StateReader state, const ChainId& chain_id, std::string description,
                      bool verified)
        : store_(store), state_(std::move(state)), chain_id_(chain_id), description_(std::move(description)),
          verified_(verified), head_(store.height()) {}

    const std::string& description() const override { return description_; }
    bool verified() const override { return verified_; }
    const ChainId& chain_id() const override { return chain_id_; }
    Height head() const override { return head_; }

    Result<BlockHeader> header(Height height) override { return store_.header(height); }

    Result<AssetFacts> asset(const std::string& symbol) override {
        auto id_record = state_(state_key::symbol(symbol));
        if (!id_record) return id_record.error();
        if (!*id_record) return make_error(Reason::NOT_FOUND, "no asset " + symbol);
        Reader r(**id_record);
        AssetId id = 0;
        if (!r.u32("asset id", id) || !r.finish())
            return make_error(Reason::CORRUPTION, "the symbol record of " + symbol + " does not decode");
        auto a = asset_record(id);
        if (!a) return a.error();
        if (!*a) return make_error(Reason::CORRUPTION, "the asset record of " + symbol + " is missing");
        return AssetFacts{(*a)->id, (*a)->symbol, (*a)->decimals};
    }

    Result<std::vector<AssetFacts>> assets() override {
        std::vector<AssetFacts> out;
        auto counter = state_(state_key::meta("next_asset_id"));
        if (!counter) return counter.error();
        if (!*counter) return out;
        Reader r(**counter);
        AssetId next = 1;
        if (!r.u32("next_asset_id", next) || !r.finish())
            return make_error(Reason::CORRUPTION, "the state's asset counter does not decode");
        for (AssetId id = 1; id < next; ++id) {
            auto a = asset_record(id);
            if (!a) return a.error();
            if (*a) out.push_back(AssetFacts{(*a)->id, (*a)->symbol, (*a)->decimals});
        }
        return out;
    }

    Result<std::optional<RecordedSupply>> recorded_supply(const AssetFacts& asset, Height height) override {
        const std::string source = "asset record at block " + std::to_string(height);
        if (height != head_) {
            // Below the head: the store's asset history, written in each block's batch.
            auto past = store_.asset_at(asset.id, height);
            if (!past && past.reason() == Reason::NOT_FOUND) return std::optional<RecordedSupply>();
            if (!past) return past.error();
            if (!*past) return std::optional<RecordedSupply>(RecordedSupply{0, 0, "no " + source + " (created later)"});
            return std::optional<RecordedSupply>(RecordedSupply{(*past)->supply, (*past)->holders, source, (*past)->escrow});
        }
        // At the head: the head state, checked against its state_root.
        auto a = asset_record(asset.id);
        if (!a) return a.error();
        if (!*a) return make_error(Reason::CORRUPTION, "the asset record of " + asset.symbol + " is missing");
        return std::optional<RecordedSupply>(RecordedSupply{(*a)->supply, (*a)->holders, source, (*a)->escrow});
    }

    Result<std::vector<HolderRow>> holders(const AssetFacts& asset, Height height, std::optional<AccountId> after,
                                           size_t limit, bool with_kyc) override {
        auto entries = store_.holders_at(asset.id, height, after, limit);
        if (!entries) return entries.error();
        std::vector<HolderRow> out;
        out.reserve(entries->size());
        std::vector<AccountId> accounts;
        for (const HolderEntry& e : *entries) {
            out.push_back(HolderRow{e.account, Balance{e.amount, e.locked, e.frozen}, std::nullopt});
            accounts.push_back(e.account);
        }
        if (with_kyc) {
            auto kyc = store_.kyc_at(accounts, height);
            if (!kyc) return kyc.error();
            for (size_t i = 0; i < out.size(); ++i) out[i].kyc = std::move((*kyc)[i]);
        }
        return out;
    }

    Result<Balance> balance_at(const AssetFacts& asset, const AccountId& account, Height height) override {
        return store_.balance_at(asset.id, account, height);
    }

    Result<bool> has_account(const AccountId& account) override {
        auto record = state_(state_key::account(account));
        if (!record) return record.error();
        return record->has_value();
    }

    Result<ExportBlock> block(Height height) override {
        ExportBlock b;
        auto header = store_.header(height);
        if (!header) return header.error();
        b.header = std::move(*header);
        auto body = store_.body(height);
        if (!body) return body.error();
        b.txs = std::move(*body);
        if (height == 0) return b;  // block 0 executes no tx
        auto receipts = store_.receipts(height);
        if (!receipts) return receipts.error();
        b.receipts = std::move(*receipts);
        if (b.receipts.size() != b.txs.size()) {
            return make_error(Reason::CORRUPTION, "block " + std::to_string(height) + " has " +
                                                      std::to_string(b.txs.size()) + " txs but " +
                                                      std::to_string(b.receipts.size()) + " receipts");
        }
        for (size_t i = 0; i < b.txs.size(); ++i) {
            if (b.receipts[i].tx_hash != b.txs[i]->tx_hash) {
                return make_error(Reason::CORRUPTION, "the receipt of tx " + std::to_string(i) + " of block " +
                                                          std::to_string(height) + " names another tx");
            }
        }
        return b;
    }

    Result<std::vector<HistoryEntry>> account_txs(const AccountId& account, Height from, Height to) override {
        std::vector<HistoryEntry> out;
        std::optional<HistoryEntry> before = HistoryEntry{to + 1, 0};
        for (;;) {
            auto page = store_.history(account, before, kHistoryPage);
            if (!page) return page.error();
            for (const HistoryEntry& e : *page) {
                if (e.height < from) {
                    std::reverse(out.begin(), out.end());
                    return out;
                }
                out.push_back(e);
            }
            if (page->size() < kHistoryPage) break;
            before = page->back();
        }
        std::reverse(out.begin(), out.end());
        return out;
    }

  private:
    // The asset record at the head (nullopt: no asset of that id).
    Result<std::optional<Asset>> asset_record(AssetId id) {
        auto record = state_(state_key::asset(id));
        if (!record) return record.error();
        if (!*record) return std::optional<Asset>();
        Asset a;
        if (!Asset::decode(**record, a))
            return make_error(Reason::CORRUPTION, "the asset record of asset " + std::to_string(id) + " does not decode");
        return std::optional<Asset>(std::move(a));
    }

    const Store& store_;
    StateReader state_;
    ChainId chain_id_;
    std::string description_;
    bool verified_;
    Height head_;
};

}  // namespace

std::unique_ptr<ExportSource> store_export_source(const Store& store, StateReader state, const ChainId& chain_id,
                                                  std::string description, bool verified) {
    return std::make_unique<StoreExportSource>(store, std::move(state), chain_id, std::move(description), verified);
}

}  // namespace folio::audit
