#include "node/pending_state.h"

#include <algorithm>

namespace folio::node {

bool PendingState::get(ByteView key, Bytes& value) const {
    auto it = chains_.find(key);
    if (it == chains_.end()) return base_.get(key, value);
    const std::optional<Bytes>& last = it->second.back().value;
    if (!last) return false;
    value = *last;
    return true;
}

void PendingState::add(const TxHash& tx, StateWrites writes) {
    std::vector<Bytes>& keys = keys_of_[tx];
    keys.reserve(keys.size() + writes.size());
    for (StateWrite& w : writes) {
        keys.push_back(w.key);
        chains_[std::move(w.key)].push_back(KeyWrite{tx, std::move(w.value)});
    }
}

TxHashSet PendingState::settle(const StateWrites& block_writes, const TxHashSet& committed,
                               const TxHashSet& withdrawn, const TxHashSet& suspect) {
    std::unordered_map<ByteView, const std::optional<Bytes>*, BytesKeyHash, BytesKeyEqual> block_value;
    block_value.reserve(block_writes.size());
    for (const StateWrite& w : block_writes) block_value.emplace(ByteView(w.key), &w.value);

    TxHashSet dirty;
    TxHashSet dropping;  // dirty or withdrawn: their records go, and whoever built on them after them
    std::vector<TxHash> work;
    auto drop = [&](const TxHash& tx) {
        if (committed.count(tx) != 0 || !dropping.insert(tx).second) return;
        work.push_back(tx);
        if (withdrawn.count(tx) == 0) dirty.insert(tx);
    };

    // The keys whose chains the block can have broken: those it wrote, and those the committed txs wrote (a
    // committed tx whose ops failed in the block left its pending writes undone). Each key once, in any order:
    // each is settled on its own.
    std::unordered_set<Bytes, BytesKeyHash, BytesKeyEqual> examine;
    for (const StateWrite& w : block_writes) {
        if (chains_.count(w.key) != 0) examine.insert(w.key);
    }
    for (const TxHash& tx : committed) {
        auto it = keys_of_.find(tx);
        if (it == keys_of_.end()) continue;
        examine.insert(it->second.begin(), it->second.end());
    }
    for (const Bytes& key : examine) {
        auto it = chains_.find(key);
        if (it == chains_.end()) continue;
        Chain& chain = it->second;
        size_t prefix = 0;
        while (prefix < chain.size() && committed.count(chain[prefix].tx) != 0) ++prefix;
        const bool committed_later =
            std::any_of(chain.begin() + static_cast<std::ptrdiff_t>(prefix), chain.end(),
                        [&](const KeyWrite& w) { return committed.count(w.tx) != 0; });
        const auto written = block_value.find(ByteView(key));
        // What the first writer left built on is still there: the block did not touch a key none of its txs
        // wrote, or it left the value the last committed writer wrote.
        bool holds = prefix == 0
                         ? written == block_value.end()
                         : written != block_value.end() && *written->second == chain[prefix - 1].value;
        if (committed_later) holds = false;
        chain.erase(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(prefix));
        if (!holds) {
            for (const KeyWrite& w : chain) drop(w.tx);
            chain.clear();
        }
        if (chain.empty()) chains_.erase(it);
    }
    for (const TxHash& tx : committed) keys_of_.erase(tx);
    for (const TxHash& tx : withdrawn) drop(tx);
    for (const TxHash& tx : suspect) drop(tx);

    // A dropped tx's writes go from every chain it is in, and with them every later write of those keys.
    while (!work.empty()) {
        const TxHash tx = work.back();
        work.pop_back();
        auto it = keys_of_.find(tx);
        if (it == keys_of_.end()) continue;
        const std::vector<Bytes> keys = std::move(it->second);
        keys_of_.erase(it);
        for (const Bytes& key : keys) {
            auto c = chains_.find(key);
            if (c == chains_.end()) continue;
            Chain& chain = c->second;
            const auto at =
                std::find_if(chain.begin(), chain.end(), [&](const KeyWrite& w) { return w.tx == tx; });
            if (at == chain.end()) continue;
            for (auto later = at + 1; later != chain.end(); ++later) drop(later->tx);
            chain.erase(at, chain.end());
            if (chain.empty()) chains_.erase(c);
        }
    }
    return dirty;
}

}  // namespace folio::node
