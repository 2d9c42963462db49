// The mempool's pending state: the ledger's state with the writes of every ready tx on top, in admission
// order, remembering for each key the chain of txs that wrote it and the value each wrote. A committed block
// then invalidates only what it can have changed: a tx stays valid as long as every key it wrote still holds
// the value it built on. settle() works that out per key from the block's writes, so that a block executing
// the front of the queue as predicted re-checks nothing, and a block in another order re-checks only the txs
// on the keys it touched (and those built on them), never the whole queue.
//
// Reads are not tracked: a tx that only read what the block changed (an asset frozen, an attestation revoked)
// stays pending; if it then fails when its block executes it is included as failed, as any tx may be.
//
// Thread safety: none; the mempool holds its lock around every call, and the base is safe to read
// concurrently.
#pragma once

#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chain/state.h"
#include "chain/types.h"

namespace folio::node {

using TxHashSet = std::unordered_set<TxHash, FixedBytesHasher>;

class PendingState final : public StateView {
  public:
    explicit PendingState(const StateView& base) : base_(base) {}

    // The last pending write of the key, else the base's value.
    bool get(ByteView key, Bytes& value) const override;

    // Records an admitted tx's writes (sorted, one per key, as BlockExecution::finish gives them), after
    // every earlier tx's.
    void add(const TxHash& tx, StateWrites writes);

    // After a block is committed on the base, which now holds `block_writes` (the block's writes): drops the
    // records of `committed` (pending txs the block included) and `withdrawn` (txs leaving for another
    // reason), and of every tx that built on a value that is no longer there: the first pending writer of a
    // key after the committed ones, unless the block left the key at the value the last committed writer
    // wrote; any writer after a committed one out of order; any writer after a dropped one. `suspect` txs (a
    // proposer could not include them) are dropped too, with what was built on them. Returns the dropped txs
    // that were neither committed nor withdrawn, which the caller re-checks against the state left.
    TxHashSet settle(const StateWrites& block_writes, const TxHashSet& committed, const TxHashSet& withdrawn,
                     const TxHashSet& suspect = {});

    size_t tx_count() const { return keys_of_.size(); }
    size_t key_count() const { return chains_.size(); }

  private:
    struct KeyWrite {
        TxHash tx;
        std::optional<Bytes> value;
    };
    using Chain = std::vector<KeyWrite>;

    const StateView& base_;
    std::unordered_map<Bytes, Chain, BytesKeyHash, BytesKeyEqual> chains_;
    std::unordered_map<TxHash, std::vector<Bytes>, FixedBytesHasher> keys_of_;
};

}  // namespace folio::node
