// What a committed block leaves in the store: genesis, blocks and certificates read back (chain/store.h).
#include <gtest/gtest.h>

#include "tests/chain/store_fixture.h"

namespace folio {
namespace {

using namespace test;

class store : public StoreTest {};

// ===========================================================================================================
// store: genesis, blocks, certificates

TEST_F(store, GenesisIsCommittedAndReopensWithTheSameChainHeightAndRoot) {
    ASSERT_NO_FATAL_FAILURE(open());
    const ChainId chain_id = ledger_->chain_id();
    const BlockHeader genesis_head = ledger_->head();
    EXPECT_EQ(chain_id, parse_genesis(genesis_json_)->chain_id());
    EXPECT_EQ(ledger_->height(), 0u);
    EXPECT_TRUE(ledger_->store().initialized());
    // The root is the one a replay of genesis alone computes.
    EXPECT_EQ(genesis_head.state_root, ReplayState(genesis_json_, *registry_).state_root());

    close();
    ASSERT_NO_FATAL_FAILURE(open());
    EXPECT_EQ(ledger_->chain_id(), chain_id);
    EXPECT_EQ(ledger_->height(), 0u);
    EXPECT_EQ(ledger_->head(), genesis_head);
    EXPECT_EQ(ledger_->store().genesis_json().value(), genesis_json_);
    auto header0 = ledger_->store().header(0);
    ASSERT_TRUE(header0.ok());
    EXPECT_EQ(*header0, genesis_head);
    EXPECT_EQ(read_ok(ledger_->store().height_of(genesis_head.hash())), std::optional<Height>(0));
    EXPECT_TRUE(StateEquals(*ledger_, ReplayState(genesis_json_, *registry_).entries()));

    // Without a genesis, an initialized directory opens as the chain it holds.
    close();
    auto again = try_open("");
    ASSERT_TRUE(again.ok()) << describe(again.error());
    EXPECT_EQ((*again)->chain_id(), chain_id);
    EXPECT_EQ((*again)->head(), genesis_head);
}

TEST_F(store, CommittedBlocksReadBackAfterReopen) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(6));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    const Store& s = ledger_->store();
    ASSERT_EQ(s.height(), 6u);
    for (Height h = 1; h <= 6; ++h) {
        SCOPED_TRACE("height " + std::to_string(h));
        const BuiltBlock& built = blocks_[h - 1];
        auto header = s.header(h);
        ASSERT_TRUE(header.ok()) << describe(header.error());
        EXPECT_EQ(*header, built.block.header);

        auto body = s.body(h);
        ASSERT_TRUE(body.ok()) << describe(body.error());
        ASSERT_EQ(body->size(), built.block.txs.size());
        for (size_t i = 0; i < body->size(); ++i) {
            EXPECT_TRUE(same_bytes((*body)[i]->bytes, built.block.txs[i]->bytes)) << "tx " << i;
            EXPECT_EQ((*body)[i]->tx_hash, built.block.txs[i]->tx_hash);
        }

        auto commit = s.commit(h);
        ASSERT_TRUE(commit.ok()) << describe(commit.error());
        EXPECT_EQ(*commit, certs_[h - 1]);

        auto receipts = s.receipts(h);
        ASSERT_TRUE(receipts.ok()) << describe(receipts.error());
        ASSERT_EQ(receipts->size(), built.result.receipts.size());
        for (size_t i = 0; i < receipts->size(); ++i) {
            const Receipt &got = (*receipts)[i], &want = built.result.receipts[i];
            EXPECT_EQ(got.tx_hash, want.tx_hash);
            EXPECT_EQ(got.status, want.status);
            EXPECT_EQ(got.reason, want.reason);
            EXPECT_EQ(got.op_index, want.op_index);
            EXPECT_EQ(got.accounts, want.accounts);
        }

        for (uint32_t i = 0; i < built.block.txs.size(); ++i) {
            auto loc = read_ok(s.find_tx(built.block.txs[i]->tx_hash));
            ASSERT_TRUE(loc.has_value()) << "tx " << i;
            EXPECT_EQ(loc->height, h);
            EXPECT_EQ(loc->index, i);
        }
        EXPECT_EQ(read_ok(s.height_of(built.block.header.hash())), std::optional<Height>(h));
    }
}

TEST_F(store, UnknownHashesAndHeightsAreNotFound) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(2));
    const Store& s = ledger_->store();
    Hash256 unknown;
    unknown.fill(0x5a);
    EXPECT_FALSE(read_ok(s.find_tx(unknown)).has_value());
    EXPECT_FALSE(read_ok(s.height_of(unknown)).has_value());
    EXPECT_EQ(reason_name(s.header(3).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(s.body(3).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(s.commit(3).reason()), reason_name(Reason::NOT_FOUND));
    EXPECT_EQ(reason_name(s.receipts(3).reason()), reason_name(Reason::NOT_FOUND));
    // A tx hash is not a block hash, nor the other way round.
    EXPECT_FALSE(read_ok(s.height_of(blocks_[0].block.txs[0]->tx_hash)).has_value());
    EXPECT_FALSE(read_ok(s.find_tx(blocks_[0].block.header.hash())).has_value());
}

TEST_F(store, StoredCommitCertificatesVerifyAgainstTheGenesisValidators) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(4));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    const Store& s = ledger_->store();
    const ValidatorSet validators = parse_genesis(genesis_json_)->validators;
    for (Height h = 1; h <= 4; ++h) {
        SCOPED_TRACE("height " + std::to_string(h));
        auto cert = s.commit(h);
        auto header = s.header(h);
        ASSERT_TRUE(cert.ok() && header.ok());
        Status ok = verify_commit(*cert, ledger_->chain_id(), *header, validators);
        EXPECT_TRUE(ok.ok()) << describe(ok.error());
        // The certificate names this block only.
        EXPECT_FALSE(verify_commit(*cert, ledger_->chain_id(), s.header(h - 1).value(), validators).ok());
        // And its signature is checked.
        CommitCertificate forged = *cert;
        forged.signatures.at(0).signature[5] ^= 1;
        EXPECT_FALSE(verify_commit(forged, ledger_->chain_id(), *header, validators).ok());
    }
}

}  // namespace
}  // namespace folio
