#include "chain/state.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace folio {
namespace {

constexpr uint8_t kRecordVersion = 1;

Bytes prefixed(KeyPrefix p, size_t reserve) {
    Bytes k;
    k.reserve(reserve + 1);
    k.push_back(static_cast<uint8_t>(p));
    return k;
}

void put_be32(Bytes& k, uint32_t v) {
    for (int i = 3; i >= 0; --i) k.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

template <size_t N>
void put_fixed(Bytes& k, const std::array<uint8_t, N>& a) {
    k.insert(k.end(), a.begin(), a.end());
}

void put_text(Bytes& k, std::string_view s) { k.insert(k.end(), s.begin(), s.end()); }

[[noreturn]] void corrupt_record(const char* what) {
    std::fprintf(stderr, "fatal: stored %s record does not decode: state is corrupt or written by a bug\n", what);
    std::abort();
}

// A state key built on the stack, and the value buffer of the calling thread: execution reads a few records per
// tx, and a fresh Bytes for each key and each value was a heap allocation apiece. The buffer is only used between
// get() and the decode that follows it, so nested reads cannot clobber one another.
class ReadKey {
public:
    explicit ReadKey(KeyPrefix p) { data_[size_++] = static_cast<uint8_t>(p); }
    void be32(uint32_t v) {
        for (int i = 3; i >= 0; --i) data_[size_++] = static_cast<uint8_t>(v >> (8 * i));
    }
    void fixed(const std::array<uint8_t, 32>& a) {
        std::memcpy(data_.data() + size_, a.data(), a.size());
        size_ += a.size();
    }
    ByteView view() const { return ByteView(data_.data(), size_); }

private:
    std::array<uint8_t, 40> data_;
    size_t size_ = 0;
};

Bytes& read_buffer() {
    thread_local Bytes buffer;
    return buffer;
}

bool read_kyc(Reader& r, Kyc& k) {
    return r.u8("kyc level", k.level) && r.str("kyc category", kMaxCategoryLength, k.category) &&
           r.u64("kyc expires_ms", k.expires_ms) && r.fixed_bytes("kyc doc_hash", k.doc_hash) &&
           r.fixed_bytes("kyc attested_by", k.attested_by) && r.u64("kyc attested_height", k.attested_height);
}

void write_kyc(Writer& w, const Kyc& k) {
    w.u8(k.level);
    w.str(k.category);
    w.u64(k.expires_ms);
    w.fixed_bytes(k.doc_hash);
    w.fixed_bytes(k.attested_by);
    w.u64(k.attested_height);
}

}  // namespace

Bytes Kyc::encode() const {
    Writer w(128);
    write_kyc(w, *this);
    return w.take();
}

bool Kyc::decode(ByteView data, Kyc& out) {
    Reader r(data);
    Kyc k;
    if (!read_kyc(r, k) || !r.finish()) return false;
    out = std::move(k);
    return true;
}

namespace state_key {
Bytes account(const AccountId& id) {
    Bytes k = prefixed(KeyPrefix::account, 32);
    put_fixed(k, id);
    return k;
}
Bytes pubkey(const PubKey& key) {
    Bytes k = prefixed(KeyPrefix::pubkey, 32);
    put_fixed(k, key);
    return k;
}
Bytes asset(AssetId id) {
    Bytes k = prefixed(KeyPrefix::asset, 4);
    put_be32(k, id);
    return k;
}
Bytes symbol(std::string_view symbol) {
    Bytes k = prefixed(KeyPrefix::symbol, symbol.size());
    put_text(k, symbol);
    return k;
}
Bytes balance(AssetId asset, const AccountId& account) {
    Bytes k = prefixed(KeyPrefix::balance, 36);
    put_be32(k, asset);
    put_fixed(k, account);
    return k;
}
Bytes client_ref(const AccountId& account, std::string_view ref) {
    Bytes k = prefixed(KeyPrefix::client_ref, 32 + ref.size());
    put_fixed(k, account);
    put_text(k, ref);
    return k;
}
Bytes asset_issuer(AssetId asset, const AccountId& account) {
    Bytes k = prefixed(KeyPrefix::asset_issuer, 36);
    put_be32(k, asset);
    put_fixed(k, account);
    return k;
}
Bytes param(std::string_view name) {
    Bytes k = prefixed(KeyPrefix::param, name.size());
    put_text(k, name);
    return k;
}
Bytes meta(std::string_view name) {
    Bytes k = prefixed(KeyPrefix::meta, name.size());
    put_text(k, name);
    return k;
}
bool parse_balance(ByteView key, AssetId& asset, AccountId& account) {
    if (key.size() != 37 || key[0] != static_cast<uint8_t>(KeyPrefix::balance)) return false;
    asset = static_cast<AssetId>(key[1]) << 24 | static_cast<AssetId>(key[2]) << 16 |
            static_cast<AssetId>(key[3]) << 8 | key[4];
    std::copy(key.begin() + 5, key.end(), account.begin());
    return true;
}
}  // namespace state_key

bool Account::has_key(const PubKey& k) const { return std::find(keys.begin(), keys.end(), k) != keys.end(); }

uint32_t Account::weight_of_key(const PubKey& k) const {
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == k) return weight_of(i);
    }
    return 0;
}

uint32_t Account::total_weight() const {
    uint32_t total = 0;
    for (size_t i = 0; i < keys.size(); ++i) total += weight_of(i);
    return total;
}

namespace {

constexpr uint8_t kAccountWeightedVersion = 2;
constexpr size_t kMaxUnweightedKeys = 8;

bool all_weights_one(const std::vector<uint8_t>& weights) {
    return std::all_of(weights.begin(), weights.end(), [](uint8_t w) { return w == 1; });
}

// Whether version 1 can hold this key set; version 2 is written only when it cannot.
bool fits_version_1(const std::vector<uint8_t>& weights, size_t n_keys, uint16_t threshold) {
    return all_weights_one(weights) && n_keys <= kMaxUnweightedKeys && threshold <= UINT8_MAX;
}

}  // namespace

Bytes Account::encode() const {
    const bool weighted = !fits_version_1(weights, keys.size(), threshold);
    Writer w(64 + keys.size() * 33 + (kyc ? 120 : 0));
    w.u8(weighted ? kAccountWeightedVersion : kRecordVersion);
    w.varint(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        w.fixed_bytes(keys[i]);
        if (weighted) w.u8(weight_of(i));
    }
    if (weighted) w.u16(threshold);
    else w.u8(static_cast<uint8_t>(threshold));
    w.u32(roles);
    w.u64(nonce);
    w.boolean(frozen);
    w.boolean(kyc.has_value());
    if (kyc) write_kyc(w, *kyc);
    return w.take();
}

bool Account::decode(ByteView data, Account& out) {
    if (data.empty()) return false;
    const uint8_t version = data[0];
    if (version != kRecordVersion && version != kAccountWeightedVersion) return false;
    const bool weighted = version == kAccountWeightedVersion;
    Reader r(data);
    Account a;
    uint64_t n_keys = 0;
    bool has_kyc = false;
    if (!r.version("account version", version) ||
        !r.varint_max("key count", weighted ? kMaxAccountKeys : kMaxUnweightedKeys, n_keys)) {
        return false;
    }
    a.keys.resize(n_keys);
    if (weighted) a.weights.resize(n_keys);
    for (size_t i = 0; i < n_keys; ++i) {
        if (!r.fixed_bytes("key", a.keys[i])) return false;
        if (weighted && (!r.u8("weight", a.weights[i]) || a.weights[i] == 0)) return false;
    }
    bool ok = false;
    if (weighted) {
        ok = r.u16("threshold", a.threshold);
    } else {
        uint8_t t = 0;
        ok = r.u8("threshold", t);
        a.threshold = t;
    }
    if (!(ok && r.u32("roles", a.roles) && r.u64("nonce", a.nonce) && r.boolean("frozen", a.frozen) &&
          r.boolean("has_kyc", has_kyc))) {
        return false;
    }
    // Non-canonical: a version 2 record that version 1 could hold.
    if (weighted && fits_version_1(a.weights, a.keys.size(), a.threshold)) return false;
    if (all_weights_one(a.weights)) a.weights.clear();
    if (has_kyc) {
        Kyc k;
        if (!read_kyc(r, k)) return false;
        a.kyc = std::move(k);
    }
    if (!r.finish()) return false;
    out = std::move(a);
    return true;
}

namespace {
constexpr uint8_t kAssetEscrowVersion = 2;
}  // namespace

Bytes Asset::encode() const {
    Writer w(168);
    w.u8(escrow != 0 ? kAssetEscrowVersion : kRecordVersion);
    w.u32(id);
    w.str(symbol);
    w.u8(static_cast<uint8_t>(asset_class));
    w.u8(decimals);
    w.u64(max_supply);
    w.u64(supply);
    w.u64(holders);
    w.fixed_bytes(issuer);
    w.boolean(frozen);
    w.bytes(policy.encode());
    w.fixed_bytes(metadata_hash);
    w.u64(created_height);
    if (escrow != 0) w.u64(escrow);
    return w.take();
}

bool Asset::decode(ByteView data, Asset& out) {
    if (data.empty()) return false;
    const uint8_t version = data[0];
    if (version != kRecordVersion && version != kAssetEscrowVersion) return false;
    Reader r(data);
    Asset a;
    uint8_t cls = 0;
    Bytes policy;
    if (!(r.version("asset version", version) && r.u32("id", a.id) &&
          r.str("symbol", kMaxSymbolLength, a.symbol) && r.u8("class", cls) && r.u8("decimals", a.decimals) &&
          r.u64("max_supply", a.max_supply) && r.u64("supply", a.supply) && r.u64("holders", a.holders) &&
          r.fixed_bytes("issuer", a.issuer) && r.boolean("frozen", a.frozen) && r.bytes("policy", 64, policy) &&
          r.fixed_bytes("metadata_hash", a.metadata_hash) && r.u64("created_height", a.created_height))) {
        return false;
    }
    // Version 2 carries a non-zero escrow; a zero one would be a second encoding of a version 1 record.
    if (version == kAssetEscrowVersion && (!r.u64("escrow", a.escrow) || a.escrow == 0)) return false;
    if (!r.finish()) return false;
    if (cls >= kAssetClassCount) return false;
    a.asset_class = static_cast<AssetClass>(cls);
    std::string why;
    if (!Policy::decode(policy, a.policy, why)) return false;
    out = std::move(a);
    return true;
}

Bytes Balance::encode() const {
    Writer w(25);
    w.u8(kRecordVersion);
    w.u64(amount);
    w.u64(locked);
    w.u64(frozen);
    return w.take();
}

bool Balance::decode(ByteView data, Balance& out) {
    Reader r(data);
    Balance b;
    if (!(r.version("balance version", kRecordVersion) && r.u64("amount", b.amount) && r.u64("locked", b.locked) &&
          r.u64("frozen", b.frozen) && r.finish())) {
        return false;
    }
    out = b;
    return true;
}

bool read_account(const StateView& view, const AccountId& id, Account& out) {
    ReadKey key(KeyPrefix::account);
    key.fixed(id);
    Bytes& v = read_buffer();
    if (!view.get(key.view(), v)) return false;
    if (!Account::decode(v, out)) corrupt_record("account");
    return true;
}

bool read_asset(const StateView& view, AssetId id, Asset& out) {
    ReadKey key(KeyPrefix::asset);
    key.be32(id);
    Bytes& v = read_buffer();
    if (!view.get(key.view(), v)) return false;
    if (!Asset::decode(v, out)) corrupt_record("asset");
    return true;
}

bool read_asset_id(const StateView& view, std::string_view symbol, AssetId& out) {
    Bytes v;
    if (!view.get(state_key::symbol(symbol), v)) return false;
    Reader r(v);
    if (!r.u32("asset id", out) || !r.finish()) corrupt_record("symbol index");
    return true;
}

bool read_balance(const StateView& view, AssetId asset, const AccountId& account, Balance& out) {
    ReadKey key(KeyPrefix::balance);
    key.be32(asset);
    key.fixed(account);
    Bytes& v = read_buffer();
    if (!view.get(key.view(), v)) return false;
    if (!Balance::decode(v, out)) corrupt_record("balance");
    return true;
}

bool read_param(const StateView& view, std::string_view name, uint64_t& out) {
    Bytes v;
    if (!view.get(state_key::param(name), v)) return false;
    Reader r(v);
    if (!r.u64("param", out) || !r.finish()) corrupt_record("param");
    return true;
}

}  // namespace folio
