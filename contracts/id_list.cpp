#include "contracts/id_list.h"

#include <cstdlib>

namespace folio::contracts {
namespace {

Bytes count_key(const Bytes& stem) {
    Bytes k = stem;
    k.push_back(0x00);
    return k;
}

Bytes entry_key(const Bytes& stem, uint64_t index) {
    Bytes k = stem;
    k.push_back(0x01);
    append_be64(k, index);
    return k;
}

}  // namespace

void append_be32(Bytes& key, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) key.push_back(static_cast<uint8_t>(v >> shift));
}

void append_be64(Bytes& key, uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<uint8_t>(v >> shift));
}

// Only the instrument writes its lists: a count or entry that does not decode is a bug, and aborts as
// read_balance does rather than being read as absent.
uint64_t id_list_size(const StateView& state, const Bytes& stem) {
    Bytes data;
    if (!state.get(count_key(stem), data)) return 0;
    Reader r(data);
    uint64_t n = 0;
    if (!(r.u64("count", n) && r.finish())) std::abort();
    return n;
}

Status id_list_append(OpContext& ctx, const Bytes& stem, const InstrumentId& id) {
    const uint64_t n = id_list_size(ctx, stem);
    Writer count(8);
    count.u64(n + 1);
    if (Status s = ctx.put(entry_key(stem, n), Bytes(id.begin(), id.end())); !s) return s;
    return ctx.put(count_key(stem), count.take());
}

std::vector<InstrumentId> id_list_page(const StateView& state, const Bytes& stem, uint64_t start, uint64_t limit) {
    const uint64_t n = id_list_size(state, stem);
    std::vector<InstrumentId> out;
    for (uint64_t k = start; k < n && k - start < limit; ++k) {
        Bytes raw;
        InstrumentId id{};
        if (!state.get(entry_key(stem, k), raw) || raw.size() != id.size()) std::abort();
        std::copy(raw.begin(), raw.end(), id.begin());
        out.push_back(id);
    }
    return out;
}

Result<nlohmann::json> id_list_query_page(const QueryContext& ctx, const Bytes& stem, const nlohmann::json& params,
                                          uint64_t max_limit, std::string_view key, const IdListRow& row) {
    const uint64_t start = params.value("start", uint64_t{0});
    const uint64_t limit = params.value("limit", max_limit);
    if (limit == 0 || limit > max_limit)
        return make_error(Reason::INVALID_ARGUMENT, "limit: must be 1.." + std::to_string(max_limit));
    const uint64_t total = id_list_size(ctx.state, stem);
    nlohmann::json rows = nlohmann::json::array();
    uint64_t next = start;
    for (const InstrumentId& id : id_list_page(ctx.state, stem, start, limit)) {
        ++next;
        if (auto r = row(id)) rows.push_back(std::move(*r));
    }
    return nlohmann::json{{std::string(key), std::move(rows)},
                          {"total", total},
                          {"next", next < total ? nlohmann::json(next) : nlohmann::json(nullptr)},
                          {"height", ctx.height}};
}

}  // namespace folio::contracts
