#include "contracts/registry.h"

#include "contracts/equity.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "contracts/campaign.h"
#include "contracts/local_currency.h"
#include "contracts/pledges.h"
#include "contracts/votes.h"
#include "contracts/distribution.h"
#include "contracts/dvp.h"
#include "contracts/minibond.h"

namespace folio::contracts {
namespace {

Error clash(std::string message) { return make_error(Reason::INVALID_ARGUMENT, "instruments: " + std::move(message)); }

// A holding hook's context narrowed to one instrument's state prefix, as OpContext's guard does for ops.
class PrefixedHoldingContext final : public HoldingContext {
public:
    PrefixedHoldingContext(HoldingContext& inner, uint8_t prefix) : inner_(inner), prefix_(prefix) {}
    bool get(ByteView key, Bytes& value) const override { return inner_.get(key, value); }
    const BlockContext& block() const override { return inner_.block(); }
    Status put(Bytes key, Bytes value) override {
        if (key.empty() || key[0] != prefix_) {
            return make_error(Reason::NOT_AUTHORIZED, "a holding hook writes only under its instrument's prefix");
        }
        return inner_.put(std::move(key), std::move(value));
    }
    Status charge(const AccountId& to, Amount amount) override { return inner_.charge(to, amount); }
    Status emit(Event event) override { return inner_.emit(std::move(event)); }

private:
    HoldingContext& inner_;
    uint8_t prefix_;
};

}  // namespace

Result<std::unique_ptr<CompositeRegistry>> CompositeRegistry::create(
    std::vector<std::unique_ptr<Instrument>> instruments) {
    std::set<uint8_t> prefixes;
    std::map<uint16_t, std::string> tags;
    std::set<std::string, std::less<>> op_names, query_names;
    for (const auto& inst : instruments) {
        const uint8_t prefix = inst->state_prefix();
        if (prefix < static_cast<uint8_t>(KeyPrefix::first_contract)) {
            return clash("state prefix " + std::to_string(prefix) + " intrudes on core state");
        }
        if (!prefixes.insert(prefix).second) return clash("two instruments claim state prefix " + std::to_string(prefix));
        for (const InstrumentOpInfo& op : inst->ops()) {
            const std::string name(op.shape->op);
            if (op.tag < kFirstContractTag) return clash("op " + name + " takes core tag " + std::to_string(op.tag));
            if (!inst->owns(op.tag) || !inst->owns_name(op.shape->op) || inst->op_name(op.tag) != op.shape->op) {
                return clash("op " + name + ": owns(), owns_name() and op_name() disagree with ops()");
            }
            if (auto [it, added] = tags.emplace(op.tag, name); !added) {
                return clash("ops " + it->second + " and " + name + " share tag " + std::to_string(op.tag));
            }
            if (!op_names.insert(name).second) return clash("two ops are named " + name);
        }
        for (const InstrumentQuery* q : inst->queries()) {
            if (!query_names.insert(q->name).second) return clash("two queries are named " + q->name);
        }
    }
    return std::unique_ptr<CompositeRegistry>(new CompositeRegistry(std::move(instruments)));
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

std::optional<uint8_t> CompositeRegistry::state_prefix_of(uint16_t tag) const {
    const Instrument* inst = owner(tag);
    return inst ? inst->state_prefix_of(tag) : std::nullopt;
}

Status CompositeRegistry::check_op(const Op& op) const {
    const Instrument* inst = owner(op.tag);
    if (!inst) return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
    return inst->check_op(op);
}

uint64_t CompositeRegistry::weight(const Op& op) const {
    const Instrument* inst = owner(op.tag);
    return inst ? std::max<uint64_t>(1, inst->weight(op)) : 1;
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

Status CompositeRegistry::check_transfer(const TransferCheck& check, const StateView& state,
                                         const BlockContext& block) const {
    for (const auto& inst : instruments_) {
        if (Status s = inst->check_transfer(check, state, block); !s) return s;
    }
    return Status();
}

Status CompositeRegistry::before_holding_change(const Asset& asset, const AccountId& account,
                                                HoldingContext& ctx) const {
    for (const auto& inst : instruments_) {
        PrefixedHoldingContext narrowed(ctx, inst->state_prefix());
        if (Status s = inst->before_holding_change(asset, account, narrowed); !s) return s;
    }
    return Status();
}

Balance CompositeRegistry::holding_as_of(const StateView& state, const Asset& asset, const AccountId& account,
                                         const Balance& stored, uint64_t time_ms) const {
    Balance b = stored;
    for (const auto& inst : instruments_) b = inst->holding_as_of(state, asset, account, b, time_ms);
    return b;
}

bool CompositeRegistry::owns_name(std::string_view name) const {
    for (const auto& inst : instruments_) {
        if (inst->owns_name(name)) return true;
    }
    return false;
}

Result<Op> CompositeRegistry::op_from_json(const nlohmann::json& op, const DecimalsLookup& decimals) const {
    const auto name = op.is_object() && op.contains("op") && op["op"].is_string() ? op["op"].get<std::string>()
                                                                                  : std::string();
    for (const auto& inst : instruments_) {
        if (inst->owns_name(name)) return inst->op_from_json(op, decimals);
    }
    return make_error(Reason::UNKNOWN_OP, "unknown op \"" + name + "\"");
}

Status CompositeRegistry::op_to_json(const Op& op, const DecimalsLookup& decimals, nlohmann::json& out) const {
    const Instrument* inst = owner(op.tag);
    if (!inst) return make_error(Reason::UNKNOWN_OP, "unknown op tag " + std::to_string(op.tag));
    return inst->op_to_json(op, decimals, out);
}

std::vector<InstrumentOpInfo> CompositeRegistry::ops() const {
    std::vector<InstrumentOpInfo> out;
    for (const auto& inst : instruments_) {
        for (const InstrumentOpInfo& op : inst->ops()) out.push_back(op);
    }
    std::sort(out.begin(), out.end(), [](const InstrumentOpInfo& a, const InstrumentOpInfo& b) { return a.tag < b.tag; });
    return out;
}

std::vector<const InstrumentQuery*> CompositeRegistry::queries() const {
    std::vector<const InstrumentQuery*> out;
    for (const auto& inst : instruments_) {
        for (const InstrumentQuery* q : inst->queries()) out.push_back(q);
    }
    return out;
}

std::unique_ptr<InstrumentRegistry> make_registry() {
    std::vector<std::unique_ptr<Instrument>> instruments;
    instruments.push_back(make_campaign_instrument());
    instruments.push_back(make_pledges_instrument());
    instruments.push_back(make_votes_instrument());
    instruments.push_back(make_minibond_instrument());
    instruments.push_back(make_distribution_instrument());
    instruments.push_back(make_equity());
    instruments.push_back(make_dvp_instrument());
    instruments.push_back(make_local_currency_instrument());
    auto registry = CompositeRegistry::create(std::move(instruments));
    if (!registry) {
        std::fprintf(stderr, "fatal: %s\n", registry.error().message.c_str());
        std::abort();
    }
    return std::move(registry).value();
}

}  // namespace folio::contracts
