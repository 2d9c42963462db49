// The store's key layout and record helpers (chain/store.h gives the grammar): key builders, LevelDB slices,
// and the names and errors that say which record is damaged. Internal to chain/store*.cpp.
#pragma once

#include <leveldb/slice.h>
#include <leveldb/status.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/execute.h"
#include "chain/result.h"
#include "chain/state.h"
#include "chain/types.h"

namespace folio::store_detail {

// Version of the key layout (chain/store.h), stored as 'M' "layout"; absent: layout 1, which also kept each
// balance as an 's' record; layout 2 had no KYC history ('k') and no asset history ('w').
constexpr uint64_t kLayoutVersion = 3;

constexpr char kMeta = 'M', kHeader = 'h', kBody = 'b', kCommit = 'c', kReceipts = 'r', kBlockHash = 'B',
               kTx = 't', kState = 's', kHistory = 'a', kBalanceHistory = 'v', kAssetHistory = 'w',
               kValidatorSetProof = 'P', kKycHistory = 'k';

void put_be64(Bytes& k, uint64_t v);
void put_be32(Bytes& k, uint32_t v);
uint64_t get_be(const uint8_t* p, int n);
Bytes key(char prefix);
Bytes key(char prefix, std::string_view name);
Bytes height_key(char prefix, Height h);
Bytes history_key(const AccountId& account, Height h, uint32_t index);
Bytes balance_history_prefix(AssetId asset);
Bytes balance_history_key(AssetId asset, const AccountId& account, Height h);
Bytes asset_history_key(AssetId asset, Height h);
Bytes kyc_history_key(const AccountId& account, Height h);
// kyc version := u8 version=1, u8 has_kyc, [Kyc (chain/state.h)]
Bytes encode_kyc_version(const std::optional<Kyc>& kyc);
// False, with the failing field in `why`, for a value that is not exactly one KYC version.
bool decode_kyc_version(ByteView value, std::optional<Kyc>& out, std::string& why);
leveldb::Slice slice(const Bytes& b);
Bytes bytes(const leveldb::Slice& s);
ByteView view(const leveldb::Slice& s);
bool starts_with(const leveldb::Slice& s, ByteView prefix);
bool has_account_at(const leveldb::Slice& s, size_t offset, const AccountId& account);
Bytes u64_value(uint64_t v);
// receipts := varint n (<= kMaxBlockTxs), n * (result leaf (chain/execute.h, version 1 or 2 with events),
// varint n_accounts, n_accounts * fixed[32]). The one decoder of a block's receipts record: the store's reads and the audit's scan use it.
Bytes encode_receipts(const std::vector<Receipt>& receipts);
// False, with the failing field in `why`, for a value that is not exactly one receipts record.
bool decode_receipts(ByteView value, std::vector<Receipt>& out, std::string& why);
Error io_error(const leveldb::Status& s, const std::string& what);
std::string block_record_name(char prefix);
std::string describe_key(ByteView k);
Error damaged(ByteView key, std::string_view why);
Error read_failed(const leveldb::Status& s, const std::string& what);

template <size_t N>
inline Bytes fixed_key(char prefix, const std::array<uint8_t, N>& a) {
    Bytes k = key(prefix);
    k.insert(k.end(), a.begin(), a.end());
    return k;
}

}  // namespace folio::store_detail
