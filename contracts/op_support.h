// What the ops of several instruments share: who may act on an asset, and reading the JSON members that core
// ops do not have (instrument ids, amounts of a named asset). op_from_json has checked the members' kinds
// with check_op_fields (chain/op_fields.h) before it calls these, so they only check values.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string_view>

#include "chain/registry.h"
#include "contracts/registry.h"

namespace folio::contracts {

// The asset's issuer, or an account granted issuer rights on it (role_grant with `asset`).
bool is_asset_issuer(const StateView& view, const Asset& asset, const AccountId& account);
bool is_registrar(const StateView& view, const AccountId& account);

// The asset named `symbol`; UNKNOWN_ASSET when there is none.
Result<Asset> load_asset(const StateView& view, std::string_view symbol);

// The member `field` as an instrument id (32 lowercase hex); INVALID_ARGUMENT naming it otherwise.
Result<InstrumentId> json_instrument_id(const nlohmann::json& op, const char* field);
// The member `field`, a decimal string in the units of `symbol`; 0 when absent.
Result<Amount> json_amount(const nlohmann::json& op, const char* field, std::string_view symbol,
                           const DecimalsLookup& decimals);
// The member `field` as an integer of at most `max`; `fallback` when absent.
Result<uint64_t> json_uint(const nlohmann::json& op, const char* field, uint64_t max, uint64_t fallback = 0);

// An instrument whose ops take consecutive tags from `first_tag`, one OpShape row each (in tag order): the
// lookups between tags, names and rows, once.
class TaggedOpsInstrument : public Instrument {
  public:
    bool owns(uint16_t tag) const override {
        return tag >= first_tag_ && static_cast<size_t>(tag - first_tag_) < shapes_.size();
    }
    std::string_view op_name(uint16_t tag) const override;
    bool owns_name(std::string_view name) const override;
    std::vector<InstrumentOpInfo> ops() const override;

  protected:
    // `shapes` may be filled in by the derived constructor; it must outlive the instrument.
    TaggedOpsInstrument(uint16_t first_tag, std::span<const OpShape> shapes)
        : first_tag_(first_tag), shapes_(shapes) {}
    // The row of the op named by j's "op", after check_op_fields passed (UNKNOWN_OP, INVALID_ARGUMENT).
    Result<const OpShape*> checked_shape(const nlohmann::json& j) const;

  private:
    uint16_t first_tag_;
    std::span<const OpShape> shapes_;
};

}  // namespace folio::contracts
