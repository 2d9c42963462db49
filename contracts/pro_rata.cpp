#include "contracts/pro_rata.h"

#include <algorithm>
#include <string>

#include "chain/encoding.h"

namespace folio::contracts {
namespace {

constexpr uint8_t kCursorVersion = 1;

Error invalid(std::string message) { return make_error(Reason::INVALID_ARGUMENT, std::move(message)); }

// The cursor was made by earlier pages of these very totals and units: anything else is a caller's mix-up.
Status check_cursor(std::span<const Amount> totals, uint64_t all_units, const ProRataCursor& cursor) {
    if (cursor.paid.size() != totals.size()) {
        return invalid("cursor has " + std::to_string(cursor.paid.size()) + " totals, the distribution " +
                       std::to_string(totals.size()));
    }
    if (cursor.cumulative_units > all_units) return invalid("cursor counts more units than all_units");
    if (!cursor.last_account && cursor.cumulative_units != 0) return invalid("cursor counts units before a holder");
    for (size_t i = 0; i < totals.size(); ++i) {
        if (cursor.paid[i] != pro_rata_cumulative(totals[i], cursor.cumulative_units, all_units)) {
            return invalid("cursor's paid amounts do not match its totals");
        }
    }
    return Status();
}

}  // namespace

Bytes ProRataCursor::encode() const {
    Writer w(1 + 1 + 32 + 8 + 1 + 8 * paid.size());
    w.u8(kCursorVersion);
    w.boolean(last_account.has_value());
    if (last_account) w.fixed_bytes(*last_account);
    w.u64(cumulative_units);
    w.varint(paid.size());
    for (Amount amount : paid) w.u64(amount);
    return w.take();
}

Result<ProRataCursor> ProRataCursor::decode(ByteView data) {
    Reader r(data);
    ProRataCursor cursor;
    bool started = false;
    uint64_t parts = 0;
    if (r.version("pro rata cursor version", kCursorVersion) && r.boolean("started", started) && started) {
        AccountId account{};
        if (r.fixed_bytes("last_account", account)) cursor.last_account = account;
    }
    if (r.u64("cumulative_units", cursor.cumulative_units) &&
        r.varint_max("parts", kMaxProRataParts, parts)) {
        if (parts == 0) r.fail("parts", "a distribution has at least one total");
        cursor.paid.resize(parts, 0);
        for (auto& amount : cursor.paid) {
            if (!r.u64("paid", amount)) break;
        }
    }
    if (r.ok() && !started &&
        (cursor.cumulative_units != 0 || std::any_of(cursor.paid.begin(), cursor.paid.end(),
                                                     [](Amount a) { return a != 0; }))) {
        r.fail("cumulative_units", "a cursor that has not started has counted and paid nothing");
    }
    if (!r.finish()) return make_error(Reason::DECODE_ERROR, "pro rata cursor: " + r.error());
    return cursor;
}

ProRataCursor pro_rata_start(size_t parts) {
    ProRataCursor cursor;
    cursor.paid.assign(parts, 0);
    return cursor;
}

Amount pro_rata_cumulative(Amount total, uint64_t cumulative_units, uint64_t all_units) {
    // total * cumulative_units < 2^128; the quotient is at most total since cumulative_units <= all_units.
    return static_cast<Amount>(static_cast<unsigned __int128>(total) * cumulative_units / all_units);
}

HolderSource holders_from_span(std::span<const ProRataHolder> holders) {
    return [holders](const std::optional<AccountId>& after, size_t max, std::vector<ProRataHolder>& out) {
        auto first = holders.begin();
        if (after) {
            first = std::upper_bound(holders.begin(), holders.end(), *after,
                                     [](const AccountId& a, const ProRataHolder& h) { return a < h.account; });
        }
        const auto count = std::min<size_t>(max, static_cast<size_t>(holders.end() - first));
        out.assign(first, first + static_cast<std::ptrdiff_t>(count));
        return Status();
    };
}

Result<ProRataPage> pro_rata_page(std::span<const Amount> totals, uint64_t all_units, const ProRataCursor& cursor,
                                  size_t limit, const HolderSource& source) {
    if (totals.empty() || totals.size() > kMaxProRataParts) {
        return invalid("a distribution splits 1 to " + std::to_string(kMaxProRataParts) + " totals");
    }
    if (all_units == 0) return invalid("no units to distribute over");
    if (limit == 0 || limit > kMaxProRataPageHolders) {
        return invalid("limit must be between 1 and " + std::to_string(kMaxProRataPageHolders));
    }
    if (Status s = check_cursor(totals, all_units, cursor); !s) return s.error();

    ProRataPage page;
    page.next = cursor;
    if (cursor.cumulative_units == all_units) {
        page.done = true;
        return page;
    }
    std::vector<ProRataHolder> holders;
    if (Status s = source(cursor.last_account, limit, holders); !s) return s.error();
    if (holders.size() > limit) return invalid("holder source returned more holders than asked");

    ProRataCursor& next = page.next;
    std::optional<AccountId> previous = cursor.last_account;
    for (const ProRataHolder& holder : holders) {
        if (previous && !(*previous < holder.account)) {
            return invalid("holders are not in strictly increasing account order after the cursor");
        }
        previous = holder.account;
        if (page.done) {
            // All units are counted: whoever follows must hold nothing.
            if (holder.units != 0) return invalid("holders hold more units than all_units");
            continue;
        }
        next.last_account = holder.account;
        ++page.holders_read;
        if (holder.units == 0) continue;
        if (holder.units > all_units - next.cumulative_units) return invalid("holders hold more units than all_units");
        next.cumulative_units += holder.units;
        ProRataPayment payment;
        payment.account = holder.account;
        payment.units = holder.units;
        payment.amounts.resize(totals.size());
        for (size_t i = 0; i < totals.size(); ++i) {
            const Amount cumulative = pro_rata_cumulative(totals[i], next.cumulative_units, all_units);
            payment.amounts[i] = cumulative - next.paid[i];
            next.paid[i] = cumulative;
        }
        page.payments.push_back(std::move(payment));
        page.done = next.cumulative_units == all_units;
    }
    if (!page.done && holders.size() < limit) return invalid("holders hold fewer units than all_units");
    return page;
}

}  // namespace folio::contracts
