#include "chain/instrument.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "chain/crypto/hash.h"

namespace folio {

InstrumentId instrument_id(const TxHash& tx_hash, uint16_t op_index) {
    const uint8_t index[2] = {static_cast<uint8_t>(op_index), static_cast<uint8_t>(op_index >> 8)};
    const Hash256 h = crypto::tags::instrument_id()(ByteView(tx_hash.data(), tx_hash.size()), ByteView(index, 2));
    InstrumentId id;
    std::copy_n(h.begin(), id.size(), id.begin());
    return id;
}

std::string instrument_id_hex(const InstrumentId& id) { return to_hex(id); }

bool parse_instrument_id(std::string_view hex, InstrumentId& out) {
    if (hex.size() != 32) return false;
    for (char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return from_hex_fixed(hex, out);
}

bool is_valid_record_kind(std::string_view kind) {
    if (kind.empty() || kind.size() > kMaxEventKindLength) return false;
    return std::all_of(kind.begin(), kind.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void Event::encode(Writer& w) const {
    w.str(kind);
    w.u32(asset);
    w.fixed_bytes(id);
    w.varint(accounts.size());
    for (const AccountId& a : accounts) w.fixed_bytes(a);
    w.varint(amounts.size());
    for (Amount v : amounts) w.u64(v);
}

bool Event::decode(Reader& r, Event& out) {
    Event e;
    uint64_t n = 0;
    if (!(r.str("event kind", kMaxEventKindLength, e.kind) && r.u32("event asset", e.asset) &&
          r.fixed_bytes("event id", e.id) && r.varint_max("event account count", kMaxEventAccounts, n))) {
        return false;
    }
    if (!is_valid_record_kind(e.kind)) return r.fail("event kind", "not 1..32 of a-z 0-9 _");
    e.accounts.resize(n);
    for (AccountId& a : e.accounts) {
        if (!r.fixed_bytes("event account", a)) return false;
    }
    if (!r.varint_max("event amount count", kMaxEventAmounts, n)) return false;
    e.amounts.resize(n);
    for (Amount& v : e.amounts) {
        if (!r.u64("event amount", v)) return false;
    }
    out = std::move(e);
    return true;
}

Status Event::check() const {
    if (!is_valid_record_kind(kind)) return make_error(Reason::INVALID_ARGUMENT, "event kind \"" + kind + "\" is not 1..32 of a-z 0-9 _");
    if (accounts.size() > kMaxEventAccounts) return make_error(Reason::INVALID_ARGUMENT, "an event names at most 4 accounts");
    if (amounts.size() > kMaxEventAmounts) return make_error(Reason::INVALID_ARGUMENT, "an event carries at most 4 amounts");
    return Status();
}

namespace {
constexpr uint8_t kLockSetVersion = 1;

[[noreturn]] void corrupt_locks() {
    std::fprintf(stderr, "fatal: stored lock record does not decode: state is corrupt or written by a bug\n");
    std::abort();
}
}  // namespace

Bytes LockSet::encode() const {
    Writer w(8 + entries.size() * 40);
    w.u8(kLockSetVersion);
    w.varint(entries.size());
    for (const LockEntry& e : entries) {
        w.fixed_bytes(e.id);
        w.str(e.kind);
        w.u64(e.amount);
    }
    return w.take();
}

bool LockSet::decode(ByteView data, LockSet& out) {
    Reader r(data);
    uint64_t n = 0;
    if (!r.version("lock set version", kLockSetVersion) || !r.varint_max("lock count", kMaxLocksPerHolding, n) ||
        n == 0) {
        return false;
    }
    LockSet set;
    set.entries.resize(n);
    for (size_t i = 0; i < n; ++i) {
        LockEntry& e = set.entries[i];
        if (!(r.fixed_bytes("lock id", e.id) && r.str("lock kind", kMaxEventKindLength, e.kind) &&
              r.u64("lock amount", e.amount))) {
            return false;
        }
        if (!is_valid_record_kind(e.kind) || e.amount == 0) return false;
        if (i > 0 && !(set.entries[i - 1].id < e.id)) return false;  // sorted, distinct: one encoding
    }
    if (!r.finish()) return false;
    out = std::move(set);
    return true;
}

bool LockSet::total(Amount& out) const {
    Amount sum = 0;
    for (const LockEntry& e : entries) {
        if (!checked_add(sum, e.amount, sum)) return false;
    }
    out = sum;
    return true;
}

LockEntry* LockSet::find(const InstrumentId& id) {
    auto it = std::lower_bound(entries.begin(), entries.end(), id,
                               [](const LockEntry& e, const InstrumentId& v) { return e.id < v; });
    return it != entries.end() && it->id == id ? &*it : nullptr;
}

namespace state_key {
Bytes locks(AssetId asset, const AccountId& account) {
    Bytes k = balance(asset, account);
    k[0] = static_cast<uint8_t>(KeyPrefix::lock);
    return k;
}
}  // namespace state_key

LockSet read_locks(const StateView& view, AssetId asset, const AccountId& account) {
    LockSet set;
    Bytes v;
    if (view.get(state_key::locks(asset, account), v) && !LockSet::decode(v, set)) corrupt_locks();
    return set;
}

}  // namespace folio
