// Ops as JSON (chain/op_json.h), as tx_build and tx_sign_submit take them. An op the JSON form accepts must
// be one the binary decoder accepts (else the node would build txs it then refuses), and showing it
// (op_to_json) and reading that back gives the same op.
#include <nlohmann/json.hpp>

#include "chain/op_json.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The node parses RPC params within a depth bound (rpc/json_limits.h); libFuzzer's inputs are small, so
    // the plain parser is safe here.
    const nlohmann::json j = nlohmann::json::parse(folio::fuzz::input_text(data, size), nullptr, false);
    if (j.is_discarded()) return 0;
    auto op = folio::op_from_json(j, folio::fuzz::decimals_of, folio::fuzz::registry());
    if (!op) {
        FUZZ_CHECK(!op.error().message.empty());
        return 0;
    }
    FUZZ_CHECK(op->payload.size() <= folio::kMaxOpPayload);
    if (!folio::is_core_tag(op->tag)) return 0;
    auto decoded = folio::decode_core_op(*op);
    if (!decoded)
        std::fprintf(stderr, "op_from_json built an op its decoder refuses: %s\n",
                     decoded.error().message.c_str());
    FUZZ_CHECK(decoded.ok());
    folio::fuzz::check_core_op_round_trip(*op, *decoded);
    return 0;
}
