// The role_grant / role_revoke payload (one grammar, chain/ops.h): decoded under both tags, which must agree,
// then the byte-identical re-encoding and the JSON round trip of each.
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using folio::OpTag;
    const folio::Op grant{static_cast<uint16_t>(OpTag::role_grant), folio::Bytes(data, data + size)};
    const folio::Op revoke{static_cast<uint16_t>(OpTag::role_revoke), grant.payload};
    FUZZ_CHECK(folio::decode_core_op(grant).ok() == folio::decode_core_op(revoke).ok());
    folio::fuzz::core_op_payload(OpTag::role_grant, data, size);
    return folio::fuzz::core_op_payload(OpTag::role_revoke, data, size);
}
