// A journaled write layer over a StateView: what execution reads and writes while a block is built. Writes
// stay in memory until finish(); checkpoints let a tx (or a failed op) be rolled back exactly.
#pragma once

#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chain/state.h"

namespace folio {

class Overlay final : public StateView {
public:
    explicit Overlay(const StateView& base) : base_(base) {}

    bool get(ByteView key, Bytes& value) const override;
    void put(Bytes key, Bytes value) { set(std::move(key), std::move(value)); }
    void erase(Bytes key) { set(std::move(key), std::nullopt); }

    // A checkpoint is a position in the journal; rollback undoes every write made after it.
    size_t checkpoint() const { return journal_.size(); }
    void rollback(size_t checkpoint);
    // Drops the undo log once no rollback can reach back further (after each tx), keeping memory flat.
    void release_journal() { journal_.clear(); }

    // The final value of every written key, sorted by key.
    StateWrites writes() const;
    // The same, moved out: the overlay is empty afterwards.
    StateWrites take_writes();

private:
    struct Undo {
        // The key inside writes_: nodes of an unordered_map never move, and a node is erased only by undoing
        // the write that created it, after every later write of its key was undone.
        const Bytes* key;
        bool existed;                       // false: the key was not in the overlay before this write
        std::optional<Bytes> previous;      // its overlay value before this write
    };
    void set(Bytes key, std::optional<Bytes> value);

    const StateView& base_;
    std::unordered_map<Bytes, std::optional<Bytes>, BytesKeyHash, BytesKeyEqual> writes_;
    std::vector<Undo> journal_;
};

}  // namespace folio
