// Block headers (chain/block.h): a decoded header re-encodes to the same bytes and its hash is the hash of
// them.
#include "chain/block.h"
#include "chain/crypto/hash.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const folio::ByteView in = folio::fuzz::input(data, size);
    auto header = folio::BlockHeader::decode(in);
    if (!header) return 0;
    FUZZ_CHECK(header->encode() == folio::Bytes(in.begin(), in.end()));
    FUZZ_CHECK(header->hash() == folio::crypto::tags::block()(in));
    auto again = folio::BlockHeader::decode(header->encode());
    FUZZ_CHECK(again.ok() && *again == *header);
    return 0;
}
