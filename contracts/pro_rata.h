// Pro rata distributions paged over many holders: coupons, dividends, royalties. Holders are taken in account
// order at a record height; with c_j the units of the first j holders and U all units, holder j receives
//     floor(X * c_j / U) - floor(X * c_(j-1) / U)
// of a total X, so the amounts add up to exactly X however the holders are paged, and each holder is within one
// unit of its exact share X * units / U (below it by less than one, or above by less than one). X * c_j is exact
// in 128 bits. One distribution may split several totals over the same holders in one pass (a coupon's interest
// and principal), each by the same rule.
//
// The work is bounded by pages: a page reads at most `limit` holders from a holder source, pays them, and
// returns a cursor that the instrument keeps in its state until the next page. Pure functions: the holder source
// is the only input besides the arguments, and a page's result depends on nothing else.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "chain/bytes.h"
#include "chain/result.h"
#include "chain/types.h"

namespace folio::contracts {

inline constexpr size_t kMaxProRataParts = 4;      // totals split in one pass
inline constexpr size_t kMaxProRataPageHolders = 100'000;

struct ProRataHolder {
    AccountId account{};
    Amount units = 0;  // at the record height; locked and frozen units count
};

// Where a distribution stands between pages. Its canonical encoding, kept in the instrument's state:
//   cursor := u8 version=1, boolean started, fixed[32] last_account   (present iff started),
//             u64 cumulative_units, varint parts (1..4), u64 paid[parts]
// A cursor that has not started has paid nothing and counted no units.
struct ProRataCursor {
    std::optional<AccountId> last_account;  // the last holder read; none before the first page
    uint64_t cumulative_units = 0;          // c of last_account
    std::vector<Amount> paid;               // per total: floor(X * c / U), what the holders so far received

    Bytes encode() const;
    // DECODE_ERROR on damaged, non-canonical or trailing bytes.
    static Result<ProRataCursor> decode(ByteView data);
    bool operator==(const ProRataCursor&) const = default;
};

// The cursor before the first page of a distribution of `parts` totals (1..kMaxProRataParts).
ProRataCursor pro_rata_start(size_t parts);

// floor(total * cumulative_units / all_units): what the holders up to cumulative_units receive together.
// all_units must be positive and cumulative_units at most all_units (then the result is at most total).
Amount pro_rata_cumulative(Amount total, uint64_t cumulative_units, uint64_t all_units);

struct ProRataPayment {
    AccountId account{};
    Amount units = 0;
    std::vector<Amount> amounts;  // one per total, in the order of the totals
};

struct ProRataPage {
    std::vector<ProRataPayment> payments;  // holders with units, in account order; an amount may be zero
    ProRataCursor next;
    size_t holders_read = 0;               // including holders with zero units, which are skipped unpaid
    bool done = false;                     // all units counted: the totals are paid in full
};

// Fills `out` with at most `max` holders whose account is above `after` (all holders when `after` is none), in
// increasing account order. Fewer than `max` means there are no more. An error is passed on by the page.
using HolderSource =
    std::function<Status(const std::optional<AccountId>& after, size_t max, std::vector<ProRataHolder>& out)>;

// A holder source over holders already sorted by account (the span must outlive the source).
HolderSource holders_from_span(std::span<const ProRataHolder> holders);

// Pays the next page: reads at most `limit` holders after cursor.last_account, gives each its amount of every
// total, and stops early once all_units are counted. A cursor that is already done gives an empty page.
// INVALID_ARGUMENT, with nothing paid, when: no total or more than kMaxProRataParts; all_units is zero; limit is
// zero or above kMaxProRataPageHolders; the cursor does not fit these totals and units; or the source breaks its
// contract (more than `limit` holders, not strictly after the cursor in increasing order, more units than
// all_units, or too few units once exhausted).
Result<ProRataPage> pro_rata_page(std::span<const Amount> totals, uint64_t all_units, const ProRataCursor& cursor,
                                  size_t limit, const HolderSource& source);

}  // namespace folio::contracts
