#include "contracts/op_support.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace folio::contracts {

bool is_asset_issuer(const StateView& view, const Asset& asset, const AccountId& account) {
    if (asset.issuer == account) return true;
    Bytes unused;
    return view.get(state_key::asset_issuer(asset.id, account), unused);
}

bool is_registrar(const StateView& view, const AccountId& account) {
    Account a;
    return read_account(view, account, a) && a.has_role(Role::registrar);
}

Result<Asset> load_asset(const StateView& view, std::string_view symbol) {
    AssetId id = 0;
    Asset asset;
    if (!read_asset_id(view, symbol, id) || !read_asset(view, id, asset)) {
        return make_error(Reason::UNKNOWN_ASSET, "no asset " + std::string(symbol));
    }
    return asset;
}

Result<InstrumentId> json_instrument_id(const nlohmann::json& op, const char* field) {
    InstrumentId id{};
    if (!op.contains(field) || !op.at(field).is_string() ||
        !parse_instrument_id(op.at(field).get<std::string>(), id)) {
        return make_error(Reason::INVALID_ARGUMENT,
                          std::string(field) + ": must be an id of 32 lowercase hex");
    }
    return id;
}

Result<Amount> json_amount(const nlohmann::json& op, const char* field, std::string_view symbol,
                           const DecimalsLookup& decimals) {
    if (!op.contains(field)) return Amount{0};
    const auto d = decimals(symbol);
    if (!d)
        return make_error(Reason::UNKNOWN_ASSET, std::string(field) + ": no asset " + std::string(symbol));
    Amount amount = 0;
    if (!parse_amount(op.at(field).get<std::string>(), *d, amount)) {
        return make_error(Reason::BAD_AMOUNT, std::string(field) + ": not a decimal with at most " +
                                                  std::to_string(*d) + " decimals of " + std::string(symbol));
    }
    return amount;
}

Result<uint64_t> json_uint(const nlohmann::json& op, const char* field, uint64_t max, uint64_t fallback) {
    if (!op.contains(field)) return fallback;
    const uint64_t v = op.at(field).get<uint64_t>();
    if (v > max)
        return make_error(Reason::INVALID_ARGUMENT, std::string(field) + ": at most " + std::to_string(max));
    return v;
}

std::string_view TaggedOpsInstrument::op_name(uint16_t tag) const {
    return owns(tag) ? shapes_[tag - first_tag_].op : std::string_view();
}

bool TaggedOpsInstrument::owns_name(std::string_view name) const {
    return std::any_of(shapes_.begin(), shapes_.end(), [&](const OpShape& s) { return s.op == name; });
}

std::vector<InstrumentOpInfo> TaggedOpsInstrument::ops() const {
    std::vector<InstrumentOpInfo> out;
    for (size_t i = 0; i < shapes_.size(); ++i)
        out.push_back({static_cast<uint16_t>(first_tag_ + i), &shapes_[i]});
    return out;
}

Result<const OpShape*> TaggedOpsInstrument::checked_shape(const nlohmann::json& j) const {
    const std::string name = j.value("op", std::string());
    for (const OpShape& s : shapes_) {
        if (s.op != name) continue;
        if (Status st = check_op_fields(j, s); !st) return st.error();
        return &s;
    }
    return make_error(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
}

}  // namespace folio::contracts
