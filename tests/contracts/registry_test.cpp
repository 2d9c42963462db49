// The registry of this release as foliod builds it: what it owns and how it refuses what it does not.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "contracts/registry.h"

namespace folio::contracts {
namespace {

TEST(contracts_registry, CoreTagsAreNeverTheRegistrys) {
    const auto registry = make_registry();
    for (uint32_t tag = 0; tag < kFirstContractTag; ++tag) {
        EXPECT_FALSE(registry->owns(static_cast<uint16_t>(tag))) << "tag " << tag;
    }
}

TEST(contracts_registry, AnUnknownOpNameIsRefusedByName) {
    const auto registry = make_registry();
    const auto op = registry->op_from_json(nlohmann::json{{"op", "no_such_op"}}, [](std::string_view) { return std::optional<uint8_t>(); });
    ASSERT_FALSE(op);
    EXPECT_EQ(op.reason(), Reason::UNKNOWN_OP);
    EXPECT_NE(op.error().message.find("no_such_op"), std::string::npos);
}

}  // namespace
}  // namespace folio::contracts
