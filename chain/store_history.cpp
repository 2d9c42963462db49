// The store's reads at past heights: an account's movement history, and the balance, asset record, holders
// and KYC attestation as they were when a block was committed ('v', 'w' and 'k' histories, chain/store_keys.h).
#include <leveldb/db.h>

#include <algorithm>

#include "chain/store.h"
#include "chain/store_keys.h"

namespace folio {
using namespace store_detail;

Result<std::vector<HistoryEntry>> Store::history(const AccountId& account, std::optional<HistoryEntry> before,
                                                 size_t limit) const {
    std::vector<HistoryEntry> out;
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options()));
    const Bytes prefix = fixed_key(kHistory, account);
    auto failed = [&] {
        return read_failed(it->status(),
                           "history of account " + to_hex(account) + " (key prefix " + to_hex(prefix) + ")");
    };
    if (before)
        it->Seek(slice(history_key(account, before->height, before->index)));
    else
        it->Seek(slice(history_key(account, UINT64_MAX, UINT32_MAX)));
    if (!it->status().ok()) return failed();
    // Seek lands at or after the bound: step back to the newest entry strictly before it.
    if (it->Valid())
        it->Prev();
    else
        it->SeekToLast();
    for (; it->Valid() && starts_with(it->key(), prefix) && out.size() < limit; it->Prev()) {
        const auto k = view(it->key());
        if (k.size() != prefix.size() + 12)
            return damaged(k, "not a history key (" + std::to_string(k.size()) + " bytes)");
        if (!it->value().empty()) return damaged(k, "a history entry holds no value");
        out.push_back(HistoryEntry{get_be(k.data() + prefix.size(), 8),
                                   static_cast<uint32_t>(get_be(k.data() + prefix.size() + 8, 4))});
    }
    // LevelDB's iterator skips a block it failed to read and only remembers the error.
    if (!it->status().ok()) return failed();
    return out;
}

Result<Balance> Store::balance_at(AssetId asset, const AccountId& account, Height height) const {
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options()));
    const Bytes k = balance_history_key(asset, account, height);
    const ByteView holding(k.data(), k.size() - 8);  // prefix, asset, account
    it->Seek(slice(k));
    if (!it->status().ok()) {
        return read_failed(it->status(), "balance history of asset " + std::to_string(asset) + " account " +
                                             to_hex(account) + " at block " + std::to_string(height));
    }
    if (!it->Valid() || !starts_with(it->key(), holding)) return Balance{};  // never held by that height
    const auto found = view(it->key());
    if (found.size() != k.size())
        return damaged(found, "not a balance history key (" + std::to_string(found.size()) + " bytes)");
    Balance b;
    if (!Balance::decode(view(it->value()), b)) return damaged(found, "the balance record does not decode");
    return b;
}

Result<Height> Store::asset_history_from() const {
    const Bytes from_key = key(kMeta, "asset_history_from");
    auto from = lookup(from_key);
    if (!from) return from.error();
    if (!*from) return Height{0};
    Reader r(**from);
    Height first = 0;
    if (!r.u64("asset_history_from", first) || !r.finish()) return damaged(from_key, r.error());
    return first;
}

Result<std::optional<Asset>> Store::asset_at(AssetId asset, Height height) const {
    if (!initialized() || height > this->height()) {
        return make_error(Reason::NOT_FOUND, "asset history at block " + std::to_string(height) +
                                                 ": the stored chain does not reach it");
    }
    auto first = asset_history_from();
    if (!first) return first.error();
    if (height < *first) {
        return make_error(Reason::NOT_FOUND, "asset history of this database starts at block " +
                                                 std::to_string(*first) + " (upgraded then); block " +
                                                 std::to_string(height) + " needs a replay from genesis");
    }
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options()));
    const Bytes k = asset_history_key(asset, height);
    const ByteView of_asset(k.data(), k.size() - 8);
    it->Seek(slice(k));
    if (!it->status().ok()) {
        return read_failed(it->status(), "asset history of asset " + std::to_string(asset) + " at block " +
                                             std::to_string(height));
    }
    if (!it->Valid() || !starts_with(it->key(), of_asset)) return std::optional<Asset>();  // not created yet
    const auto found = view(it->key());
    if (found.size() != k.size())
        return damaged(found, "not an asset history key (" + std::to_string(found.size()) + " bytes)");
    if (it->value().empty()) return std::optional<Asset>();
    Asset a;
    if (!Asset::decode(view(it->value()), a) || a.id != asset)
        return damaged(found, "the asset record does not decode");
    return std::optional<Asset>(std::move(a));
}

Result<std::vector<HolderEntry>> Store::holders_at(AssetId asset, Height height,
                                                   std::optional<AccountId> after, size_t limit) const {
    std::vector<HolderEntry> out;
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options()));
    const Bytes prefix = balance_history_prefix(asset);
    // Each seek can land past a block LevelDB failed to read: the status is checked after every move.
    auto in_asset = [&] { return it->status().ok() && it->Valid() && starts_with(it->key(), prefix); };
    // Start at the account after `after`: its key with ~height 0 sorts after all of its versions.
    if (after)
        it->Seek(slice(balance_history_key(asset, *after, UINT64_MAX)));
    else
        it->Seek(slice(prefix));
    // Seek put us at `after`'s oldest version or later; skip every remaining version of `after`.
    while (after && in_asset() && has_account_at(it->key(), prefix.size(), *after)) it->Next();
    while (in_asset() && out.size() < limit) {
        const auto k = view(it->key());
        if (k.size() != prefix.size() + 40)
            return damaged(k, "not a balance history key (" + std::to_string(k.size()) + " bytes)");
        AccountId account;
        std::copy_n(k.data() + prefix.size(), 32, account.begin());
        // Jump to the newest version at or below `height` for this account.
        it->Seek(slice(balance_history_key(asset, account, height)));
        if (in_asset() && has_account_at(it->key(), prefix.size(), account)) {
            const auto found = view(it->key());
            if (found.size() != k.size())
                return damaged(found,
                               "not a balance history key (" + std::to_string(found.size()) + " bytes)");
            Balance b;
            if (!Balance::decode(view(it->value()), b))
                return damaged(found, "the balance record does not decode");
            if (b.amount > 0) out.push_back(HolderEntry{account, b.amount, b.locked, b.frozen});
        }
        if (!it->status().ok()) break;
        // Next account: past every version of this one.
        const Bytes next = balance_history_key(asset, account, 0);
        it->Seek(slice(next));
        if (it->Valid() && it->key() == slice(next)) it->Next();
    }
    if (!it->status().ok()) {
        return read_failed(it->status(), "holders of asset " + std::to_string(asset) + " at block " +
                                             std::to_string(height) + " (key prefix " + to_hex(prefix) + ")");
    }
    return out;
}

namespace {

// The KYC version in force at `height` for `account`, with `it` positioned by the caller's seek.
Result<std::optional<Kyc>> kyc_version_at(leveldb::Iterator& it, const AccountId& account, Height height) {
    const Bytes k = kyc_history_key(account, height);
    const ByteView of_account(k.data(), k.size() - 8);  // prefix, account
    it.Seek(slice(k));
    if (!it.status().ok()) {
        return read_failed(it.status(), "KYC history of account " + to_hex(account) + " at block " +
                                            std::to_string(height));
    }
    if (!it.Valid() || !starts_with(it.key(), of_account)) return std::optional<Kyc>();
    const auto found = view(it.key());
    if (found.size() != k.size())
        return damaged(found, "not a KYC history key (" + std::to_string(found.size()) + " bytes)");
    std::optional<Kyc> kyc;
    std::string why;
    if (!decode_kyc_version(view(it.value()), kyc, why)) return damaged(found, why);
    return kyc;
}

}  // namespace

Result<std::optional<Kyc>> Store::kyc_at(const AccountId& account, Height height) const {
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options()));
    return kyc_version_at(*it, account, height);
}

Result<std::vector<std::optional<Kyc>>> Store::kyc_at(const std::vector<AccountId>& accounts, Height height) const {
    std::vector<std::optional<Kyc>> out;
    out.reserve(accounts.size());
    std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(read_options()));
    for (const AccountId& account : accounts) {
        auto kyc = kyc_version_at(*it, account, height);
        if (!kyc) return kyc.error();
        out.push_back(std::move(*kyc));
    }
    return out;
}

}  // namespace folio
