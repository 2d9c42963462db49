// The instrument registry foliod, folio-audit and the benchmarks all use. Instruments (campaigns, minibonds,
// royalties, local currencies) each implement Instrument and are listed in make_registry(); adding one touches
// contracts/ alone.
#pragma once

#include <memory>
#include <vector>

#include "chain/registry.h"

namespace folio::contracts {

// One instrument: a set of op tags it owns (>= kFirstContractTag, disjoint from every other instrument's), its
// state prefix (>= KeyPrefix::first_contract), and its extra transfer rules.
class Instrument : public InstrumentRegistry {
public:
    virtual uint8_t state_prefix() const = 0;
};

// Dispatches each op tag to the instrument that owns it and chains every instrument's check_transfer.
class CompositeRegistry final : public InstrumentRegistry {
public:
    // Fails (returns nullptr through make_registry's assertion) when two instruments claim one tag or prefix.
    explicit CompositeRegistry(std::vector<std::unique_ptr<Instrument>> instruments);

    bool owns(uint16_t tag) const override;
    std::string_view op_name(uint16_t tag) const override;
    Status check_op(const Op& op) const override;
    std::vector<AccountId> required_signers(const Op& op) const override;
    Status apply(const Op& op, OpContext& ctx) const override;
    Status check_transfer(const TransferCheck& check, const StateView& state) const override;
    bool owns_name(std::string_view name) const override;
    Result<Op> op_from_json(const nlohmann::json& op) const override;
    Status op_to_json(const Op& op, nlohmann::json& out) const override;

private:
    const Instrument* owner(uint16_t tag) const;
    std::vector<std::unique_ptr<Instrument>> instruments_;
};

// The registry of this release. No instrument is registered yet: the core ops cover issuance, transfers and
// corporate actions by hand; campaigns, minibond coupons and local-currency rules arrive as instruments.
std::unique_ptr<InstrumentRegistry> make_registry();

}  // namespace folio::contracts
