// P2P frames (node/p2p/messages.h): a frame that decodes re-encodes to the same bytes (one encoding per
// message), its header agrees with it, and no decoder reads past the frame's own bound.
#include "fuzz.h"
#include "node/p2p/messages.h"
#include "node/p2p/options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace folio;
    const ByteView in = fuzz::input(data, size);
    // A small bound too, so that the length check is exercised at its edge and not only at 16 MiB.
    const size_t small_bound = 1024;
    for (size_t bound : {p2p::kDefaultMaxMessageBytes, small_bound}) {
        auto message = p2p::decode_frame(in, bound);
        if (!message) continue;
        FUZZ_CHECK(in.size() >= p2p::kFrameHeaderBytes && in.size() - 4 <= bound);
        FUZZ_CHECK(p2p::encode_frame(*message) == Bytes(in.begin(), in.end()));
        auto header = p2p::decode_frame_header(in.first(p2p::kFrameHeaderBytes), bound);
        FUZZ_CHECK(header.ok() && header->type == p2p::type_of(*message));
        FUZZ_CHECK(header->payload_bytes == in.size() - p2p::kFrameHeaderBytes);
    }
    return 0;
}
