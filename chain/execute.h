// Block execution: a pure, deterministic function from (state, block) to (state writes, receipts). No I/O, no
// clock (time is the header's time_ms), no randomness: every validator and folio-audit replays it bit for bit.
//
// A tx either is excluded (it can never be in a block: malformed ops, bad signature, wrong chain, wrong nonce, expired,
// duplicate client_ref, unknown signer) or is included with a receipt. An included tx consumes its nonce and
// client_ref even when an op fails; then all its op writes are rolled back and the receipt carries the reason.
//
// Instrument ops read committed history through a ChainHistory (chain/history.h) that the caller provides; a
// history read that fails (storage) ends the tx as excluded with that error, never as a receipt, so a node that
// cannot read its history votes against a block rather than computing another outcome.
//
// Signature checking has two halves: the pure (signature, tx_hash, pubkey) checks run in parallel
// before execution (verify_signatures, cached by the signed hash); execution only checks that each signing key
// is a current key of a required signer and that each account's threshold is met, counting a key once.
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "chain/history.h"
#include "chain/registry.h"
#include "chain/state.h"
#include "chain/tx.h"

namespace folio {

enum class TxStatus : uint8_t { success = 0, failed = 1 };

struct Receipt {
    TxHash tx_hash{};
    TxStatus status = TxStatus::success;
    Reason reason = Reason::OK;
    uint16_t op_index = 0;             // the failing op when status == failed
    std::vector<AccountId> accounts;   // accounts the tx concerns (history index); not part of results_root
    std::vector<Event> events;         // what the tx's instrument ops did (none when it failed)

    // results_root leaf := u8 version=1, fixed[32] tx_hash, u8 status, u16 reason, u16 op_index
    //                    | u8 version=2, the same fields, varint n (1..kMaxReceiptEvents), n * Event
    //                      (chain/instrument.h). Version 2 only for a receipt with events, so results_root
    //                      commits to the events and the receipts of existing chains keep their leaves.
    Bytes encode_result() const;
    // Reads one leaf of either version; false (with the failing field in the reader) otherwise.
    static bool decode_result(Reader& r, Receipt& out);
};

struct TxOutcome {
    bool included = false;
    Receipt receipt;           // valid when included
    Error error;               // why it was excluded, or (strict mode) why it failed
    TxHash conflicting_tx{};   // DUPLICATE_CLIENT_REF: the tx that used the client_ref first
};

struct ExecutionResult {
    StateWrites writes;  // sorted by key, one entry per key
    std::vector<Receipt> receipts;
};

// Applies txs one at a time over a base state; used by the block producer (apply each reaped tx, drop the
// excluded), by validators (execute_block), and by the mempool (strict mode keeps a pending state).
class BlockExecution final {
public:
    // `history`: committed history for instrument reads (may be null where no instrument reads it, e.g. tests of
    // core ops: such a read then ends its tx as excluded, UNAVAILABLE). It must outlive the execution.
    BlockExecution(const StateView& base, BlockContext ctx, const InstrumentRegistry& registry,
                   const ChainHistory* history = nullptr);
    ~BlockExecution();
    BlockExecution(const BlockExecution&) = delete;
    BlockExecution& operator=(const BlockExecution&) = delete;

    // signatures_ok: the pure signature check already passed for this tx.
    // strict: a failing op excludes the whole tx instead of including it as failed (mempool admission).
    TxOutcome apply(const TxEnvelope& tx, bool signatures_ok, bool strict = false);

    // The state as it stands after the txs applied so far.
    const StateView& view() const;
    // Txs applied from now on see the context's time_ms moved forward to `time_ms` (never back). For the
    // mempool only, whose pending state waits for a block while the node's clock runs on: a block executes
    // at the one time of its header.
    void advance_time_ms(uint64_t time_ms);
    // The writes and receipts, moved out (no copy of the block's writes): call it once, last.
    ExecutionResult finish();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

// Executes a proposed block: fails if any tx is excluded (such a block is invalid).
Result<ExecutionResult> execute_block(const StateView& base, const BlockContext& ctx, const std::vector<TxPtr>& txs,
                                      const std::vector<bool>& signatures_ok, const InstrumentRegistry& registry,
                                      const ChainHistory* history = nullptr);

}  // namespace folio
