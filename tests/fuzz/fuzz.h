// What every fuzz target shares: the entry point's signature, a check that stops the run on a broken
// invariant (in the libFuzzer build and in the corpus replay alike), and the round trips of core ops.
//
// A target decodes its input; when it decodes, the target re-encodes it and checks the bytes are the same
// (each value has one encoding) and any invariant the decoder promises. Refusals are normal; a crash, a
// sanitizer report, a leak or a failed FUZZ_CHECK is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "chain/bytes.h"
#include "chain/ops.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#define FUZZ_CHECK(cond)                                                     \
    do {                                                                     \
        if (!(cond)) ::folio::fuzz::check_failed(#cond, __FILE__, __LINE__); \
    } while (false)

namespace folio {
class InstrumentRegistry;
}

namespace folio::fuzz {

[[noreturn]] inline void check_failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", what, file, line);
    std::abort();
}

inline ByteView input(const uint8_t* data, size_t size) {
    return ByteView(data, size);
}
inline std::string_view input_text(const uint8_t* data, size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

// The Op that encode_op gives for a decoded core op: what a byte-identical round trip compares against.
Op encode_decoded(const DecodedCoreOp& decoded);

// The registry of this release (contracts/make_registry), made once.
const InstrumentRegistry& registry();

// A deterministic decimals lookup for op JSON: every symbol is known, its decimals a function of its name, so
// that amounts are shown and parsed back the same way.
std::optional<uint8_t> decimals_of(std::string_view symbol);

// The checks every decoded core op must pass, wherever it came from (a payload target, a tx, op JSON):
// re-encoding gives `op` back byte for byte, and its JSON form (op_to_json) parses back (op_from_json) to the
// same op.
void check_core_op_round_trip(const Op& op, const DecodedCoreOp& decoded);

// A whole payload target: decodes `data` as the payload of an op with `tag` and checks the round trips.
int core_op_payload(OpTag tag, const uint8_t* data, size_t size);

}  // namespace folio::fuzz
