// A deterministic simulation of real consensus engines, in the manner of rippled's src/test/csf/: one
// process, a virtual clock and an event queue, a network with per-message delays (so reordering), drops and
// partitions, validators that crash and restart from the safety state they persisted and nothing else, tx
// submitters, and equivocating validators that double-vote and double-propose. Everything comes from one
// seed: the same seed gives the same run and the same trace hash.
//
// The engines are node/consensus's, unchanged; the simulation plays their drivers. Blocks are real headers
// (chain/block.h) over opaque bodies (a list of tx ids): the check a driver runs is the header linking to the
// node's own head, the body's txs not already committed, and the state root the proposer claims being the one
// execution gives (an equivocator may propose blocks with a wrong one).
//
// Checked after every step: at most one decided block per height among correct validators; every decision's
// certificate passes verify_commit; no correct validator sends two different messages for one (height, round,
// step), across its restarts; evidence names equivocators only, and verifies; no message of a correct
// validator is refused as misbehaviour. After the faults heal, within a deadline of a bounded number of
// rounds: every correct validator decides two new heights, and every equivocator that equivocates after
// healing is in a correct validator's evidence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/bytes.h"

namespace folio::consensus::sim {

enum class Family : uint8_t {
    four_validators,          // network faults and crashes
    seven_validators,         // the same with seven, powers differing
    four_with_equivocator,    // one of four double-votes and double-proposes
    seven_with_equivocators,  // two of seven do
};
const char* family_name(Family family);

// One scenario, all drawn from its seed.
struct Scenario {
    uint64_t seed = 0;
    Family family = Family::four_validators;
    std::vector<uint64_t> powers;
    std::vector<uint16_t> equivocators;
    double drop_rate = 0;       // during the faults
    uint64_t max_delay_ms = 0;  // during the faults; after healing delays stay under kHealedMaxDelayMs
    bool partitions = false;
    bool crashes = false;
    uint64_t heal_at_ms = 0;  // faults end: no drops, no partition, every crashed validator restarted
    uint64_t tx_interval_ms = 0;
    // A broken driver, to show the checks bite: restarted validators start without their safety state.
    bool forget_safety_state = false;

    static Scenario from_seed(uint64_t seed, Family family);
    std::string describe() const;
};

struct Outcome {
    bool ok = true;
    std::string failure;  // the first invariant broken, with the virtual time and the validator
    Hash256 trace_hash{};
    uint64_t heights_decided = 0;   // the highest height decided by a correct validator
    uint64_t max_round = 0;         // the highest round any decision was made in
    uint64_t evidence_reports = 0;  // by correct validators
    uint64_t crashes = 0;
    uint64_t messages = 0;  // delivered
    uint64_t virtual_ms = 0;
};

Outcome run(const Scenario& scenario);

}  // namespace folio::consensus::sim
