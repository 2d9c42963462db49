#include "chain/overlay.h"

#include <algorithm>

namespace folio {

bool Overlay::get(ByteView key, Bytes& value) const {
    auto it = writes_.find(key);
    if (it != writes_.end()) {
        if (!it->second) return false;
        value = *it->second;
        return true;
    }
    return base_.get(key, value);
}

void Overlay::set(Bytes key, std::optional<Bytes> value) {
    auto it = writes_.find(key);
    if (it == writes_.end()) {
        it = writes_.emplace(std::move(key), std::move(value)).first;
        journal_.push_back(Undo{&it->first, false, std::nullopt});
    } else {
        journal_.push_back(Undo{&it->first, true, std::move(it->second)});
        it->second = std::move(value);
    }
}

void Overlay::rollback(size_t checkpoint) {
    while (journal_.size() > checkpoint) {
        Undo& u = journal_.back();
        const auto it = writes_.find(*u.key);
        if (u.existed) it->second = std::move(u.previous);
        else writes_.erase(it);
        journal_.pop_back();
    }
}

StateWrites Overlay::writes() const {
    StateWrites out;
    out.reserve(writes_.size());
    for (const auto& [k, v] : writes_) out.push_back(StateWrite{k, v});
    std::sort(out.begin(), out.end(), [](const StateWrite& a, const StateWrite& b) { return a.key < b.key; });
    return out;
}

StateWrites Overlay::take_writes() {
    journal_.clear();  // its keys point into writes_
    StateWrites out;
    out.reserve(writes_.size());
    while (!writes_.empty()) {
        auto node = writes_.extract(writes_.begin());
        out.push_back(StateWrite{std::move(node.key()), std::move(node.mapped())});
    }
    std::sort(out.begin(), out.end(), [](const StateWrite& a, const StateWrite& b) { return a.key < b.key; });
    return out;
}

}  // namespace folio
