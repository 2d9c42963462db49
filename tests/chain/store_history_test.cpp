// The history indexes against the fixture's own model: holders_at and balance_at at every past height,
// paging, and account_history newest first.
#include <gtest/gtest.h>

#include "tests/chain/store_fixture.h"

namespace folio {
namespace {

using namespace test;

class holders_at : public StoreTest {};
class account_history : public StoreTest {};

// ===========================================================================================================
// holders_at and balance_at: the balance history

TEST_F(holders_at, MatchesTheHoldersAtEveryPastHeight) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    for (Height h = 0; h <= 10; ++h) {
        const auto got = read_ok(ledger_->store().holders_at(acme(), h, std::nullopt, 1000));
        // In account order, each once, with the amount then.
        EXPECT_EQ(got.size(), acme_at_[h].size()) << "height " << h;
        EXPECT_EQ(holders_map(got), acme_at_[h]) << "height " << h;
        for (size_t i = 1; i < got.size(); ++i) {
            EXPECT_TRUE(IdLess()(got[i - 1].account, got[i].account)) << "height " << h << ", entry " << i;
        }
    }
}

TEST_F(holders_at, BalanceAtMatchesEveryAccountAtEveryPastHeight) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    for (Height h = 0; h <= 10; ++h) {
        for (size_t i = 0; i < kHolders; ++i) {
            const Balance b = read_ok(ledger_->store().balance_at(acme(), holders_[i], h));
            EXPECT_EQ(b.amount, expected_acme(h, i)) << "height " << h << ", holder " << i;
            EXPECT_EQ(b.locked, 0u);
            EXPECT_EQ(b.frozen, 0u);
        }
    }
    // An emptied holding reads as zero from the block that emptied it (holder 0, emptied in block 1).
    EXPECT_EQ(read_ok(ledger_->store().balance_at(acme(), holders_[0], 0)).amount, 100u);
    EXPECT_EQ(read_ok(ledger_->store().balance_at(acme(), holders_[0], 1)).amount, expected_acme(1, 0));
    EXPECT_EQ(expected_acme(1, 0), 0u);
}

TEST_F(holders_at, PagingCoversEveryHolderExactlyOnce) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    for (Height h : {Height{0}, Height{1}, Height{4}, Height{7}, Height{10}}) {
        for (size_t limit : {size_t{1}, size_t{3}, size_t{7}, size_t{100}}) {
            SCOPED_TRACE("height " + std::to_string(h) + ", limit " + std::to_string(limit));
            const auto paged = all_holders_paged(ledger_->store(), acme(), h, limit);
            EXPECT_EQ(paged.size(), acme_at_[h].size()) << "a holder was repeated or skipped";
            EXPECT_EQ(holders_map(paged), acme_at_[h]);
        }
    }
}

TEST_F(holders_at, PagingAfterAnAccountThatHeldNothingThenStartsAtTheNextHolder) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    const Balances& now = acme_at_[10];
    // For every account (holder or not, with history or not), the page after it starts at the first holder
    // whose id is greater.
    for (size_t i = 0; i < kHolders; ++i) {
        auto page = read_ok(ledger_->store().holders_at(acme(), 10, holders_[i], 1));
        auto next = now.upper_bound(holders_[i]);
        if (next == now.end()) {
            EXPECT_TRUE(page.empty()) << "after holder " << i;
        } else {
            ASSERT_EQ(page.size(), 1u) << "after holder " << i;
            EXPECT_EQ(page[0].account, next->first) << "after holder " << i;
        }
    }
}

TEST_F(holders_at, AssetsAreKeptApart) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(5));
    Balances bond_holders;
    for (size_t i = 0; i < 5; ++i) bond_holders[holders_[i]] = 10;
    for (Height h = 0; h <= 5; ++h) {
        EXPECT_EQ(holders_map(read_ok(ledger_->store().holders_at(bond(), h, std::nullopt, 1000))),
                  bond_holders);
    }
    EXPECT_TRUE(read_ok(ledger_->store().holders_at(bond() + 1, 5, std::nullopt, 1000)).empty());
}

// ===========================================================================================================
// account_history

TEST_F(account_history, IsNewestFirst) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    close();
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_FALSE(history_.empty());
    for (const auto& [account, entries] : history_) {
        const auto got = read_ok(ledger_->store().history(account, std::nullopt, 1000));
        ASSERT_EQ(got.size(), entries.size());
        for (size_t i = 0; i < got.size(); ++i) {
            const HistoryEntry& want = entries[entries.size() - 1 - i];
            EXPECT_EQ(got[i].height, want.height) << "entry " << i;
            EXPECT_EQ(got[i].index, want.index) << "entry " << i;
        }
    }
    // An account that never had a tx has no history.
    EXPECT_TRUE(read_ok(ledger_->store().history(holders_[29], std::nullopt, 1000)).empty());
}

TEST_F(account_history, PagingCoversEveryEntryExactlyOnce) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    for (const auto& [account, entries] : history_) {
        for (size_t limit : {size_t{1}, size_t{2}, size_t{5}}) {
            std::vector<HistoryEntry> all;
            std::optional<HistoryEntry> before;
            for (int pages = 0; pages < 1000; ++pages) {
                auto page = read_ok(ledger_->store().history(account, before, limit));
                ASSERT_LE(page.size(), limit);
                if (page.empty()) break;
                all.insert(all.end(), page.begin(), page.end());
                before = page.back();
            }
            ASSERT_EQ(all.size(), entries.size()) << "limit " << limit;
            for (size_t i = 0; i < all.size(); ++i) {
                EXPECT_EQ(all[i].height, entries[entries.size() - 1 - i].height);
                EXPECT_EQ(all[i].index, entries[entries.size() - 1 - i].index);
            }
        }
    }
}

TEST_F(account_history, OfOneAccountDoesNotRunIntoTheNextAccount) {
    ASSERT_NO_FATAL_FAILURE(open());
    ASSERT_NO_FATAL_FAILURE(run_scenario(10));
    // Paging past an account's oldest entry gives nothing, whatever account follows it in key order.
    for (const auto& [account, entries] : history_) {
        auto rest = read_ok(ledger_->store().history(account, entries.front(), 1000));
        EXPECT_TRUE(rest.empty());
    }
}

}  // namespace
}  // namespace folio
