// Genesis files (chain/genesis.h, docs/genesis.md). A genesis that parses has a JSON form (to_json) that
// parses back to the same chain (same canonical encoding, same chain_id), and its height-0 state can be
// built.
#include "chain/genesis.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto genesis = folio::parse_genesis(folio::fuzz::input_text(data, size));
    if (!genesis) {
        FUZZ_CHECK(!genesis.error().message.empty());
        return 0;
    }
    FUZZ_CHECK(!genesis->validators.validators.empty());
    const std::string shown = genesis->to_json();
    auto again = folio::parse_genesis(shown);
    if (!again) std::fprintf(stderr, "to_json output refused: %s\n", again.error().message.c_str());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->encode() == genesis->encode());
    FUZZ_CHECK(again->chain_id() == genesis->chain_id());

    const folio::StateWrites writes = folio::genesis_state(*genesis);
    size_t balances = 0;
    for (const auto& a : genesis->assets) balances += a.balances.size();
    FUZZ_CHECK(writes.size() >= 2 * genesis->accounts.size() + 2 * genesis->assets.size() + balances);
    const folio::BlockHeader header = folio::genesis_header(*genesis, folio::Hash256{});
    FUZZ_CHECK(header.height == 0 && header.chain_id == genesis->chain_id());
    return 0;
}
