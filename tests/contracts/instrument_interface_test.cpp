// The instrument interface (chain/registry.h) through the probe instrument, real blocks and the store: each test
// one rule of OpContext, the registry or the block weight limit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/crypto/bech32m.h"
#include "chain/op_json.h"
#include "chain/params.h"
#include "tests/chain/check_fixture.h"
#include "tests/contracts/instrument_chain.h"

namespace folio::test {
namespace {

Op probe(ProbeAction action, std::string asset = {}, AccountId account = {}, Amount amount = 0,
         AccountId other = {}, InstrumentId id = {}, Height height = 0, uint32_t limit = 1) {
    ProbeOp p;
    p.action = action;
    p.asset = std::move(asset);
    p.account = account;
    p.other = other;
    p.id = id;
    p.amount = amount;
    p.height = height;
    p.limit = limit;
    return encode_probe(p);
}

InstrumentId id_of(uint8_t n) {
    InstrumentId id{};
    id[15] = n;
    return id;
}

bool succeeded(const Receipt& r) { return r.status == TxStatus::success; }

// ---- mint and burn_from

TEST(InstrumentInterface, MintKeepsSupplyCapAndHolderCount) {
    InstrumentChain chain;
    const Asset before = chain.asset_record("ACME");
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::mint, "ACME", chain.account(1), 50)})));
    EXPECT_EQ(chain.asset_record("ACME").supply, before.supply + 50);
    EXPECT_EQ(chain.balance("ACME", 1).amount, 150u);
    EXPECT_EQ(chain.asset_record("ACME").holders, before.holders);
    // A holder that left comes back as one more holder.
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::burn_from, "ACME", chain.account(2), 100)})));
    EXPECT_EQ(chain.asset_record("ACME").holders, before.holders - 1);
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::mint, "ACME", chain.account(2), 1)})));
    EXPECT_EQ(chain.asset_record("ACME").holders, before.holders);
    const Receipt over = chain.run_one(0, {probe(ProbeAction::mint, "ACME", chain.account(1), 1000 - 349)});
    EXPECT_EQ(over.reason, Reason::SUPPLY_CAP);
    EXPECT_TRUE(chain.conserved("ACME"));
}

TEST(InstrumentInterface, MintFollowsTheTransferRulesOfIssue) {
    InstrumentChain chain;
    // The registrar has no KYC attestation: equity requires level 1 of a receiver, as for the core issue op.
    const Receipt r = chain.run_one(0, {probe(ProbeAction::mint, "ACME", chain.account(InstrumentChain::kRegistrar), 1)});
    EXPECT_EQ(r.reason, Reason::KYC_REQUIRED);
    EXPECT_TRUE(chain.conserved("ACME"));
}

TEST(InstrumentInterface, BurnFromTakesOnlyAvailableUnitsAndCountsHolders) {
    InstrumentChain chain;
    const Asset before = chain.asset_record("ACME");
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::burn_from, "ACME", chain.account(2), 100)})));
    EXPECT_EQ(chain.balance("ACME", 2).amount, 0u);
    EXPECT_EQ(chain.asset_record("ACME").supply, before.supply - 100);
    EXPECT_EQ(chain.asset_record("ACME").holders, before.holders - 1);
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::lock, "ACME", chain.account(3), 60, {}, id_of(1))})));
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::burn_from, "ACME", chain.account(3), 41)}).reason,
              Reason::INSUFFICIENT_BALANCE);
    EXPECT_TRUE(chain.conserved("ACME"));
}

// ---- locks

TEST(InstrumentInterface, LockUnlockAndMoveLockedKeepTheLockRecordsEqualToLocked) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::lock, "EURX", chain.account(0), 30000, {}, id_of(1)),
                                            probe(ProbeAction::lock, "EURX", chain.account(0), 20000, {}, id_of(2)),
                                            probe(ProbeAction::lock, "EURX", chain.account(0), 5000, {}, id_of(1))})));
    EXPECT_EQ(chain.balance("EURX", 0).locked, 55000u);
    LockSet locks = read_locks(chain.ledger().state(), chain.asset("EURX"), chain.account(0));
    ASSERT_EQ(locks.entries.size(), 2u);
    EXPECT_EQ(locks.entries[0].amount, 35000u);
    EXPECT_EQ(locks.entries[0].kind, kProbeLockKind);
    EXPECT_TRUE(chain.conserved("EURX"));

    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::unlock, "EURX", chain.account(0), 20000, {}, id_of(2))})));
    EXPECT_EQ(read_locks(chain.ledger().state(), chain.asset("EURX"), chain.account(0)).entries.size(), 1u);
    ASSERT_TRUE(succeeded(chain.run_one(
        0, {probe(ProbeAction::move_locked, "EURX", chain.account(0), 35000, chain.account(1), id_of(1))})));
    EXPECT_EQ(chain.balance("EURX", 0).amount, 100000u - 35000u);
    EXPECT_EQ(chain.balance("EURX", 0).locked, 0u);
    EXPECT_EQ(chain.balance("EURX", 1).amount, 100000u + 35000u);
    Bytes unused;
    EXPECT_FALSE(chain.ledger().state().get(state_key::locks(chain.asset("EURX"), chain.account(0)), unused))
        << "an emptied lock set is erased";
    EXPECT_TRUE(chain.conserved("EURX"));
}

TEST(InstrumentInterface, LockedUnitsCannotBeTransferred) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::lock, "ACME", chain.account(0), 95, {}, id_of(7))})));
    const Receipt r = chain.run_one(0, {encode_op(TransferOp{"ACME", chain.account(1), 6})});
    EXPECT_EQ(r.reason, Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::lock, "ACME", chain.account(0), 6, {}, id_of(8))}).reason,
              Reason::INSUFFICIENT_BALANCE);
}

TEST(InstrumentInterface, UnlockOfAnUnknownIdOrMoreThanLockedIsRefused) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::lock, "ACME", chain.account(0), 10, {}, id_of(1))})));
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::unlock, "ACME", chain.account(0), 1, {}, id_of(2))}).reason,
              Reason::UNKNOWN_ID);
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::unlock, "ACME", chain.account(0), 11, {}, id_of(1))}).reason,
              Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(chain.balance("ACME", 0).locked, 10u);
}

TEST(InstrumentInterface, MoveLockedToARefusedReceiverLeavesTheLock) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::lock, "ACME", chain.account(0), 10, {}, id_of(1))})));
    // The registrar has no KYC: equity refuses it as a receiver; the lock stays whole.
    const Receipt r = chain.run_one(0, {probe(ProbeAction::move_locked, "ACME", chain.account(0), 10,
                                              chain.account(InstrumentChain::kRegistrar), id_of(1))});
    EXPECT_EQ(r.reason, Reason::KYC_REQUIRED);
    EXPECT_EQ(chain.balance("ACME", 0).locked, 10u);
    EXPECT_EQ(read_locks(chain.ledger().state(), chain.asset("ACME"), chain.account(0)).entries.at(0).amount, 10u);
    EXPECT_TRUE(chain.conserved("ACME"));
}

// ---- escrow

TEST(InstrumentInterface, EscrowInAndOutConserveSupply) {
    InstrumentChain chain;
    const Amount supply = chain.asset_record("EURX").supply;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::escrow_in, "EURX", chain.account(0), 25000),
                                            probe(ProbeAction::escrow_in, "EURX", chain.account(1), 5000)})));
    EXPECT_EQ(chain.asset_record("EURX").escrow, 30000u);
    EXPECT_EQ(chain.asset_record("EURX").supply, supply);
    EXPECT_TRUE(chain.conserved("EURX"));
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::escrow_out, "EURX", chain.account(2), 30000)})));
    EXPECT_EQ(chain.asset_record("EURX").escrow, 0u);
    EXPECT_EQ(chain.balance("EURX", 2).amount, 130000u);
    EXPECT_TRUE(chain.conserved("EURX"));
    // Version 1 again once the escrow is empty: the record encodes as before instruments existed.
    Bytes stored;
    ASSERT_TRUE(chain.ledger().state().get(state_key::asset(chain.asset("EURX")), stored));
    EXPECT_EQ(stored.at(0), 1u);
}

TEST(InstrumentInterface, EscrowOutBeyondTheEscrowOrToARefusedReceiverIsRefused) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::escrow_in, "EURX", chain.account(0), 100)})));
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::escrow_out, "EURX", chain.account(1), 101)}).reason,
              Reason::INSUFFICIENT_BALANCE);
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::escrow_out, "EURX", chain.account(InstrumentChain::kRegistrar), 100)})
                  .reason,
              Reason::KYC_REQUIRED);
    EXPECT_EQ(chain.asset_record("EURX").escrow, 100u);
    EXPECT_TRUE(chain.conserved("EURX"));
}

TEST(InstrumentInterface, AssetRecordWithEscrowHasOneEncoding) {
    Asset a;
    a.symbol = "EURX";
    a.escrow = 5;
    Asset back;
    ASSERT_TRUE(Asset::decode(a.encode(), back));
    EXPECT_EQ(back, a);
    Bytes zero_escrow_v2 = a.encode();
    std::fill(zero_escrow_v2.end() - 8, zero_escrow_v2.end(), 0);
    EXPECT_FALSE(Asset::decode(zero_escrow_v2, back)) << "version 2 with a zero escrow is non-canonical";
}

// ---- history

TEST(InstrumentInterface, HistoryReadsSeeTheStateOfAHeightBelow) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::escrow_in, "EURX", chain.account(0), 700)})));  // h1
    const Height recorded = chain.ledger().height();
    ASSERT_TRUE(succeeded(chain.run_one(0, {encode_op(TransferOp{"EURX", chain.account(1), 300})})));  // h2
    const Receipt r = chain.run_one(0, {probe(ProbeAction::history, "EURX", chain.account(0), 0, {}, {}, recorded, 10)});
    ASSERT_TRUE(succeeded(r)) << reason_name(r.reason);
    ASSERT_EQ(r.events.size(), 1u);
    const Event& e = r.events[0];
    EXPECT_EQ(e.kind, "probe_history");
    EXPECT_EQ(e.amounts.at(0), 100000u - 700u) << "balance at the record height, before the later transfer";
    EXPECT_EQ(e.amounts.at(1), InstrumentChain::kHolders);
    EXPECT_EQ(e.amounts.at(2), 400000u);
    EXPECT_EQ(e.amounts.at(3), 700u) << "escrow at the record height";
    auto at = chain.ledger().store().asset_at(chain.asset("EURX"), 0);
    ASSERT_TRUE(at.ok() && at->has_value());
    EXPECT_EQ((*at)->escrow, 0u);
}

TEST(InstrumentInterface, HistoryAtTheExecutingHeightIsRefused) {
    InstrumentChain chain;
    const Height next = chain.ledger().height() + 1;
    const Receipt r = chain.run_one(0, {probe(ProbeAction::history, "EURX", chain.account(0), 0, {}, {}, next, 1)});
    EXPECT_EQ(r.reason, Reason::HEIGHT_NOT_REACHED);
}

TEST(InstrumentInterface, HistoryWithoutAChainHistoryExcludesTheTx) {
    InstrumentChain chain;
    BlockExecution exec(chain.ledger().state(), BlockContext{chain.ledger().chain_id(), chain.ledger().height() + 1, 1},
                        chain.registry(), nullptr);
    const TxPtr t = chain.tx(0, {probe(ProbeAction::history, "EURX", chain.account(0), 0, {}, {}, 0, 1)});
    const TxOutcome o = exec.apply(*t, verify_signatures(*t));
    EXPECT_FALSE(o.included) << "a history this node cannot read never becomes a receipt";
    EXPECT_EQ(o.error.reason, Reason::UNAVAILABLE);
}

// ---- state prefix guard

TEST(InstrumentInterface, WritesOutsideItsPrefixAreRefused) {
    InstrumentChain chain;
    Bytes counter_before, counter_after;
    ASSERT_TRUE(chain.ledger().state().get(state_key::meta("next_asset_id"), counter_before));
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::intrude)}).reason, Reason::NOT_AUTHORIZED);
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::intrude_ignored)}).reason, Reason::NOT_AUTHORIZED)
        << "ignoring the refusal does not make the op succeed";
    ASSERT_TRUE(chain.ledger().state().get(state_key::meta("next_asset_id"), counter_after));
    EXPECT_EQ(counter_before, counter_after);
}

// ---- rollback

TEST(InstrumentInterface, AFailedOpRollsBackItsWritesAndEvents) {
    InstrumentChain chain;
    const Amount supply = chain.asset_record("ACME").supply;
    const TxPtr t = chain.tx(0, {probe(ProbeAction::record_id), probe(ProbeAction::emit_then_fail, "ACME", chain.account(1), 5)});
    BuiltBlock b = chain.run({t});
    ASSERT_EQ(b.result.receipts.size(), 1u);
    const Receipt& r = b.result.receipts[0];
    EXPECT_EQ(r.status, TxStatus::failed);
    EXPECT_EQ(r.reason, Reason::NOTHING_TO_CLAIM);
    EXPECT_EQ(r.op_index, 1u);
    EXPECT_TRUE(r.events.empty()) << "the events of a failed tx are rolled back with its writes";
    Bytes unused;
    EXPECT_FALSE(chain.ledger().state().get(probe_record_key(instrument_id(t->tx_hash, 0)), unused));
    EXPECT_FALSE(chain.ledger().state().get(probe_record_key(instrument_id(t->tx_hash, 1)), unused));
    EXPECT_EQ(chain.asset_record("ACME").supply, supply);
    EXPECT_EQ(r.encode_result().at(0), 1u) << "a receipt without events keeps the version 1 leaf";
}

// ---- ids and events

TEST(InstrumentInterface, InstrumentIdsAreTheTaggedHashOfTxHashAndOpIndex) {
    InstrumentChain chain;
    const TxPtr t = chain.tx(0, {probe(ProbeAction::record_id), probe(ProbeAction::record_id)});
    BuiltBlock b = chain.run({t});
    ASSERT_EQ(b.result.receipts.at(0).events.size(), 2u);
    for (uint16_t i = 0; i < 2; ++i) {
        const InstrumentId expected = instrument_id(t->tx_hash, i);
        EXPECT_EQ(b.result.receipts[0].events[i].id, expected);
        Bytes unused;
        EXPECT_TRUE(chain.ledger().state().get(probe_record_key(expected), unused));
    }
    // H("folio/instrument_id", tx_hash || u16 LE op_index), first 16 bytes.
    Bytes data(t->tx_hash.begin(), t->tx_hash.end());
    data.push_back(1);
    data.push_back(0);
    const Hash256 h = crypto::TaggedHasher("folio/instrument_id")(data);
    EXPECT_TRUE(std::equal(h.begin(), h.begin() + 16, instrument_id(t->tx_hash, 1).begin()));
    EXPECT_EQ(instrument_id_hex(instrument_id(t->tx_hash, 1)).size(), 32u);
}

TEST(InstrumentInterface, EventsAreStoredWithReceiptsAndCommittedByResultsRoot) {
    InstrumentChain chain;
    BuiltBlock b = chain.run({chain.tx(0, {probe(ProbeAction::record_id)})});
    auto stored = chain.ledger().store().receipts(chain.ledger().height());
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ((*stored)[0].events, b.result.receipts[0].events);
    EXPECT_EQ(b.result.receipts[0].encode_result().at(0), 2u);
    std::vector<Receipt> changed = b.result.receipts;
    changed[0].events[0].amounts[0] += 1;
    EXPECT_NE(results_root(changed), b.block.header.results_root);
    EXPECT_EQ(results_root(b.result.receipts), b.block.header.results_root);
}

// ---- weights

TEST(InstrumentInterface, TheBuilderStopsBeforeBlockMaxWeight) {
    InstrumentChain chain(/*block_max_weight=*/100);
    std::vector<TxPtr> txs;
    for (size_t i = 0; i < 3; ++i) txs.push_back(chain.tx(i, {probe(ProbeAction::paged, {}, {}, 0, {}, {}, 0, 40)}));
    BuiltBlock b = chain.run(txs);
    EXPECT_EQ(b.block.txs.size(), 2u) << "40 + 40 fit in 100, a third 40 does not";
    EXPECT_TRUE(b.excluded.empty()) << "the third waits for the next block";
    BuiltBlock next = chain.run({txs[2]});
    EXPECT_EQ(next.block.txs.size(), 1u);
}

TEST(InstrumentInterface, ATxHeavierThanABlockIsExcluded) {
    InstrumentChain chain(/*block_max_weight=*/100);
    BuiltBlock b = chain.run({chain.tx(0, {probe(ProbeAction::paged, {}, {}, 0, {}, {}, 0, 101)})});
    EXPECT_TRUE(b.block.txs.empty());
    ASSERT_EQ(b.excluded.size(), 1u);
    EXPECT_EQ(b.excluded[0].error.reason, Reason::TOO_LARGE);
}

TEST(InstrumentInterface, TheBlockCheckRefusesABlockOverBlockMaxWeight) {
    InstrumentChain chain(/*block_max_weight=*/100);
    const TxPtr a = chain.tx(0, {probe(ProbeAction::paged, {}, {}, 0, {}, {}, 0, 60)});
    const TxPtr b = chain.tx(1, {probe(ProbeAction::paged, {}, {}, 0, {}, {}, 0, 60)});
    // The builder stops at the limit, so the heavy block is made by hand: the built one plus a second tx.
    BuiltBlock built = build_block(chain.ledger(), chain.registry(), {a}, {true}, InstrumentChain::kGenesisTimeMs + 1000,
                                   derived_key(InstrumentChain::kKeyTag, 0).pubkey());
    Block heavy = built.block;
    heavy.txs.push_back(b);
    CountingVerifier verifier;
    const BlockCheck check = check_block_on_head(chain.ledger(), heavy, chain.ledger().genesis().validators,
                                                 chain.registry(), verifier, std::nullopt);
    EXPECT_EQ(check.fault, BlockFault::too_much_weight) << check.error.message;
    EXPECT_EQ(op_weight(encode_op(TransferOp{"ACME", chain.account(1), 1}), chain.registry()), 1u);
    EXPECT_EQ(tx_weight(a->signed_tx.tx, chain.registry()), 60u);
}

TEST(InstrumentInterface, BlockMaxWeightIsAParameterWithBounds) {
    EXPECT_EQ(default_params().at("block_max_weight"), 20000u);
    EXPECT_TRUE(check_param_value("block_max_weight", 1));
    EXPECT_TRUE(check_param_value("block_max_weight", 1'000'000));
    EXPECT_FALSE(check_param_value("block_max_weight", 0));
    EXPECT_FALSE(check_param_value("block_max_weight", 1'000'001));
}

// ---- transfer hook, settlement

TEST(InstrumentInterface, SettlementGoesThroughTheTransferRules) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::settle, "ACME", chain.account(0), 5, chain.account(1))})));
    EXPECT_EQ(chain.balance("ACME", 1).amount, 105u);
    EXPECT_EQ(chain.run_one(0, {probe(ProbeAction::settle, "ACME", chain.account(0), 5,
                                      chain.account(InstrumentChain::kRegistrar))})
                  .reason,
              Reason::KYC_REQUIRED);
}

// ---- determinism

TEST(InstrumentInterface, TheSameBlockTwiceGivesTheSameWritesAndReceipts) {
    InstrumentChain chain;
    ASSERT_TRUE(succeeded(chain.run_one(0, {probe(ProbeAction::escrow_in, "EURX", chain.account(0), 700)})));
    const Height recorded = chain.ledger().height();
    std::vector<TxPtr> txs = {
        chain.tx(0, {probe(ProbeAction::lock, "ACME", chain.account(0), 10, {}, id_of(1)), probe(ProbeAction::record_id)}),
        chain.tx(1, {probe(ProbeAction::history, "EURX", chain.account(0), 0, {}, {}, recorded, 5),
                     probe(ProbeAction::mint, "ACME", chain.account(1), 3)}),
        chain.tx(2, {probe(ProbeAction::escrow_in, "EURX", chain.account(2), 9), probe(ProbeAction::intrude)}),
    };
    const std::vector<bool> ok(txs.size(), true);
    const BlockContext ctx{chain.ledger().chain_id(), chain.ledger().height() + 1, InstrumentChain::kGenesisTimeMs + 5000};
    auto first = execute_block(chain.ledger().state(), ctx, txs, ok, chain.registry(), &chain.ledger().store());
    auto second = execute_block(chain.ledger().state(), ctx, txs, ok, chain.registry(), &chain.ledger().store());
    ASSERT_TRUE(first.ok() && second.ok());
    ASSERT_EQ(first->writes.size(), second->writes.size());
    for (size_t i = 0; i < first->writes.size(); ++i) {
        EXPECT_EQ(first->writes[i].key, second->writes[i].key);
        EXPECT_EQ(first->writes[i].value, second->writes[i].value);
    }
    EXPECT_EQ(results_root(first->receipts), results_root(second->receipts));
}

}  // namespace
}  // namespace folio::test
