#include "node/rpc_common.h"

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "chain/encoding.h"

namespace folio::node::rpcm {

using nlohmann::json;

rpc::ParamSpec address_param(std::string name, std::string description, bool required) {
    return {.name = std::move(name), .type = rpc::ParamType::String, .required = required,
            .description = std::move(description), .max_length = kAddressMaxLength};
}

rpc::ParamSpec hash_param(std::string name, std::string description, bool required) {
    return {.name = std::move(name), .type = rpc::ParamType::String, .required = required,
            .description = std::move(description), .max_length = kHashHexLength};
}

rpc::ParamSpec symbol_param(std::string name, std::string description, bool required) {
    return {.name = std::move(name), .type = rpc::ParamType::String, .required = required,
            .description = std::move(description), .max_length = kMaxSymbolLength};
}

rpc::ParamSpec height_param(std::string description) {
    return {.name = "height", .type = rpc::ParamType::Unsigned, .description = std::move(description)};
}

rpc::ParamSpec cursor_param(std::string description) {
    return {.name = "cursor", .type = rpc::ParamType::String, .description = std::move(description), .max_length = 128};
}

rpc::ParamSpec limit_param(uint64_t default_limit, uint64_t max_limit) {
    std::string d = "Entries per page, 1 to ";
    d += std::to_string(max_limit);
    d += " (default ";
    d += std::to_string(default_limit);
    d += ").";
    return {.name = "limit", .type = rpc::ParamType::Unsigned, .description = std::move(d), .minimum = 1,
            .maximum = max_limit};
}

namespace {
const std::string& text_param(const json& params, std::string_view name) {
    return params.at(std::string(name)).get_ref<const std::string&>();
}
}  // namespace

Result<AccountId> parse_address(const json& params, std::string_view name) {
    const std::string& text = text_param(params, name);
    auto id = crypto::decode_address(text);
    if (!id) {
        std::string m(name);
        m += ": \"";
        m += text;
        m += "\" is not a folio address (wrong prefix, length or checksum)";
        return make_error(Reason::BAD_ADDRESS, std::move(m));
    }
    return *id;
}

Result<Hash256> parse_hash(const json& params, std::string_view name) {
    Hash256 h{};
    if (!from_hex_fixed(text_param(params, name), h)) {
        std::string m(name);
        m += ": must be 64 hex characters";
        return make_error(Reason::INVALID_ARGUMENT, std::move(m));
    }
    return h;
}

Result<PubKey> parse_pubkey(const json& params, std::string_view name) {
    auto h = parse_hash(params, name);
    if (!h) return h.error();
    if (!crypto::is_valid_pubkey(*h)) {
        std::string m(name);
        m += ": not a valid x-only public key";
        return make_error(Reason::INVALID_ARGUMENT, std::move(m));
    }
    return *h;
}

uint64_t uint_or(const json& params, std::string_view name, uint64_t fallback) {
    auto it = params.find(std::string(name));
    return it == params.end() ? fallback : it->get<uint64_t>();
}

Result<Height> parse_height(const json& params, Height head) {
    const Height h = uint_or(params, "height", head);
    if (h > head) {
        std::string m = "height ";
        m += std::to_string(h);
        m += " is above the head (";
        m += std::to_string(head);
        m += ")";
        return make_error(Reason::INVALID_ARGUMENT, std::move(m));
    }
    return h;
}

std::optional<uint8_t> state_decimals(const StateView& state, std::string_view symbol) {
    AssetId id = 0;
    Asset asset;
    if (!read_asset_id(state, symbol, id) || !read_asset(state, id, asset)) return std::nullopt;
    return asset.decimals;
}

DecimalsLookup decimals_lookup(const StateView& state) {
    return [&state](std::string_view symbol) { return state_decimals(state, symbol); };
}

Result<Asset> find_asset(const StateView& state, std::string_view symbol) {
    if (!is_valid_symbol(symbol)) {
        std::string m = "asset: \"";
        m += symbol;
        m += "\" is not a symbol (1-12 of A-Z 0-9 . -)";
        return make_error(Reason::BAD_SYMBOL, std::move(m));
    }
    AssetId id = 0;
    Asset asset;
    if (!read_asset_id(state, symbol, id) || !read_asset(state, id, asset)) {
        std::string m = "no asset ";
        m += symbol;
        return make_error(Reason::UNKNOWN_ASSET, std::move(m));
    }
    return asset;
}

Result<Account> find_account(const StateView& state, const AccountId& id) {
    Account account;
    if (!read_account(state, id, account)) {
        std::string m = "no account ";
        m += address(id);
        return make_error(Reason::UNKNOWN_ACCOUNT, std::move(m));
    }
    return account;
}

std::optional<AccountId> account_of_pubkey(const StateView& state, const PubKey& pubkey) {
    Bytes v;
    AccountId id{};
    if (!state.get(state_key::pubkey(pubkey), v) || v.size() != id.size()) return std::nullopt;
    std::copy(v.begin(), v.end(), id.begin());
    return id;
}

AssetId next_asset_id(const StateView& state) {
    Bytes v;
    uint32_t next = 1;
    if (state.get(state_key::meta("next_asset_id"), v)) {
        Reader r(v);
        if (!r.u32("next_asset_id", next) || !r.finish()) next = 1;
    }
    return next;
}

std::string address(const AccountId& id) { return crypto::encode_address(id); }

json header_to_json(const BlockHeader& h) {
    return {{"chain_id", to_hex(h.chain_id)},         {"height", h.height},
            {"time_ms", h.time_ms},                   {"prev_hash", to_hex(h.prev_hash)},
            {"txs_root", to_hex(h.txs_root)},         {"results_root", to_hex(h.results_root)},
            {"state_root", to_hex(h.state_root)},     {"validators_hash", to_hex(h.validators_hash)},
            {"proposer", to_hex(h.proposer)}};
}

json commit_to_json(const CommitCertificate& c) {
    json sigs = json::array();
    for (const auto& s : c.signatures) sigs.push_back({{"validator_index", s.validator_index}, {"signature", to_hex(s.signature)}});
    return {{"height", c.height}, {"round", c.round}, {"block_hash", to_hex(c.block_hash)}, {"signatures", std::move(sigs)}};
}

json asset_to_json(const Asset& a) {
    return {{"symbol", a.symbol},
            {"asset_id", a.id},
            {"class", std::string(asset_class_name(a.asset_class))},
            {"decimals", a.decimals},
            {"max_supply", format_amount(a.max_supply, a.decimals)},
            {"supply", format_amount(a.supply, a.decimals)},
            {"holders", a.holders},
            {"issuer", address(a.issuer)},
            {"frozen", a.frozen},
            {"policy",
             {{"kyc_min_level", a.policy.kyc_min_level},
              {"max_holders", a.policy.max_holders},
              {"transferable", a.policy.transferable}}},
            {"metadata_hash", to_hex(a.metadata_hash)},
            {"created_height", a.created_height},
            {"escrow", format_amount(a.escrow, a.decimals)}};
}

json kyc_to_json(const std::optional<Kyc>& kyc) {
    if (!kyc) return nullptr;
    return {{"level", kyc->level},
            {"category", kyc->category},
            {"expires_ms", kyc->expires_ms},
            {"doc_hash", to_hex(kyc->doc_hash)},
            {"attested_by", address(kyc->attested_by)},
            {"attested_height", kyc->attested_height}};
}

std::vector<std::string> role_names(uint32_t roles) {
    std::vector<std::string> out;
    for (Role r : {Role::operator_, Role::registrar, Role::issuer}) {
        if (roles & role_bit(r)) out.emplace_back(role_name(r));
    }
    return out;
}

json receipt_fields(const Receipt& r) {
    json j = {{"status", r.status == TxStatus::success ? "committed" : "failed"}};
    if (r.status != TxStatus::success) {
        j["reason"] = std::string(reason_name(r.reason));
        j["op_index"] = r.op_index;
    }
    // What the tx's instrument ops did, each in its canonical encoding (chain/instrument.h, the bytes the
    // results_root commits to) with its kind readable: an auditor decodes the bytes, never a JSON form.
    if (!r.events.empty()) {
        json events = json::array();
        for (const Event& e : r.events) {
            Writer w;
            e.encode(w);
            events.push_back({{"kind", e.kind}, {"hex", to_hex(w.data())}});
        }
        j["events"] = std::move(events);
    }
    return j;
}

Result<std::optional<StoredTx>> load_committed_tx(const Store& store, const TxHash& hash) {
    auto found = store.find_tx(hash);
    if (!found) return found.error();
    if (!*found) return std::optional<StoredTx>();
    const TxLocation* loc = &**found;
    auto body = store.body(loc->height);
    if (!body) return body.error();
    auto receipts = store.receipts(loc->height);
    if (!receipts) return receipts.error();
    if (loc->index >= body->size() || loc->index >= receipts->size() || (*body)[loc->index]->tx_hash != hash) {
        std::string m = "the tx index entry of tx ";
        m += to_hex(hash);
        m += " names index ";
        m += std::to_string(loc->index);
        m += " of block ";
        m += std::to_string(loc->height);
        m += ", which holds no such tx";
        return make_error(Reason::CORRUPTION, std::move(m));
    }
    return std::optional<StoredTx>(StoredTx{(*body)[loc->index], (*receipts)[loc->index], loc->height, loc->index});
}

rpc::RpcOutcome not_found(std::string message) {
    return rpc::RpcOutcome::failure(make_error(Reason::NOT_FOUND, std::move(message)));
}

}  // namespace folio::node::rpcm
