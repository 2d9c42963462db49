#include "contracts/equity_state.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace folio::contracts {
namespace {

Bytes equity_key(char kind, ByteView rest) {
    Bytes k(2 + rest.size());
    k[0] = kEquityPrefix;
    k[1] = static_cast<uint8_t>(kind);
    std::copy(rest.begin(), rest.end(), k.begin() + 2);
    return k;
}
Bytes asset_key(char kind, AssetId asset) {
    const uint8_t be[4] = {static_cast<uint8_t>(asset >> 24), static_cast<uint8_t>(asset >> 16),
                           static_cast<uint8_t>(asset >> 8), static_cast<uint8_t>(asset)};
    return equity_key(kind, ByteView(be, 4));
}
[[noreturn]] void corrupt(const char* what) {
    std::fprintf(stderr, "fatal: stored equity %s does not decode\n", what);
    std::abort();
}

}  // namespace

namespace equity_state {

Bytes policy_key(AssetId asset) {
    return asset_key('p', asset);
}
Bytes pending_key(AssetId asset) {
    return asset_key('q', asset);
}
Bytes request_key(const InstrumentId& id) {
    return equity_key('r', id);
}

Bytes encode_policy(const EquityPolicy& p) {
    Writer w(32);
    w.u8(1);
    w.boolean(p.approval);
    w.u64(p.lockup_until_ms);
    w.u64(p.lockup_until_height);
    w.u64(p.max_holders);
    w.u8(p.kyc_min_level);
    return w.take();
}

Bytes encode_request(const Request& r) {
    Writer w(100);
    w.u8(1);
    w.u32(r.asset);
    w.fixed_bytes(r.from);
    w.fixed_bytes(r.to);
    w.u64(r.amount);
    w.u64(r.expires_ms);
    w.u8(static_cast<uint8_t>(r.status));
    return w.take();
}

bool read_request(const StateView& state, const InstrumentId& id, Request& out) {
    Bytes v;
    if (!state.get(request_key(id), v)) return false;
    Reader r(v);
    uint8_t status = 0;
    if (!(r.version("request version", 1) && r.u32("asset", out.asset) && r.fixed_bytes("from", out.from) &&
          r.fixed_bytes("to", out.to) && r.u64("amount", out.amount) && r.u64("expires_ms", out.expires_ms) &&
          r.u8("status", status) && r.finish()) ||
        status >= kStatusNames.size()) {
        corrupt("request");
    }
    out.status = static_cast<RequestStatus>(status);
    return true;
}

std::vector<InstrumentId> read_pending(const StateView& state, AssetId asset) {
    std::vector<InstrumentId> ids;
    Bytes v;
    if (!state.get(pending_key(asset), v)) return ids;
    Reader r(v);
    uint64_t n = 0;
    if (!r.version("pending version", 1) || !r.varint_max("pending count", kMaxPendingPerAsset, n))
        corrupt("index");
    ids.resize(n);
    for (auto& id : ids) {
        if (!r.fixed_bytes("id", id)) corrupt("index");
    }
    if (!r.finish()) corrupt("index");
    return ids;
}

Status write_pending(OpContext& ctx, AssetId asset, const std::vector<InstrumentId>& ids) {
    if (ids.empty()) return ctx.erase(pending_key(asset));
    Writer w(8 + ids.size() * 16);
    w.u8(1);
    w.varint(ids.size());
    for (const auto& id : ids) w.fixed_bytes(id);
    return ctx.put(pending_key(asset), w.take());
}
}  // namespace equity_state

EquityPolicy read_equity_policy(const StateView& state, AssetId asset) {
    EquityPolicy p;
    Bytes v;
    if (!state.get(equity_state::policy_key(asset), v)) return p;
    Reader r(v);
    if (!(r.version("equity policy version", 1) && r.boolean("approval", p.approval) &&
          r.u64("lockup_until_ms", p.lockup_until_ms) &&
          r.u64("lockup_until_height", p.lockup_until_height) && r.u64("max_holders", p.max_holders) &&
          r.u8("kyc_min_level", p.kyc_min_level) && r.finish())) {
        corrupt("policy");
    }
    return p;
}

}  // namespace folio::contracts
