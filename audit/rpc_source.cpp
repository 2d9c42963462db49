// The export source over a node's read RPC (audit/export_source.h). Raw encodings (header_hex, a tx's raw)
// are decoded with the chain's own decoders; the JSON fields read are the holdings, the KYC attestations
// and each tx's result. Every field is checked for its type before use: a malformed answer is CORRUPTION
// naming the method, never a default value.
#include <nlohmann/json.hpp>

#include "audit/export_source.h"
#include "chain/crypto/bech32m.h"
#include "rpc/client.h"

namespace folio::audit {
namespace {

using nlohmann::json;

constexpr size_t kHoldersPage = 1000;  // asset_holders' largest page
constexpr size_t kHistoryPage = 100;
constexpr size_t kAssetsPage = 1000;

class RpcExportSource final : public ExportSource {
  public:
    RpcExportSource(std::string url, const std::string& token)
        : url_(std::move(url)), description_("rpc " + url_), client_(url_, token) {}

    Status open() {
        auto info = call("chain_info", json::object());
        if (!info) return info.error();
        if (!from_hex_fixed(text(*info, "chain_id"), chain_id_)) return malformed("chain_info", "chain_id");
        auto status = call("chain_status", json::object());
        if (!status) return status.error();
        if (!field(*status, "height").is_number_unsigned()) return malformed("chain_status", "height");
        head_ = field(*status, "height").get<Height>();
        return Status();
    }

    const std::string& description() const override { return description_; }
    bool verified() const override { return false; }
    const ChainId& chain_id() const override { return chain_id_; }
    Height head() const override { return head_; }

    Result<BlockHeader> header(Height height) override {
        auto r = call("block_get", {{"height", height}, {"include_txs", false}});
        if (!r) return r.error();
        return decode_header(*r, height);
    }

    Result<AssetFacts> asset(const std::string& symbol) override {
        auto r = call("asset_get", {{"asset", symbol}});
        if (!r) {
            if (r.reason() == Reason::NOT_FOUND || r.reason() == Reason::UNKNOWN_ASSET)
                return make_error(Reason::NOT_FOUND, "no asset " + symbol);
            return r.error();
        }
        return facts_of(*r, "asset_get");
    }

    Result<std::vector<AssetFacts>> assets() override {
        std::vector<AssetFacts> out;
        json params = {{"limit", kAssetsPage}};
        for (;;) {
            auto r = call("asset_list", params);
            if (!r) return r.error();
            if (!field(*r, "assets").is_array()) return malformed("asset_list", "assets");
            for (const json& a : field(*r, "assets")) {
                auto f = facts_of(a, "asset_list");
                if (!f) return f.error();
                out.push_back(std::move(*f));
            }
            if (!r->contains("next_cursor")) return out;
            params["cursor"] = field(*r, "next_cursor");
        }
    }

    Result<std::optional<RecordedSupply>> recorded_supply(const AssetFacts& asset, Height height) override {
        // asset_get {height} answers the asset record of that block (the node's asset history); UNKNOWN_ASSET
        // there is an asset created later, NOT_FOUND a height below the history the node's database holds.
        const std::string source = "asset record at block " + std::to_string(height);
        auto r = call("asset_get", {{"asset", asset.symbol}, {"height", height}});
        if (!r && r.reason() == Reason::NOT_FOUND) return std::optional<RecordedSupply>();
        if (!r && r.reason() == Reason::UNKNOWN_ASSET)
            return std::optional<RecordedSupply>(RecordedSupply{0, 0, "no " + source + " (created later)"});
        if (!r) return r.error();
        RecordedSupply recorded{0, 0, source};
        if (!parse_amount(text(*r, "supply"), asset.decimals, recorded.supply)) return malformed("asset_get", "supply");
        if (!field(*r, "holders").is_number_unsigned()) return malformed("asset_get", "holders");
        recorded.holders = field(*r, "holders").get<uint64_t>();
        if (r->contains("escrow") && !parse_amount(text(*r, "escrow"), asset.decimals, recorded.escrow))
            return malformed("asset_get", "escrow");
        return std::optional<RecordedSupply>(std::move(recorded));
    }

    Result<std::vector<HolderRow>> holders(const AssetFacts& asset, Height height, std::optional<AccountId> after,
                                           size_t limit, bool with_kyc) override {
        std::vector<HolderRow> out;
        std::optional<std::string> cursor;
        if (after) cursor = crypto::encode_address(*after);
        while (out.size() < limit) {
            json params = {{"asset", asset.symbol},
                           {"height", height},
                           {"limit", std::min(kHoldersPage, limit - out.size())},
                           {"kyc", with_kyc}};
            if (cursor) params["cursor"] = *cursor;
            auto r = call("asset_holders", params);
            if (!r) return r.error();
            if (!field(*r, "holders").is_array()) return malformed("asset_holders", "holders");
            for (const json& h : field(*r, "holders")) {
                HolderRow row;
                auto id = crypto::decode_address(text(h, "account"));
                if (!id) return malformed("asset_holders", "account");
                row.account = *id;
                if (!parse_amount(text(h, "amount"), asset.decimals, row.balance.amount) ||
                    !parse_amount(text(h, "locked"), asset.decimals, row.balance.locked) ||
                    !parse_amount(text(h, "frozen"), asset.decimals, row.balance.frozen)) {
                    return malformed("asset_holders", "amount, locked or frozen");
                }
                if (with_kyc) {
                    auto kyc = kyc_of(h, "asset_holders");
                    if (!kyc) return kyc.error();
                    row.kyc = std::move(*kyc);
                }
                out.push_back(std::move(row));
            }
            if (!r->contains("next_cursor")) break;
            cursor = text(*r, "next_cursor");
        }
        return out;
    }

    Result<Balance> balance_at(const AssetFacts& asset, const AccountId& account, Height height) override {
        auto r = call("account_holdings", {{"account", crypto::encode_address(account)}, {"height", height}});
        if (!r) return r.error();
        if (!field(*r, "holdings").is_array()) return malformed("account_holdings", "holdings");
        for (const json& h : field(*r, "holdings")) {
            if (!field(h, "asset_id").is_number_unsigned()) return malformed("account_holdings", "asset_id");
            if (field(h, "asset_id").get<AssetId>() != asset.id) continue;
            Balance b;
            if (!parse_amount(text(h, "amount"), asset.decimals, b.amount) ||
                !parse_amount(text(h, "locked"), asset.decimals, b.locked) ||
                !parse_amount(text(h, "frozen"), asset.decimals, b.frozen)) {
                return malformed("account_holdings", "amount, locked or frozen");
            }
            return b;
        }
        return Balance{};
    }

    Result<bool> has_account(const AccountId& account) override {
        auto r = call("account_get", {{"account", crypto::encode_address(account)}});
        if (r) return true;
        if (r.reason() == Reason::NOT_FOUND || r.reason() == Reason::UNKNOWN_ACCOUNT) return false;
        return r.error();
    }

    Result<ExportBlock> block(Height height) override {
        auto r = call("block_get", {{"height", height}});
        if (!r) return r.error();
        ExportBlock b;
        auto header = decode_header(*r, height);
        if (!header) return header.error();
        b.header = std::move(*header);
        if (!field(*r, "txs").is_array()) return malformed("block_get", "txs");
        for (const json& t : field(*r, "txs")) {
            auto raw = from_hex(text(t, "raw"));
            if (!raw) return malformed("block_get", "raw");
            auto tx = decode_signed_tx(*raw);
            if (!tx) return make_error(Reason::CORRUPTION, url_ + " block_get " + std::to_string(height) +
                                                               ": a tx does not decode: " + tx.error().message);
            Receipt rc;
            rc.tx_hash = (*tx)->tx_hash;
            const std::string status = text(t, "status");
            if (status == "failed") {
                rc.status = TxStatus::failed;
                if (!reason_from_name(text(t, "reason"), rc.reason) || !field(t, "op_index").is_number_unsigned())
                    return malformed("block_get", "reason or op_index");
                rc.op_index = field(t, "op_index").get<uint16_t>();
            } else if (status != "committed") {
                return malformed("block_get", "status");
            }
            if (Status s = decode_events(t, rc); !s) return s.error();
            b.txs.push_back(std::move(*tx));
            b.receipts.push_back(std::move(rc));
        }
        return b;
    }

    Result<std::vector<HistoryEntry>> account_txs(const AccountId& account, Height from, Height to) override {
        std::vector<HistoryEntry> out;
        json params = {{"account", crypto::encode_address(account)}, {"limit", kHistoryPage}};
        for (;;) {
            auto r = call("account_history", params);
            if (!r) return r.error();
            if (!field(*r, "history").is_array()) return malformed("account_history", "history");
            for (const json& e : field(*r, "history")) {
                if (!field(e, "height").is_number_unsigned() || !field(e, "index").is_number_unsigned())
                    return malformed("account_history", "height or index");
                const Height h = field(e, "height").get<Height>();
                if (h > to) continue;
                if (h < from) {
                    std::reverse(out.begin(), out.end());
                    return out;
                }
                out.push_back(HistoryEntry{h, field(e, "index").get<uint32_t>()});
            }
            if (!r->contains("next_cursor")) break;
            params["cursor"] = field(*r, "next_cursor");
        }
        std::reverse(out.begin(), out.end());
        return out;
    }

  private:
    Result<json> call(const char* method, const json& params) {
        auto r = client_.call(method, params);
        if (!r) return make_error(r.reason(), url_ + " " + method + ": " + r.error().message);
        if (!r->is_object()) return malformed(method, "result");
        return r;
    }

    Error malformed(const std::string& method, const std::string& field) const {
        return make_error(Reason::CORRUPTION, url_ + " " + method + ": a malformed " + field);
    }

    // The member `name`, or null when absent (operator[] on a const json must not be asked for a missing key).
    static const json& field(const json& j, const char* name) {
        static const json kNull;
        if (!j.is_object()) return kNull;
        auto it = j.find(name);
        return it != j.end() ? *it : kNull;
    }

    static std::string text(const json& j, const char* name) {
        if (!j.is_object()) return {};
        auto it = j.find(name);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    }

    Result<BlockHeader> decode_header(const json& r, Height height) const {
        auto raw = from_hex(text(r, "header_hex"));
        if (!raw) return malformed("block_get", "header_hex");
        auto header = BlockHeader::decode(*raw);
        if (!header) return make_error(Reason::CORRUPTION, url_ + " block_get " + std::to_string(height) +
                                                               ": the header does not decode: " +
                                                               header.error().message);
        if (header->height != height || header->chain_id != chain_id_) {
            return make_error(Reason::CORRUPTION, url_ + " block_get " + std::to_string(height) +
                                                      ": the header is not block " + std::to_string(height) +
                                                      " of chain " + to_hex(chain_id_));
        }
        return header;
    }

    // A tx's receipt events from block_get: each the canonical encoding the results_root commits to.
    Status decode_events(const json& t, Receipt& rc) const {
        auto it = t.find("events");
        if (it == t.end()) return Status();
        if (!it->is_array() || it->size() > kMaxReceiptEvents) return malformed("block_get", "events");
        for (const json& e : *it) {
            auto raw = from_hex(text(e, "hex"));
            if (!raw) return malformed("block_get", "event hex");
            Reader r(*raw);
            Event event;
            if (!Event::decode(r, event) || !r.finish()) return malformed("block_get", "event encoding");
            rc.events.push_back(std::move(event));
        }
        return Status();
    }

    Result<AssetFacts> facts_of(const json& a, const std::string& method) const {
        if (!a.is_object() || !field(a, "asset_id").is_number_unsigned() || !field(a, "decimals").is_number_unsigned() ||
            !field(a, "symbol").is_string())
            return malformed(method, "asset");
        return AssetFacts{field(a, "asset_id").get<AssetId>(), field(a, "symbol").get<std::string>(),
                          field(a, "decimals").get<uint8_t>()};
    }

    Result<std::optional<Kyc>> kyc_of(const json& row, const std::string& method) const {
        auto it = row.find("kyc");
        if (it == row.end()) return malformed(method, "kyc");
        if (it->is_null()) return std::optional<Kyc>();
        const json& k = *it;
        Kyc kyc;
        if (!k.is_object() || !field(k, "level").is_number_unsigned() || !field(k, "expires_ms").is_number_unsigned() ||
            !field(k, "attested_height").is_number_unsigned() || !from_hex_fixed(text(k, "doc_hash"), kyc.doc_hash))
            return malformed(method, "kyc");
        auto by = crypto::decode_address(text(k, "attested_by"));
        if (!by) return malformed(method, "kyc attested_by");
        kyc.level = field(k, "level").get<uint8_t>();
        kyc.category = text(k, "category");
        kyc.expires_ms = field(k, "expires_ms").get<uint64_t>();
        kyc.attested_by = *by;
        kyc.attested_height = field(k, "attested_height").get<Height>();
        return std::optional<Kyc>(std::move(kyc));
    }

    std::string url_;
    std::string description_;
    rpc::Client client_;
    ChainId chain_id_{};
    Height head_ = 0;
};

}  // namespace

Result<std::unique_ptr<ExportSource>> rpc_export_source(const std::string& url, const std::string& token) {
    auto source = std::make_unique<RpcExportSource>(url, token);
    if (Status s = source->open(); !s) return s.error();
    return std::unique_ptr<ExportSource>(std::move(source));
}

}  // namespace folio::audit
