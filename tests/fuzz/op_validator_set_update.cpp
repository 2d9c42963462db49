// The validator_set_update payload (grammar in chain/ops.h): decode, byte-identical re-encoding, JSON round
// trip.
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return folio::fuzz::core_op_payload(folio::OpTag::validator_set_update, data, size);
}
