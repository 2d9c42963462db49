// The mempool's admission clock: the stateful check runs at max(last block's time, the node's clock now), so
// a tx that would fail on time grounds in the next block (an expired attestation) is refused at submit even
// when no block was made for a while. The fixture's clock is fixed by the test (NodeRpc::set_clock_ms).
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

class mempool : public ::testing::Test {
  protected:
    void SetUp() override {
        t0 = node.clock_ms();
        node.set_clock_ms(t0);
    }

    // A kyc_attest of bob by the registrar expiring at `expires_ms`, with the registrar's next nonce.
    TxPtr attest_bob(uint64_t expires_ms) {
        KycAttestOp k;
        k.account = node.bob.id;
        k.level = 1;
        k.category = "retail";
        k.expires_ms = expires_ms;
        k.doc_hash.fill(0x42);
        return node.make_tx(node.registrar, {encode_op(k)}, registrar_nonce++);
    }

    Admission submit(const TxPtr& tx) { return node.mempool().submit({tx}).at(0); }

    TxPtr alice_pays_bob(uint64_t nonce) {
        return node.make_tx(node.alice, {encode_op(TransferOp{"EURX", node.bob.id, 100})}, nonce);
    }

    NodeRpc node;
    uint64_t t0 = 0;
    uint64_t registrar_nonce = 0;
};

TEST_F(mempool, AdmissionAfterAnIdlePeriodChecksKycAtTheCurrentTime) {
    ASSERT_TRUE(submit(attest_bob(t0 + 10'000)).ok());
    node.produce();                  // bob attested until t0 + 10 s; the pending state is reset at t0
    node.set_clock_ms(t0 + 20'000);  // 20 s without a block
    const Admission a = submit(alice_pays_bob(0));
    EXPECT_EQ(a.error.reason, Reason::KYC_EXPIRED) << a.error.message;
    EXPECT_EQ(node.mempool().size(), 0u);
}

TEST_F(mempool, AdmissionBeforeTheExpiryStillSucceeds) {
    ASSERT_TRUE(submit(attest_bob(t0 + 10'000)).ok());
    node.produce();
    node.set_clock_ms(t0 + 9'999);
    const Admission a = submit(alice_pays_bob(0));
    EXPECT_TRUE(a.ok()) << a.error.message;
}

TEST_F(mempool, AdmissionNeverChecksEarlierThanTheLastBlock) {
    ASSERT_TRUE(submit(attest_bob(t0 + 1'000)).ok());
    node.produce();  // at t0
    node.set_clock_ms(t0 + 5'000);
    node.produce();         // an empty block at t0 + 5 s
    node.set_clock_ms(t0);  // the clock steps back (an NTP correction)
    node.produce();         // at t0 + 5 s + 1 ms; the pending state is reset with the clock behind the head
    const Admission a = submit(alice_pays_bob(0));
    EXPECT_EQ(a.error.reason, Reason::KYC_EXPIRED) << a.error.message;
}

TEST_F(mempool, KycAttestExpiringBeforeNowIsRefusedAtSubmit) {
    node.set_clock_ms(t0 + 60'000);
    const Admission a = submit(attest_bob(t0 + 30'000));
    EXPECT_EQ(a.error.reason, Reason::KYC_EXPIRY_IN_PAST) << a.error.message;
    EXPECT_EQ(node.mempool().size(), 0u);
}

TEST_F(mempool, TransferToAnAttestationThatExpiredWhileIdleIsRefusedThroughTxSubmit) {
    ASSERT_TRUE(submit(attest_bob(t0 + 10'000)).ok());
    node.produce();
    node.set_clock_ms(t0 + 20'000);
    json sub = node.build_sign_submit(
        node.alice,
        json::array({{{"op", "transfer"}, {"asset", "EURX"}, {"to", node.bob.address}, {"amount", "1.00"}}}));
    ASSERT_TRUE(sub.contains("error")) << sub.dump();
    EXPECT_EQ(reason_of(sub["error"]), "KYC_EXPIRED");
    EXPECT_TRUE(node.produce().txs.empty());
}

}  // namespace
}  // namespace folio::node::test
