// The instrument registry foliod, folio-audit and the benchmarks all use. Instruments (equity transfer approval,
// campaigns, minibonds, distributions) each implement Instrument and are listed in make_registry(); adding one
// touches contracts/ alone.
#pragma once

#include <memory>
#include <vector>

#include "chain/registry.h"

namespace folio::contracts {

// One instrument: the op tags it owns (>= kFirstContractTag, listed by ops(), disjoint from every other
// instrument's), its state prefix (>= KeyPrefix::first_contract, its alone), its extra transfer rules and its
// read queries.
class Instrument : public InstrumentRegistry {
public:
    virtual uint8_t state_prefix() const = 0;
    std::optional<uint8_t> state_prefix_of(uint16_t tag) const final {
        return owns(tag) ? std::optional<uint8_t>(state_prefix()) : std::nullopt;
    }
};

// Dispatches each op tag to the instrument that owns it and chains every instrument's check_transfer.
class CompositeRegistry final : public InstrumentRegistry {
public:
    // Refuses (INVALID_ARGUMENT naming the clash) instruments whose tags, op names, query names or prefixes
    // overlap, a tag below kFirstContractTag, a prefix below KeyPrefix::first_contract, or an instrument whose
    // owns() disagrees with its ops().
    static Result<std::unique_ptr<CompositeRegistry>> create(std::vector<std::unique_ptr<Instrument>> instruments);

    bool owns(uint16_t tag) const override;
    std::string_view op_name(uint16_t tag) const override;
    std::optional<uint8_t> state_prefix_of(uint16_t tag) const override;
    Status check_op(const Op& op) const override;
    uint64_t weight(const Op& op) const override;
    std::vector<AccountId> required_signers(const Op& op) const override;
    Status apply(const Op& op, OpContext& ctx) const override;
    Status check_transfer(const TransferCheck& check, const StateView& state,
                          const BlockContext& block) const override;
    // Each instrument's hook in turn, its writes narrowed to its own state prefix.
    Status before_holding_change(const Asset& asset, const AccountId& account, HoldingContext& ctx) const override;
    Balance holding_as_of(const StateView& state, const Asset& asset, const AccountId& account,
                          const Balance& stored, uint64_t time_ms) const override;
    bool owns_name(std::string_view name) const override;
    Result<Op> op_from_json(const nlohmann::json& op, const DecimalsLookup& decimals) const override;
    Status op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const override;
    std::vector<InstrumentOpInfo> ops() const override;
    std::vector<const InstrumentQuery*> queries() const override;

private:
    explicit CompositeRegistry(std::vector<std::unique_ptr<Instrument>> instruments)
        : instruments_(std::move(instruments)) {}
    const Instrument* owner(uint16_t tag) const;
    std::vector<std::unique_ptr<Instrument>> instruments_;
};

// The instruments of this release, in a registry. Aborts if they clash (a bug of this release, found by the
// first test that calls it). Tags and state prefixes taken:
//   equity (contracts/equity.h)                  tags 0x0100..0x0104, prefix 0x40
//   local currency (contracts/local_currency.h)  tags 0x0150..0x0154, prefix 0x45
std::unique_ptr<InstrumentRegistry> make_registry();

}  // namespace folio::contracts
