#include "contracts/registry.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

namespace folio::contracts {

CompositeRegistry::CompositeRegistry(std::vector<std::unique_ptr<Instrument>> instruments)
    : instruments_(std::move(instruments)) {
    std::set<uint8_t> prefixes;
    for (const auto& inst : instruments_) {
        if (inst->state_prefix() < static_cast<uint8_t>(KeyPrefix::first_contract) ||
            !prefixes.insert(inst->state_prefix()).second) {
            std::fprintf(stderr, "fatal: instrument state prefixes overlap or intrude on core state\n");
            std::abort();
        }
    }
}

const Instrument* CompositeRegistry::owner(uint16_t tag) const {
    if (tag < kFirstContractTag) return nullptr;
    for (const auto& inst : instruments_) {
        if (inst->owns(tag)) return inst.get();
    }
    return nullptr;
}

bool CompositeRegistry::owns(uint16_t tag) const { return owner(tag) != nullptr; }

std::string_view CompositeRegistry::op_name(uint16_t tag) const {
    const Instrument* inst = owner(tag);
    return inst ? inst->op_name(tag) : std::string_view();
}

Status CompositeRegistry::check_op(const Op& op) const {
    const Instrument* inst = owner(op.tag);
    if (!inst) return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
    return inst->check_op(op);
}

std::vector<AccountId> CompositeRegistry::required_signers(const Op& op) const {
    const Instrument* inst = owner(op.tag);
    return inst ? inst->required_signers(op) : std::vector<AccountId>{};
}

Status CompositeRegistry::apply(const Op& op, OpContext& ctx) const {
    const Instrument* inst = owner(op.tag);
    if (!inst) return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
    return inst->apply(op, ctx);
}

Status CompositeRegistry::check_transfer(const TransferCheck& check, const StateView& state) const {
    for (const auto& inst : instruments_) {
        if (Status s = inst->check_transfer(check, state); !s) return s;
    }
    return Status();
}

bool CompositeRegistry::owns_name(std::string_view name) const {
    for (const auto& inst : instruments_) {
        if (inst->owns_name(name)) return true;
    }
    return false;
}

Result<Op> CompositeRegistry::op_from_json(const nlohmann::json& op) const {
    const auto name = op.value("op", std::string());
    for (const auto& inst : instruments_) {
        if (inst->owns_name(name)) return inst->op_from_json(op);
    }
    return make_error(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
}

Status CompositeRegistry::op_to_json(const Op& op, nlohmann::json& out) const {
    const Instrument* inst = owner(op.tag);
    if (!inst) return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
    return inst->op_to_json(op, out);
}

std::unique_ptr<InstrumentRegistry> make_registry() {
    std::vector<std::unique_ptr<Instrument>> instruments;
    return std::make_unique<CompositeRegistry>(std::move(instruments));
}

}  // namespace folio::contracts
