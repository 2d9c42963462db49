// The pro rata cursor an instrument keeps in its state between pages (contracts/pro_rata.h): a decoded cursor
// re-encodes to the same bytes and decodes again to itself.
#include "contracts/pro_rata.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const folio::ByteView in = folio::fuzz::input(data, size);
    auto cursor = folio::contracts::ProRataCursor::decode(in);
    if (!cursor) return 0;
    FUZZ_CHECK(cursor->encode() == folio::Bytes(in.begin(), in.end()));
    FUZZ_CHECK(!cursor->paid.empty() && cursor->paid.size() <= folio::contracts::kMaxProRataParts);
    auto again = folio::contracts::ProRataCursor::decode(cursor->encode());
    FUZZ_CHECK(again.ok() && *again == *cursor);
    return 0;
}
