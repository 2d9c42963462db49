// Commit certificates (chain/block.h): a decoded certificate re-encodes to the same bytes, its validator
// indices strictly increase (so no validator counts twice), and it never verifies against a block it does not
// name.
#include "chain/block.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const folio::ByteView in = folio::fuzz::input(data, size);
    auto cert = folio::CommitCertificate::decode(in);
    if (!cert) return 0;
    FUZZ_CHECK(cert->encode() == folio::Bytes(in.begin(), in.end()));
    FUZZ_CHECK(cert->signatures.size() <= folio::kMaxValidators);
    for (size_t i = 1; i < cert->signatures.size(); ++i) {
        FUZZ_CHECK(cert->signatures[i - 1].validator_index < cert->signatures[i].validator_index);
    }
    // A header of the same height whose hash is (almost surely) not the named block: refused before any
    // signature is checked, whatever the signatures are.
    folio::BlockHeader other;
    other.height = cert->height;
    other.time_ms = 1;
    if (other.hash() != cert->block_hash) {
        FUZZ_CHECK(!folio::verify_commit(*cert, folio::ChainId{}, other, folio::ValidatorSet{}).ok());
    }
    return 0;
}
