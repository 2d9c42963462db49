// The records of the minibond instrument (contracts/minibond.h, which gives their grammar) under its state
// prefix: the terms per asset, each instalment's payout id and default marks, and the amortization table they
// give. Consensus data: a stored record that does not decode is a bug, and the node stops rather than guess.
#pragma once

#include <optional>

#include "contracts/amortization.h"
#include "contracts/minibond.h"

namespace folio::contracts::minibond_state {

struct MinibondTerms {
    AssetId currency = 0;
    Amount nominal = 0;
    AmortizationTerms schedule;  // principal unused: P depends on the units
    uint64_t units = 0;

    Bytes encode() const {
        Writer w(48);
        w.u8(1);
        w.u32(currency);
        w.u64(nominal);
        w.u32(schedule.rate_bps);
        w.u8(static_cast<uint8_t>(schedule.schedule));
        w.u8(static_cast<uint8_t>(schedule.period_months));
        w.u16(schedule.instalments);
        w.u16(schedule.deferral);
        w.u64(schedule.first_due_ms);
        w.u64(units);
        return w.take();
    }
    static bool decode(ByteView data, MinibondTerms& out) {
        Reader r(data);
        MinibondTerms t;
        uint8_t kind = 0, period = 0;
        if (!(r.version("terms version", 1) && r.u32("currency", t.currency) && r.u64("nominal", t.nominal) &&
              r.u32("rate_bps", t.schedule.rate_bps) && r.u8("schedule", kind) &&
              r.u8("period_months", period) && r.u16("instalments", t.schedule.instalments) &&
              r.u16("deferral", t.schedule.deferral) && r.u64("first_due_ms", t.schedule.first_due_ms) &&
              r.u64("units", t.units) && r.finish())) {
            return false;
        }
        if (kind > 2) return false;
        t.schedule.schedule = static_cast<AmortizationSchedule>(kind);
        t.schedule.period_months = period;
        out = t;
        return true;
    }
};

Bytes terms_key(AssetId asset);
// 'C' (the instalment's payout id) or 'D' (its default mark).
Bytes instalment_key(uint8_t tag, AssetId asset, uint16_t instalment);

// The terms minibond_terms set on `asset`; none before.
std::optional<MinibondTerms> read_terms(const StateView& view, AssetId asset);
// The payout of the instalment's coupon, once coupon_pay opened it.
std::optional<InstrumentId> coupon_id(const StateView& view, AssetId asset, uint16_t instalment);
// The instalment's coupon is paid to every holder (withheld shares count as paid).
bool coupon_done(const StateView& view, AssetId asset, uint16_t instalment);
bool default_marked(const StateView& view, AssetId asset, uint16_t instalment);

// The table on `units` bonds: P = nominal * units.
Result<AmortizationTable> table_of(const MinibondTerms& terms, uint64_t units);
// Units the table counts: fixed by the first coupon, else what is issued now.
uint64_t table_units(const MinibondTerms& terms, const Asset& asset);

}  // namespace folio::contracts::minibond_state
