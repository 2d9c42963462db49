#include "contracts/minibond_state.h"

#include <algorithm>
#include <cstdlib>

#include "contracts/payout.h"

namespace folio::contracts {
namespace {

// Asset ids big-endian, as in core keys, so that a minibond's records sort by asset then instalment.
void put_be32(Writer& w, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) w.u8(static_cast<uint8_t>(v >> shift));
}

}  // namespace

namespace minibond_state {

Bytes terms_key(AssetId asset) {
    Writer w(6);
    w.u8(kMinibondPrefix);
    w.u8('T');
    put_be32(w, asset);
    return w.take();
}

Bytes instalment_key(uint8_t tag, AssetId asset, uint16_t instalment) {
    Writer w(8);
    w.u8(kMinibondPrefix);
    w.u8(tag);
    put_be32(w, asset);
    w.u8(static_cast<uint8_t>(instalment >> 8));
    w.u8(static_cast<uint8_t>(instalment));
    return w.take();
}

std::optional<MinibondTerms> read_terms(const StateView& view, AssetId asset) {
    Bytes value;
    MinibondTerms t;
    if (!view.get(terms_key(asset), value)) return std::nullopt;
    if (!MinibondTerms::decode(value, t)) std::abort();  // only a bug writes an undecodable record
    return t;
}

std::optional<InstrumentId> coupon_id(const StateView& view, AssetId asset, uint16_t instalment) {
    Bytes value;
    InstrumentId id{};
    if (!view.get(instalment_key('C', asset, instalment), value)) return std::nullopt;
    if (value.size() != id.size()) std::abort();
    std::copy(value.begin(), value.end(), id.begin());
    return id;
}

bool coupon_done(const StateView& view, AssetId asset, uint16_t instalment) {
    auto id = coupon_id(view, asset, instalment);
    if (!id) return false;
    auto payout = read_payout(view, kMinibondPrefix, *id);
    return payout && payout->done();
}

bool default_marked(const StateView& view, AssetId asset, uint16_t instalment) {
    Bytes unused;
    return view.get(instalment_key('D', asset, instalment), unused);
}

Result<AmortizationTable> table_of(const MinibondTerms& terms, uint64_t units) {
    auto principal = principal_of(terms.nominal, units);
    if (!principal) return principal.error();
    AmortizationTerms t = terms.schedule;
    t.principal = *principal;
    return amortization_table(t);
}

uint64_t table_units(const MinibondTerms& terms, const Asset& asset) {
    return terms.units != 0 ? terms.units : asset.supply - asset.escrow;
}

}  // namespace minibond_state
}  // namespace folio::contracts
