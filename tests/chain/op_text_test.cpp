// Text fields of core op payloads are UTF-8, like a tx memo: what a node shows as JSON (tx_get, the wallet)
// is then exactly what was signed, and reads back to the same op. Found by tests/fuzz/op_kyc_attest and
// op_param_update (their regressions/ keep the inputs).
#include <gtest/gtest.h>

#include "chain/ops.h"

namespace folio {
namespace {

TEST(op_decoder_rejects, KycCategoryThatIsNotUtf8) {
    Op op = encode_op(KycAttestOp{AccountId{}, 1, "retail\xff", 0, Hash256{}});
    auto decoded = decode_core_op(op);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.reason(), Reason::DECODE_ERROR);
    EXPECT_NE(decoded.error().message.find("category"), std::string::npos) << decoded.error().message;
}

TEST(op_decoder_accepts, KycCategoryInUtf8) {
    Op op = encode_op(KycAttestOp{AccountId{}, 1, "acc\xc3\xa9l\xc3\xa9r\xc3\xa9", 0, Hash256{}});
    EXPECT_TRUE(decode_core_op(op).ok());
}

TEST(op_decoder_rejects, ParamNameThatIsNotUtf8) {
    Op op = encode_op(ParamUpdateOp{"block_max_txs\xc0\x80", 5});
    auto decoded = decode_core_op(op);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("name"), std::string::npos) << decoded.error().message;
}

}  // namespace
}  // namespace folio
