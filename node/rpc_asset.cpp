// asset_get, asset_list, asset_holders.
#include <charconv>
#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "node/rpc_common.h"
#include "node/rpc_examples.h"

namespace folio::node::rpcm {
namespace {

using nlohmann::json;
using rpc::RpcOutcome;

constexpr uint64_t kListDefaultLimit = 100;
constexpr uint64_t kListMaxLimit = 1000;
constexpr uint64_t kHoldersDefaultLimit = 100;
constexpr uint64_t kHoldersMaxLimit = 1000;

constexpr const char* kAssetSchemaProperties = R"("symbol":{"type":"string"},"asset_id":{"type":"integer"},
"class":{"enum":["equity","minibond","royalty","currency","other"]},"decimals":{"type":"integer"},
"max_supply":{"type":"string"},"supply":{"type":"string"},"holders":{"type":"integer"},"issuer":{"type":"string"},
"frozen":{"type":"boolean"},"policy":{"type":"object","required":["kyc_min_level","max_holders","transferable"]},
"metadata_hash":{"type":"string"},"created_height":{"type":"integer"},"escrow":{"type":"string"})";

constexpr const char* kAssetRequired =
    R"(["symbol","asset_id","class","decimals","max_supply","supply","holders","issuer","frozen","policy","metadata_hash","created_height"])";

std::string asset_schema() {
    std::string s = R"({"type":"object","required":)";
    s += kAssetRequired;
    s += R"(,"properties":{)";
    s += kAssetSchemaProperties;
    s += "}}";
    return s;
}

RpcOutcome asset_list(const NodeServices& s, const json& p) {
    const Ledger::Snapshot snap = s.ledger.snapshot();
    const StateView& state = snap.state();
    AssetId first = 1;
    if (p.contains("cursor")) {
        const std::string& c = p["cursor"].get_ref<const std::string&>();
        AssetId last = 0;
        auto r = std::from_chars(c.data(), c.data() + c.size(), last);
        if (r.ec != std::errc() || r.ptr != c.data() + c.size() || last == UINT32_MAX) {
            return RpcOutcome::failure(make_error(Reason::INVALID_ARGUMENT, "cursor: not a next_cursor that asset_list returned"));
        }
        first = last + 1;
    }
    const size_t limit = uint_or(p, "limit", kListDefaultLimit);
    const AssetId end = next_asset_id(state);
    json assets = json::array();
    AssetId id = first;
    for (; id < end && assets.size() < limit; ++id) {
        Asset a;
        if (read_asset(state, id, a)) assets.push_back(asset_to_json(a));
    }
    json out = {{"assets", std::move(assets)}};
    if (id < end) out["next_cursor"] = std::to_string(id - 1);
    return RpcOutcome::success(std::move(out));
}

// The asset record at the head, or at a past height from the store's asset history ('w').
Result<Asset> asset_record_at(const NodeServices& s, const Asset& at_head, Height height, Height head) {
    if (height == head) return at_head;
    auto past = s.ledger.store().asset_at(at_head.id, height);
    if (!past) return past.error();
    if (!*past) {
        return make_error(Reason::UNKNOWN_ASSET, "asset " + at_head.symbol + " did not exist at block " +
                                                     std::to_string(height) + " (created at block " +
                                                     std::to_string(at_head.created_height) + ")");
    }
    return std::move(**past);
}

RpcOutcome asset_get(const NodeServices& s, const json& p) {
    const Ledger::Snapshot snap = s.ledger.snapshot();
    auto asset = find_asset(snap.state(), p["asset"].get<std::string>());
    if (!asset) return RpcOutcome::failure(asset.error());
    auto height = parse_height(p, snap.height());
    if (!height) return RpcOutcome::failure(height.error());
    auto record = asset_record_at(s, *asset, *height, snap.height());
    if (!record) return RpcOutcome::failure(record.error());
    return RpcOutcome::success(asset_to_json(*record));
}

RpcOutcome asset_holders(const NodeServices& s, const json& p) {
    // One committed block answers: at the head, the supply and the holders are those of the height reported.
    const Ledger::Snapshot snap = s.ledger.snapshot();
    auto asset = find_asset(snap.state(), p["asset"].get<std::string>());
    if (!asset) return RpcOutcome::failure(asset.error());
    auto height = parse_height(p, snap.height());
    if (!height) return RpcOutcome::failure(height.error());
    std::optional<AccountId> after;
    if (p.contains("cursor")) {
        after = crypto::decode_address(p["cursor"].get<std::string>());
        if (!after) {
            return RpcOutcome::failure(make_error(Reason::INVALID_ARGUMENT, "cursor: not a next_cursor that asset_holders returned"));
        }
    }
    const size_t limit = uint_or(p, "limit", kHoldersDefaultLimit);
    auto read = s.ledger.store().holders_at(asset->id, *height, after, limit + 1);
    if (!read) return RpcOutcome::failure(read.error());
    std::vector<HolderEntry>& entries = *read;
    const bool more = entries.size() > limit;
    if (more) entries.resize(limit);
    const bool with_kyc = p.contains("kyc") && p["kyc"].get<bool>();
    std::vector<std::optional<Kyc>> kycs;
    if (with_kyc) {
        std::vector<AccountId> accounts;
        for (const auto& e : entries) accounts.push_back(e.account);
        auto read_kyc = s.ledger.store().kyc_at(accounts, *height);
        if (!read_kyc) return RpcOutcome::failure(read_kyc.error());
        kycs = std::move(*read_kyc);
    }
    const uint8_t d = asset->decimals;
    json holders = json::array();
    for (size_t i = 0; i < entries.size(); ++i) {
        const HolderEntry& e = entries[i];
        json row = {{"account", address(e.account)},
                    {"amount", format_amount(e.amount, d)},
                    {"locked", format_amount(e.locked, d)},
                    {"frozen", format_amount(e.frozen, d)}};
        if (with_kyc) row["kyc"] = kyc_to_json(kycs[i]);
        holders.push_back(std::move(row));
    }
    json out = {{"height", *height},
                {"asset", asset->symbol},
                {"asset_id", asset->id},
                {"decimals", asset->decimals},
                {"holders", std::move(holders)}};
    // The asset record of the same height (the store's asset history below the head); a database upgraded
    // from layout 2 has none below its upgrade, nor is there one before the asset's creation: the rows are
    // still answered.
    auto record = asset_record_at(s, *asset, *height, snap.height());
    if (!record && record.reason() != Reason::NOT_FOUND && record.reason() != Reason::UNKNOWN_ASSET)
        return RpcOutcome::failure(record.error());  // damage in the asset history is never hidden
    if (record) {
        out["supply"] = format_amount(record->supply, record->decimals);
        out["holder_count"] = record->holders;
    }
    if (more) out["next_cursor"] = address(entries.back().account);
    return RpcOutcome::success(std::move(out));
}

}  // namespace

Status register_asset_methods(rpc::MethodTable& table, NodeServices& services) {
    NodeServices* s = &services;
    if (Status st = table.add({
            .name = "asset_get",
            .scope = rpc::Scope::Read,
            .summary = "An asset by symbol: class, decimals, supply, holder count, issuer and transfer policy.",
            .description = "`max_supply`, `supply` and `escrow` (the part of the supply held by instruments, not by any holder) are decimal strings with the asset's decimals. `policy` is the "
                           "asset's transfer policy (class default unless set at creation): minimum KYC level of a "
                           "receiver, holder limit (0 = none), and whether holders may transfer. With `height`, "
                           "the record as it stood after that block, from the store's asset history (supply and "
                           "holder count at a record date): UNKNOWN_ASSET if the asset did not exist yet, NOT_FOUND "
                           "for a height below the history a database upgraded from layout 2 holds.",
            .params = {symbol_param("asset", "Symbol: 1-12 of A-Z 0-9 . -"),
                       height_param("Height of the record (default: the head); at most the head.")},
            .result_description = "{symbol, asset_id, class, decimals, max_supply, supply, holders, issuer, frozen, "
                                  "policy:{kyc_min_level, max_holders, transferable}, metadata_hash, created_height, escrow}",
            .result_schema = asset_schema(),
            .errors = {Reason::UNKNOWN_ASSET, Reason::BAD_SYMBOL, Reason::INVALID_ARGUMENT, Reason::NOT_FOUND},
            .example_params = examples::kAssetGetParams,
            .example_result = examples::kAssetGetResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) { return asset_get(*s, p); }),
        });
        !st) {
        return st;
    }
    std::string list_schema = R"({"type":"object","required":["assets"],"properties":{"next_cursor":{"type":"string"},"assets":{"type":"array","items":)";
    list_schema += asset_schema();
    list_schema += "}}}";
    if (Status st = table.add({
            .name = "asset_list",
            .scope = rpc::Scope::Read,
            .summary = "Every asset of the chain in creation order, by pages.",
            .description = "Each entry is what asset_get gives. Pass `next_cursor` back as `cursor` for the next "
                           "page; it is absent on the last page.",
            .params = {cursor_param("From a previous page's next_cursor."), limit_param(kListDefaultLimit, kListMaxLimit)},
            .result_description = "{assets:[asset_get result], next_cursor?}",
            .result_schema = std::move(list_schema),
            .errors = {},
            .example_params = examples::kAssetListParams,
            .example_result = examples::kAssetListResult,
            .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) { return asset_list(*s, p); }),
        });
        !st) {
        return st;
    }
    return table.add({
        .name = "asset_holders",
        .scope = rpc::Scope::Read,
        .summary = "The register of an asset: every holder and amount at a height, in account order, by pages.",
        .description = "Read from the balance history, so any height from genesis to the head can be asked "
                       "(record dates of distributions, vote snapshots). `amount` is all the holder owns, `locked` "
                       "and `frozen` the parts of it it may not move. Holders are sorted by account id; "
                       "`next_cursor` (absent on the last page) goes back as `cursor`. A height above the head "
                       "is INVALID_ARGUMENT.",
        .params = {symbol_param("asset", "Symbol: 1-12 of A-Z 0-9 . -"),
                   height_param("Height of the register (default: the head); at most the head."),
                   cursor_param("From a previous page's next_cursor."),
                   limit_param(kHoldersDefaultLimit, kHoldersMaxLimit),
                   {.name = "kyc", .type = rpc::ParamType::Boolean,
                    .description = "true: each row also gives `kyc`, the holder's attestation in force at `height` "
                                   "(null if none), from the KYC history. Default false."}},
        .result_description = "{height, asset, asset_id, decimals, supply? and holder_count? (the asset record "
                              "of the same block, absent where the store's asset history does not reach), holders:[{account, amount, locked, frozen, "
                              "kyc?}], next_cursor?}",
        .result_schema = R"({"type":"object","required":["height","asset","decimals","holders"],
"properties":{"height":{"type":"integer"},"asset":{"type":"string"},"asset_id":{"type":"integer"},"decimals":{"type":"integer"},
"supply":{"type":"string"},"holder_count":{"type":"integer"},"next_cursor":{"type":"string"},
"holders":{"type":"array","items":{"type":"object","required":["account","amount","locked","frozen"],
"properties":{"account":{"type":"string"},"amount":{"type":"string"},"locked":{"type":"string"},
"frozen":{"type":"string"},"kyc":{"type":["object","null"]}}}}}})",
        .errors = {Reason::UNKNOWN_ASSET, Reason::BAD_SYMBOL},
        .example_params = examples::kAssetHoldersParams,
        .example_result = examples::kAssetHoldersResult,
        .handler = rpc::sync_handler([s](const json& p, const rpc::CallContext&) { return asset_holders(*s, p); }),
    });
}

}  // namespace folio::node::rpcm
