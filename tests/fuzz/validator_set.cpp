// Validator sets (chain/block.h): a decoded set re-encodes to the same bytes and hashes as them.
#include "chain/block.h"
#include "chain/crypto/hash.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const folio::ByteView in = folio::fuzz::input(data, size);
    auto set = folio::ValidatorSet::decode(in);
    if (!set) return 0;
    FUZZ_CHECK(set->validators.size() <= folio::kMaxValidators);
    FUZZ_CHECK(set->encode() == folio::Bytes(in.begin(), in.end()));
    FUZZ_CHECK(set->hash() == folio::crypto::tags::validators()(in));
    for (size_t i = 0; i < set->validators.size(); ++i) {
        // index_of finds the first validator with a key; a set from genesis has each key once.
        const int found = set->index_of(set->validators[i].consensus_key);
        FUZZ_CHECK(found >= 0 && static_cast<size_t>(found) <= i);
    }
    return 0;
}
