#include "contracts/demurrage.h"

#include <cstdio>
#include <cstdlib>

#include "chain/encoding.h"
#include "contracts/local_currency_keys.h"

namespace folio::contracts {
namespace {

std::optional<uint64_t> read_charged_ms(const StateView& state, AssetId asset, const AccountId& account) {
    Bytes v;
    if (!state.get(currency_key::charge(asset, account), v)) return std::nullopt;
    Reader r(v);
    uint64_t ms = 0;
    if (!r.u64("charged_ms", ms) || !r.finish()) {
        std::fprintf(stderr, "fatal: stored demurrage charge record does not decode\n");
        std::abort();  // only this instrument writes it
    }
    return ms;
}

}  // namespace

Amount melt(Amount available, uint64_t periods, uint16_t bps) {
    Amount b = available;
    // Once a period melts nothing (b < 10000 / bps), no later one does: the loop ends within about
    // ln(b) × 10000 / bps periods, whatever the number of periods elapsed.
    for (uint64_t i = 0; i < periods; ++i) {
        const Amount melted = static_cast<Amount>(static_cast<unsigned __int128>(b) * bps / kMaxBps);
        if (melted == 0) break;
        b -= melted;
    }
    return b;
}

DemurrageDue demurrage_due(const CurrencyTerms& terms, std::optional<uint64_t> charged_ms, Amount available,
                           uint64_t time_ms) {
    DemurrageDue due;
    if (!terms.melts()) return due;
    if (available == 0) {
        // Nothing melts; units that arrive start a whole period from now.
        due.charged_ms = time_ms;
        due.write = charged_ms != time_ms;
        return due;
    }
    const uint64_t start = charged_ms.value_or(terms.demurrage_since_ms);
    due.charged_ms = start;
    due.write = !charged_ms;
    if (time_ms <= start) return due;
    due.periods = (time_ms - start) / terms.demurrage_period_ms;
    if (due.periods == 0) return due;
    due.charged_ms = start + due.periods * terms.demurrage_period_ms;  // <= time_ms
    due.melted = available - melt(available, due.periods, terms.demurrage_bps);
    due.write = true;
    return due;
}

Status charge_demurrage(const CurrencyTerms& terms, const Asset& asset, const AccountId& account,
                        HoldingContext& ctx) {
    if (!terms.melts() || account == terms.fee_account) return Status();
    Balance held;
    read_balance(ctx, asset.id, account, held);
    const DemurrageDue due = demurrage_due(terms, read_charged_ms(ctx, asset.id, account), held.available(),
                                           ctx.block().time_ms);
    if (due.melted != 0) {
        if (Status s = ctx.charge(terms.fee_account, due.melted); !s) return s;
        if (Status s = ctx.emit(Event{"demurrage", asset.id, {}, {account, terms.fee_account}, {due.melted, due.periods}});
            !s) {
            return s;
        }
    }
    if (!due.write) return Status();
    Writer w(8);
    w.u64(due.charged_ms);
    return ctx.put(currency_key::charge(asset.id, account), w.take());
}

Balance demurrage_as_of(const CurrencyTerms& terms, const StateView& state, const Asset& asset,
                        const AccountId& account, const Balance& stored, uint64_t time_ms) {
    if (!terms.melts() || account == terms.fee_account) return stored;
    const DemurrageDue due = demurrage_due(terms, read_charged_ms(state, asset.id, account), stored.available(), time_ms);
    Balance b = stored;
    b.amount -= due.melted;  // melted <= available <= amount
    return b;
}

}  // namespace folio::contracts
