// Scenario: txs that must never enter a block (docs/reason-codes.md, 2xx: bad signature, wrong chain, expired,
// wrong nonce; and here a signature by someone else's key) are refused at tx_submit with their reason, and
// leave no trace: no mempool entry, no block, no nonce consumed.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/e2e/harness.h"
#include "tests/e2e/story.h"

namespace folio::e2e {
namespace {

TEST(e2e_refusals, TxsThatMustNeverEnterABlockAreRefusedAtSubmitAndLeaveNoTrace) {
    FoliodNode node;
    node.start();
    const Pair p = fund_pair(node, "ACME", "100");
    const json before = node.call("chain_status");
    const json alice_before = node.call("account_get", {{"account", p.alice.address}});

    const json built = build_transfer(node, p.alice, "ACME", p.bob.address, "10");
    const Tx tx = decode_built(built);
    std::vector<std::pair<std::string, std::string>> refused;  // (what, reason)
    auto submit = [&](const std::string& what, const json& params) {
        const json answer = node.raw_call("tx_submit", params);
        refused.emplace_back(what, error_reason(answer));
        return answer;
    };

    // Signed by bob's key: a valid BIP340 signature, but not by a key of the signer.
    submit("signed by another account's key", {{"tx", signed_hex(tx, p.bob)}});
    submit("another account's key, signatures form",
           {{"tx", built.at("tx")}, {"signatures", signatures_for(built, p.bob)}});
    // alice's signature over other bytes.
    {
        json sigs = signatures_for(built, p.alice);
        std::string s = sigs[0]["signature"];
        s[10] = s[10] == '0' ? '1' : '0';
        sigs[0]["signature"] = s;
        submit("signature altered", {{"tx", built.at("tx")}, {"signatures", sigs}});
        Tx other = tx;
        other.memo = "changed after signing";
        SignedTx stx{other, {}};
        stx.signatures.push_back({p.alice.key.pubkey(), crypto::sign(p.alice.key, tx.hash())});
        submit("tx changed after signing", {{"tx", to_hex(stx.encode())}});
    }
    // Unsigned.
    submit("unsigned", {{"tx", built.at("tx")}});
    // For another chain: same tx, another chain id.
    {
        Tx other = tx;
        other.chain_id[0] ^= 1;
        submit("another chain", {{"tx", signed_hex(other, p.alice)}});
    }
    // Expired: valid until a height already passed.
    {
        const json old = node.call(
            "tx_build",
            {{"signer", p.alice.address},
             {"ops", json::array(
                         {{{"op", "transfer"}, {"asset", "ACME"}, {"to", p.bob.address}, {"amount", "10"}}})},
             {"valid_until_height", 1}});
        submit("expired", {{"tx", signed_hex(old, p.alice)}});
    }
    // Garbage.
    submit("not a tx", {{"tx", "00ff"}});

    const std::map<std::string, std::vector<std::string>> allowed = {
        {"signed by another account's key", {"MISSING_SIGNATURE", "NOT_AUTHORIZED", "BAD_SIGNATURE"}},
        {"another account's key, signatures form", {"MISSING_SIGNATURE", "NOT_AUTHORIZED", "BAD_SIGNATURE"}},
        {"signature altered", {"BAD_SIGNATURE"}},
        {"tx changed after signing", {"BAD_SIGNATURE"}},
        {"unsigned", {"MISSING_SIGNATURE"}},
        {"another chain", {"WRONG_CHAIN"}},
        {"expired", {"EXPIRED"}},
        {"not a tx", {"DECODE_ERROR"}},
    };
    for (const auto& [what, reason] : refused) {
        const auto& ok = allowed.at(what);
        EXPECT_TRUE(std::find(ok.begin(), ok.end(), reason) != ok.end()) << what << ": answered " << reason;
    }

    // No trace: no block, nothing pending, alice's nonce and holding unchanged; her real tx still goes
    // through.
    const json after = node.call("chain_status");
    EXPECT_EQ(after.at("height"), before.at("height"));
    EXPECT_EQ(after.at("state_root"), before.at("state_root"));
    EXPECT_EQ(after.at("mempool_size"), 0);
    EXPECT_EQ(node.call("account_get", {{"account", p.alice.address}}).at("nonce"), alice_before.at("nonce"));
    EXPECT_EQ(holding_of(node, p.alice.address, "ACME"), "100");
    node.call("tx_submit", {{"tx", signed_hex(tx, p.alice)}});
    wait_committed(node, built.at("sighash"));
    EXPECT_EQ(holding_of(node, p.bob.address, "ACME"), "10");
    node.stop();
}

}  // namespace
}  // namespace folio::e2e
