// The export source over a Ledger (audit/export_source.h).
#include <algorithm>

#include "audit/export_source.h"

namespace folio::audit {
namespace {

constexpr size_t kHistoryPage = 1000;

class StoreExportSource final : public ExportSource {
  public:
    StoreExportSource(Ledger& ledger, std::string description, bool verified)
        : ledger_(ledger), description_(std::move(description)), verified_(verified), head_(ledger.height()) {}

    const std::string& description() const override { return description_; }
    bool verified() const override { return verified_; }
    const ChainId& chain_id() const override { return ledger_.chain_id(); }
    Height head() const override { return head_; }

    Result<BlockHeader> header(Height height) override { return ledger_.store().header(height); }

    Result<AssetFacts> asset(const std::string& symbol) override {
        AssetId id = 0;
        Asset a;
        if (!read_asset_id(ledger_.state(), symbol, id) || !read_asset(ledger_.state(), id, a))
            return make_error(Reason::NOT_FOUND, "no asset " + symbol);
        return AssetFacts{a.id, a.symbol, a.decimals};
    }

    Result<std::vector<AssetFacts>> assets() override {
        std::vector<AssetFacts> out;
        Bytes counter;
        if (!ledger_.state().get(state_key::meta("next_asset_id"), counter)) return out;
        Reader r(counter);
        AssetId next = 1;
        if (!r.u32("next_asset_id", next) || !r.finish())
            return make_error(Reason::CORRUPTION, "the state's asset counter does not decode");
        for (AssetId id = 1; id < next; ++id) {
            Asset a;
            if (read_asset(ledger_.state(), id, a)) out.push_back(AssetFacts{a.id, a.symbol, a.decimals});
        }
        return out;
    }

    Result<std::optional<RecordedSupply>> recorded_supply(const AssetFacts& asset, Height height) override {
        // The asset record is known at the head: the ledger's state, checked against its state_root.
        if (height != head_) return std::optional<RecordedSupply>();
        Asset a;
        if (!read_asset(ledger_.state(), asset.id, a))
            return make_error(Reason::CORRUPTION, "the asset record of " + asset.symbol + " is missing");
        return std::optional<RecordedSupply>(
            RecordedSupply{a.supply, a.holders, "asset record at block " + std::to_string(height)});
    }

    Result<std::vector<HolderRow>> holders(const AssetFacts& asset, Height height, std::optional<AccountId> after,
                                           size_t limit, bool with_kyc) override {
        auto entries = ledger_.store().holders_at(asset.id, height, after, limit);
        if (!entries) return entries.error();
        std::vector<HolderRow> out;
        out.reserve(entries->size());
        for (const HolderEntry& e : *entries) {
            HolderRow row{e.account, Balance{e.amount, e.locked, e.frozen}, std::nullopt};
            if (with_kyc) {
                auto kyc = ledger_.store().kyc_at(e.account, height);
                if (!kyc) return kyc.error();
                row.kyc = std::move(*kyc);
            }
            out.push_back(std::move(row));
        }
        return out;
    }

    Result<Balance> balance_at(const AssetFacts& asset, const AccountId& account, Height height) override {
        return ledger_.store().balance_at(asset.id, account, height);
    }

    Result<bool> has_account(const AccountId& account) override {
        Account a;
        return read_account(ledger_.state(), account, a);
    }

    Result<ExportBlock> block(Height height) override {
        ExportBlock b;
        auto header = ledger_.store().header(height);
        if (!header) return header.error();
        b.header = std::move(*header);
        auto body = ledger_.store().body(height);
        if (!body) return body.error();
        b.txs = std::move(*body);
        if (height == 0) return b;  // block 0 executes no tx
        auto receipts = ledger_.store().receipts(height);
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
            auto page = ledger_.store().history(account, before, kHistoryPage);
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
    Ledger& ledger_;
    std::string description_;
    bool verified_;
    Height head_;
};

}  // namespace

std::unique_ptr<ExportSource> store_export_source(Ledger& ledger, std::string description, bool verified) {
    return std::make_unique<StoreExportSource>(ledger, std::move(description), verified);
}

}  // namespace folio::audit
