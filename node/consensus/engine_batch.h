// Internal to the engine's two source files (engine.cpp: events; engine_rules.cpp: rounds, rules, signing).
#pragma once

#include <utility>
#include <vector>

#include "node/consensus/engine.h"

namespace folio::consensus {

// The actions of one step, in the order the driver must carry them out.
class Engine::Batch {
  public:
    template <class A>
    void push(A&& action) {
        actions.emplace_back(std::forward<A>(action));
    }
    void refuse(Refusal reason, std::string detail) { push(MessageRefused{reason, std::move(detail)}); }
    std::vector<Action> actions;
};

inline Step step_of(VoteType type) {
    return type == VoteType::prevote ? Step::prevote : Step::precommit;
}

}  // namespace folio::consensus
