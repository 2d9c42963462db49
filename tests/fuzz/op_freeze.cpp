// The freeze / unfreeze payload (one grammar, chain/ops.h): decoded under both tags, which must agree,
// then the byte-identical re-encoding and the JSON round trip of each.
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using folio::OpTag;
    const folio::Op freeze{static_cast<uint16_t>(OpTag::freeze), folio::Bytes(data, data + size)};
    const folio::Op unfreeze{static_cast<uint16_t>(OpTag::unfreeze), freeze.payload};
    FUZZ_CHECK(folio::decode_core_op(freeze).ok() == folio::decode_core_op(unfreeze).ok());
    folio::fuzz::core_op_payload(OpTag::freeze, data, size);
    return folio::fuzz::core_op_payload(OpTag::unfreeze, data, size);
}
