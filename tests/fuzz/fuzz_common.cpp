#include <memory>
#include <nlohmann/json.hpp>

#include "chain/op_json.h"
#include "contracts/registry.h"
#include "fuzz.h"

namespace folio::fuzz {

Op encode_decoded(const DecodedCoreOp& decoded) {
    return std::visit(
        [&](const auto& op) -> Op {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, RoleOp>) {
                return encode_op(op, decoded.tag == OpTag::role_grant);
            } else if constexpr (std::is_same_v<T, FreezeOp>) {
                return encode_op(op, decoded.tag == OpTag::freeze);
            } else {
                return encode_op(op);
            }
        },
        decoded.op);
}

const InstrumentRegistry& registry() {
    static const std::unique_ptr<InstrumentRegistry> instance = contracts::make_registry();
    return *instance;
}

std::optional<uint8_t> decimals_of(std::string_view symbol) {
    unsigned sum = 0;
    for (char c : symbol) sum += static_cast<unsigned char>(c);
    return static_cast<uint8_t>(sum % (kMaxDecimals + 1));
}

void check_core_op_round_trip(const Op& op, const DecodedCoreOp& decoded) {
    FUZZ_CHECK(static_cast<uint16_t>(decoded.tag) == op.tag);
    FUZZ_CHECK(encode_decoded(decoded) == op);

    // What tx_get and the wallet show must be what tx_build would take back: the JSON as it travels, text
    // written the way the RPC server writes it (rpc/json_limits.h: invalid UTF-8 becomes U+FFFD).
    auto shown = op_to_json(op, decimals_of, registry());
    FUZZ_CHECK(shown.ok());
    FUZZ_CHECK(shown->at("op") == core_op_name(op.tag));
    const std::string text = shown->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const nlohmann::json received = nlohmann::json::parse(text, nullptr, false);
    FUZZ_CHECK(!received.is_discarded());
    auto rebuilt = op_from_json(received, decimals_of, registry());
    if (!rebuilt)
        std::fprintf(stderr, "op_from_json refused %s: %s\n", text.c_str(), rebuilt.error().message.c_str());
    FUZZ_CHECK(rebuilt.ok());
    if (*rebuilt != op) std::fprintf(stderr, "op_from_json(%s) is another op\n", text.c_str());
    FUZZ_CHECK(*rebuilt == op);
}

int core_op_payload(OpTag tag, const uint8_t* data, size_t size) {
    const Op op{static_cast<uint16_t>(tag), Bytes(data, data + size)};
    auto decoded = decode_core_op(op);
    if (!decoded) {
        FUZZ_CHECK(!decoded.error().message.empty());
        return 0;
    }
    check_core_op_round_trip(op, *decoded);
    return 0;
}

}  // namespace folio::fuzz
