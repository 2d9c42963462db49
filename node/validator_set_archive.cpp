#include "node/validator_set_archive.h"

#include <string>

#include "chain/validator_set_state.h"

namespace folio::node {

Status archive_validator_set_proofs(Ledger& ledger) {
    Store& store = ledger.store();
    std::vector<ValidatorSetChange> missing_changes;
    std::vector<uint32_t> missing;
    {
        const Ledger::Snapshot snap = ledger.snapshot();
        const uint32_t count = validator_set_change_count(snap.state());
        // Change 0 is genesis: trusted from the chain id, nothing to prove.
        for (uint32_t i = count; i-- > 1;) {
            auto archived = store.validator_set_proof(i);
            if (!archived) return archived.error();
            if (*archived) break;
            ValidatorSetChange c;
            if (!read_validator_set_change(snap.state(), i, c)) {
                return make_error(Reason::CORRUPTION,
                                  "validator set change " + std::to_string(i) + " is missing");
            }
            missing.push_back(i);
            missing_changes.push_back(std::move(c));
        }
    }
    std::string unprovable;
    for (size_t k = 0; k < missing.size(); ++k) {
        const uint32_t index = missing[k];
        auto proof =
            ledger.prove(missing_changes[k].committed_height, state_key::validator_set_change(index));
        if (!proof) {
            // Marked by an empty record, so that it is reported once, not after every block.
            if (Status s = store.put_validator_set_proof(index, Bytes()); !s) return s;
            if (!unprovable.empty()) unprovable += ", ";
            unprovable += std::to_string(index) + " (height " +
                          std::to_string(missing_changes[k].committed_height) + ")";
            continue;
        }
        if (Status s = store.put_validator_set_proof(index, proof->encode()); !s) return s;
    }
    if (!unprovable.empty()) {
        return make_error(Reason::NOT_FOUND,
                          "validator set changes no longer provable, not archived: " + unprovable);
    }
    return Status();
}

}  // namespace folio::node
