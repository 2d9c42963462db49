#include "chain/store_keys.h"

#include "chain/block.h"
#include "chain/encoding.h"
#include "chain/state.h"

namespace folio::store_detail {

void put_be64(Bytes& k, uint64_t v) {
    for (int i = 7; i >= 0; --i) k.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_be32(Bytes& k, uint32_t v) {
    for (int i = 3; i >= 0; --i) k.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint64_t get_be(const uint8_t* p, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | p[i];
    return v;
}

// Reserving first also sidesteps a GCC 12 -Warray-bounds false positive on inserts into a 1-byte vector.
Bytes key(char prefix) {
    Bytes k;
    k.reserve(64);
    k.push_back(static_cast<uint8_t>(prefix));
    return k;
}
Bytes key(char prefix, std::string_view name) {
    Bytes k = key(prefix);
    k.insert(k.end(), name.begin(), name.end());
    return k;
}
Bytes height_key(char prefix, Height h) {
    Bytes k = key(prefix);
    put_be64(k, h);
    return k;
}
Bytes history_key(const AccountId& account, Height h, uint32_t index) {
    Bytes k = fixed_key(kHistory, account);
    put_be64(k, h);
    put_be32(k, index);
    return k;
}
Bytes balance_history_prefix(AssetId asset) {
    Bytes k = key(kBalanceHistory);
    put_be32(k, asset);
    return k;
}
Bytes balance_history_key(AssetId asset, const AccountId& account, Height h) {
    Bytes k = balance_history_prefix(asset);
    k.insert(k.end(), account.begin(), account.end());
    put_be64(k, UINT64_MAX - h);
    return k;
}

Bytes kyc_history_key(const AccountId& account, Height h) {
    Bytes k = fixed_key(kKycHistory, account);
    put_be64(k, UINT64_MAX - h);
    return k;
}

Bytes asset_history_key(AssetId asset, Height h) {
    Bytes k = key(kAssetHistory);
    put_be32(k, asset);
    put_be64(k, UINT64_MAX - h);
    return k;
}

Bytes encode_kyc_version(const std::optional<Kyc>& kyc) {
    Writer w(128);
    w.u8(1);
    w.boolean(kyc.has_value());
    if (kyc) w.raw(kyc->encode());
    return w.take();
}

bool decode_kyc_version(ByteView value, std::optional<Kyc>& out, std::string& why) {
    Reader r(value);
    bool has = false;
    if (!r.version("kyc version", 1) || !r.boolean("has_kyc", has)) {
        why = r.error();
        return false;
    }
    out.reset();
    if (!has) {
        if (r.finish()) return true;
        why = r.error();
        return false;
    }
    Kyc k;
    if (!Kyc::decode(value.subspan(2), k)) {
        why = "the KYC attestation does not decode";
        return false;
    }
    out = std::move(k);
    return true;
}

leveldb::Slice slice(const Bytes& b) {
    return leveldb::Slice(reinterpret_cast<const char*>(b.data()), b.size());
}
Bytes bytes(const leveldb::Slice& s) {
    return Bytes(s.data(), s.data() + s.size());
}
ByteView view(const leveldb::Slice& s) {
    return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
bool starts_with(const leveldb::Slice& s, ByteView prefix) {
    return s.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), reinterpret_cast<const uint8_t*>(s.data()));
}
// True if the key holds `account` at `offset` (false for a key too short to).
bool has_account_at(const leveldb::Slice& s, size_t offset, const AccountId& account) {
    return s.size() >= offset + account.size() &&
           std::equal(account.begin(), account.end(), reinterpret_cast<const uint8_t*>(s.data()) + offset);
}

Bytes u64_value(uint64_t v) {
    Writer w(8);
    w.u64(v);
    return w.take();
}

Bytes encode_receipts(const std::vector<Receipt>& receipts) {
    Writer w(receipts.size() * 80 + 4);
    w.varint(receipts.size());
    for (const auto& r : receipts) {
        w.raw(r.encode_result());
        w.varint(r.accounts.size());
        for (const auto& a : r.accounts) w.fixed_bytes(a);
    }
    return w.take();
}

bool decode_receipts(ByteView value, std::vector<Receipt>& out, std::string& why) {
    Reader r(value);
    uint64_t n = 0;
    out.clear();
    if (r.varint_max("receipt count", kMaxBlockTxs, n)) {
        out.resize(n);
        for (auto& rc : out) {
            uint64_t n_accounts = 0;
            if (!Receipt::decode_result(r, rc) || !r.varint_max("account count", 1u << 20, n_accounts)) break;
            rc.accounts.resize(n_accounts);
            for (auto& a : rc.accounts) {
                if (!r.fixed_bytes("account", a)) break;
            }
        }
    }
    if (r.finish()) return true;
    why = r.error();
    out.clear();
    return false;
}

Error io_error(const leveldb::Status& s, const std::string& what) {
    return make_error(s.IsCorruption() ? Reason::CORRUPTION : Reason::IO_ERROR, what + ": " + s.ToString());
}

std::string block_record_name(char prefix) {
    switch (prefix) {
        case kHeader:
            return "header";
        case kBody:
            return "body";
        case kCommit:
            return "commit certificate";
        case kReceipts:
            return "receipts";
        default:
            return "record";
    }
}

// What a stored key names, for error messages: "header of block 5 (key 680000000000000005)". Only the layout
// is trusted, so a key of an unexpected length is described by its prefix alone; the hex is always there.
std::string describe_key(ByteView k) {
    std::string what = "record";
    if (!k.empty()) {
        const char prefix = static_cast<char>(k[0]);
        const ByteView rest = k.subspan(1);
        switch (prefix) {
            case kMeta:
                what = "meta \"" + std::string(rest.begin(), rest.end()) + "\"";
                break;
            case kHeader:
            case kBody:
            case kCommit:
            case kReceipts:
                what = block_record_name(prefix);
                if (rest.size() == 8) what += " of block " + std::to_string(get_be(rest.data(), 8));
                break;
            case kBlockHash:
                what = "block-hash index entry";
                break;
            case kTx:
                what = "tx index entry";
                break;
            case kState:
                what = "state record";
                break;
            case kHistory:
                what = "history entry";
                if (rest.size() == 44) {
                    what += " of account " + to_hex(rest.subspan(0, 32)) + " at block " +
                            std::to_string(get_be(rest.data() + 32, 8)) + " index " +
                            std::to_string(get_be(rest.data() + 40, 4));
                }
                break;
            case kKycHistory:
                what = "KYC history record";
                if (rest.size() == 40) {
                    what += " of account " + to_hex(rest.subspan(0, 32)) + " from block " +
                            std::to_string(UINT64_MAX - get_be(rest.data() + 32, 8));
                }
                break;
            case kAssetHistory:
                what = "asset history record";
                if (rest.size() == 12) {
                    what += " of asset " + std::to_string(get_be(rest.data(), 4)) + " from block " +
                            std::to_string(UINT64_MAX - get_be(rest.data() + 4, 8));
                }
                break;
            case kBalanceHistory:
                what = "balance history record";
                if (rest.size() == 44) {
                    what += " of asset " + std::to_string(get_be(rest.data(), 4)) + " account " +
                            to_hex(rest.subspan(4, 32)) + " from block " +
                            std::to_string(UINT64_MAX - get_be(rest.data() + 36, 8));
                }
                break;
            default:
                break;
        }
    }
    return what + " (key " + to_hex(k) + ")";
}

// A stored record that is there but is not what its key says it holds.
Error damaged(ByteView key, std::string_view why) {
    std::string m = describe_key(key);
    m += ": ";
    m += why;
    return make_error(Reason::CORRUPTION, std::move(m));
}

// A read LevelDB could not complete: IO_ERROR, or CORRUPTION for a failed checksum.
Error read_failed(const leveldb::Status& s, const std::string& what) {
    return io_error(s, "reading " + what);
}

}  // namespace folio::store_detail
